/*
 * Linkon — libFuzzer target for the plugin's config file (plugin/lk-config*.c)
 * and the connectors' settings read from it. The input is the file's
 * content, written to a temporary file and read with lk_config_read_file().
 * Checks: a file that is not a JSON object is refused; the connector id and
 * settings are read; what lk_config_write_file() writes reads back equal,
 * with mode 0600; the bridge and Shopify connectors parse their settings
 * (created without a net worker, they stop right after) and the status they
 * publish never holds the token (words that hold it as their own, a token
 * "shop" in "the shop's address", hold it with another token too); the
 * event-source manager reads
 * "event_sources" into one row per entry (unique ids, none running without
 * a net worker).
 * Without OBS there is no module config folder, so a Shopify settings object
 * always gets a journal_path (the connector asks OBS for one otherwise).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fuzz-util.h"

#include <obs-module.h>
#include <sys/stat.h>
#include <unistd.h>
#include <util/base.h>

#include "core/lk-store.h"
#include "lk-config.h"
#include "lk-event-sources.h"
#include "net/lk-connector.h"

OBS_DECLARE_MODULE()

static char dir[64];
static char in_path[96], out_path[96];

static void quiet_log(int level, const char *fmt, va_list args, void *param)
{
	(void)level;
	(void)fmt;
	(void)args;
	(void)param;
}

static void setup(void)
{
	base_set_log_handler(quiet_log, NULL);
	snprintf(dir, sizeof(dir), "%s/lk-fuzz-config-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	FUZZ_MUST(mkdtemp(dir) != NULL);
	snprintf(in_path, sizeof(in_path), "%s/in.json", dir);
	snprintf(out_path, sizeof(out_path), "%s/config.json", dir);
}

static void cleanup(void)
{
	unlink(in_path);
	unlink(out_path);
	rmdir(dir);
}

/* The same length, every byte another letter: a token the words of a
 * status can only hold if they copy it. */
static char *other_token(const char *token)
{
	char *o = bstrdup(token);
	for (char *p = o; *p; p++)
		*p = *p == 'Z' ? 'Y' : 'Z';
	return o;
}

/* Whether words that hold the token ("shop", a token that is also a word of
 * the status) hold it as their own: words made with another token hold it
 * too. A token that leaked is gone from them. */
static bool token_is_own_words(const char *words, const char *words_other, const char *token)
{
	return !token || strlen(token) < 4 || !strstr(words, token) || (words_other && strstr(words_other, token));
}

/* The status words a connector publishes when made with settings (without
 * a net worker it is refused and says why). */
static char *connector_words(const struct lk_connector_info *info, json_t *settings)
{
	struct lk_store *store = lk_store_create();
	void *c = info->create(store, NULL, settings, NULL);
	FUZZ_MUST(c == NULL); /* no net worker: refused */
	struct lk_snapshot *snap = lk_store_get(store);
	FUZZ_MUST(snap->status.message && *snap->status.message);
	char *words = bstrdup(snap->status.message);
	lk_snapshot_release(snap);
	lk_store_destroy(store);
	return words;
}

static void check_connector(const struct lk_connector_info *info, json_t *config)
{
	json_t *settings = lk_config_connector_settings(config, info->id);
	const char *token = settings ? json_string_value(json_object_get(settings, "token")) : NULL;

	if (settings && strcmp(info->id, "shopify") == 0) {
		const char *j = json_string_value(json_object_get(settings, "journal_path"));
		if (!j || !*j)
			json_object_set_new(settings, "journal_path", json_string("fuzz-journal.json"));
	}
	char *words = connector_words(info, settings);
	if (!token_is_own_words(words, NULL, token)) {
		json_t *other = json_deep_copy(settings);
		char *t = other_token(token);
		json_object_set_new(other, "token", json_string(t));
		char *words_other = connector_words(info, other);
		FUZZ_MUST(token_is_own_words(words, words_other, token));
		bfree(words_other);
		bfree(t);
		json_decref(other);
	}
	bfree(words);
}

/* The live rooms ("event_sources"): one row per entry whatever it holds,
 * with unique ids; without a net worker none runs; a row's words never hold
 * its entry's token. */
/* Each row's words, made from config; bfree each and the array. */
static char **event_source_words(json_t *config, size_t want)
{
	struct lk_event_sources *es = lk_event_sources_create(NULL, NULL, dir);
	lk_event_sources_start(es, config);
	struct lk_es_entry *rows = bzalloc((want + 1) * sizeof(*rows));
	char **words = bzalloc((want + 1) * sizeof(*words));
	FUZZ_MUST(lk_event_sources_list(es, rows, want + 1, NULL) == want);
	for (size_t i = 0; i < want; i++) {
		FUZZ_MUST(rows[i].id[0] && !rows[i].running);
		FUZZ_MUST(rows[i].status.state == (rows[i].enabled ? LK_ES_ERROR : LK_ES_OFF));
		for (size_t k = 0; k < i; k++)
			FUZZ_MUST(strcmp(rows[i].id, rows[k].id) != 0);
		words[i] = bstrdup(rows[i].status.detail);
	}
	bfree(rows);
	lk_event_sources_destroy(es);
	return words;
}

static void free_words(char **words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bfree(words[i]);
	bfree(words);
}

/* The live rooms ("event_sources"): one row per entry whatever it holds,
 * with unique ids; without a net worker none runs; a row's words never hold
 * its entry's token (unless they are the words' own, as above). */
static void check_event_sources(json_t *config)
{
	json_t *list = json_object_get(config, "event_sources");
	size_t want = json_is_array(list) ? json_array_size(list) : 0;
	char **words = event_source_words(config, want);
	bool again = false;

	for (size_t i = 0; i < want; i++)
		again |= !token_is_own_words(words[i], NULL,
					     json_string_value(json_object_get(json_array_get(list, i), "token")));
	if (again) { /* the same entries, every token another */
		json_t *other = json_deep_copy(config);
		json_t *olist = json_object_get(other, "event_sources");
		for (size_t i = 0; i < want; i++) {
			json_t *entry = json_array_get(olist, i);
			const char *token = json_string_value(json_object_get(entry, "token"));
			if (token) {
				char *t = other_token(token);
				json_object_set_new(entry, "token", json_string(t));
				bfree(t);
			}
		}
		char **words_other = event_source_words(other, want);
		for (size_t i = 0; i < want; i++)
			FUZZ_MUST(token_is_own_words(
				words[i], words_other[i],
				json_string_value(json_object_get(json_array_get(list, i), "token"))));
		free_words(words_other, want);
		json_decref(other);
	}
	free_words(words, want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0]) {
		setup();
		atexit(cleanup);
	}
	FILE *f = fopen(in_path, "wb");
	FUZZ_MUST(f != NULL);
	FUZZ_MUST(fwrite(data, 1, size, f) == size);
	FUZZ_MUST(fclose(f) == 0);

	json_t *config = lk_config_read_file(in_path);
	if (!config)
		return 0;
	FUZZ_MUST(json_is_object(config));
	const char *id = lk_config_connector(config);
	FUZZ_MUST(id && *id);

	/* what is written reads back the same, private to the user */
	FUZZ_MUST(lk_config_write_file(config, out_path));
	struct stat st;
	FUZZ_MUST(stat(out_path, &st) == 0 && (st.st_mode & 0777) == 0600);
	json_t *back = lk_config_read_file(out_path);
	FUZZ_MUST(back && json_equal(config, back));
	json_decref(back);

	check_connector(&lk_conn_bridge, config);
	check_connector(&lk_conn_shopify, config);
	check_event_sources(config);
	json_decref(config);
	return 0;
}
