# Headless libobs render test of linkon_flash_timer.
# SPDX-License-Identifier: GPL-2.0-or-later
# The harness and the staged data dir come from render.cmake (included before
# this file: tests/CMakeLists.txt includes obs/*.cmake in name order).
if(NOT TARGET lk-obs-harness OR NOT TARGET linkon-stage-data)
  message(FATAL_ERROR "tests/obs/timer.cmake needs lk-obs-harness and linkon-stage-data from render.cmake")
endif()

add_executable(test-obs-timer ${CMAKE_CURRENT_LIST_DIR}/test-timer-render.c)
target_link_libraries(test-obs-timer PRIVATE lk-obs-harness PkgConfig::CMOCKA)
target_compile_definitions(
  test-obs-timer PRIVATE LK_MODULE_PATH="$<TARGET_FILE:linkon>" LK_DATA_DIR="${CMAKE_BINARY_DIR}/stage-data"
                         LK_ARTIFACTS_DIR="${LINKON_TEST_ARTIFACTS}")
add_dependencies(test-obs-timer linkon linkon-stage-data)
add_test(NAME obs-timer COMMAND test-obs-timer)
set_tests_properties(obs-timer PROPERTIES LABELS obs TIMEOUT 300)
# The same timer in an Arabic UI: its rows are mirrored (test_ui_rtl_mirrored).
add_test(NAME obs-timer-ar COMMAND test-obs-timer)
set_tests_properties(obs-timer-ar PROPERTIES LABELS obs TIMEOUT 300 ENVIRONMENT "LK_OBS_LOCALE=ar-SA;LK_TIMER_RTL_ONLY=1")
