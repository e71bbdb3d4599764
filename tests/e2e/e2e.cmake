# SPDX-License-Identifier: GPL-2.0-or-later
# End-to-end: the real `obs` (OBS Studio 29) on the X display the test runner
# provides (tests/run-all.sh starts Xvfb), with Linkon installed in a
# throwaway HOME from the module as built plus data/ and locale/, and
# obs-websocket on a free loopback port; tests/e2e/test_drops.py drives it
# (Python 3 standard library only) and saves screenshots into the artifacts.
find_package(Python3 REQUIRED COMPONENTS Interpreter)

# the test installs the module as built: building "all" must build it first
add_custom_target(linkon-e2e ALL COMMENT "End-to-end test inputs: the linkon module")
add_dependencies(linkon-e2e linkon)

# OBS on Linux reports no crash of its own: every e2e test preloads this into
# obs (lkobs.py), and a fatal signal leaves the crashing thread's backtrace
# in the test's output
add_library(lk-crash-trace SHARED ${CMAKE_CURRENT_LIST_DIR}/lk-crash-trace.c)
set_target_properties(lk-crash-trace PROPERTIES C_VISIBILITY_PRESET hidden)
add_dependencies(linkon-e2e lk-crash-trace)

# the harness's own rule for a crash at quit that is OBS's (obs-websocket 5.1.0), not Linkon's
add_test(NAME e2e-harness-crash-rule COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_lkobs.py)
set_tests_properties(e2e-harness-crash-rule PROPERTIES LABELS e2e TIMEOUT 60)

add_test(NAME e2e-drops
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_drops.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-drops PROPERTIES LABELS e2e TIMEOUT 600)

# The flash-sale timer's end actions (unpin, scene switch) in the real obs.
add_test(NAME e2e-timer
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_timer.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-timer PROPERTIES LABELS e2e TIMEOUT 300)

# The gift alerts over obs-websocket: TestGift, SkipAlert, PauseAlerts, GiftAlertShown, hotkeys.
add_test(NAME e2e-gifts
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_gifts.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-gifts PROPERTIES LABELS e2e TIMEOUT 300)

# The show (issue 10): demo orders, GetShowStats, goals, a restart mid-show, EndShow's reports.
add_test(NAME e2e-show
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_show.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-show PROPERTIES LABELS e2e TIMEOUT 600)

# The docks, clicked with the mouse in the real obs (needs the docks: Qt).
if(LINKON_DOCKS_IN_MODULE)
  add_test(NAME e2e-docks
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_docks.py --module $<TARGET_FILE:linkon>
                   --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                   ${LINKON_TEST_ARTIFACTS})
  set_tests_properties(e2e-docks PROPERTIES LABELS e2e TIMEOUT 900)
endif()

# The bridge connector in the real obs against the loopback bridge (tests/server).
add_test(NAME e2e-bridge
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_bridge.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-bridge PROPERTIES LABELS e2e TIMEOUT 300)

# One shop and a live room at once: the demo shop plus the loopback bridge as a TikTok LIVE event
# source (GetEventSources, a tagged gift alert, claims into GetState and the show, the switch).
add_test(NAME e2e-live-rooms
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_live_rooms.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-live-rooms PROPERTIES LABELS e2e TIMEOUT 300)
# The Twitch event source in the real obs next to the demo shop, against the loopback Twitch fake
# (EventSub WebSockets, Helix, OAuth): live, a cheer as a gift alert tagged twitch, a chat "3" as a
# claim on the cart's #3, a dropped socket healed.
add_test(NAME e2e-rooms
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_rooms.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-rooms PROPERTIES LABELS e2e TIMEOUT 300)

# The Shopify connector in the real obs against the loopback shop (tests/server):
# catalog, sale prices on the shop, restore after OBS is killed mid-sale.
add_test(NAME e2e-shopify
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_shopify.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-shopify PROPERTIES LABELS e2e TIMEOUT 300)

# The TikTok Shop connector in the real obs against the loopback TikTok Shop fake (signed calls):
# a product with its stock on the card, a shop flash deal on the flash timer, a stock change.
add_test(NAME e2e-tiktok-shop
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_tiktok_shop.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-tiktok-shop PROPERTIES LABELS e2e TIMEOUT 300)

# A scene drop's flash sale at ¥12.34: its price on the product card and the cart list, then back.
add_test(NAME e2e-card-sale
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_card_sale.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-card-sale PROPERTIES LABELS e2e TIMEOUT 300)

# Scan to buy: linkon_qr follows a pin made over obs-websocket; read with zbarimg.
add_test(NAME e2e-qr
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_qr.py --module $<TARGET_FILE:linkon> --data
                 ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-qr PROPERTIES LABELS e2e TIMEOUT 300)

# The sales sources (issue 10): demo orders move linkon_sales_ticker and fill linkon_goal_bar.
add_test(NAME e2e-sales
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_sales_sources.py --module $<TARGET_FILE:linkon>
                 --data ${CMAKE_SOURCE_DIR}/data --locale ${CMAKE_SOURCE_DIR}/locale --artifacts
                 ${LINKON_TEST_ARTIFACTS})
set_tests_properties(e2e-sales PROPERTIES LABELS e2e TIMEOUT 300)

# every e2e test: the crash reporter above goes into each obs it starts
get_directory_property(_lk_all_tests TESTS)
foreach(_lk_test IN LISTS _lk_all_tests)
  if(_lk_test MATCHES "^e2e-")
    set_property(TEST ${_lk_test} APPEND PROPERTY ENVIRONMENT "LK_CRASH_TRACE_LIB=$<TARGET_FILE:lk-crash-trace>")
  endif()
endforeach()
