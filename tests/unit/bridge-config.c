/*
 * Linkon — the config file that holds the bridge token: written 0600
 * whatever the umask or the old file's mode, atomically, and a broken file
 * is reported without quoting it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lk-config.h"
#include "lk-redact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>

#define TOKEN "tok-SECRET-5b21e0"

static char dir[64];
static char path[128];

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/lk-config-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/config.json", dir);
	return 0;
}

static int teardown(void **state)
{
	char tmp[160];

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	unlink(path);
	rmdir(dir);
	return 0;
}

static int mode_of(const char *p)
{
	struct stat st;

	assert_int_equal(stat(p, &st), 0);
	return (int)(st.st_mode & 0777);
}

static json_t *bridge_config(void)
{
	return json_pack("{s:s, s:{s:s, s:s}}", "connector", "bridge", "bridge", "url", "https://bridge.example",
			 "token", TOKEN);
}

static void test_written_0600(void **state)
{
	json_t *cfg = bridge_config();
	mode_t old = umask(0);
	char tmp[160];

	assert_true(lk_config_write_file(cfg, path));
	assert_int_equal(mode_of(path), 0600);

	/* an old file anyone could read is replaced by a private one */
	assert_int_equal(chmod(path, 0644), 0);
	assert_true(lk_config_write_file(cfg, path));
	assert_int_equal(mode_of(path), 0600);
	umask(old);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	assert_int_equal(access(tmp, F_OK), -1); /* no temp file left */

	json_t *back = lk_config_read_file(path);
	assert_non_null(back);
	assert_true(json_equal(back, cfg));
	assert_string_equal(lk_config_connector(back), "bridge");
	json_t *s = lk_config_connector_settings(back, "bridge");
	assert_string_equal(json_string_value(json_object_get(s, "token")), TOKEN);
	json_decref(back);
	json_decref(cfg);
}

static int warnings;
static bool leaked;
static int redacted, said_why;

static void capture(int level, const char *fmt, va_list args, void *param)
{
	char line[512];

	vsnprintf(line, sizeof(line), fmt, args);
	warnings += level == LOG_WARNING;
	leaked = leaked || strstr(line, "SECRET") != NULL;
	redacted += strstr(line, LK_REDACTED) != NULL;
	said_why += strstr(line, "invalid") || strstr(line, "duplicate") || strstr(line, "must be an object");
}

/* A broken file: NULL, one warning that quotes nothing of it but says what
 * is wrong (the parser's words, with the text it quotes redacted). */
static void test_broken_file_not_quoted(void **state)
{
	static const char *const broken[] = {
		"{\"bridge\": {\"token\": tok-SECRET-5b21e0}}",
		"{\"bridge\": {\"token\": \"tok-SECRET-5b21e0\"}, \"bridge\": 1}",
		"[\"tok-SECRET-5b21e0\"]",
	};
	log_handler_t prev;
	void *prev_param;

	base_get_log_handler(&prev, &prev_param);
	base_set_log_handler(capture, NULL);
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(broken[i], f);
		fclose(f);
		assert_null(lk_config_read_file(path));
	}
	base_set_log_handler(prev, prev_param);
	assert_int_equal(warnings, 3);
	assert_false(leaked);
	assert_int_equal(said_why, 3);
	assert_true(redacted >= 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_written_0600, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_file_not_quoted, setup, teardown),
	};
	int failed = cmocka_run_group_tests_name("bridge-config", tests, NULL, NULL);

	if (bnum_allocs() != 0)
		fail_msg("%ld allocations leaked", bnum_allocs());
	return failed;
}
