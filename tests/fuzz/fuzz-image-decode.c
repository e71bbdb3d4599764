/*
 * Linkon — libFuzzer target for the still-image decoders (lk-image-decode.c:
 * PNG through libpng, JPEG through libjpeg-turbo, WebP through libwebp);
 * built by tests/fuzz/fuzz.cmake, seeded with tests/fixtures.
 *
 * Oracles: nothing is decoded over the limits given; what decodes has
 * cx * cy * 4 bytes of pixels (all read here, so ASan sees a short buffer)
 * and premultiplied alpha (no colour above its alpha); what does not decode
 * leaves no pixels behind. The limits are small so that a header claiming a
 * big image cannot make each run slow.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <util/bmem.h>

#include "core/lk-image-decode.h"

#define FUZZ_MAX_SIDE 512
#define FUZZ_MAX_BYTES ((uint64_t)256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lk_image_pixels p;
	enum lk_image_decode_result r = lk_image_decode(data, size, FUZZ_MAX_SIDE, FUZZ_MAX_BYTES, &p);
	if (r != LK_IMAGE_DECODED) {
		FUZZ_MUST(!p.px && !p.cx && !p.cy);
		return 0;
	}
	FUZZ_MUST(p.px && p.cx && p.cy && p.cx <= FUZZ_MAX_SIDE && p.cy <= FUZZ_MAX_SIDE);
	FUZZ_MUST((uint64_t)p.cx * p.cy * 4 <= FUZZ_MAX_BYTES);
	for (size_t k = 0; k < (size_t)p.cx * p.cy; k++) {
		const uint8_t *px = p.px + k * 4;
		FUZZ_MUST(px[0] <= px[3] && px[1] <= px[3] && px[2] <= px[3]);
	}
	bfree(p.px);
	return 0;
}
