/*
 * Linkon — unit tests for live rooms (core/lk-room.c) and comments that
 * claim products (core/lk-claims.c): rule matching in several languages and
 * scripts, one claim per viewer per product, claim counts in the store,
 * action rate limits, room counts and dedupe; the module's room hub
 * (plugin/lk-room-hub.c, an object of its own) turning room comments into
 * claims in the catalog and in the running show's numbers (view, JSON,
 * journal read back, CSV report).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

#include "core/lk-claims.h"
#include "core/lk-room.h"
#include "core/lk-show.h"
#include "core/lk-store.h"
#include "lk-room-hub.h"

#include <jansson.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- matching ------------------------------------------------------------------ */

static void assert_match(const struct lk_claim_rules *r, const char *text, enum lk_claim_kind kind, int slot)
{
	struct lk_claim_match m;
	lk_claim_match(r, text, &m);
	if (m.kind != kind || (kind == LK_CLAIM_SLOT && m.slot != slot))
		fail_msg("\"%s\": got kind %d slot %d, want kind %d slot %d", text, m.kind, m.slot, kind, slot);
}

static void test_match_slots_many_languages(void **state)
{
	struct lk_claim_rules r;
	lk_claim_rules_default(&r);

	assert_match(&r, "3", LK_CLAIM_SLOT, 3);
	assert_match(&r, " #3 ", LK_CLAIM_SLOT, 3);
	assert_match(&r, "# 12", LK_CLAIM_SLOT, 12);
	assert_match(&r, "want 3", LK_CLAIM_SLOT, 3);
	assert_match(&r, "WANT #3", LK_CLAIM_SLOT, 3);
	assert_match(&r, "I want 7", LK_CLAIM_SLOT, 7);
	assert_match(&r, "want3", LK_CLAIM_SLOT, 3);
	assert_match(&r, "No. 4", LK_CLAIM_SLOT, 4);
	assert_match(&r, "3 want", LK_CLAIM_SLOT, 3);
	assert_match(&r, "quiero 2", LK_CLAIM_SLOT, 2);
	assert_match(&r, "Je veux 5", LK_CLAIM_SLOT, 5);
	assert_match(&r, "ich will 9", LK_CLAIM_SLOT, 9);
	assert_match(&r, "ХОЧУ 3", LK_CLAIM_SLOT, 3);       /* Cyrillic capitals */
	assert_match(&r, "我要3", LK_CLAIM_SLOT, 3);        /* Chinese, no space */
	assert_match(&r, "要 ３号", LK_CLAIM_SLOT, 3);      /* full-width digit, marker */
	assert_match(&r, "＃３", LK_CLAIM_SLOT, 3);         /* full-width # */
	assert_match(&r, "3番ください", LK_CLAIM_SLOT, 3);  /* Japanese: marker, word after */
	assert_match(&r, "3번 주세요", LK_CLAIM_SLOT, 3);   /* Korean */
	assert_match(&r, "أريد ٣", LK_CLAIM_SLOT, 3);       /* Arabic with Arabic-Indic digit */
	assert_match(&r, "३ चाहिए", LK_CLAIM_SLOT, 3);      /* Devanagari digit, Hindi word */
	assert_match(&r, "want\u3000３", LK_CLAIM_SLOT, 3); /* ideographic space */

	/* not claims: more words, other numbers, words running into letters */
	assert_match(&r, "wanted 3", LK_CLAIM_TEXT, 0);
	assert_match(&r, "I had 3 of these", LK_CLAIM_TEXT, 0);
	assert_match(&r, "1000", LK_CLAIM_TEXT, 0);
	assert_match(&r, "0", LK_CLAIM_TEXT, 0);
	assert_match(&r, "want 3 want", LK_CLAIM_TEXT, 0);
	assert_match(&r, "3 3", LK_CLAIM_TEXT, 0);
	assert_match(&r, "hello", LK_CLAIM_TEXT, 0);
	assert_match(&r, "   ", LK_CLAIM_NONE, 0);
	assert_match(&r, "", LK_CLAIM_NONE, 0);
}

static void test_match_pinned_actions_and_config(void **state)
{
	struct lk_claim_rules r;
	char err[160] = "";
	struct lk_claim_match m;

	lk_claim_rules_default(&r);
	assert_match(&r, "+1", LK_CLAIM_PINNED, 0);
	assert_match(&r, "＋１", LK_CLAIM_PINNED, 0);
	assert_match(&r, "+1 +1", LK_CLAIM_TEXT, 0);
	lk_claim_match(&r, "!LINK please", &m);
	assert_int_equal(m.kind, LK_CLAIM_ACTION);
	assert_int_equal(r.actions[m.action].action, LK_CLAIM_ACTION_SHOW_QR);
	assert_int_equal(r.actions[m.action].seconds, 8);
	assert_match(&r, "!linked", LK_CLAIM_TEXT, 0);

	/* configured words per language replace the defaults */
	json_t *cfg = json_loads("{\"words\":[\"nehme\",\"Беру\"],\"pinned\":[\"+1\",\"this one\"],"
				 "\"actions\":[{\"keyword\":\"!shop\",\"action\":\"show_qr\",\"seconds\":3}]}",
				 0, NULL);
	assert_true(lk_claim_rules_from_json(cfg, &r, err, sizeof(err)));
	json_decref(cfg);
	assert_match(&r, "nehme 4", LK_CLAIM_SLOT, 4);
	assert_match(&r, "беру 2", LK_CLAIM_SLOT, 2);
	assert_match(&r, "want 3", LK_CLAIM_TEXT, 0);
	assert_match(&r, "This One", LK_CLAIM_PINNED, 0);
	assert_match(&r, "!link", LK_CLAIM_TEXT, 0);
	lk_claim_match(&r, "!shop", &m);
	assert_int_equal(m.kind, LK_CLAIM_ACTION);
	assert_int_equal(r.actions[m.action].seconds, 3);

	/* bad settings say why and keep the rules in use */
	static const struct {
		const char *json, *want;
	} bad[] = {
		{"{\"words\":\"want\"}", "claims.words: must be a list of at most 64 words"},
		{"{\"words\":[\"\"]}", "claims.words[0]: must be a word of 1..48 bytes"},
		{"{\"actions\":[{\"keyword\":\"!x\",\"action\":\"delete_all\"}]}",
		 "claims.actions[0]: needs a keyword, \"action\": \"show_qr\" and seconds 1..60"},
		{"{\"viewer_cooldown_ms\":-5}", "claims.viewer_cooldown_ms: must be 0..3600000 ms"},
		{"{\"enabled\":\"yes\"}", "claims.enabled: must be true or false"},
		{"[]", "claims: must be an object"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *j = json_loads(bad[i].json, JSON_DECODE_ANY, NULL);
		assert_non_null(j);
		assert_false(lk_claim_rules_from_json(j, &r, err, sizeof(err)));
		assert_string_equal(err, bad[i].want);
		json_decref(j);
	}
	assert_match(&r, "nehme 4", LK_CLAIM_SLOT, 4);

	cfg = json_loads("{\"enabled\":false}", 0, NULL);
	assert_true(lk_claim_rules_from_json(cfg, &r, err, sizeof(err)));
	json_decref(cfg);
	assert_match(&r, "3", LK_CLAIM_NONE, 0);
}

/* ---- claims against a store ----------------------------------------------------- */

static struct lk_store *store_with_cart(void)
{
	struct lk_store *store = lk_store_create();
	struct lk_events evs;
	const char *ids[] = {"p1", "p2", "p3"};

	lk_events_init(&evs);
	for (size_t i = 0; i < 3; i++) {
		struct lk_product *p = lk_product_new(ids[i]);
		p->sku = bstrdup(i == 1 ? "TEA-250" : NULL);
		lk_events_put_product(&evs, p);
	}
	lk_events_cart(&evs, ids, 3);
	lk_events_pin(&evs, "p2");
	lk_store_apply(store, &evs);
	lk_events_free(&evs);
	return store;
}

static void test_claims_resolve_and_count(void **state)
{
	struct lk_store *store = store_with_cart();
	struct lk_snapshot *snap = lk_store_get(store);
	struct lk_claim_rules r;
	struct lk_claim_match m;

	lk_claim_rules_default(&r);
	lk_claim_match(&r, "want 3", &m);
	assert_string_equal(lk_claim_resolve(&m, snap)->id, "p3");
	lk_claim_match(&r, "+1", &m);
	assert_string_equal(lk_claim_resolve(&m, snap)->id, "p2");
	lk_claim_match(&r, "tea-250", &m);
	assert_string_equal(lk_claim_resolve(&m, snap)->id, "p2");
	lk_claim_match(&r, "#9", &m);
	assert_null(lk_claim_resolve(&m, snap)); /* no slot 9 */
	lk_snapshot_release(snap);

	struct lk_claims *c = lk_claims_create();
	int64_t n = 0;
	assert_true(lk_claims_add(c, "tiktok", "u1", "p3", &n));
	assert_int_equal(n, 1);
	assert_false(lk_claims_add(c, "tiktok", "u1", "p3", &n)); /* one per viewer per product */
	assert_true(lk_claims_add(c, "tiktok", "u1", "p2", &n));
	assert_true(lk_claims_add(c, "twitch", "u1", "p3", &n)); /* another room's u1 is another viewer */
	assert_int_equal(n, 2);
	assert_true(lk_claims_add(c, "tiktok", "u2", "p3", &n));
	assert_int_equal(n, 3);
	assert_false(lk_claims_add(c, "tiktok", "", "p3", &n));

	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_claims(&evs, lk_claims_table(c));
	uint64_t v = lk_store_apply(store, &evs);
	snap = lk_store_get(store);
	assert_int_equal(snap->version, v);
	assert_int_equal(lk_snapshot_claims(snap, "p3"), 3);
	assert_int_equal(lk_snapshot_claims(snap, "p2"), 1);
	assert_int_equal(lk_snapshot_claims(snap, "p1"), 0);
	lk_snapshot_release(snap);

	/* the counts carry over to later snapshots */
	lk_events_stock(&evs, "p1", 5, 0);
	lk_store_apply(store, &evs);
	snap = lk_store_get(store);
	assert_int_equal(lk_snapshot_claims(snap, "p3"), 3);
	lk_snapshot_release(snap);

	lk_claims_clear(c);
	assert_true(lk_claims_add(c, "tiktok", "u1", "p3", &n));
	assert_int_equal(n, 1);
	lk_events_free(&evs);
	lk_claims_destroy(c);
	lk_store_destroy(store);
}

static void test_action_rate_limits(void **state)
{
	struct lk_claim_rules r;
	struct lk_claims *c = lk_claims_create();

	lk_claim_rules_default(&r); /* 30 s per viewer, 5 s overall */
	assert_true(lk_claims_action_ok(c, &r, "tiktok", "u1", 1000));
	assert_false(lk_claims_action_ok(c, &r, "tiktok", "u2", 3000)); /* overall cooldown */
	assert_true(lk_claims_action_ok(c, &r, "tiktok", "u2", 6000));
	assert_false(lk_claims_action_ok(c, &r, "tiktok", "u1", 12000)); /* u1's own cooldown */
	assert_true(lk_claims_action_ok(c, &r, "twitch", "u1", 12000));  /* another room's viewer */
	assert_true(lk_claims_action_ok(c, &r, "tiktok", "u1", 31000));
	assert_false(lk_claims_action_ok(c, &r, "tiktok", "", 90000)); /* nobody to limit: refused */

	/* a flood of viewers: at most one action per overall cooldown */
	int allowed = 0;
	for (int i = 0; i < 1000; i++) {
		char v[16];
		snprintf(v, sizeof(v), "v%d", i);
		allowed += lk_claims_action_ok(c, &r, "tiktok", v, 100000 + i * 100);
	}
	assert_int_equal(allowed, 20); /* 100 s / 5 s */
	lk_claims_destroy(c);
}

/* ---- the room -------------------------------------------------------------------- */

static struct lk_room_event room_ev(enum lk_room_kind kind, const char *id, const char *platform, int64_t count)
{
	struct lk_room_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	snprintf(ev.id, sizeof(ev.id), "%s", id);
	snprintf(ev.platform, sizeof(ev.platform), "%s", platform);
	snprintf(ev.user_id, sizeof(ev.user_id), "u-%s", id);
	ev.count = count;
	ev.total = -1;
	return ev;
}

struct seen_comments {
	int calls;
	char last[LK_ROOM_MAX_TEXT + 1];
};

static void on_comment(void *data, const struct lk_room_event *ev, int64_t local_ms)
{
	struct seen_comments *s = data;
	s->calls++;
	snprintf(s->last, sizeof(s->last), "%s", ev->text);
	(void)local_ms;
}

static void test_room_counts_and_dedupe(void **state)
{
	struct lk_room *room = lk_room_create();
	struct seen_comments seen = {0};
	struct lk_room_event ev;

	lk_room_set_comment_cb(room, on_comment, &seen);
	ev = room_ev(LK_ROOM_LIKE, "l1", "tiktok", 15);
	ev.total = 900;
	assert_int_equal(lk_room_push(room, &ev, 10), LK_ROOM_TAKEN);
	assert_int_equal(lk_room_push(room, &ev, 11), LK_ROOM_DUPLICATE);
	ev = room_ev(LK_ROOM_LIKE, "l2", "tiktok", 5);
	ev.total = 800; /* a late batch */
	assert_int_equal(lk_room_push(room, &ev, 12), LK_ROOM_TAKEN);
	ev = room_ev(LK_ROOM_LIKE, "l1", "twitch", 2); /* same id, another room */
	assert_int_equal(lk_room_push(room, &ev, 13), LK_ROOM_TAKEN);
	ev = room_ev(LK_ROOM_FOLLOW, "f1", "tiktok", 1);
	assert_int_equal(lk_room_push(room, &ev, 14), LK_ROOM_TAKEN);
	ev = room_ev(LK_ROOM_SHARE, "s1", "tiktok", 1);
	assert_int_equal(lk_room_push(room, &ev, 15), LK_ROOM_TAKEN);
	ev = room_ev(LK_ROOM_VIEWERS, "", "tiktok", 120);
	assert_int_equal(lk_room_push(room, &ev, 16), LK_ROOM_TAKEN);
	ev = room_ev(LK_ROOM_VIEWERS, "", "tiktok", 90); /* viewers need no id: never a duplicate */
	assert_int_equal(lk_room_push(room, &ev, 17), LK_ROOM_TAKEN);
	for (int i = 0; i < LK_ROOM_COMMENTS + 5; i++) {
		char id[16];
		snprintf(id, sizeof(id), "c%d", i);
		ev = room_ev(LK_ROOM_COMMENT, id, "tiktok", 1);
		snprintf(ev.text, sizeof(ev.text), "comment %d", i);
		assert_int_equal(lk_room_push(room, &ev, 20 + i), LK_ROOM_TAKEN);
	}
	assert_int_equal(lk_room_push(room, &ev, 200), LK_ROOM_DUPLICATE); /* no second hook call */
	ev = room_ev(LK_ROOM_LIKE, "bad", "tiktok", 0);
	assert_int_equal(lk_room_push(room, &ev, 201), LK_ROOM_BAD);
	ev.kind = LK_ROOM_NONE;
	assert_int_equal(lk_room_push(room, &ev, 201), LK_ROOM_BAD);

	assert_int_equal(seen.calls, LK_ROOM_COMMENTS + 5);
	assert_string_equal(seen.last, "comment 68");

	struct lk_room_counts c;
	assert_true(lk_room_get_platform(room, "tiktok", &c));
	assert_int_equal(c.likes, 20);
	assert_int_equal(c.likes_total, 900);
	assert_int_equal(c.follows, 1);
	assert_int_equal(c.shares, 1);
	assert_int_equal(c.comments, LK_ROOM_COMMENTS + 5);
	assert_int_equal(c.viewers, 90);
	assert_int_equal(c.viewers_max, 120);
	assert_int_equal(c.duplicates, 2);
	assert_int_equal(c.last_ms, 20 + LK_ROOM_COMMENTS + 4);
	assert_true(lk_room_get_platform(room, "twitch", &c));
	assert_int_equal(c.likes, 2);
	assert_false(lk_room_get_platform(room, "youtube", &c));
	assert_int_equal(c.viewers, -1);

	struct lk_room_counts all[LK_ROOM_MAX_PLATFORMS];
	assert_int_equal(lk_room_get_counts(room, all, LK_ROOM_MAX_PLATFORMS), 2);
	assert_string_equal(all[0].platform, "tiktok");

	struct lk_room_comment newest[3];
	assert_int_equal(lk_room_get_comments(room, newest, 3), 3);
	assert_string_equal(newest[0].text, "comment 68");
	assert_string_equal(newest[2].text, "comment 66");
	assert_int_equal(newest[0].seq, LK_ROOM_COMMENTS + 5);
	struct lk_room_comment *ring = bmalloc(sizeof(*ring) * (LK_ROOM_COMMENTS + 10));
	assert_int_equal(lk_room_get_comments(room, ring, LK_ROOM_COMMENTS + 10), LK_ROOM_COMMENTS);
	assert_string_equal(ring[LK_ROOM_COMMENTS - 1].text, "comment 5");
	bfree(ring);

	uint64_t v = lk_room_version(room);
	lk_room_clear(room);
	assert_true(lk_room_version(room) > v);
	assert_int_equal(lk_room_get_counts(room, all, LK_ROOM_MAX_PLATFORMS), 0);
	ev = room_ev(LK_ROOM_LIKE, "l1", "tiktok", 1);
	assert_int_equal(lk_room_push(room, &ev, 300), LK_ROOM_TAKEN); /* a new show forgets the ids */

	/* the sink connectors push to */
	assert_int_equal(lk_room_sink_push(&ev), -1);
	lk_room_set_sink(room);
	ev = room_ev(LK_ROOM_SHARE, "s9", "tiktok", 1);
	assert_int_equal(lk_room_sink_push(&ev), LK_ROOM_TAKEN);
	assert_int_equal(lk_room_sink_push(&ev), LK_ROOM_DUPLICATE);
	lk_room_set_sink(NULL);
	lk_room_destroy(room);
}

/* ---- the room hub: comments → claims → catalog counts and the show ---------------- */

static void comment(const char *id, const char *viewer, const char *platform, const char *text)
{
	struct lk_room_event ev = room_ev(LK_ROOM_COMMENT, id, platform, 1);
	snprintf(ev.user_id, sizeof(ev.user_id), "%s", viewer);
	snprintf(ev.text, sizeof(ev.text), "%s", text);
	assert_int_equal(lk_room_sink_push(&ev), LK_ROOM_TAKEN);
}

static int64_t show_claims_of(struct lk_store *store, const char *id, int64_t *total)
{
	struct lk_snapshot *snap = lk_store_get(store);
	int64_t n = lk_show_view_claims(snap->show, id);
	if (total)
		*total = snap->show ? snap->show->claims_total : 0;
	lk_snapshot_release(snap);
	return n;
}

static int64_t catalog_claims_of(struct lk_store *store, const char *id)
{
	struct lk_snapshot *snap = lk_store_get(store);
	int64_t n = lk_snapshot_claims(snap, id);
	lk_snapshot_release(snap);
	return n;
}

static void show_event(struct lk_store *store, bool start)
{
	struct lk_events evs;
	lk_events_init(&evs);
	lk_events_show(&evs, start, 0);
	lk_store_apply(store, &evs);
	lk_events_free(&evs);
}

static void test_hub_claims_into_the_show(void **state)
{
	char dir[] = "/tmp/lk-claims-show-XXXXXX";
	char err[160];
	int64_t total = 0;

	assert_non_null(mkdtemp(dir));
	struct lk_store *store = store_with_cart();
	assert_true(lk_store_show_open(store, dir, err, sizeof(err)));
	struct lk_room_hub *hub = lk_room_hub_create(store);
	lk_room_hub_start(hub, NULL);

	/* before the show: the catalog counts, the show does not */
	comment("c1", "v1", "tiktok", "1");
	assert_int_equal(catalog_claims_of(store, "p1"), 1);
	assert_int_equal(show_claims_of(store, "p1", &total), 0);

	show_event(store, true);
	comment("c2", "v2", "tiktok", "#1");     /* the show's first claim: the claims start afresh */
	comment("c3", "v2", "twitch", "want 3"); /* another platform's viewer v2 */
	comment("c4", "v3", "tiktok", "+1");     /* the pinned product p2 */
	comment("c5", "v2", "tiktok", "1");      /* v2 already claimed p1 on tiktok: nothing */
	comment("c6", "v4", "tiktok", "hello");  /* no claim */
	comment("c7", "v1", "tiktok", "1");      /* v1's claim before the show does not count: this one does */
	struct lk_room_event like = room_ev(LK_ROOM_LIKE, "l1", "tiktok", 15);
	assert_int_equal(lk_room_sink_push(&like), LK_ROOM_TAKEN);
	assert_int_equal(lk_room_sink_push(&like), LK_ROOM_DUPLICATE); /* once */
	like = room_ev(LK_ROOM_LIKE, "l2", "twitch", 5);
	assert_int_equal(lk_room_sink_push(&like), LK_ROOM_TAKEN);
	assert_int_equal(catalog_claims_of(store, "p1"), 2);
	assert_int_equal(show_claims_of(store, "p1", &total), 2);
	assert_int_equal(show_claims_of(store, "p2", NULL), 1);
	assert_int_equal(show_claims_of(store, "p3", NULL), 1);
	assert_int_equal(total, 4);

	struct lk_snapshot *snap = lk_store_get(store);
	json_t *doc = lk_show_view_to_json(snap->show);
	lk_snapshot_release(snap);
	assert_int_equal(json_integer_value(json_object_get(doc, "claims")), 4);
	assert_int_equal(json_integer_value(json_object_get(doc, "likes")), 20); /* every room's likes */
	json_t *per = json_object_get(doc, "productClaims");
	assert_int_equal(json_array_size(per), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(per, 0), "productId")), "p1");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(per, 0), "claims")), 2);
	json_decref(doc);

	/* the journal has them: a restart (a new store on the same folder) goes on */
	lk_room_hub_stop(hub);
	lk_room_hub_destroy(hub);
	lk_store_destroy(store);
	store = store_with_cart();
	assert_true(lk_store_show_open(store, dir, err, sizeof(err)));
	assert_int_equal(show_claims_of(store, "p1", &total), 2);
	assert_int_equal(total, 4);

	/* a new hub (claims from zero) adds only what is new */
	hub = lk_room_hub_create(store);
	lk_room_hub_start(hub, NULL);
	comment("c8", "v9", "tiktok", "2");
	assert_int_equal(show_claims_of(store, "p2", &total), 2);
	assert_int_equal(total, 5);
	/* clearing (a new show's claims) takes nothing from the show */
	lk_room_hub_clear(hub);
	assert_int_equal(catalog_claims_of(store, "p2"), 0);
	assert_int_equal(show_claims_of(store, "p2", &total), 2);

	/* the report has a row per claimed product */
	show_event(store, false);
	snap = lk_store_get(store);
	char *report = bstrdup(snap->show->report_csv);
	lk_snapshot_release(snap);

	/* the next show (its id is its start ms: a later ms): v9 may claim p2
	 * again; the catalog starts from it */
	for (int64_t ended = lk_now_ms(); lk_now_ms() <= ended + 1;)
		;
	show_event(store, true);
	comment("c9", "v9", "tiktok", "2");
	assert_int_equal(catalog_claims_of(store, "p2"), 1);
	assert_int_equal(show_claims_of(store, "p2", &total), 1);
	assert_int_equal(total, 1);
	show_event(store, false);
	assert_non_null(report);
	char *csv = NULL;
	FILE *f = fopen(report, "rb");
	assert_non_null(f);
	csv = calloc(1, 65536);
	size_t n = fread(csv, 1, 65535, f);
	fclose(f);
	assert_true(n > 0);
	assert_non_null(strstr(csv, "\"claims\",\"p2\","));
	free(csv);
	bfree(report);

	lk_room_hub_stop(hub);
	lk_room_hub_destroy(hub);
	lk_store_destroy(store);
	char cmd[96];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_slots_many_languages),
		cmocka_unit_test(test_match_pinned_actions_and_config),
		cmocka_unit_test(test_claims_resolve_and_count),
		cmocka_unit_test(test_action_rate_limits),
		cmocka_unit_test(test_room_counts_and_dedupe),
		cmocka_unit_test(test_hub_claims_into_the_show),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
