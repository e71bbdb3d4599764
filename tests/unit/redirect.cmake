# SPDX-License-Identifier: GPL-2.0-or-later
# Connectors whose server redirects to another origin (issue 14 item 7): the
# token stays home, the answer is not applied, the last good state stays.
# Two loopback servers each (tests/server, /_redirect and /_seen).
lk_add_unit_test(test-bridge-redirect SOURCES ${CMAKE_CURRENT_LIST_DIR}/bridge-redirect.c ${LK_BRIDGE_TEST_UTIL}
                 LIBS linkon-net)
lk_add_unit_test(test-shopify-redirect SOURCES ${CMAKE_CURRENT_LIST_DIR}/shopify-redirect.c
                 ${CMAKE_CURRENT_LIST_DIR}/shopify-util.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c
                 ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv-json.c LIBS linkon-net)
