/*
 * Linkon — libFuzzer harness for the pure image helpers (lk-image-probe.c):
 * header probing, the GIF frame walk, key classification and redaction.
 * Not part of the normal build (no .cmake registers it). Build and run with
 * clang from the repository root:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iplugin -I/usr/include/obs \
 *       tests/unit/fuzz-image-probe.c plugin/core/lk-image-probe.c -lobs -o /tmp/fuzz-image-probe
 *   mkdir -p /tmp/fuzz-corpus && cp tests/fixtures/image-* /tmp/fuzz-corpus/
 *   /tmp/fuzz-image-probe -max_total_time=60 -max_len=4096 /tmp/fuzz-corpus
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <util/bmem.h>
#include <util/dstr.h>

#include "core/lk-image-probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_probe(const uint8_t *data, size_t size)
{
	struct lk_image_info info;
	bool ok = lk_image_probe(data, size, &info);

	/* a success names a format and two non-zero sides; a failure leaves
	 * the sides at zero */
	if (ok && (!info.format || !info.cx || !info.cy))
		abort();
	if (!ok && (info.cx || info.cy))
		abort();
	/* one byte less never gives a different answer */
	if (ok && size > 0) {
		struct lk_image_info shorter;
		if (lk_image_probe(data, size - 1, &shorter) &&
		    (shorter.cx != info.cx || shorter.cy != info.cy || strcmp(shorter.format, info.format) != 0))
			abort();
	}
	/* the GIF walk stays inside the buffer; a frame takes >= 12 bytes */
	if (lk_image_gif_frames(data, size) > size / 12)
		abort();
}

static void check_key(const uint8_t *data, size_t size)
{
	char *key = bmalloc(size + 1);
	memcpy(key, data, size);
	key[size] = '\0';

	struct dstr out = {0};
	enum lk_image_key_kind kind = lk_image_key_kind(key);
	lk_image_key_redact(&out, key);
	if (out.len > 203)
		abort();
	/* nothing after a URL's '?' or '#' reaches the log: the output is at
	 * most what came before it plus "?..." */
	size_t query = strcspn(key, "?#");
	if (kind != LK_IMAGE_KEY_FILE && key[query] && out.len > query + 4)
		abort();
	dstr_free(&out);
	bfree(key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_probe(data, size);
	check_key(data, size);
	return 0;
}
