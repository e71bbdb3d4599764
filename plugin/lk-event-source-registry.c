/*
 * Linkon — the registry of event-source types (lk-event-source.h,
 * lk-event-sources.h): the built-in ones and those a test registers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A new platform adds its lk_event_source_info to `builtin` below (and its
 * display name to `names`).
 */
#include "lk-event-sources.h"

#include <pthread.h>
#include <string.h>

static const struct lk_event_source_info *const builtin[] = {
	&lk_es_tiktok_live,
	&lk_es_twitch,
	&lk_es_youtube,
};

static const struct {
	const char *platform;
	const char *name;
} names[] = {
	{"tiktok", "TikTok LIVE"},
	{"twitch", "Twitch"},
	{"youtube", "YouTube"},
};

#define MAX_REGISTERED 16

/* Types registered at run time (tests): static storage, no module object. */
static struct {
	pthread_mutex_t mutex;
	const struct lk_event_source_info *items[MAX_REGISTERED];
} reg = {.mutex = PTHREAD_MUTEX_INITIALIZER};

static const struct lk_event_source_info *find_builtin(const char *type)
{
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		if (strcmp(builtin[i]->type, type) == 0)
			return builtin[i];
	}
	return NULL;
}

const struct lk_event_source_info *lk_event_source_find(const char *type)
{
	const struct lk_event_source_info *found = NULL;

	if (!type || !*type)
		return NULL;
	pthread_mutex_lock(&reg.mutex);
	for (size_t i = 0; i < MAX_REGISTERED && !found; i++) {
		if (reg.items[i] && strcmp(reg.items[i]->type, type) == 0)
			found = reg.items[i];
	}
	pthread_mutex_unlock(&reg.mutex);
	return found ? found : find_builtin(type);
}

bool lk_event_source_register(const struct lk_event_source_info *info)
{
	bool ok = false;

	if (!info || !info->type || !info->create || !info->destroy || lk_event_source_find(info->type))
		return false;
	pthread_mutex_lock(&reg.mutex);
	for (size_t i = 0; i < MAX_REGISTERED && !ok; i++) {
		if (!reg.items[i]) {
			reg.items[i] = info;
			ok = true;
		}
	}
	pthread_mutex_unlock(&reg.mutex);
	return ok;
}

void lk_event_source_unregister(const struct lk_event_source_info *info)
{
	pthread_mutex_lock(&reg.mutex);
	for (size_t i = 0; i < MAX_REGISTERED; i++) {
		if (reg.items[i] == info)
			reg.items[i] = NULL;
	}
	pthread_mutex_unlock(&reg.mutex);
}

const char *lk_es_platform_name(const char *platform)
{
	for (size_t i = 0; platform && i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i].platform, platform) == 0)
			return names[i].name;
	}
	return platform ? platform : "";
}
