/*
 * Linkon — the "Linkon" dock's buy-link row: the pinned product's link with
 * UTM attribution (the same link linkon_qr shows by default) and Copy.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"

#include <QApplication>
#include <QClipboard>
#include <QDate>
#include <QHBoxLayout>
#include <QPushButton>
#include <QTimer>

LkLinkBar::LkLinkBar(QWidget *parent) : QFrame(parent)
{
	setObjectName("linkonLinkBar");
	QLabel *label = new QLabel(lk_text("Dock.Link.Label"), this);
	label->setStyleSheet("color: #9aa0a6;");
	link = new LkElideLabel(this);
	link->setObjectName("linkonBuyLink");
	link->setTextInteractionFlags(Qt::TextSelectableByMouse);
	copy = new QPushButton(lk_text("Dock.Link.Copy"), this);
	copy->setObjectName("linkonCopyLink");
	connect(copy, &QPushButton::clicked, this, [this]() {
		QApplication::clipboard()->setText(url);
		copy->setText(lk_text("Dock.Link.Copied"));
		QTimer::singleShot(1500, copy, [this]() { copy->setText(lk_text("Dock.Link.Copy")); });
	});
	QHBoxLayout *h = new QHBoxLayout(this);
	h->setContentsMargins(6, 0, 6, 2);
	h->addWidget(label);
	h->addWidget(link, 1);
	h->addWidget(copy);
	setVisible(false);
}

void LkLinkBar::show_snapshot(const struct lk_snapshot *snap)
{
	struct dstr full = {}, shortl = {};
	/* the show's date: linkon_qr's default campaign */
	QByteArray campaign = QDate::currentDate().toString("yyyy-MM-dd").toUtf8();
	bool have = lk_dock_buy_link(&full, &shortl, snap, campaign.constData());
	url = lk_qs(full);
	link->setFullText(lk_qs(shortl));
	link->setToolTip(url);
	setVisible(have);
	dstr_free(&full);
	dstr_free(&shortl);
}
