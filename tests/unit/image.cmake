# SPDX-License-Identifier: GPL-2.0-or-later
# Product images: header sniffing (pure C).
lk_add_unit_test(test-image-probe SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-image-probe.c LIBS linkon-core)
# The image cache and loader thread (sources/lk-image.c) with a fake net
# worker; no graphics device needed.
lk_add_unit_test(test-image-cache SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-image-cache.c
                 ${CMAKE_SOURCE_DIR}/plugin/sources/lk-image.c ${CMAKE_SOURCE_DIR}/plugin/sources/lk-draw.c
                 ${CMAKE_SOURCE_DIR}/plugin/sources/lk-ahead.c
                 LIBS linkon-core linkon-text)
target_include_directories(test-image-cache PRIVATE ${CMAKE_SOURCE_DIR}/plugin/sources ${CMAKE_SOURCE_DIR}/plugin/net)
# A 4 MB cache budget, so that eviction by bytes is tested with small images.
target_compile_definitions(test-image-cache PRIVATE LRU_MAX_BYTES=4194304)
# Shrinking decoded images on the loader thread (area average, pure C).
lk_add_unit_test(test-image-scale SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-image-scale.c LIBS linkon-core)
# Still PNG, JPEG and WebP decoded without FFmpeg (libpng, libjpeg-turbo,
# libwebp): fixtures, and hostile files (truncated, lying headers, noise,
# endless progressive scans).
lk_add_unit_test(test-image-decode SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-image-decode.c LIBS linkon-core)
# The render-target thread (sources/lk-gfx-prep.c) without a graphics
# device: requests, answers, requests given up, stop with requests queued.
lk_add_unit_test(test-gfx-prep SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-gfx-prep.c
                 ${CMAKE_SOURCE_DIR}/plugin/sources/lk-gfx-prep.c ${CMAKE_SOURCE_DIR}/plugin/sources/lk-draw.c
                 LIBS linkon-core linkon-text)
# The compose-ahead thread (sources/lk-ahead.c) with a fake of libobs' weak
# references: pokes merged, handles and sources gone while queued, the last
# reference dropped in a run, a stop with pokes waiting (a thread test).
lk_add_unit_test(test-ahead SOURCES ${CMAKE_CURRENT_LIST_DIR}/test-ahead.c ${CMAKE_SOURCE_DIR}/plugin/sources/lk-ahead.c
                 LIBS linkon-core)
