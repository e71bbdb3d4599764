# SPDX-License-Identifier: GPL-2.0-or-later
# Gift events (JSON decoding, dedupe) and the gift alert queue (pure C).
lk_add_unit_test(test-gift SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-gift.c LIBS linkon-core)
lk_add_unit_test(test-alerts SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-alerts.c LIBS linkon-core)
lk_add_unit_test(test-alerts-queue SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-alerts-queue.c LIBS linkon-core)
lk_add_unit_test(test-alerts-feed SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-alerts-feed.c LIBS linkon-core)
