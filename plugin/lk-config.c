/*
 * Linkon — the plugin's own config file.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <obs-module.h>
#include <util/dstr.h>
#include <util/platform.h>

#define CONFIG_FILE "config.json"

char *lk_config_path(void)
{
	return obs_module_config_path(CONFIG_FILE);
}

static json_t *config_defaults(void)
{
	return json_pack("{s:s, s:{}}", "connector", "demo", "demo");
}

json_t *lk_config_load(void)
{
	char *path = lk_config_path();
	json_error_t err;
	json_t *cfg = NULL;

	if (path && os_file_exists(path)) {
		cfg = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
		if (!cfg || !json_is_object(cfg)) {
			/* never echo the file's content: it may hold tokens */
			blog(LOG_WARNING, "[linkon] config file unreadable (line %d: %s); using defaults", err.line,
			     err.text);
			json_decref(cfg);
			cfg = NULL;
		}
	}
	if (!cfg && path && !os_file_exists(path)) {
		/* first run: write the defaults so the streamer has a file to edit */
		cfg = config_defaults();
		lk_config_save(cfg);
	}
	bfree(path);
	return cfg ? cfg : config_defaults();
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

bool lk_config_save(json_t *config)
{
	char *path = lk_config_path();
	char *text = json_dumps(config, JSON_INDENT(2) | JSON_SORT_KEYS);
	struct dstr tmp = {0};
	bool ok = false;

	if (!path || !text)
		goto done;
	char *dir = obs_module_config_path("");
	os_mkdirs(dir);
	bfree(dir);

	dstr_printf(&tmp, "%s.tmp", path);
	int fd = open(tmp.array, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto done;
	fchmod(fd, 0600);
	ok = write_all(fd, text, strlen(text)) && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp.array, path) == 0;
	if (!ok)
		unlink(tmp.array);
	chmod(path, 0600);

done:
	if (!ok)
		blog(LOG_WARNING, "[linkon] could not save config file: %s", strerror(errno));
	free(text);
	dstr_free(&tmp);
	bfree(path);
	return ok;
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
