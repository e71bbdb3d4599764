/*
 * Linkon — buy links with attribution.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-buy-url.h"
#include "lk-str.h"

#include <string.h>
#include <util/bmem.h>
#include <util/dstr.h>

void lk_buy_url_opts_default(struct lk_buy_url_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->utm = true;
}

static bool empty(const char *s)
{
	return !s || !*s;
}

/* Length of "http://" or "https://" (case-insensitive) at the start of s, 0 if neither. */
static size_t scheme_len(const char *s)
{
	if (astrcmpi_n(s, "http://", 7) == 0)
		return 7;
	if (astrcmpi_n(s, "https://", 8) == 0)
		return 8;
	return 0;
}

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
	       c == '_' || c == '~';
}

static bool is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

static void put_escaped(struct dstr *out, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[4] = {'%', hex[c >> 4], hex[c & 15], 0};
	dstr_cat(out, e);
}

/* Characters that may not stand in a URL as they are (RFC 3986 + WHATWG). */
static bool needs_escape_in_url(unsigned char c)
{
	return c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c) != NULL;
}

/* Appends n bytes of s, escaping what may not stand in a URL; a '%' not
 * followed by two hex digits is escaped too. */
static void cat_url_part(struct dstr *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && !(i + 2 < n && is_hex((unsigned char)s[i + 1]) && is_hex((unsigned char)s[i + 2])))
			put_escaped(out, c);
		else if (needs_escape_in_url(c))
			put_escaped(out, c);
		else
			dstr_ncat(out, s + i, 1);
	}
}

/* Appends a query value: everything but unreserved characters escaped. */
static void cat_value(struct dstr *out, const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (unreserved(*p))
			dstr_ncat(out, (const char *)p, 1);
		else
			put_escaped(out, *p);
	}
}

/* True if query (without '?', n bytes) has a parameter named key. */
static bool query_has(const char *query, size_t n, const char *key)
{
	size_t kl = strlen(key);
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n && query[end] != '&' && query[end] != ';')
			end++;
		size_t name_end = i;
		while (name_end < end && query[name_end] != '=')
			name_end++;
		if (name_end - i == kl && strncmp(query + i, key, kl) == 0)
			return true;
		i = end + 1;
	}
	return false;
}

struct param_ctx {
	struct dstr *out;
	const char *query; /* the base's own query, without '?' */
	size_t query_len;
	bool have_query; /* a '?' is already in out */
};

static void add_param(struct param_ctx *c, const char *key, const char *value)
{
	if (empty(value) || query_has(c->query, c->query_len, key))
		return;
	if (!c->have_query) {
		dstr_cat(c->out, "?");
		c->have_query = true;
	} else if (c->out->len && c->out->array[c->out->len - 1] != '?' && c->out->array[c->out->len - 1] != '&') {
		dstr_cat(c->out, "&");
	}
	dstr_cat(c->out, key);
	dstr_cat(c->out, "=");
	cat_value(c->out, value);
}

char *lk_buy_url_build(const char *base, const char *product_id, const struct lk_buy_url_opts *o)
{
	if (!base)
		return NULL;
	size_t sl = scheme_len(base);
	if (!sl || base[sl] == '\0' || base[sl] == '/' || base[sl] == '?' || base[sl] == '#')
		return NULL;

	struct lk_buy_url_opts def;
	if (!o) {
		lk_buy_url_opts_default(&def);
		o = &def;
	}

	const char *hash = strchr(base, '#');
	size_t main_len = hash ? (size_t)(hash - base) : strlen(base);
	const char *q = memchr(base, '?', main_len);

	struct dstr out = {0};
	cat_url_part(&out, base, main_len);

	struct param_ctx c = {.out = &out,
			      .query = q ? q + 1 : "",
			      .query_len = q ? main_len - (size_t)(q + 1 - base) : 0,
			      .have_query = q != NULL};
	if (o->discount_param && *o->discount_param)
		add_param(&c, o->discount_param, o->discount_code);
	if (o->utm) {
		add_param(&c, "utm_source", empty(o->utm_source) ? "linkon" : o->utm_source);
		add_param(&c, "utm_medium", empty(o->utm_medium) ? "live" : o->utm_medium);
		add_param(&c, "utm_campaign", o->utm_campaign);
		add_param(&c, "utm_content", product_id);
	}
	if (hash)
		cat_url_part(&out, hash, strlen(hash));
	return out.array;
}

bool lk_buy_url_short(const char *url, char *out, size_t size)
{
	if (!out || !size)
		return false;
	out[0] = '\0';
	size_t sl = url ? scheme_len(url) : 0;
	if (!sl)
		return false;
	const char *s = url + sl;
	if (astrcmpi_n(s, "www.", 4) == 0)
		s += 4;
	size_t n = strcspn(s, "?#");
	while (n > 0 && s[n - 1] == '/')
		n--;
	n = lk_utf8_cut(s, n, size - 1); /* do not cut inside a UTF-8 sequence */
	memcpy(out, s, n);
	out[n] = '\0';
	return n > 0;
}
