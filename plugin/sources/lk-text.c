/*
 * Linkon — the text engine: Pango layout (HarfBuzz shaping, FriBiDi bidi,
 * fontconfig fallback, libthai breaks) rasterised by cairo into
 * premultiplied BGRA (contract in lk-text.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Who touches what:
 * - eng (font map, context, FcConfig, probe): every Pango and cairo call
 *   runs under eng.lock, so one font map serves every thread (Pango objects
 *   are not thread-safe). The text worker is the only caller in the sources.
 * - cache (fonts by description): under cache.lock, never held while
 *   eng.lock is taken the other way round (a font is created, then checked
 *   under eng.lock, then put in the cache).
 *
 * Linkon uses its own FcConfig (never the process default that Qt and
 * text_ft2_source share). A font is a plain PangoFontDescription, so it
 * stays usable after lk_font_shutdown: libobs may destroy sources, and so
 * release fonts, after the module unload; the engine comes back lazily if
 * text is laid out again.
 *
 * Text is repaired before Pango sees it: invalid UTF-8 becomes U+FFFD (one
 * per byte that starts no valid sequence), controls other than newline are
 * dropped, a tab is a space, and every newline becomes U+2028 LINE
 * SEPARATOR. The whole text is then one paragraph, so "max_lines" (a
 * negative layout height, which Pango applies per paragraph) counts every
 * line, and the base direction is the first strong character's.
 */
#include "lk-text.h"
#include "lk-str.h"

#include <util/base.h>
#include <util/bmem.h>
#include <util/darray.h>

#include <fontconfig/fontconfig.h>
#include <fribidi.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangofc-font.h>

#include <pthread.h>
#include <string.h>
#include <strings.h>

/* Larger sizes are clamped (pixels per em); sizes <= 0 lay out nothing. */
#define MAX_SIZE 512
#define MAX_SIDE 8192
#define MAX_LINES 1024

struct lk_font {
	long refs; /* cache.lock */
	char *key; /* pango_font_description_to_string */
	PangoFontDescription *desc;
	/* advances of '0'..'9' (Pango units) at digit_size: eng.lock */
	int digit_size;
	int digit_adv[10];
};

static struct {
	pthread_mutex_t lock;
	FcConfig *config;
	PangoFontMap *map;
	PangoContext *ctx;
	lk_text_probe_fn probe;
} eng = {.lock = PTHREAD_MUTEX_INITIALIZER};

static struct {
	pthread_mutex_t lock;
	DARRAY(struct lk_font *) fonts;
	bool logged_none;
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* ---- engine (under eng.lock) --------------------------------------------- */

static void probe(enum lk_text_probe_op op)
{
#ifdef LK_TEXT_PROBE
	lk_text_probe_fn fn = eng.probe;
	if (fn)
		fn(op);
#else
	(void)op;
#endif
}

#ifdef LK_TEXT_PROBE
static lk_text_probe_fn note_fn; /* atomic: lk_text_probe_note runs on any thread */
#endif

void lk_text_set_probe(lk_text_probe_fn fn)
{
	pthread_mutex_lock(&eng.lock);
	eng.probe = fn;
	pthread_mutex_unlock(&eng.lock);
#ifdef LK_TEXT_PROBE
	__atomic_store_n(&note_fn, fn, __ATOMIC_RELEASE);
#endif
}

bool lk_text_probe_set(void)
{
#ifdef LK_TEXT_PROBE
	return __atomic_load_n(&note_fn, __ATOMIC_ACQUIRE) != NULL;
#else
	return false;
#endif
}

void lk_text_probe_note(enum lk_text_probe_op op)
{
#ifdef LK_TEXT_PROBE
	lk_text_probe_fn fn = __atomic_load_n(&note_fn, __ATOMIC_ACQUIRE);
	if (fn)
		fn(op);
#else
	(void)op;
#endif
}

static bool engine_ready(void)
{
	if (eng.ctx)
		return true;
	eng.config = FcInitLoadConfigAndFonts();
	if (!eng.config)
		return false;
	eng.map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (!eng.map) {
		FcConfigDestroy(eng.config);
		eng.config = NULL;
		return false;
	}
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(eng.map), eng.config);
	eng.ctx = pango_font_map_create_context(eng.map);

	/* grey antialiasing, outlines only lightly hinted and unhinted
	 * advances: the same text has the same width at every position */
	cairo_font_options_t *opts = cairo_font_options_create();
	cairo_font_options_set_antialias(opts, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_SLIGHT);
	cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(eng.ctx, opts);
	cairo_font_options_destroy(opts);
	return true;
}

void lk_font_shutdown(void)
{
	pthread_mutex_lock(&eng.lock);
	if (eng.ctx)
		g_object_unref(eng.ctx);
	if (eng.map)
		g_object_unref(eng.map);
	if (eng.config)
		FcConfigDestroy(eng.config);
	eng.ctx = NULL;
	eng.map = NULL;
	eng.config = NULL;
	pthread_mutex_unlock(&eng.lock);
}

/* ---- fonts ------------------------------------------------------------- */

struct style_word {
	const char *word;
	int value;
};

/* Longest first where one contains another ("semibold" before "bold"). */
static const struct style_word weights[] = {
	{"extrablack", 1000}, {"ultrablack", 1000}, {"extrabold", 800},  {"ultrabold", 800}, {"semibold", 600},
	{"demibold", 600},    {"extralight", 200},  {"ultralight", 200}, {"semilight", 350}, {"hairline", 100},
	{"thin", 100},        {"light", 300},       {"medium", 500},     {"black", 900},     {"heavy", 900},
	{"bold", 700},        {"book", 380},        {"regular", 400},    {"normal", 400},
};

static const struct style_word stretches[] = {
	{"ultracondensed", PANGO_STRETCH_ULTRA_CONDENSED}, {"extracondensed", PANGO_STRETCH_EXTRA_CONDENSED},
	{"semicondensed", PANGO_STRETCH_SEMI_CONDENSED},   {"condensed", PANGO_STRETCH_CONDENSED},
	{"ultraexpanded", PANGO_STRETCH_ULTRA_EXPANDED},   {"extraexpanded", PANGO_STRETCH_EXTRA_EXPANDED},
	{"semiexpanded", PANGO_STRETCH_SEMI_EXPANDED},     {"expanded", PANGO_STRETCH_EXPANDED},
};

static int style_find(const char *norm, const struct style_word *words, size_t n, int def)
{
	for (size_t i = 0; i < n; i++) {
		if (strstr(norm, words[i].word))
			return words[i].value;
	}
	return def;
}

/* The font dialog's style name ("Semi Bold Italic", "Condensed-Light")
 * lowercased without spaces, hyphens or underscores. */
static char *style_normalize(const char *style)
{
	char *n = bzalloc(strlen(style) + 1);
	size_t k = 0;
	for (const char *p = style; *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '_')
			continue;
		n[k++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
	}
	return n;
}

static PangoFontDescription *describe(const char *family, const char *style, bool bold, bool italic)
{
	PangoFontDescription *d = pango_font_description_new();
	int weight = PANGO_WEIGHT_NORMAL;
	int stretch = PANGO_STRETCH_NORMAL;
	PangoStyle slant = PANGO_STYLE_NORMAL;

	pango_font_description_set_family(d, family);
	if (style && *style) {
		char *norm = style_normalize(style);
		weight = style_find(norm, weights, sizeof(weights) / sizeof(weights[0]), weight);
		stretch = style_find(norm, stretches, sizeof(stretches) / sizeof(stretches[0]), stretch);
		if (strstr(norm, "italic"))
			slant = PANGO_STYLE_ITALIC;
		else if (strstr(norm, "oblique"))
			slant = PANGO_STYLE_OBLIQUE;
		bfree(norm);
	}
	if (bold && weight < PANGO_WEIGHT_BOLD)
		weight = PANGO_WEIGHT_BOLD;
	if (italic && slant == PANGO_STYLE_NORMAL)
		slant = PANGO_STYLE_ITALIC;
	pango_font_description_set_weight(d, (PangoWeight)weight);
	pango_font_description_set_stretch(d, (PangoStretch)stretch);
	pango_font_description_set_style(d, slant);
	return d;
}

/* Loads the font once (fontconfig resolution, file I/O) so a family that
 * resolves to nothing is refused here, and its faces are warm. */
static bool font_loads(const PangoFontDescription *desc)
{
	bool ok = false;
	pthread_mutex_lock(&eng.lock);
	probe(LK_TEXT_PROBE_FONT_LOAD);
	if (engine_ready()) {
		PangoFontDescription *d = pango_font_description_copy(desc);
		pango_font_description_set_absolute_size(d, 16 * PANGO_SCALE);
		PangoFont *f = pango_font_map_load_font(eng.map, eng.ctx, d);
		ok = f != NULL;
		if (f)
			g_object_unref(f);
		pango_font_description_free(d);
	}
	pthread_mutex_unlock(&eng.lock);
	return ok;
}

static void font_free(struct lk_font *font)
{
	pango_font_description_free(font->desc);
	g_free(font->key);
	bfree(font);
}

struct lk_font *lk_font_get_styled(const char *face, const char *style, bool bold, bool italic)
{
	const char *family = face && *face ? face : "sans-serif";
	PangoFontDescription *desc = describe(family, style, bold, italic);
	char *key = pango_font_description_to_string(desc);
	struct lk_font *font = NULL;

	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < cache.fonts.num; i++) {
		if (strcmp(cache.fonts.array[i]->key, key) == 0) {
			font = cache.fonts.array[i];
			font->refs++;
			break;
		}
	}
	pthread_mutex_unlock(&cache.lock);
	if (font) {
		g_free(key);
		pango_font_description_free(desc);
		return font;
	}

	if (!font_loads(desc)) {
		pthread_mutex_lock(&cache.lock);
		if (!cache.logged_none)
			blog(LOG_WARNING, "[linkon] no usable font for '%s': text will not show", family);
		cache.logged_none = true;
		pthread_mutex_unlock(&cache.lock);
		g_free(key);
		pango_font_description_free(desc);
		return NULL;
	}

	struct lk_font *fresh = bzalloc(sizeof(*fresh));
	fresh->refs = 1;
	fresh->key = key;
	fresh->desc = desc;

	/* another thread may have made the same font meanwhile */
	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < cache.fonts.num && !font; i++) {
		if (strcmp(cache.fonts.array[i]->key, key) == 0) {
			font = cache.fonts.array[i];
			font->refs++;
		}
	}
	if (!font) {
		font = fresh;
		fresh = NULL;
		da_push_back(cache.fonts, &font);
	}
	pthread_mutex_unlock(&cache.lock);
	if (fresh)
		font_free(fresh);
	return font;
}

struct lk_font *lk_font_get(const char *face, bool bold)
{
	return lk_font_get_styled(face, NULL, bold, false);
}

struct lk_font *lk_font_ref(struct lk_font *font)
{
	pthread_mutex_lock(&cache.lock);
	font->refs++;
	pthread_mutex_unlock(&cache.lock);
	return font;
}

void lk_font_release(struct lk_font *font)
{
	if (!font)
		return;
	pthread_mutex_lock(&cache.lock);
	bool last = --font->refs == 0;
	if (last)
		da_erase_item(cache.fonts, &font);
	if (last && cache.fonts.num == 0)
		da_free(cache.fonts);
	pthread_mutex_unlock(&cache.lock);
	if (last)
		font_free(font);
}

char *lk_font_describe(const struct lk_font *font)
{
	return font ? bstrdup(font->key) : NULL;
}

/* ---- text repair --------------------------------------------------------- */

struct clean_text {
	char *s;
	size_t len;
	const char *lang; /* for Han: which country's glyph forms */
};

#define WORD_JOINER "\xe2\x81\xa0"

/* tabular: the text goes between two U+2060 WORD JOINERs (zero width). */
static void clean(const char *utf8, bool tabular, struct clean_text *out)
{
	const uint8_t *p = (const uint8_t *)utf8;
	size_t len = strlen(utf8), i = 0, k = 0;
	bool kana = false, hangul = false;

	out->s = bmalloc(len * 3 + 7);
	if (tabular) {
		memcpy(out->s, WORD_JOINER, 3);
		k = 3;
	}
	while (i < len) {
		uint32_t cp = lk_utf8_next(utf8, len, &i);
		if (cp == '\r' && i < len && p[i] == '\n')
			continue;
		if (cp == '\n' || cp == '\r' || cp == 0x2029)
			cp = 0x2028;
		else if (cp == '\t')
			cp = ' ';
		else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			continue;
		kana = kana || (cp >= 0x3040 && cp <= 0x30ff);
		hangul = hangul || (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff) ||
			 (cp >= 0x3130 && cp <= 0x318f);
		k += (size_t)g_unichar_to_utf8(cp, out->s + k);
	}
	/* a trailing newline starts no line */
	while (k >= 3 && memcmp(out->s + k - 3, "\xe2\x80\xa8", 3) == 0)
		k -= 3;
	if (tabular && k == 3)
		k = 0; /* nothing between them */
	if (tabular && k) {
		memcpy(out->s + k, WORD_JOINER, 3);
		k += 3;
	}
	out->s[k] = '\0';
	out->len = k;
	out->lang = kana ? "ja" : hangul ? "ko" : "zh-cn";
}

bool lk_text_is_rtl(const char *utf8)
{
	size_t len = utf8 ? strlen(utf8) : 0, i = 0;

	while (i < len) {
		uint32_t cp = lk_utf8_next(utf8, len, &i);
		FriBidiCharType t = fribidi_get_bidi_type(cp);
		if (FRIBIDI_IS_STRONG(t))
			return FRIBIDI_IS_RTL(t);
	}
	return false;
}

/* ---- layout (under eng.lock) ---------------------------------------------- */

struct layout {
	PangoLayout *lay;
	PangoRectangle logical; /* px */
	uint32_t cx, cy;
	int lines;
	bool ellipsized;
};

static PangoLayout *layout_new(struct lk_font *font, int size)
{
	PangoLayout *lay = pango_layout_new(eng.ctx);
	PangoFontDescription *d = pango_font_description_copy_static(font->desc);
	pango_font_description_set_absolute_size(d, (double)size * PANGO_SCALE);
	pango_layout_set_font_description(lay, d);
	pango_font_description_free(d);
	return lay;
}

/* Advances of the ten digits with "tnum" on, cached per font and size. */
static const int *digit_advances(struct lk_font *font, int size)
{
	if (font->digit_size == size)
		return font->digit_adv;
	PangoLayout *lay = layout_new(font, size);
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_font_features_new("tnum 1"));
	pango_layout_set_attributes(lay, attrs);
	pango_attr_list_unref(attrs);
	pango_layout_set_text(lay, "0123456789", 10);
	memset(font->digit_adv, 0, sizeof(font->digit_adv));
	PangoLayoutRun *run = pango_layout_get_line_readonly(lay, 0)->runs
				      ? pango_layout_get_line_readonly(lay, 0)->runs->data
				      : NULL;
	for (int i = 0; run && i < run->glyphs->num_glyphs; i++) {
		int c = run->item->offset + run->glyphs->log_clusters[i];
		if (c >= 0 && c < 10)
			font->digit_adv[c] += run->glyphs->glyphs[i].geometry.width;
	}
	g_object_unref(lay);
	font->digit_size = size;
	return font->digit_adv;
}

/* Tabular digits: the font's "tnum" feature, and for fonts whose digits
 * still differ (no tnum: Noto Serif CJK's Latin digits), each digit padded
 * to the widest one, centred (letter spacing is added half on each side;
 * Pango drops it at a line's ends, hence the word joiners clean() puts
 * around a tabular text). */
static void tabular_attrs(PangoAttrList *attrs, const struct clean_text *text, struct lk_font *font, int size)
{
	const int *adv = digit_advances(font, size);
	int cell = 0;

	pango_attr_list_insert(attrs, pango_attr_font_features_new("tnum 1"));
	for (int d = 0; d < 10; d++)
		cell = adv[d] > cell ? adv[d] : cell;
	for (size_t i = 0; i < text->len; i++) {
		char c = text->s[i];
		if (c < '0' || c > '9' || adv[c - '0'] >= cell || adv[c - '0'] <= 0)
			continue;
		PangoAttribute *a = pango_attr_letter_spacing_new(cell - adv[c - '0']);
		a->start_index = (guint)i;
		a->end_index = (guint)i + 1;
		pango_attr_list_insert(attrs, a);
	}
}

static void attrs_set(PangoLayout *lay, const struct lk_text_style *st, const struct clean_text *text, int size)
{
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_language_new(pango_language_from_string(text->lang)));
	if (st->tabular_digits)
		tabular_attrs(attrs, text, st->font, size);
	if (st->strike)
		pango_attr_list_insert(attrs, pango_attr_strikethrough_new(TRUE));
	pango_layout_set_attributes(lay, attrs);
	pango_attr_list_unref(attrs);
}

static void layout_lines(struct layout *l, int max_lines)
{
	pango_layout_set_height(l->lay, -max_lines);
	pango_layout_get_pixel_extents(l->lay, NULL, &l->logical);
	l->lines = pango_layout_get_line_count(l->lay);
}

static bool layout_build(struct layout *l, const struct clean_text *text, const struct lk_text_style *st)
{
	static const PangoAlignment aligns[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT};
	int size = st->size_px > MAX_SIZE ? MAX_SIZE : st->size_px;
	int wrap = st->max_width > 0 && st->max_width < MAX_SIDE ? st->max_width : MAX_SIDE;
	int max_lines = st->max_lines > 0 && st->max_lines < MAX_LINES ? st->max_lines : MAX_LINES;

	memset(l, 0, sizeof(*l));
	probe(LK_TEXT_PROBE_LAYOUT);
	if (!engine_ready())
		return false;
	l->lay = layout_new(st->font, size);
	pango_layout_set_text(l->lay, text->s, (int)text->len);
	attrs_set(l->lay, st, text, size);
	pango_layout_set_width(l->lay, wrap * PANGO_SCALE);
	pango_layout_set_wrap(l->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(l->lay, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(l->lay, aligns[st->align <= LK_ALIGN_RIGHT ? st->align : 0]);

	layout_lines(l, max_lines);
	/* never taller than a texture may be: cut as if max_lines were hit */
	while (l->logical.height > MAX_SIDE && l->lines > 1) {
		int fit = (int)((int64_t)MAX_SIDE * l->lines / l->logical.height);
		layout_lines(l, fit < l->lines ? (fit > 0 ? fit : 1) : l->lines - 1);
	}
	l->ellipsized = pango_layout_is_ellipsized(l->lay);
	l->cx = (uint32_t)(l->logical.width < 0 ? 0 : l->logical.width > wrap ? wrap : l->logical.width);
	l->cy = (uint32_t)(l->logical.height < 0 ? 0 : l->logical.height > MAX_SIDE ? MAX_SIDE : l->logical.height);
	if (!l->cx || !l->cy)
		l->cx = l->cy = 0;
	return true;
}

static void layout_free(struct layout *l)
{
	if (l->lay)
		g_object_unref(l->lay);
	l->lay = NULL;
}

static void layout_draw(struct layout *l, uint32_t argb, uint8_t *data)
{
	probe(LK_TEXT_PROBE_RASTER);
	cairo_surface_t *surf =
		cairo_image_surface_create_for_data(data, CAIRO_FORMAT_ARGB32, (int)l->cx, (int)l->cy, (int)l->cx * 4);
	cairo_t *cr = cairo_create(surf);
	cairo_translate(cr, -l->logical.x, -l->logical.y);
	cairo_set_source_rgba(cr, ((argb >> 16) & 0xff) / 255.0, ((argb >> 8) & 0xff) / 255.0, (argb & 0xff) / 255.0,
			      (argb >> 24) / 255.0);
	pango_cairo_show_layout(cr, l->lay);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	cairo_surface_destroy(surf);
}

/* ---- public --------------------------------------------------------------- */

static bool text_layout(const char *utf8, const struct lk_text_style *style, struct lk_text_bitmap *out, bool pixels)
{
	memset(out, 0, sizeof(*out));
	if (!style || !style->font)
		return false;
	if (style->size_px <= 0 || !utf8 || !*utf8)
		return true;

	struct clean_text text;
	struct layout l;
	clean(utf8, style->tabular_digits, &text);
	out->rtl = lk_text_is_rtl(text.s);
	if (!text.len) {
		bfree(text.s);
		return true;
	}

	pthread_mutex_lock(&eng.lock);
	if (layout_build(&l, &text, style)) {
		if (pixels && l.cx && l.cy) {
			/* cairo's ARGB32 is premultiplied BGRA in memory here */
			out->data = bzalloc((size_t)l.cx * l.cy * 4);
			layout_draw(&l, style->color, out->data);
		}
		out->cx = l.cx;
		out->cy = l.cy;
		out->lines = l.cx ? l.lines : 0;
		out->ellipsized = l.ellipsized;
	}
	layout_free(&l);
	pthread_mutex_unlock(&eng.lock);
	bfree(text.s);
	return true;
}

bool lk_text_render(const char *utf8, const struct lk_text_style *style, struct lk_text_bitmap *out)
{
	return text_layout(utf8, style, out, true);
}

bool lk_text_measure(const char *utf8, const struct lk_text_style *style, uint32_t *cx, uint32_t *cy, int *lines)
{
	struct lk_text_bitmap bmp;
	bool ok = text_layout(utf8, style, &bmp, false);

	if (cx)
		*cx = bmp.cx;
	if (cy)
		*cy = bmp.cy;
	if (lines)
		*lines = bmp.lines;
	return ok;
}

void lk_text_bitmap_free(struct lk_text_bitmap *bmp)
{
	if (!bmp)
		return;
	bfree(bmp->data);
	memset(bmp, 0, sizeof(*bmp));
}

/* ---- clusters ------------------------------------------------------------- */

static bool font_is_color(PangoFont *font)
{
	FcBool color = FcFalse;
	if (!font || !PANGO_IS_FC_FONT(font))
		return false;
	FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
	return pat && FcPatternGetBool(pat, FC_COLOR, 0, &color) == FcResultMatch && color;
}

/* End byte of the cluster starting at start inside item: the next cluster
 * start in logical order, or the item's end. */
static size_t cluster_end(const PangoItem *item, const PangoGlyphString *gs, int start)
{
	int end = item->offset + item->length;
	for (int i = 0; i < gs->num_glyphs; i++) {
		int s = item->offset + gs->log_clusters[i];
		if (s > start && s < end)
			end = s;
	}
	return (size_t)end;
}

struct cluster_list {
	DARRAY(struct lk_text_cluster) da;
};

static void run_clusters(const struct layout *l, PangoLayoutIter *it, PangoLayoutRun *run, struct cluster_list *all)
{
	PangoRectangle rlog;
	const PangoItem *item = run->item;
	const PangoGlyphString *gs = run->glyphs;
	bool color = font_is_color(item->analysis.font);
	int x = 0;

	pango_layout_iter_get_run_extents(it, NULL, &rlog);
	for (int i = 0; i < gs->num_glyphs;) {
		struct lk_text_cluster c = {.level = item->analysis.level, .color = color};
		int w = 0, j = i;
		for (; j < gs->num_glyphs && gs->log_clusters[j] == gs->log_clusters[i]; j++) {
			PangoGlyph g = gs->glyphs[j].glyph;
			w += gs->glyphs[j].geometry.width;
			c.glyphs++;
			if (g == 0 || ((g & PANGO_GLYPH_UNKNOWN_FLAG) && g != PANGO_GLYPH_EMPTY))
				c.notdef = true;
		}
		c.start = (size_t)(item->offset + gs->log_clusters[i]);
		c.end = cluster_end(item, gs, (int)c.start);
		c.x = PANGO_PIXELS(rlog.x + x) - l->logical.x;
		c.w = PANGO_PIXELS(rlog.x + x + w) - PANGO_PIXELS(rlog.x + x);
		c.y = PANGO_PIXELS(rlog.y) - l->logical.y;
		c.h = PANGO_PIXELS(rlog.height);
		da_push_back(all->da, &c);
		x += w;
		i = j;
	}
}

size_t lk_text_clusters(const char *utf8, const struct lk_text_style *style, struct lk_text_cluster **out)
{
	struct cluster_list all;
	struct clean_text text;
	struct layout l;

	da_init(all.da);
	*out = NULL;
	if (!style || !style->font || style->size_px <= 0 || !utf8 || !*utf8)
		return 0;
	clean(utf8, style->tabular_digits, &text);
	pthread_mutex_lock(&eng.lock);
	if (text.len && layout_build(&l, &text, style)) {
		PangoLayoutIter *it = pango_layout_get_iter(l.lay);
		do {
			PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
			if (run)
				run_clusters(&l, it, run, &all);
		} while (pango_layout_iter_next_run(it));
		pango_layout_iter_free(it);
		layout_free(&l);
	}
	pthread_mutex_unlock(&eng.lock);
	bfree(text.s);
	*out = all.da.array;
	return all.da.num;
}
