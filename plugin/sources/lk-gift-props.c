/*
 * Linkon — "linkon_gift_alerts": its settings (defaults, loading, the
 * properties dialog) and the dialog's test buttons.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * UI thread only (create/update/get_properties and button clicks).
 */
#include "lk-gift-alerts-priv.h"
#include "lk-controller.h"
#include "lk-module.h"

#include <jansson.h>
#include <obs-module.h>
#include <stdio.h>
#include <string.h>

#define SETTING_ANIM "animation"
#define SETTING_SHOW_AVATAR "show_avatar"
#define SETTING_SHOW_PLATFORM "show_platform"

/* "platform_tiktok", … : gifts of that room are shown */
static const char *const platform_settings[GA_PLATFORMS] = {"platform_tiktok", "platform_twitch", "platform_youtube",
							    "platform_other"};
static const char *const platform_labels[GA_PLATFORMS] = {"GiftAlerts.FromTikTok", "GiftAlerts.FromTwitch",
							  "GiftAlerts.FromYouTube", "GiftAlerts.FromOther"};

enum ga_platform ga_platform_of(const char *platform)
{
	static const char *const tags[GA_PLATFORM_OTHER] = {"tiktok", "twitch", "youtube"};
	for (int i = 0; platform && i < GA_PLATFORM_OTHER; i++) {
		if (strcmp(platform, tags[i]) == 0)
			return (enum ga_platform)i;
	}
	return GA_PLATFORM_OTHER;
}

const char *ga_platform_mark(const char *platform)
{
	static const char *const marks[GA_PLATFORM_OTHER] = {"TikTok", "Twitch", "YouTube"};
	if (!platform || !*platform)
		return NULL;
	enum ga_platform p = ga_platform_of(platform);
	return p == GA_PLATFORM_OTHER ? platform : marks[p];
}
const char *ga_platform_badge(enum ga_platform p)
{
	static const char *const names[GA_PLATFORMS] = {"tiktok", "twitch", "youtube", "other"};
	return names[p < GA_PLATFORMS ? p : GA_PLATFORM_OTHER];
}

#define SETTING_SHOW_IMAGE "show_gift_image"
#define SETTING_MIN_VALUE "min_value"
#define SETTING_SUMMARY_TEXT "summary_text"
#define SETTING_MAX_WAITING "max_waiting"
/* per tier: "tier_<name>_<field>" */
#define TIER_MIN "min"
#define TIER_DURATION "duration_ms"
#define TIER_SCALE "scale"
#define TIER_COLOR "color"
#define TIER_TEXT "text"
#define TIER_IMAGE "image"
#define TIER_SOUND "sound"

#define ANIM_SLIDE "slide"
#define ANIM_FADE "fade"
#define ANIM_POP "pop"

#define T_(key) obs_module_text(key)

static const char *const tier_names[GA_TIERS] = {"small", "big", "huge"};
static const char *const tier_labels[GA_TIERS] = {"GiftAlerts.Tier.Small", "GiftAlerts.Tier.Big",
						  "GiftAlerts.Tier.Huge"};
static const char *const tier_texts[GA_TIERS] = {"GiftAlerts.Text.Small", "GiftAlerts.Text.Big",
						 "GiftAlerts.Text.Huge"};
static const int64_t tier_min[GA_TIERS] = {0, 100, 1000};
static const int tier_duration[GA_TIERS] = {4000, 6000, 9000};
static const int tier_scale[GA_TIERS] = {100, 125, 150};
static const uint32_t tier_color[GA_TIERS] = {0xFFFF3D7Fu, 0xFFFFB020u, 0xFFA45CFFu};
/* width, background, text, price, accent (0xAARRGGBB), corner radius */
static const struct lk_look default_look = {560, 0xF0151821, 0xFFFFFFFF, 0xFFFFD23F, 0xFFFF3D7F, 64};

const char *ga_default_text(uint32_t tier)
{
	return T_(tier_texts[tier < GA_TIERS ? tier : GA_TIERS - 1]);
}

/* ---- loading --------------------------------------------------------------------- */

static const char *tier_key(char *buf, size_t size, int tier, const char *field)
{
	snprintf(buf, size, "tier_%s_%s", tier_names[tier], field);
	return buf;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? bstrdup(s) : NULL;
}

void ga_config_free(void *config)
{
	struct ga_config *cfg = config;
	for (int i = 0; i < GA_TIERS; i++) {
		bfree(cfg->tiers[i].text);
		bfree(cfg->tiers[i].image);
		bfree(cfg->tiers[i].sound);
	}
	bfree(cfg->summary_text);
	memset(cfg, 0, sizeof(*cfg));
}

static void tier_load(struct ga_tier *t, obs_data_t *s, int i, int64_t floor)
{
	char key[64];
	long long dur = obs_data_get_int(s, tier_key(key, sizeof(key), i, TIER_DURATION));
	long long scale = obs_data_get_int(s, tier_key(key, sizeof(key), i, TIER_SCALE));

	t->min_value = obs_data_get_int(s, tier_key(key, sizeof(key), i, TIER_MIN));
	t->min_value = t->min_value < floor ? floor : t->min_value; /* tiers ascend */
	t->duration_ms = (uint32_t)(dur < 1000 ? 1000 : dur > 60000 ? 60000 : dur);
	t->scale = (float)(scale < 50 ? 50 : scale > 200 ? 200 : scale) / 100.0f;
	t->color = lk_color_from_obs(obs_data_get_int(s, tier_key(key, sizeof(key), i, TIER_COLOR)));
	t->text = dup_or_null(obs_data_get_string(s, tier_key(key, sizeof(key), i, TIER_TEXT)));
	t->image = dup_or_null(obs_data_get_string(s, tier_key(key, sizeof(key), i, TIER_IMAGE)));
	t->sound = dup_or_null(obs_data_get_string(s, tier_key(key, sizeof(key), i, TIER_SOUND)));
}

void ga_config_load(void *config, obs_data_t *s)
{
	struct ga_config *cfg = config;
	const char *anim = obs_data_get_string(s, SETTING_ANIM);
	int64_t floor = 0;

	for (int i = 0; i < GA_TIERS; i++) {
		tier_load(&cfg->tiers[i], s, i, floor);
		floor = cfg->tiers[i].min_value;
	}
	cfg->min_value = obs_data_get_int(s, SETTING_MIN_VALUE);
	cfg->min_value = cfg->min_value < 0 ? 0 : cfg->min_value;
	long long wait = obs_data_get_int(s, SETTING_MAX_WAITING);
	cfg->max_waiting = (uint32_t)(wait < 1 ? 1 : wait > LK_ALERTS_MAX_QUEUE ? LK_ALERTS_MAX_QUEUE : wait);
	cfg->anim = strcmp(anim, ANIM_FADE) == 0  ? GA_ANIM_FADE
		    : strcmp(anim, ANIM_POP) == 0 ? GA_ANIM_POP
						  : GA_ANIM_SLIDE;
	lk_look_load(&cfg->look, s);
	cfg->show_avatar = obs_data_get_bool(s, SETTING_SHOW_AVATAR);
	cfg->show_image = obs_data_get_bool(s, SETTING_SHOW_IMAGE);
	cfg->show_platform = obs_data_get_bool(s, SETTING_SHOW_PLATFORM);
	for (int i = 0; i < GA_PLATFORMS; i++)
		cfg->platform_on[i] = obs_data_get_bool(s, platform_settings[i]);
	cfg->summary_text = dup_or_null(obs_data_get_string(s, SETTING_SUMMARY_TEXT));
}

/* ---- defaults and properties ------------------------------------------------------ */

void ga_get_defaults(void *type_data, obs_data_t *s)
{
	const struct lk_module *module = type_data;
	char key[64];
	lk_look_defaults(s, &default_look, LK_DEFAULT_FONT_SIZE);
	obs_data_set_default_string(s, SETTING_ANIM, ANIM_SLIDE);
	obs_data_set_default_bool(s, SETTING_SHOW_AVATAR, true);
	obs_data_set_default_bool(s, SETTING_SHOW_IMAGE, true);
	obs_data_set_default_bool(s, SETTING_SHOW_PLATFORM, true);
	for (int i = 0; i < GA_PLATFORMS; i++)
		obs_data_set_default_bool(s, platform_settings[i], true);
	obs_data_set_default_int(s, SETTING_MIN_VALUE, 1);
	obs_data_set_default_int(s, SETTING_MAX_WAITING, 50);
	obs_data_set_default_string(s, SETTING_SUMMARY_TEXT, T_("GiftAlerts.SummaryText.Default"));
	for (int i = 0; i < GA_TIERS; i++) {
		char sound_file[64];
		snprintf(sound_file, sizeof(sound_file), "sounds/gift-%s.wav", tier_names[i]);
		char *sound = lk_module_data_path(module, sound_file);
		obs_data_set_default_int(s, tier_key(key, sizeof(key), i, TIER_MIN), tier_min[i]);
		obs_data_set_default_int(s, tier_key(key, sizeof(key), i, TIER_DURATION), tier_duration[i]);
		obs_data_set_default_int(s, tier_key(key, sizeof(key), i, TIER_SCALE), tier_scale[i]);
		obs_data_set_default_int(s, tier_key(key, sizeof(key), i, TIER_COLOR), lk_color_to_obs(tier_color[i]));
		obs_data_set_default_string(s, tier_key(key, sizeof(key), i, TIER_TEXT), T_(tier_texts[i]));
		obs_data_set_default_string(s, tier_key(key, sizeof(key), i, TIER_SOUND), sound ? sound : "");
		bfree(sound);
	}
}

static void tier_properties(obs_properties_t *props, int i)
{
	obs_properties_t *grp = obs_properties_create();
	char key[64];

	obs_properties_add_int(grp, tier_key(key, sizeof(key), i, TIER_MIN), T_("GiftAlerts.Tier.MinValue"), 0,
			       1000000000, 1);
	obs_property_t *p = obs_properties_add_int(grp, tier_key(key, sizeof(key), i, TIER_DURATION),
						   T_("GiftAlerts.Tier.Duration"), 1000, 60000, 100);
	obs_property_int_set_suffix(p, " ms");
	p = obs_properties_add_int_slider(grp, tier_key(key, sizeof(key), i, TIER_SCALE), T_("GiftAlerts.Tier.Scale"),
					  50, 200, 5);
	obs_property_int_set_suffix(p, "%");
	obs_properties_add_color_alpha(grp, tier_key(key, sizeof(key), i, TIER_COLOR), T_("GiftAlerts.Tier.Color"));
	p = obs_properties_add_text(grp, tier_key(key, sizeof(key), i, TIER_TEXT), T_("GiftAlerts.Tier.Text"),
				    OBS_TEXT_DEFAULT);
	obs_property_set_long_description(p, T_("GiftAlerts.Tier.Text.Help"));
	obs_properties_add_path(grp, tier_key(key, sizeof(key), i, TIER_IMAGE), T_("GiftAlerts.Tier.Image"),
				OBS_PATH_FILE, T_("GiftAlerts.ImageFilter"), NULL);
	obs_properties_add_path(grp, tier_key(key, sizeof(key), i, TIER_SOUND), T_("GiftAlerts.Tier.Sound"),
				OBS_PATH_FILE, T_("GiftAlerts.SoundFilter"), NULL);
	snprintf(key, sizeof(key), "tier_%s", tier_names[i]);
	obs_properties_add_group(props, key, T_(tier_labels[i]), OBS_GROUP_NORMAL, grp);
}

static void ga_test_buttons(obs_properties_t *props, void *data);

obs_properties_t *ga_get_properties(void *data)
{
	obs_properties_t *props = obs_properties_create();
	ga_test_buttons(props, data);

	obs_property_t *p = obs_properties_add_list(props, SETTING_ANIM, T_("GiftAlerts.Animation"),
						    OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T_("GiftAlerts.Animation.Slide"), ANIM_SLIDE);
	obs_property_list_add_string(p, T_("GiftAlerts.Animation.Fade"), ANIM_FADE);
	obs_property_list_add_string(p, T_("GiftAlerts.Animation.Pop"), ANIM_POP);
	obs_properties_add_int(props, LK_SETTING_WIDTH, T_("Common.Width"), 200, 4096, 1);
	obs_properties_add_font(props, LK_SETTING_FONT, T_("Common.Font"));
	obs_properties_add_color_alpha(props, LK_SETTING_BG_COLOR, T_("Common.BackgroundColor"));
	obs_properties_add_color_alpha(props, LK_SETTING_TEXT_COLOR, T_("Common.TextColor"));
	obs_properties_add_int_slider(props, LK_SETTING_RADIUS, T_("Common.CornerRadius"), 0, 128, 1);
	obs_properties_add_bool(props, SETTING_SHOW_AVATAR, T_("GiftAlerts.ShowAvatar"));
	obs_properties_add_bool(props, SETTING_SHOW_IMAGE, T_("GiftAlerts.ShowGiftImage"));
	obs_properties_add_bool(props, SETTING_SHOW_PLATFORM, T_("GiftAlerts.ShowPlatform"));
	for (int i = 0; i < GA_PLATFORMS; i++)
		obs_properties_add_bool(props, platform_settings[i], T_(platform_labels[i]));
	obs_properties_add_int(props, SETTING_MIN_VALUE, T_("GiftAlerts.MinValue"), 0, 1000000000, 1);
	obs_properties_add_int(props, SETTING_MAX_WAITING, T_("GiftAlerts.MaxWaiting"), 1, LK_ALERTS_MAX_QUEUE, 1);
	p = obs_properties_add_text(props, SETTING_SUMMARY_TEXT, T_("GiftAlerts.SummaryText"), OBS_TEXT_DEFAULT);
	obs_property_set_long_description(p, T_("GiftAlerts.SummaryText.Help"));
	for (int i = 0; i < GA_TIERS; i++)
		tier_properties(props, i);
	return props;
}

/* ---- test buttons ------------------------------------------------------------------ */

/* Sends a test gift worth tier's threshold (at least the alert threshold)
 * through the module's queue, like a viewer's gift. */
static bool test_clicked(void *data, int tier)
{
	obs_data_t *s = obs_source_get_settings(ga_source(data));
	char key[64], err[LK_GIFT_ERR_SIZE];
	int64_t value = obs_data_get_int(s, tier_key(key, sizeof(key), tier, TIER_MIN));
	int64_t floor = obs_data_get_int(s, SETTING_MIN_VALUE);

	value = value > floor ? value : floor;
	value = value < 1 ? 1 : value;
	json_t *gift = json_pack("{s:{s:s}, s:{s:s, s:s, s:I}}", "sender", "name", T_("GiftAlerts.TestSender"), "gift",
				 "id", "linkon-test", "name", T_("GiftAlerts.TestGift"), "value", (json_int_t)value);
	if (!gift || lk_controller_test_gift(gift, err, sizeof(err)) < 0)
		blog(LOG_WARNING, "[linkon] gift alerts: the test gift was refused: %s", gift ? err : "no memory");
	json_decref(gift);
	obs_data_release(s);
	return false;
}

static bool test_small(obs_properties_t *props, obs_property_t *p, void *data)
{
	return test_clicked(data, 0);
}

static bool test_big(obs_properties_t *props, obs_property_t *p, void *data)
{
	return test_clicked(data, 1);
}

static bool test_huge(obs_properties_t *props, obs_property_t *p, void *data)
{
	return test_clicked(data, 2);
}

/* data: the source's (NULL when OBS asks for the type's properties); the
 * buttons get it back as their callback's data */
static void ga_test_buttons(obs_properties_t *props, void *data)
{
	obs_properties_add_button2(props, "test_small", T_("GiftAlerts.TestSmall"), test_small, data);
	obs_properties_add_button2(props, "test_big", T_("GiftAlerts.TestBig"), test_big, data);
	obs_properties_add_button2(props, "test_huge", T_("GiftAlerts.TestHuge"), test_huge, data);
}
