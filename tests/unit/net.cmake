# SPDX-License-Identifier: GPL-2.0-or-later
# The net worker (libcurl multi): transfers against the loopback test server
# (tests/server/lk-test-server.py, started by the test), and ticks.
lk_add_unit_test(test-net SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-net.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c
                 LIBS linkon-net)
lk_add_unit_test(test-net-tick SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-net-tick.c
                 ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c LIBS linkon-net)
# The image cache on the net worker against the server's /cached/ route.
lk_add_unit_test(test-net-cache SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-net-cache.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c
                 ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv-json.c LIBS linkon-net)
