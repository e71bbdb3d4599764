/*
 * Linkon — unit-test helper: the loopback test server in a child process.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-testsrv.h"

#include <curl/curl.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <stdarg.h>
#include <util/base.h>
#include <util/dstr.h>

int64_t lk_test_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void lk_test_sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

char *lk_test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	*len = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0) {
		rewind(f);
		buf = malloc((size_t)size + 1);
		if (buf) {
			*len = fread(buf, 1, (size_t)size, f);
			buf[*len] = '\0';
		}
	}
	fclose(f);
	return buf;
}

void lk_testsrv_url(const struct lk_testsrv *srv, const char *path, char *out, size_t size)
{
	snprintf(out, size, "http://127.0.0.1:%d%s", srv->port, path);
}

static size_t discard(char *p, size_t s, size_t n, void *d)
{
	(void)p;
	(void)d;
	return s * n;
}

bool lk_testsrv_post(const struct lk_testsrv *srv, const char *path, const char *body)
{
	char url[256];
	CURL *e = curl_easy_init();
	long status = 0;

	if (!e)
		return false;
	lk_testsrv_url(srv, path, url, sizeof(url));
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, body ? body : "{}");
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 10000L);
	bool ok = curl_easy_perform(e) == CURLE_OK;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(e);
	return ok && status == 200;
}

void lk_testsrv_path(const struct lk_testsrv *srv, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", srv->dir, name);
}

int lk_testsrv_wait_port(const char *port_file, pid_t pid)
{
	int64_t end = lk_test_mono_ms() + LK_TESTSRV_START_MS;

	for (;;) {
		int port = 0;
		FILE *f = fopen(port_file, "r");
		if (f) {
			if (fscanf(f, "%d", &port) != 1)
				port = 0;
			fclose(f);
		}
		if (port > 0)
			return port;
		if (pid > 0 && waitpid(pid, NULL, WNOHANG) == pid) {
			fprintf(stderr, "lk-testsrv: the server exited before listening\n");
			return -1;
		}
		if (lk_test_mono_ms() >= end) {
			fprintf(stderr, "lk-testsrv: no port in %s after %d s\n", port_file,
				LK_TESTSRV_START_MS / 1000);
			return 0;
		}
		lk_test_sleep_ms(20);
	}
}

static void exec_server(int stdin_fd, const char *port_file)
{
	char script[1024], files[1024];

	snprintf(script, sizeof(script), "%s/tests/server/lk-test-server.py", LK_SOURCE_DIR);
	snprintf(files, sizeof(files), "%s/tests/fixtures", LK_SOURCE_DIR);
	dup2(stdin_fd, STDIN_FILENO);
	execlp("python3", "python3", script, "--port", "0", "--port-file", port_file, "--files", files,
	       "--exit-on-stdin-close", (char *)NULL);
	_exit(127);
}

int lk_testsrv_start(struct lk_testsrv *srv)
{
	char port_file[128];
	int fds[2];

	memset(srv, 0, sizeof(*srv));
	srv->stdin_fd = -1;
	snprintf(srv->dir, sizeof(srv->dir), "/tmp/lk-test-XXXXXX");
	if (!mkdtemp(srv->dir) || pipe(fds) != 0)
		return -1;
	lk_testsrv_path(srv, "port", port_file, sizeof(port_file));

	srv->pid = fork();
	if (srv->pid == 0) {
		close(fds[1]);
		exec_server(fds[0], port_file);
	}
	close(fds[0]);
	srv->stdin_fd = fds[1];
	fcntl(srv->stdin_fd, F_SETFD, FD_CLOEXEC);
	if (srv->pid < 0) {
		srv->pid = 0;
		return -1;
	}
	srv->port = lk_testsrv_wait_port(port_file, srv->pid);
	if (srv->port < 0)
		srv->pid = 0; /* it exited: reaped */
	remove(port_file);
	return srv->port > 0 ? 0 : -1;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	char path[512];

	while (d && (ent = readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0) {
			snprintf(path, sizeof(path), "%s/%s", dir, ent->d_name);
			remove(path);
		}
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

void lk_testsrv_stop(struct lk_testsrv *srv)
{
	if (srv->pid > 0) {
		kill(srv->pid, SIGTERM);
		waitpid(srv->pid, NULL, 0);
		srv->pid = 0;
	}
	if (srv->stdin_fd >= 0) {
		close(srv->stdin_fd);
		srv->stdin_fd = -1;
	}
	if (srv->dir[0])
		remove_dir(srv->dir);
	srv->dir[0] = '\0';
}

/* ---- every log line ---------------------------------------------------------- */

#ifndef LK_ARTIFACTS_DIR
#define LK_ARTIFACTS_DIR "."
#endif

static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct dstr log_text;

static void log_keep(int level, const char *fmt, va_list args, void *param)
{
	char line[4096];

	(void)level;
	(void)param;
	vsnprintf(line, sizeof(line), fmt, args);
	pthread_mutex_lock(&log_mutex);
	dstr_cat(&log_text, line);
	dstr_cat(&log_text, "\n");
	pthread_mutex_unlock(&log_mutex);
}

void lk_testlog_start(void)
{
	base_set_log_handler(log_keep, NULL);
}

bool lk_testlog_has(const char *needle)
{
	pthread_mutex_lock(&log_mutex);
	bool has = log_text.array && strstr(log_text.array, needle);
	pthread_mutex_unlock(&log_mutex);
	return has;
}

void lk_testlog_stop(const char *artifact_name)
{
	char path[1024];

	base_set_log_handler(NULL, NULL);
	pthread_mutex_lock(&log_mutex);
	if (artifact_name) {
		/* kept for a look: what a streamer's OBS log would show */
		snprintf(path, sizeof(path), "%s/%s", LK_ARTIFACTS_DIR, artifact_name);
		FILE *f = fopen(path, "w");
		if (f) {
			fputs(log_text.array ? log_text.array : "", f);
			fclose(f);
		}
	}
	dstr_free(&log_text);
	pthread_mutex_unlock(&log_mutex);
}
