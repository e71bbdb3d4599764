# SPDX-License-Identifier: GPL-2.0-or-later
# The Shopify connector: its pure codec (money, envelope, throttling, pages,
# journal), and the connector on the real net worker against the loopback
# server's Shopify-like GraphQL endpoint (tests/server/lkserver/shopify.py):
# catalog, pacing and faults; sale prices on the shop, alone and started by
# the controller (built from sources, so it also runs in the sanitizer build).
lk_add_unit_test(test-shopify-codec SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-shopify-codec.c LIBS linkon-core)
lk_add_unit_test(test-shopify-decode SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-shopify-decode.c LIBS linkon-core)
lk_add_unit_test(test-shopify SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-shopify.c ${CMAKE_CURRENT_LIST_DIR}/shopify-util.c
                 ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c LIBS linkon-net)
lk_add_unit_test(test-shopify-sale SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-shopify-sale.c
                 ${CMAKE_CURRENT_LIST_DIR}/shopify-util.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c
                 ${CMAKE_SOURCE_DIR}/plugin/lk-controller.c ${CMAKE_SOURCE_DIR}/plugin/lk-controller-state.c
                 ${CMAKE_SOURCE_DIR}/plugin/lk-config.c ${CMAKE_SOURCE_DIR}/plugin/lk-config-file.c LIBS linkon-net)
# Orders for the show (issue 10): the codec, and polling against the loopback shop.
lk_add_unit_test(test-shopify-orders SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-shopify-orders.c
                 ${CMAKE_CURRENT_LIST_DIR}/shopify-util.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c LIBS linkon-net)
