/*
 * Linkon — unit-test helper: runs the loopback test server
 * (tests/server/lk-test-server.py) in a child process, with a fresh
 * temporary directory for the test's files.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Main thread of a test program only. Needs LK_SOURCE_DIR (set by
 * lk_add_unit_test) to find the script and tests/fixtures.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct lk_testsrv {
	pid_t pid;
	int stdin_fd; /* the server exits when this closes (or we die) */
	int port;
	char dir[64]; /* temporary directory, removed by stop */
};

/* How long a test server may take to start listening: generous, so a busy
 * machine (or a sanitizer build) is slow, never a failure. */
#define LK_TESTSRV_START_MS 60000

/* Makes the temporary directory and starts the server on 127.0.0.1 with a
 * free port (port 0: the system picks), serving /img/ from tests/fixtures.
 * Waits until it listens (at most LK_TESTSRV_START_MS). Returns 0, or -1 on
 * failure (cmocka setup style). */
int lk_testsrv_start(struct lk_testsrv *srv);
/* Waits until a server started with --port-file writes its port there (the
 * servers write it whole, by rename); at most LK_TESTSRV_START_MS. pid > 0:
 * gives up as soon as that child exits. Returns the port, 0 on timeout, -1
 * when the child exited (it is reaped). */
int lk_testsrv_wait_port(const char *port_file, pid_t pid);
/* Stops the server, empties and removes the temporary directory. */
void lk_testsrv_stop(struct lk_testsrv *srv);

/* "http://127.0.0.1:<port><path>" */
void lk_testsrv_url(const struct lk_testsrv *srv, const char *path, char *out, size_t size);
/* POSTs body to the server's path (control paths such as /_bridge/mutate);
 * true on HTTP 200. Needs libcurl initialised. */
bool lk_testsrv_post(const struct lk_testsrv *srv, const char *path, const char *body);
/* "<dir>/<name>" */
void lk_testsrv_path(const struct lk_testsrv *srv, const char *name, char *out, size_t size);

int64_t lk_test_mono_ms(void);
void lk_test_sleep_ms(int ms);
/* Whole file, NUL-terminated, new malloc'd memory (free()); NULL if it
 * cannot be read. */
char *lk_test_read_file(const char *path, size_t *len);

/* ---- every log line (to look for a secret) -------------------------------
 * start installs a blog handler that keeps every line; has works from any
 * thread; stop removes the handler, writes the lines into the artifacts as
 * artifact_name (NULL: nowhere) and forgets them. */
void lk_testlog_start(void);
bool lk_testlog_has(const char *needle);
void lk_testlog_stop(const char *artifact_name);

/* ---- tests/unit/lk-testsrv-json.c (needs curl and jansson) ---- */

typedef struct json_t json_t;
/* GET (post_body NULL) or POST path on srv; the JSON answer (new
 * reference), or NULL when it failed or was not JSON. */
json_t *lk_testsrv_json(const struct lk_testsrv *srv, const char *path, const char *post_body);
/* Requests srv has received (its /_seen record, tests/server/lkserver/
 * audit.py) whose Host starts with host_prefix (NULL: any) and whose
 * record holds needle (NULL: any); (size_t)-1 when it cannot be read. */
size_t lk_testsrv_seen(const struct lk_testsrv *srv, const char *host_prefix, const char *needle);
