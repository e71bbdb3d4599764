/*
 * Linkon — module-wide objects, created in obs_module_load, destroyed in
 * obs_module_unload. Pointers are set before any source can be created and
 * stay valid until unload, so any thread may read them.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#define LK_VERSION "0.1.0"

struct lk_store;
struct lk_net;

struct lk_store *lk_plugin_store(void);
struct lk_net *lk_plugin_net(void);

#ifdef __cplusplus
}
#endif
