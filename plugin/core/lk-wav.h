/*
 * Linkon — WAV files for the gift alert sounds: a small, strict RIFF/WAVE
 * reader that decodes to float samples. Pure C, any thread (the gift alerts
 * source calls it on its audio thread, never on the graphics thread).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Accepted: RIFF WAVE with a "fmt " chunk before the "data" chunk; integer
 * PCM 8 (unsigned), 16, 24 or 32 bit, or IEEE float 32 bit (also inside
 * WAVE_FORMAT_EXTENSIBLE); mono or stereo; LK_WAV_MIN_RATE..LK_WAV_MAX_RATE
 * samples per second; at most LK_WAV_MAX_SECONDS long; files of at most
 * LK_WAV_MAX_BYTES. Unknown chunks are skipped. A data chunk that claims
 * more bytes than the file holds is an error (a truncated file), so is one
 * with no whole sample frame. Everything else gets a plain-words error.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_WAV_MAX_BYTES (16 * 1024 * 1024)
#define LK_WAV_MAX_SECONDS 30
#define LK_WAV_MIN_RATE 8000
#define LK_WAV_MAX_RATE 192000
#define LK_WAV_ERR_SIZE 128

/* Decoded sound: planar float samples in -1..1. */
struct lk_wav {
	float *data[2];    /* data[c][i]; one bmalloc'd block (data[1] points into it, NULL for mono) */
	uint32_t channels; /* 1 or 2 */
	uint32_t rate;     /* samples per second */
	size_t frames;     /* samples per channel */
};

/* Decodes the bytes of a WAV file (borrowed). On success fills *out (free
 * with lk_wav_free) and returns true; on failure returns false, leaves *out
 * zeroed and writes the reason into err (may be NULL). */
bool lk_wav_parse(const void *bytes, size_t len, struct lk_wav *out, char *err, size_t err_size);

/* Reads and decodes the file at path (file I/O: not on the graphics
 * thread). Files over LK_WAV_MAX_BYTES are refused before reading. */
bool lk_wav_load(const char *path, struct lk_wav *out, char *err, size_t err_size);

/* Frees what out holds and zeroes it; zeroed structs are fine. */
void lk_wav_free(struct lk_wav *w);

#ifdef __cplusplus
}
#endif
