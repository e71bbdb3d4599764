/*
 * Linkon — the plugin's own config file.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-config.h"

#include <obs-module.h>
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

static bool fill_defaults(json_t *config, void *param)
{
	(void)param;
	if (json_object_size(config))
		return false;
	json_t *defaults = config_defaults();
	json_object_update(config, defaults);
	json_decref(defaults);
	return true;
}

json_t *lk_config_load(void)
{
	char *path = lk_config_path();
	json_t *cfg = NULL;

	if (path && os_file_exists(path)) {
		cfg = lk_config_read_file(path);
	} else if (path) {
		/* first run: write the defaults so the streamer has a file to edit
		 * (unless another thread wrote the file meanwhile) */
		lk_config_update(fill_defaults, NULL);
		cfg = lk_config_read_file(path);
	}
	bfree(path);
	return cfg ? cfg : config_defaults();
}

uint64_t lk_config_image_cache_bytes(json_t *config)
{
	json_t *mb = json_object_get(config, "image_cache_mb");
	json_int_t v = json_is_integer(mb) ? json_integer_value(mb) : 0;
	if (v < 16 || v > 16384)
		v = 200;
	return (uint64_t)v * 1024 * 1024;
}

bool lk_config_save(json_t *config)
{
	char *path = lk_config_path();
	char *dir = obs_module_config_path("");
	bool ok;

	if (dir)
		os_mkdirs(dir);
	ok = lk_config_write_file(config, path);
	bfree(dir);
	bfree(path);
	return ok;
}

bool lk_config_update(lk_config_edit_fn edit, void *param)
{
	char *path = lk_config_path();
	char *dir = obs_module_config_path("");
	bool ok;

	if (dir)
		os_mkdirs(dir);
	ok = lk_config_update_file(path, edit, param);
	bfree(dir);
	bfree(path);
	return ok;
}
