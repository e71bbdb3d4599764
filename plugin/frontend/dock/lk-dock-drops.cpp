/*
 * Linkon — the dock's drops tab: which scenes carry a `linkon_product_drop`
 * filter and what each does; open a scene's filters to edit one, or fire a
 * scene's drops now. Reads the scenes on the UI thread (no I/O).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"

#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <obs-frontend-api.h>

extern "C" {
#include "lk-product-drop.h"
}

#define ROLE_SCENE (Qt::UserRole + 1)

struct drop_row {
	QString scene;
	QString filter;
	QString text;
};

struct enum_ctx {
	const struct lk_snapshot *snap;
	const char *scene;
	QList<drop_row> *rows;
};

static void describe_filter(obs_source_t *, obs_source_t *filter, void *param)
{
	struct enum_ctx *ctx = static_cast<struct enum_ctx *>(param);
	if (strcmp(obs_source_get_unversioned_id(filter), LK_PRODUCT_DROP_ID) != 0)
		return;

	obs_data_t *s = obs_source_get_settings(filter);
	struct lk_dock_drop d = {};
	d.product_id = obs_data_get_string(s, LK_DROP_SETTING_PRODUCT);
	d.enabled = obs_source_enabled(filter);
	d.sale = obs_data_get_bool(s, LK_DROP_SETTING_SALE);
	d.sale_price = obs_data_get_double(s, LK_DROP_SETTING_PRICE);
	d.duration_s = obs_data_get_int(s, LK_DROP_SETTING_DURATION);
	d.stock = obs_data_get_int(s, LK_DROP_SETTING_STOCK);
	d.preroll_s = obs_data_get_int(s, LK_DROP_SETTING_PREROLL);
	d.once = strcmp(obs_data_get_string(s, LK_DROP_SETTING_MODE), LK_DROP_MODE_ONCE) == 0;

	struct dstr text = {};
	lk_dock_drop_describe(&text, &d, ctx->snap, lk_dock_tr);
	ctx->rows->append({QString::fromUtf8(ctx->scene), QString::fromUtf8(obs_source_get_name(filter)), lk_qs(text)});
	dstr_free(&text);
	obs_data_release(s);
}

LkDropsPanel::LkDropsPanel(QWidget *parent) : QWidget(parent)
{
	list = new QListWidget(this);
	list->setObjectName("linkonDrops");
	list->setWordWrap(true);
	list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
	list->setSelectionMode(QAbstractItemView::SingleSelection);
	edit = new QPushButton(lk_text("Dock.Drops.Edit"), this);
	fire = new QPushButton(lk_text("Dock.Drops.Fire"), this);
	fire->setToolTip(lk_text("Dock.Drops.Fire.Tip"));
	QPushButton *again = new QPushButton(lk_text("Dock.Drops.Refresh"), this);
	msg = new QLabel(this);
	msg->setWordWrap(true);

	QHBoxLayout *buttons = new QHBoxLayout;
	buttons->addWidget(edit);
	buttons->addWidget(fire);
	buttons->addWidget(again);
	QVBoxLayout *v = new QVBoxLayout(this);
	v->setContentsMargins(4, 4, 4, 4);
	v->addWidget(list, 1);
	v->addLayout(buttons);
	v->addWidget(msg);

	connect(edit, &QPushButton::clicked, this, &LkDropsPanel::on_edit);
	connect(fire, &QPushButton::clicked, this, &LkDropsPanel::on_fire);
	connect(again, &QPushButton::clicked, this, &LkDropsPanel::refresh);
	connect(list, &QListWidget::itemSelectionChanged, this, [this]() {
		bool any = !list->selectedItems().isEmpty();
		edit->setEnabled(any);
		fire->setEnabled(any);
	});
	connect(list, &QListWidget::itemDoubleClicked, this, &LkDropsPanel::on_edit);
	edit->setEnabled(false);
	fire->setEnabled(false);
}

void LkDropsPanel::show_snapshot(const struct lk_snapshot *s)
{
	snap = s;
	if (isVisible())
		refresh();
}

void LkDropsPanel::showEvent(QShowEvent *event)
{
	QWidget::showEvent(event);
	refresh();
}

void LkDropsPanel::refresh()
{
	QList<drop_row> rows;
	struct obs_frontend_source_list scenes = {};

	if (!snap)
		return;
	obs_frontend_get_scenes(&scenes);
	for (size_t i = 0; i < scenes.sources.num; i++) {
		obs_source_t *scene = scenes.sources.array[i];
		struct enum_ctx ctx = {snap, obs_source_get_name(scene), &rows};
		obs_source_enum_filters(scene, describe_filter, &ctx);
	}
	obs_frontend_source_list_free(&scenes);

	QString keep = list->currentItem() ? list->currentItem()->data(ROLE_SCENE).toString() : QString();
	QSignalBlocker block(list);
	list->clear();
	for (const drop_row &r : rows) {
		QListWidgetItem *item =
			new QListWidgetItem(QString("%1 — %2\n%3").arg(r.scene, r.filter, r.text), list);
		item->setData(ROLE_SCENE, r.scene);
		item->setToolTip(r.text);
		if (r.scene == keep)
			list->setCurrentItem(item);
	}
	if (!list->currentItem() && list->count() > 0)
		list->setCurrentRow(0);
	bool any = list->currentItem() != nullptr;
	edit->setEnabled(any);
	fire->setEnabled(any);
	if (rows.isEmpty())
		msg->setText(lk_text("Dock.Drops.None"));
	else if (msg->text() == lk_text("Dock.Drops.None"))
		msg->clear();
}

void LkDropsPanel::on_edit()
{
	QListWidgetItem *item = list->currentItem();
	if (!item)
		return;
	QByteArray name = item->data(ROLE_SCENE).toString().toUtf8();
	obs_source_t *scene = obs_get_source_by_name(name.constData());
	if (scene) {
		obs_frontend_open_source_filters(scene);
		obs_source_release(scene);
	}
}

void LkDropsPanel::on_fire()
{
	QListWidgetItem *item = list->currentItem();
	if (!item)
		return;
	QByteArray name = item->data(ROLE_SCENE).toString().toUtf8();
	size_t fired = 0;
	const char *error = nullptr;
	bool ok = lk_product_drop_trigger_scene(name.constData(), &fired, &error);
	msg->setStyleSheet(ok ? "" : "color: #e5484d;");
	msg->setText(ok ? lk_qs(lk_dock_plural(lk_dock_tr, "Dock.Drops.Fired", (int64_t)fired)).arg(fired)
			: lk_refusal(error));
}
