/*
 * Linkon — "linkon_goal_bar": a goal of the show (GMV, units sold of the
 * show or of one product, orders, gift value, likes) as a bar that fills
 * towards its target: a title, "current / target" in the goal's currency
 * (lk-money), marks at 25/50/75 %, a fill that eases to the new value, a
 * celebration when the target is reached, then "Goal reached!" or the next
 * goal (the target raised by a step, as often as needed).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The goal lives in the store (it survives an OBS restart during the show):
 * the setup task (text worker) hands the source's goal to the controller;
 * the bar draws the goal's progress from the snapshots (lk-sales-view.c).
 *
 * Threads: the source lifecycle (struct lk_source, lk-source-common.h):
 * settings, fonts and layout on the text worker, which also hands the goal
 * to the store (goal_applied); video_tick adopts them,
 * follows the snapshot, posts the texts and advances the fill and the
 * celebration; video_render draws. Panel, texts, track, fill and marks are
 * composed into one cached layer whose stamp includes the fill's width in
 * half pixels: a still bar costs one textured quad, a filling one is
 * composed again only on frames where the fill moved; the confetti of a
 * celebration are drawn on top, only while it runs.
 */
#include "lk-sales-view.h"
#include "lk-draw.h"
#include "lk-money.h"
#include "lk-source-common.h"
#include "lk-store.h"
#include "lk-text.h"

#include <math.h>
#include <obs-module.h>
#include <string.h>
#include <util/dstr.h>
#include <util/threading.h>

#define T_(key) obs_module_text(key)

#define S_METRIC "goal_metric"
#define S_PRODUCT "goal_product"
#define S_TARGET "goal_target"
#define S_TITLE "goal_title"
#define S_AFTER "after_reached"
#define S_STEP "next_step_percent"
#define S_MARKS "milestones"
#define S_CELEBRATE "celebrate_seconds"
#define S_CURRENCY "goal_currency"

#define AFTER_STAY "stay"
#define AFTER_NEXT "next"

#define FILL_RATE 5.0f /* 1/s: the fill covers ~99 % of a jump in one second */
#define CONFETTI 48

struct goal_config {
	enum lk_goal_kind kind;
	char *product_id;
	char id[256];  /* the goal's id in the store (lk_sales_goal_id) */
	double target; /* major units for money; 0 = show the goal set elsewhere (dock, obs-websocket) */
	char *title;   /* NULL = the goal's, else the kind's own */
	char currency[4];
	bool next; /* after reaching: raise the target by step_percent */
	int step_percent;
	bool marks;
	int celebrate_ms;
	struct lk_look look;
};

struct goal_layout {
	int w, h, pad, radius, gap;
	int size_title, size_value;
	int title_y, bar_y, bar_h;
};

struct goal_source {
	struct lk_source base; /* first: the lifecycle (settings hand-over, size, what destroy frees) */

	/* graphics thread only */
	struct goal_config cfg;
	struct lk_font_pair fonts;
	struct goal_layout lay;
	struct lk_sales_follow follow;
	struct lk_goal *goal;    /* copy of the store's goal, NULL = not set */
	char money_currency[4];  /* what GMV amounts are shown in */
	bool reached;            /* reached and staying so ("Goal reached!") */
	bool seen;               /* the goal seen once: what it had before does not celebrate */
	uint32_t reached_count;  /* the goal's, when last seen */
	float fill, fill_to;     /* 0..1 */
	int64_t celebrate_start; /* lk_now_ms, 0 = none */
	float celebrate;         /* 0..1 progress for render, 1 = none */
	struct lk_text_tex title, value;
	struct lk_layer layer;
};

static void config_clear(void *data)
{
	struct goal_config *c = data;
	bfree(c->product_id);
	bfree(c->title);
	memset(c, 0, sizeof(*c));
}

static void config_load(void *data, obs_data_t *s)
{
	struct goal_config *c = data;
	c->kind = lk_goal_kind_from_string(obs_data_get_string(s, S_METRIC));
	if (!c->kind)
		c->kind = LK_GOAL_GMV;
	const char *pid = obs_data_get_string(s, S_PRODUCT);
	c->product_id = c->kind == LK_GOAL_UNITS && pid && *pid ? bstrdup(pid) : NULL;
	lk_sales_goal_id(c->id, sizeof(c->id), c->kind, c->product_id);
	snprintf(c->currency, sizeof(c->currency), "%s", obs_data_get_string(s, S_CURRENCY));
	double target = obs_data_get_double(s, S_TARGET);
	c->target = isfinite(target) && target > 0.0 ? fmin(target, 1e12) : 0.0;
	const char *title = obs_data_get_string(s, S_TITLE);
	c->title = title && *title ? bstrdup(title) : NULL;
	c->next = strcmp(obs_data_get_string(s, S_AFTER), AFTER_NEXT) == 0;
	long long step = obs_data_get_int(s, S_STEP);
	c->step_percent = step < 5 ? 5 : step > 1000 ? 1000 : (int)step;
	c->marks = obs_data_get_bool(s, S_MARKS);
	double cel = obs_data_get_double(s, S_CELEBRATE);
	c->celebrate_ms = (int)(fmin(fmax(cel, 0.0), 30.0) * 1000.0);
	lk_look_load(&c->look, s);
}

static void layout_compute(void *data, const void *cfg, const struct lk_font_pair *f)
{
	struct goal_layout *l = data;
	const struct goal_config *c = cfg;
	memset(l, 0, sizeof(*l));
	l->size_title = f->size;
	l->size_value = lk_px(f->size, 0.8f);
	l->pad = lk_px(f->size, 0.45f);
	l->gap = lk_px(f->size, 0.3f);
	l->radius = c->look.radius;
	l->w = c->look.width;
	l->title_y = l->pad;
	l->bar_y = l->pad + lk_text_lines_height(f->bold, l->size_title, 1) + l->gap;
	l->bar_h = lk_px(f->size, 0.75f);
	l->h = l->bar_y + l->bar_h + l->pad;
}

#define KINDS 5 /* LK_GOAL_GMV .. LK_GOAL_LIKES */

static const char *kind_title_key(enum lk_goal_kind k)
{
	static const char *keys[KINDS] = {"Goal.Title.Gmv", "Goal.Title.Units", "Goal.Title.Orders",
					  "Goal.Title.GiftValue", "Goal.Title.Likes"};
	return keys[k >= LK_GOAL_GMV && k <= LK_GOAL_LIKES ? k - LK_GOAL_GMV : 0];
}

/* ---- tick ----------------------------------------------------------------- */

static const char *amount(struct dstr *out, const struct goal_source *g, int64_t v)
{
	if (g->cfg.kind == LK_GOAL_GMV && g->money_currency[0])
		return lk_money_format(out, v, g->money_currency);
	dstr_printf(out, "%lld", (long long)v);
	return out->array;
}

static void texts_update(struct goal_source *g)
{
	const struct goal_layout *l = &g->lay;
	const struct goal_config *c = &g->cfg;
	struct dstr cur = {0}, tgt = {0}, line = {0};

	const char *title = g->reached                  ? T_("Goal.Reached")
			    : c->title                  ? c->title
			    : g->goal && g->goal->title ? g->goal->title
							: T_(kind_title_key(c->kind));
	struct lk_text_style st = lk_style(&g->fonts, true, l->size_title, c->look.text);

	if (g->goal) {
		amount(&cur, g, g->goal->current);
		amount(&tgt, g, g->goal->target);
		dstr_copy(&line, T_("Goal.Progress"));
		dstr_replace(&line, "{current}", cur.array ? cur.array : "");
		dstr_replace(&line, "{target}", tgt.array ? tgt.array : "");
	} else {
		dstr_copy(&line, T_("Goal.NotSet"));
	}
	struct lk_text_style sv = lk_style(&g->fonts, true, l->size_value, c->look.price);
	sv.tabular_digits = true;
	sv.max_width = l->w / 2;
	sv.max_lines = 1;
	lk_text_tex_set(&g->value, line.array ? line.array : "", &sv);

	st.max_width = l->w - 2 * l->pad - (int)g->value.cx - l->gap;
	if (st.max_width < l->w / 3)
		st.max_width = l->w / 3;
	st.max_lines = 1;
	lk_text_tex_set(&g->title, title, &st);
	dstr_free(&cur);
	dstr_free(&tgt);
	dstr_free(&line);
}

/* Follows the store's goal; true if the texts change. at: the celebration's
 * start (a frame back, so the first frame drawn already moves). */
static bool goal_follow(struct goal_source *g, int64_t at, bool cfg_changed)
{
	const struct goal_config *c = &g->cfg;
	const struct lk_show_view *v = lk_sales_follow_show(&g->follow);
	const struct lk_goal *sg = v ? lk_show_view_goal(v, c->id) : NULL;
	if (!sg && !g->goal)
		return cfg_changed;

	bool grew = g->seen && sg && sg->reached_count > g->reached_count;
	lk_goal_free(g->goal);
	g->goal = sg ? lk_goal_copy(sg) : NULL;
	g->reached_count = sg ? sg->reached_count : 0;
	g->money_currency[0] = '\0';
	if (sg && sg->currency[0])
		memcpy(g->money_currency, sg->currency, sizeof(g->money_currency));
	else if (v && v->num_totals)
		memcpy(g->money_currency, v->totals[0].currency, sizeof(g->money_currency));
	else if (c->currency[0])
		memcpy(g->money_currency, c->currency, sizeof(g->money_currency));

	if (grew && c->celebrate_ms > 0)
		g->celebrate_start = at;
	g->reached = sg && !sg->auto_next && sg->reached_ms != 0;
	g->fill_to = sg ? (g->reached ? 1.0f : (float)lk_goal_fraction(sg)) : 0.0f;
	if (!g->seen || cfg_changed)
		g->fill = g->fill_to; /* what was there before the source came: no animation */
	g->seen = sg != NULL;
	return true;
}

static void goal_video_tick(void *data, float seconds)
{
	struct goal_source *g = data;
	int64_t now = lk_now_ms();
	bool texts = lk_text_tex_poll(&g->value); /* the title's width follows the value's */
	lk_text_tex_poll(&g->title);
	bool cfg = lk_source_adopt(&g->base);
	if (cfg)
		g->seen = false; /* a new goal: no celebration for what it already has */
	if (!g->base.ready)
		return;
	bool snap = lk_sales_follow_update(&g->follow);
	if (cfg || snap)
		texts |= goal_follow(g, now - (int64_t)(seconds * 1000.0f + 0.5f), cfg);
	if (texts)
		texts_update(g);

	/* the fill eases to its value; a celebration holds it full, then the
	 * next round's fill starts from empty */
	bool holding = g->celebrate_start && g->goal && g->goal->auto_next;
	float to = holding ? 1.0f : g->fill_to;
	if (fabsf(g->fill - to) > 0.0005f)
		g->fill += (to - g->fill) * (1.0f - expf(-FILL_RATE * seconds));
	else
		g->fill = to;
	if (g->celebrate_start) {
		g->celebrate = (float)(now - g->celebrate_start) / (float)g->cfg.celebrate_ms;
		if (g->celebrate >= 1.0f) {
			g->celebrate_start = 0;
			g->celebrate = 1.0f;
			if (holding)
				g->fill = 0.0f;
		}
	} else {
		g->celebrate = 1.0f;
	}
}

/* ---- render --------------------------------------------------------------- */

static bool goal_rtl(const struct goal_source *g)
{
	return g->title.rtl;
}

static float fill_px(const struct goal_source *g)
{
	float w = (float)(g->lay.w - 2 * g->lay.pad);
	return roundf(w * g->fill * 2.0f) * 0.5f;
}

static uint32_t fill_color(const struct goal_source *g)
{
	return g->reached ? g->cfg.look.price : g->cfg.look.accent;
}

static void draw_still(void *data)
{
	const struct goal_source *g = data;
	const struct goal_layout *l = &g->lay;
	const struct goal_config *c = &g->cfg;
	bool rtl = goal_rtl(g);
	float w = (float)l->w, pad = (float)l->pad, bw = w - 2.0f * pad, bh = (float)l->bar_h;
	float by = (float)l->bar_y;

	lk_draw_rect(0.0f, 0.0f, w, (float)l->h, (float)l->radius, c->look.bg, 1.0f);
	lk_text_tex_draw(&g->title, lk_mirror_x(rtl, w, pad, (float)g->title.cx), (float)l->title_y, 1.0f);
	float vy = (float)l->title_y + ((float)g->title.cy - (float)g->value.cy) * 0.5f;
	lk_text_tex_draw(&g->value, lk_mirror_x(rtl, w, w - pad - (float)g->value.cx, (float)g->value.cx), vy, 1.0f);

	lk_draw_rect(pad, by, bw, bh, bh * 0.5f, lk_color_fade(c->look.text, 0.18f), 1.0f);
	float fw = fill_px(g);
	if (fw > 0.5f) {
		float fx = lk_mirror_x(rtl, w, pad, fw);
		lk_draw_rect(fx, by, fw, bh, fw < bh ? fw * 0.5f : bh * 0.5f, fill_color(g), 1.0f);
	}
	if (c->marks && g->goal) {
		float mw = fmaxf(2.0f, bh * 0.12f);
		for (int i = 1; i <= 3; i++) {
			float mx = pad + bw * 0.25f * (float)i - mw * 0.5f;
			bool passed = fw >= bw * 0.25f * (float)i;
			uint32_t col = passed ? lk_color_on(fill_color(g)) : lk_color_fade(c->look.text, 0.55f);
			lk_draw_rect(lk_mirror_x(rtl, w, mx, mw), by + bh * 0.2f, mw, bh * 0.6f, mw * 0.5f,
				     lk_color_fade(col, 0.8f), 1.0f);
		}
	}
}

static uint64_t still_stamp(const struct goal_source *g)
{
	uint64_t h = LK_STAMP_INIT;
	float fw = fill_px(g);
	uint32_t col = fill_color(g);
	lk_stamp_add(&h, &g->lay, sizeof(g->lay));
	lk_stamp_add(&h, &g->cfg.look, sizeof(g->cfg.look));
	lk_stamp_add(&h, &g->cfg.marks, sizeof(g->cfg.marks));
	bool known = g->goal != NULL;
	lk_stamp_add(&h, &known, sizeof(known));
	lk_stamp_add(&h, &fw, sizeof(fw));
	lk_stamp_add(&h, &col, sizeof(col));
	lk_stamp_text(&h, &g->title);
	lk_stamp_text(&h, &g->value);
	return h;
}

/* Confetti: pieces thrown up from the bar that fall and fade; positions are
 * a function of the piece's index and the progress (no state). */
static void draw_confetti(const struct goal_source *g, float t)
{
	static const uint32_t colors[] = {0xFFFF4D6Du, 0xFFFFD34Du, 0xFF4DD4FFu, 0xFF7CFF6Bu, 0xFFC07BFFu};
	const struct goal_layout *l = &g->lay;
	float s = (float)l->bar_h * 0.4f;
	for (int i = 0; i < CONFETTI; i++) {
		uint32_t hsh = (uint32_t)i * 2654435761u;
		float u = (float)(hsh & 0xFFFF) / 65535.0f, v = (float)((hsh >> 16) & 0xFFFF) / 65535.0f;
		float x0 = (float)l->pad + u * (float)(l->w - 2 * l->pad);
		float vy = -(0.6f + 0.8f * v) * (float)l->h * 2.2f; /* up, then gravity brings it down */
		float y = (float)l->bar_y + vy * t + (float)l->h * 3.0f * t * t;
		float x = x0 + (v - 0.5f) * (float)l->w * 0.15f * t;
		if (y < 0.0f || y > (float)l->h - s)
			continue;
		float a = t < 0.7f ? 1.0f : (1.0f - t) / 0.3f;
		lk_draw_rect(x, y, s, s * 0.6f, 1.0f, colors[i % 5], a);
	}
}

static void goal_video_render(void *data, gs_effect_t *effect)
{
	struct goal_source *g = data;
	UNUSED_PARAMETER(effect);
	if (!g->base.ready || !g->lay.w)
		return;
	const struct goal_layout *l = &g->lay;
	const bool previous_srgb = gs_framebuffer_srgb_enabled();
	gs_enable_framebuffer_srgb(false);
	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_INVSRCALPHA);
	if (lk_layer_update(&g->layer, (uint32_t)l->w, (uint32_t)l->h, 0.0f, 0.0f, still_stamp(g), draw_still, g)) {
		if (g->celebrate < 1.0f) {
			/* a pulse of the whole bar, then the confetti */
			float k = 1.0f + 0.06f * sinf(g->celebrate * 3.14159265f * 4.0f) * (1.0f - g->celebrate);
			gs_matrix_push();
			gs_matrix_translate3f((float)l->w * 0.5f, (float)l->h * 0.5f, 0.0f);
			gs_matrix_scale3f(k, k, 1.0f);
			gs_matrix_translate3f(-(float)l->w * 0.5f, -(float)l->h * 0.5f, 0.0f);
			lk_layer_draw(&g->layer, 0.0f, 0.0f, 1.0f);
			gs_matrix_pop();
			draw_confetti(g, g->celebrate);
		} else {
			lk_layer_draw(&g->layer, 0.0f, 0.0f, 1.0f);
		}
	}
	gs_blend_state_pop();
	gs_enable_framebuffer_srgb(previous_srgb);
}

/* ---- lifecycle (UI thread) ------------------------------------------------ */

static const char *goal_get_name(void *type_data)
{
	UNUSED_PARAMETER(type_data);
	return T_("LinkonGoalBar");
}

/* Text worker (and create, on the UI thread): the goal goes to the store
 * (a target of 0 leaves the store's goal as the dock or obs-websocket set
 * it). */
static void goal_applied(void *data, const void *cfg)
{
	const struct goal_source *g = data;
	const struct goal_config *c = cfg;
	if (c->target > 0.0) {
		struct lk_sales_goal_request req = {0};
		req.kind = c->kind;
		req.product_id = c->product_id;
		req.title = c->title;
		req.currency = c->currency;
		req.store = lk_sales_store(g->base.source);
		req.target = c->target;
		req.auto_next = c->next;
		req.step_percent = c->step_percent;
		lk_sales_goal_set(&req, NULL);
	}
}

static const struct lk_source_ops goal_ops = {
	LK_SOURCE_PARTS(struct goal_source, cfg, fonts, lay, lay.w, lay.h),
	.config_load = config_load,
	.config_free = config_clear,
	.layout = layout_compute,
	.applied = goal_applied,
};

static void *goal_create(obs_data_t *settings, obs_source_t *source)
{
	struct goal_source *g = bzalloc(sizeof(*g));
	struct lk_text_tex *texts[] = {&g->title, &g->value};
	g->celebrate = 1.0f;
	lk_sales_follow_init(&g->follow, source);
	lk_source_init(&g->base, source, &goal_ops, settings);
	lk_source_add_texts(&g->base, texts, 2);
	lk_source_add_layer(&g->base, &g->layer);
	return g;
}

static void goal_destroy(void *data)
{
	struct goal_source *g = data;
	lk_source_free(&g->base);
	lk_sales_follow_free(&g->follow);
	lk_goal_free(g->goal);
	bfree(g);
}

static void goal_get_defaults(obs_data_t *s)
{
	struct lk_look def = {720, 0xE6161A22u, 0xFFFFFFFFu, 0xFFFFD34Du, 0xFF2BD47Du, 16};
	lk_look_defaults(s, &def, 30);
	obs_data_set_default_string(s, S_METRIC, lk_goal_kind_to_string(LK_GOAL_GMV));
	obs_data_set_default_string(s, S_CURRENCY, "");
	obs_data_set_default_double(s, S_TARGET, 0.0);
	obs_data_set_default_string(s, S_TITLE, "");
	obs_data_set_default_string(s, S_AFTER, AFTER_STAY);
	obs_data_set_default_int(s, S_STEP, 50);
	obs_data_set_default_bool(s, S_MARKS, true);
	obs_data_set_default_double(s, S_CELEBRATE, 3.0);
}

static bool goal_modified(obs_properties_t *props, obs_property_t *p, obs_data_t *s)
{
	UNUSED_PARAMETER(p);
	enum lk_goal_kind k = lk_goal_kind_from_string(obs_data_get_string(s, S_METRIC));
	obs_property_set_visible(obs_properties_get(props, S_PRODUCT), k == LK_GOAL_UNITS);
	obs_property_set_visible(obs_properties_get(props, S_CURRENCY), k == LK_GOAL_GMV || k == 0);
	obs_property_set_visible(obs_properties_get(props, S_STEP),
				 strcmp(obs_data_get_string(s, S_AFTER), AFTER_NEXT) == 0);
	return true;
}

static obs_properties_t *goal_get_properties(void *data)
{
	static const char *kind_keys[KINDS] = {"Goal.Metric.Gmv", "Goal.Metric.Units", "Goal.Metric.Orders",
					       "Goal.Metric.GiftValue", "Goal.Metric.Likes"};
	obs_properties_t *props = obs_properties_create();
	obs_property_t *p = obs_properties_add_list(props, S_METRIC, T_("Goal.Metric"), OBS_COMBO_TYPE_LIST,
						    OBS_COMBO_FORMAT_STRING);
	for (int i = 0; i < KINDS; i++)
		obs_property_list_add_string(p, T_(kind_keys[i]),
					     lk_goal_kind_to_string((enum lk_goal_kind)(LK_GOAL_GMV + i)));
	obs_property_set_modified_callback(p, goal_modified);
	p = obs_properties_add_list(props, S_PRODUCT, T_("Goal.Product"), OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	lk_props_list_products(p, T_("Goal.Product.Show"),
			       data ? lk_sales_store(((struct goal_source *)data)->base.source) : NULL);
	p = obs_properties_add_float(props, S_TARGET, T_("Goal.Target"), 0.0, 1e12, 1.0);
	obs_property_set_long_description(p, T_("Goal.Target.Tip"));
	p = obs_properties_add_text(props, S_CURRENCY, T_("Goal.Currency"), OBS_TEXT_DEFAULT);
	obs_property_set_long_description(p, T_("Goal.Currency.Tip"));
	obs_properties_add_text(props, S_TITLE, T_("Goal.TitleSetting"), OBS_TEXT_DEFAULT);
	p = obs_properties_add_list(props, S_AFTER, T_("Goal.After"), OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("Goal.After.Stay"), AFTER_STAY);
	obs_property_list_add_string(p, T_("Goal.After.Next"), AFTER_NEXT);
	obs_property_set_modified_callback(p, goal_modified);
	p = obs_properties_add_int(props, S_STEP, T_("Goal.Step"), 5, 1000, 5);
	obs_property_int_set_suffix(p, " %");
	obs_properties_add_bool(props, S_MARKS, T_("Goal.Milestones"));
	p = obs_properties_add_float(props, S_CELEBRATE, T_("Goal.CelebrateSeconds"), 0.0, 30.0, 0.5);
	obs_property_float_set_suffix(p, " s");
	lk_look_properties(props, T_("Goal.FillColor"));
	return props;
}

struct obs_source_info lk_goal_bar_info = {
	.id = "linkon_goal_bar",
	.type = OBS_SOURCE_TYPE_INPUT,
	.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW,
	.get_name = goal_get_name,
	.create = goal_create,
	.destroy = goal_destroy,
	.update = lk_source_update,
	.get_defaults = goal_get_defaults,
	.get_properties = goal_get_properties,
	.video_tick = goal_video_tick,
	.video_render = goal_video_render,
	.get_width = lk_source_get_width,
	.get_height = lk_source_get_height,
	.icon_type = OBS_ICON_TYPE_TEXT,
};
