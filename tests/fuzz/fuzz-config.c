/*
 * Linkon — libFuzzer target for the plugin's config file (plugin/lk-config*.c)
 * and the connectors' settings read from it. The input is the file's
 * content, written to a temporary file and read with lk_config_read_file().
 * Checks: a file that is not a JSON object is refused; the connector id and
 * settings are read; what lk_config_write_file() writes reads back equal,
 * with mode 0600; the bridge and Shopify connectors parse their settings
 * (created without a net worker, they stop right after) and the status they
 * publish never holds the token; the event-source manager reads
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

static void check_connector(const struct lk_connector_info *info, json_t *config)
{
	json_t *settings = lk_config_connector_settings(config, info->id);
	const char *token = settings ? json_string_value(json_object_get(settings, "token")) : NULL;
	struct lk_store *store = lk_store_create();

	if (settings && strcmp(info->id, "shopify") == 0) {
		const char *j = json_string_value(json_object_get(settings, "journal_path"));
		if (!j || !*j)
			json_object_set_new(settings, "journal_path", json_string("fuzz-journal.json"));
	}
	void *c = info->create(store, NULL, settings, NULL);
	FUZZ_MUST(c == NULL); /* no net worker: refused */
	struct lk_snapshot *snap = lk_store_get(store);
	FUZZ_MUST(snap->status.message && *snap->status.message);
	if (token && strlen(token) >= 4)
		FUZZ_MUST(strstr(snap->status.message, token) == NULL);
	lk_snapshot_release(snap);
	lk_store_destroy(store);
}

/* The live rooms ("event_sources"): one row per entry whatever it holds,
 * with unique ids; without a net worker none runs; a row's words never hold
 * its entry's token. */
static void check_event_sources(json_t *config)
{
	json_t *list = json_object_get(config, "event_sources");
	size_t want = json_is_array(list) ? json_array_size(list) : 0;
	struct lk_event_sources *es = lk_event_sources_create(NULL, NULL, dir);
	lk_event_sources_start(es, config);
	struct lk_es_entry *rows = bzalloc((want + 1) * sizeof(*rows));
	FUZZ_MUST(lk_event_sources_list(es, rows, want + 1, NULL) == want);
	for (size_t i = 0; i < want; i++) {
		FUZZ_MUST(rows[i].id[0] && !rows[i].running);
		FUZZ_MUST(rows[i].status.state == (rows[i].enabled ? LK_ES_ERROR : LK_ES_OFF));
		for (size_t k = 0; k < i; k++)
			FUZZ_MUST(strcmp(rows[i].id, rows[k].id) != 0);
		const char *token = json_string_value(json_object_get(json_array_get(list, i), "token"));
		if (token && strlen(token) >= 4)
			FUZZ_MUST(strstr(rows[i].status.detail, token) == NULL);
	}
	bfree(rows);
	lk_event_sources_destroy(es);
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
