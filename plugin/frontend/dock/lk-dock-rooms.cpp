/*
 * Linkon — the "Live rooms" tab of the Linkon dock and its "Add live room"
 * dialog: Qt only draws what lk-dock-rooms.h computes from the event-source
 * manager's status rows (lk-event-sources.h), and passes the user's clicks
 * to the manager (switch, sign in/out, add, remove), which queues the
 * network work: nothing here waits on the network.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

extern "C" {
#include "lk-event-sources.h"
#include "lk-module.h"
}

#define DOT_SIDE 12
#define CODE_POINTS 22 /* the device code: big enough to read across the room */

static QString dot_style(uint32_t color)
{
	return QString("background: #%1; border-radius: %2px;").arg(color, 6, 16, QChar('0')).arg(DOT_SIDE / 2);
}

static struct lk_event_sources *sources_of(const struct lk_module *m)
{
	return m ? m->sources : nullptr;
}

/* ---- one row ------------------------------------------------------------------- */

class LkRoomRow : public QFrame {
public:
	LkRoomRow(LkRoomsPanel *panel, const char *id);
	void show_entry(const struct lk_es_entry *e, int64_t now_ms);
	const QString &id() const { return room_id; }

private:
	void on_switch(bool on);
	void on_sign_in();
	void on_sign_out();
	void on_remove();

	LkRoomsPanel *panel;
	QString room_id;
	QLabel *dot, *state, *detail, *error, *code, *code_hint;
	LkElideLabel *title;
	QCheckBox *enabled;
	QPushButton *sign_in, *sign_out, *copy, *open;
	QToolButton *remove;
	QFrame *code_box;
	QString url, name;
};

LkRoomRow::LkRoomRow(LkRoomsPanel *panel_, const char *id_) : QFrame(panel_), panel(panel_), room_id(lk_qs(id_))
{
	setObjectName("linkonRoomRow");
	setFrameShape(QFrame::StyledPanel);
	dot = new QLabel(this);
	dot->setFixedSize(DOT_SIDE, DOT_SIDE);
	title = new LkElideLabel(this);
	QFont bold = title->font();
	bold.setBold(true);
	title->setFont(bold);
	enabled = new QCheckBox(lk_text("Dock.Rooms.Enabled"), this);
	remove = new QToolButton(this);
	remove->setText("\xE2\x9C\x95"); /* ✕ */
	remove->setToolTip(lk_text("Dock.Rooms.Remove"));
	state = new QLabel(this);
	state->setWordWrap(true);
	detail = new QLabel(this);
	detail->setWordWrap(true);
	detail->setStyleSheet("color: #9aa0a6;");
	error = new QLabel(this);
	error->setWordWrap(true);
	error->setStyleSheet("color: #ff6b6b;");
	error->setTextInteractionFlags(Qt::TextSelectableByMouse);
	sign_in = new QPushButton(lk_text("Dock.Rooms.SignIn"), this);
	sign_out = new QPushButton(lk_text("Dock.Rooms.SignOut"), this);

	/* the device sign-in: the code big, the link, copy / open */
	code_box = new QFrame(this);
	code_hint = new QLabel(code_box);
	code_hint->setWordWrap(true);
	code_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
	code = new QLabel(code_box);
	QFont big = code->font();
	big.setPointSize(CODE_POINTS);
	big.setBold(true);
	big.setLetterSpacing(QFont::AbsoluteSpacing, 2.0);
	code->setFont(big);
	code->setTextInteractionFlags(Qt::TextSelectableByMouse);
	code->setAlignment(Qt::AlignCenter);
	copy = new QPushButton(lk_text("Dock.Rooms.CopyCode"), code_box);
	open = new QPushButton(lk_text("Dock.Rooms.OpenLink"), code_box);
	QHBoxLayout *code_buttons = new QHBoxLayout;
	code_buttons->addWidget(copy);
	code_buttons->addWidget(open);
	code_buttons->addStretch(1);
	QVBoxLayout *cv = new QVBoxLayout(code_box);
	cv->setContentsMargins(0, 4, 0, 0);
	cv->addWidget(code_hint);
	cv->addWidget(code);
	cv->addLayout(code_buttons);

	QHBoxLayout *top = new QHBoxLayout;
	top->addWidget(dot);
	top->addWidget(title, 1);
	top->addWidget(enabled);
	top->addWidget(remove);
	QHBoxLayout *buttons = new QHBoxLayout;
	buttons->addWidget(sign_in);
	buttons->addWidget(sign_out);
	buttons->addStretch(1);
	QVBoxLayout *v = new QVBoxLayout(this);
	v->setContentsMargins(6, 4, 6, 4);
	v->setSpacing(2);
	v->addLayout(top);
	v->addWidget(state);
	v->addWidget(detail);
	v->addWidget(error);
	v->addLayout(buttons);
	v->addWidget(code_box);

	connect(enabled, &QCheckBox::toggled, this, [this](bool on) { on_switch(on); });
	connect(sign_in, &QPushButton::clicked, this, [this]() { on_sign_in(); });
	connect(sign_out, &QPushButton::clicked, this, [this]() { on_sign_out(); });
	connect(remove, &QToolButton::clicked, this, [this]() { on_remove(); });
	connect(copy, &QPushButton::clicked, this, [this]() { QApplication::clipboard()->setText(code->text()); });
	connect(open, &QPushButton::clicked, this, [this]() {
		QUrl u(url, QUrl::StrictMode);
		if (u.isValid() && (u.scheme() == "https" || u.scheme() == "http") && !u.host().isEmpty())
			QDesktopServices::openUrl(u);
	});
}

void LkRoomRow::show_entry(const struct lk_es_entry *e, int64_t now_ms)
{
	struct lk_dock_room_row r;
	lk_dock_room_row_init(&r);
	lk_dock_room_row_fill(&r, e, now_ms, lk_dock_tr);
	dot->setStyleSheet(dot_style(r.color));
	name = lk_qs(r.title);
	title->setFullText(name);
	state->setText(lk_qs(r.state));
	detail->setText(lk_qs(r.detail));
	detail->setVisible(!dstr_is_empty(&r.detail));
	error->setText(lk_qs(r.error));
	error->setVisible(!dstr_is_empty(&r.error));
	if (enabled->isChecked() != r.enabled) {
		QSignalBlocker quiet(enabled);
		enabled->setChecked(r.enabled);
	}
	sign_in->setVisible(r.sign_in);
	sign_out->setVisible(r.sign_out);
	bool has_code = !dstr_is_empty(&r.code);
	code_box->setVisible(has_code);
	if (has_code) {
		url = lk_qs(r.url);
		code->setText(lk_qs(r.code));
		code_hint->setText(lk_text("Dock.Rooms.CodeHint").arg(url));
		open->setEnabled(!url.isEmpty());
	}
	lk_dock_room_row_free(&r);
}

/* One call of the manager for this row's room, its refusal in words, and
 * the tab again (after this click: a removed row is deleted then). */
template<typename Call> void room_call(LkRoomsPanel *panel, const QString &room_id, Call call)
{
	struct lk_es_error err = {};
	QByteArray id = room_id.toUtf8();
	struct lk_event_sources *es = sources_of(panel->mod);
	panel->report(es && call(es, id.constData(), &err), &err);
	QTimer::singleShot(0, panel, &LkRoomsPanel::on_tick);
}

void LkRoomRow::on_switch(bool on)
{
	room_call(panel, room_id, [on](struct lk_event_sources *es, const char *id, struct lk_es_error *err) {
		return lk_event_sources_set_enabled(es, id, on, err);
	});
}

void LkRoomRow::on_sign_in()
{
	room_call(panel, room_id, lk_event_sources_sign_in);
}

void LkRoomRow::on_sign_out()
{
	room_call(panel, room_id, lk_event_sources_sign_out);
}

void LkRoomRow::on_remove()
{
	QString ask = lk_text("Dock.Rooms.RemoveAsk").arg(name.isEmpty() ? room_id : name);
	if (QMessageBox::question(this, lk_text("Dock.Rooms.Remove"), ask) == QMessageBox::Yes)
		room_call(panel, room_id, lk_event_sources_remove);
}

/* ---- the tab --------------------------------------------------------------------- */

LkRoomsPanel::LkRoomsPanel(const struct lk_module *module, QWidget *parent) : QWidget(parent), mod(module)
{
	setObjectName("linkonRooms");
	hint = new QLabel(lk_text(sources_of(mod) ? "Dock.Rooms.Hint" : "Dock.Rooms.NotReady"), this);
	hint->setWordWrap(true);
	hint->setStyleSheet("color: #9aa0a6;");
	QWidget *inner = new QWidget;
	list = new QVBoxLayout(inner);
	list->setContentsMargins(0, 0, 0, 0);
	list->setSpacing(4);
	list->addStretch(1);
	QScrollArea *scroll = new QScrollArea(this);
	scroll->setWidget(inner);
	scroll->setWidgetResizable(true);
	scroll->setFrameShape(QFrame::NoFrame);
	msg = new QLabel(this);
	msg->setWordWrap(true);
	msg->hide();
	QPushButton *add = new QPushButton(lk_text("Dock.Rooms.Add"), this);
	add->setEnabled(sources_of(mod) != nullptr);
	QPushButton *rules = new QPushButton(lk_text("Dock.Rooms.Rules"), this);
	rules->setEnabled(mod && mod->rooms);
	QHBoxLayout *buttons = new QHBoxLayout;
	buttons->addWidget(add);
	buttons->addWidget(rules);
	buttons->addStretch(1);
	QVBoxLayout *v = new QVBoxLayout(this);
	v->setContentsMargins(4, 4, 4, 4);
	v->addWidget(hint);
	v->addWidget(scroll, 1);
	v->addWidget(msg);
	v->addLayout(buttons);

	connect(add, &QPushButton::clicked, this, &LkRoomsPanel::on_add);
	connect(rules, &QPushButton::clicked, this, &LkRoomsPanel::on_rules);
	connect(&timer, &QTimer::timeout, this, &LkRoomsPanel::on_tick);
	timer.setSingleShot(true); /* on_tick sets the next one */
}

uint32_t LkRoomsPanel::poll()
{
	struct lk_event_sources *es = sources_of(mod);
	if (!es) {
		entries.clear();
	} else {
		uint64_t v = lk_event_sources_version(es);
		if (!have_version || v != version) {
			size_t n = lk_event_sources_list(es, nullptr, 0, nullptr);
			for (;;) { /* rows may be added between the two calls */
				entries.resize(n + 2);
				n = lk_event_sources_list(es, entries.data(), entries.size(), &version);
				if (n <= entries.size())
					break;
			}
			entries.resize(n);
			have_version = true;
		}
	}
	uint32_t c = lk_dock_rooms_summary_color(entries.data(), entries.size());
	if (c != shown_summary || !shown_summary) {
		shown_summary = c;
		emit summary(c);
	}
	return c;
}

void LkRoomsPanel::show_rows(int64_t now_ms)
{
	bool same = rows.size() == entries.size();
	for (size_t i = 0; same && i < rows.size(); i++)
		same = rows[i]->id() == lk_qs(entries[i].id);
	if (!same) {
		for (LkRoomRow *r : rows) {
			r->hide();
			r->deleteLater();
		}
		rows.clear();
		for (size_t i = 0; i < entries.size(); i++) {
			LkRoomRow *r = new LkRoomRow(this, entries[i].id);
			list->insertWidget((int)i, r);
			rows.push_back(r);
		}
	}
	for (size_t i = 0; i < rows.size(); i++)
		rows[i]->show_entry(&entries[i], now_ms);
	hint->setVisible(entries.empty());
}

/* While the tab is on screen: the table again when its version moved, the
 * rows' words (ages, retry countdowns) when they change; hidden: no timer
 * (showEvent starts it again). */
void LkRoomsPanel::on_tick()
{
	int64_t now = lk_dock_now();
	poll();
	if (isVisible())
		show_rows(now);
	int64_t next = lk_dock_rooms_next_tick_ms(entries.data(), entries.size(), isVisible(), now);
	if (next < 0)
		timer.stop();
	else
		timer.start((int)next);
}

void LkRoomsPanel::showEvent(QShowEvent *event)
{
	QWidget::showEvent(event);
	on_tick();
}

void LkRoomsPanel::hideEvent(QHideEvent *event)
{
	QWidget::hideEvent(event);
	timer.stop();
}

void LkRoomsPanel::report(bool ok, const struct lk_es_error *err)
{
	if (ok) {
		msg->hide();
		return;
	}
	struct dstr words = {};
	if (err && err->msg.code != LK_MSG_NONE)
		lk_dock_msg_text(&words, &err->msg, lk_dock_tr);
	else
		dstr_copy(&words, err && err->text[0] ? err->text : "?");
	msg->setText(lk_text("Dock.Refused").arg(lk_qs(words)));
	msg->show();
	dstr_free(&words);
}

void LkRoomsPanel::on_add()
{
	struct lk_event_sources *es = sources_of(mod);
	if (!es)
		return;
	poll();
	LkAddRoomDialog dlg(this);
	if (dlg.exec() != QDialog::Accepted)
		return;
	json_t *entry = dlg.take_entry(entries);
	if (!entry)
		return;
	struct lk_es_error err = {};
	report(lk_event_sources_add(es, entry, &err), &err);
	json_decref(entry);
	on_tick();
}

void LkRoomsPanel::on_rules()
{
	LkClaimsDialog *dlg = new LkClaimsDialog(mod, this);
	dlg->setAttribute(Qt::WA_DeleteOnClose);
	dlg->open();
}

/* ---- Add live room… ------------------------------------------------------------------ */

static QLineEdit *field(QWidget *parent, bool secret, const char *placeholder = nullptr)
{
	QLineEdit *e = new QLineEdit(parent);
	if (secret) {
		e->setEchoMode(QLineEdit::Password);
		e->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhSensitiveData);
	}
	if (placeholder)
		e->setPlaceholderText(placeholder);
	return e;
}

static QWidget *help_page(QWidget *parent, const char *help_key, QFormLayout **form)
{
	QWidget *w = new QWidget(parent);
	*form = new QFormLayout(w);
	(*form)->setRowWrapPolicy(QFormLayout::WrapLongRows);
	(*form)->setContentsMargins(0, 0, 0, 0);
	QLabel *help = new QLabel(lk_text(help_key), w);
	help->setWordWrap(true);
	help->setStyleSheet("color: #9aa0a6;");
	(*form)->addRow(help);
	return w;
}

LkAddRoomDialog::LkAddRoomDialog(QWidget *parent) : QDialog(parent)
{
	setWindowTitle(lk_text("Dock.Rooms.AddTitle"));
	setObjectName("linkonAddRoomDialog");
	kind = new QComboBox(this);
	static const char *const kinds[LK_DOCK_ROOM_KINDS] = {
		"Dock.Rooms.Platform.TikTok", "Dock.Rooms.Platform.Twitch", "Dock.Rooms.Platform.YouTube"};
	for (const char *k : kinds)
		kind->addItem(lk_text(k));
	name = field(this, false);
	pages = new QStackedWidget(this);
	QFormLayout *f;
	QWidget *tiktok = help_page(pages, "Dock.Rooms.TikTokHelp", &f);
	url = field(tiktok, false);
	url->setText("http://127.0.0.1:8787"); /* the reference bridge's default address */
	token = field(tiktok, true);
	f->addRow(lk_text("Dock.Rooms.BridgeUrl"), url);
	f->addRow(lk_text("Dock.Rooms.BridgeToken"), token);
	QWidget *twitch = help_page(pages, "Dock.Rooms.TwitchHelp", &f);
	twitch_id = field(twitch, false);
	f->addRow(lk_text("Dock.Rooms.ClientId"), twitch_id);
	QWidget *youtube = help_page(pages, "Dock.Rooms.YouTubeHelp", &f);
	yt_id = field(youtube, false);
	yt_secret = field(youtube, true);
	yt_key = field(youtube, true);
	yt_video = field(youtube, false, "https://www.youtube.com/watch?v=…");
	f->addRow(lk_text("Dock.Rooms.ClientId"), yt_id);
	f->addRow(lk_text("Dock.Rooms.ClientSecret"), yt_secret);
	f->addRow(lk_text("Dock.Rooms.ApiKey"), yt_key);
	f->addRow(lk_text("Dock.Rooms.VideoId"), yt_video);
	pages->addWidget(tiktok);
	pages->addWidget(twitch);
	pages->addWidget(youtube);

	msg = new QLabel(this);
	msg->setWordWrap(true);
	msg->setStyleSheet("color: #ff6b6b;");
	msg->hide();
	QPushButton *add = new QPushButton(lk_text("Dock.Rooms.AddButton"), this);
	QPushButton *cancel = new QPushButton(lk_text("Dock.Conn.Cancel"), this);
	add->setDefault(true);
	QFormLayout *top = new QFormLayout;
	top->addRow(lk_text("Dock.Rooms.Kind"), kind);
	top->addRow(lk_text("Dock.Rooms.Name"), name);
	QHBoxLayout *buttons = new QHBoxLayout;
	buttons->addStretch(1);
	buttons->addWidget(add);
	buttons->addWidget(cancel);
	QVBoxLayout *v = new QVBoxLayout(this);
	v->addLayout(top);
	v->addWidget(pages);
	v->addWidget(msg);
	v->addStretch(1);
	v->addLayout(buttons);
	setMinimumWidth(380);

	connect(kind, QOverload<int>::of(&QComboBox::currentIndexChanged), this, &LkAddRoomDialog::on_kind);
	connect(add, &QPushButton::clicked, this, &LkAddRoomDialog::on_add);
	connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
}

void LkAddRoomDialog::on_kind()
{
	pages->setCurrentIndex(kind->currentIndex());
	msg->hide();
	adjustSize();
}

json_t *LkAddRoomDialog::build(const std::vector<struct lk_es_entry> *existing, const char **err)
{
	QByteArray b_name = name->text().toUtf8(), b_url = url->text().toUtf8(), b_token = token->text().toUtf8();
	QByteArray b_tw = twitch_id->text().toUtf8(), b_yid = yt_id->text().toUtf8();
	QByteArray b_sec = yt_secret->text().toUtf8(), b_key = yt_key->text().toUtf8(),
		   b_vid = yt_video->text().toUtf8();
	struct lk_dock_room_form f = {};
	f.kind = (enum lk_dock_room_kind)kind->currentIndex();
	f.name = b_name.constData();
	f.url = b_url.constData();
	f.token = b_token.constData();
	f.client_id = f.kind == LK_DOCK_ROOM_TWITCH ? b_tw.constData() : b_yid.constData();
	f.client_secret = b_sec.constData();
	f.api_key = b_key.constData();
	f.video_id = b_vid.constData();
	std::vector<const char *> used;
	if (existing)
		for (const struct lk_es_entry &e : *existing)
			used.push_back(e.id);
	return lk_dock_room_entry(&f, used.data(), used.size(), err);
}

void LkAddRoomDialog::on_add()
{
	const char *err = nullptr;
	json_t *e = build(nullptr, &err);
	if (!e) {
		msg->setText(lk_text(err));
		msg->show();
		return;
	}
	json_decref(e);
	accept();
}

json_t *LkAddRoomDialog::take_entry(const std::vector<struct lk_es_entry> &existing)
{
	const char *err = nullptr;
	return build(&existing, &err);
}
