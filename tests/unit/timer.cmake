# SPDX-License-Identifier: GPL-2.0-or-later
# The flash-sale timer's pure view logic: countdown text, phases, picking a sale.
lk_add_unit_test(test-countdown SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-countdown.c LIBS linkon-core)
