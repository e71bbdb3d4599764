# SPDX-License-Identifier: GPL-2.0-or-later
# Sign-in with the OAuth device flow (Google's and Twitch's shapes) and the
# YouTube live chat event source, against the loopback fake
# (tests/server/lkserver/youtube.py). The token file is written with
# plugin/lk-config-file.c (no module needed).
lk_add_unit_test(test-oauth-device SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-oauth-device.c
                 ${CMAKE_CURRENT_LIST_DIR}/yt-util.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c
                 ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv-json.c ${CMAKE_SOURCE_DIR}/plugin/lk-config-file.c LIBS linkon-net)
# The codec: finding the chat, pages, message types into events, money, errors, quota arithmetic.
lk_add_unit_test(test-youtube-codec SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-youtube-codec.c LIBS linkon-core)
# The event source on the real net worker against the fake (a thread test: LINKON_THREAD_TESTS).
lk_add_unit_test(test-es-youtube SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-es-youtube.c
                 ${CMAKE_CURRENT_LIST_DIR}/yt-util.c ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv.c
                 ${CMAKE_CURRENT_LIST_DIR}/lk-testsrv-json.c ${CMAKE_SOURCE_DIR}/plugin/lk-config-file.c LIBS linkon-net)
