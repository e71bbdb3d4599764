/*
 * Linkon — libFuzzer target for the WAV reader (core/lk-wav.c).
 * Checks: a refusal zeroes the output and gives a reason; a decoded sound
 * has 1 or 2 channels, a rate and a length within the limits lk-wav.h
 * states, no more frames than the bytes can hold, and finite samples in
 * -1..1 (ASan checks that every one of them is inside the block).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <math.h>

#include "core/lk-wav.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lk_wav w;
	char err[LK_WAV_ERR_SIZE] = "";

	if (!lk_wav_parse(data, size, &w, err, sizeof(err))) {
		FUZZ_MUST(err[0] != '\0');
		FUZZ_MUST(!w.data[0] && !w.data[1] && !w.channels && !w.rate && !w.frames);
		return 0;
	}
	FUZZ_MUST(w.channels == 1 || w.channels == 2);
	FUZZ_MUST(w.rate >= LK_WAV_MIN_RATE && w.rate <= LK_WAV_MAX_RATE);
	FUZZ_MUST(w.frames >= 1 && w.frames <= (size_t)w.rate * LK_WAV_MAX_SECONDS);
	/* 8-bit mono is the smallest sample frame: one byte */
	FUZZ_MUST(w.frames <= size);
	FUZZ_MUST(w.data[0] != NULL && (w.channels == 2) == (w.data[1] != NULL));
	for (uint32_t c = 0; c < w.channels; c++) {
		for (size_t i = 0; i < w.frames; i++) {
			float v = w.data[c][i];
			FUZZ_MUST(isfinite(v) && v >= -1.0f && v <= 1.0f);
		}
	}
	lk_wav_free(&w);
	FUZZ_MUST(!w.data[0] && !w.frames);
	return 0;
}
