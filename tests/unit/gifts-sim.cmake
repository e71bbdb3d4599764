# SPDX-License-Identifier: GPL-2.0-or-later
# The demo shop's gift simulation and the WAV reader of the gift sounds (pure C).
lk_add_unit_test(test-demo-gifts SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-demo-gifts.c LIBS linkon-core)
lk_add_unit_test(test-wav SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-wav.c LIBS linkon-core)
