/*
 * Linkon — the docks' shared pieces: text helpers, the store feed, the
 * thumbnail loader, the eliding label.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"

#include <QFileInfo>
#include <QImageReader>
#include <QPainter>

#include <obs-module.h>

#define THUMB_SIDE 80
#define THUMB_MAX_BYTES (8 * 1024 * 1024)
#define THUMB_MAX_SIDE 4096

QString lk_text(const char *key)
{
	return QString::fromUtf8(obs_module_text(key));
}

const char *lk_dock_tr(const char *key)
{
	return obs_module_text(key);
}

QString lk_qs(const struct dstr &d)
{
	return d.array ? QString::fromUtf8(d.array) : QString();
}

QString lk_qs(const char *utf8)
{
	return utf8 ? QString::fromUtf8(utf8) : QString();
}

int64_t lk_dock_now(void)
{
	return lk_now_ms();
}

/* ---- the store feed ----------------------------------------------------------- */

LkStoreFeed::LkStoreFeed(struct lk_store *store_, QObject *parent) : QObject(parent), store(store_)
{
	if (store)
		lk_store_add_listener(store, on_store, this);
}

LkStoreFeed::~LkStoreFeed()
{
	detach();
}

void LkStoreFeed::detach()
{
	if (!store)
		return;
	/* after this returns the listener is not running and never will */
	lk_store_remove_listener(store, on_store, this);
	store = nullptr;
}

struct lk_snapshot *LkStoreFeed::get() const
{
	return store ? lk_store_get(store) : nullptr;
}

/* Any thread, with the store's listener mutex held: only queue a call. */
void LkStoreFeed::on_store(void *data, uint64_t)
{
	LkStoreFeed *feed = static_cast<LkStoreFeed *>(data);
	if (!feed->pending.exchange(true))
		QMetaObject::invokeMethod(feed, "deliver", Qt::QueuedConnection);
}

void LkStoreFeed::deliver()
{
	pending = false;
	emit changed();
}

/* ---- thumbnails ------------------------------------------------------------------ */

LkThumbs::LkThumbs(QObject *parent) : QObject(parent)
{
	pool.setMaxThreadCount(1);
}

LkThumbs::~LkThumbs()
{
	pool.clear();
	pool.waitForDone();
}

/* Worker thread: a small local image, scaled to a square thumbnail. */
static QImage load_thumb(const QString &path)
{
	QFileInfo info(path);
	if (!info.isFile() || info.size() > THUMB_MAX_BYTES)
		return QImage();
	QImageReader reader(path);
	QSize size = reader.size();
	if (!size.isValid() || size.width() > THUMB_MAX_SIDE || size.height() > THUMB_MAX_SIDE)
		return QImage();
	reader.setScaledSize(size.scaled(THUMB_SIDE, THUMB_SIDE, Qt::KeepAspectRatioByExpanding));
	QImage img = reader.read();
	if (img.isNull())
		return img;
	QRect crop((img.width() - THUMB_SIDE) / 2, (img.height() - THUMB_SIDE) / 2, THUMB_SIDE, THUMB_SIDE);
	return img.copy(crop);
}

QPixmap LkThumbs::get(const char *image)
{
	if (!image || !*image)
		return QPixmap();
	QString key = QString::fromUtf8(image);
	auto it = done.constFind(key);
	if (it != done.constEnd())
		return *it;
	if (asked.contains(key) || key.startsWith("http://") || key.startsWith("https://") || key.contains("://"))
		return QPixmap();
	asked.insert(key);
	pool.start([this, key]() {
		QImage img = load_thumb(key);
		/* the pool is ours: the destructor waits, so this is alive here */
		QMetaObject::invokeMethod(
			this, [this, key, img]() { loaded(key, img); }, Qt::QueuedConnection);
	});
	return QPixmap();
}

void LkThumbs::loaded(const QString &key, const QImage &img)
{
	if (img.isNull())
		return; /* stays in asked: not tried again */
	done.insert(key, QPixmap::fromImage(img));
	emit ready();
}

/* ---- eliding label ---------------------------------------------------------------- */

LkElideLabel::LkElideLabel(QWidget *parent) : QLabel(parent)
{
	setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void LkElideLabel::setFullText(const QString &text)
{
	if (text == full)
		return;
	full = text;
	setText(text);
	setToolTip(text);
	update();
}

QSize LkElideLabel::minimumSizeHint() const
{
	return QSize(20, QLabel::minimumSizeHint().height());
}

void LkElideLabel::paintEvent(QPaintEvent *)
{
	QPainter p(this);
	QRect r = contentsRect();
	p.setFont(font());
	p.setPen(palette().color(foregroundRole()));
	QString shown = fontMetrics().elidedText(full, Qt::ElideRight, r.width());
	p.drawText(r, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, shown);
}
