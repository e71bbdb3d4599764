/*
 * Linkon — helpers for the sign-in and YouTube tests (see yt-util.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "yt-util.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <util/base.h>
#include <util/dstr.h>

struct lk_testsrv yt_srv;

bool log_has(const char *needle)
{
	return lk_testlog_has(needle);
}

int yt_group_setup(void **state)
{
	signal(SIGPIPE, SIG_IGN);
	lk_testlog_start();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	return lk_testsrv_start(&yt_srv);
}

int yt_group_teardown(void **state)
{
	lk_testsrv_stop(&yt_srv);
	curl_global_cleanup();
	return 0;
}

void yt_url(const char *path, char *out, size_t size)
{
	lk_testsrv_url(&yt_srv, path, out, size);
}

json_t *yt_ctl(const char *path, const char *body)
{
	json_t *j = lk_testsrv_json(&yt_srv, path, body);
	if (!j)
		fail_msg("%s: no JSON answer", path);
	return j;
}

void yt_post(const char *path, const char *body)
{
	json_decref(yt_ctl(path, body ? body : "{}"));
}

int64_t yt_count(const char *area, const char *name)
{
	json_t *s = yt_ctl("/_yt/stats", NULL);
	int64_t n = (int64_t)json_integer_value(json_object_get(json_object_get(json_object_get(s, area), "counts"), name));
	json_decref(s);
	return n;
}

char *yt_stat_str(const char *area, const char *name)
{
	json_t *s = yt_ctl("/_yt/stats", NULL);
	const char *v = json_string_value(json_object_get(json_object_get(s, area), name));
	char *out = strdup(v ? v : "");
	json_decref(s);
	return out;
}

bool yt_wait(bool (*cond)(void *arg), void *arg)
{
	int64_t end = lk_test_mono_ms() + YT_WAIT_MS;
	while (!cond(arg)) {
		if (lk_test_mono_ms() > end)
			return cond(arg);
		lk_test_sleep_ms(5);
	}
	return true;
}
