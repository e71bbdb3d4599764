# SPDX-License-Identifier: GPL-2.0-or-later
# The sales ticker's queue (core/lk-ticker.c): time on screen, bursts.
lk_add_unit_test(test-ticker SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-ticker.c LIBS linkon-core)
