/*
 * Linkon — helpers shared by the libFuzzer targets in tests/fuzz.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise: print why and abort (libFuzzer saves the input). */
#define FUZZ_MUST(cond)                                                                                \
	do {                                                                                           \
		if (!(cond)) {                                                                         \
			fprintf(stderr, "fuzz: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                       \
		}                                                                                      \
	} while (0)

/* Input split into records at FUZZ_SEP bytes (0xFF never occurs in UTF-8
 * text, so JSON records stay intact): fuzz_next() gives the next record. */
#define FUZZ_SEP 0xFF

struct fuzz_reader {
	const uint8_t *p;
	const uint8_t *end;
	bool done;
};

static inline void fuzz_reader_init(struct fuzz_reader *r, const uint8_t *data, size_t size)
{
	r->p = data;
	r->end = data + size;
	r->done = false;
}

static inline bool fuzz_next(struct fuzz_reader *r, const uint8_t **rec, size_t *len)
{
	if (r->done)
		return false;
	const uint8_t *sep = r->p < r->end ? memchr(r->p, FUZZ_SEP, (size_t)(r->end - r->p)) : NULL;
	*rec = r->p;
	*len = (size_t)((sep ? sep : r->end) - r->p);
	if (sep)
		r->p = sep + 1;
	else
		r->done = true;
	return true;
}

/* A NUL-terminated malloc'd copy of n bytes (free()). */
static inline char *fuzz_strndup(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);
	FUZZ_MUST(s != NULL);
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* 64-bit FNV-1a, to seed the choices a target derives from its input. */
static inline uint64_t fuzz_hash(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}
