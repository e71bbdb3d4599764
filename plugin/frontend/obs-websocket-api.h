/*
 * obs-websocket's plugin API (vendor requests and events), in C11.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * obs-websocket 5 publishes this API as lib/obs-websocket-api.h in its own
 * sources, but neither Debian's obs-studio nor libobs-dev ships that header,
 * and its copy only compiles as C++ (inline variables, default arguments).
 * This file was written for Linkon from that documented API (API version 2,
 * obs-websocket 5.0 and later; OBS 28 to 32 bundle it): the same type and
 * function names with the same meaning, so the vendor code reads as with
 * the published header. Nothing of obs-websocket is linked: everything goes
 * through the proc handler obs-websocket publishes on libobs's global proc
 * handler as "obs_websocket_api_get_ph".
 *
 * Procs of obs-websocket's handler used here (all set "success"):
 *   get_api_version(out int version)                  from API version 2
 *   vendor_register(in string name, out ptr vendor)   fails for a name taken
 *   vendor_request_register(in ptr vendor, in string type, in ptr callback)
 *       copies the struct obs_websocket_request_callback behind "callback"
 *   vendor_request_unregister(in ptr vendor, in string type)
 *   vendor_event_emit(in ptr vendor, in string type, in ptr data)
 *       data: obs_data_t *, its reference count is left alone
 * A vendor lives as long as obs-websocket does (it cannot be unregistered);
 * its requests can. Register from obs_module_post_load: obs-websocket makes
 * its handler in its own obs_module_load.
 */
#pragma once

#include <obs.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void *obs_websocket_vendor;
typedef void (*obs_websocket_request_callback_function)(obs_data_t *request_data, obs_data_t *response_data,
							void *priv_data);

struct obs_websocket_request_callback {
	obs_websocket_request_callback_function callback;
	void *priv_data;
};

/* obs-websocket's proc handler, found on first use */
static proc_handler_t *obs_websocket_api_ph;

/* obs-websocket's proc handler, or NULL when it is not loaded. */
static inline proc_handler_t *obs_websocket_get_ph(void)
{
	proc_handler_t *global = obs_get_proc_handler();
	calldata_t cd = {0};
	proc_handler_t *ph = NULL;

	if (global && proc_handler_call(global, "obs_websocket_api_get_ph", &cd))
		ph = (proc_handler_t *)calldata_ptr(&cd, "ph");
	calldata_free(&cd);
	return ph;
}

static inline bool obs_websocket_ensure_ph(void)
{
	if (!obs_websocket_api_ph)
		obs_websocket_api_ph = obs_websocket_get_ph();
	return obs_websocket_api_ph != NULL;
}

/* Calls a vendor proc with "vendor" added to cd; its "success". */
static inline bool obs_websocket_vendor_run_simple_proc(obs_websocket_vendor vendor, const char *proc_name,
							calldata_t *cd)
{
	if (!vendor || !proc_name || !*proc_name || !cd || !obs_websocket_ensure_ph())
		return false;
	calldata_set_ptr(cd, "vendor", vendor);
	if (!proc_handler_call(obs_websocket_api_ph, proc_name, cd))
		return false;
	return calldata_bool(cd, "success");
}

/* The API version of the loaded obs-websocket: 0 when it is not loaded, 1
 * for one older than get_api_version. */
static inline unsigned int obs_websocket_get_api_version(void)
{
	if (!obs_websocket_ensure_ph())
		return 0;
	calldata_t cd = {0};
	unsigned int version = 1;
	if (proc_handler_call(obs_websocket_api_ph, "get_api_version", &cd))
		version = (unsigned int)calldata_int(&cd, "version");
	calldata_free(&cd);
	return version;
}

/* Registers vendor_name; NULL when obs-websocket is not loaded or the name
 * is taken. Call from obs_module_post_load. */
static inline obs_websocket_vendor obs_websocket_register_vendor(const char *vendor_name)
{
	if (!obs_websocket_ensure_ph())
		return NULL;
	calldata_t cd = {0};
	obs_websocket_vendor vendor = NULL;
	calldata_set_string(&cd, "name", vendor_name);
	if (proc_handler_call(obs_websocket_api_ph, "vendor_register", &cd))
		vendor = calldata_ptr(&cd, "vendor");
	calldata_free(&cd);
	return vendor;
}

/* Adds request_type to the vendor: obs-websocket calls request_callback
 * (on its own threads) with priv_data. False when the type is taken. */
static inline bool obs_websocket_vendor_register_request(obs_websocket_vendor vendor, const char *request_type,
							 obs_websocket_request_callback_function request_callback,
							 void *priv_data)
{
	struct obs_websocket_request_callback cb = {request_callback, priv_data};
	calldata_t cd = {0};
	calldata_set_string(&cd, "type", request_type);
	calldata_set_ptr(&cd, "callback", &cb);
	bool ok = obs_websocket_vendor_run_simple_proc(vendor, "vendor_request_register", &cd);
	calldata_free(&cd);
	return ok;
}

/* Removes request_type from the vendor. False when it was not registered. */
static inline bool obs_websocket_vendor_unregister_request(obs_websocket_vendor vendor, const char *request_type)
{
	calldata_t cd = {0};
	calldata_set_string(&cd, "type", request_type);
	bool ok = obs_websocket_vendor_run_simple_proc(vendor, "vendor_request_unregister", &cd);
	calldata_free(&cd);
	return ok;
}

/* Sends event_name with event_data to the clients subscribed to vendor
 * events; event_data's reference count is not changed. */
static inline bool obs_websocket_vendor_emit_event(obs_websocket_vendor vendor, const char *event_name,
						   obs_data_t *event_data)
{
	calldata_t cd = {0};
	calldata_set_string(&cd, "type", event_name);
	calldata_set_ptr(&cd, "data", event_data);
	bool ok = obs_websocket_vendor_run_simple_proc(vendor, "vendor_event_emit", &cd);
	calldata_free(&cd);
	return ok;
}

#ifdef __cplusplus
}
#endif
