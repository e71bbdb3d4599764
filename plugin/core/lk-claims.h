/*
 * Linkon — comments that claim products: the rules that read a live-room
 * comment ("3", "#3", "want 3", "我要3", "+1" for the pinned product, a
 * product's SKU, "!link" for an action), the claims they add up to (one per
 * viewer per product) and the per-viewer rate limit of chat actions.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Matching is a pure function of the rules and the text. The text is
 * normalised first: full-width forms (＃３, Ｗａｎｔ) become ASCII, Arabic-
 * Indic and Devanagari digits become 0-9, ASCII and Cyrillic capitals
 * become small letters, runs of white space (the ideographic space too)
 * become one space, and the ends are trimmed. Then, in this order:
 *   1. an action keyword ("!link"), alone or followed by a space and more;
 *   2. a pinned word ("+1") alone: the pinned product;
 *   3. [word][ ]["#" | "no." | "no"][ ]digits[marker][ ][word], where digits
 *      are 1..3 (slot 1..999), marker one of "号", "番", "번", and word one
 *      of the configured words (any language; at most one before and one
 *      after the number): the product in that cart slot;
 *   4. anything else, compared by the caller with the cart's SKUs
 *      (lk_claim_resolve).
 * The claims and rate limit state (struct lk_claims) are not thread-safe:
 * one owner serialises calls (the room hub under its own mutex).
 */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lk_snapshot;
struct lk_product;

#define LK_CLAIM_MAX_WORDS 64
#define LK_CLAIM_MAX_WORD 48 /* bytes, after normalising */
#define LK_CLAIM_MAX_ACTIONS 8
#define LK_CLAIM_MAX_TEXT 512

/* What a chat keyword may do: only actions the anchor allows in the rules. */
enum lk_claim_action {
	LK_CLAIM_ACTION_NONE = 0,
	LK_CLAIM_ACTION_SHOW_QR, /* shows the QR source(s) for `seconds` */
};

struct lk_claim_action_rule {
	char keyword[LK_CLAIM_MAX_WORD + 1]; /* normalised, e.g. "!link" */
	enum lk_claim_action action;
	int64_t seconds;
};

struct lk_claim_rules {
	bool enabled;
	char words[LK_CLAIM_MAX_WORDS][LK_CLAIM_MAX_WORD + 1]; /* normalised */
	size_t num_words;
	char pinned[LK_CLAIM_MAX_WORDS][LK_CLAIM_MAX_WORD + 1]; /* normalised */
	size_t num_pinned;
	struct lk_claim_action_rule actions[LK_CLAIM_MAX_ACTIONS];
	size_t num_actions;
	int64_t viewer_cooldown_ms; /* one action per viewer per this long */
	int64_t global_cooldown_ms; /* and one action of any viewer per this long */
};

/* The default rules: enabled; words for en, es, fr, de, pt, it, ru, zh,
 * ja, ko, ar, hi ("want", "quiero", "je veux", "要", "欲しい", …); pinned
 * "+1"; "!link" shows the QR for 8 s; 30 s per viewer, 5 s overall. */
void lk_claim_rules_default(struct lk_claim_rules *rules);

/* Reads {"enabled", "words": […], "pinned": […], "actions": [{"keyword",
 * "action": "show_qr", "seconds"}], "viewer_cooldown_ms", "global_cooldown_ms"}
 * on top of the defaults (a key left out keeps its default; a list given
 * replaces the default list). False with a plain-words reason in err when
 * something is unusable (rules untouched). obj may be NULL (= defaults). */
bool lk_claim_rules_from_json(const json_t *obj, struct lk_claim_rules *rules, char *err, size_t err_size);

/* Normalises text (see above) into out[out_size]; returns the length. */
size_t lk_claim_normalize(const char *text, char *out, size_t out_size);

enum lk_claim_kind {
	LK_CLAIM_NONE = 0, /* no rule matched */
	LK_CLAIM_SLOT,     /* slot: the cart's product #slot */
	LK_CLAIM_PINNED,   /* the pinned product */
	LK_CLAIM_TEXT,     /* text: maybe a product's SKU */
	LK_CLAIM_ACTION,   /* action: index into rules->actions */
};

struct lk_claim_match {
	enum lk_claim_kind kind;
	int slot;
	size_t action;
	char text[LK_CLAIM_MAX_TEXT + 1]; /* the normalised comment */
};

/* Matches one comment. Always fills *m (LK_CLAIM_NONE when the rules are
 * off or the comment is empty). */
void lk_claim_match(const struct lk_claim_rules *rules, const char *text, struct lk_claim_match *m);

/* The product a match claims in snap (borrowed from it), or NULL: the cart
 * slot, the pinned product, or the cart product whose SKU equals the text
 * (ASCII case ignored). */
struct lk_product *lk_claim_resolve(const struct lk_claim_match *m, const struct lk_snapshot *snap);

/* ---- claim counts as the store keeps them ------------------------------------ */

struct lk_claim_count {
	char *product_id;
	int64_t count;
};

/* An immutable table of claim counts, shared by snapshots. */
struct lk_claim_table {
	volatile long refs;
	size_t num;
	struct lk_claim_count *items;
};

struct lk_claim_table *lk_claim_table_addref(struct lk_claim_table *t);
void lk_claim_table_release(struct lk_claim_table *t);
/* The claims of a product; 0 when none (t may be NULL). */
int64_t lk_claim_table_count(const struct lk_claim_table *t, const char *product_id);

/* ---- claims and rate limits --------------------------------------------------- */

struct lk_claims;

struct lk_claims *lk_claims_create(void);
void lk_claims_destroy(struct lk_claims *c);

/* One claim of product_id by a viewer (platform + viewer id or name).
 * True when it is new: *count is the product's claims now. False when that
 * viewer already claimed it (or viewer is empty): nothing changes. */
bool lk_claims_add(struct lk_claims *c, const char *platform, const char *viewer, const char *product_id,
		   int64_t *count);
/* The counts as a new table (refs = 1) for the store. */
struct lk_claim_table *lk_claims_table(const struct lk_claims *c);
/* Whether this viewer may trigger an action at local ms now under rules'
 * cooldowns; true records it. */
bool lk_claims_action_ok(struct lk_claims *c, const struct lk_claim_rules *rules, const char *platform,
			 const char *viewer, int64_t now);
/* Forgets every claim and rate limit (a new show). */
void lk_claims_clear(struct lk_claims *c);

#ifdef __cplusplus
}
#endif
