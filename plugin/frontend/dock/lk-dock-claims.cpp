/*
 * Linkon — "Comment rules…": the rules that turn live-room comments into
 * claims and chat actions (lk-claims.h), edited in the dock. The fields are
 * lk_dock_claims_form's; Save checks them (lk_dock_claims_form_build, which
 * asks lk_claim_rules_from_json), says what is wrong in the UI's words,
 * applies them to the live room at once (lk_room_hub_set_rules) and keeps
 * them in Linkon's config file ("claims").
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-dock-widgets.hpp"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

extern "C" {
#include "lk-config.h"
#include "lk-module.h"
#include "lk-room-hub.h"
}

#define KEY_CLAIMS "claims"
#define COOLDOWN_MAX_S 3600

static QPlainTextEdit *text_box(QWidget *parent, int lines)
{
	QPlainTextEdit *e = new QPlainTextEdit(parent);
	e->setTabChangesFocus(true);
	QFontMetrics fm(e->font());
	e->setFixedHeight(fm.lineSpacing() * lines + 18);
	return e;
}

static QSpinBox *seconds_box(QWidget *parent)
{
	QSpinBox *s = new QSpinBox(parent);
	s->setRange(0, COOLDOWN_MAX_S);
	s->setSuffix(lk_text("Dock.Claims.SecondsSuffix"));
	return s;
}

static QLabel *help(QWidget *parent, const char *key)
{
	QLabel *l = new QLabel(lk_text(key), parent);
	l->setWordWrap(true);
	l->setStyleSheet("color: #9aa0a6;");
	return l;
}

LkClaimsDialog::LkClaimsDialog(const struct lk_module *module, QWidget *parent) : QDialog(parent), mod(module)
{
	setWindowTitle(lk_text("Dock.Claims.Title"));
	setObjectName("linkonClaimsDialog");
	enabled = new QCheckBox(lk_text("Dock.Claims.Enabled"), this);
	words = text_box(this, 4);
	pinned = text_box(this, 1);
	actions = text_box(this, 3);
	viewer_cd = seconds_box(this);
	global_cd = seconds_box(this);
	msg = new QLabel(this);
	msg->setWordWrap(true);
	msg->setTextInteractionFlags(Qt::TextSelectableByMouse);
	msg->hide();

	QFormLayout *f = new QFormLayout;
	f->setRowWrapPolicy(QFormLayout::WrapAllRows); /* the lists get the dialog's whole width */
	f->addRow(enabled);
	f->addRow(lk_text("Dock.Claims.Words"), words);
	f->addRow(help(this, "Dock.Claims.WordsHelp"));
	f->addRow(lk_text("Dock.Claims.Pinned"), pinned);
	f->addRow(lk_text("Dock.Claims.Actions"), actions);
	f->addRow(help(this, "Dock.Claims.ActionsHelp"));
	f->addRow(lk_text("Dock.Claims.ViewerCooldown"), viewer_cd);
	f->addRow(lk_text("Dock.Claims.GlobalCooldown"), global_cd);

	QPushButton *defaults = new QPushButton(lk_text("Dock.Claims.Defaults"), this);
	QPushButton *save = new QPushButton(lk_text("Dock.Conn.Save"), this);
	QPushButton *close = new QPushButton(lk_text("Dock.Conn.Cancel"), this);
	save->setDefault(true);
	QHBoxLayout *buttons = new QHBoxLayout;
	buttons->addWidget(defaults);
	buttons->addStretch(1);
	buttons->addWidget(save);
	buttons->addWidget(close);
	QVBoxLayout *v = new QVBoxLayout(this);
	v->addLayout(f);
	v->addWidget(msg);
	v->addStretch(1);
	v->addLayout(buttons);
	setMinimumWidth(420);

	json_t *cfg = lk_config_load();
	fill(json_object_get(cfg, KEY_CLAIMS));
	json_decref(cfg);

	connect(defaults, &QPushButton::clicked, this, &LkClaimsDialog::on_defaults);
	connect(save, &QPushButton::clicked, this, &LkClaimsDialog::on_save);
	connect(close, &QPushButton::clicked, this, &QDialog::reject);
}

void LkClaimsDialog::fill(const json_t *claims)
{
	struct lk_dock_claims_form form;
	lk_dock_claims_form_init(&form);
	lk_dock_claims_form_fill(&form, claims);
	enabled->setChecked(form.enabled);
	words->setPlainText(lk_qs(form.words));
	pinned->setPlainText(lk_qs(form.pinned));
	actions->setPlainText(lk_qs(form.actions));
	viewer_cd->setValue((int)form.viewer_cooldown_s);
	global_cd->setValue((int)form.global_cooldown_s);
	lk_dock_claims_form_free(&form);
}

void LkClaimsDialog::on_defaults()
{
	fill(nullptr);
	msg->hide();
}

void LkClaimsDialog::on_save()
{
	struct lk_dock_claims_form form;
	lk_dock_claims_form_init(&form);
	form.enabled = enabled->isChecked();
	dstr_copy(&form.words, words->toPlainText().toUtf8().constData());
	dstr_copy(&form.pinned, pinned->toPlainText().toUtf8().constData());
	dstr_copy(&form.actions, actions->toPlainText().toUtf8().constData());
	form.viewer_cooldown_s = viewer_cd->value();
	form.global_cooldown_s = global_cd->value();
	const char *err = nullptr;
	int line = 0;
	json_t *obj = lk_dock_claims_form_build(&form, &err, &line);
	lk_dock_claims_form_free(&form);

	QString problem;
	if (!obj) {
		problem = lk_text(err);
		if (line > 0)
			problem = lk_text("Dock.Claims.AtItem").arg(problem).arg(line);
	} else {
		char why[256] = "";
		if (!mod || !mod->rooms || !lk_room_hub_set_rules(mod->rooms, obj, why, sizeof(why))) {
			problem = lk_text("Dock.Claims.Bad.Other");
		} else {
			/* only "claims" changes: the rest of the file as it is now */
			auto set_claims = [](json_t *cfg, void *rules) {
				json_object_set(cfg, KEY_CLAIMS, (json_t *)rules);
				return true;
			};
			if (!lk_config_update(set_claims, obj))
				problem = lk_text("Dock.Claims.SaveFailed");
		}
	}
	json_decref(obj);
	if (!problem.isEmpty()) {
		msg->setStyleSheet("color: #ff6b6b;");
		msg->setText(problem);
		msg->show();
		return;
	}
	accept();
}
