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

/* Makes the temporary directory and starts the server on 127.0.0.1 with a
 * free port, serving /img/ from tests/fixtures. Waits until it listens
 * (at most 10 s). Returns 0, or -1 on failure (cmocka setup style). */
int lk_testsrv_start(struct lk_testsrv *srv);
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
