/*
 * Linkon — the docks' Qt widgets: a thin layer over the controller (every
 * action) and the store (snapshots; lk-dock-model.h says what to show).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: every widget lives on the Qt (UI) thread. The store tells the
 * UI through LkStoreFeed, whose listener only queues a call to the UI
 * thread; nothing here waits on the network: commands return at once
 * (connectors queue their work on the net worker), images load on a
 * worker thread (LkThumbs). Timers only redraw from the last snapshot.
 */
#pragma once

#include <QDialog>
#include <QFrame>
#include <QHash>
#include <QLabel>
#include <QPixmap>
#include <QPointer>
#include <QSet>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>
#include <atomic>
#include <memory>
#include <string>

#include <jansson.h>
#include <obs.h>

extern "C" {
#include "lk-dock-model.h"
#include "lk-dock-rooms.h"
#include "lk-dock-show.h"
#include "lk-store.h"
}
#include <vector>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QToolButton;
struct lk_alerts;
struct lk_module;

/* ---- helpers (lk-dock-common.cpp) ------------------------------------------ */

/* obs_module_text as a QString, and as the model's translation function. */
QString lk_text(const char *key);
const char *lk_dock_tr(const char *key);
/* "Not done: …" for a refusal text (lk-msg.h: in the UI's language when it
 * has a code, else the words as they are). */
QString lk_refusal(const char *error);
/* A dstr (or C string) as a QString; NULL and empty give "". */
QString lk_qs(const struct dstr &d);
QString lk_qs(const char *utf8);
/* Local monotonic ms (lk_now_ms). */
int64_t lk_dock_now(void);

/* Tells the UI thread "the store published a snapshot": the listener (on
 * any thread) queues one call at a time; the UI then reads the newest. */
class LkStoreFeed : public QObject {
	Q_OBJECT

public:
	/* module (lk-module.h; borrowed) is what every dock reaches the
	 * module's objects through: it outlives the docks. */
	explicit LkStoreFeed(const struct lk_module *module, QObject *parent = nullptr);
	~LkStoreFeed();
	/* Newest snapshot (new reference) or NULL once detached. UI thread. */
	struct lk_snapshot *get() const;
	/* The module context the docks were given. UI thread. */
	const struct lk_module *module() const { return mod; }
	/* Stops listening (the store may go away after). Idempotent. */
	void detach();

signals:
	void changed();

private slots:
	void deliver();

private:
	static void on_store(void *data, uint64_t version);
	const struct lk_module *mod;
	bool attached = false;
	std::atomic<bool> pending{false};
};

/* Product thumbnails, decoded and scaled on a worker thread (never on the
 * UI thread). A local file is read as it is; an http(s) image is fetched
 * once by the net worker (lk_net_download: a few at a time) into the
 * thumbnail cache (<module config>/cache/thumbs) and read from there. */
struct LkThumbHub;
class LkThumbs : public QObject {
	Q_OBJECT

public:
	/* URL thumbnails come from the module's image cache (lk-net-cache.h). */
	explicit LkThumbs(const struct lk_module *module, QObject *parent = nullptr);
	~LkThumbs();
	/* The thumbnail (square) or a null pixmap (loading, failed). Asks
	 * for it the first time. */
	QPixmap get(const char *image);
	/* The net worker finished a download (queued to the UI thread). */
	void downloaded(const QString &url, bool ok, const QString &path);

signals:
	void ready();

private:
	void load(const QString &key, const QString &path);
	void loaded(const QString &key, const QImage &img);
	void pump();

	QThreadPool pool;
	QHash<QString, QPixmap> done;
	QSet<QString> asked;
	QStringList waiting; /* URLs to download */
	int running = 0;     /* downloads in flight */
	const struct lk_module *mod;
	std::shared_ptr<LkThumbHub> hub;
};

/* A one-line label that elides its text to its width (long CJK titles at
 * narrow dock widths). */
class LkElideLabel : public QLabel {
	Q_OBJECT

public:
	explicit LkElideLabel(QWidget *parent = nullptr);
	void setFullText(const QString &text);
	QSize minimumSizeHint() const override;

protected:
	void paintEvent(QPaintEvent *event) override;

private:
	QString full;
};

/* ---- the "Linkon" dock ----------------------------------------------------- */

/* Connection: indicator, status, last sync, next retry, error, Connection…. */
class LkConnBar : public QFrame {
	Q_OBJECT

public:
	explicit LkConnBar(QWidget *parent = nullptr);
	/* When it must be shown again as time passes: lk_dock_next_tick_ms. */
	void show_status(const struct lk_status *st, int64_t now_ms);

signals:
	void open_dialog();

private:
	QLabel *dot;
	LkElideLabel *line;
	QLabel *detail;
	QLabel *error;
};

/* The pinned product's buy link (as linkon_qr shows it by default) and a
 * Copy button, for pasting into a chat where viewers have no shop cart. */
class LkLinkBar : public QFrame {
	Q_OBJECT

public:
	explicit LkLinkBar(QWidget *parent = nullptr);
	void show_snapshot(const struct lk_snapshot *snap);

private:
	LkElideLabel *link;
	QPushButton *copy;
	QString url;
};

class LkCatalogPanel : public QWidget {
	Q_OBJECT

public:
	LkCatalogPanel(LkThumbs *thumbs, QWidget *parent = nullptr);
	~LkCatalogPanel();
	/* snap is borrowed until the next call. */
	void show_snapshot(const struct lk_snapshot *snap);
	/* Returns true while the "Link on" countdown runs. */
	bool tick(int64_t now_ms);
	QString selected() const { return selected_id; }
	void save(obs_data_t *data) const;
	void load(obs_data_t *data);

signals:
	void selection_changed(const QString &id);
	/* Something started moving on screen (the countdown): tick again. */
	void moving();

protected:
	void resizeEvent(QResizeEvent *event) override;

private slots:
	void rebuild();
	void on_row_changed();
	void on_link_on();
	void on_unpin();
	void on_cart_add();
	void on_cart_remove();
	void on_move(int delta);

private:
	QLayout *build_buttons();
	void wire();
	void update_rows();
	void update_actions();
	void report(bool ok, const char *error);
	void select_id(const QString &id);

	LkThumbs *thumbs;
	const struct lk_snapshot *snap = nullptr;
	QLineEdit *search;
	QListWidget *list;
	QPushButton *link_on;
	QCheckBox *countdown;
	QToolButton *unpin, *add, *remove, *up, *down;
	LkElideLabel *pinned;
	QLabel *msg;
	QTimer msg_timer;
	QStringList ids;
	QString selected_id;
	struct lk_dock_countdown cd = {};
};

class LkSalePanel : public QWidget {
	Q_OBJECT

public:
	explicit LkSalePanel(QWidget *parent = nullptr);
	void show_snapshot(const struct lk_snapshot *snap, const QString &selected);
	/* Shows the sale at now_ms (the dock's timer: lk_dock_next_tick_ms). */
	void tick(const struct lk_snapshot *snap, int64_t now_ms);
	void save(obs_data_t *data) const;
	void load(obs_data_t *data);

private slots:
	void on_start();
	void on_stop();

private:
	QLayout *build_form();
	QLayout *build_live();
	void report(bool ok, const QString &error);

	QString product_id;
	QString currency;
	LkElideLabel *product;
	QLineEdit *price;
	QLineEdit *duration;
	QSpinBox *stock;
	QSpinBox *preroll;
	QPushButton *start, *stop;
	LkElideLabel *live_title;
	QLabel *state, *clock, *live_price, *live_stock, *msg;
	QProgressBar *bar;
};

class LkDropsPanel : public QWidget {
	Q_OBJECT

public:
	explicit LkDropsPanel(QWidget *parent = nullptr);
	void show_snapshot(const struct lk_snapshot *snap);

public slots:
	void refresh();

private slots:
	void on_edit();
	void on_fire();

protected:
	void showEvent(QShowEvent *event) override;

private:
	const struct lk_snapshot *snap = nullptr;
	QListWidget *list;
	QPushButton *edit, *fire;
	QLabel *msg;
};

/* The "Show" tab: the show's live numbers, GMV over time, the per-pin
 * table, start/end, and after the end the report's path with "Open
 * folder" (lk-dock-show.cpp; the numbers come from lk-dock-show.h). */
class LkGmvChart;
class QTableWidget;
class LkShowPanel : public QWidget {
	Q_OBJECT

public:
	explicit LkShowPanel(QWidget *parent = nullptr);
	~LkShowPanel();
	void show_snapshot(const struct lk_snapshot *snap);
	/* Returns true while the show's clock runs. */
	bool tick(const struct lk_snapshot *snap, int64_t now_ms);

private slots:
	void on_start();
	void on_end();
	void on_open_folder();
	void on_set_goal();

private:
	void set_label(QLabel *l, const struct dstr &text);
	void show_pins(const struct lk_show_view *v);
	QLabel *state, *gmv, *orders, *units, *aov, *gifts, *commission, *report, *msg;
	LkGmvChart *chart;
	QTableWidget *pins;
	QPushButton *start, *end, *open_folder, *goal_set;
	QComboBox *goal_kind;
	QLineEdit *goal_target;
	QString report_dir;
	QByteArray goal_currency;                   /* a money goal's currency: the show's, else the pinned product's */
	const struct lk_show_view *shown = nullptr; /* the view last shown (compared by address) */
	struct lk_dock_chart *samples;
};

/* The "Live rooms" tab (lk-dock-rooms.cpp; the words come from
 * lk-dock-rooms.h): one row per event source with its dot, status, switch,
 * sign-in (the device code big, with its link), remove; "Add live room…"
 * and "Comment rules…". It reads the manager's status table while it is on
 * screen (LK_DOCK_ROOMS_POLL_MS, a version compare; faster only while a
 * countdown's words change) and not at all when hidden; poll() (the
 * dock calls it on store changes) keeps the tab's own dot current. */
class LkRoomRow;
class QVBoxLayout;
class LkRoomsPanel : public QWidget {
	Q_OBJECT

public:
	LkRoomsPanel(const struct lk_module *module, QWidget *parent = nullptr);
	/* Reads the table when its version moved; returns the tab's dot colour. */
	uint32_t poll();

signals:
	/* The tab's dot colour changed (0xRRGGBB). */
	void summary(uint32_t color);

protected:
	void showEvent(QShowEvent *event) override;
	void hideEvent(QHideEvent *event) override;

private slots:
	void on_tick();
	void on_add();
	void on_rules();

private:
	void show_rows(int64_t now_ms);
	void report(bool ok, const struct lk_es_error *err);
	friend class LkRoomRow;
	template<typename Call> friend void room_call(LkRoomsPanel *, const QString &, Call);

	const struct lk_module *mod;
	std::vector<struct lk_es_entry> entries;
	std::vector<LkRoomRow *> rows;
	uint64_t version = 0;
	bool have_version = false;
	uint32_t shown_summary = 0;
	QVBoxLayout *list;
	QLabel *hint, *msg;
	QTimer timer;
};

/* Add live room…: the platform, then its fields (lk_dock_room_entry says
 * what is missing, in words). */
class LkAddRoomDialog : public QDialog {
	Q_OBJECT

public:
	LkAddRoomDialog(QWidget *parent = nullptr);
	/* The entry to add (new reference) once accepted, else NULL. */
	json_t *take_entry(const std::vector<struct lk_es_entry> &existing);

private slots:
	void on_kind();
	void on_add();

private:
	json_t *build(const std::vector<struct lk_es_entry> *existing, const char **err);
	QComboBox *kind;
	QStackedWidget *pages;
	QLineEdit *name, *url, *token, *twitch_id, *yt_id, *yt_secret, *yt_key, *yt_video;
	QLabel *msg;
};

/* Comment rules…: claim words, pinned words, chat actions, cooldowns;
 * checked (lk_dock_claims_form_build), saved to the config file and
 * applied to the live room at once. */
class LkClaimsDialog : public QDialog {
	Q_OBJECT

public:
	LkClaimsDialog(const struct lk_module *module, QWidget *parent = nullptr);

private slots:
	void on_save();
	void on_defaults();

private:
	void fill(const json_t *claims);
	const struct lk_module *mod;
	QCheckBox *enabled;
	class QPlainTextEdit *words, *pinned, *actions;
	QSpinBox *viewer_cd, *global_cd;
	QLabel *msg;
};

class LkControlDock : public QWidget {
	Q_OBJECT

public:
	LkControlDock(LkStoreFeed *feed, QWidget *parent = nullptr);
	~LkControlDock();
	void save(obs_data_t *data) const;
	void load(obs_data_t *data);
	void refresh_drops();

protected:
	void showEvent(QShowEvent *event) override;
	void hideEvent(QHideEvent *event) override;

private slots:
	void on_changed();
	void on_tick();
	void on_connection();

private:
	QPointer<LkStoreFeed> feed;
	struct lk_snapshot *snap = nullptr;
	LkThumbs *thumbs;
	LkConnBar *conn;
	LkLinkBar *link;
	QTabWidget *tabs;
	LkCatalogPanel *catalog;
	LkSalePanel *sale;
	LkDropsPanel *drops;
	LkShowPanel *show;
	LkRoomsPanel *rooms;
	QTimer timer;
};

/* Connection…: choose the shop, enter its settings (tokens masked), test.
 * Testing saves the settings to the plugin config file (0600) and restarts
 * the connector; the result shows as the store reports it. Cancel puts
 * the settings that were there before back. */
class LkConnectDialog : public QDialog {
	Q_OBJECT

public:
	LkConnectDialog(LkStoreFeed *feed, QWidget *parent = nullptr);
	~LkConnectDialog();

private slots:
	void on_kind();
	void on_test();
	void on_save();
	void on_cancel();
	void on_store();
	void on_open_auth();
	void on_authorize();

private:
	void build_pages();
	void fill_shops(const QString &chosen);
	void fill_from(json_t *config);
	json_t *build() const;
	bool apply(json_t *config);

	QPointer<LkStoreFeed> feed;
	json_t *original;
	json_t *written = nullptr; /* what apply last put into the file (NULL: original) */
	bool applied = false;
	bool testing = false;
	QComboBox *kind;
	QStackedWidget *pages;
	QSpinBox *demo_seed;
	QComboBox *demo_currency;
	QLineEdit *bridge_url, *bridge_token, *shop_domain, *shop_token;
	QCheckBox *shop_write;
	QLineEdit *tt_key, *tt_secret, *tt_link, *tt_code;
	QComboBox *tt_shop;
	QCheckBox *tt_create;
	int tt_shown_state = -1;
	QLabel *dot, *result;
	QPushButton *test;
};

/* ---- the "Linkon Gifts" dock ------------------------------------------------ */

class LkGiftsDock : public QWidget {
	Q_OBJECT

public:
	explicit LkGiftsDock(const struct lk_module *module, QWidget *parent = nullptr);
	/* Stops reading the queue (module unload). */
	void detach();

protected:
	void showEvent(QShowEvent *event) override;
	void hideEvent(QHideEvent *event) override;

private slots:
	void on_tick();
	void on_pause();
	void on_skip();
	void on_replay();
	void on_test();

private:
	void add_feed_line(const QString &text, uint64_t gift);
	void show_gifts(struct lk_alerts *q, struct dstr *s);

	const struct lk_module *mod;
	bool attached = true;
	uint64_t feed_seq = 0; /* the queue's gift feed, read up to here */
	QLabel *totals, *queue, *state;
	QListWidget *feed_list, *top_list;
	QPushButton *pause, *skip, *replay, *test;
	QTimer timer;
};
