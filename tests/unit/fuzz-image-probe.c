/*
 * Linkon — libFuzzer harness for lk_image_probe. Not part of the normal
 * build (no .cmake registers it). Build and run with clang:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iplugin \
 *       tests/unit/fuzz-image-probe.c plugin/core/lk-image-probe.c -o /tmp/fuzz-image-probe
 *   mkdir -p /tmp/fuzz-corpus && cp tests/fixtures/image-* /tmp/fuzz-corpus/
 *   /tmp/fuzz-image-probe -max_total_time=60 -max_len=4096 /tmp/fuzz-corpus
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lk-image-probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lk_image_info info;
	bool ok = lk_image_probe(data, size, &info);

	/* Contract checks: a success names a format and two non-zero sides; a
	 * failure leaves the sides at zero. */
	if (ok && (!info.format || !info.cx || !info.cy))
		abort();
	if (!ok && (info.cx || info.cy))
		abort();
	/* A longer buffer never turns an answer into a different one. */
	if (ok && size > 0) {
		struct lk_image_info shorter;
		if (lk_image_probe(data, size - 1, &shorter) &&
		    (shorter.cx != info.cx || shorter.cy != info.cy || strcmp(shorter.format, info.format) != 0))
			abort();
	}
	/* The GIF walk must stay inside the buffer, and a frame needs >= 11 bytes. */
	if (lk_image_gif_frames(data, size) > size / 11)
		abort();
	return 0;
}
