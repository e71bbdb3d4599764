# Headless libobs render and audio tests of linkon_gift_alerts (avatars and gift
# pictures from URLs come from the loopback test server, tests/server).
# SPDX-License-Identifier: GPL-2.0-or-later
# (render.cmake, included first by the glob, defines lk-obs-harness and linkon-stage-data)
add_executable(test-gift-render ${CMAKE_CURRENT_LIST_DIR}/test-gift-render.c ${CMAKE_SOURCE_DIR}/tests/unit/lk-testsrv.c)
target_link_libraries(test-gift-render PRIVATE lk-obs-harness PkgConfig::CMOCKA CURL::libcurl)
target_compile_definitions(
  test-gift-render PRIVATE LK_MODULE_PATH="$<TARGET_FILE:linkon>" LK_DATA_DIR="${CMAKE_BINARY_DIR}/stage-data"
                           LK_ARTIFACTS_DIR="${LINKON_TEST_ARTIFACTS}" LK_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_dependencies(test-gift-render linkon linkon-stage-data)
add_test(NAME obs-gift-render COMMAND test-gift-render)
set_tests_properties(obs-gift-render PROPERTIES LABELS obs TIMEOUT 300)
