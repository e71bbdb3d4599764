# SPDX-License-Identifier: GPL-2.0-or-later
# Text engine: Pango layout and cairo rasterising, the text worker (CPU part).
find_package(PNG REQUIRED)
lk_add_unit_test(test-text SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-text.c ${CMAKE_CURRENT_LIST_DIR}/lk-png.c LIBS
                 linkon-text PNG::PNG)
