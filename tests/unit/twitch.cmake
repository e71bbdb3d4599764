# SPDX-License-Identifier: GPL-2.0-or-later
# Twitch EventSub: the codec (pure), and the event source against the loopback Twitch fake
# (tests/server/lkserver/twitch.py: EventSub WebSockets on two ports, Helix, OAuth).
lk_add_unit_test(test-twitch-codec SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-twitch-codec.c LIBS linkon-core)
lk_add_unit_test(test-es-twitch SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-es-twitch.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c
                 ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv-json.c ${CMAKE_SOURCE_DIR}/plugin/lk-config-file.c LIBS linkon-net)
set_tests_properties(test-es-twitch PROPERTIES TIMEOUT 600)
