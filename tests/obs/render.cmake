# Headless libobs render tests of linkon_product_card and linkon_cart_list.
# SPDX-License-Identifier: GPL-2.0-or-later
find_package(X11 REQUIRED)
find_package(PNG REQUIRED)

# The module's data dir laid out as installed (effects/, images/, locale/),
# refreshed on every build.
if(NOT TARGET linkon-stage-data)
  add_custom_target(
    linkon-stage-data ALL
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${CMAKE_BINARY_DIR}/stage-data
    COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/data ${CMAKE_BINARY_DIR}/stage-data
    COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/locale ${CMAKE_BINARY_DIR}/stage-data/locale
    COMMENT "Staging data/ and locale/ into stage-data/ for the headless OBS tests")
endif()

# The harness, for every headless-OBS test.
if(NOT TARGET lk-obs-harness)
  add_library(lk-obs-harness STATIC ${CMAKE_CURRENT_LIST_DIR}/lk-obs-harness.c ${CMAKE_SOURCE_DIR}/tests/unit/lk-png.c)
  target_include_directories(lk-obs-harness PUBLIC ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_SOURCE_DIR}/tests/unit)
  target_link_libraries(lk-obs-harness PUBLIC OBS::libobs X11::X11 PNG::PNG PkgConfig::JANSSON Threads::Threads)
  target_compile_definitions(lk-obs-harness PRIVATE LK_ARTIFACTS_DIR="${LINKON_TEST_ARTIFACTS}")
endif()

add_executable(test-obs-render ${CMAKE_CURRENT_LIST_DIR}/test-render.c)
target_link_libraries(test-obs-render PRIVATE lk-obs-harness PkgConfig::CMOCKA)
target_compile_definitions(
  test-obs-render PRIVATE LK_MODULE_PATH="$<TARGET_FILE:linkon>" LK_DATA_DIR="${CMAKE_BINARY_DIR}/stage-data"
                          LK_ARTIFACTS_DIR="${LINKON_TEST_ARTIFACTS}")
add_dependencies(test-obs-render linkon linkon-stage-data)
add_test(NAME obs-render COMMAND test-obs-render)
set_tests_properties(obs-render PROPERTIES LABELS obs TIMEOUT 300)

# The shader warm-up at module load: it ran, a card renders afterwards, and
# the module loads and unloads cleanly with and without video.
add_executable(test-obs-warm-up ${CMAKE_CURRENT_LIST_DIR}/test-warm-up.c)
target_link_libraries(test-obs-warm-up PRIVATE lk-obs-harness PkgConfig::CMOCKA)
target_compile_definitions(test-obs-warm-up PRIVATE LK_MODULE_PATH="$<TARGET_FILE:linkon>"
                                                    LK_DATA_DIR="${CMAKE_BINARY_DIR}/stage-data")
add_dependencies(test-obs-warm-up linkon linkon-stage-data)
add_test(NAME obs-warm-up COMMAND test-obs-warm-up)
set_tests_properties(obs-warm-up PROPERTIES LABELS obs TIMEOUT 300)
add_test(NAME obs-warm-up-no-video COMMAND test-obs-warm-up --no-video)
set_tests_properties(obs-warm-up-no-video PROPERTIES LABELS obs TIMEOUT 120)
