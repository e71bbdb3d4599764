/*
 * Linkon — the "Linkon" dock: the connection bar on top, then the catalog,
 * the flash sale and the drops as tabs.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"

#include <QHBoxLayout>
#include <QIcon>
#include <QPainter>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

#define DOT_SIDE 10

/* ---- connection bar ---------------------------------------------------------- */

LkConnBar::LkConnBar(QWidget *parent) : QFrame(parent)
{
	setObjectName("linkonConnBar");
	dot = new QLabel(this);
	dot->setFixedSize(DOT_SIDE, DOT_SIDE);
	line = new LkElideLabel(this);
	QFont bold = line->font();
	bold.setBold(true);
	line->setFont(bold);
	QPushButton *conn = new QPushButton(lk_text("Dock.Connection"), this);
	conn->setObjectName("linkonConnection");
	connect(conn, &QPushButton::clicked, this, &LkConnBar::open_dialog);

	detail = new QLabel(this);
	detail->setWordWrap(true);
	detail->setStyleSheet("color: #9aa0a6;");
	error = new QLabel(this);
	error->setWordWrap(true);
	error->setStyleSheet("color: #ff6b6b;");
	error->setTextInteractionFlags(Qt::TextSelectableByMouse);

	QHBoxLayout *top = new QHBoxLayout;
	top->setContentsMargins(0, 0, 0, 0);
	top->addWidget(dot);
	top->addWidget(line, 1);
	top->addWidget(conn);
	QVBoxLayout *v = new QVBoxLayout(this);
	v->setContentsMargins(6, 4, 6, 4);
	v->setSpacing(2);
	v->addLayout(top);
	v->addWidget(detail);
	v->addWidget(error);
}

void LkConnBar::show_status(const struct lk_status *st, int64_t now_ms)
{
	struct dstr s = {}, sync = {}, retry = {};

	dot->setStyleSheet(QString("background: #%1; border-radius: %2px;")
				   .arg(lk_dock_status_color(st->state), 6, 16, QChar('0'))
				   .arg(DOT_SIDE / 2));
	line->setFullText(QString::fromUtf8(lk_dock_status_line(&s, st, lk_dock_tr)));
	lk_dock_sync_text(&sync, st, now_ms, lk_dock_tr);
	lk_dock_retry_text(&retry, st, now_ms, lk_dock_tr);
	QString text = lk_qs(sync);
	if (!dstr_is_empty(&retry))
		text += (text.isEmpty() ? "" : " · ") + lk_qs(retry);
	detail->setText(text);
	detail->setVisible(!text.isEmpty());
	lk_dock_error_text(&s, st, lk_dock_tr);
	error->setText(lk_qs(s));
	error->setVisible(!dstr_is_empty(&s));
	dstr_free(&s);
	dstr_free(&sync);
	dstr_free(&retry);
}

/* ---- the dock ------------------------------------------------------------------ */

LkControlDock::LkControlDock(LkStoreFeed *feed_, QWidget *parent) : QWidget(parent), feed(feed_)
{
	setObjectName("linkonControl");
	setMinimumWidth(220);
	thumbs = new LkThumbs(feed_->module(), this);
	conn = new LkConnBar(this);
	link = new LkLinkBar(this);
	tabs = new QTabWidget(this);
	tabs->setDocumentMode(true);
	/* all five tabs on screen at the dock's first-run width (~340 px): no
	 * scroll arrows to hide "Live rooms" behind; the tabs shrink (the
	 * theme's 50 px minimum and wide padding relaxed for this bar only) and
	 * a long label is elided, its full name in the tooltip */
	tabs->setUsesScrollButtons(false);
	tabs->setElideMode(Qt::ElideRight);
	tabs->tabBar()->setExpanding(false);
	tabs->tabBar()->setStyleSheet("QTabBar::tab { min-width: 0px; padding: 6px 6px; margin: 1px 1px; }");
	catalog = new LkCatalogPanel(thumbs, tabs);
	sale = new LkSalePanel(tabs);
	drops = new LkDropsPanel(tabs);
	show = new LkShowPanel(tabs);
	rooms = new LkRoomsPanel(feed_->module(), tabs);
	tabs->addTab(catalog, lk_text("Dock.Tab.Catalog"));
	tabs->addTab(sale, lk_text("Dock.Tab.Sale"));
	tabs->addTab(drops, lk_text("Dock.Tab.Drops"));
	tabs->addTab(show, lk_text("Dock.Tab.Show"));
	int rooms_at = tabs->addTab(rooms, lk_text("Dock.Tab.Rooms"));
	for (int i = 0; i < tabs->count(); i++)
		tabs->setTabToolTip(i, tabs->tabText(i));

	QVBoxLayout *v = new QVBoxLayout(this);
	v->setContentsMargins(0, 0, 0, 0);
	v->setSpacing(2);
	v->addWidget(conn);
	v->addWidget(link);
	v->addWidget(tabs, 1);

	connect(conn, &LkConnBar::open_dialog, this, &LkControlDock::on_connection);
	connect(feed, &LkStoreFeed::changed, this, &LkControlDock::on_changed);
	connect(catalog, &LkCatalogPanel::selection_changed, this, [this](const QString &id) {
		if (snap)
			sale->show_snapshot(snap, id);
	});
	connect(catalog, &LkCatalogPanel::moving, this, &LkControlDock::on_tick);
	connect(&timer, &QTimer::timeout, this, &LkControlDock::on_tick);
	/* the live rooms' tab carries their worst dot: seen from every tab */
	connect(rooms, &LkRoomsPanel::summary, this, [this, rooms_at](uint32_t color) {
		QPixmap dot(DOT_SIDE, DOT_SIDE);
		dot.fill(Qt::transparent);
		QPainter p(&dot);
		p.setRenderHint(QPainter::Antialiasing);
		p.setPen(Qt::NoPen);
		p.setBrush(QColor((QRgb)(0xFF000000u | color)));
		p.drawEllipse(0, 0, DOT_SIDE, DOT_SIDE);
		tabs->setTabIcon(rooms_at, QIcon(dot));
	});
	timer.setSingleShot(true); /* on_tick sets the next one */
	on_changed();
	rooms->poll();
}

LkControlDock::~LkControlDock()
{
	timer.stop();
	if (snap)
		lk_snapshot_release(snap);
}

void LkControlDock::on_changed()
{
	struct lk_snapshot *next = feed ? feed->get() : nullptr;
	if (!next)
		return; /* detached: keep showing the last state */
	if (snap && next->version == snap->version) {
		lk_snapshot_release(next);
		return;
	}
	catalog->show_snapshot(next);
	sale->show_snapshot(next, catalog->selected());
	drops->show_snapshot(next);
	show->show_snapshot(next);
	link->show_snapshot(next);
	rooms->poll(); /* the tab's dot, without a timer of its own while hidden */
	if (snap)
		lk_snapshot_release(snap);
	snap = next;
	on_tick();
}

/* The timer runs only while the dock is visible and something on it moves
 * with time, and fires when its words change (lk_dock_next_tick_ms): the
 * "Link on" countdown and a sale's clock 4 times a second, a retry
 * countdown each second, a "last sync N min ago" each minute. A store
 * change (on_changed) or the countdown starting (catalog's moving()) calls
 * this and starts it again. */
void LkControlDock::on_tick()
{
	int64_t now = lk_dock_now();
	if (!snap)
		return;
	conn->show_status(&snap->status, now);
	bool counting = catalog->tick(now);
	sale->tick(snap, now);
	bool show_moving = show->tick(snap, now); /* a live show's length counts up */
	int64_t next = lk_dock_next_tick_ms(snap, counting, isVisible(), now);
	if (show_moving && isVisible() && (next < 0 || next > 1000))
		next = 1000;
	if (next < 0)
		timer.stop();
	else
		timer.start((int)next);
}

void LkControlDock::showEvent(QShowEvent *event)
{
	QWidget::showEvent(event);
	on_tick();
}

void LkControlDock::hideEvent(QHideEvent *event)
{
	QWidget::hideEvent(event);
	timer.stop();
}

void LkControlDock::on_connection()
{
	LkConnectDialog *dlg = new LkConnectDialog(feed, this);
	dlg->setAttribute(Qt::WA_DeleteOnClose);
	dlg->open();
}

void LkControlDock::refresh_drops()
{
	drops->refresh();
}

void LkControlDock::save(obs_data_t *data) const
{
	catalog->save(data);
	sale->save(data);
}

void LkControlDock::load(obs_data_t *data)
{
	catalog->load(data);
	sale->load(data);
}
