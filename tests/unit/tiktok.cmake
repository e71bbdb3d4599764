# SPDX-License-Identifier: GPL-2.0-or-later
# The TikTok Shop connector: request signing (the platform brief's worked
# examples), the codec (envelope, money, products, activities, tokens).
lk_add_unit_test(test-tiktok-sign SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-tiktok-sign.c LIBS linkon-core)
lk_add_unit_test(test-tiktok-codec SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-tiktok-codec.c LIBS linkon-core)
# the connector on the real net worker against the loopback TikTok Shop fake
# (tests/server/lkserver/tiktok_shop.py); the fixture is the Shopify tests' one
lk_add_unit_test(test-tiktok-shop SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-tiktok-shop.c
                 ${CMAKE_CURRENT_LIST_DIR}/shopify-util.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c LIBS linkon-net)
