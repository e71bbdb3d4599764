/*
 * Linkon — the docks' shared pieces: text helpers, the store feed, the
 * thumbnail loader, the eliding label.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QPainter>
#include <mutex>

#include <obs-module.h>

extern "C" {
#include "lk-net-cache.h"
#include "lk-module.h"
}

#define THUMB_SIDE 80
#define THUMB_MAX_BYTES (8 * 1024 * 1024)
#define THUMB_MAX_SIDE 4096
#define THUMB_DOWNLOADS 3 /* at a time */

QString lk_text(const char *key)
{
	return QString::fromUtf8(obs_module_text(key));
}

const char *lk_dock_tr(const char *key)
{
	return obs_module_text(key);
}

QString lk_refusal(const char *error)
{
	struct lk_msg m;
	struct dstr words = {};

	if (lk_msg_refusal_of(error, &m))
		lk_dock_msg_text(&words, &m, lk_dock_tr);
	else
		dstr_copy(&words, error && *error ? error : "?");
	QString text = lk_text("Dock.Refused").arg(lk_qs(words));
	dstr_free(&words);
	return text;
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

LkStoreFeed::LkStoreFeed(const struct lk_module *module, QObject *parent) : QObject(parent), mod(module)
{
	if (mod && mod->store) {
		lk_store_add_listener(mod->store, on_store, this);
		attached = true;
	}
}

LkStoreFeed::~LkStoreFeed()
{
	detach();
}

void LkStoreFeed::detach()
{
	if (!attached)
		return;
	/* after this returns the listener is not running and never will */
	lk_store_remove_listener(mod->store, on_store, this);
	attached = false;
}

struct lk_snapshot *LkStoreFeed::get() const
{
	return attached ? lk_store_get(mod->store) : nullptr;
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

/* Shared by the thumbnail loader and its downloads in flight: a download
 * that ends after the loader is gone finds owner NULL. */
struct LkThumbHub {
	std::mutex lock;
	LkThumbs *owner;
};

struct thumb_job {
	std::shared_ptr<LkThumbHub> hub;
	QString url;
};

static bool is_url(const QString &key)
{
	return key.startsWith("http://") || key.startsWith("https://");
}

LkThumbs::LkThumbs(const struct lk_module *module, QObject *parent)
    : QObject(parent), mod(module), hub(std::make_shared<LkThumbHub>())
{
	hub->owner = this;
	pool.setMaxThreadCount(1);
}

LkThumbs::~LkThumbs()
{
	{
		std::lock_guard<std::mutex> guard(hub->lock);
		hub->owner = nullptr;
	}
	pool.clear();
	pool.waitForDone();
}

/* Worker thread: a small image file, scaled to a square thumbnail. */
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
	if (asked.contains(key) || (key.contains("://") && !is_url(key)))
		return QPixmap();
	asked.insert(key);
	if (is_url(key)) {
		waiting << key; /* the image cache has it, or downloads it */
		pump();
	} else {
		load(key, key);
	}
	return QPixmap();
}

/* Reads key's file (path) on the pool's thread: no I/O on the UI thread. */
void LkThumbs::load(const QString &key, const QString &path)
{
	pool.start([this, key, path]() {
		QImage img = load_thumb(path);
		/* the pool is ours: the destructor waits, so this is alive here */
		QMetaObject::invokeMethod(
			this, [this, key, img]() { loaded(key, img); }, Qt::QueuedConnection);
	});
}

void LkThumbs::loaded(const QString &key, const QImage &img)
{
	if (img.isNull())
		return; /* stays in asked: not tried again */
	done.insert(key, QPixmap::fromImage(img));
	emit ready();
}

/* Net worker thread: only hands the result to the UI thread. */
static void on_downloaded(void *data, const struct lk_net_result *res)
{
	thumb_job *job = static_cast<thumb_job *>(data);
	{
		std::lock_guard<std::mutex> guard(job->hub->lock);
		LkThumbs *owner = job->hub->owner;
		QString url = job->url;
		bool ok = res->ok;
		QString path = res->path ? QString::fromUtf8(res->path) : QString();
		if (owner)
			QMetaObject::invokeMethod(
				owner, [owner, url, ok, path]() { owner->downloaded(url, ok, path); },
				Qt::QueuedConnection);
	}
	delete job;
}

void LkThumbs::pump()
{
	struct lk_net_cache *cache = mod ? mod->images : nullptr;
	while (cache && running < THUMB_DOWNLOADS && !waiting.isEmpty()) {
		QString url = waiting.takeFirst();
		QByteArray u = url.toUtf8();
		thumb_job *job = new thumb_job{hub, url};
		if (lk_net_cache_fetch(cache, u.constData(), THUMB_MAX_BYTES, on_downloaded, job))
			running++;
		else
			delete job; /* refused scheme: no thumbnail */
	}
}

void LkThumbs::downloaded(const QString &url, bool ok, const QString &path)
{
	running--;
	if (ok)
		load(url, path); /* the cache's file */
	pump();
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
