/*
 * Linkon — the docks (View → Docks): "Linkon" (connection, catalog and
 * "Link on", flash sale, drops) and "Linkon Gifts" (gift feed, totals, top
 * gifters, pause/skip/replay, test alert). Qt, built only when the OBS
 * frontend API and Qt are found (LINKON_HAVE_DOCKS); without them these
 * calls do nothing.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * On the first run the docks are shown docked on the right of OBS's main
 * window; afterwards OBS restores them where the streamer left them. The
 * dock's own settings (last sale values, the 3-2-1 countdown switch) are
 * saved with the scene collection under "linkon_dock" (never a token).
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

struct lk_module;

#ifdef LINKON_HAVE_DOCKS
/* Creates the docks when OBS's main window exists (never in headless
 * libobs) and hooks the frontend events and the save callback. module
 * (borrowed, outlives the docks) is how every dock reaches the store, the
 * net worker and the alert queue. UI thread, obs_module_post_load. */
void lk_docks_init(const struct lk_module *module);
/* Unhooks, stops listening to the store and the alert queue, and removes
 * the docks. UI thread, obs_module_unload, before the store is destroyed;
 * safe without init and twice. */
void lk_docks_free(void);
#else
static inline void lk_docks_init(const struct lk_module *module)
{
	(void)module;
}
static inline void lk_docks_free(void) {}
#endif

#ifdef __cplusplus
}
#endif
