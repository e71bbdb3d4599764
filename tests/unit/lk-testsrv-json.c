/*
 * Linkon — unit-test helper: JSON control requests to a loopback test
 * server (see lk-testsrv.h). Kept apart from lk-testsrv.c, which needs
 * neither curl nor jansson.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-testsrv.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct grow {
	char *buf;
	size_t len;
};

static size_t grow_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct grow *g = userdata;
	size_t n = size * nmemb;
	char *more = realloc(g->buf, g->len + n + 1);

	if (!more)
		return 0;
	memcpy(more + g->len, ptr, n);
	g->len += n;
	more[g->len] = '\0';
	g->buf = more;
	return n;
}

json_t *lk_testsrv_json(const struct lk_testsrv *srv, const char *path, const char *post_body)
{
	char url[256];
	struct grow g = {0};
	CURL *e = curl_easy_init();

	lk_testsrv_url(srv, path, url, sizeof(url));
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, grow_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &g);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 10000L);
	if (post_body)
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, post_body);
	CURLcode rc = curl_easy_perform(e);
	curl_easy_cleanup(e);
	json_t *doc = rc == CURLE_OK && g.buf ? json_loads(g.buf, 0, NULL) : NULL;
	free(g.buf);
	return doc;
}

size_t lk_testsrv_seen(const struct lk_testsrv *srv, const char *host_prefix, const char *needle)
{
	json_t *doc = lk_testsrv_json(srv, "/_seen", NULL);
	json_t *list = json_object_get(doc, "requests"), *r;
	size_t i, n = 0;

	if (!json_is_array(list)) {
		json_decref(doc);
		return (size_t)-1;
	}
	json_array_foreach(list, i, r)
	{
		const char *host = json_string_value(json_object_get(r, "host"));
		if (host_prefix && (!host || strncmp(host, host_prefix, strlen(host_prefix)) != 0))
			continue;
		char *text = json_dumps(r, JSON_COMPACT);
		if (!needle || (text && strstr(text, needle)))
			n++;
		free(text);
	}
	json_decref(doc);
	return n;
}
