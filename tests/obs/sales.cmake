# Headless libobs render test of linkon_sales_ticker and linkon_goal_bar (issue 10).
# SPDX-License-Identifier: GPL-2.0-or-later
# (render.cmake, included first by the glob, defines lk-obs-harness and linkon-stage-data)
add_executable(test-sales-render ${CMAKE_CURRENT_LIST_DIR}/test-sales-render.c)
# linkon-text: the expected sentence is measured with the engine the ticker draws with
target_link_libraries(test-sales-render PRIVATE lk-obs-harness linkon-text PkgConfig::CMOCKA m)
target_compile_definitions(
  test-sales-render PRIVATE LK_MODULE_PATH="$<TARGET_FILE:linkon>" LK_DATA_DIR="${CMAKE_BINARY_DIR}/stage-data"
                            LK_ARTIFACTS_DIR="${LINKON_TEST_ARTIFACTS}")
add_dependencies(test-sales-render linkon linkon-stage-data)
add_test(NAME obs-sales-render COMMAND test-sales-render)
set_tests_properties(obs-sales-render PROPERTIES LABELS obs TIMEOUT 300)
