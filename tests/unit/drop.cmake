# SPDX-License-Identifier: GPL-2.0-or-later
# The product drop filter's saved settings (sources/lk-product-drop.c) with
# the module, controller and store stubbed: no OBS needed.
lk_add_unit_test(test-product-drop SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-product-drop.c
                 ${CMAKE_SOURCE_DIR}/plugin/sources/lk-product-drop.c LIBS linkon-core)
target_include_directories(test-product-drop PRIVATE ${CMAKE_SOURCE_DIR}/plugin/sources
                                                     ${CMAKE_SOURCE_DIR}/plugin/core)
