# SPDX-License-Identifier: GPL-2.0-or-later
# The string helpers and the UTF-8 decoder every layer shares (core/lk-str.c, pure C).
lk_add_unit_test(test-str SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-str.c LIBS linkon-core)
