# Headless libobs render test: live-room claims ("23 want this") on
# linkon_product_card, with the loopback bridge (tests/server) as the shop
# and its event stream carrying the room's comments.
# SPDX-License-Identifier: GPL-2.0-or-later
# (render.cmake, included first by the glob, defines lk-obs-harness and linkon-stage-data)
add_executable(test-obs-card-claims ${CMAKE_CURRENT_LIST_DIR}/test-card-claims.c
                                    ${CMAKE_SOURCE_DIR}/tests/unit/lk-testsrv.c)
target_include_directories(test-obs-card-claims PRIVATE ${CMAKE_SOURCE_DIR}/tests/unit)
target_link_libraries(test-obs-card-claims PRIVATE lk-obs-harness PkgConfig::CMOCKA CURL::libcurl)
target_compile_definitions(
  test-obs-card-claims PRIVATE LK_MODULE_PATH="$<TARGET_FILE:linkon>" LK_DATA_DIR="${CMAKE_BINARY_DIR}/stage-data"
                               LK_ARTIFACTS_DIR="${LINKON_TEST_ARTIFACTS}" LK_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_dependencies(test-obs-card-claims linkon linkon-stage-data)
add_test(NAME obs-card-claims COMMAND test-obs-card-claims)
set_tests_properties(obs-card-claims PROPERTIES LABELS obs TIMEOUT 300)
