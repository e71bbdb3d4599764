/*
 * Linkon — still PNG, JPEG and WebP decoding (see lk-image-decode.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-image-decode.h"

#include <setjmp.h>
#include <stdio.h> /* jpeglib.h needs FILE */
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>

#include <util/bmem.h>

static bool fits(uint32_t cx, uint32_t cy, uint32_t max_side, uint64_t max_bytes)
{
	return cx && cy && cx <= max_side && cy <= max_side && (uint64_t)cx * cy * 4 <= max_bytes;
}

/* Straight alpha to premultiplied, in place (what libobs' loader gives with
 * GS_IMAGE_ALPHA_PREMULTIPLY), rounded to nearest. */
static void premultiply(uint8_t *px, size_t pixels)
{
	for (size_t i = 0; i < pixels; i++, px += 4) {
		uint32_t a = px[3];
		if (a == 255)
			continue;
		px[0] = (uint8_t)((px[0] * a + 127) / 255);
		px[1] = (uint8_t)((px[1] * a + 127) / 255);
		px[2] = (uint8_t)((px[2] * a + 127) / 255);
	}
}

/* ---- PNG: libpng's simplified API (errors are caught inside it) ------------ */

static enum lk_image_decode_result decode_png(const uint8_t *buf, size_t len, uint32_t max_side, uint64_t max_bytes,
					      struct lk_image_pixels *out)
{
	png_image image;
	memset(&image, 0, sizeof(image));
	image.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&image, buf, len))
		return LK_IMAGE_BROKEN;
	if (!fits(image.width, image.height, max_side, max_bytes)) {
		png_image_free(&image);
		return LK_IMAGE_BROKEN;
	}
	image.format = PNG_FORMAT_RGBA;
	uint8_t *px = bmalloc((size_t)image.width * image.height * 4);
	if (!png_image_finish_read(&image, NULL, px, 0, NULL)) {
		png_image_free(&image);
		bfree(px);
		return LK_IMAGE_BROKEN;
	}
	out->px = px;
	out->cx = image.width;
	out->cy = image.height;
	return LK_IMAGE_DECODED;
}

/* ---- JPEG: libjpeg-turbo, errors longjmp back here ------------------------ */

struct jpeg_trap {
	struct jpeg_error_mgr mgr; /* first: libjpeg hands back this pointer */
	jmp_buf back;
};

static void jpeg_fail(j_common_ptr c)
{
	longjmp(((struct jpeg_trap *)c->err)->back, 1);
}

static void jpeg_quiet(j_common_ptr c)
{
	(void)c; /* warnings (corrupt data the decoder goes on past) are not printed */
}

static void jpeg_scan_limit(j_common_ptr c)
{
	if (c->is_decompressor && ((j_decompress_ptr)c)->input_scan_number > LK_IMAGE_JPEG_MAX_SCANS)
		longjmp(((struct jpeg_trap *)c->err)->back, 1);
}

static enum lk_image_decode_result decode_jpeg(const uint8_t *buf, size_t len, uint32_t max_side, uint64_t max_bytes,
					       struct lk_image_pixels *out)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_trap trap;
	struct jpeg_progress_mgr progress = {.progress_monitor = jpeg_scan_limit};
	uint8_t *volatile px = NULL;
	volatile enum lk_image_decode_result result = LK_IMAGE_BROKEN;

	memset(&cinfo, 0, sizeof(cinfo));
	cinfo.err = jpeg_std_error(&trap.mgr);
	trap.mgr.error_exit = jpeg_fail;
	trap.mgr.output_message = jpeg_quiet;
	if (setjmp(trap.back)) {
		jpeg_destroy_decompress(&cinfo);
		bfree(px);
		return result;
	}
	jpeg_create_decompress(&cinfo);
	cinfo.progress = &progress;
	jpeg_mem_src(&cinfo, buf, (unsigned long)len);
	if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK)
		longjmp(trap.back, 1);
	if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
		result = LK_IMAGE_NOT_MINE; /* no CMYK to RGB in libjpeg: libobs' */
		longjmp(trap.back, 1);
	}
	if (!fits(cinfo.image_width, cinfo.image_height, max_side, max_bytes))
		longjmp(trap.back, 1);
	cinfo.out_color_space = JCS_EXT_RGBA;
	jpeg_start_decompress(&cinfo);
	if (cinfo.output_width != cinfo.image_width || cinfo.output_height != cinfo.image_height ||
	    cinfo.output_components != 4)
		longjmp(trap.back, 1);
	size_t stride = (size_t)cinfo.output_width * 4;
	px = bmalloc(stride * cinfo.output_height);
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row = px + stride * cinfo.output_scanline;
		if (jpeg_read_scanlines(&cinfo, &row, 1) != 1)
			longjmp(trap.back, 1);
	}
	jpeg_finish_decompress(&cinfo);
	out->px = px;
	out->cx = cinfo.output_width;
	out->cy = cinfo.output_height;
	jpeg_destroy_decompress(&cinfo);
	return LK_IMAGE_DECODED; /* opaque: nothing to premultiply */
}

/* ---- WebP: libwebp, still images only ----------------------------------- */

static enum lk_image_decode_result decode_webp(const uint8_t *buf, size_t len, uint32_t max_side, uint64_t max_bytes,
					       struct lk_image_pixels *out)
{
	WebPBitstreamFeatures f;
	if (WebPGetFeatures(buf, len, &f) != VP8_STATUS_OK || f.width <= 0 || f.height <= 0)
		return LK_IMAGE_BROKEN;
	if (f.has_animation)
		return LK_IMAGE_NOT_MINE;
	uint32_t cx = (uint32_t)f.width, cy = (uint32_t)f.height;
	if (!fits(cx, cy, max_side, max_bytes))
		return LK_IMAGE_BROKEN;
	size_t size = (size_t)cx * cy * 4;
	uint8_t *px = bmalloc(size);
	if (!WebPDecodeRGBAInto(buf, len, px, size, (int)cx * 4)) {
		bfree(px);
		return LK_IMAGE_BROKEN;
	}
	out->px = px;
	out->cx = cx;
	out->cy = cy;
	return LK_IMAGE_DECODED;
}

static bool starts_with(const uint8_t *buf, size_t len, const void *magic, size_t at, size_t n)
{
	return len >= at + n && memcmp(buf + at, magic, n) == 0;
}

enum lk_image_decode_result lk_image_decode(const uint8_t *buf, size_t len, uint32_t max_side, uint64_t max_bytes,
					    struct lk_image_pixels *out)
{
	static const uint8_t png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	static const uint8_t jpeg_magic[3] = {0xff, 0xd8, 0xff};
	enum lk_image_decode_result r = LK_IMAGE_NOT_MINE;

	memset(out, 0, sizeof(*out));
	if (!buf || !len)
		return LK_IMAGE_NOT_MINE;
	if (starts_with(buf, len, png_magic, 0, sizeof(png_magic)))
		r = decode_png(buf, len, max_side, max_bytes, out);
	else if (starts_with(buf, len, jpeg_magic, 0, sizeof(jpeg_magic)))
		r = decode_jpeg(buf, len, max_side, max_bytes, out);
	else if (starts_with(buf, len, "RIFF", 0, 4) && starts_with(buf, len, "WEBP", 8, 4))
		r = decode_webp(buf, len, max_side, max_bytes, out);
	if (r != LK_IMAGE_DECODED)
		memset(out, 0, sizeof(*out));
	else
		premultiply(out->px, (size_t)out->cx * out->cy);
	return r;
}
