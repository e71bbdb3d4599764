# SPDX-License-Identifier: GPL-2.0-or-later
# Live rooms: room counts and dedupe, comment claim rules, claims in the store.
lk_add_unit_test(test-claims SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-claims.c LIBS linkon-core)
