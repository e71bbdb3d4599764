/*
 * Linkon — the "Linkon Gifts" dock: the live gift feed (every gift as it
 * arrives, from the queue's feed: a streak is one row whose count grows;
 * gifts below the alert minimum or folded into a summary are marked), the show's totals,
 * the top gifters, pause/resume, skip, replay and a test alert. Reads the
 * module's alert queue (lk-module.h's alerts: in-memory, short mutex) on a UI
 * timer; the test alert goes through the linkon_test_gift proc.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"

#include <QGridLayout>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <obs-module.h>

extern "C" {
#include "lk-alerts.h"
#include "lk-module.h"
}

#define TICK_MS 250
#define FEED_MAX 100
#define TOP_N 5
#define TEST_GIFT_VALUE 10

static QLabel *heading(const char *key, QWidget *parent)
{
	QLabel *l = new QLabel(lk_text(key), parent);
	QFont f = l->font();
	f.setBold(true);
	l->setFont(f);
	return l;
}

LkGiftsDock::LkGiftsDock(const struct lk_module *module, QWidget *parent) : QWidget(parent), mod(module)
{
	setObjectName("linkonGifts");
	setMinimumWidth(200);
	totals = new QLabel(this);
	totals->setWordWrap(true);
	totals->setStyleSheet("font-weight: bold; color: #ff9f1c;");
	state = new QLabel(this);
	state->setStyleSheet("color: #f0a020;");
	queue = new QLabel(this);
	queue->setStyleSheet("color: #9aa0a6;");
	pause = new QPushButton(lk_text("Dock.Gifts.Pause"), this);
	skip = new QPushButton(lk_text("Dock.Gifts.Skip"), this);
	replay = new QPushButton(lk_text("Dock.Gifts.Replay"), this);
	test = new QPushButton(lk_text("Dock.Gifts.Test"), this);
	test->setObjectName("linkonTestAlert");
	feed_list = new QListWidget(this);
	feed_list->setObjectName("linkonGiftFeed");
	feed_list->setWordWrap(true);
	feed_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
	top_list = new QListWidget(this);
	top_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
	top_list->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
	top_list->setFixedHeight(TOP_N * (top_list->fontMetrics().height() + 12));

	QGridLayout *buttons = new QGridLayout;
	buttons->addWidget(pause, 0, 0);
	buttons->addWidget(skip, 0, 1);
	buttons->addWidget(replay, 1, 0);
	buttons->addWidget(test, 1, 1);
	QVBoxLayout *v = new QVBoxLayout(this);
	v->setContentsMargins(6, 6, 6, 6);
	v->addWidget(totals);
	v->addWidget(state);
	v->addWidget(queue);
	v->addLayout(buttons);
	v->addWidget(heading("Dock.Gifts.Live", this));
	v->addWidget(feed_list, 1);
	v->addWidget(heading("Dock.Gifts.Top", this));
	v->addWidget(top_list);

	connect(pause, &QPushButton::clicked, this, &LkGiftsDock::on_pause);
	connect(skip, &QPushButton::clicked, this, &LkGiftsDock::on_skip);
	connect(replay, &QPushButton::clicked, this, &LkGiftsDock::on_replay);
	connect(test, &QPushButton::clicked, this, &LkGiftsDock::on_test);
	connect(&timer, &QTimer::timeout, this, &LkGiftsDock::on_tick);
	on_tick();
}

/* The queue has no change signal, so the dock polls it, but only while it
 * is on screen; showing it catches up at once. */
void LkGiftsDock::showEvent(QShowEvent *event)
{
	QWidget::showEvent(event);
	if (attached && !timer.isActive())
		timer.start(TICK_MS);
	on_tick();
}

void LkGiftsDock::hideEvent(QHideEvent *event)
{
	QWidget::hideEvent(event);
	timer.stop();
}

void LkGiftsDock::detach()
{
	attached = false;
	timer.stop();
}

static struct lk_alerts *alerts(const struct lk_module *mod, bool attached)
{
	return attached && mod ? mod->alerts : nullptr;
}

/* Updates the row of feed entry gift (0 = a message, always a new row) or
 * puts a new row on top. */
void LkGiftsDock::add_feed_line(const QString &text, uint64_t gift)
{
	for (int i = 0; gift && i < feed_list->count(); i++) {
		QListWidgetItem *item = feed_list->item(i);
		if (item->data(Qt::UserRole).toULongLong() == gift) {
			item->setText(text);
			return;
		}
	}
	QListWidgetItem *item = new QListWidgetItem(text);
	item->setData(Qt::UserRole, QVariant((qulonglong)gift));
	feed_list->insertItem(0, item);
	while (feed_list->count() > FEED_MAX)
		delete feed_list->takeItem(feed_list->count() - 1);
}

/* What the queue's gift feed got since the last tick, oldest first so the
 * newest ends on top. */
void LkGiftsDock::show_gifts(struct lk_alerts *q, struct dstr *s)
{
	static struct lk_gift_record rec[LK_ALERTS_FEED]; /* UI thread only */
	size_t n = lk_alerts_feed(q, feed_seq, rec, LK_ALERTS_FEED, &feed_seq);
	while (n-- > 0)
		add_feed_line(QString::fromUtf8(lk_dock_gift_feed_row(s, &rec[n], lk_dock_tr)), rec[n].id);
}

void LkGiftsDock::on_tick()
{
	struct lk_alerts *q = alerts(mod, attached);
	struct dstr s = {};
	for (QPushButton *b : {pause, skip, replay, test})
		b->setEnabled(q != nullptr);
	if (!q) {
		totals->setText(lk_text("Dock.Gifts.Off"));
		return;
	}

	show_gifts(q, &s);
	struct lk_alerts_stats st;
	lk_alerts_get_stats(q, &st, TOP_N);
	totals->setText(st.gifts ? QString::fromUtf8(lk_dock_gift_totals(&s, &st, lk_dock_tr))
				 : lk_text("Dock.Gifts.None"));
	state->setText(st.paused ? lk_text("Dock.Gifts.Paused") : QString());
	state->setVisible(st.paused);
	queue->setText(lk_text("Dock.Gifts.Queue").arg(st.queue_length));
	pause->setText(lk_text(st.paused ? "Dock.Gifts.Resume" : "Dock.Gifts.Pause"));
	for (size_t i = 0; i < st.num_top; i++) {
		QString row = QString::fromUtf8(lk_dock_gifter_row(&s, i + 1, &st.top[i], lk_dock_tr));
		if ((int)i < top_list->count())
			top_list->item((int)i)->setText(row);
		else
			top_list->addItem(row);
	}
	while (top_list->count() > (int)st.num_top)
		delete top_list->takeItem(top_list->count() - 1);
	int row = top_list->sizeHintForRow(0); /* the theme's row height, once there is a row */
	if (row > 0)
		top_list->setFixedHeight(TOP_N * row + 2 * top_list->frameWidth() + 4);
	dstr_free(&s);
}

void LkGiftsDock::on_pause()
{
	struct lk_alerts *q = alerts(mod, attached);
	if (!q)
		return;
	if (lk_alerts_paused(q))
		lk_alerts_resume(q);
	else
		lk_alerts_pause(q);
	on_tick();
}

void LkGiftsDock::on_skip()
{
	struct lk_alerts *q = alerts(mod, attached);
	if (q)
		lk_alerts_skip(q, lk_dock_now());
}

void LkGiftsDock::on_replay()
{
	struct lk_alerts *q = alerts(mod, attached);
	if (q)
		lk_alerts_replay(q);
}

/* A test gift from "Linkon" through the gift hub's proc (dedupe, tiers and
 * sound as a real one; it counts in this show's totals). */
void LkGiftsDock::on_test()
{
	json_t *gift = json_pack("{s:{s:s}, s:{s:s, s:s, s:i}, s:i}", "sender", "name",
				 obs_module_text("Dock.Gifts.TestSender"), "gift", "id", "linkon-test", "name",
				 obs_module_text("Dock.Gifts.TestGift"), "value", TEST_GIFT_VALUE, "count", 1);
	char *text = gift ? json_dumps(gift, JSON_COMPACT) : nullptr;
	calldata_t cd = {};
	calldata_set_string(&cd, "json", text ? text : "{}");
	bool called = proc_handler_call(obs_get_proc_handler(), "linkon_test_gift", &cd);
	const char *error = nullptr;
	if (!called)
		error = obs_module_text("Dock.Gifts.TestMissing");
	else if (!calldata_bool(&cd, "ok"))
		error = calldata_string(&cd, "error");
	if (error)
		add_feed_line(lk_text("Dock.Refused").arg(lk_qs(error)), 0);
	calldata_free(&cd);
	free(text);
	json_decref(gift);
}
