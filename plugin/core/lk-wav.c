/*
 * Linkon — WAV reader (see lk-wav.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-wav.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <util/bmem.h>
#include <util/platform.h>

#define FMT_PCM 1
#define FMT_FLOAT 3
#define FMT_EXTENSIBLE 0xFFFE

struct wav_fmt {
	uint16_t tag;
	uint16_t channels;
	uint32_t rate;
	uint16_t block_align;
	uint16_t bits;
};

static bool fail(char *err, size_t err_size, const char *fmt, ...)
{
	if (err && err_size) {
		va_list args;
		va_start(args, fmt);
		vsnprintf(err, err_size, fmt, args);
		va_end(args);
	}
	return false;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static bool read_fmt(const uint8_t *p, uint32_t size, struct wav_fmt *f, char *err, size_t err_size)
{
	if (size < 16)
		return fail(err, err_size, "WAV: the fmt chunk is too short");
	f->tag = rd16(p);
	f->channels = rd16(p + 2);
	f->rate = rd32(p + 4);
	f->block_align = rd16(p + 12);
	f->bits = rd16(p + 14);
	if (f->tag == FMT_EXTENSIBLE) {
		if (size < 40)
			return fail(err, err_size, "WAV: the extensible fmt chunk is too short");
		f->tag = rd16(p + 24); /* the sub-format GUID starts with the format tag */
	}
	if (f->tag != FMT_PCM && f->tag != FMT_FLOAT)
		return fail(err, err_size, "WAV: format %u is not supported (only PCM or 32-bit float)", f->tag);
	if (f->channels < 1 || f->channels > 2)
		return fail(err, err_size, "WAV: %u channels (only mono or stereo)", f->channels);
	if (f->rate < LK_WAV_MIN_RATE || f->rate > LK_WAV_MAX_RATE)
		return fail(err, err_size, "WAV: %u samples per second (%d..%d supported)", f->rate, LK_WAV_MIN_RATE,
			    LK_WAV_MAX_RATE);
	bool ok_bits =
		f->tag == FMT_FLOAT ? f->bits == 32 : (f->bits == 8 || f->bits == 16 || f->bits == 24 || f->bits == 32);
	if (!ok_bits)
		return fail(err, err_size, "WAV: %u bits per sample is not supported", f->bits);
	if (f->block_align != f->channels * (f->bits / 8))
		return fail(err, err_size, "WAV: inconsistent block size");
	return true;
}

static float sample_at(const uint8_t *p, const struct wav_fmt *f)
{
	switch (f->bits) {
	case 8:
		return ((float)p[0] - 128.0f) / 128.0f;
	case 16:
		return (float)(int16_t)rd16(p) / 32768.0f;
	case 24: {
		int32_t v = (int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24) >> 8;
		return (float)v / 8388608.0f;
	}
	default:
		if (f->tag == FMT_FLOAT) {
			uint32_t u = rd32(p);
			float v;
			memcpy(&v, &u, sizeof(v));
			return v != v ? 0.0f : v < -1.0f ? -1.0f : v > 1.0f ? 1.0f : v; /* NaN → 0 */
		}
		return (float)((double)(int32_t)rd32(p) / 2147483648.0);
	}
}

static bool decode(const uint8_t *p, uint32_t size, const struct wav_fmt *f, struct lk_wav *out, char *err,
		   size_t err_size)
{
	size_t frames = size / f->block_align;
	if (frames == 0)
		return fail(err, err_size, "WAV: no samples");
	if (frames > (size_t)f->rate * LK_WAV_MAX_SECONDS)
		return fail(err, err_size, "WAV: longer than %d seconds", LK_WAV_MAX_SECONDS);

	float *block = bmalloc(frames * f->channels * sizeof(float));
	out->data[0] = block;
	out->data[1] = f->channels == 2 ? block + frames : NULL;
	out->channels = f->channels;
	out->rate = f->rate;
	out->frames = frames;
	size_t bps = f->bits / 8;
	for (size_t i = 0; i < frames; i++)
		for (uint32_t c = 0; c < f->channels; c++)
			out->data[c][i] = sample_at(p + i * f->block_align + c * bps, f);
	return true;
}

bool lk_wav_parse(const void *bytes, size_t len, struct lk_wav *out, char *err, size_t err_size)
{
	const uint8_t *p = bytes;
	struct wav_fmt f = {0};
	bool have_fmt = false;

	memset(out, 0, sizeof(*out));
	if (!p || len < 12 || memcmp(p, "RIFF", 4) != 0 || memcmp(p + 8, "WAVE", 4) != 0)
		return fail(err, err_size, "not a WAV file (no RIFF/WAVE header)");
	if (len > LK_WAV_MAX_BYTES)
		return fail(err, err_size, "WAV: file larger than %d MiB", LK_WAV_MAX_BYTES / (1024 * 1024));

	size_t pos = 12;
	while (pos + 8 <= len) {
		uint32_t size = rd32(p + pos + 4);
		const uint8_t *body = p + pos + 8;
		size_t avail = len - pos - 8;
		if (memcmp(p + pos, "fmt ", 4) == 0) {
			if (size > avail || !read_fmt(body, size, &f, err, err_size))
				return size > avail ? fail(err, err_size, "WAV: truncated fmt chunk") : false;
			have_fmt = true;
		} else if (memcmp(p + pos, "data", 4) == 0) {
			if (!have_fmt)
				return fail(err, err_size, "WAV: data chunk before the fmt chunk");
			if (size > avail)
				return fail(err, err_size, "WAV: truncated (data chunk needs %u bytes, %zu left)", size,
					    avail);
			return decode(body, size, &f, out, err, err_size);
		}
		if (size > avail)
			break;
		pos += 8 + (size_t)size + (size & 1); /* chunks are padded to even sizes */
	}
	return fail(err, err_size, have_fmt ? "WAV: no data chunk" : "WAV: no fmt chunk");
}

bool lk_wav_load(const char *path, struct lk_wav *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof(*out));
	FILE *f = path && *path ? os_fopen(path, "rb") : NULL;
	if (!f)
		return fail(err, err_size, "cannot open the sound file");

	int64_t size = os_fgetsize(f);
	if (size < 0 || size > LK_WAV_MAX_BYTES) {
		fclose(f);
		return fail(err, err_size, "WAV: file larger than %d MiB", LK_WAV_MAX_BYTES / (1024 * 1024));
	}
	uint8_t *buf = bmalloc((size_t)size + 1);
	size_t got = fread(buf, 1, (size_t)size, f);
	fclose(f);
	bool ok = got == (size_t)size ? lk_wav_parse(buf, got, out, err, err_size)
				      : fail(err, err_size, "cannot read the sound file");
	bfree(buf);
	return ok;
}

void lk_wav_free(struct lk_wav *w)
{
	if (!w)
		return;
	bfree(w->data[0]);
	memset(w, 0, sizeof(*w));
}
