/*
 * Linkon — a small deterministic PRNG (xoshiro256** seeded by splitmix64).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Header-only, no global state: every generator is a plain struct owned by
 * its user, so one thread at a time per struct. The same seed gives the same
 * sequence on every platform (integer arithmetic only). Not for secrets.
 */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_rand {
	uint64_t s[4];
};

/* One splitmix64 step: advances *state and returns a well-mixed value. */
static inline uint64_t lk_rand_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Seeds the generator; every seed (including 0) gives a usable state. */
static inline void lk_rand_seed(struct lk_rand *r, uint64_t seed)
{
	uint64_t sm = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = lk_rand_splitmix64(&sm);
}

static inline uint64_t lk_rand_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* Next 64 random bits (xoshiro256**). */
static inline uint64_t lk_rand_next(struct lk_rand *r)
{
	uint64_t *s = r->s;
	uint64_t result = lk_rand_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = lk_rand_rotl(s[3], 45);
	return result;
}

/* Uniform integer in [0, n) without modulo bias; n == 0 returns 0. */
static inline uint64_t lk_rand_below(struct lk_rand *r, uint64_t n)
{
	if (n == 0)
		return 0;
	/* reject the top partial bucket so every residue is equally likely */
	uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
	uint64_t x;
	do {
		x = lk_rand_next(r);
	} while (x >= limit);
	return x % n;
}

/* Uniform integer in [lo, hi] (inclusive); returns lo when hi <= lo. */
static inline int64_t lk_rand_range(struct lk_rand *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
	if (span == 0) /* the full int64 range */
		return (int64_t)lk_rand_next(r);
	return (int64_t)((uint64_t)lo + lk_rand_below(r, span));
}

/* True with probability percent / 100. */
static inline int lk_rand_percent(struct lk_rand *r, unsigned percent)
{
	return lk_rand_below(r, 100) < percent;
}

#ifdef __cplusplus
}
#endif
