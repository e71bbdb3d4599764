# SPDX-License-Identifier: GPL-2.0-or-later
# Live rooms: room counts and dedupe, comment claim rules, claims in the store.
# … and the module's room hub (plugin/lk-room-hub.c): comments into claims in the catalog and the show.
lk_add_unit_test(test-claims SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-claims.c ${CMAKE_SOURCE_DIR}/plugin/lk-room-hub.c
                 LIBS linkon-core)
# The TikTok LIVE reference bridge (bridges/tiktok-live, Node 20): its node:test suite on recorded
# tiktok-live-connector event sequences and a loopback stream (npm ci: scripts/install-deps.sh).
find_program(LK_NODE node)
if(NOT LK_NODE)
  message(FATAL_ERROR "linkon: node (Node 20) is needed for the TikTok LIVE bridge tests: run scripts/install-deps.sh")
endif()
add_test(NAME tiktok-live-bridge
         COMMAND ${LK_NODE} --test test/map.test.js test/stream.test.js test/package.test.js
         WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/bridges/tiktok-live)
set_tests_properties(tiktok-live-bridge PROPERTIES LABELS "unit;bridge" TIMEOUT 300)
# The same bridge consumed by Linkon's own bridge connector (a real net worker): 10,000 TikTok events
# with duplicates, TikTok reconnects and stream drops arrive exactly once.
# … also as a live room (lk_es_tiktok_live through the event-source manager) next to the demo shop.
set(LK_EVENT_SOURCES_SRC ${CMAKE_SOURCE_DIR}/plugin/lk-event-sources.c ${CMAKE_SOURCE_DIR}/plugin/lk-event-source-registry.c
    ${CMAKE_SOURCE_DIR}/plugin/lk-config-file.c)
lk_add_unit_test(test-tiktok-bridge-linkon SOURCES ${CMAKE_CURRENT_LIST_DIR}/tiktok-bridge-linkon.c
                 ${LK_EVENT_SOURCES_SRC} LIBS linkon-net)
target_compile_definitions(test-tiktok-bridge-linkon PRIVATE LK_NODE="${LK_NODE}")
set_tests_properties(test-tiktok-bridge-linkon PROPERTIES LABELS "unit;bridge;threads" TIMEOUT 300)
# The event-source manager (plugin/lk-event-sources.c) with a test event-source type of its own:
# several live rooms at once into one alert queue and one room, switches while events flow.
lk_add_unit_test(test-event-sources SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-event-sources.c ${LK_EVENT_SOURCES_SRC}
                 LIBS linkon-net)
