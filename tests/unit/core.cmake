# SPDX-License-Identifier: GPL-2.0-or-later
# Core model and store (pure C).
lk_add_unit_test(test-product SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-product.c LIBS linkon-core)
lk_add_unit_test(test-store SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-store.c LIBS linkon-core)
lk_add_unit_test(test-store-threads SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-store-threads.c LIBS linkon-core)
lk_add_unit_test(test-store-big SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-store-big.c LIBS linkon-core)
lk_add_unit_test(test-plural SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-plural.c LIBS linkon-core)
