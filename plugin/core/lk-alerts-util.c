/*
 * Linkon — the gift alert queue: configuration, shared alert strings and
 * text templates. Pure functions, any thread (no queue state here).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-alerts-priv.h"
#include "lk-money.h"
#include "lk-str.h"

#include <string.h>
#include <util/bmem.h>
#include <util/threading.h>

/* ---- configuration ----------------------------------------------------- */

void lk_alerts_config_default(struct lk_alerts_config *cfg)
{
	static const struct {
		int64_t min_value;
		uint32_t duration_ms;
		float scale;
	} tiers[3] = {{0, 3000, 1.0f}, {100, 5000, 1.25f}, {1000, 8000, 1.5f}};

	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < 3; i++) {
		cfg->tiers[i].min_value = tiers[i].min_value;
		cfg->tiers[i].duration_ms = tiers[i].duration_ms;
		cfg->tiers[i].scale = tiers[i].scale;
	}
	cfg->num_tiers = 3;
	cfg->min_value = 1;
	cfg->gap_ms = 500;
	cfg->max_queue = 50;
	cfg->streak_timeout_ms = 5000;
	cfg->streak_memory_ms = 60000;
	cfg->grow_hold_ms = 2000;
	cfg->max_extend_ms = 5000;
	cfg->count_mode = LK_GIFT_COUNT_CUMULATIVE;
	cfg->dedupe_capacity = LK_GIFT_DEDUPE_DEFAULT;
	cfg->max_streaks = 4096;
	cfg->max_senders = 4096;
}

void lk_alerts_config_copy(struct lk_alerts_config *dst, const struct lk_alerts_config *src)
{
	*dst = *src;
	for (size_t i = 0; i < LK_ALERTS_MAX_TIERS; i++) {
		dst->tiers[i].text = bstrdup(src->tiers[i].text);
		dst->tiers[i].image = bstrdup(src->tiers[i].image);
		dst->tiers[i].sound = bstrdup(src->tiers[i].sound);
	}
	dst->summary_text = bstrdup(src->summary_text);
}

void lk_alerts_config_free(struct lk_alerts_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < LK_ALERTS_MAX_TIERS; i++) {
		bfree(cfg->tiers[i].text);
		bfree(cfg->tiers[i].image);
		bfree(cfg->tiers[i].sound);
		cfg->tiers[i].text = cfg->tiers[i].image = cfg->tiers[i].sound = NULL;
	}
	bfree(cfg->summary_text);
	cfg->summary_text = NULL;
}

static uint32_t clamp_u32(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Tiers in ascending min_value (a stable insertion sort of the few there are). */
static void sort_tiers(struct lk_alerts_config *cfg)
{
	for (size_t i = 1; i < cfg->num_tiers; i++) {
		struct lk_alert_tier t = cfg->tiers[i];
		size_t j = i;
		for (; j > 0 && cfg->tiers[j - 1].min_value > t.min_value; j--)
			cfg->tiers[j] = cfg->tiers[j - 1];
		cfg->tiers[j] = t;
	}
}

void lk_alerts_sanitize_config(struct lk_alerts_config *cfg)
{
	if (cfg->num_tiers == 0) {
		cfg->num_tiers = 1;
		cfg->tiers[0].min_value = 0;
	}
	if (cfg->num_tiers > LK_ALERTS_MAX_TIERS)
		cfg->num_tiers = LK_ALERTS_MAX_TIERS;
	for (size_t i = 0; i < cfg->num_tiers; i++) {
		struct lk_alert_tier *t = &cfg->tiers[i];
		t->duration_ms = clamp_u32(t->duration_ms ? t->duration_ms : 3000, 100, 600000);
		if (!(t->scale > 0.05f && t->scale < 20.0f))
			t->scale = 1.0f;
	}
	sort_tiers(cfg);
	if (cfg->min_value < 0)
		cfg->min_value = 0;
	cfg->gap_ms = clamp_u32(cfg->gap_ms, 0, 60000);
	cfg->max_queue = clamp_u32(cfg->max_queue, 1, LK_ALERTS_MAX_QUEUE);
	cfg->streak_timeout_ms = clamp_u32(cfg->streak_timeout_ms, 100, 600000);
	cfg->streak_memory_ms = clamp_u32(cfg->streak_memory_ms, cfg->streak_timeout_ms, 3600000);
	cfg->grow_hold_ms = clamp_u32(cfg->grow_hold_ms, 0, 60000);
	cfg->max_extend_ms = clamp_u32(cfg->max_extend_ms, 0, 600000);
	if (cfg->count_mode != LK_GIFT_COUNT_DELTA)
		cfg->count_mode = LK_GIFT_COUNT_CUMULATIVE;
	cfg->dedupe_capacity = clamp_u32(cfg->dedupe_capacity, 16, LK_GIFT_DEDUPE_MAX);
	cfg->max_streaks = clamp_u32(cfg->max_streaks, 16, 1u << 20);
	cfg->max_senders = clamp_u32(cfg->max_senders, 16, 1u << 20);
}

uint32_t lk_alerts_tier_of(const struct lk_alerts_config *cfg, int64_t value)
{
	uint32_t tier = 0;
	for (uint32_t i = 1; i < cfg->num_tiers; i++)
		if (value >= cfg->tiers[i].min_value)
			tier = i;
	return tier;
}

/* ---- shared strings of an alert ---------------------------------------- */

/* Length of s cut to at most max bytes without splitting a UTF-8 character. */
static size_t cut_len(const char *s, size_t max)
{
	return lk_utf8_cut(s, s ? strnlen(s, max + 1) : 0, max);
}

struct lk_alert_strings *lk_alert_strings_new(const struct lk_gift_event *ev)
{
	const char *src[6] = {ev->sender_name, ev->sender_avatar, ev->gift_id,
			      ev->gift_name,   ev->gift_image,    ev->platform};
	static const size_t max[6] = {LK_GIFT_MAX_NAME, LK_GIFT_MAX_URL, LK_GIFT_MAX_ID,
				      LK_GIFT_MAX_NAME, LK_GIFT_MAX_URL, LK_GIFT_MAX_PLATFORM};
	size_t len[6], total = 0;

	for (int i = 0; i < 6; i++) {
		len[i] = cut_len(src[i], max[i]);
		total += len[i] + 1;
	}
	struct lk_alert_strings *s = bmalloc(sizeof(*s) + total);
	const char *out[6];
	char *w = s->data;
	for (int i = 0; i < 6; i++) {
		if (len[i])
			memcpy(w, src[i], len[i]);
		w[len[i]] = '\0';
		out[i] = w;
		w += len[i] + 1;
	}
	s->refs = 1;
	s->sender_name = out[0];
	s->sender_avatar = src[1] && *src[1] ? out[1] : NULL; /* URLs keep "none" as NULL */
	s->gift_id = out[2];
	s->gift_name = out[3];
	s->gift_image = src[4] && *src[4] ? out[4] : NULL;
	s->platform = src[5] && *src[5] ? out[5] : NULL;
	return s;
}

struct lk_alert_strings *lk_alert_strings_addref(struct lk_alert_strings *s)
{
	if (s)
		os_atomic_inc_long(&s->refs);
	return s;
}

void lk_alert_strings_release(struct lk_alert_strings *s)
{
	if (s && os_atomic_dec_long(&s->refs) == 0)
		bfree(s);
}

void lk_alert_view_release(struct lk_alert_view *view)
{
	if (!view)
		return;
	lk_alert_strings_release(view->priv);
	memset(view, 0, sizeof(*view));
}

/* ---- text templates ---------------------------------------------------- */

static bool placeholder(struct dstr *out, const char *name, size_t n, const struct lk_alert_view *v)
{
#define IS(word) (n == sizeof(word) - 1 && memcmp(name, word, n) == 0)
	if (IS("sender"))
		dstr_cat(out, v->sender_name ? v->sender_name : "");
	else if (IS("gift"))
		dstr_cat(out, v->gift_name ? v->gift_name : "");
	else if (IS("count"))
		dstr_catf(out, "%lld", (long long)v->count);
	else if (IS("value"))
		dstr_catf(out, "%lld", (long long)v->value);
	else if (IS("senders"))
		dstr_catf(out, "%lld%s", (long long)v->senders, v->senders_more ? "+" : "");
	else if (IS("money")) {
		if (v->money > 0 && v->currency[0]) {
			struct dstr m = {0};
			dstr_cat(out, lk_money_format(&m, v->money, v->currency));
			dstr_free(&m);
		}
	} else
		return false;
	return true;
#undef IS
}

const char *lk_alert_format(struct dstr *out, const char *tmpl, const struct lk_alert_view *view)
{
	dstr_copy(out, "");
	for (const char *p = tmpl ? tmpl : ""; *p;) {
		const char *close = p[0] == '{' && p[1] != '{' ? strchr(p + 1, '}') : NULL;
		if (p[0] == '{' && p[1] == '{') {
			dstr_cat_ch(out, '{');
			p += 2;
		} else if (close && placeholder(out, p + 1, (size_t)(close - p - 1), view)) {
			p = close + 1;
		} else {
			const char *next = strchr(p + 1, '{');
			size_t n = next ? (size_t)(next - p) : strlen(p);
			dstr_ncat(out, p, n);
			p += n;
		}
	}
	return out->array ? out->array : "";
}
