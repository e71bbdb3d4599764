/*
 * Linkon — hotkeys registered with OBS (Settings → Hotkeys): next product,
 * previous product, unpin, start the pinned product's default flash sale,
 * stop the flash sale. Their bindings are saved with the scene collection
 * (key "linkon_hotkeys"), like OBS does for a scene's own hotkeys.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Hotkey callbacks run on OBS's hotkey thread (or obs-websocket's, for
 * TriggerHotkeyByName) with libobs' hotkey lock held, so they only queue
 * the command on the controller's command thread.
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* Hotkey names (a public contract: saved bindings and TriggerHotkeyByName). */
#define LK_HOTKEY_NEXT "linkon.next_product"
#define LK_HOTKEY_PREVIOUS "linkon.previous_product"
#define LK_HOTKEY_UNPIN "linkon.unpin"
#define LK_HOTKEY_START_SALE "linkon.start_sale"
#define LK_HOTKEY_STOP_SALE "linkon.stop_sale"
#define LK_HOTKEY_PAUSE_ALERTS "linkon.pause_alerts" /* toggles: pause / resume gift alerts */
#define LK_HOTKEY_SKIP_ALERT "linkon.skip_alert"     /* ends the gift alert on screen */
#define LK_HOTKEY_START_SHOW "linkon.start_show"
#define LK_HOTKEY_END_SHOW "linkon.end_show" /* writes the report */

struct lk_module;
struct lk_hotkeys;

/* Registers the hotkeys and the save callback; they act on module's store
 * and alert queue (borrowed, outlives the registration). Returns what
 * lk_hotkeys_unregister takes. UI thread, module load. */
struct lk_hotkeys *lk_hotkeys_register(const struct lk_module *module);
/* Unregisters them and frees hk (NULL is ignored). UI thread, module
 * unload, while the controller's command thread still runs. */
void lk_hotkeys_unregister(struct lk_hotkeys *hk);

#ifdef __cplusplus
}
#endif
