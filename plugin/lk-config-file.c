/*
 * Linkon — the config file at a given path, and reading its settings (no
 * module needed, so the unit tests exercise exactly this code; lk-config.c
 * finds the path).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-config.h"
#include "lk-redact.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>

/* The one lock around every write of a config file (lk-config.h): a
 * read-modify-write holds it from the read to the rename. */
static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;

json_t *lk_config_read_file(const char *path)
{
	json_error_t err;
	json_t *cfg = json_load_file(path, JSON_REJECT_DUPLICATES, &err);

	if (!cfg || !json_is_object(cfg)) {
		/* never echo the file's content: it may hold tokens. jansson's
		 * reason quotes the text it choked on ("… near '\"tok-…'"): that
		 * part is redacted, the rest says what is wrong. */
		char reason[160];
		const char *near = cfg ? NULL : strstr(err.text, " near ");
		char *quoted = near ? bstrdup(near + 6) : NULL;
		lk_redact_quote(reason, sizeof(reason), "", cfg ? "the top level must be an object {…}" : err.text,
				quoted);
		bfree(quoted);
		if (cfg)
			blog(LOG_WARNING, "[linkon] config file unreadable: %s; using defaults", reason);
		else
			blog(LOG_WARNING, "[linkon] config file unreadable: %s (line %d, column %d); using defaults",
			     reason, err.line, err.column);
		json_decref(cfg);
		return NULL;
	}
	return cfg;
}

static bool write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

static bool write_file_locked(json_t *config, const char *path);

bool lk_config_write_file(json_t *config, const char *path)
{
	pthread_mutex_lock(&config_lock);
	bool ok = write_file_locked(config, path);
	pthread_mutex_unlock(&config_lock);
	return ok;
}

bool lk_config_update_file(const char *path, lk_config_edit_fn edit, void *param)
{
	bool ok = false;

	if (!path || !edit)
		return false;
	pthread_mutex_lock(&config_lock);
	bool exists = os_file_exists(path);
	json_t *cfg = exists ? lk_config_read_file(path) : json_object();
	if (cfg && edit(cfg, param))
		ok = write_file_locked(cfg, path);
	pthread_mutex_unlock(&config_lock);
	json_decref(cfg);
	return ok;
}

static bool write_file_locked(json_t *config, const char *path)
{
	char *text = json_dumps(config, JSON_INDENT(2) | JSON_SORT_KEYS);
	struct dstr tmp = {0};
	bool ok = false;

	if (!path || !text)
		goto done;
	dstr_printf(&tmp, "%s.tmp", path);
	unlink(tmp.array); /* O_CREAT keeps an old file's mode: start afresh */
	int fd = open(tmp.array, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto done;
	ok = fchmod(fd, 0600) == 0; /* whatever the umask */
	ok = ok && write_all(fd, text, strlen(text)) && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp.array, path) == 0;
	if (!ok)
		unlink(tmp.array);

done:
	if (!ok)
		blog(LOG_WARNING, "[linkon] could not save config file: %s", strerror(errno));
	if (text) {
		memset(text, 0, strlen(text)); /* it may hold tokens */
		free(text);
	}
	dstr_free(&tmp);
	return ok;
}

void lk_config_apply_changes(json_t *config, json_t *from, json_t *to)
{
	const char *key;
	json_t *value;

	json_object_foreach (to, key, value) {
		if (!json_equal(value, json_object_get(from, key)))
			json_object_set_new(config, key, json_deep_copy(value));
	}
	json_object_foreach (from, key, value) {
		if (!json_object_get(to, key))
			json_object_del(config, key);
	}
}

const char *lk_config_connector(json_t *config)
{
	const char *id = json_string_value(json_object_get(config, "connector"));
	return id && *id ? id : "demo";
}

json_t *lk_config_connector_settings(json_t *config, const char *id)
{
	json_t *s = json_object_get(config, id);
	return json_is_object(s) ? s : NULL;
}
