/*
 * Linkon — the dock's flash-sale tab: sale price, duration, stock and
 * pre-roll for the product selected in the catalog; start / stop; the live
 * remaining time and stock while a sale runs (redrawn from the snapshot by
 * a timer: no polling of anything but memory).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

extern "C" {
#include "lk-controller.h"
#include "lk-money.h"
}

#define SETTING_DURATION "sale_duration"
#define SETTING_STOCK "sale_stock"
#define SETTING_PREROLL "sale_preroll"
#define DEFAULT_DURATION "5:00"
#define MAX_STOCK 100000000
#define MAX_PREROLL_S (LK_SALE_PREROLL_MAX_MS / 1000)

/* The form: price, duration, stock, pre-roll; start and stop. */
QLayout *LkSalePanel::build_form()
{
	price = new QLineEdit(this);
	price->setObjectName("linkonSalePrice");
	duration = new QLineEdit(DEFAULT_DURATION, this);
	duration->setPlaceholderText(DEFAULT_DURATION);
	stock = new QSpinBox(this);
	stock->setRange(0, MAX_STOCK);
	stock->setSpecialValueText(lk_text("Dock.Sale.NoLimit"));
	preroll = new QSpinBox(this);
	preroll->setRange(0, MAX_PREROLL_S);
	preroll->setSuffix(" s");
	preroll->setSpecialValueText(lk_text("Dock.Sale.NoPreroll"));
	start = new QPushButton(lk_text("Dock.Sale.Start"), this);
	start->setObjectName("linkonStartSale");
	stop = new QPushButton(lk_text("Dock.Sale.Stop"), this);
	stop->setObjectName("linkonStopSale");

	QFormLayout *form = new QFormLayout;
	form->setRowWrapPolicy(QFormLayout::WrapLongRows);
	form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
	form->addRow(lk_text("Dock.Sale.Price"), price);
	form->addRow(lk_text("Dock.Sale.Duration"), duration);
	form->addRow(lk_text("Dock.Sale.Stock"), stock);
	form->addRow(lk_text("Dock.Sale.PrerollLabel"), preroll);
	QHBoxLayout *buttons = new QHBoxLayout;
	buttons->addWidget(start, 1);
	buttons->addWidget(stop, 1);
	QVBoxLayout *v = new QVBoxLayout;
	v->addLayout(form);
	v->addLayout(buttons);
	return v;
}

/* The running sale: title, state, clock, time bar, price and stock. */
QLayout *LkSalePanel::build_live()
{
	live_title = new LkElideLabel(this);
	state = new QLabel(this);
	state->setStyleSheet("color: #9aa0a6;");
	clock = new QLabel(this);
	clock->setObjectName("linkonSaleClock");
	clock->setStyleSheet("font-size: 26px; font-weight: bold; color: #fe2c55;");
	bar = new QProgressBar(this);
	bar->setRange(0, 1000);
	bar->setTextVisible(false);
	bar->setMaximumHeight(6);
	live_price = new QLabel(this);
	live_price->setStyleSheet("color: #ff9f1c; font-weight: bold;");
	live_stock = new QLabel(this);

	QHBoxLayout *numbers = new QHBoxLayout;
	numbers->addWidget(live_price);
	numbers->addStretch(1);
	numbers->addWidget(live_stock);
	QVBoxLayout *v = new QVBoxLayout;
	for (QWidget *w : std::initializer_list<QWidget *>{live_title, state, clock, bar})
		v->addWidget(w);
	v->addLayout(numbers);
	return v;
}

LkSalePanel::LkSalePanel(QWidget *parent) : QWidget(parent)
{
	product = new LkElideLabel(this);
	QFont bold = product->font();
	bold.setBold(true);
	product->setFont(bold);
	msg = new QLabel(this);
	msg->setWordWrap(true);
	msg->hide();
	QFrame *line = new QFrame(this);
	line->setFrameShape(QFrame::HLine);

	QVBoxLayout *v = new QVBoxLayout(this);
	v->setContentsMargins(6, 6, 6, 6);
	v->addWidget(product);
	v->addLayout(build_form());
	v->addWidget(msg);
	v->addWidget(line);
	v->addLayout(build_live());
	v->addStretch(1);

	connect(start, &QPushButton::clicked, this, &LkSalePanel::on_start);
	connect(stop, &QPushButton::clicked, this, &LkSalePanel::on_stop);
}

void LkSalePanel::show_snapshot(const struct lk_snapshot *snap, const QString &selected)
{
	QByteArray id = selected.toUtf8();
	const struct lk_product *p = id.isEmpty() ? nullptr : lk_snapshot_find(snap, id.constData());
	struct dstr money = {};

	if (selected != product_id)
		price->clear(); /* a new product: its own price until the anchor types one */
	product_id = p ? selected : QString();
	currency = p ? QString::fromUtf8(p->currency) : QString();
	if (p) {
		product->setFullText(lk_qs(p->title && *p->title ? p->title : p->id));
		price->setPlaceholderText(QString::fromUtf8(lk_money_format(&money, p->price, p->currency)));
	} else {
		product->setFullText(lk_text("Dock.Sale.Select"));
		price->setPlaceholderText(QString());
	}
	dstr_free(&money);
	tick(snap, lk_dock_now());
}

void LkSalePanel::tick(const struct lk_snapshot *snap, int64_t now_ms)
{
	struct lk_dock_sale_view v;
	struct lk_dock_actions a = {};
	QByteArray id = product_id.toUtf8();

	lk_dock_actions_get(snap, id.constData(), now_ms, &a);
	start->setEnabled(a.start_sale);
	stop->setEnabled(a.stop_sale);
	for (QWidget *w : std::initializer_list<QWidget *>{price, duration, stock, preroll})
		w->setEnabled(!a.sale_running && !product_id.isEmpty());

	lk_dock_sale_view_init(&v);
	lk_dock_sale_view_fill(&v, snap, now_ms, lk_dock_tr);
	live_title->setFullText(lk_qs(v.title));
	live_title->setVisible(v.has_sale);
	state->setText(lk_qs(v.state_text));
	clock->setText(lk_qs(v.clock));
	clock->setVisible(!dstr_is_empty(&v.clock));
	bar->setValue(v.progress);
	bar->setVisible(v.running);
	live_price->setText(lk_qs(v.price));
	live_stock->setText(lk_qs(v.stock));
	lk_dock_sale_view_free(&v);
}

void LkSalePanel::report(bool ok, const QString &error)
{
	msg->setVisible(!ok);
	msg->setStyleSheet("color: #e5484d;");
	msg->setText(ok ? QString() : error);
}

void LkSalePanel::on_start()
{
	QByteArray id = product_id.toUtf8();
	QByteArray cur = currency.toUtf8();
	QByteArray price_text = price->text().trimmed().toUtf8();
	QByteArray dur_text = duration->text().trimmed().toUtf8();
	struct lk_sale_params params = {};
	const char *error = nullptr;

	params.product_id = id.constData();
	if (!price_text.isEmpty()) {
		if (!lk_dock_parse_price(price_text.constData(), cur.constData(), &params.sale_price)) {
			report(false, lk_text("Dock.Refused").arg(lk_text("Dock.Sale.BadPrice")));
			return;
		}
		params.has_price = true;
	}
	if (!lk_dock_parse_duration(dur_text.isEmpty() ? DEFAULT_DURATION : dur_text.constData(),
				    &params.duration_ms)) {
		report(false, lk_text("Dock.Refused").arg(lk_text("Dock.Sale.BadDuration")));
		return;
	}
	params.has_stock = stock->value() > 0;
	params.stock = stock->value();
	params.preroll_ms = (int64_t)preroll->value() * 1000;
	bool ok = lk_controller_start_sale(&params, &error);
	report(ok, lk_refusal(error));
}

void LkSalePanel::on_stop()
{
	const char *error = nullptr;
	bool ok = lk_controller_stop_sale(&error);
	report(ok, lk_refusal(error));
}

void LkSalePanel::save(obs_data_t *data) const
{
	QByteArray dur = duration->text().trimmed().toUtf8();
	obs_data_set_string(data, SETTING_DURATION, dur.constData());
	obs_data_set_int(data, SETTING_STOCK, stock->value());
	obs_data_set_int(data, SETTING_PREROLL, preroll->value());
}

void LkSalePanel::load(obs_data_t *data)
{
	const char *dur = obs_data_get_string(data, SETTING_DURATION);
	duration->setText(dur && *dur ? QString::fromUtf8(dur) : QString(DEFAULT_DURATION));
	stock->setValue((int)obs_data_get_int(data, SETTING_STOCK));
	preroll->setValue((int)obs_data_get_int(data, SETTING_PREROLL));
}
