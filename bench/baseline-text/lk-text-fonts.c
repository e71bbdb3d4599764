/*
 * Linkon bench baseline (the engine before Pango) — fonts for the text engine: fontconfig resolution, the fallback
 * chain, FreeType faces and the glyph caches (contract in lk-text.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Who touches what:
 * - g (the cache of fonts, the FcConfig, log-once flag) and every
 *   lk_font.refs: under g.lock, any thread. Fonts are cached by (face, bold)
 *   and freed by their last release; the cache holds no reference.
 * - Everything else in a font: under font->lock. Each font has its own
 *   FT_Library, so no FreeType object is ever shared between two fonts and
 *   the font lock alone serialises all FreeType calls on them (FT_Face is
 *   not thread-safe; FT_New_Face / FT_Done_Face need their library locked).
 *
 * Linkon uses its own FcConfig (never FcFini, never the process default
 * that Qt and text_ft2_source share). A font keeps plain copies of what it
 * needs (file paths, charsets), so it stays usable after lk_font_shutdown:
 * libobs may destroy sources, and so release fonts, after the module unload.
 *
 * The chain is: the best match for the face, then the best sans-serif for
 * Simplified Chinese (live commerce titles are often CJK), then the rest of
 * fontconfig's trimmed sort for the pattern, then a colour emoji font if one
 * is installed. Faces are opened lazily, the first time a character is
 * looked up that the chain's earlier faces lack (charsets are checked first,
 * so unrelated faces are never opened). Pictographs (U+1F000-1FAFF,
 * U+2600-27BF) try colour faces first, so they draw as colour emoji when
 * such a face exists rather than as a monochrome symbol.
 */
#include "rename.h"
#include "lk-text-priv.h"

#include <util/base.h>
#include <util/bmem.h>
#include <util/darray.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SYNTHESIS_H
#include FT_TRUETYPE_TABLES_H
#include <fontconfig/fontconfig.h>

#include <pthread.h>
#include <string.h>

#define CHAIN_MAX 24
#define ADV_CACHE_SIZE 1024
#define BMP_CACHE_SIZE 128
#define BMP_CACHE_MAX_BYTES (64 * 1024)

struct face_slot {
	char *path;
	int index;
	bool embolden;
	bool emoji;         /* fontconfig says colour: preferred for emoji code points */
	FcCharSet *charset; /* own copy; NULL: unknown, ask FreeType */
	FT_Face face;
	bool failed;
	bool color;  /* FT_HAS_COLOR: load with FT_LOAD_COLOR */
	int size;    /* pixel size set on face, 0 = none yet */
	float scale; /* bitmap-only faces: size / strike size */
};

struct adv_entry {
	bool used;
	uint32_t cp;
	int size;
	struct lk_glyph g;
};

struct bmp_entry {
	bool used;
	int slot;
	uint32_t gi;
	int size;
	struct lk_glyph_pixels px;
};

struct lk_font {
	long refs; /* g.lock */
	char *family;
	bool bold;

	pthread_mutex_t lock;
	FT_Library lib;
	DARRAY(struct face_slot) slots;
	struct adv_entry adv[ADV_CACHE_SIZE];
	struct bmp_entry bmp[BMP_CACHE_SIZE];
	struct bmp_entry scratch; /* glyphs too big to cache */
};

/* Rounds to the nearest integer (no libm needed). */
static inline int iround(double v)
{
	return (int)(v < 0 ? v - 0.5 : v + 0.5);
}

static struct {
	pthread_mutex_t lock;
	FcConfig *config;
	DARRAY(struct lk_font *) fonts;
	bool logged_none;
} g = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* ---- chain building (under g.lock) --------------------------------------- */

static FcPattern *font_pattern(const char *family, bool bold, const char *lang)
{
	FcPattern *pat = FcPatternCreate();
	if (!pat)
		return NULL;
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
	if (lang)
		FcPatternAddString(pat, FC_LANG, (const FcChar8 *)lang);
	FcConfigSubstitute(g.config, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	return pat;
}

static bool chain_has(const struct lk_font *font, const char *path)
{
	for (size_t i = 0; i < font->slots.num; i++) {
		if (strcmp(font->slots.array[i].path, path) == 0)
			return true;
	}
	return false;
}

/* Adds match (a font of a sort or a match for pat) unless its file is
 * already in the chain or the chain has limit faces. */
static void chain_add(struct lk_font *font, FcPattern *pat, FcPattern *match, size_t limit)
{
	FcChar8 *file = NULL;
	FcCharSet *cs = NULL;
	FcBool embolden = FcFalse, color = FcFalse;
	int index = 0;

	if (font->slots.num >= limit || FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch)
		return;
	if (chain_has(font, (const char *)file))
		return;
	FcPatternGetInteger(match, FC_INDEX, 0, &index);
	FcPattern *prepared = FcFontRenderPrepare(g.config, pat, match);
	if (prepared) {
		FcPatternGetBool(prepared, FC_EMBOLDEN, 0, &embolden);
		FcPatternDestroy(prepared);
	}

	struct face_slot *s = da_push_back_new(font->slots);
	s->path = bstrdup((const char *)file);
	s->index = index;
	s->embolden = embolden == FcTrue;
	s->emoji = FcPatternGetBool(match, FC_COLOR, 0, &color) == FcResultMatch && color == FcTrue;
	if (FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) == FcResultMatch && cs)
		s->charset = FcCharSetUnion(cs, cs); /* a copy that outlives the config */
}

/* Adds fontconfig's single best match for family/lang (if need_color, only
 * when that match is a colour font: "emoji" resolves to anything). */
static void chain_add_match(struct lk_font *font, const char *family, bool bold, const char *lang, bool need_color)
{
	FcPattern *pat = font_pattern(family, bold, lang);
	FcResult res = FcResultNoMatch;
	FcPattern *match = pat ? FcFontMatch(g.config, pat, &res) : NULL;
	FcBool color = FcFalse;

	if (match && need_color && FcPatternGetBool(match, FC_COLOR, 0, &color) != FcResultMatch)
		color = FcFalse;
	if (match && (!need_color || color))
		chain_add(font, pat, match, CHAIN_MAX);
	if (match)
		FcPatternDestroy(match);
	if (pat)
		FcPatternDestroy(pat);
}

static void chain_build(struct lk_font *font)
{
	FcPattern *pat = font_pattern(font->family, font->bold, NULL);
	FcResult res = FcResultNoMatch;
	FcFontSet *set = pat ? FcFontSort(g.config, pat, FcTrue, NULL, &res) : NULL;

	if (set && set->nfont > 0)
		chain_add(font, pat, set->fonts[0], CHAIN_MAX);
	chain_add_match(font, "sans-serif", font->bold, "zh-cn", false);
	for (int i = 1; set && i < set->nfont; i++)
		chain_add(font, pat, set->fonts[i], CHAIN_MAX - 1);
	chain_add_match(font, "emoji", false, NULL, true);

	if (set)
		FcFontSetDestroy(set);
	if (pat)
		FcPatternDestroy(pat);
}

/* ---- faces (under font->lock, or before the font is shared) ------------- */

static bool slot_open(struct lk_font *font, struct face_slot *s)
{
	if (s->face)
		return true;
	if (s->failed)
		return false;
	if (FT_New_Face(font->lib, s->path, s->index, &s->face) != 0) {
		s->face = NULL;
		s->failed = true;
		return false;
	}
	s->color = FT_HAS_COLOR(s->face);
	s->size = 0;
	s->scale = 1.0f;
	return true;
}

static void slot_close(struct face_slot *s)
{
	if (s->face)
		FT_Done_Face(s->face);
	if (s->charset)
		FcCharSetDestroy(s->charset);
	bfree(s->path);
	memset(s, 0, sizeof(*s));
}

/* Bitmap-only faces (colour emoji): picks the smallest strike >= size, else
 * the largest, and scales glyphs by size / strike. */
static bool slot_select_strike(struct face_slot *s, int size)
{
	FT_Face f = s->face;
	int best = -1;
	FT_Pos best_ppem = 0;

	for (int i = 0; i < f->num_fixed_sizes; i++) {
		FT_Pos ppem = f->available_sizes[i].y_ppem >> 6;
		bool better = best < 0 || (best_ppem < size ? ppem > best_ppem : (ppem >= size && ppem < best_ppem));
		if (ppem > 0 && better) {
			best = i;
			best_ppem = ppem;
		}
	}
	if (best < 0 || FT_Select_Size(f, best) != 0)
		return false;
	s->scale = (float)size / (float)best_ppem;
	return true;
}

static bool slot_size(struct face_slot *s, int size)
{
	if (s->size == size)
		return true;
	if (FT_IS_SCALABLE(s->face)) {
		if (FT_Set_Pixel_Sizes(s->face, 0, (FT_UInt)size) != 0)
			return false;
		s->scale = 1.0f;
	} else if (!slot_select_strike(s, size)) {
		return false;
	}
	s->size = size;
	return true;
}

static FT_Int32 slot_load_flags(const struct face_slot *s)
{
	return s->color ? (FT_LOAD_DEFAULT | FT_LOAD_COLOR) : (FT_LOAD_DEFAULT | FT_LOAD_NO_BITMAP);
}

static bool slot_load(struct face_slot *s, uint32_t gi, int size)
{
	if (!slot_size(s, size) || FT_Load_Glyph(s->face, gi, slot_load_flags(s)) != 0)
		return false;
	if (s->embolden && !s->color)
		FT_GlyphSlot_Embolden(s->face->glyph);
	return true;
}

/* ---- fonts ---------------------------------------------------------------- */

static void font_free(struct lk_font *font)
{
	for (size_t i = 0; i < font->slots.num; i++)
		slot_close(&font->slots.array[i]);
	da_free(font->slots);
	for (size_t i = 0; i < BMP_CACHE_SIZE; i++)
		bfree(font->bmp[i].px.pix);
	bfree(font->scratch.px.pix);
	if (font->lib)
		FT_Done_FreeType(font->lib);
	pthread_mutex_destroy(&font->lock);
	bfree(font->family);
	bfree(font);
}

/* The primary face must open and be scalable (its metrics size the lines). */
static bool font_open_primary(struct lk_font *font)
{
	while (font->slots.num > 0) {
		struct face_slot *s = &font->slots.array[0];
		if (slot_open(font, s) && FT_IS_SCALABLE(s->face))
			return true;
		slot_close(s);
		da_erase(font->slots, 0);
	}
	return false;
}

static struct lk_font *font_create(const char *family, bool bold)
{
	struct lk_font *font = bzalloc(sizeof(*font));
	font->refs = 1;
	font->family = bstrdup(family);
	font->bold = bold;
	pthread_mutex_init(&font->lock, NULL);
	if (FT_Init_FreeType(&font->lib) != 0) {
		font->lib = NULL;
		goto fail;
	}
	chain_build(font);
	if (!font_open_primary(font))
		goto fail;
	blog(LOG_DEBUG, "[linkon] font '%s'%s: %s (+%zu fallbacks)", family, bold ? " bold" : "",
	     font->slots.array[0].path, font->slots.num - 1);
	return font;

fail:
	font_free(font);
	return NULL;
}

static struct lk_font *cache_find(const char *family, bool bold)
{
	for (size_t i = 0; i < g.fonts.num; i++) {
		struct lk_font *f = g.fonts.array[i];
		if (f->bold == bold && strcmp(f->family, family) == 0)
			return f;
	}
	return NULL;
}

struct lk_font *lk_font_get(const char *face, bool bold)
{
	const char *family = face && *face ? face : "sans-serif";

	pthread_mutex_lock(&g.lock);
	struct lk_font *font = cache_find(family, bold);
	if (font) {
		font->refs++;
		goto out;
	}
	if (!g.config)
		g.config = FcInitLoadConfigAndFonts();
	font = g.config ? font_create(family, bold) : NULL;
	if (font)
		da_push_back(g.fonts, &font);
	else if (!g.logged_none) {
		g.logged_none = true;
		blog(LOG_WARNING, "[linkon] no usable font for '%s': text will not show", family);
	}
out:
	pthread_mutex_unlock(&g.lock);
	return font;
}

void lk_font_release(struct lk_font *font)
{
	if (!font)
		return;
	pthread_mutex_lock(&g.lock);
	bool last = --font->refs == 0;
	if (last)
		da_erase_item(g.fonts, &font);
	pthread_mutex_unlock(&g.lock);
	if (last)
		font_free(font);
}

void lk_font_shutdown(void)
{
	pthread_mutex_lock(&g.lock);
	da_free(g.fonts);
	if (g.config)
		FcConfigDestroy(g.config);
	g.config = NULL;
	pthread_mutex_unlock(&g.lock);
}

void lk_font_lock(struct lk_font *font)
{
	pthread_mutex_lock(&font->lock);
}

void lk_font_unlock(struct lk_font *font)
{
	pthread_mutex_unlock(&font->lock);
}

/* ---- metrics and lookup (under font->lock) -------------------------------- */

void lk_font_line_metrics(struct lk_font *font, int size_px, struct lk_line_metrics *m)
{
	struct face_slot *s = &font->slots.array[0];
	double xheight = size_px * 0.5;

	m->ascent = (size_px * 4 + 4) / 5;
	m->height = (size_px * 6 + 4) / 5;
	if (slot_size(s, size_px)) {
		const FT_Size_Metrics *sm = &s->face->size->metrics;
		const TT_OS2 *os2 = FT_Get_Sfnt_Table(s->face, FT_SFNT_OS2);
		m->ascent = (int)((sm->ascender + 63) >> 6);
		m->height = (int)((sm->height + 32) >> 6);
		if (os2 && os2->version >= 2 && os2->sxHeight > 0)
			xheight = FT_MulFix(os2->sxHeight, sm->y_scale) / 64.0;
	}
	if (m->height < 1)
		m->height = 1;
	if (m->ascent > m->height || m->ascent < 0)
		m->ascent = m->height;
	m->strike_y = m->ascent - iround(xheight / 2.0);
	m->strike_size = iround(size_px / 12.0);
	if (m->strike_size < 1)
		m->strike_size = 1;
}

static bool invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xad || cp == 0x34f || cp == 0x61c ||
	       (cp >= 0x180b && cp <= 0x180f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x206f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff ||
	       (cp >= 0xfff0 && cp <= 0xfff8) || (cp >= 0xe0000 && cp <= 0xe0fff);
}

static int glyph_advance(struct face_slot *s, uint32_t gi, int size)
{
	if (!slot_load(s, gi, size))
		return 0;
	double adv = (double)s->face->glyph->advance.x * s->scale / 64.0;
	return adv > 0 ? iround(adv) : 0;
}

/* Pictographs a colour emoji face should draw when there is one. */
static bool emoji_range(uint32_t cp)
{
	return (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x2600 && cp <= 0x27bf);
}

static bool resolve_in(struct lk_font *font, uint32_t cp, int size, bool emoji_only, struct lk_glyph *g)
{
	for (size_t i = 0; i < font->slots.num; i++) {
		struct face_slot *s = &font->slots.array[i];
		if ((emoji_only && !s->emoji) || (s->charset && !FcCharSetHasChar(s->charset, cp)))
			continue;
		if (!slot_open(font, s))
			continue;
		FT_UInt gi = FT_Get_Char_Index(s->face, cp);
		if (gi) {
			g->slot = (int)i;
			g->gi = gi;
			g->adv = glyph_advance(s, gi, size);
			return true;
		}
	}
	return false;
}

/* Skin tone modifiers are invisible: without shaping they cannot combine
 * with the emoji before them and would draw as a swatch. */
static void resolve(struct lk_font *font, uint32_t cp, int size, struct lk_glyph *g)
{
	memset(g, 0, sizeof(*g));
	g->slot = -1;
	if (cp == '\t')
		cp = ' ';
	if (invisible(cp) || (cp >= 0x1f3fb && cp <= 0x1f3ff))
		return;
	if (emoji_range(cp) && resolve_in(font, cp, size, true, g))
		return;
	if (resolve_in(font, cp, size, false, g))
		return;
	g->slot = 0;
	g->missing = true;
	g->adv = glyph_advance(&font->slots.array[0], 0, size);
}

void lk_font_lookup(struct lk_font *font, uint32_t cp, int size_px, struct lk_glyph *g)
{
	uint32_t h = (cp * 2654435761u) ^ ((uint32_t)size_px * 40503u);
	struct adv_entry *e = &font->adv[h % ADV_CACHE_SIZE];

	if (e->used && e->cp == cp && e->size == size_px) {
		*g = e->g;
		return;
	}
	resolve(font, cp, size_px, g);
	e->used = true;
	e->cp = cp;
	e->size = size_px;
	e->g = *g;
}

/* ---- rasterising (under font->lock) --------------------------------------- */

static bool render_glyph(struct face_slot *s, uint32_t gi, int size, struct lk_glyph_pixels *px)
{
	if (!slot_load(s, gi, size))
		return false;
	FT_GlyphSlot gs = s->face->glyph;
	if (gs->format != FT_GLYPH_FORMAT_BITMAP && FT_Render_Glyph(gs, FT_RENDER_MODE_NORMAL) != 0)
		return false;
	return lk_glyph_pixels_copy(gs, s->scale, px);
}

bool lk_font_raster(struct lk_font *font, const struct lk_glyph *g, int size_px, struct lk_glyph_image *out)
{
	if (g->slot < 0 || (size_t)g->slot >= font->slots.num)
		return false;
	uint32_t h = (g->gi * 2654435761u) ^ ((uint32_t)g->slot * 97u) ^ ((uint32_t)size_px * 40503u);
	struct bmp_entry *e = &font->bmp[h % BMP_CACHE_SIZE];

	if (!e->used || e->slot != g->slot || e->gi != g->gi || e->size != size_px) {
		struct bmp_entry fresh = {.used = true, .slot = g->slot, .gi = g->gi, .size = size_px};
		if (!render_glyph(&font->slots.array[g->slot], g->gi, size_px, &fresh.px))
			memset(&fresh.px, 0, sizeof(fresh.px));
		size_t bytes = (size_t)fresh.px.w * fresh.px.h * (fresh.px.color ? 4 : 1);
		if (bytes > BMP_CACHE_MAX_BYTES)
			e = &font->scratch;
		bfree(e->px.pix);
		*e = fresh;
	}
	const struct lk_glyph_pixels *px = &e->px;
	if (!px->pix || !px->w || !px->h)
		return false;
	*out = (struct lk_glyph_image){.left = px->left,
				       .top = px->top,
				       .w = px->w,
				       .h = px->h,
				       .color = px->color,
				       .pix = px->pix};
	return true;
}
