# SPDX-License-Identifier: GPL-2.0-or-later
# Money formatting and the demo shop (core/lk-money.c, core/lk-demo-shop.c).
lk_add_unit_test(test-money SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-money.c LIBS linkon-core)
lk_add_unit_test(test-demo-shop SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-demo-shop.c LIBS linkon-core)
lk_add_unit_test(test-demo-sim SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-demo-sim.c LIBS linkon-core)
