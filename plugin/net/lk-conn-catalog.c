/*
 * Linkon — a catalog pass into the store; private files (see lk-conn-catalog.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-conn-catalog.h"
#include "lk-store.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/dstr.h>
#include <util/platform.h>

static bool same_ids(struct lk_product *const *shown, size_t ns, struct lk_product *const *acc, size_t na)
{
	if (ns != na)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (strcmp(shown[i]->id, acc[i]->id) != 0)
			return false;
	}
	return true;
}

void lk_conn_catalog_publish(struct lk_store *store, struct lk_product *const *shown, size_t ns,
			     struct lk_product *const *acc, size_t na, size_t max_puts)
{
	struct lk_events evs;
	bool same = same_ids(shown, ns, acc, na);
	size_t changed = 0;

	for (size_t i = 0; same && i < na; i++)
		changed += !lk_product_equal(shown[i], acc[i]);
	lk_events_init(&evs);
	if (same && changed <= max_puts) {
		for (size_t i = 0; i < na && changed; i++) {
			if (!lk_product_equal(shown[i], acc[i]))
				lk_events_put_product(&evs, lk_product_addref(acc[i]));
		}
	} else {
		struct lk_event *ev = lk_events_push(&evs, LK_EV_CATALOG_SET);
		ev->num_products = na;
		ev->products = bzalloc(na * sizeof(*ev->products) + 1);
		for (size_t i = 0; i < na; i++)
			ev->products[i] = lk_product_addref(acc[i]);
	}
	if (evs.da.num)
		lk_store_apply(store, &evs);
	lk_events_free(&evs);
}

void lk_conn_release_products(struct lk_product *const *products, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lk_product_release(products[i]);
}

bool lk_conn_write_private_file(const char *path, const char *text)
{
	struct dstr tmp = {0};
	char *dir = bstrdup(path);
	char *slash = strrchr(dir, '/');
	bool ok = false;

	if (slash && slash != dir) {
		*slash = '\0';
		os_mkdirs(dir);
	}
	dstr_printf(&tmp, "%s.tmp", path);
	int fd = open(tmp.array, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f) {
		fchmod(fd, 0600);
		ok = fputs(text, f) >= 0 && fflush(f) == 0 && fsync(fd) == 0;
		ok = fclose(f) == 0 && ok;
	} else if (fd >= 0) {
		close(fd);
	}
	ok = ok && rename(tmp.array, path) == 0;
	if (!ok)
		unlink(tmp.array);
	dstr_free(&tmp);
	bfree(dir);
	return ok;
}

void lk_conn_set_aside(const char *path, const char *what, const char *why)
{
	struct dstr bad = {0};

	dstr_printf(&bad, "%s.bad", path);
	rename(path, bad.array);
	blog(LOG_WARNING, "%s unreadable (%s); kept as %s", what, why, bad.array);
	dstr_free(&bad);
}
