# SPDX-License-Identifier: GPL-2.0-or-later
# The controller (plugin/lk-controller*.c): commands through the demo
# connector and on the store alone, drops, its command thread, threads.
# Built from sources so it also runs in the sanitizer build (no plugin).
lk_add_unit_test(test-controller SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-controller.c
                 ${CMAKE_SOURCE_DIR}/plugin/lk-controller.c ${CMAKE_SOURCE_DIR}/plugin/lk-controller-state.c
                 ${CMAKE_SOURCE_DIR}/plugin/lk-config.c ${CMAKE_SOURCE_DIR}/plugin/lk-config-file.c LIBS linkon-net)
