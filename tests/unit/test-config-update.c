/*
 * Linkon — config.json changed from two threads at once (the dock's saves
 * on the UI thread, obs-websocket's SetEventSourceEnabled on its own): every
 * read-modify-write runs under the one config lock, so no change is lost;
 * a dialog's changes go onto the file as it is now.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lk-config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROUNDS 200

static char dir[64];
static char path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/lk-config-upd-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/config.json", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

/* Adds one to the integer at key (0 when absent): a change that is lost
 * when another thread's write lands between its read and its write. */
static bool count_up(json_t *cfg, void *key)
{
	json_t *v = json_object_get(cfg, key);
	json_object_set_new(cfg, key, json_integer((json_is_integer(v) ? json_integer_value(v) : 0) + 1));
	return true;
}

static void *counter(void *key)
{
	for (int i = 0; i < ROUNDS; i++)
		if (!lk_config_update_file(path, count_up, key))
			return (void *)1;
	return NULL;
}

static json_int_t saved(const char *key)
{
	json_t *cfg = lk_config_read_file(path);
	assert_non_null(cfg);
	json_int_t v = json_integer_value(json_object_get(cfg, key));
	json_decref(cfg);
	return v;
}

/* Two threads, each changing its own key ROUNDS times: both end up saved,
 * every change counted. */
static void test_two_threads_lose_nothing(void **state)
{
	pthread_t a, b;
	void *ra, *rb;
	(void)state;

	assert_int_equal(pthread_create(&a, NULL, counter, "event_sources_changes"), 0);
	assert_int_equal(pthread_create(&b, NULL, counter, "claims_changes"), 0);
	assert_int_equal(pthread_join(a, &ra), 0);
	assert_int_equal(pthread_join(b, &rb), 0);
	assert_null(ra);
	assert_null(rb);
	assert_int_equal(saved("event_sources_changes"), ROUNDS);
	assert_int_equal(saved("claims_changes"), ROUNDS);
}

/* Whole-file writes (lk_config_write_file) take the same lock, and an
 * edit that declines writes nothing. */
static bool decline(json_t *cfg, void *param)
{
	(void)param;
	json_object_set_new(cfg, "declined", json_true());
	return false;
}

static void test_declined_edit_writes_nothing(void **state)
{
	(void)state;
	json_t *cfg = json_pack("{s:s}", "connector", "demo");
	assert_true(lk_config_write_file(cfg, path));
	json_decref(cfg);
	assert_false(lk_config_update_file(path, decline, NULL));
	cfg = lk_config_read_file(path);
	assert_null(json_object_get(cfg, "declined"));
	assert_string_equal(json_string_value(json_object_get(cfg, "connector")), "demo");
	json_decref(cfg);
	/* a file that is not JSON is not replaced by an edit */
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("{ not json", f);
	fclose(f);
	assert_false(lk_config_update_file(path, count_up, "x"));
	f = fopen(path, "r");
	char text[32] = "";
	assert_non_null(fgets(text, sizeof(text), f));
	fclose(f);
	assert_string_equal(text, "{ not json");
}

/* A dialog's changes (from → to) onto the file as it is now: what another
 * thread changed meanwhile ("event_sources") stays. */
static void test_apply_changes_keeps_others(void **state)
{
	(void)state;
	json_t *from = json_pack("{s:s, s:{s:s}, s:i}", "connector", "demo", "bridge", "url", "http://a", "old", 1);
	json_t *to = json_pack("{s:s, s:{s:s}, s:{}}", "connector", "bridge", "bridge", "url", "http://a", "demo");
	json_t *now = json_pack("{s:s, s:{s:s}, s:i, s:[{s:b}]}", "connector", "demo", "bridge", "url", "http://b",
				"old", 1, "event_sources", "enabled", 0);
	lk_config_apply_changes(now, from, to);
	assert_string_equal(json_string_value(json_object_get(now, "connector")), "bridge"); /* changed */
	assert_non_null(json_object_get(now, "demo"));                                         /* added */
	assert_null(json_object_get(now, "old"));                                              /* removed */
	/* not changed by the dialog: as the file has it */
	assert_string_equal(json_string_value(json_object_get(json_object_get(now, "bridge"), "url")), "http://b");
	assert_false(json_is_true(
		json_object_get(json_array_get(json_object_get(now, "event_sources"), 0), "enabled")));
	json_decref(from);
	json_decref(to);
	json_decref(now);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_two_threads_lose_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_declined_edit_writes_nothing, setup, teardown),
		cmocka_unit_test(test_apply_changes_keeps_others),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
