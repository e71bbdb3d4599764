/*
 * Linkon — the dock's "Show" tab: the show's live numbers, a small chart of
 * GMV over time, the per-pin table, Start / End, and after the end the
 * report's path with "Open folder".
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Everything shown comes from the snapshot's show view through
 * lk-dock-show.h. A view is immutable and shared by every snapshot until
 * the show changes, so a snapshot with the same view costs nothing; labels
 * and cells are set only when their text differs. Start and End run on the
 * controller's command thread (ending writes the report files): the Qt
 * thread never waits for them; a refusal comes back queued.
 */
#include "lk-dock-widgets.hpp"

extern "C" {
#include "lk-controller.h"
#include "lk-sales-view.h"
}

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QLocale>
#include <QDesktopServices>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

/* ---- the chart ---------------------------------------------------------------- */

class LkGmvChart : public QWidget {
public:
	LkGmvChart(const struct lk_dock_chart *c, QWidget *parent) : QWidget(parent), chart(c)
	{
		setMinimumHeight(70);
		setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
	}
	QSize sizeHint() const override { return QSize(200, 80); }

protected:
	void paintEvent(QPaintEvent *) override
	{
		QPainter p(this);
		p.setRenderHint(QPainter::Antialiasing);
		QRectF r = QRectF(rect()).adjusted(2, 4, -2, -4);
		p.setPen(QPen(palette().color(QPalette::Mid), 1));
		p.drawLine(r.bottomLeft(), r.bottomRight());
		if (chart->n < 2)
			return;
		int64_t t0 = chart->t[0], t1 = chart->t[chart->n - 1];
		double span = t1 > t0 ? (double)(t1 - t0) : 1.0;
		double top = (double)lk_dock_chart_max(chart);
		QPainterPath line;
		for (size_t i = 0; i < chart->n; i++) {
			QPointF pt(r.left() + r.width() * (double)(chart->t[i] - t0) / span,
				   r.bottom() - r.height() * (double)chart->v[i] / top);
			if (i == 0)
				line.moveTo(pt);
			else
				line.lineTo(pt);
		}
		QPainterPath area = line;
		area.lineTo(r.right(), r.bottom());
		area.lineTo(r.left(), r.bottom());
		area.closeSubpath();
		QColor c(0x2b, 0xd4, 0x7d);
		QColor fill = c;
		fill.setAlpha(50);
		p.fillPath(area, fill);
		p.setPen(QPen(c, 2));
		p.drawPath(line);
	}

private:
	const struct lk_dock_chart *chart;
};

/* ---- the panel ------------------------------------------------------------------ */

static QLabel *value_label(QWidget *parent)
{
	QLabel *l = new QLabel(parent);
	l->setTextInteractionFlags(Qt::TextSelectableByMouse);
	QFont f = l->font();
	f.setBold(true);
	l->setFont(f);
	return l;
}

LkShowPanel::LkShowPanel(QWidget *parent) : QWidget(parent)
{
	setObjectName("linkonShowPanel");
	samples = new struct lk_dock_chart;
	lk_dock_chart_reset(samples);

	state = new QLabel(this);
	state->setObjectName("linkonShowState");
	gmv = value_label(this);
	gmv->setObjectName("linkonShowGmv");
	orders = value_label(this);
	orders->setObjectName("linkonShowOrders");
	units = value_label(this);
	aov = value_label(this);
	gifts = value_label(this);
	commission = value_label(this);

	QFormLayout *form = new QFormLayout;
	form->setContentsMargins(0, 0, 0, 0);
	form->addRow(lk_text("Dock.Show.Gmv"), gmv);
	form->addRow(lk_text("Dock.Show.Orders"), orders);
	form->addRow(lk_text("Dock.Show.Units"), units);
	form->addRow(lk_text("Dock.Show.Aov"), aov);
	form->addRow(lk_text("Dock.Show.Gifts"), gifts);
	form->addRow(lk_text("Dock.Show.Commission"), commission);

	chart = new LkGmvChart(samples, this);
	chart->setToolTip(lk_text("Dock.Show.Chart"));

	pins = new QTableWidget(0, 4, this);
	pins->setObjectName("linkonShowPins");
	pins->setHorizontalHeaderLabels({lk_text("Dock.Show.Col.Product"), lk_text("Dock.Show.Col.Units"),
					 lk_text("Dock.Show.Col.Gmv"), lk_text("Dock.Show.Col.Share")});
	pins->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
	for (int i = 1; i < 4; i++)
		pins->horizontalHeader()->setSectionResizeMode(i, QHeaderView::ResizeToContents);
	pins->verticalHeader()->setVisible(false);
	pins->setEditTriggers(QAbstractItemView::NoEditTriggers);
	pins->setSelectionMode(QAbstractItemView::NoSelection);

	start = new QPushButton(lk_text("Dock.Show.Start"), this);
	start->setObjectName("linkonShowStart");
	end = new QPushButton(lk_text("Dock.Show.End"), this);
	end->setObjectName("linkonShowEnd");
	QHBoxLayout *buttons = new QHBoxLayout;
	buttons->addWidget(start);
	buttons->addWidget(end);

	report = new QLabel(this);
	report->setObjectName("linkonShowReport");
	report->setWordWrap(true);
	report->setTextInteractionFlags(Qt::TextSelectableByMouse);
	open_folder = new QPushButton(lk_text("Dock.Show.OpenFolder"), this);
	open_folder->setObjectName("linkonShowOpenFolder");
	/* a goal, as a goal bar's properties set it (same id: the bars of
	 * that kind show it) */
	goal_kind = new QComboBox(this);
	goal_kind->setObjectName("linkonShowGoalKind");
	static const char *const kind_keys[] = {"Goal.Metric.Gmv", "Goal.Metric.Units", "Goal.Metric.Orders",
						"Goal.Metric.GiftValue", "Goal.Metric.Likes"};
	for (int i = 0; i < 5; i++)
		goal_kind->addItem(lk_text(kind_keys[i]), LK_GOAL_GMV + i);
	goal_target = new QLineEdit(this);
	goal_target->setObjectName("linkonShowGoalTarget");
	goal_target->setPlaceholderText(lk_text("Goal.Target"));
	goal_target->setToolTip(lk_text("Goal.Target.Tip"));
	goal_set = new QPushButton(lk_text("Dock.Show.SetGoal"), this);
	goal_set->setObjectName("linkonShowGoalSet");
	QHBoxLayout *goal_row = new QHBoxLayout;
	goal_row->addWidget(goal_kind);
	goal_row->addWidget(goal_target, 1);
	goal_row->addWidget(goal_set);

	msg = new QLabel(this);
	msg->setWordWrap(true);
	msg->setStyleSheet("color: #ff6b6b;");

	QVBoxLayout *v = new QVBoxLayout(this);
	v->setContentsMargins(6, 6, 6, 6);
	v->addWidget(state);
	v->addLayout(buttons);
	v->addLayout(form);
	v->addLayout(goal_row);
	v->addWidget(new QLabel(lk_text("Dock.Show.Chart"), this));
	v->addWidget(chart);
	v->addWidget(new QLabel(lk_text("Dock.Show.Pins"), this));
	v->addWidget(pins, 1);
	v->addWidget(report);
	v->addWidget(open_folder);
	v->addWidget(msg);
	report->hide();
	open_folder->hide();
	msg->hide();

	connect(start, &QPushButton::clicked, this, &LkShowPanel::on_start);
	connect(end, &QPushButton::clicked, this, &LkShowPanel::on_end);
	connect(open_folder, &QPushButton::clicked, this, &LkShowPanel::on_open_folder);
	connect(goal_set, &QPushButton::clicked, this, &LkShowPanel::on_set_goal);
	connect(goal_target, &QLineEdit::returnPressed, this, &LkShowPanel::on_set_goal);
	show_snapshot(nullptr);
}

LkShowPanel::~LkShowPanel()
{
	delete samples;
}

void LkShowPanel::set_label(QLabel *l, const struct dstr &text)
{
	QString s = lk_qs(text);
	if (l->text() != s)
		l->setText(s);
}

static void set_cell(QTableWidget *t, int row, int col, const struct dstr &text, bool bold)
{
	QString s = lk_qs(text);
	QTableWidgetItem *it = t->item(row, col);
	if (!it) {
		it = new QTableWidgetItem(s);
		if (col > 0)
			it->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
		t->setItem(row, col, it);
	} else if (it->text() != s) {
		it->setText(s);
	}
	if (it->font().bold() != bold) {
		QFont f = it->font();
		f.setBold(bold);
		it->setFont(f);
	}
}

void LkShowPanel::show_pins(const struct lk_show_view *v)
{
	int n = v ? (int)v->num_pins : 0;
	if (pins->rowCount() != n)
		pins->setRowCount(n);
	struct lk_dock_pin_cells c;
	lk_dock_pin_cells_init(&c);
	for (int i = 0; i < n; i++) {
		/* newest window on top */
		lk_dock_pin_cells_fill(&c, &v->pins[v->num_pins - 1 - (size_t)i], lk_dock_tr);
		set_cell(pins, i, 0, c.product, c.open);
		set_cell(pins, i, 1, c.units, c.open);
		set_cell(pins, i, 2, c.gmv, c.open);
		set_cell(pins, i, 3, c.share, c.open);
	}
	lk_dock_pin_cells_free(&c);
}

void LkShowPanel::show_snapshot(const struct lk_snapshot *snap)
{
	const struct lk_show_view *v = snap ? snap->show : nullptr;
	int64_t now = snap ? lk_snapshot_platform_now(snap, lk_dock_now()) : 0;
	const char *cur = v && v->num_totals           ? v->totals[0].currency
			  : snap && snap->pinned       ? snap->pinned->currency
			  : snap && snap->num_products ? snap->products[0]->currency
						       : "";
	goal_currency = QByteArray(cur);
	if (snap && v == shown)
		return; /* the same show view: nothing of the show changed */
	shown = v;

	struct lk_dock_show_text t;
	lk_dock_show_text_init(&t);
	lk_dock_show_text_fill(&t, v, now, lk_dock_tr);
	set_label(state, t.state);
	set_label(gmv, t.gmv);
	set_label(orders, t.orders);
	set_label(units, t.units);
	set_label(aov, t.aov);
	set_label(gifts, t.gifts);
	set_label(commission, t.commission);
	start->setEnabled(t.can_start);
	end->setEnabled(t.can_end);
	lk_dock_show_text_free(&t);

	if (lk_dock_chart_update(samples, v, now))
		chart->update();
	show_pins(v);

	const char *path = v && v->state == LK_SHOW_ENDED ? (v->report_csv ? v->report_csv : v->report_json) : nullptr;
	if (path) {
		struct dstr dir = {};
		lk_dock_report_dir(&dir, path);
		report_dir = lk_qs(dir);
		dstr_free(&dir);
		QString text = lk_text("Dock.Show.Report").replace("%1", QString::fromUtf8(path));
		if (report->text() != text)
			report->setText(text);
	}
	report->setVisible(path != nullptr);
	open_folder->setVisible(path != nullptr && !report_dir.isEmpty());
	if (v && v->journal_error) {
		msg->setText(QString::fromUtf8(v->journal_error));
		msg->show();
	}
}

bool LkShowPanel::tick(const struct lk_snapshot *snap, int64_t now_ms)
{
	const struct lk_show_view *v = snap ? snap->show : nullptr;
	if (!v || v->state != LK_SHOW_LIVE)
		return false;
	struct lk_dock_show_text t;
	lk_dock_show_text_init(&t);
	lk_dock_show_text_fill(&t, v, lk_snapshot_platform_now(snap, now_ms), lk_dock_tr);
	set_label(state, t.state); /* the show's length */
	lk_dock_show_text_free(&t);
	return true;
}

/* Start / End on the controller's command thread. */
struct LkShowCommand {
	QPointer<QLabel> msg; /* read on the UI thread only */
	bool start;
};

static void show_command(void *param)
{
	LkShowCommand *cmd = static_cast<LkShowCommand *>(param);
	const char *error = nullptr;
	char *json = nullptr, *csv = nullptr;
	bool ok = cmd->start ? lk_controller_show_start(&error) : lk_controller_show_end(&json, &csv, &error);
	bfree(json);
	bfree(csv);
	QByteArray refusal = ok ? QByteArray() : QByteArray(error && *error ? error : "?");
	QMetaObject::invokeMethod(
		qApp,
		[cmd, ok, refusal]() {
			QString text = ok ? QString() : lk_refusal(refusal.constData());
			if (cmd->msg) {
				cmd->msg->setText(text);
				cmd->msg->setVisible(!text.isEmpty());
			}
			delete cmd;
		},
		Qt::QueuedConnection);
}

static void run_show_command(QLabel *msg, bool start)
{
	LkShowCommand *cmd = new LkShowCommand{msg, start};
	if (!lk_controller_run_async(show_command, cmd)) {
		msg->setText(lk_refusal("Linkon is not running"));
		msg->show();
		delete cmd;
	}
}

void LkShowPanel::on_start()
{
	run_show_command(msg, true);
}

void LkShowPanel::on_end()
{
	run_show_command(msg, false);
}

void LkShowPanel::on_open_folder()
{
	if (!report_dir.isEmpty())
		QDesktopServices::openUrl(QUrl::fromLocalFile(report_dir));
}

/* Set goal: on the command thread (lk_sales_goal_set goes through the
 * controller); a refusal comes back queued. */
struct LkGoalCommand {
	QPointer<QLabel> msg; /* read on the UI thread only */
	enum lk_goal_kind kind;
	double target;
	QByteArray currency;
};

static void goal_command(void *param)
{
	LkGoalCommand *cmd = static_cast<LkGoalCommand *>(param);
	struct lk_sales_goal_request req = {};
	req.kind = cmd->kind;
	req.target = cmd->target;
	req.currency = cmd->currency.constData();
	const char *error = nullptr;
	bool ok = lk_sales_goal_set(&req, &error);
	QByteArray refusal = ok ? QByteArray() : QByteArray(error && *error ? error : "?");
	QMetaObject::invokeMethod(
		qApp,
		[cmd, ok, refusal]() {
			if (cmd->msg) {
				cmd->msg->setText(ok ? QString() : lk_refusal(refusal.constData()));
				cmd->msg->setVisible(!ok);
			}
			delete cmd;
		},
		Qt::QueuedConnection);
}

void LkShowPanel::on_set_goal()
{
	bool number = false;
	double target = QLocale::c().toDouble(goal_target->text().trimmed().replace(',', '.'), &number);
	if (!number || !(target > 0.0)) {
		msg->setText(lk_text("Dock.Show.GoalBadTarget"));
		msg->show();
		return;
	}
	LkGoalCommand *cmd =
		new LkGoalCommand{msg, (enum lk_goal_kind)goal_kind->currentData().toInt(), target, goal_currency};
	if (!lk_controller_run_async(goal_command, cmd)) {
		msg->setText(lk_refusal("Linkon is not running"));
		msg->show();
		delete cmd;
	}
}
