# SPDX-License-Identifier: GPL-2.0-or-later
# Which price a product shows at a moment (regular or a live flash sale's).
lk_add_unit_test(test-price SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-price.c LIBS linkon-core)
