/*
 * Linkon — the gift alerts' sounds: one thread per source decodes the tier
 * sounds (lk-wav.h) and plays them as the source's own audio, so OBS mixes,
 * records and meters them like any audio source (volume fader, monitoring).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: ga_audio_set_sounds (text worker: the source's setup task; UI
 * thread in create) and ga_audio_play (graphics
 * thread, video_tick) only post requests under a->mutex and signal; the
 * sound thread does every file read and decode, and calls
 * obs_source_output_audio in 10 ms chunks, paced by the clock, with
 * timestamps that advance by exactly the samples sent.
 */
#include "lk-gift-alerts-priv.h"
#include "lk-wav.h"

#include <string.h>
#include <util/platform.h>
#include <util/threading.h>
#include <util/util_uint64.h>

#define CHUNKS_PER_SECOND 100
#define LEAD_NS 20000000ULL /* send a chunk this long before it is due */

struct ga_audio {
	obs_source_t *source; /* the owner; outlives us */
	pthread_t thread;
	bool thread_ok;

	/* requests: under mutex, signalled by cond */
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	bool stop;
	char *paths[GA_TIERS];
	bool paths_dirty;
	int play_req; /* tier, -1 = none */
	int ready;

	/* sound thread only */
	struct lk_wav wavs[GA_TIERS];
	char *loaded[GA_TIERS];
};

/* ---- sound thread -------------------------------------------------------- */

/* Decodes the tiers whose file changed; returns how many are usable. */
static int load_sounds(struct ga_audio *a, char *paths[GA_TIERS])
{
	int ready = 0;
	for (int i = 0; i < GA_TIERS; i++) {
		if (!lk_str_same(paths[i], a->loaded[i])) {
			char err[LK_WAV_ERR_SIZE] = "";
			lk_wav_free(&a->wavs[i]);
			if (paths[i] && !lk_wav_load(paths[i], &a->wavs[i], err, sizeof(err)))
				blog(LOG_WARNING,
				     "[linkon] gift alerts '%s': sound '%s' is not usable (%s): tier %d is silent",
				     obs_source_get_name(a->source), paths[i], err, i + 1);
			bfree(a->loaded[i]);
			a->loaded[i] = paths[i] ? bstrdup(paths[i]) : NULL;
		}
		ready += a->wavs[i].frames > 0;
	}
	return ready;
}

/* True when play must stop: a new request or the end. */
static bool interrupted(struct ga_audio *a)
{
	pthread_mutex_lock(&a->mutex);
	bool stop = a->stop || a->play_req >= 0 || a->paths_dirty;
	pthread_mutex_unlock(&a->mutex);
	return stop;
}

static void play(struct ga_audio *a, const struct lk_wav *w)
{
	size_t chunk = w->rate / CHUNKS_PER_SECOND;
	uint64_t start = os_gettime_ns();
	struct obs_source_audio out = {
		.speakers = w->channels == 2 ? SPEAKERS_STEREO : SPEAKERS_MONO,
		.format = AUDIO_FORMAT_FLOAT_PLANAR,
		.samples_per_sec = w->rate,
	};

	for (size_t pos = 0; pos < w->frames && !interrupted(a); pos += chunk) {
		size_t n = w->frames - pos < chunk ? w->frames - pos : chunk;
		out.data[0] = (const uint8_t *)(w->data[0] + pos);
		out.data[1] = w->data[1] ? (const uint8_t *)(w->data[1] + pos) : NULL;
		out.frames = (uint32_t)n;
		out.timestamp = start + util_mul_div64(pos, 1000000000ULL, w->rate);
		obs_source_output_audio(a->source, &out);
		uint64_t next = start + util_mul_div64(pos + n, 1000000000ULL, w->rate);
		if (next > LEAD_NS)
			os_sleepto_ns(next - LEAD_NS);
	}
}

static void *audio_thread(void *data)
{
	struct ga_audio *a = data;
	os_set_thread_name("linkon-gift-audio");

	pthread_mutex_lock(&a->mutex);
	while (!a->stop) {
		if (a->paths_dirty) {
			char *paths[GA_TIERS];
			for (int i = 0; i < GA_TIERS; i++)
				paths[i] = a->paths[i] ? bstrdup(a->paths[i]) : NULL;
			a->paths_dirty = false;
			pthread_mutex_unlock(&a->mutex);
			int ready = load_sounds(a, paths);
			for (int i = 0; i < GA_TIERS; i++)
				bfree(paths[i]);
			pthread_mutex_lock(&a->mutex);
			a->ready = ready;
		} else if (a->play_req >= 0) {
			int tier = a->play_req;
			a->play_req = -1;
			pthread_mutex_unlock(&a->mutex);
			play(a, &a->wavs[tier]);
			pthread_mutex_lock(&a->mutex);
		} else {
			pthread_cond_wait(&a->cond, &a->mutex);
		}
	}
	pthread_mutex_unlock(&a->mutex);
	return NULL;
}

/* ---- other threads ---------------------------------------------------------- */

struct ga_audio *ga_audio_create(obs_source_t *source)
{
	struct ga_audio *a = bzalloc(sizeof(*a));
	a->source = source;
	a->play_req = -1;
	pthread_mutex_init(&a->mutex, NULL);
	pthread_cond_init(&a->cond, NULL);
	a->thread_ok = pthread_create(&a->thread, NULL, audio_thread, a) == 0;
	if (!a->thread_ok)
		blog(LOG_WARNING, "[linkon] gift alerts: no sound thread, alerts are silent");
	return a;
}

void ga_audio_destroy(struct ga_audio *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&a->mutex);
	a->stop = true;
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->mutex);
	if (a->thread_ok)
		pthread_join(a->thread, NULL);
	for (int i = 0; i < GA_TIERS; i++) {
		lk_wav_free(&a->wavs[i]);
		bfree(a->loaded[i]);
		bfree(a->paths[i]);
	}
	pthread_cond_destroy(&a->cond);
	pthread_mutex_destroy(&a->mutex);
	bfree(a);
}

void ga_audio_set_sounds(struct ga_audio *a, const char *const paths[GA_TIERS])
{
	pthread_mutex_lock(&a->mutex);
	for (int i = 0; i < GA_TIERS; i++) {
		bfree(a->paths[i]);
		a->paths[i] = paths[i] && *paths[i] ? bstrdup(paths[i]) : NULL;
	}
	a->paths_dirty = true;
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->mutex);
}

void ga_audio_play(struct ga_audio *a, int tier)
{
	if (tier < 0 || tier >= GA_TIERS)
		return;
	pthread_mutex_lock(&a->mutex);
	a->play_req = tier;
	pthread_cond_signal(&a->cond);
	pthread_mutex_unlock(&a->mutex);
}

int ga_audio_ready_count(struct ga_audio *a)
{
	pthread_mutex_lock(&a->mutex);
	int ready = a->paths_dirty ? 0 : a->ready;
	pthread_mutex_unlock(&a->mutex);
	return ready;
}
