/*
 * Linkon — libFuzzer target for the SSE parser (core/lk-sse.c); built by
 * tests/fuzz/fuzz.cmake, run by tests/fuzz/run-fuzz.sh.
 *
 * Checks on every input: the parser never reads or writes out of bounds,
 * every event it reports is well formed and within the size limit, and
 * feeding the input whole, byte by byte, in pieces of a size the first byte
 * picks, or in pieces of arbitrary sizes (empty ones included) drawn from a
 * generator seeded by the input gives the same events, ids and retry time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include "core/lk-sse.h"

#define FUZZ_MAX_EVENT 256

/* A running digest of the events, so three runs can be compared. */
struct digest {
	uint64_t h;
	uint64_t n;
};

static void mix(struct digest *d, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d->h = (d->h ^ (uint8_t)p[i]) * 0x100000001b3ULL;
	d->h = (d->h ^ 0xff) * 0x100000001b3ULL;
}

static bool on_event(void *param, const struct lk_sse_event *ev)
{
	struct digest *d = param;

	FUZZ_MUST(ev->type && ev->data && ev->id && ev->data[ev->data_len] == '\0');
	FUZZ_MUST(ev->data_len <= FUZZ_MAX_EVENT && strlen(ev->type) <= FUZZ_MAX_EVENT);
	mix(d, ev->type, strlen(ev->type));
	mix(d, ev->data, ev->data_len);
	mix(d, ev->id, strlen(ev->id));
	d->n++;
	return true;
}

struct run {
	struct digest d;
	enum lk_sse_status status;
	int64_t retry;
	char last_id[FUZZ_MAX_EVENT + 1];
};

/* Size of the next piece: step 0 = the rest; step > 0 = step bytes; with a
 * generator (*rng != 0), 0..31 bytes at random. */
static size_t piece(size_t step, uint64_t *rng, size_t left)
{
	size_t n = step ? step : left;
	if (*rng) {
		*rng ^= *rng << 13;
		*rng ^= *rng >> 7;
		*rng ^= *rng << 17;
		n = (size_t)(*rng % 32);
	}
	return n < left ? n : left;
}

static void run(const uint8_t *data, size_t size, size_t step, uint64_t rng, struct run *r)
{
	struct lk_sse *sse = lk_sse_create(FUZZ_MAX_EVENT, on_event, &r->d);

	memset(r, 0, sizeof(*r));
	r->status = LK_SSE_OK;
	for (size_t i = 0; i < size && r->status == LK_SSE_OK;) {
		size_t n = piece(step, &rng, size - i);
		r->status = lk_sse_feed(sse, (const char *)data + i, n);
		i += n;
	}
	r->retry = lk_sse_retry_ms(sse);
	strncpy(r->last_id, lk_sse_last_id(sse), FUZZ_MAX_EVENT);
	lk_sse_reset(sse); /* a reconnect after anything must be clean */
	FUZZ_MUST(lk_sse_feed(sse, "data: x\n\n", 9) == LK_SSE_OK);
	lk_sse_destroy(sse);
}

static bool same(const struct run *a, const struct run *b)
{
	if (a->status != b->status)
		return false;
	/* after an error the events seen depend on where the input was cut */
	if (a->status != LK_SSE_OK)
		return true;
	return a->d.h == b->d.h && a->d.n == b->d.n && a->retry == b->retry && strcmp(a->last_id, b->last_id) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run whole, bytes, split, chunks;

	run(data, size, 0, 0, &whole);
	run(data, size, 1, 0, &bytes);
	run(data, size, size ? (size_t)data[0] % 7 + 1 : 1, 0, &split);
	run(data, size, 0, fuzz_hash(data, size) | 1, &chunks);
	FUZZ_MUST(same(&whole, &bytes));
	FUZZ_MUST(same(&whole, &split));
	FUZZ_MUST(same(&whole, &chunks));
	return 0;
}
