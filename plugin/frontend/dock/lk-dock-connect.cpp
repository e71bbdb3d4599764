/*
 * Linkon — the Connection… dialog: which shop (demo, bridge, Shopify,
 * TikTok Shop) and its settings. Tokens are typed masked and stored only in
 * the plugin's config file (lk-config.h, mode 0600).
 * TikTok Shop's page is its authorization: the app key and secret, a button
 * that opens the app's authorization link in the browser, the code pasted
 * back, and "Authorize", which saves the code and restarts the connector:
 * the connector exchanges it on the net worker (never the Qt thread) and
 * its status shows the result in plain words. The shops the authorization
 * covers (saved by the connector in its 0600 tokens file) fill the shop
 * choice (shop_cipher). "Test connection" saves and
 * restarts the connector (lk_controller_start returns at once: the
 * connector does its I/O on the net worker) and shows the status the store
 * reports as it arrives.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"
#include "lk-tiktok-codec.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QUrl>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "lk-module.h"

#include <obs-module.h>

extern "C" {
#include "lk-config.h"
#include "lk-controller.h"
}

/* config file keys (the connectors read the same ones) */
#define KEY_CONNECTOR "connector"
#define KEY_SEED "seed"
#define KEY_CURRENCY "currency"
#define KEY_URL "url"
#define KEY_TOKEN "token"
#define KEY_SHOP "shop"
#define KEY_WRITE_PRICES "write_sale_prices"
#define KEY_APP_KEY "app_key"
#define KEY_APP_SECRET "app_secret"
#define KEY_AUTH_LINK "auth_link"
#define KEY_AUTH_CODE "auth_code"
#define KEY_CIPHER "shop_cipher"
#define KEY_CREATE_ACTIVITIES "create_activities"
#define TT_TOKENS_FILE "tiktok-shop-tokens.json" /* the connector's (lk-conn-tiktok-shop.c) */
#define DOT_SIDE 10

static const char *const connectors[] = {"demo", "bridge", "shopify", "tiktok_shop"};
static const char *const currencies[] = {"CNY", "USD", "EUR", "GBP", "JPY", "KRW"};

static QWidget *page(QWidget *parent, QFormLayout **form)
{
	QWidget *w = new QWidget(parent);
	*form = new QFormLayout(w);
	(*form)->setRowWrapPolicy(QFormLayout::WrapLongRows);
	(*form)->setContentsMargins(0, 0, 0, 0);
	return w;
}

static QLineEdit *token_edit(QWidget *parent)
{
	QLineEdit *e = new QLineEdit(parent);
	e->setEchoMode(QLineEdit::Password);
	e->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhSensitiveData);
	return e;
}

static QString str(json_t *obj, const char *key)
{
	return lk_qs(json_string_value(json_object_get(obj, key)));
}

/* The shop list and one page of settings per shop. */
void LkConnectDialog::build_pages()
{
	kind = new QComboBox(this);
	for (const char *id : connectors)
		kind->addItem(lk_text(lk_dock_connector_key(id)), QString(id));
	pages = new QStackedWidget(this);
	QFormLayout *f;
	QWidget *demo = page(pages, &f);
	demo_seed = new QSpinBox(demo);
	demo_seed->setRange(0, 999999);
	demo_currency = new QComboBox(demo);
	for (const char *c : currencies)
		demo_currency->addItem(c);
	f->addRow(lk_text("Dock.Conn.Seed"), demo_seed);
	f->addRow(lk_text("Dock.Conn.Currency"), demo_currency);
	QWidget *bridge = page(pages, &f);
	bridge_url = new QLineEdit(bridge);
	bridge_url->setPlaceholderText("https://bridge.example.com");
	bridge_token = token_edit(bridge);
	f->addRow(lk_text("Dock.Conn.Url"), bridge_url);
	f->addRow(lk_text("Dock.Conn.Token"), bridge_token);
	QWidget *shopify = page(pages, &f);
	shop_domain = new QLineEdit(shopify);
	shop_domain->setPlaceholderText("your-shop.myshopify.com");
	shop_token = token_edit(shopify);
	shop_write = new QCheckBox(lk_text("Dock.Conn.WritePrices"), shopify);
	f->addRow(lk_text("Dock.Conn.Shop"), shop_domain);
	f->addRow(lk_text("Dock.Conn.Token"), shop_token);
	f->addRow(shop_write);
	QWidget *tiktok = page(pages, &f);
	tt_key = new QLineEdit(tiktok);
	tt_secret = token_edit(tiktok);
	tt_link = new QLineEdit(tiktok);
	tt_link->setPlaceholderText("https://services.tiktokshop.com/open/authorize?service_id=… (or the service ID)");
	QPushButton *open = new QPushButton(lk_text("Dock.Conn.OpenAuth"), tiktok);
	tt_code = token_edit(tiktok);
	QPushButton *authorize = new QPushButton(lk_text("Dock.Conn.Authorize"), tiktok);
	tt_shop = new QComboBox(tiktok);
	tt_create = new QCheckBox(lk_text("Dock.Conn.CreateActivities"), tiktok);
	f->addRow(lk_text("Dock.Conn.AppKey"), tt_key);
	f->addRow(lk_text("Dock.Conn.AppSecret"), tt_secret);
	f->addRow(lk_text("Dock.Conn.AuthLink"), tt_link);
	f->addRow(open);
	f->addRow(lk_text("Dock.Conn.AuthCode"), tt_code);
	f->addRow(authorize);
	f->addRow(lk_text("Dock.Conn.TikTokShop"), tt_shop);
	f->addRow(tt_create);
	connect(open, &QPushButton::clicked, this, &LkConnectDialog::on_open_auth);
	connect(authorize, &QPushButton::clicked, this, &LkConnectDialog::on_authorize);
	pages->addWidget(demo);
	pages->addWidget(bridge);
	pages->addWidget(shopify);
	pages->addWidget(tiktok);
}

/* The shops the authorization covers, as the connector saved them (a small
 * private file), with the chosen cipher selected; "" = the only one. */
void LkConnectDialog::fill_shops(const QString &chosen)
{
	char *path = feed ? lk_module_config_path(feed->module(), TT_TOKENS_FILE) : nullptr;
	json_t *tokens = path ? json_load_file(path, 0, nullptr) : nullptr;
	bfree(path);
	QString want = chosen.isEmpty() ? tt_shop->currentData().toString() : chosen;
	tt_shop->clear();
	tt_shop->addItem(lk_text("Dock.Conn.OnlyShop"), QString());
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(tokens, "shops"), i, e)
	{
		QString cipher = str(e, "cipher");
		QString label = str(e, "name");
		if (!str(e, "region").isEmpty())
			label += " (" + str(e, "region") + ")";
		tt_shop->addItem(label.isEmpty() ? cipher : label, cipher);
	}
	if (!want.isEmpty() && tt_shop->findData(want) < 0)
		tt_shop->addItem(want, want); /* chosen before: kept even when not listed */
	int at = tt_shop->findData(want);
	tt_shop->setCurrentIndex(at < 0 ? 0 : at);
	json_decref(tokens);
}

LkConnectDialog::LkConnectDialog(LkStoreFeed *feed_, QWidget *parent) : QDialog(parent), feed(feed_)
{
	setWindowTitle(lk_text("Dock.Conn.Title"));
	setObjectName("linkonConnectDialog");
	original = lk_config_load();

	build_pages();

	dot = new QLabel(this);
	dot->setFixedSize(DOT_SIDE, DOT_SIDE);
	result = new QLabel(lk_text("Dock.Conn.Hint"), this);
	result->setWordWrap(true);
	result->setTextInteractionFlags(Qt::TextSelectableByMouse);
	test = new QPushButton(lk_text("Dock.Conn.Test"), this);
	QPushButton *save = new QPushButton(lk_text("Dock.Conn.Save"), this);
	QPushButton *cancel = new QPushButton(lk_text("Dock.Conn.Cancel"), this);
	save->setDefault(true);

	QFormLayout *top = new QFormLayout;
	top->addRow(lk_text("Dock.Conn.Kind"), kind);
	QHBoxLayout *status = new QHBoxLayout;
	status->addWidget(dot, 0, Qt::AlignTop);
	status->addWidget(result, 1);
	QHBoxLayout *buttons = new QHBoxLayout;
	buttons->addWidget(test);
	buttons->addStretch(1);
	buttons->addWidget(save);
	buttons->addWidget(cancel);
	QVBoxLayout *v = new QVBoxLayout(this);
	v->addLayout(top);
	v->addWidget(pages);
	v->addLayout(status);
	v->addStretch(1);
	v->addLayout(buttons);
	setMinimumWidth(360);

	fill_from(original);
	kind->setFocus();
	connect(kind, QOverload<int>::of(&QComboBox::currentIndexChanged), this, &LkConnectDialog::on_kind);
	connect(test, &QPushButton::clicked, this, &LkConnectDialog::on_test);
	connect(save, &QPushButton::clicked, this, &LkConnectDialog::on_save);
	connect(cancel, &QPushButton::clicked, this, &LkConnectDialog::on_cancel);
	connect(this, &QDialog::rejected, this, &LkConnectDialog::on_cancel);
	if (feed)
		connect(feed, &LkStoreFeed::changed, this, &LkConnectDialog::on_store);
}

LkConnectDialog::~LkConnectDialog()
{
	json_decref(original);
	json_decref(written);
}

void LkConnectDialog::fill_from(json_t *config)
{
	const char *id = lk_config_connector(config);
	int index = kind->findData(QString(id));
	kind->setCurrentIndex(index < 0 ? 0 : index);
	pages->setCurrentIndex(kind->currentIndex());

	json_t *demo = lk_config_connector_settings(config, "demo");
	demo_seed->setValue((int)json_integer_value(json_object_get(demo, KEY_SEED)));
	int cur = demo_currency->findText(str(demo, KEY_CURRENCY));
	demo_currency->setCurrentIndex(cur < 0 ? 0 : cur);
	json_t *bridge = lk_config_connector_settings(config, "bridge");
	bridge_url->setText(str(bridge, KEY_URL));
	bridge_token->setText(str(bridge, KEY_TOKEN));
	json_t *shop = lk_config_connector_settings(config, "shopify");
	shop_domain->setText(str(shop, KEY_SHOP));
	shop_token->setText(str(shop, KEY_TOKEN));
	shop_write->setChecked(json_is_true(json_object_get(shop, KEY_WRITE_PRICES)));
	json_t *tt = lk_config_connector_settings(config, "tiktok_shop");
	tt_key->setText(str(tt, KEY_APP_KEY));
	tt_secret->setText(str(tt, KEY_APP_SECRET));
	tt_link->setText(str(tt, KEY_AUTH_LINK));
	tt_create->setChecked(json_is_true(json_object_get(tt, KEY_CREATE_ACTIVITIES)));
	fill_shops(str(tt, KEY_CIPHER));
}

/* The connector's object in config (created when missing), borrowed. */
static json_t *section(json_t *config, const char *id)
{
	json_t *s = json_object_get(config, id);
	if (!json_is_object(s)) {
		s = json_object();
		json_object_set_new(config, id, s);
	}
	return s;
}

static void set_str(json_t *obj, const char *key, const QString &value)
{
	QByteArray v = value.trimmed().toUtf8();
	json_object_set_new(obj, key, json_string(v.constData()));
}

/* A copy of the original config with the fields of this dialog (keeps
 * every other key, e.g. poll intervals). New reference. */
json_t *LkConnectDialog::build() const
{
	json_t *cfg = json_deep_copy(original);
	QByteArray id = kind->currentData().toString().toUtf8();
	json_object_set_new(cfg, KEY_CONNECTOR, json_string(id.constData()));

	json_t *demo = section(cfg, "demo");
	json_object_set_new(demo, KEY_SEED, json_integer(demo_seed->value()));
	set_str(demo, KEY_CURRENCY, demo_currency->currentText());
	if (!bridge_url->text().trimmed().isEmpty() || !bridge_token->text().isEmpty()) {
		json_t *bridge = section(cfg, "bridge");
		set_str(bridge, KEY_URL, bridge_url->text());
		set_str(bridge, KEY_TOKEN, bridge_token->text());
	}
	if (!shop_domain->text().trimmed().isEmpty() || !shop_token->text().isEmpty()) {
		json_t *shop = section(cfg, "shopify");
		set_str(shop, KEY_SHOP, shop_domain->text());
		set_str(shop, KEY_TOKEN, shop_token->text());
		json_object_set_new(shop, KEY_WRITE_PRICES, json_boolean(shop_write->isChecked()));
	}
	if (!tt_key->text().trimmed().isEmpty() || !tt_secret->text().isEmpty()) {
		json_t *tt = section(cfg, "tiktok_shop");
		set_str(tt, KEY_APP_KEY, tt_key->text());
		set_str(tt, KEY_APP_SECRET, tt_secret->text());
		set_str(tt, KEY_AUTH_LINK, tt_link->text());
		QString cipher = tt_shop->currentData().toString();
		if (cipher.isEmpty())
			json_object_del(tt, KEY_CIPHER);
		else
			set_str(tt, KEY_CIPHER, cipher);
		json_object_set_new(tt, KEY_CREATE_ACTIVITIES, json_boolean(tt_create->isChecked()));
		if (!tt_code->text().trimmed().isEmpty())
			set_str(tt, KEY_AUTH_CODE, tt_code->text());
	}
	return cfg;
}

/* Saves config and restarts the connector with it. UI thread; returns at
 * once (the connector connects on the net worker). */
bool LkConnectDialog::apply(json_t *config)
{
	/* only what this dialog changed since it last wrote goes into the file
	 * as it is now (lk_config_update): a live room switched meanwhile (its
	 * "event_sources", from obs-websocket's thread) stays as it is */
	struct change {
		json_t *from, *to, *result;
	} ch = {written ? written : original, config, nullptr};
	auto edit = [](json_t *cfg, void *param) {
		change *c = (change *)param;
		lk_config_apply_changes(cfg, c->from, c->to);
		c->result = json_deep_copy(cfg);
		return true;
	};
	if (!lk_config_update(edit, &ch)) {
		json_decref(ch.result);
		dot->setStyleSheet("background: #e5484d; border-radius: 5px;");
		result->setText(lk_text("Dock.Conn.SaveFailed"));
		return false;
	}
	json_decref(written);
	written = json_deep_copy(config);
	lk_controller_start(ch.result);
	json_decref(ch.result);
	return true;
}

/* Opens the app's authorization link (Partner Center: the app's page) in
 * the browser; only an https link is opened. */
void LkConnectDialog::on_open_auth()
{
	struct dstr link = {};
	QByteArray pasted = tt_link->text().toUtf8();
	bool built = lk_tiktok_auth_link(pasted.constData(), &link);
	QUrl url(built ? QString::fromUtf8(link.array) : QString(), QUrl::StrictMode);
	dstr_free(&link);
	if (!built || !url.isValid() || url.scheme() != "https" || url.host().isEmpty()) {
		result->setText(lk_text("Dock.Conn.BadAuthLink"));
		return;
	}
	QDesktopServices::openUrl(url);
}

/* Saves the pasted code and restarts the connector: it exchanges the code
 * on the net worker; its status (on_store) says how it went. */
void LkConnectDialog::on_authorize()
{
	if (tt_code->text().trimmed().isEmpty()) {
		result->setText(lk_text("Dock.Conn.NeedCode"));
		return;
	}
	on_test();
	tt_code->clear(); /* a code works once: in the config file until the connector used it */
}

void LkConnectDialog::on_kind()
{
	pages->setCurrentIndex(kind->currentIndex());
	adjustSize();
}

void LkConnectDialog::on_test()
{
	json_t *cfg = build();
	testing = apply(cfg);
	applied = applied || testing;
	json_decref(cfg);
	if (testing)
		on_store();
}

void LkConnectDialog::on_save()
{
	json_t *cfg = build();
	bool changed = !json_equal(cfg, original) || applied;
	bool ok = !changed || apply(cfg);
	json_decref(cfg);
	if (ok) {
		applied = false; /* nothing to put back on close */
		disconnect(this, &QDialog::rejected, this, &LkConnectDialog::on_cancel);
		accept();
	}
}

void LkConnectDialog::on_cancel()
{
	if (applied) { /* the test changed the running connector: put the old one back */
		applied = false;
		apply(original);
	}
	disconnect(this, &QDialog::rejected, this, &LkConnectDialog::on_cancel);
	reject();
}

/* The status of the connector under test, as the store reports it. */
void LkConnectDialog::on_store()
{
	struct lk_snapshot *snap = testing && feed ? feed->get() : nullptr;
	if (!snap)
		return;
	struct dstr line = {}, err = {};
	const struct lk_status *st = &snap->status;
	lk_dock_status_line(&line, st, lk_dock_tr);
	lk_dock_error_text(&err, st, lk_dock_tr);
	QString text = lk_qs(line);
	if (!dstr_is_empty(&err))
		text += "\n" + lk_qs(err);
	result->setText(text);
	if (st->connector && strcmp(st->connector, "tiktok_shop") == 0 && st->state != tt_shown_state) {
		tt_shown_state = st->state; /* the shops may have arrived with the authorization */
		fill_shops(QString());
	}
	dot->setStyleSheet(QString("background: #%1; border-radius: %2px;")
				   .arg(lk_dock_status_color(st->state), 6, 16, QChar('0'))
				   .arg(DOT_SIDE / 2));
	dstr_free(&line);
	dstr_free(&err);
	lk_snapshot_release(snap);
}
