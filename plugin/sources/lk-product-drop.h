/*
 * Linkon — scene-triggered drops: the `linkon_product_drop` filter.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Added to a scene from its Filters, it pins a product and optionally
 * starts a flash sale when the scene goes to program (libobs calls a
 * filter's activate when its parent becomes active in the main view: after
 * a cut or a transition, never for a studio-mode preview). The work runs on
 * the controller's command thread, never on the graphics thread.
 *
 * Drops do not fire while OBS starts or a scene collection loads (the
 * scene that is on program then was not switched to by the anchor): they
 * are armed LK_DROP_ARM_DELAY_MS after OBS_FRONTEND_EVENT_FINISHED_LOADING
 * / SCENE_COLLECTION_CHANGED, and disarmed by SCENE_COLLECTION_CHANGING.
 * Without the frontend (headless libobs) they are armed at once.
 *
 * "Once per show": a runtime flag per filter (not saved): set when the drop
 * fires, cleared by the filter's Reset button, lk_product_drop_reset_all()
 * (websocket ResetDrops) and when OBS restarts.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LK_PRODUCT_DROP_ID "linkon_product_drop"
#define LK_DROP_ARM_DELAY_MS 1000

/* The filter's settings keys (saved in scene collections: a public
 * contract; the docks read them to describe each drop). */
#define LK_DROP_SETTING_PRODUCT "product_id"
#define LK_DROP_SETTING_SALE "flash_sale"
#define LK_DROP_SETTING_PRICE "sale_price"       /* currency units, 0 = the product's price */
#define LK_DROP_SETTING_DURATION "sale_duration" /* seconds */
#define LK_DROP_SETTING_STOCK "sale_stock"       /* 0 = no limit */
#define LK_DROP_SETTING_PREROLL "sale_preroll"   /* seconds, 0 = none */
#define LK_DROP_SETTING_MODE "fire_mode"         /* LK_DROP_MODE_EVERY or LK_DROP_MODE_ONCE */
#define LK_DROP_MODE_EVERY "every"
#define LK_DROP_MODE_ONCE "once"

extern struct obs_source_info lk_product_drop_info;

/* Frontend wiring (arming, see above). UI thread, module load/unload. */
void lk_product_drop_frontend_init(void);
void lk_product_drop_frontend_free(void);

/* Fires every enabled drop filter on the scene named scene_name, now and
 * regardless of program state and of "once per show" (an explicit trigger;
 * a once-per-show drop is then marked as fired). *fired = drops that ran.
 * false with *error when the scene does not exist, has no drop, or a drop
 * was refused. Any thread but the graphics thread (runs the commands). */
bool lk_product_drop_trigger_scene(const char *scene_name, size_t *fired, const char **error);

/* The flash sale of the first drop filter that pins product_id and starts
 * a sale: fills *params (product_id borrowed from the argument) and
 * returns true; false when no drop has a sale for it. Any thread. */
struct lk_sale_params;
bool lk_product_drop_sale_for(const char *product_id, struct lk_sale_params *params);

/* Clears the "fired" flag of every drop filter. Returns how many drops
 * there are. Any thread. */
size_t lk_product_drop_reset_all(void);

#ifdef __cplusplus
}
#endif
