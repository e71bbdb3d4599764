# SPDX-License-Identifier: GPL-2.0-or-later
# Buy links and QR codes (core/lk-buy-url.c, core/lk-qr.c); QR symbols are
# read back with zbar.
pkg_check_modules(ZBAR REQUIRED IMPORTED_TARGET zbar)
lk_add_unit_test(test-buy-url SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-buy-url.c LIBS linkon-core)
lk_add_unit_test(test-qr SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-qr.c ${CMAKE_CURRENT_LIST_DIR}/lk-zbar.c LIBS linkon-core
                 PkgConfig::ZBAR)
