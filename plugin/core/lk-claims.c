/*
 * Linkon — comments that claim products: rules, claims, rate limits.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-claims.h"
#include "lk-gift-dedupe.h"
#include "lk-gift.h"
#include "lk-store.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <util/bmem.h>
#include <util/darray.h>
#include <util/threading.h>

/* ---- normalising -------------------------------------------------------------- */

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Maps the character at s (n bytes) to its normal form in out (returns its
 * length, 0 = a space). */
static size_t norm_char(const unsigned char *s, size_t n, char out[4])
{
	if (n == 1) {
		unsigned char c = s[0];
		if (c <= 0x20 || c == 0x7F)
			return 0;
		out[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		return 1;
	}
	if (n == 2 && s[0] == 0xD9 && s[1] >= 0xA0 && s[1] <= 0xA9) { /* Arabic-Indic digits */
		out[0] = (char)('0' + (s[1] - 0xA0));
		return 1;
	}
	if (n == 2 && s[0] == 0xDB && s[1] >= 0xB0 && s[1] <= 0xB9) { /* Persian digits */
		out[0] = (char)('0' + (s[1] - 0xB0));
		return 1;
	}
	if (n == 2 && s[0] == 0xD0 && s[1] >= 0x90 && s[1] <= 0xAF) { /* Cyrillic А..Я */
		out[0] = (char)(s[1] <= 0x9F ? 0xD0 : 0xD1);
		out[1] = (char)(s[1] <= 0x9F ? s[1] + 0x20 : s[1] - 0x20);
		return 2;
	}
	if (n == 2 && s[0] == 0xC2 && s[1] == 0xA0) /* no-break space */
		return 0;
	if (n == 3 && s[0] == 0xE0 && s[1] == 0xA5 && s[2] >= 0xA6 && s[2] <= 0xAF) { /* Devanagari digits */
		out[0] = (char)('0' + (s[2] - 0xA6));
		return 1;
	}
	if (n == 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) /* ideographic space */
		return 0;
	if (n == 3 && s[0] == 0xEF && (s[1] == 0xBC || s[1] == 0xBD)) { /* full-width ASCII U+FF01..U+FF5E */
		unsigned cp = 0xFF00u + ((unsigned)(s[1] - 0xBC) << 6) + (s[2] & 0x3F);
		if (cp >= 0xFF01 && cp <= 0xFF5E) {
			unsigned char c = (unsigned char)(cp - 0xFF01 + 0x21);
			out[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			return 1;
		}
	}
	memcpy(out, s, n);
	return n;
}

size_t lk_claim_normalize(const char *text, char *out, size_t out_size)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	size_t o = 0;
	bool space = false;

	if (!out_size)
		return 0;
	while (*s) {
		size_t n = utf8_len(*s);
		for (size_t i = 1; i < n; i++) {
			if (!s[i]) { /* cut short: stop */
				n = 0;
				break;
			}
		}
		if (!n)
			break;
		char m[4];
		size_t k = norm_char(s, n, m);
		s += n;
		if (k == 0) {
			space = o > 0;
			continue;
		}
		if (o + (space ? 1 : 0) + k >= out_size)
			break;
		if (space)
			out[o++] = ' ';
		space = false;
		memcpy(out + o, m, k);
		o += k;
	}
	out[o] = '\0';
	return o;
}

/* ---- rules --------------------------------------------------------------------- */

static const char *const default_words[] = {
	"i want", "want", "buy",  "quiero", "je veux", "veux",     "ich will", "will",   "quero", "voglio",
	"хочу",   "我要", "想要", "要",     "欲しい",  "ください", "원해요",   "주세요", "أريد",  "चाहिए",
};

static void add_word(char (*list)[LK_CLAIM_MAX_WORD + 1], size_t *num, const char *w)
{
	if (*num < LK_CLAIM_MAX_WORDS && lk_claim_normalize(w, list[*num], LK_CLAIM_MAX_WORD + 1) > 0)
		(*num)++;
}

void lk_claim_rules_default(struct lk_claim_rules *r)
{
	memset(r, 0, sizeof(*r));
	r->enabled = true;
	for (size_t i = 0; i < sizeof(default_words) / sizeof(default_words[0]); i++)
		add_word(r->words, &r->num_words, default_words[i]);
	add_word(r->pinned, &r->num_pinned, "+1");
	snprintf(r->actions[0].keyword, sizeof(r->actions[0].keyword), "!link");
	r->actions[0].action = LK_CLAIM_ACTION_SHOW_QR;
	r->actions[0].seconds = 8;
	r->num_actions = 1;
	r->viewer_cooldown_ms = 30000;
	r->global_cooldown_ms = 5000;
}

static bool words_from_json(const json_t *arr, const char *key, char (*list)[LK_CLAIM_MAX_WORD + 1], size_t *num,
			    char *err, size_t err_size)
{
	size_t i;
	json_t *v;

	if (!arr)
		return true;
	if (!json_is_array(arr) || json_array_size(arr) > LK_CLAIM_MAX_WORDS) {
		snprintf(err, err_size, "claims.%s: must be a list of at most %d words", key, LK_CLAIM_MAX_WORDS);
		return false;
	}
	*num = 0;
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > LK_CLAIM_MAX_WORD) {
			snprintf(err, err_size, "claims.%s[%zu]: must be a word of 1..%d bytes", key, i,
				 LK_CLAIM_MAX_WORD);
			return false;
		}
		add_word(list, num, json_string_value(v));
	}
	return true;
}

static bool actions_from_json(const json_t *arr, struct lk_claim_rules *r, char *err, size_t err_size)
{
	size_t i;
	json_t *v;

	if (!arr)
		return true;
	if (!json_is_array(arr) || json_array_size(arr) > LK_CLAIM_MAX_ACTIONS) {
		snprintf(err, err_size, "claims.actions: must be a list of at most %d actions", LK_CLAIM_MAX_ACTIONS);
		return false;
	}
	r->num_actions = 0;
	json_array_foreach(arr, i, v)
	{
		const char *kw = json_string_value(json_object_get(v, "keyword"));
		const char *act = json_string_value(json_object_get(v, "action"));
		json_t *secs = json_object_get(v, "seconds");
		struct lk_claim_action_rule *a = &r->actions[r->num_actions];

		if (!kw || !*kw || strlen(kw) > LK_CLAIM_MAX_WORD || !act || strcmp(act, "show_qr") != 0 ||
		    (secs &&
		     (!json_is_integer(secs) || json_integer_value(secs) < 1 || json_integer_value(secs) > 60))) {
			snprintf(err, err_size,
				 "claims.actions[%zu]: needs a keyword, \"action\": \"show_qr\" and seconds 1..60", i);
			return false;
		}
		lk_claim_normalize(kw, a->keyword, sizeof(a->keyword));
		a->action = LK_CLAIM_ACTION_SHOW_QR;
		a->seconds = secs ? (int64_t)json_integer_value(secs) : 8;
		r->num_actions++;
	}
	return true;
}

static bool ms_from_json(const json_t *obj, const char *key, int64_t *out, char *err, size_t err_size)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 3600000) {
		snprintf(err, err_size, "claims.%s: must be 0..3600000 ms", key);
		return false;
	}
	*out = (int64_t)json_integer_value(v);
	return true;
}

bool lk_claim_rules_from_json(const json_t *obj, struct lk_claim_rules *rules, char *err, size_t err_size)
{
	struct lk_claim_rules *r = bmalloc(sizeof(*r));
	bool ok = true;

	lk_claim_rules_default(r);
	if (obj && !json_is_object(obj)) {
		snprintf(err, err_size, "claims: must be an object");
		ok = false;
	} else if (obj) {
		json_t *en = json_object_get(obj, "enabled");
		if (en && !json_is_boolean(en)) {
			snprintf(err, err_size, "claims.enabled: must be true or false");
			ok = false;
		}
		r->enabled = en ? json_is_true(en) : true;
		ok = ok &&
		     words_from_json(json_object_get(obj, "words"), "words", r->words, &r->num_words, err, err_size) &&
		     words_from_json(json_object_get(obj, "pinned"), "pinned", r->pinned, &r->num_pinned, err,
				     err_size) &&
		     actions_from_json(json_object_get(obj, "actions"), r, err, err_size) &&
		     ms_from_json(obj, "viewer_cooldown_ms", &r->viewer_cooldown_ms, err, err_size) &&
		     ms_from_json(obj, "global_cooldown_ms", &r->global_cooldown_ms, err, err_size);
	}
	if (ok)
		*rules = *r;
	bfree(r);
	return ok;
}

/* ---- matching ------------------------------------------------------------------ */

/* The longest word of list that t starts with: its length, or 0. */
static size_t starts_with_word(const char *t, const char (*list)[LK_CLAIM_MAX_WORD + 1], size_t num)
{
	size_t best = 0;
	for (size_t i = 0; i < num; i++) {
		size_t n = strlen(list[i]);
		if (n > best && strncmp(t, list[i], n) == 0)
			best = n;
	}
	return best;
}

static bool is_word(const char *t, const char (*list)[LK_CLAIM_MAX_WORD + 1], size_t num)
{
	for (size_t i = 0; i < num; i++) {
		if (strcmp(t, list[i]) == 0)
			return true;
	}
	return false;
}

static const char *skip_space(const char *p)
{
	return *p == ' ' ? p + 1 : p;
}

/* [word][ ]["#" | "no." | "no"][ ]digits[marker][ ][word] */
static int match_slot(const struct lk_claim_rules *r, const char *t)
{
	const char *p = t;
	size_t w = starts_with_word(p, r->words, r->num_words);
	bool word_before = false;

	/* a word must not run into letters: "wanted 3" is no "want" */
	if (w && (p[w] == ' ' || p[w] == '#' || (p[w] >= '0' && p[w] <= '9') || (unsigned char)p[w - 1] >= 0x80)) {
		p = skip_space(p + w);
		word_before = true;
	}
	if (*p == '#')
		p = skip_space(p + 1);
	else if (strncmp(p, "no.", 3) == 0)
		p = skip_space(p + 3);
	else if (strncmp(p, "no", 2) == 0 && (p[2] == ' ' || (p[2] >= '0' && p[2] <= '9')))
		p = skip_space(p + 2);

	int slot = 0, digits = 0;
	while (*p >= '0' && *p <= '9' && digits < 4) {
		slot = slot * 10 + (*p - '0');
		digits++;
		p++;
	}
	if (digits == 0 || digits > 3 || slot == 0)
		return 0;
	static const char *const markers[] = {"号", "番", "번"};
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		size_t n = strlen(markers[i]);
		if (strncmp(p, markers[i], n) == 0) {
			p += n;
			break;
		}
	}
	p = skip_space(p);
	if (*p && (word_before || !is_word(p, r->words, r->num_words)))
		return 0; /* more than a number and at most one word each side */
	return slot;
}

void lk_claim_match(const struct lk_claim_rules *r, const char *text, struct lk_claim_match *m)
{
	memset(m, 0, sizeof(*m));
	if (!r->enabled || lk_claim_normalize(text, m->text, sizeof(m->text)) == 0)
		return;
	for (size_t i = 0; i < r->num_actions; i++) {
		size_t n = strlen(r->actions[i].keyword);
		if (n && strncmp(m->text, r->actions[i].keyword, n) == 0 && (m->text[n] == '\0' || m->text[n] == ' ')) {
			m->kind = LK_CLAIM_ACTION;
			m->action = i;
			return;
		}
	}
	if (is_word(m->text, r->pinned, r->num_pinned)) {
		m->kind = LK_CLAIM_PINNED;
		return;
	}
	int slot = match_slot(r, m->text);
	if (slot) {
		m->kind = LK_CLAIM_SLOT;
		m->slot = slot;
		return;
	}
	m->kind = LK_CLAIM_TEXT;
}

struct lk_product *lk_claim_resolve(const struct lk_claim_match *m, const struct lk_snapshot *snap)
{
	if (!snap)
		return NULL;
	switch (m->kind) {
	case LK_CLAIM_SLOT:
		return m->slot >= 1 && (size_t)m->slot <= snap->num_cart ? snap->cart[m->slot - 1] : NULL;
	case LK_CLAIM_PINNED:
		return snap->pinned;
	case LK_CLAIM_TEXT:
		for (size_t i = 0; i < snap->num_cart; i++) {
			const char *sku = snap->cart[i]->sku;
			if (sku && *sku && strcasecmp(sku, m->text) == 0)
				return snap->cart[i];
		}
		return NULL;
	default:
		return NULL;
	}
}

/* ---- the table ----------------------------------------------------------------- */

struct lk_claim_table *lk_claim_table_addref(struct lk_claim_table *t)
{
	if (t)
		os_atomic_inc_long(&t->refs);
	return t;
}

void lk_claim_table_release(struct lk_claim_table *t)
{
	if (!t || os_atomic_dec_long(&t->refs) > 0)
		return;
	for (size_t i = 0; i < t->num; i++)
		bfree(t->items[i].product_id);
	bfree(t->items);
	bfree(t);
}

int64_t lk_claim_table_count(const struct lk_claim_table *t, const char *product_id)
{
	for (size_t i = 0; t && product_id && i < t->num; i++) {
		if (strcmp(t->items[i].product_id, product_id) == 0)
			return t->items[i].count;
	}
	return 0;
}

/* ---- claims and rate limits ---------------------------------------------------- */

#define CLAIMS_SEEN (1u << 20) /* (viewer, product) pairs remembered */
#define LIMIT_SLOTS 4096       /* viewers whose last action is remembered */

struct limit_slot {
	uint64_t key;
	int64_t at;
};

struct lk_claims {
	struct lk_gift_dedupe *pairs;
	DARRAY(struct lk_claim_count) counts;
	struct limit_slot limits[LIMIT_SLOTS];
	int64_t last_action; /* any viewer's, local ms; INT64_MIN = none */
};

struct lk_claims *lk_claims_create(void)
{
	struct lk_claims *c = bzalloc(sizeof(*c));
	c->pairs = lk_gift_dedupe_create(CLAIMS_SEEN);
	c->last_action = INT64_MIN;
	return c;
}

void lk_claims_clear(struct lk_claims *c)
{
	lk_gift_dedupe_clear(c->pairs);
	for (size_t i = 0; i < c->counts.num; i++)
		bfree(c->counts.array[i].product_id);
	da_resize(c->counts, 0);
	memset(c->limits, 0, sizeof(c->limits));
	c->last_action = INT64_MIN;
}

void lk_claims_destroy(struct lk_claims *c)
{
	if (!c)
		return;
	lk_claims_clear(c);
	da_free(c->counts);
	lk_gift_dedupe_destroy(c->pairs);
	bfree(c);
}

static uint64_t viewer_key(const char *platform, const char *viewer)
{
	return lk_gift_hash_str(viewer, lk_gift_hash_str(platform, 0x7669657765ULL)) | 1;
}

bool lk_claims_add(struct lk_claims *c, const char *platform, const char *viewer, const char *product_id,
		   int64_t *count)
{
	if (!viewer || !*viewer || !product_id || !*product_id)
		return false;
	if (!lk_gift_dedupe_add(c->pairs, lk_gift_hash_str(product_id, viewer_key(platform, viewer))))
		return false;
	for (size_t i = 0; i < c->counts.num; i++) {
		if (strcmp(c->counts.array[i].product_id, product_id) == 0) {
			*count = ++c->counts.array[i].count;
			return true;
		}
	}
	struct lk_claim_count n = {bstrdup(product_id), 1};
	da_push_back(c->counts, &n);
	*count = 1;
	return true;
}

struct lk_claim_table *lk_claims_table(const struct lk_claims *c)
{
	struct lk_claim_table *t = bzalloc(sizeof(*t));

	t->refs = 1;
	t->num = c->counts.num;
	t->items = t->num ? bzalloc(t->num * sizeof(*t->items)) : NULL;
	for (size_t i = 0; i < t->num; i++) {
		t->items[i].product_id = bstrdup(c->counts.array[i].product_id);
		t->items[i].count = c->counts.array[i].count;
	}
	return t;
}

bool lk_claims_action_ok(struct lk_claims *c, const struct lk_claim_rules *rules, const char *platform,
			 const char *viewer, int64_t now)
{
	if (!viewer || !*viewer)
		return false;
	uint64_t key = viewer_key(platform, viewer);
	struct limit_slot *s = &c->limits[key % LIMIT_SLOTS];

	if (c->last_action != INT64_MIN && now - c->last_action < rules->global_cooldown_ms)
		return false;
	/* a slot another viewer holds is taken over: the table is bounded, and
	 * the global cooldown still holds everyone back */
	if (s->key == key && now - s->at < rules->viewer_cooldown_ms)
		return false;
	s->key = key;
	s->at = now;
	c->last_action = now;
	return true;
}
