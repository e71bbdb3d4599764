# Headless libobs render test of linkon_qr; every code is read back with zbar.
# SPDX-License-Identifier: GPL-2.0-or-later
# The harness and the staged data dir come from render.cmake (included before
# this file: tests/CMakeLists.txt includes obs/*.cmake in name order).
if(NOT TARGET lk-obs-harness OR NOT TARGET linkon-stage-data)
  message(FATAL_ERROR "tests/obs/scan-qr.cmake needs lk-obs-harness and linkon-stage-data from render.cmake")
endif()

add_executable(test-obs-qr ${CMAKE_CURRENT_LIST_DIR}/test-qr-render.c ${CMAKE_SOURCE_DIR}/tests/unit/lk-zbar.c)
target_link_libraries(test-obs-qr PRIVATE lk-obs-harness PkgConfig::CMOCKA PkgConfig::ZBAR)
target_compile_definitions(
  test-obs-qr PRIVATE LK_MODULE_PATH="$<TARGET_FILE:linkon>" LK_DATA_DIR="${CMAKE_BINARY_DIR}/stage-data"
                      LK_ARTIFACTS_DIR="${LINKON_TEST_ARTIFACTS}")
add_dependencies(test-obs-qr linkon linkon-stage-data)
add_test(NAME obs-qr COMMAND test-obs-qr)
set_tests_properties(obs-qr PROPERTIES LABELS obs TIMEOUT 300)
