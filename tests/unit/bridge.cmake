# SPDX-License-Identifier: GPL-2.0-or-later
# The bridge protocol: the SSE parser and the JSON codec (pure C), the net
# worker's requests and streams, and the bridge connector against the
# loopback test server (tests/server, started by the tests).
lk_add_unit_test(test-sse SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-sse.c LIBS linkon-core)
lk_add_unit_test(test-net-request SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-net-request.c
                 ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c LIBS linkon-net)
lk_add_unit_test(test-bridge-codec SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-bridge-codec.c LIBS linkon-core)
# The bridge connector on the real net worker against tests/server/lkserver/bridge.py.
set(LK_BRIDGE_TEST_UTIL ${CMAKE_CURRENT_LIST_DIR}/bridge-util.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c
    ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv-json.c)
lk_add_unit_test(test-bridge-sync SOURCES ${CMAKE_CURRENT_LIST_DIR}/bridge-sync.c ${LK_BRIDGE_TEST_UTIL} LIBS linkon-net)
lk_add_unit_test(test-bridge-stream SOURCES ${CMAKE_CURRENT_LIST_DIR}/bridge-stream.c ${LK_BRIDGE_TEST_UTIL}
                 LIBS linkon-net)
lk_add_unit_test(test-bridge-actions SOURCES ${CMAKE_CURRENT_LIST_DIR}/bridge-actions.c ${LK_BRIDGE_TEST_UTIL}
                 LIBS linkon-net)
# The config file that holds the token (plugin/lk-config-file.c needs no module).
lk_add_unit_test(test-bridge-config SOURCES ${CMAKE_CURRENT_LIST_DIR}/bridge-config.c
                 ${CMAKE_SOURCE_DIR}/plugin/lk-config-file.c LIBS linkon-core)
# config.json changed from two threads: every read-modify-write under the one config lock.
lk_add_unit_test(test-config-update SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-config-update.c
                 ${CMAKE_SOURCE_DIR}/plugin/lk-config-file.c LIBS linkon-core)
# What the net worker honours for a connector with a token: TLS, proxy, connect timeout.
lk_add_unit_test(test-bridge-net SOURCES ${CMAKE_CURRENT_LIST_DIR}/bridge-net.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c
                 ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv-json.c LIBS linkon-net)
