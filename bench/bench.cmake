# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmarks: programs that print figures, not tests (ctest does not run
# them). Included from the top CMakeLists.txt when LINKON_BUILD_BENCH is ON.
#   bench-gifts: decode + dedupe + enqueue of gift events, events/s and peak RSS
add_executable(bench-gifts ${CMAKE_CURRENT_LIST_DIR}/bench-gifts.c)
target_include_directories(bench-gifts PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../plugin)
target_link_libraries(bench-gifts PRIVATE linkon-core)
#   bench-bridge: gifts through the bridge stream (vs in-process decode) and
#                 stopping the connector with a request in flight
add_executable(bench-bridge ${CMAKE_CURRENT_LIST_DIR}/bench-bridge.c
                            ${CMAKE_CURRENT_LIST_DIR}/../tests/unit/lk-testsrv.c)
target_include_directories(bench-bridge PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../plugin
                                                ${CMAKE_CURRENT_LIST_DIR}/../tests/unit)
target_compile_definitions(bench-bridge PRIVATE LK_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
target_link_libraries(bench-bridge PRIVATE linkon-net)
#   bench-price: the card's and the list's per-frame "did a sale go live or end" check
add_executable(bench-price ${CMAKE_CURRENT_LIST_DIR}/bench-price.c)
target_include_directories(bench-price PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../plugin)
target_link_libraries(bench-price PRIVATE linkon-core)
#   bench-shopify: decoding Shopify catalog pages; a refresh handed to the store
#                  whole (baseline) vs only the changed products
add_executable(bench-shopify ${CMAKE_CURRENT_LIST_DIR}/bench-shopify.c)
target_include_directories(bench-shopify PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../plugin)
target_link_libraries(bench-shopify PRIVATE linkon-core)
#   bench-store: the store applying CATALOG_SET on 1,000 / 10,000 / 50,000 products,
#                PUT/STOCK/CART_SET streams, lk_snapshot_find and sale ticks on big catalogs
add_executable(bench-store ${CMAKE_CURRENT_LIST_DIR}/bench-store.c)
target_include_directories(bench-store PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../plugin)
target_link_libraries(bench-store PRIVATE linkon-core m)
# linkon_obs_bench(<name> <sources...>): a bench on the headless-OBS harness that
# loads this build's module and staged data (LK_MODULE_PATH, LK_DATA_DIR)
function(linkon_obs_bench name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE lk-obs-harness)
  target_compile_definitions(${name} PRIVATE LK_MODULE_PATH="$<TARGET_FILE:linkon>"
                                             LK_DATA_DIR="${CMAKE_BINARY_DIR}/stage-data")
  add_dependencies(${name} linkon linkon-stage-data)
endfunction()

#   bench-render: the four sources per rendered frame in a headless libobs,
#                 against a look-alike made of OBS's own sources (needs the
#                 headless-OBS test harness, so LINKON_BUILD_TESTS too)
if(TARGET lk-obs-harness)
  find_path(
    LK_OBS_PLUGIN_DIR image-source.so
    PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/obs-plugins /usr/lib/obs-plugins /usr/local/lib/obs-plugins
    NO_DEFAULT_PATH)
  find_path(
    LK_OBS_DATA_DIR image-source
    PATHS /usr/share/obs/obs-plugins /usr/local/share/obs/obs-plugins
    NO_DEFAULT_PATH)
  linkon_obs_bench(bench-render ${CMAKE_CURRENT_LIST_DIR}/bench-render.c)
  target_compile_definitions(bench-render PRIVATE LK_OBS_PLUGIN_DIR="${LK_OBS_PLUGIN_DIR}"
                                                  LK_OBS_DATA_DIR="${LK_OBS_DATA_DIR}")
endif()
#   bench-latency: a pin / a gift on the loopback bridge to the first rendered
#                  frame that shows it (p50 / p99)
if(TARGET lk-obs-harness)
  linkon_obs_bench(bench-latency ${CMAKE_CURRENT_LIST_DIR}/bench-latency.c
                   ${CMAKE_CURRENT_LIST_DIR}/../tests/unit/lk-testsrv.c)
  target_include_directories(bench-latency PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../tests/unit)
  target_link_libraries(bench-latency PRIVATE CURL::libcurl)
  target_compile_definitions(bench-latency PRIVATE LK_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
endif()
#   bench-text: layout + rasterise of one title (Latin, CJK, Thai, Arabic, emoji) with the
#               Pango engine against the FreeType engine it replaced (bench/baseline-text)
add_library(linkon-text-baseline STATIC ${CMAKE_CURRENT_LIST_DIR}/baseline-text/lk-text-fonts.c
                                        ${CMAKE_CURRENT_LIST_DIR}/baseline-text/lk-text-glyph.c
                                        ${CMAKE_CURRENT_LIST_DIR}/baseline-text/lk-text-layout.c)
target_include_directories(linkon-text-baseline PRIVATE ${CMAKE_CURRENT_LIST_DIR}/baseline-text)
target_link_libraries(linkon-text-baseline PUBLIC OBS::libobs Freetype::Freetype Fontconfig::Fontconfig)
add_executable(bench-text ${CMAKE_CURRENT_LIST_DIR}/bench-text.c)
target_link_libraries(bench-text PRIVATE linkon-text linkon-text-baseline)
#   bench-text-frames: longest graphics-thread frame of a card whose font and title change
#                      every 100 ms (headless libobs under Xvfb; give it another module.so
#                      to compare, e.g. one built from before the text worker)
if(TARGET lk-obs-harness)
  linkon_obs_bench(bench-text-frames ${CMAKE_CURRENT_LIST_DIR}/bench-text-frames.c)
  # its obs_register_source_s wraps the card's callbacks: the module must see it
  set_target_properties(bench-text-frames PROPERTIES ENABLE_EXPORTS ON)
  target_link_libraries(bench-text-frames PRIVATE ${CMAKE_DL_LIBS})
  target_include_directories(bench-text-frames PRIVATE ${CMAKE_SOURCE_DIR}/plugin) # (the text probe's ops)
endif()
#   bench-first-frame: graphics-thread time of the first frames after a card, cart, timer or
#                      gift alert is first shown, with and without the shader warm-up at load
#                      (one process per measurement; headless libobs under Xvfb)
if(TARGET lk-obs-harness)
  linkon_obs_bench(bench-first-frame ${CMAKE_CURRENT_LIST_DIR}/bench-first-frame.c)
endif()
