# SPDX-License-Identifier: GPL-2.0-or-later
# The show (issue 10): orders, dedupe, pin attribution, totals per currency,
# the journal's replay after a crash, buyer privacy, goals.
lk_add_unit_test(test-show SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-show.c LIBS linkon-core)
lk_add_unit_test(test-show-journal SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-show-journal.c LIBS linkon-core)
lk_add_unit_test(test-buyer SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-buyer.c LIBS linkon-core)
