/*
 * Linkon — unit tests for the WAV reader of the gift sounds (core/lk-wav.c):
 * good files in every supported format, and truncated, huge, wrong-format
 * and hostile files, each with a clear error.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <util/bmem.h>

#include "core/lk-wav.h"

/* A WAV file in memory. */
struct wbuf {
	uint8_t b[4096];
	size_t n;
};

static void put(struct wbuf *w, const void *p, size_t n)
{
	assert_true(w->n + n <= sizeof(w->b));
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

static void put16(struct wbuf *w, uint32_t v)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	put(w, b, 2);
}

static void put32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	put(w, b, 4);
}

/* RIFF header, an unknown chunk (odd size, padded), fmt, then a data
 * chunk header claiming data_len bytes; the caller appends the samples. */
static void header(struct wbuf *w, uint16_t tag, uint16_t ch, uint32_t rate, uint16_t bits, uint32_t data_len)
{
	w->n = 0;
	put(w, "RIFF", 4);
	put32(w, 0); /* size: not checked (streams write 0 or garbage here) */
	put(w, "WAVE", 4);
	put(w, "LIST", 4);
	put32(w, 3);
	put(w, "abc\0", 4);
	put(w, "fmt ", 4);
	put32(w, 16);
	put16(w, tag);
	put16(w, ch);
	put32(w, rate);
	put32(w, rate * ch * bits / 8);
	put16(w, ch * bits / 8);
	put16(w, bits);
	put(w, "data", 4);
	put32(w, data_len);
}

static void expect_error(const struct wbuf *w, const char *want)
{
	struct lk_wav wav;
	char err[LK_WAV_ERR_SIZE] = "";
	assert_false(lk_wav_parse(w->b, w->n, &wav, err, sizeof(err)));
	assert_null(wav.data[0]);
	assert_int_equal(wav.frames, 0);
	if (!strstr(err, want))
		fail_msg("error \"%s\", expected \"%s\"", err, want);
}

static void test_pcm16_stereo(void **state)
{
	struct wbuf w;
	struct lk_wav wav;
	char err[LK_WAV_ERR_SIZE] = "";
	int16_t s[6] = {0, 32767, -32768, 16384, 100, -100};

	header(&w, 1, 2, 48000, 16, sizeof(s));
	for (int i = 0; i < 6; i++)
		put16(&w, (uint16_t)s[i]);
	assert_true(lk_wav_parse(w.b, w.n, &wav, err, sizeof(err)));
	assert_int_equal(wav.channels, 2);
	assert_int_equal(wav.rate, 48000);
	assert_int_equal(wav.frames, 3);
	assert_float_equal(wav.data[0][0], 0.0f, 1e-6);
	assert_float_equal(wav.data[1][0], 32767.0f / 32768.0f, 1e-6);
	assert_float_equal(wav.data[0][1], -1.0f, 1e-6);
	assert_float_equal(wav.data[1][1], 0.5f, 1e-6);
	assert_float_equal(wav.data[0][2], 100.0f / 32768.0f, 1e-6);
	lk_wav_free(&wav);
	assert_null(wav.data[0]);
}

static void test_other_formats(void **state)
{
	struct wbuf w;
	struct lk_wav wav;
	char err[LK_WAV_ERR_SIZE] = "";

	/* 8-bit unsigned mono */
	header(&w, 1, 1, 8000, 8, 3);
	put(&w, "\x00\x80\xFF", 3);
	assert_true(lk_wav_parse(w.b, w.n, &wav, err, sizeof(err)));
	assert_null(wav.data[1]);
	assert_float_equal(wav.data[0][0], -1.0f, 1e-6);
	assert_float_equal(wav.data[0][1], 0.0f, 1e-6);
	lk_wav_free(&wav);

	/* 24-bit: -0.5 */
	header(&w, 1, 1, 44100, 24, 3);
	put(&w, "\x00\x00\xC0", 3);
	assert_true(lk_wav_parse(w.b, w.n, &wav, err, sizeof(err)));
	assert_float_equal(wav.data[0][0], -0.5f, 1e-6);
	lk_wav_free(&wav);

	/* float 32, out of range values clamped */
	float f[2] = {0.25f, 3.0f};
	header(&w, 3, 1, 22050, 32, sizeof(f));
	put(&w, f, sizeof(f));
	assert_true(lk_wav_parse(w.b, w.n, &wav, err, sizeof(err)));
	assert_float_equal(wav.data[0][0], 0.25f, 1e-6);
	assert_float_equal(wav.data[0][1], 1.0f, 1e-6);
	lk_wav_free(&wav);
}

static void test_truncated(void **state)
{
	struct wbuf w;
	header(&w, 1, 1, 48000, 16, 1000); /* claims 1000 bytes, has 4 */
	put32(&w, 0);
	expect_error(&w, "truncated");

	header(&w, 1, 1, 48000, 16, 0);
	w.n -= 8; /* no data chunk at all */
	expect_error(&w, "no data chunk");

	header(&w, 1, 1, 48000, 16, 1);
	put(&w, "\x01", 1); /* half a sample frame */
	expect_error(&w, "no samples");

	w.n = 10;
	expect_error(&w, "not a WAV file");
}

static void test_wrong_format(void **state)
{
	struct wbuf w;
	header(&w, 2 /* ADPCM */, 1, 48000, 4, 0);
	expect_error(&w, "format 2 is not supported");
	header(&w, 1, 6, 48000, 16, 0);
	expect_error(&w, "6 channels");
	header(&w, 1, 1, 1000, 16, 0);
	expect_error(&w, "1000 samples per second");
	header(&w, 1, 1, 48000, 12, 0);
	expect_error(&w, "12 bits per sample");
	header(&w, 3, 1, 48000, 16, 0);
	expect_error(&w, "16 bits per sample");

	/* an MP3 renamed to .wav, a PNG */
	memcpy(w.b, "ID3\x04\0\0\0\0\0\0\0\0\0\0", 14);
	w.n = 14;
	expect_error(&w, "not a WAV file");
}

/* Long: a header claiming more than 30 s (at 8 kHz mono 8-bit, 240 KB)
 * with the bytes really there; and a file over the size limit on disk is
 * refused before it is read. */
static void test_huge(void **state)
{
	size_t len = 44 + 8000 * 31;
	uint8_t *big = calloc(1, len);
	struct wbuf w;
	struct lk_wav wav;
	char err[LK_WAV_ERR_SIZE] = "";

	header(&w, 1, 1, 8000, 8, (uint32_t)(8000 * 31));
	memcpy(big, w.b, w.n);
	assert_false(lk_wav_parse(big, w.n + 8000 * 31, &wav, err, sizeof(err)));
	assert_non_null(strstr(err, "longer than 30 seconds"));
	free(big);

	char path[] = "/tmp/linkon-wav-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fseek(f, LK_WAV_MAX_BYTES + 10, SEEK_SET), 0);
	fputc(0, f);
	fclose(f);
	assert_false(lk_wav_load(path, &wav, err, sizeof(err)));
	assert_non_null(strstr(err, "larger than 16 MiB"));
	remove(path);

	assert_false(lk_wav_load("/nonexistent/linkon.wav", &wav, err, sizeof(err)));
	assert_non_null(strstr(err, "cannot open"));
}

/* The shipped sounds decode (data/sounds, made by scripts/make-gift-assets.sh). */
static void test_shipped_sounds(void **state)
{
	const char *names[] = {"gift-small.wav", "gift-big.wav", "gift-huge.wav"};
	for (size_t i = 0; i < 3; i++) {
		char path[1024];
		struct lk_wav wav;
		char err[LK_WAV_ERR_SIZE] = "";
		snprintf(path, sizeof(path), "%s/data/sounds/%s", LK_SOURCE_DIR, names[i]);
		if (!lk_wav_load(path, &wav, err, sizeof(err)))
			fail_msg("%s: %s", names[i], err);
		assert_true(wav.frames > wav.rate / 10); /* > 0.1 s */
		assert_true(wav.frames < wav.rate * 4);  /* < 4 s */
		float peak = 0.0f;
		for (size_t k = 0; k < wav.frames; k++)
			peak = wav.data[0][k] > peak ? wav.data[0][k] : peak;
		assert_true(peak > 0.2f && peak <= 1.0f);
		lk_wav_free(&wav);
	}
}

/* Random bytes after a valid header never crash or read out of bounds. */
static void test_garbage(void **state)
{
	struct wbuf w;
	struct lk_wav wav;
	uint32_t x = 12345;
	for (int round = 0; round < 2000; round++) {
		header(&w, 1, 1, 8000, 16, 64);
		size_t keep = 12 + (size_t)(x % (w.n - 12));
		w.n = keep;
		for (int i = 0; i < 64; i++) {
			x = x * 1103515245u + 12345u;
			uint8_t b = (uint8_t)(x >> 16);
			put(&w, &b, 1);
		}
		if (lk_wav_parse(w.b, w.n, &wav, NULL, 0))
			lk_wav_free(&wav);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pcm16_stereo), cmocka_unit_test(test_other_formats),
		cmocka_unit_test(test_truncated),    cmocka_unit_test(test_wrong_format),
		cmocka_unit_test(test_huge),         cmocka_unit_test(test_shipped_sounds),
		cmocka_unit_test(test_garbage),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (bnum_allocs() != 0) {
		fprintf(stderr, "leaked %ld libobs allocations\n", bnum_allocs());
		return 1;
	}
	return rc;
}
