/*
 * Linkon benches — the graphics thread's CPU time per frame, read once a
 * frame on that thread (a main render callback), so time the busy
 * machine's scheduler takes away does not count. Header-only: one
 * recorder per bench program.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   obs_add_main_render_callback(bench_on_frame, NULL);
 *   bench_frames_start(); ... bench_frames_stop(); bench_frames_count();
 */
#pragma once

#include <util/threading.h>

#include <stdint.h>
#include <time.h>

#define BENCH_MAX_FRAMES 4096

static volatile long bench_measuring;
static uint64_t bench_last_cpu;
static double bench_frame_ms[BENCH_MAX_FRAMES];
static volatile long bench_num_frames;

static inline uint64_t bench_thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Graphics thread, once a frame: the CPU time since the previous frame. */
static inline void bench_on_frame(void *data, uint32_t cx, uint32_t cy)
{
	(void)data, (void)cx, (void)cy;
	uint64_t now = bench_thread_cpu_ns();
	long n = os_atomic_load_long(&bench_num_frames);
	if (os_atomic_load_long(&bench_measuring) && bench_last_cpu && n < BENCH_MAX_FRAMES) {
		bench_frame_ms[n] = (double)(now - bench_last_cpu) / 1e6;
		os_atomic_set_long(&bench_num_frames, n + 1);
	}
	bench_last_cpu = now;
}

/* Forgets the frames recorded so far and records from the next one. */
static inline void bench_frames_start(void)
{
	os_atomic_set_long(&bench_num_frames, 0);
	os_atomic_set_long(&bench_measuring, 1);
}

static inline void bench_frames_stop(void)
{
	os_atomic_set_long(&bench_measuring, 0);
}

static inline long bench_frames_count(void)
{
	return os_atomic_load_long(&bench_num_frames);
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}
