# SPDX-License-Identifier: GPL-2.0-or-later
# libFuzzer targets (clang, ASan + UBSan), built when LINKON_FUZZ is ON:
#   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DLINKON_FUZZ=ON -DLINKON_BUILD_PLUGIN=OFF -DLINKON_BUILD_TESTS=OFF
#   cmake --build build-fuzz -j2
#   tests/fuzz/run-fuzz.sh build-fuzz 60      (each target 60 s, two at a time)
# Each target is tests/fuzz/<name>.c. Its seeds are tests/fuzz/corpus/<name
# without "fuzz-">/ plus the SEEDS folders given here (relative to the
# source tree); run-fuzz.sh reads the list the build writes into
# <build>/fuzz-targets.txt ("name max_len seed_dir,seed_dir…" per line).
set(LK_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set(LK_FUZZ_LIST ${CMAKE_BINARY_DIR}/fuzz-targets.txt)
file(WRITE ${LK_FUZZ_LIST} "")

# lk_add_fuzzer(<name> MAX_LEN <bytes> [SEEDS <dirs…>] [SOURCES <files…>] LIBS <targets…>)
function(lk_add_fuzzer name)
  cmake_parse_arguments(F "" "MAX_LEN" "SEEDS;SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${LK_FUZZ_DIR}/${name}.c ${F_SOURCES})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/plugin ${LK_FUZZ_DIR})
  target_link_libraries(${name} PRIVATE ${F_LIBS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  string(REPLACE "fuzz-" "" short ${name})
  set(seeds "tests/fuzz/corpus/${short}")
  foreach(s ${F_SEEDS})
    string(APPEND seeds ",${s}")
  endforeach()
  file(APPEND ${LK_FUZZ_LIST} "${name} ${F_MAX_LEN} ${seeds}\n")
endfunction()

# SSE parser: the same events whatever the chunking
lk_add_fuzzer(fuzz-sse MAX_LEN 4096 LIBS linkon-core)
# bridge codec (catalog pages, state, stream events) applied to a real store
lk_add_fuzzer(fuzz-bridge MAX_LEN 8192 LIBS linkon-core)
# the two gift readers (lk-gift-json.c by hand, lk-gift.c via jansson) must agree
lk_add_fuzzer(fuzz-gift MAX_LEN 4096 LIBS linkon-core)
# the alert queue driven by a byte-coded sequence of operations
lk_add_fuzzer(fuzz-alerts MAX_LEN 4096 LIBS linkon-core)
# Shopify codec and its journal
lk_add_fuzzer(fuzz-shopify MAX_LEN 8192 LIBS linkon-core)
# TikTok Shop codec: envelope, tokens, shops, products, orders, activities, money
lk_add_fuzzer(fuzz-tiktok MAX_LEN 8192 LIBS linkon-core)
# Twitch EventSub messages and the Helix / OAuth answers (core/lk-twitch-codec.c)
lk_add_fuzzer(fuzz-twitch MAX_LEN 8192 LIBS linkon-core)
# the show: orders (bridge event, journal record), buyer masking, the journal's replay
lk_add_fuzzer(fuzz-order MAX_LEN 8192 LIBS linkon-core)
# image probe with a decode-size oracle
lk_add_fuzzer(fuzz-image-probe MAX_LEN 4096 SEEDS tests/fixtures LIBS linkon-core)
# still PNG / JPEG / WebP decoding (libpng, libjpeg-turbo, libwebp): limits, pixel buffer, premultiplied alpha
lk_add_fuzzer(fuzz-image-decode MAX_LEN 16384 SEEDS tests/fixtures LIBS linkon-core)
# WAV reader
lk_add_fuzzer(fuzz-wav MAX_LEN 4096 LIBS linkon-core)
# money and count formatting, discount percent
lk_add_fuzzer(fuzz-money MAX_LEN 64 LIBS linkon-core)
# the plugin's config file and the connectors' settings read from it
lk_add_fuzzer(fuzz-config MAX_LEN 4096 SOURCES ${CMAKE_SOURCE_DIR}/plugin/lk-config-file.c
              ${CMAKE_SOURCE_DIR}/plugin/lk-event-sources.c ${CMAKE_SOURCE_DIR}/plugin/lk-event-source-registry.c
              LIBS linkon-net)
# the obs-websocket vendor's request arguments (obs_data from JSON, as obs-websocket builds it)
lk_add_fuzzer(fuzz-ws-request MAX_LEN 4096 SOURCES ${CMAKE_SOURCE_DIR}/plugin/frontend/lk-ws-request.c LIBS
              linkon-core)
target_include_directories(fuzz-ws-request PRIVATE ${CMAKE_SOURCE_DIR}/plugin/frontend)
# OAuth 2.0 replies (device code, tokens, errors in Google's and Twitch's shapes) and the saved record
lk_add_fuzzer(fuzz-oauth MAX_LEN 4096 LIBS linkon-core)
# YouTube live chat codec: errors, chat discovery, pages, every message into gifts / comments
lk_add_fuzzer(fuzz-youtube MAX_LEN 8192 LIBS linkon-core)
# taking a parameter back out of words made from a template (libcurl's error words as reasons)
lk_add_fuzzer(fuzz-msg MAX_LEN 1024 LIBS linkon-core)
