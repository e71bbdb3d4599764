/*
 * Linkon — the dock's catalog tab: search, the product list (thumbnail,
 * cart slot, title, price, stock), "Link on" with an optional 3-2-1
 * countdown, and cart edits. Every action goes through the controller.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"

#include <QApplication>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QVBoxLayout>

#include <obs-module.h>

extern "C" {
#include "lk-controller.h"
}

#define SETTING_COUNTDOWN "link_on_countdown"
#define COUNTDOWN_S 3
#define ROW_HEIGHT 52
#define THUMB 40
#define MSG_MS 6000

/* Colours the rows and the button use (the e2e test finds them on screen). */
#define COLOR_LINK "#fe2c55"
#define COLOR_SLOT "#6c5ce7"
#define COLOR_PRICE "#ff9f1c"
#define COLOR_MUTED "#9aa0a6"
#define COLOR_LOW "#f0a020"
#define COLOR_OUT "#e5484d"

enum {
	ROLE_ID = Qt::UserRole + 1,
	ROLE_PRICE,
	ROLE_ORIGINAL,
	ROLE_STOCK,
	ROLE_SLOT,
	ROLE_FLAGS,
	ROLE_STAMP, /* lk_dock_row_stamp the row was filled with (none: never) */
	ROLE_THUMB, /* cacheKey of the thumbnail it shows */
};
enum { FLAG_PINNED = 1, FLAG_SOLD_OUT = 2, FLAG_LOW = 4 };

/* ---- the row ------------------------------------------------------------------ */

class LkRowDelegate : public QStyledItemDelegate {
public:
	using QStyledItemDelegate::QStyledItemDelegate;

	QSize sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const override
	{
		return QSize(160, ROW_HEIGHT);
	}

	void paint(QPainter *p, const QStyleOptionViewItem &opt, const QModelIndex &idx) const override
	{
		QStyleOptionViewItem o(opt);
		initStyleOption(&o, idx);
		o.text.clear();
		o.icon = QIcon();
		QStyle *style = o.widget ? o.widget->style() : QApplication::style();
		style->drawControl(QStyle::CE_ItemViewItem, &o, p, o.widget);

		p->save();
		p->setRenderHint(QPainter::Antialiasing);
		int flags = idx.data(ROLE_FLAGS).toInt();
		QRect r = opt.rect.adjusted(8, 6, -6, -6);
		if (flags & FLAG_PINNED)
			p->fillRect(QRect(opt.rect.left(), opt.rect.top() + 2, 4, opt.rect.height() - 4),
				    QColor(COLOR_LINK));
		QRect thumb(r.left(), r.top(), THUMB, THUMB);
		draw_thumb(p, thumb, idx);
		QRect text(thumb.right() + 8, r.top(), r.right() - thumb.right() - 8, r.height());
		bool selected = opt.state & QStyle::State_Selected;
		QColor fg = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
		draw_line1(p, text, idx, fg, flags & FLAG_PINNED);
		draw_line2(p, text, idx, flags);
		p->restore();
	}

private:
	static void draw_thumb(QPainter *p, const QRect &r, const QModelIndex &idx)
	{
		QPixmap pix = idx.data(Qt::DecorationRole).value<QPixmap>();
		QPainterPath path;
		path.addRoundedRect(r, 6, 6);
		p->save();
		p->setClipPath(path);
		if (!pix.isNull()) {
			p->drawPixmap(r, pix);
		} else {
			p->fillRect(r, QColor("#3a3f4b"));
			p->setPen(QColor("#d0d3d8"));
			QString title = idx.data(Qt::DisplayRole).toString();
			p->drawText(r, Qt::AlignCenter, title.left(1).toUpper());
		}
		p->restore();
	}

	static void draw_line1(QPainter *p, const QRect &r, const QModelIndex &idx, const QColor &fg, bool pinned)
	{
		QFont f = p->font();
		int x = r.left();
		QString slot = idx.data(ROLE_SLOT).toString();
		int h = QFontMetrics(f).height();
		if (!slot.isEmpty()) {
			QFont small = f;
			small.setBold(true);
			small.setPointSizeF(f.pointSizeF() * 0.85);
			QFontMetrics sm(small);
			QRect badge(x, r.top() + 1, sm.horizontalAdvance(slot) + 10, h);
			p->setPen(Qt::NoPen);
			p->setBrush(QColor(COLOR_SLOT));
			p->drawRoundedRect(badge, 4, 4);
			p->setPen(Qt::white);
			p->setFont(small);
			p->drawText(badge, Qt::AlignCenter, slot);
			x = badge.right() + 6;
		}
		QFont tf = f;
		tf.setBold(pinned);
		p->setFont(tf);
		p->setPen(fg);
		QRect tr(x, r.top(), r.right() - x, h + 2);
		QString title =
			QFontMetrics(tf).elidedText(idx.data(Qt::DisplayRole).toString(), Qt::ElideRight, tr.width());
		p->drawText(tr, Qt::AlignLeft | Qt::AlignVCenter, title);
		p->setFont(f);
	}

	static void draw_line2(QPainter *p, const QRect &r, const QModelIndex &idx, int flags)
	{
		QFont f = p->font();
		QFontMetrics fm(f);
		QRect line(r.left(), r.bottom() - fm.height(), r.width(), fm.height());
		QString stock = idx.data(ROLE_STOCK).toString();
		int stock_w = stock.isEmpty() ? 0 : fm.horizontalAdvance(stock);
		p->setPen(QColor(flags & FLAG_SOLD_OUT ? COLOR_OUT : flags & FLAG_LOW ? COLOR_LOW : COLOR_MUTED));
		p->drawText(line, Qt::AlignRight | Qt::AlignVCenter, stock);

		QFont bold = f;
		bold.setBold(true);
		p->setFont(bold);
		p->setPen(QColor(COLOR_PRICE));
		int room = line.width() - stock_w - 8;
		QString price = QFontMetrics(bold).elidedText(idx.data(ROLE_PRICE).toString(), Qt::ElideRight, room);
		p->drawText(line, Qt::AlignLeft | Qt::AlignVCenter, price);
		int x = line.left() + QFontMetrics(bold).horizontalAdvance(price) + 6;
		QString orig = idx.data(ROLE_ORIGINAL).toString();
		int orig_w = fm.horizontalAdvance(orig);
		if (!orig.isEmpty() && x + orig_w <= line.left() + room) {
			QFont struck = f;
			struck.setStrikeOut(true);
			p->setFont(struck);
			p->setPen(QColor(COLOR_MUTED));
			p->drawText(QRect(x, line.top(), orig_w + 2, line.height()), Qt::AlignLeft | Qt::AlignVCenter,
				    orig);
		}
		p->setFont(f);
	}
};

/* ---- the panel ------------------------------------------------------------------- */

static QToolButton *tool(const QString &text, const char *tip, QWidget *parent)
{
	QToolButton *b = new QToolButton(parent);
	b->setText(text);
	b->setToolTip(lk_text(tip));
	b->setAutoRaise(false);
	return b;
}

/* "Link on" with its 3-2-1 switch, then the cart tools. */
QLayout *LkCatalogPanel::build_buttons()
{
	link_on = new QPushButton(lk_text("Dock.LinkOn"), this);
	link_on->setObjectName("linkonLinkOn");
	link_on->setMinimumHeight(34);
	link_on->setStyleSheet("QPushButton { background: " COLOR_LINK
			       "; color: white; font-weight: bold; border: none;"
			       " border-radius: 5px; padding: 4px 10px; }"
			       "QPushButton:disabled { background: #4a4e57; color: #8a8f98; }");
	countdown = new QCheckBox(lk_text("Dock.Countdown"), this);
	countdown->setToolTip(lk_text("Dock.Countdown.Tip"));
	unpin = tool(lk_text("Dock.Unpin"), "Dock.Unpin.Tip", this);
	add = tool("+", "Dock.CartAdd", this);
	remove = tool("−", "Dock.CartRemove", this);
	up = tool("▲", "Dock.MoveUp", this);
	down = tool("▼", "Dock.MoveDown", this);

	QHBoxLayout *link_row = new QHBoxLayout;
	link_row->addWidget(link_on, 1);
	link_row->addWidget(countdown);
	QHBoxLayout *tools = new QHBoxLayout;
	tools->setSpacing(2);
	for (QToolButton *b : {unpin, add, remove, up, down})
		tools->addWidget(b);
	tools->addStretch(1);
	QVBoxLayout *v = new QVBoxLayout;
	v->addLayout(link_row);
	v->addLayout(tools);
	return v;
}

void LkCatalogPanel::wire()
{
	connect(search, &QLineEdit::textChanged, this, &LkCatalogPanel::rebuild);
	connect(list, &QListWidget::itemSelectionChanged, this, &LkCatalogPanel::on_row_changed);
	connect(list, &QListWidget::itemDoubleClicked, this, &LkCatalogPanel::on_link_on);
	connect(link_on, &QPushButton::clicked, this, &LkCatalogPanel::on_link_on);
	connect(unpin, &QToolButton::clicked, this, &LkCatalogPanel::on_unpin);
	connect(add, &QToolButton::clicked, this, &LkCatalogPanel::on_cart_add);
	connect(remove, &QToolButton::clicked, this, &LkCatalogPanel::on_cart_remove);
	connect(up, &QToolButton::clicked, this, [this]() { on_move(-1); });
	connect(down, &QToolButton::clicked, this, [this]() { on_move(1); });
	connect(thumbs, &LkThumbs::ready, this, &LkCatalogPanel::update_rows);
	connect(list->verticalScrollBar(), &QScrollBar::valueChanged, this, &LkCatalogPanel::update_rows);
	connect(list->verticalScrollBar(), &QScrollBar::rangeChanged, this, &LkCatalogPanel::update_rows);
	connect(&msg_timer, &QTimer::timeout, msg, &QLabel::hide);
	msg_timer.setSingleShot(true);
}

LkCatalogPanel::LkCatalogPanel(LkThumbs *thumbs_, QWidget *parent) : QWidget(parent), thumbs(thumbs_)
{
	search = new QLineEdit(this);
	search->setObjectName("linkonSearch");
	search->setPlaceholderText(lk_text("Dock.Search"));
	search->setClearButtonEnabled(true);
	list = new QListWidget(this);
	list->setObjectName("linkonCatalog");
	list->setItemDelegate(new LkRowDelegate(list));
	list->setUniformItemSizes(true);
	list->setSelectionMode(QAbstractItemView::SingleSelection);
	list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

	pinned = new LkElideLabel(this);
	msg = new QLabel(this);
	msg->setWordWrap(true);
	msg->hide();

	QVBoxLayout *v = new QVBoxLayout(this);
	v->setContentsMargins(4, 4, 4, 4);
	v->setSpacing(4);
	v->addWidget(search);
	v->addWidget(list, 1);
	v->addWidget(pinned);
	v->addLayout(build_buttons());
	v->addWidget(msg);

	wire();
	update_actions();
}

LkCatalogPanel::~LkCatalogPanel()
{
	lk_dock_countdown_cancel(&cd);
}

void LkCatalogPanel::show_snapshot(const struct lk_snapshot *s)
{
	snap = s;
	rebuild();
}

/* The rows for the search; keeps the selection (else selects the first
 * match when a search hid it). */
void LkCatalogPanel::rebuild()
{
	if (!snap)
		return;
	lk_dock_product_list found;
	da_init(found);
	QByteArray query = search->text().toUtf8();
	lk_dock_filter(snap, query.constData(), &found);
	QStringList next;
	for (size_t i = 0; i < found.num; i++)
		next << QString::fromUtf8(found.array[i]->id);
	da_free(found);

	if (next != ids) {
		QSignalBlocker block(list);
		list->clear();
		for (const QString &id : next) {
			QListWidgetItem *item = new QListWidgetItem(list);
			item->setData(ROLE_ID, id);
		}
		ids = next;
		if (ids.contains(selected_id))
			select_id(selected_id);
		else if (!query.isEmpty() && !ids.isEmpty())
			select_id(ids.first());
	}
	update_rows();
	on_row_changed();
}

/* Rows in view and a screen either side, [*first, *last); the rows have
 * one height (uniform sizes), so no row outside is looked at. */
static void rows_near_view(QListWidget *list, int *first, int *last)
{
	int n = list->count();
	QRect view = list->viewport()->rect();
	QModelIndex top = list->indexAt(QPoint(view.left() + 1, view.top() + 1));
	lk_dock_rows_near_view(n, top.isValid() ? top.row() : 0, n ? list->sizeHintForRow(0) : 0, view.height(), first,
			       last);
}

/* Fills the rows near the view from the snapshot. Rows further away are
 * filled when scrolled to (the scroll bar calls this), so a store change
 * costs the same with 50 or 5,000 products; a row whose stamp is the one
 * it was filled with is left alone, and its thumbnail is set again only
 * when it changed, so unchanged rows are not repainted. */
void LkCatalogPanel::update_rows()
{
	struct lk_dock_row row;
	const char *locale = obs_get_locale();
	int first = 0, last = 0;

	if (!snap)
		return;
	lk_dock_row_init(&row);
	rows_near_view(list, &first, &last);
	for (int i = first; i < last; i++) {
		QListWidgetItem *item = list->item(i);
		QByteArray id = item->data(ROLE_ID).toString().toUtf8();
		const struct lk_product *p = lk_snapshot_find(snap, id.constData());
		if (!p)
			continue;
		/* thumbnails only for these rows: a big catalog does not fetch
		 * every image at once */
		QPixmap thumb = thumbs->get(p->image);
		if (item->data(ROLE_THUMB).toLongLong() != thumb.cacheKey()) {
			item->setData(Qt::DecorationRole, thumb);
			item->setData(ROLE_THUMB, thumb.cacheKey());
		}
		qulonglong stamp = lk_dock_row_stamp(snap, p);
		if (item->data(ROLE_STAMP).toULongLong() == stamp)
			continue;
		item->setData(ROLE_STAMP, stamp);
		lk_dock_row_fill(&row, snap, p, locale, lk_dock_tr);
		item->setData(Qt::DisplayRole, lk_qs(row.title));
		item->setData(ROLE_PRICE, lk_qs(row.price));
		item->setData(ROLE_ORIGINAL, lk_qs(row.original));
		item->setData(ROLE_STOCK, lk_qs(row.stock));
		item->setData(ROLE_SLOT, lk_qs(row.slot));
		item->setData(ROLE_FLAGS, (row.pinned ? FLAG_PINNED : 0) | (row.sold_out ? FLAG_SOLD_OUT : 0) |
						  (row.low_stock ? FLAG_LOW : 0));
		item->setData(Qt::ToolTipRole, lk_qs(row.tooltip));
	}
	lk_dock_row_free(&row);

	const struct lk_product *pin = snap->pinned;
	QString name = pin ? lk_qs(pin->title && *pin->title ? pin->title : pin->id) : QString();
	if (pin && snap->pinned_slot)
		name = QString("#%1 ").arg(snap->pinned_slot) + name;
	QString text = pin ? lk_text("Dock.Pinned").arg(name) : lk_text("Dock.Pinned.None");
	pinned->setFullText(text);
}

void LkCatalogPanel::resizeEvent(QResizeEvent *event)
{
	QWidget::resizeEvent(event);
	update_rows(); /* a taller list shows rows not filled yet */
}

void LkCatalogPanel::select_id(const QString &id)
{
	for (int i = 0; i < list->count(); i++) {
		if (list->item(i)->data(ROLE_ID).toString() == id) {
			list->setCurrentRow(i);
			list->scrollToItem(list->item(i));
			return;
		}
	}
}

void LkCatalogPanel::on_row_changed()
{
	QList<QListWidgetItem *> sel = list->selectedItems();
	QString id = sel.isEmpty() ? QString() : sel.first()->data(ROLE_ID).toString();
	if (id != selected_id) {
		selected_id = id;
		emit selection_changed(id);
	}
	update_actions();
}

void LkCatalogPanel::update_actions()
{
	struct lk_dock_actions a = {};
	QByteArray id = selected_id.toUtf8();
	if (snap)
		lk_dock_actions_get(snap, id.constData(), lk_dock_now(), &a);
	link_on->setEnabled(a.pin || cd.product_id);
	unpin->setEnabled(a.unpin);
	add->setEnabled(a.cart_add);
	remove->setEnabled(a.cart_remove);
	up->setEnabled(a.move_up);
	down->setEnabled(a.move_down);
}

void LkCatalogPanel::report(bool ok, const char *error)
{
	if (ok) {
		msg->hide();
		return;
	}
	msg->setStyleSheet("color: " COLOR_OUT ";");
	msg->setText(lk_refusal(error));
	msg->show();
	msg_timer.start(MSG_MS);
}

bool LkCatalogPanel::tick(int64_t now_ms)
{
	char *fire = nullptr;
	int shown = lk_dock_countdown_step(&cd, now_ms, &fire);
	if (shown > 0) {
		link_on->setText(lk_text("Dock.LinkOn.Counting").arg(shown));
		return true;
	}
	link_on->setText(lk_text("Dock.LinkOn"));
	if (fire) {
		const char *error = nullptr;
		report(lk_controller_pin(fire, &error), error);
		bfree(fire);
	}
	update_actions();
	return false;
}

void LkCatalogPanel::on_link_on()
{
	const char *error = nullptr;
	if (cd.product_id) { /* a second press cancels the countdown */
		lk_dock_countdown_cancel(&cd);
		tick(lk_dock_now());
		return;
	}
	struct lk_dock_actions a = {};
	QByteArray id = selected_id.toUtf8();
	if (snap)
		lk_dock_actions_get(snap, id.constData(), lk_dock_now(), &a);
	if (!a.pin)
		return;
	if (countdown->isChecked()) {
		lk_dock_countdown_start(&cd, id.constData(), COUNTDOWN_S, lk_dock_now());
		tick(lk_dock_now());
		emit moving();
		return;
	}
	report(lk_controller_pin(id.constData(), &error), error);
}

void LkCatalogPanel::on_unpin()
{
	const char *error = nullptr;
	report(lk_controller_unpin(&error), error);
}

void LkCatalogPanel::on_cart_add()
{
	const char *error = nullptr;
	QByteArray id = selected_id.toUtf8();
	report(lk_controller_cart_add(id.constData(), 0, &error), error);
}

void LkCatalogPanel::on_cart_remove()
{
	const char *error = nullptr;
	QByteArray id = selected_id.toUtf8();
	report(lk_controller_cart_remove(id.constData(), &error), error);
}

void LkCatalogPanel::on_move(int delta)
{
	const char *error = nullptr;
	QByteArray id = selected_id.toUtf8();
	size_t slot = snap ? lk_dock_cart_slot(snap, id.constData()) : 0;
	if (!slot || (delta < 0 && slot == 1))
		return;
	report(lk_controller_cart_move(id.constData(), slot + delta, &error), error);
}

void LkCatalogPanel::save(obs_data_t *data) const
{
	obs_data_set_bool(data, SETTING_COUNTDOWN, countdown->isChecked());
}

void LkCatalogPanel::load(obs_data_t *data)
{
	countdown->setChecked(obs_data_get_bool(data, SETTING_COUNTDOWN));
}
