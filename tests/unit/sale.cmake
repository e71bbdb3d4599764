# SPDX-License-Identifier: GPL-2.0-or-later
# Flash sales: the sale state function, the platform clock, controller
# commands, and the store's sales over (fake) time.
lk_add_unit_test(test-sale SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-sale.c LIBS linkon-core)
lk_add_unit_test(test-clock SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-clock.c LIBS linkon-core)
lk_add_unit_test(test-command SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-command.c LIBS linkon-core)
lk_add_unit_test(test-store-sales SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-store-sales.c LIBS linkon-core)
