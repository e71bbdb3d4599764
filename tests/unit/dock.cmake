# SPDX-License-Identifier: GPL-2.0-or-later
# The docks' view model (plugin/frontend/dock/lk-dock-model.h): pure C, no
# widgets, so it also runs in the sanitizer build (no plugin, no Qt).
lk_add_unit_test(test-dock SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-dock.c LIBS linkon-dock-model)
lk_add_unit_test(test-dock-show SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-dock-show.c LIBS linkon-dock-model)
lk_add_unit_test(test-dock-rooms SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-dock-rooms.c LIBS linkon-dock-model)
