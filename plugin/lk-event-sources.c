/*
 * Linkon — the event-source manager (see lk-event-sources.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Two locks:
 *   ops    serialises the changes (start, stop, set_enabled, add, remove,
 *          replace, sign_in, sign_out): held while a source is created or
 *          destroyed and while config.json is written, never taken by a
 *          source's thread.
 *   mutex  the table: the slots array, every row's status and flags, the
 *          version. Held only to copy; a source's publish takes it.
 * A slot (one entry) lives from when it is added until after its source's
 * destroy has returned, so a publish (host_data = the slot) always finds it.
 */
#include "lk-event-sources.h"
#include "lk-config.h"
#include "lk-str.h"

#include <pthread.h>
#include <string.h>
#include <util/base.h>
#include <util/bmem.h>
#include <util/darray.h>
#include <util/dstr.h>
#include <util/platform.h>

struct es_slot {
	struct lk_event_sources *es;
	/* set when the slot is made (ops), read under mutex or by ops */
	char id[LK_ES_MAX_ID];
	char type[LK_ES_MAX_TYPE];
	char platform[LK_ES_MAX_PLATFORM];
	char name[LK_ES_MAX_NAME];
	const struct lk_event_source_info *info; /* NULL: unusable entry */
	struct lk_msg bad;                       /* why it is unusable */
	json_t *config;                          /* the entry as in config.json (owned; ops only) */
	struct lk_es_host host;
	void *inst; /* the running source (ops only) */

	/* under es->mutex */
	bool enabled;
	bool running;
	bool accept; /* publishes are taken (from just before create to destroy) */
	struct lk_es_status status;
};

struct lk_event_sources {
	pthread_mutex_t ops;
	pthread_mutex_t mutex;
	DARRAY(struct es_slot *) slots; /* mutex (changed only with ops held too) */
	uint64_t version;               /* mutex */
	struct lk_net *net;
	char *config_path;
	char *config_dir;
};

/* ---- status ------------------------------------------------------------------ */

static void status_reset(struct lk_es_status *st, enum lk_es_state state)
{
	memset(st, 0, sizeof(*st));
	st->state = state;
	st->quota_units_per_hour = -1;
}

static void status_msg(struct lk_es_status *st, enum lk_es_state state, enum lk_msg_code code, const char *a1)
{
	struct dstr text = {0};

	status_reset(st, state);
	lk_msg_set(&st->msg, code, a1, NULL, NULL);
	lk_msg_format(&text, &st->msg, NULL, NULL, NULL);
	lk_utf8_copy(st->detail, sizeof(st->detail), text.array);
	dstr_free(&text);
}

static void err_set(struct lk_es_error *err, enum lk_msg_code code, const char *a1)
{
	struct dstr text = {0};

	if (!err)
		return;
	lk_msg_set(&err->msg, code, a1, NULL, NULL);
	lk_msg_format(&text, &err->msg, NULL, NULL, NULL);
	lk_utf8_copy(err->text, sizeof(err->text), text.array);
	dstr_free(&text);
}

static void publish(void *host_data, const struct lk_es_status *st)
{
	struct es_slot *s = host_data;
	struct lk_event_sources *es = s->es;

	pthread_mutex_lock(&es->mutex);
	if (s->accept) {
		s->status = *st;
		s->status.detail[sizeof(s->status.detail) - 1] = '\0';
		s->status.user_code[sizeof(s->status.user_code) - 1] = '\0';
		s->status.verify_url[sizeof(s->status.verify_url) - 1] = '\0';
		s->status.account[sizeof(s->status.account) - 1] = '\0';
		es->version++;
	}
	pthread_mutex_unlock(&es->mutex);
}

/* ---- entries ------------------------------------------------------------------ */

static bool id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	if (n == 0 || n >= LK_ES_MAX_ID)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];
		if (c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}

/* Under ops: the slot with this id, or NULL. */
static struct es_slot *find_slot(struct lk_event_sources *es, const char *id, size_t *index)
{
	for (size_t i = 0; id && i < es->slots.num; i++) {
		if (strcmp(es->slots.array[i]->id, id) == 0) {
			if (index)
				*index = i;
			return es->slots.array[i];
		}
	}
	return NULL;
}

/* Whether a slot other than self has this id. */
static bool id_taken(struct lk_event_sources *es, const char *id, const struct es_slot *self)
{
	const struct es_slot *o = find_slot(es, id, NULL);
	if (o == self && o) {
		/* self is in the table: look past it */
		for (size_t i = 0; i < es->slots.num; i++) {
			if (es->slots.array[i] != self && strcmp(es->slots.array[i]->id, id) == 0)
				return true;
		}
		return false;
	}
	return o != NULL;
}

/* The slot's id: the entry's "id"; without a usable one its type; when
 * that is taken (or the id is another entry's: then the entry is not
 * used) "entry-<pos>", made unique. */
static void slot_id(struct lk_event_sources *es, struct es_slot *s, const char *id, const char *type, size_t pos)
{
	if (id_ok(id) && !id_taken(es, id, s)) {
		snprintf(s->id, sizeof(s->id), "%s", id);
		return;
	}
	if (id_ok(id))
		lk_msg_set(&s->bad, LK_MSG_ES_DUPLICATE_ID, id, NULL, NULL);
	else if (id_ok(type) && !id_taken(es, type, s)) {
		snprintf(s->id, sizeof(s->id), "%s", type);
		return;
	}
	snprintf(s->id, sizeof(s->id), "entry-%zu", pos + 1);
	for (unsigned k = 2; id_taken(es, s->id, s); k++)
		snprintf(s->id, sizeof(s->id), "entry-%zu-%u", pos + 1, k);
}

/* Fills the slot's names and info from its config (s->config set). */
static void slot_read(struct lk_event_sources *es, struct es_slot *s, size_t pos)
{
	json_t *c = s->config;
	const char *type = json_string_value(json_object_get(c, "type"));
	const char *id = json_string_value(json_object_get(c, "id"));
	const char *name = json_string_value(json_object_get(c, "name"));
	json_t *en = json_object_get(c, "enabled");

	s->info = NULL;
	lk_msg_set(&s->bad, LK_MSG_NONE, NULL, NULL, NULL);
	slot_id(es, s, id, type, pos);
	lk_utf8_copy(s->type, sizeof(s->type), type);
	s->enabled = !json_is_false(en);
	if (s->bad.code) /* a duplicate id: not used */
		goto names;

	if (!json_is_object(c)) {
		lk_msg_set(&s->bad, LK_MSG_ES_BAD_ENTRY, "it is not a JSON object", NULL, NULL);
	} else if (!type || !*type) {
		lk_msg_set(&s->bad, LK_MSG_ES_BAD_ENTRY, "it has no \"type\"", NULL, NULL);
	} else if (!(s->info = lk_event_source_find(type))) {
		lk_msg_set(&s->bad, LK_MSG_ES_UNKNOWN_TYPE, s->type, NULL, NULL);
	}
names:
	lk_utf8_copy(s->platform, sizeof(s->platform), s->info ? s->info->platform : "");
	lk_utf8_copy(s->name, sizeof(s->name),
		     name && *name ? name : s->info ? lk_es_platform_name(s->info->platform) : s->id);
}

static struct es_slot *slot_new(struct lk_event_sources *es, json_t *config, size_t pos)
{
	struct es_slot *s = bzalloc(sizeof(*s));

	s->es = es;
	s->config = config;
	s->host.net = es->net;
	s->host.publish = publish;
	s->host.host_data = s;
	slot_read(es, s, pos);
	status_reset(&s->status, LK_ES_OFF);
	return s;
}

static void slot_free(struct es_slot *s)
{
	if (!s)
		return;
	json_decref(s->config);
	bfree(s);
}

/* ---- running a source (ops held, mutex not) ---------------------------------- */

static void slot_set_status(struct es_slot *s, const struct lk_es_status *st, bool running, bool accept)
{
	struct lk_event_sources *es = s->es;

	pthread_mutex_lock(&es->mutex);
	if (st)
		s->status = *st;
	s->running = running;
	s->accept = accept;
	es->version++;
	pthread_mutex_unlock(&es->mutex);
}

static void slot_start(struct es_slot *s)
{
	struct lk_event_sources *es = s->es;
	struct lk_es_status *st = bzalloc(sizeof(*st));

	if (s->inst || !s->enabled)
		goto out;
	if (!s->info) {
		status_reset(st, LK_ES_ERROR);
		st->msg = s->bad;
		struct dstr text = {0};
		lk_msg_format(&text, &st->msg, NULL, NULL, NULL);
		lk_utf8_copy(st->detail, sizeof(st->detail), text.array);
		dstr_free(&text);
		blog(LOG_WARNING, "[linkon] event source '%s': %s", s->id, st->detail);
		slot_set_status(s, st, false, false);
		goto out;
	}
	if (!es->net) {
		status_msg(st, LK_ES_ERROR, LK_MSG_ES_NO_NETWORK, NULL);
		slot_set_status(s, st, false, false);
		goto out;
	}
	status_reset(st, LK_ES_CONNECTING);
	slot_set_status(s, st, false, true);

	json_t *settings = json_deep_copy(s->config);
	if (es->config_dir)
		json_object_set_new(settings, "config_dir", json_string(es->config_dir));
	if (es->config_path)
		json_object_set_new(settings, "config_path", json_string(es->config_path));
	s->inst = s->info->create(&s->host, settings);
	json_decref(settings);

	pthread_mutex_lock(&es->mutex);
	s->running = s->inst != NULL;
	if (!s->inst && s->status.state != LK_ES_ERROR)
		status_msg(&s->status, LK_ES_ERROR, LK_MSG_ES_NOT_STARTED, s->type);
	if (!s->inst)
		s->accept = false;
	es->version++;
	pthread_mutex_unlock(&es->mutex);
	if (s->inst)
		blog(LOG_INFO, "[linkon] event source '%s' (%s) started", s->id, s->type);
	else
		blog(LOG_WARNING, "[linkon] event source '%s' (%s) did not start", s->id, s->type);
out:
	bfree(st);
}

static void slot_stop(struct es_slot *s)
{
	struct lk_es_status *st = bzalloc(sizeof(*st));

	if (s->inst) {
		s->info->destroy(s->inst); /* no publish after this returns */
		s->inst = NULL;
		blog(LOG_INFO, "[linkon] event source '%s' (%s) stopped", s->id, s->type);
	}
	status_reset(st, LK_ES_OFF);
	slot_set_status(s, st, false, false);
	bfree(st);
}

/* ---- config.json ------------------------------------------------------------- */

static bool set_entries(json_t *cfg, void *param)
{
	json_object_set(cfg, "event_sources", param);
	return true;
}

/* Writes the entries into config.json's "event_sources" (the rest of the
 * file as it is now: a read-modify-write under the config lock, so a dock's
 * save from another thread is not lost). Ops held. */
static void save(struct lk_event_sources *es)
{
	if (!es->config_path)
		return;
	json_t *arr = json_array();
	for (size_t i = 0; i < es->slots.num; i++)
		json_array_append_new(arr, json_deep_copy(es->slots.array[i]->config));
	if (!lk_config_update_file(es->config_path, set_entries, arr))
		blog(LOG_WARNING, "[linkon] event sources: config.json could not be read or written; the change is not saved");
	json_decref(arr);
}

/* ---- life cycle ------------------------------------------------------------------ */

struct lk_event_sources *lk_event_sources_create(struct lk_net *net, const char *config_path, const char *config_dir)
{
	struct lk_event_sources *es = bzalloc(sizeof(*es));

	pthread_mutex_init(&es->ops, NULL);
	pthread_mutex_init(&es->mutex, NULL);
	da_init(es->slots);
	es->net = net;
	es->config_path = config_path && *config_path ? bstrdup(config_path) : NULL;
	es->config_dir = config_dir && *config_dir ? bstrdup(config_dir) : NULL;
	return es;
}

void lk_event_sources_destroy(struct lk_event_sources *es)
{
	if (!es)
		return;
	lk_event_sources_stop(es);
	for (size_t i = 0; i < es->slots.num; i++)
		slot_free(es->slots.array[i]);
	da_free(es->slots);
	bfree(es->config_path);
	bfree(es->config_dir);
	pthread_mutex_destroy(&es->mutex);
	pthread_mutex_destroy(&es->ops);
	bfree(es);
}

void lk_event_sources_start(struct lk_event_sources *es, const json_t *config)
{
	json_t *list = config ? json_object_get(config, "event_sources") : NULL;

	if (!es)
		return;
	pthread_mutex_lock(&es->ops);
	if (!es->slots.num && json_is_array(list)) {
		for (size_t i = 0; i < json_array_size(list); i++) {
			json_t *entry = json_array_get(list, i);
			struct es_slot *s = slot_new(es, json_deep_copy(entry), i);
			pthread_mutex_lock(&es->mutex);
			da_push_back(es->slots, &s);
			es->version++;
			pthread_mutex_unlock(&es->mutex);
		}
	} else if (list && !json_is_array(list)) {
		blog(LOG_WARNING, "[linkon] config.json: \"event_sources\" is not a list; no live rooms start");
	}
	for (size_t i = 0; i < es->slots.num; i++)
		slot_start(es->slots.array[i]);
	pthread_mutex_unlock(&es->ops);
}

void lk_event_sources_stop(struct lk_event_sources *es)
{
	if (!es)
		return;
	pthread_mutex_lock(&es->ops);
	for (size_t i = 0; i < es->slots.num; i++)
		slot_stop(es->slots.array[i]);
	pthread_mutex_unlock(&es->ops);
}

/* ---- reading the table ----------------------------------------------------------- */

uint64_t lk_event_sources_version(struct lk_event_sources *es)
{
	if (!es)
		return 0;
	pthread_mutex_lock(&es->mutex);
	uint64_t v = es->version;
	pthread_mutex_unlock(&es->mutex);
	return v;
}

static void row_copy(const struct es_slot *s, struct lk_es_entry *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->id, s->id, sizeof(out->id));
	memcpy(out->type, s->type, sizeof(out->type));
	memcpy(out->platform, s->platform, sizeof(out->platform));
	memcpy(out->name, s->name, sizeof(out->name));
	out->enabled = s->enabled;
	out->running = s->running;
	out->can_sign_in = s->info && s->info->sign_in;
	out->status = s->status;
}

size_t lk_event_sources_list(struct lk_event_sources *es, struct lk_es_entry *out, size_t max, uint64_t *version)
{
	if (!es) {
		if (version)
			*version = 0;
		return 0;
	}
	pthread_mutex_lock(&es->mutex);
	size_t n = es->slots.num;
	for (size_t i = 0; i < n && i < max; i++)
		row_copy(es->slots.array[i], &out[i]);
	if (version)
		*version = es->version;
	pthread_mutex_unlock(&es->mutex);
	return n;
}

bool lk_event_sources_get(struct lk_event_sources *es, const char *id, struct lk_es_entry *out)
{
	bool found = false;

	if (!es || !id)
		return false;
	pthread_mutex_lock(&es->mutex);
	for (size_t i = 0; i < es->slots.num && !found; i++) {
		if (strcmp(es->slots.array[i]->id, id) == 0) {
			row_copy(es->slots.array[i], out);
			found = true;
		}
	}
	pthread_mutex_unlock(&es->mutex);
	return found;
}

json_t *lk_event_sources_entry_config(struct lk_event_sources *es, const char *id)
{
	json_t *copy = NULL;

	if (!es)
		return NULL;
	pthread_mutex_lock(&es->ops);
	struct es_slot *s = find_slot(es, id, NULL);
	if (s)
		copy = json_deep_copy(s->config);
	pthread_mutex_unlock(&es->ops);
	return copy;
}

/* ---- changes (UI thread) ------------------------------------------------------------ */

/* Takes ops and finds the slot; on an unknown id releases ops, fills err
 * and returns NULL. */
static struct es_slot *ops_find(struct lk_event_sources *es, const char *id, size_t *index, struct lk_es_error *err)
{
	pthread_mutex_lock(&es->ops);
	struct es_slot *s = find_slot(es, id, index);
	if (!s) {
		pthread_mutex_unlock(&es->ops);
		err_set(err, LK_MSG_ES_UNKNOWN_ID, id);
	}
	return s;
}

bool lk_event_sources_set_enabled(struct lk_event_sources *es, const char *id, bool enabled, struct lk_es_error *err)
{
	struct es_slot *s = ops_find(es, id, NULL, err);
	if (!s)
		return false;
	if (enabled != s->enabled) {
		pthread_mutex_lock(&es->mutex);
		s->enabled = enabled;
		pthread_mutex_unlock(&es->mutex);
		if (json_is_object(s->config))
			json_object_set_new(s->config, "enabled", json_boolean(enabled));
		if (enabled)
			slot_start(s);
		else
			slot_stop(s);
		save(es);
	}
	pthread_mutex_unlock(&es->ops);
	return true;
}

bool lk_event_sources_add(struct lk_event_sources *es, const json_t *entry, struct lk_es_error *err)
{
	const char *type = json_string_value(json_object_get(entry, "type"));
	const char *id = json_string_value(json_object_get(entry, "id"));

	if (!json_is_object(entry) || !type || !*type) {
		err_set(err, LK_MSG_ES_BAD_ENTRY, "it has no \"type\"");
		return false;
	}
	if (!lk_event_source_find(type)) {
		err_set(err, LK_MSG_ES_UNKNOWN_TYPE, type);
		return false;
	}
	if (id && !id_ok(id)) {
		err_set(err, LK_MSG_ES_BAD_ENTRY, "its \"id\" must be 1 to 63 printable characters");
		return false;
	}
	pthread_mutex_lock(&es->ops);
	if (find_slot(es, id ? id : type, NULL)) {
		pthread_mutex_unlock(&es->ops);
		err_set(err, LK_MSG_ES_DUPLICATE_ID, id ? id : type);
		return false;
	}
	json_t *config = json_deep_copy(entry);
	if (!id)
		json_object_set_new(config, "id", json_string(type));
	json_object_del(config, "config_dir");
	json_object_del(config, "config_path");
	struct es_slot *s = slot_new(es, config, es->slots.num);
	pthread_mutex_lock(&es->mutex);
	da_push_back(es->slots, &s);
	es->version++;
	pthread_mutex_unlock(&es->mutex);
	slot_start(s);
	save(es);
	pthread_mutex_unlock(&es->ops);
	return true;
}

bool lk_event_sources_remove(struct lk_event_sources *es, const char *id, struct lk_es_error *err)
{
	size_t index = 0;

	struct es_slot *s = ops_find(es, id, &index, err);
	if (!s)
		return false;
	slot_stop(s);
	pthread_mutex_lock(&es->mutex);
	da_erase(es->slots, index);
	es->version++;
	pthread_mutex_unlock(&es->mutex);
	slot_free(s);
	save(es);
	pthread_mutex_unlock(&es->ops);
	return true;
}

bool lk_event_sources_replace(struct lk_event_sources *es, const char *id, const json_t *settings,
			      struct lk_es_error *err)
{
	size_t index = 0;

	if (!json_is_object(settings)) {
		err_set(err, LK_MSG_ES_BAD_ENTRY, "the settings are not a JSON object");
		return false;
	}
	struct es_slot *s = ops_find(es, id, &index, err);
	if (!s)
		return false;
	slot_stop(s);
	json_t *config = json_deep_copy(settings);
	json_object_del(config, "config_dir");
	json_object_del(config, "config_path");
	json_object_set_new(config, "id", json_string(s->id));
	json_object_del(config, "type");
	if (json_object_get(s->config, "type"))
		json_object_set(config, "type", json_object_get(s->config, "type"));
	if (!json_object_get(config, "enabled"))
		json_object_set_new(config, "enabled", json_boolean(s->enabled));
	if (!json_object_get(config, "name") && json_is_string(json_object_get(s->config, "name")))
		json_object_set(config, "name", json_object_get(s->config, "name"));
	json_decref(s->config);
	s->config = config;
	pthread_mutex_lock(&es->mutex);
	slot_read(es, s, index);
	es->version++;
	pthread_mutex_unlock(&es->mutex);
	slot_start(s);
	save(es);
	pthread_mutex_unlock(&es->ops);
	return true;
}

/* ---- sign-in ---------------------------------------------------------------------- */

static bool sign(struct lk_event_sources *es, const char *id, bool in, struct lk_es_error *err)
{
	bool ok = false;

	pthread_mutex_lock(&es->ops);
	struct es_slot *s = find_slot(es, id, NULL);
	if (!s)
		err_set(err, LK_MSG_ES_UNKNOWN_ID, id);
	else if (!s->info || !(in ? s->info->sign_in : s->info->sign_out))
		err_set(err, LK_MSG_ES_NO_SIGN_IN, s->id);
	else if (!s->inst)
		err_set(err, LK_MSG_ES_SWITCHED_OFF, s->id);
	else
		ok = true;
	if (ok) {
		if (in)
			s->info->sign_in(s->inst);
		else
			s->info->sign_out(s->inst);
	}
	pthread_mutex_unlock(&es->ops);
	return ok;
}

bool lk_event_sources_sign_in(struct lk_event_sources *es, const char *id, struct lk_es_error *err)
{
	return sign(es, id, true, err);
}

bool lk_event_sources_sign_out(struct lk_event_sources *es, const char *id, struct lk_es_error *err)
{
	return sign(es, id, false, err);
}
