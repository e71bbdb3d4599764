# Headless libobs render tests of text for every market (card titles and gift
# names in many scripts and emoji sequences) and of text work kept off the
# graphics thread (font/text churn with the module's text probe).
# SPDX-License-Identifier: GPL-2.0-or-later
# (render.cmake, included first by the glob, defines lk-obs-harness and linkon-stage-data)
add_executable(test-text-render ${CMAKE_CURRENT_LIST_DIR}/test-text-render.c)
target_include_directories(test-text-render PRIVATE ${CMAKE_SOURCE_DIR}/plugin ${CMAKE_SOURCE_DIR}/plugin/core)
# linkon-text: the shaper's output is checked with the same engine the module runs
target_link_libraries(test-text-render PRIVATE lk-obs-harness linkon-text PkgConfig::CMOCKA ${CMAKE_DL_LIBS})
target_compile_definitions(
  test-text-render PRIVATE LK_MODULE_PATH="$<TARGET_FILE:linkon>" LK_DATA_DIR="${CMAKE_BINARY_DIR}/stage-data"
                           LK_ARTIFACTS_DIR="${LINKON_TEST_ARTIFACTS}" LK_FIXTURES_DIR="${CMAKE_SOURCE_DIR}/tests/fixtures"
                           LK_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_dependencies(test-text-render linkon linkon-stage-data)
add_test(NAME obs-text-render COMMAND test-text-render)
set_tests_properties(obs-text-render PROPERTIES LABELS obs TIMEOUT 300)
