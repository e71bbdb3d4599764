# SPDX-License-Identifier: GPL-2.0-or-later
# The net worker (libcurl multi) against the loopback test server.
lk_add_unit_test(test-net SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-net.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c
                 LIBS linkon-net)
