# Headless libobs render test: a flash sale's price on linkon_product_card and
# linkon_cart_list.
# SPDX-License-Identifier: GPL-2.0-or-later
# The harness and the staged data dir come from render.cmake (included before
# this file: tests/CMakeLists.txt includes obs/*.cmake in name order).
if(NOT TARGET lk-obs-harness OR NOT TARGET linkon-stage-data)
  message(FATAL_ERROR "tests/obs/sale-card.cmake needs lk-obs-harness and linkon-stage-data from render.cmake")
endif()

add_executable(test-obs-card-sale ${CMAKE_CURRENT_LIST_DIR}/test-card-sale.c)
target_link_libraries(test-obs-card-sale PRIVATE lk-obs-harness PkgConfig::CMOCKA)
target_compile_definitions(
  test-obs-card-sale PRIVATE LK_MODULE_PATH="$<TARGET_FILE:linkon>" LK_DATA_DIR="${CMAKE_BINARY_DIR}/stage-data"
                             LK_ARTIFACTS_DIR="${LINKON_TEST_ARTIFACTS}")
add_dependencies(test-obs-card-sale linkon linkon-stage-data)
add_test(NAME obs-card-sale COMMAND test-obs-card-sale)
set_tests_properties(obs-card-sale PROPERTIES LABELS obs TIMEOUT 300)
