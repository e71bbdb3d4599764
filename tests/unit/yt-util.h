/*
 * Linkon — helpers for the sign-in and YouTube tests (test-oauth-device.c,
 * test-es-youtube.c): the loopback server (tests/server/lkserver/youtube.py),
 * its control paths, every log line (to look for secrets) and waiting for
 * a condition without load-sensitive sleeps.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Main thread of a test program, except log_has (any thread).
 */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>

#include "lk-testsrv.h"

#define YT_WAIT_MS 60000 /* only a failing test waits this long */
#define YT_CLIENT_ID "linkon-test.apps.googleusercontent.com"
#define YT_CLIENT_SECRET "GOCSPX-linkon_test_secret"
#define YT_TWITCH_CLIENT_ID "linkontwitchclient0123456789"
#define YT_API_KEY "AIzaSy_linkon_test_key_0123456789"
#define YT_VIDEO_ID "linkonVid001"

extern struct lk_testsrv yt_srv;

/* Starts the server and the log capture (cmocka group setup / teardown;
 * lk_testlog_stop saves the log). */
int yt_group_setup(void **state);
int yt_group_teardown(void **state);

/* Whether any log line so far holds needle. Any thread. */
bool log_has(const char *needle);

/* GET (body NULL) or POST a control path; the JSON answer (new reference);
 * fails the test when it is not HTTP 200 JSON. */
json_t *yt_ctl(const char *path, const char *body);
/* POST and drop the answer. */
void yt_post(const char *path, const char *body);
/* A counter of /_yt/stats: area "api" or "oauth". */
int64_t yt_count(const char *area, const char *name);
/* A string of /_yt/stats' area (a new malloc'd copy, "" when absent). */
char *yt_stat_str(const char *area, const char *name);

/* "http://127.0.0.1:<port><path>" into out. */
void yt_url(const char *path, char *out, size_t size);

/* Polls cond(arg) until true or YT_WAIT_MS passed; returns cond's last value. */
bool yt_wait(bool (*cond)(void *arg), void *arg);
