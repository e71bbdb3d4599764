/*
 * Linkon — the docks' life cycle: created in obs_module_post_load when the
 * frontend exists, shown on the first run, saved with the scene
 * collection, detached on exit and unload (see lk-docks.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-docks.h"
#include "lk-dock-widgets.hpp"

#include <QDockWidget>
#include <QMainWindow>

#include <obs-frontend-api.h>
#include <obs-module.h>
#include <util/config-file.h>

extern "C" {
#include "lk-module.h"
}

#define CONTROL_ID "linkon_dock"
#define GIFTS_ID "linkon_gifts_dock"
#define SAVE_KEY "linkon_dock"
#define CONFIG_SECTION "Linkon"
#define CONFIG_SHOWN "DocksShown"
#define FIRST_WIDTH 340
#define FIRST_GIFTS_WIDTH 280

/* UI thread only */
static LkStoreFeed *feed;
static QPointer<LkControlDock> control;
static QPointer<LkGiftsDock> gifts;
static bool hooked;

static QDockWidget *dock_of(QWidget *content)
{
	return content ? qobject_cast<QDockWidget *>(content->parentWidget()) : nullptr;
}

/* OBS 29 takes a QDockWidget we make; OBS 30+ makes the dock itself. */
static void add_dock(const char *id, const char *title_key, QWidget *content, QMainWindow *main)
{
#if LIBOBS_API_MAJOR_VER >= 30
	UNUSED_PARAMETER(main);
	obs_frontend_add_dock_by_id(id, obs_module_text(title_key), content);
#else
	QDockWidget *dock = new QDockWidget(main);
	dock->setObjectName(id);
	dock->setWindowTitle(lk_text(title_key));
	dock->setWidget(content);
	dock->setAllowedAreas(Qt::AllDockWidgetAreas);
	obs_frontend_add_dock(dock);
	dock->hide();
#endif
}

static void remove_dock(const char *id, QWidget *content)
{
#if LIBOBS_API_MAJOR_VER >= 30
	UNUSED_PARAMETER(content);
	obs_frontend_remove_dock(id);
#else
	UNUSED_PARAMETER(id);
	delete dock_of(content);
#endif
}

/* Where "shown once" is kept: OBS 31 split its global config into the app's
 * (global.ini) and the user's (user.ini); a user's choice goes to the latter. */
static config_t *settings_config(void)
{
#if LIBOBS_API_MAJOR_VER >= 31
	return obs_frontend_get_user_config();
#else
	return obs_frontend_get_global_config();
#endif
}

/* First run: docked on the right of the main window, side by side (each
 * gets the full height: the catalog wants rows). */
static void show_first_time(void)
{
	config_t *config = settings_config();
	if (!config || config_get_bool(config, CONFIG_SECTION, CONFIG_SHOWN))
		return;
	QMainWindow *main = static_cast<QMainWindow *>(obs_frontend_get_main_window());
	QDockWidget *c = dock_of(control);
	QDockWidget *g = dock_of(gifts);
	if (!main || !c || !g)
		return;
	main->addDockWidget(Qt::RightDockWidgetArea, c);
	c->setFloating(false);
	main->splitDockWidget(c, g, Qt::Horizontal);
	g->setFloating(false);
	c->show();
	g->show();
	main->resizeDocks({c, g}, {FIRST_WIDTH, FIRST_GIFTS_WIDTH}, Qt::Horizontal);
	config_set_bool(config, CONFIG_SECTION, CONFIG_SHOWN, true);
	config_save_safe(config, "tmp", nullptr);
	blog(LOG_INFO, "[linkon] docks shown for the first time (View > Docks hides them)");
}

static void detach(void)
{
	if (feed)
		feed->detach();
	if (gifts)
		gifts->detach();
}

static void on_event(enum obs_frontend_event event, void *)
{
	switch (event) {
	case OBS_FRONTEND_EVENT_FINISHED_LOADING:
		/* after OBS has restored (or reset) its dock layout, which it does
		 * later in the same start-up call */
		QTimer::singleShot(0, show_first_time);
		break;
	case OBS_FRONTEND_EVENT_SCENE_LIST_CHANGED:
	case OBS_FRONTEND_EVENT_SCENE_COLLECTION_CHANGED:
		if (control)
			control->refresh_drops();
		break;
	case OBS_FRONTEND_EVENT_EXIT:
		detach();
		break;
	default:
		break;
	}
}

/* The dock's settings in the scene collection (never a token). */
static void on_save(obs_data_t *save_data, bool saving, void *)
{
	if (!control)
		return;
	if (saving) {
		obs_data_t *d = obs_data_create();
		control->save(d);
		obs_data_set_obj(save_data, SAVE_KEY, d);
		obs_data_release(d);
		return;
	}
	obs_data_t *d = obs_data_get_obj(save_data, SAVE_KEY);
	if (d) {
		control->load(d);
		obs_data_release(d);
	}
}

void lk_docks_init(const struct lk_module *module)
{
	QMainWindow *main = static_cast<QMainWindow *>(obs_frontend_get_main_window());
	if (!main || hooked)
		return; /* headless libobs: no frontend, no docks */

	obs_frontend_push_ui_translation(obs_module_get_string);
	feed = new LkStoreFeed(module);
	control = new LkControlDock(feed);
	gifts = new LkGiftsDock(module);
	add_dock(CONTROL_ID, "Dock.Title", control, main);
	add_dock(GIFTS_ID, "Dock.Gifts.Title", gifts, main);
	obs_frontend_pop_ui_translation();

	obs_frontend_add_event_callback(on_event, nullptr);
	obs_frontend_add_save_callback(on_save, nullptr);
	hooked = true;
	blog(LOG_INFO, "[linkon] docks added: '%s' and '%s'", obs_module_text("Dock.Title"),
	     obs_module_text("Dock.Gifts.Title"));
}

void lk_docks_free(void)
{
	if (!hooked)
		return;
	obs_frontend_remove_event_callback(on_event, nullptr);
	obs_frontend_remove_save_callback(on_save, nullptr);
	hooked = false;
	detach();
	/* still there when OBS unloads modules before closing its window */
	if (control)
		remove_dock(CONTROL_ID, control);
	if (gifts)
		remove_dock(GIFTS_ID, gifts);
	delete feed;
	feed = nullptr;
}
