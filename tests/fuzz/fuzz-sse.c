/*
 * Linkon — libFuzzer harness for the SSE parser (core/lk-sse.c).
 * Not part of the normal build (no .cmake registers it). Build and run with
 * clang from the repository root:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iplugin -I/usr/include/obs \
 *       tests/unit/fuzz-sse.c plugin/core/lk-sse.c -lobs -o /tmp/fuzz-sse
 *   /tmp/fuzz-sse -max_total_time=60 -max_len=4096
 *
 * Checks on every input: the parser never reads or writes out of bounds,
 * every event it reports is well formed and within the size limit, and
 * feeding the input whole, byte by byte, or split where the first byte
 * says gives the same events, ids and retry time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lk-sse.h"

#define FUZZ_MAX_EVENT 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

	if (!ev->type || !ev->data || !ev->id || ev->data[ev->data_len] != '\0')
		abort();
	if (ev->data_len > FUZZ_MAX_EVENT || strlen(ev->type) > FUZZ_MAX_EVENT)
		abort();
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

/* step 0: the whole input at once; else pieces of step bytes. */
static void run(const uint8_t *data, size_t size, size_t step, struct run *r)
{
	struct lk_sse *sse = lk_sse_create(FUZZ_MAX_EVENT, on_event, &r->d);

	memset(r, 0, sizeof(*r));
	r->status = LK_SSE_OK;
	for (size_t i = 0; i < size && r->status == LK_SSE_OK;) {
		size_t n = step && step < size - i ? step : size - i;
		r->status = lk_sse_feed(sse, (const char *)data + i, n);
		i += n;
	}
	r->retry = lk_sse_retry_ms(sse);
	strncpy(r->last_id, lk_sse_last_id(sse), FUZZ_MAX_EVENT);
	lk_sse_reset(sse); /* a reconnect after anything must be clean */
	if (lk_sse_feed(sse, "data: x\n\n", 9) != LK_SSE_OK)
		abort();
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
	struct run whole, bytes, split;

	run(data, size, 0, &whole);
	run(data, size, 1, &bytes);
	run(data, size, size ? (size_t)data[0] % 7 + 1 : 1, &split);
	if (!same(&whole, &bytes) || !same(&whole, &split))
		abort();
	return 0;
}
