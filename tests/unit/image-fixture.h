/*
 * Linkon — test helper: a fixture file of tests/fixtures read whole into the
 * heap (exactly its length, so AddressSanitizer sees any read past it).
 * Include after <cmocka.h>; needs LK_SOURCE_DIR.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>

struct blob {
	uint8_t *data;
	size_t len;
};

static struct blob read_fixture(const char *name)
{
	char path[1024];
	struct blob b = {0};

	snprintf(path, sizeof(path), "%s/tests/fixtures/%s", LK_SOURCE_DIR, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	assert_true(size > 0 && size < 1024 * 1024);
	rewind(f);
	b.data = malloc((size_t)size);
	assert_non_null(b.data);
	b.len = fread(b.data, 1, (size_t)size, f);
	assert_int_equal(b.len, (size_t)size);
	fclose(f);
	return b;
}
