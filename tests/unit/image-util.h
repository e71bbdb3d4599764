/*
 * Linkon — test helper: hand-made GIF files for the image probe and cache
 * tests (header only, no cmocka).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Bytes test_gif() writes for n frames. */
#define TEST_GIF_LEN(n) (13 + 12 * (n) + 1)

/* A GIF89a with a screen_cx x screen_cy logical screen, no colour table, and
 * `frames` image descriptors of cx x cy at (x, y), each with an empty LZW
 * stream (code size 2), then the trailer: the shape of the review's 315-byte
 * file. buf holds TEST_GIF_LEN(frames) bytes; returns that length. */
static inline size_t test_gif(uint8_t *buf, uint16_t screen_cx, uint16_t screen_cy, size_t frames, uint16_t x,
			      uint16_t y, uint16_t cx, uint16_t cy)
{
	const uint8_t head[13] = {'G',
				  'I',
				  'F',
				  '8',
				  '9',
				  'a',
				  (uint8_t)screen_cx,
				  (uint8_t)(screen_cx >> 8),
				  (uint8_t)screen_cy,
				  (uint8_t)(screen_cy >> 8),
				  0,
				  0,
				  0};
	const uint8_t frame[12] = {0x2C,
				   (uint8_t)x,
				   (uint8_t)(x >> 8),
				   (uint8_t)y,
				   (uint8_t)(y >> 8),
				   (uint8_t)cx,
				   (uint8_t)(cx >> 8),
				   (uint8_t)cy,
				   (uint8_t)(cy >> 8),
				   0,
				   2,
				   0};
	size_t len = sizeof(head);
	memcpy(buf, head, len);
	for (size_t i = 0; i < frames; i++, len += sizeof(frame))
		memcpy(buf + len, frame, sizeof(frame));
	buf[len++] = 0x3B;
	return len;
}
