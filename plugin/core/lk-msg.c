/*
 * Linkon — messages as codes plus parameters (see lk-msg.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "lk-msg.h"
#include "lk-plural.h"
#include "lk-str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <util/dstr.h>

struct msg_def {
	const char *name;    /* stable: obs-websocket's "code" */
	const char *key;     /* locale key ("Msg.…"; plural codes add ".one" …) */
	const char *english; /* = en-US.ini (plural codes: the "other" form) */
	const char *one;     /* plural codes: the English "one" form */
	int plural_arg;      /* 1-based parameter that picks the plural form */
};

/* clang-format off */
static const struct msg_def defs[LK_MSG_COUNT] = {
	[LK_MSG_NO_COMMAND] = {"no_command", "Msg.NoCommand", "no command"},
	[LK_MSG_UNKNOWN_COMMAND] = {"unknown_command", "Msg.UnknownCommand", "unknown command"},
	[LK_MSG_NO_PRODUCT] = {"no_product", "Msg.NoProduct", "no product given"},
	[LK_MSG_UNKNOWN_PRODUCT] = {"unknown_product", "Msg.UnknownProduct", "unknown product '%1'"},
	[LK_MSG_CART_EMPTY] = {"cart_empty", "Msg.CartEmpty", "the cart is empty"},
	[LK_MSG_ALREADY_IN_CART] = {"already_in_cart", "Msg.AlreadyInCart", "product '%1' is already in the cart"},
	[LK_MSG_SLOT_RANGE] = {"slot_out_of_range", "Msg.SlotRange", "slot %1 is out of range (1-%2)"},
	[LK_MSG_NOT_IN_CART] = {"not_in_cart", "Msg.NotInCart", "product '%1' is not in the cart"},
	[LK_MSG_BAD_SALE_PRICE] = {"bad_sale_price", "Msg.BadSalePrice", "sale price must be more than 0"},
	[LK_MSG_BAD_DURATION] = {"bad_duration", "Msg.BadDuration", "duration must be between 1 second and 24 hours"},
	[LK_MSG_BAD_STOCK] = {"bad_stock", "Msg.BadStock", "stock must be at least 1"},
	[LK_MSG_BAD_PREROLL] = {"bad_preroll", "Msg.BadPreroll", "pre-roll must be 0 or between %1 and %2 seconds"},
	[LK_MSG_NO_PRICE] = {"no_price", "Msg.NoPrice", "product '%1' has no price; give a sale price"},
	[LK_MSG_SOLD_OUT] = {"sold_out", "Msg.SoldOut", "product '%1' is sold out"},
	[LK_MSG_SALE_RUNNING] = {"sale_running", "Msg.SaleRunning", "sale '%1' is still running; stop it first"},
	[LK_MSG_UNKNOWN_SALE] = {"unknown_sale", "Msg.UnknownSale", "unknown sale '%1'"},
	[LK_MSG_SALE_FINISHED] = {"sale_finished", "Msg.SaleFinished", "sale '%1' has already finished"},
	[LK_MSG_NO_SALE] = {"no_sale", "Msg.NoSale", "no sale is running"},
	[LK_MSG_REFUSED] = {"refused", "Msg.Refused", "refused"},
	[LK_MSG_NOT_RUNNING] = {"not_running", "Msg.NotRunning", "Linkon is not running"},
	[LK_MSG_PINNED_BUT] = {"pinned_sale_refused", "Msg.PinnedBut", "pinned, but the sale was refused: %1"},
	[LK_MSG_PLATFORM] = {"platform_refused", "Msg.Platform", "%1"},
	[LK_MSG_NO_SCENE] = {"no_scene", "Msg.NoScene", "no scene with that name"},
	[LK_MSG_NO_DROP] = {"no_drop", "Msg.NoDrop", "the scene has no enabled Linkon product drop with a product"},
	[LK_MSG_DEMO_SALE_REFUSED] = {"demo_sale_refused", "Msg.DemoSaleRefused",
		"the demo shop refused the sale (not started yet, sold out, or another sale is running)"},
	[LK_MSG_DEMO_NO_SALE] = {"demo_no_sale", "Msg.DemoNoSale", "the demo shop has no such sale running"},
	[LK_MSG_BRIDGE_STOPPING] = {"bridge_stopping", "Msg.BridgeStopping", "the bridge connector is stopping"},
	[LK_MSG_BRIDGE_TOKEN] = {"bridge_token_refused", "Msg.BridgeToken",
		"the bridge refused the token: fix it in the Linkon config file"},
	[LK_MSG_BRIDGE_BUSY] = {"bridge_busy", "Msg.BridgeBusy", "too many actions are waiting for the bridge"},
	[LK_MSG_DEMO_SHOP] = {"demo_shop", "Msg.DemoShop", "Demo shop"},
	[LK_MSG_SHOPIFY_CONNECTING] = {"shopify_connecting", "Msg.ShopifyConnecting", "Connecting to %1"},
	[LK_MSG_SHOPIFY_READING] = {"shopify_reading", "Msg.ShopifyReading", "Reading the catalog of %1"},
	[LK_MSG_SHOPIFY_PRODUCTS] = {"shopify_products", "Msg.ShopifyProducts", "%1 products from %2",
		"%1 product from %2", 1},
	[LK_MSG_SHOPIFY_RETRYING] = {"shopify_retrying", "Msg.ShopifyRetrying", "Shopify (%1): %2; retrying in %3 s"},
	[LK_MSG_SHOPIFY_AUTH] = {"shopify_auth_failed", "Msg.ShopifyAuth",
		"Shopify (%1): %2 (check the token and its scopes in the Linkon config file)"},
	[LK_MSG_SHOPIFY_NO_NETWORK] = {"shopify_no_network", "Msg.ShopifyNoNetwork",
		"Shopify: the network is not available"},
	[LK_MSG_SHOPIFY_NEED_SHOP] = {"shopify_need_shop", "Msg.ShopifyNeedShop",
		"Shopify: set \"shop\" (your-shop.myshopify.com) in the Linkon config file"},
	[LK_MSG_SHOPIFY_BAD_VERSION] = {"shopify_bad_api_version", "Msg.ShopifyBadVersion",
		"Shopify: \"api_version\" must look like 2025-01"},
	[LK_MSG_SHOPIFY_BAD_ENDPOINT] = {"shopify_bad_endpoint", "Msg.ShopifyBadEndpoint",
		"Shopify: \"endpoint\" must be an http(s) URL"},
	[LK_MSG_SHOPIFY_NEED_TOKEN] = {"shopify_need_token", "Msg.ShopifyNeedToken",
		"Shopify: set \"token\" (the Admin API access token) in the Linkon config file"},
	[LK_MSG_SHOPIFY_JOURNAL] = {"shopify_journal", "Msg.ShopifyJournal",
		"Shopify: the sale price was not written (the journal could not be saved)"},
	[LK_MSG_SHOPIFY_NO_WRITE] = {"shopify_no_write_scope", "Msg.ShopifyNoWrite",
		"Shopify: sale prices are not written (the token needs the write_products scope): %1"},
	[LK_MSG_SHOPIFY_NO_RESTORE] = {"shopify_restore_failed", "Msg.ShopifyNoRestore",
		"Shopify: could not restore the old prices: %1"},
	[LK_MSG_SHOPIFY_NOT_WRITTEN] = {"shopify_price_not_written", "Msg.ShopifyNotWritten",
		"Shopify: the sale price was not written: %1"},
	[LK_MSG_SHOPIFY_TOKEN_REFUSED] = {"shopify_token_refused", "Msg.ShopifyTokenRefused",
		"the shop refused the access token"},
	[LK_MSG_SHOPIFY_SCOPE] = {"shopify_scope_missing", "Msg.ShopifyScope", "the access token lacks a needed scope"},
	[LK_MSG_SHOPIFY_THROTTLED] = {"shopify_throttled", "Msg.ShopifyThrottled",
		"the shop's API rate limit was reached"},
	[LK_MSG_SHOPIFY_UNAVAILABLE] = {"shopify_unavailable", "Msg.ShopifyUnavailable", "the shop is unavailable"},
	[LK_MSG_SHOPIFY_UNREACHABLE] = {"shopify_unreachable", "Msg.ShopifyUnreachable",
		"Shopify (%1): could not reach the shop (%2); retrying in %3 s"},
	[LK_MSG_NET_DNS] = {"net_dns", "Msg.NetDns",
		"the server's name could not be found (check the address and the network) (%1)"},
	[LK_MSG_NET_CONNECT] = {"net_connect", "Msg.NetConnect",
		"could not connect to the server (is it running, is the address right?) (%1)"},
	[LK_MSG_NET_TIMEOUT] = {"net_timeout", "Msg.NetTimeout", "the server did not answer in time (%1)"},
	[LK_MSG_NET_TLS] = {"net_tls", "Msg.NetTls", "a secure (https) connection to the server could not be set up (%1)"},
	[LK_MSG_NET_CERT] = {"net_certificate", "Msg.NetCert", "the server's https certificate is not trusted (%1)"},
	[LK_MSG_NET_HEADERS] = {"net_headers", "Msg.NetHeaders",
		"the server's answer could not be read: its headers are too big (or memory ran out) (%1)"},
	[LK_MSG_NET_NOTHING] = {"net_no_answer", "Msg.NetNothing", "the server closed the connection without answering (%1)"},
	[LK_MSG_NET_BROKEN] = {"net_broken", "Msg.NetBroken", "the connection to the server broke (%1)"},
	[LK_MSG_NET_CUT_SHORT] = {"net_cut_short", "Msg.NetCutShort", "the server's answer was cut short (%1)"},
	[LK_MSG_NET_REDIRECTS] = {"net_redirects", "Msg.NetRedirects", "the server redirected too many times (%1)"},
	[LK_MSG_NET_BAD_HTTP] = {"net_bad_http", "Msg.NetBadHttp", "the server's answer is not valid HTTP (%1)"},
	[LK_MSG_NET_OTHER] = {"net_failed", "Msg.NetOther", "the transfer failed (%1)"},
	[LK_MSG_NET_TOO_LARGE] = {"net_too_large", "Msg.NetTooLarge", "response too large (over %1 bytes)"},
	[LK_MSG_NET_CANCELLED] = {"net_cancelled", "Msg.NetCancelled", "cancelled"},
	[LK_MSG_NET_IDLE] = {"net_idle", "Msg.NetIdle", "the server sent nothing for %1 s"},
	[LK_MSG_NET_REDIRECT_REFUSED] = {"net_redirect_refused", "Msg.NetRedirectRefused",
		"the server redirected to another host (%1); Linkon talks only to the address set"},
	[LK_MSG_NET_SAVE_FAILED] = {"net_save_failed", "Msg.NetSaveFailed", "the download could not be saved (%1)"},
	[LK_MSG_TIKTOK_CONNECTING] = {"tiktok_connecting", "Msg.TikTokConnecting",
		"Connecting to TikTok Shop"},
	[LK_MSG_TIKTOK_READING] = {"tiktok_reading", "Msg.TikTokReading",
		"Reading the catalog of %1 (TikTok Shop)"},
	[LK_MSG_TIKTOK_PRODUCTS] = {"tiktok_products", "Msg.TikTokProducts", "%1 products from %2 (TikTok Shop)",
		"%1 product from %2 (TikTok Shop)", 1},
	[LK_MSG_TIKTOK_RETRYING] = {"tiktok_retrying", "Msg.TikTokRetrying",
		"TikTok Shop: %1; retrying in %2 s"},
	[LK_MSG_TIKTOK_RATE_LIMIT] = {"tiktok_rate_limited", "Msg.TikTokRateLimit",
		"TikTok Shop: too many requests, rate limit reached (%1); retrying in %2 s"},
	[LK_MSG_TIKTOK_UNREACHABLE] = {"tiktok_unreachable", "Msg.TikTokUnreachable",
		"TikTok Shop: could not reach TikTok Shop (%1); retrying in %2 s"},
	[LK_MSG_TIKTOK_CLOCK_CHECK] = {"tiktok_clock_check", "Msg.TikTokClockCheck",
		"TikTok Shop: %1; check this PC's date, time and time zone; retrying in %2 s"},
	[LK_MSG_TIKTOK_CLOCK_BEHIND] = {"tiktok_clock_behind", "Msg.TikTokClockBehind",
		"TikTok Shop: this PC's clock is %1 s behind TikTok's, outside the window TikTok accepts (5 minutes behind, 30 s ahead); Linkon now signs with TikTok's time, but set the clock right (Windows/macOS: set time automatically)"},
	[LK_MSG_TIKTOK_CLOCK_AHEAD] = {"tiktok_clock_ahead", "Msg.TikTokClockAhead",
		"TikTok Shop: this PC's clock is %1 s ahead of TikTok's, outside the window TikTok accepts (5 minutes behind, 30 s ahead); Linkon now signs with TikTok's time, but set the clock right (Windows/macOS: set time automatically)"},
	[LK_MSG_TIKTOK_AUTHORIZE] = {"tiktok_authorize", "Msg.TikTokAuthorize",
		"TikTok Shop: authorize Linkon: open your app's authorization link, then paste the code it shows (Connection dialog, or \"auth_code\" in the Linkon config file)"},
	[LK_MSG_TIKTOK_EXPIRED] = {"tiktok_authorization_expired", "Msg.TikTokExpired",
		"TikTok Shop: the authorization has expired: open the authorization link again and paste the new code (Connection dialog, or \"auth_code\")"},
	[LK_MSG_TIKTOK_CODE_USED] = {"tiktok_code_refused", "Msg.TikTokCodeUsed",
		"TikTok Shop: %1: open the authorization link again and paste the new code (a code works once, for 30 minutes)"},
	[LK_MSG_TIKTOK_SCOPE] = {"tiktok_missing_scope", "Msg.TikTokScope",
		"TikTok Shop: %1. In Partner Center, add the scopes Shop Authorized Information, Product Basic and Promotion Information to your app, then authorize Linkon again"},
	[LK_MSG_TIKTOK_BAD_APP] = {"tiktok_bad_app", "Msg.TikTokBadApp",
		"TikTok Shop: %1; check \"app_key\" and \"app_secret\""},
	[LK_MSG_TIKTOK_BAD_SIGN] = {"tiktok_bad_signature", "Msg.TikTokBadSign",
		"TikTok Shop: %1; check \"app_key\" and \"app_secret\", or authorize again"},
	[LK_MSG_TIKTOK_WRONG_SHOP] = {"tiktok_wrong_shop", "Msg.TikTokWrongShop",
		"TikTok Shop: %1: the shop (shop_cipher) is not one this authorization covers, or it belongs to another region's app; choose a shop from your authorized shops"},
	[LK_MSG_TIKTOK_SHOPS] = {"tiktok_choose_shop", "Msg.TikTokShops",
		"TikTok Shop: %1"},
	[LK_MSG_TIKTOK_BAD_BASE] = {"tiktok_bad_base", "Msg.TikTokBadBase",
		"TikTok Shop: \"api_base\" and \"auth_base\" must be http(s) URLs"},
	[LK_MSG_TIKTOK_BAD_CIPHER] = {"tiktok_bad_cipher", "Msg.TikTokBadCipher",
		"TikTok Shop: \"shop_cipher\" is not a shop cipher (choose it from the list of shops)"},
	[LK_MSG_TIKTOK_NEED_APP] = {"tiktok_need_app", "Msg.TikTokNeedApp",
		"TikTok Shop: set the app key and app secret (from your Custom app in Partner Center) in the Connection dialog"},
	[LK_MSG_TIKTOK_NO_NETWORK] = {"tiktok_no_network", "Msg.TikTokNoNetwork",
		"TikTok Shop: the network is not available"},
	[LK_MSG_TIKTOK_DEAL_NOT_CREATED] = {"tiktok_deal_not_created", "Msg.TikTokDealNotCreated",
		"TikTok Shop: the flash sale was not created on the shop: %1"},
	[LK_MSG_TIKTOK_DEAL_JOURNAL] = {"tiktok_deal_journal", "Msg.TikTokDealJournal",
		"TikTok Shop: the flash sale was not created on the shop (the journal could not be saved)"},
	[LK_MSG_TIKTOK_DEAL_NO_SCOPE] = {"tiktok_deal_no_scope", "Msg.TikTokDealNoScope",
		"TikTok Shop: flash sales are not created on the shop (add Promotion Modify to the app's scopes and authorize again): %1"},
	[LK_MSG_TIKTOK_DEAL_NOT_ENDED] = {"tiktok_deal_not_ended", "Msg.TikTokDealNotEnded",
		"TikTok Shop: the shop did not deactivate Linkon's activity: %1"},
	[LK_MSG_BRIDGE_OFFLINE] = {"bridge_offline", "Msg.BridgeOffline",
		"Bridge offline: %1"},
	[LK_MSG_BRIDGE_PROTOCOL] = {"bridge_protocol_error", "Msg.BridgeProtocol",
		"Bridge protocol error: %1"},
	[LK_MSG_BRIDGE_AUTH] = {"bridge_auth_failed", "Msg.BridgeAuth",
		"%1. Put the right token into the Linkon config file (%2): Linkon reads it again when it changes, and tries again every %3 s"},
	[LK_MSG_BRIDGE_SETTINGS] = {"bridge_bad_settings", "Msg.BridgeSettings",
		"Bridge: %1"},
	[LK_MSG_BRIDGE_NO_NETWORK] = {"bridge_no_network", "Msg.BridgeNoNetwork",
		"Bridge: the network worker is not running"},
	[LK_MSG_SHOW_LIVE] = {"show_live", "Msg.ShowLive", "a show is already live"},
	[LK_MSG_SHOW_NOT_LIVE] = {"show_not_live", "Msg.ShowNotLive", "no show is live"},
	[LK_MSG_GOAL_INVALID] = {"goal_invalid", "Msg.GoalInvalid",
		"a goal needs an id, a kind (gmv, units, orders, gifts, likes) and a target above 0"},
	[LK_MSG_ES_BAD_ENTRY] = {"es_bad_entry", "Msg.EsBadEntry",
		"this live-room entry in the config cannot be used: %1"},
	[LK_MSG_ES_UNKNOWN_TYPE] = {"es_unknown_type", "Msg.EsUnknownType",
		"this Linkon has no live room of type '%1'"},
	[LK_MSG_ES_DUPLICATE_ID] = {"es_duplicate_id", "Msg.EsDuplicateId",
		"another live room already uses the id '%1'"},
	[LK_MSG_ES_NO_NETWORK] = {"es_no_network", "Msg.EsNoNetwork",
		"the network is not available, so live rooms cannot connect"},
	[LK_MSG_ES_NOT_STARTED] = {"es_not_started", "Msg.EsNotStarted",
		"the live room (%1) could not start"},
	[LK_MSG_ES_UNKNOWN_ID] = {"es_unknown_id", "Msg.EsUnknownId",
		"there is no live room '%1'"},
	[LK_MSG_ES_NO_SIGN_IN] = {"es_no_sign_in", "Msg.EsNoSignIn",
		"the live room '%1' has no sign-in"},
	[LK_MSG_ES_SWITCHED_OFF] = {"es_switched_off", "Msg.EsSwitchedOff",
		"the live room '%1' is switched off"},
	[LK_MSG_YT_SIGN_IN] = {"yt_sign_in", "Msg.YtSignIn",
		"Sign in to YouTube: open %1 and enter the code %2"},
	[LK_MSG_YT_NEED_SIGN_IN] = {"yt_need_sign_in", "Msg.YtNeedSignIn",
		"Not signed in to YouTube: sign in from the Linkon dock"},
	[LK_MSG_YT_NEED_CLIENT] = {"yt_need_client", "Msg.YtNeedClient",
		"YouTube needs the client ID and secret of an OAuth client of type TVs and Limited Input devices, or an API key and a video ID"},
	[LK_MSG_YT_BAD_BASE] = {"yt_bad_base", "Msg.YtBadBase",
		"YouTube: the API and sign-in addresses must be http(s) URLs"},
	[LK_MSG_YT_FINDING] = {"yt_finding", "Msg.YtFinding",
		"Looking for the live broadcast on YouTube"},
	[LK_MSG_YT_WAITING] = {"yt_waiting", "Msg.YtWaiting",
		"No live broadcast on YouTube right now; checking again in %1 s"},
	[LK_MSG_YT_LIVE] = {"yt_live", "Msg.YtLive",
		"Reading the YouTube live chat of %1"},
	[LK_MSG_YT_SLOWED] = {"yt_slowed", "Msg.YtSlowed",
		"Reading the YouTube chat every %1 s so that the daily quota lasts the show"},
	[LK_MSG_YT_QUOTA] = {"yt_quota", "Msg.YtQuota",
		"YouTube's daily API quota is used up; reading again after midnight Pacific time (in %1 min)"},
	[LK_MSG_YT_BUDGET] = {"yt_budget", "Msg.YtBudget",
		"The daily YouTube budget of %1 units is used up; reading again after midnight Pacific time (in %2 min)"},
	[LK_MSG_YT_RATE] = {"yt_rate", "Msg.YtRate",
		"YouTube asks to slow down; trying again in %1 s"},
	[LK_MSG_YT_RETRYING] = {"yt_retrying", "Msg.YtRetrying",
		"YouTube: %1; trying again in %2 s"},
	[LK_MSG_YT_SIGN_IN_AGAIN] = {"yt_sign_in_again", "Msg.YtSignInAgain",
		"YouTube no longer accepts the saved sign-in: sign in again"},
	[LK_MSG_YT_DENIED] = {"yt_denied", "Msg.YtDenied",
		"The YouTube sign-in was refused"},
	[LK_MSG_YT_CODE_EXPIRED] = {"yt_code_expired", "Msg.YtCodeExpired",
		"The YouTube sign-in code expired: start the sign-in again"},
	[LK_MSG_YT_BAD_CLIENT] = {"yt_bad_client", "Msg.YtBadClient",
		"Google refused the client ID or secret: use an OAuth client of type TVs and Limited Input devices"},
	[LK_MSG_YT_CHAT_DISABLED] = {"yt_chat_disabled", "Msg.YtChatDisabled",
		"The live chat is turned off for this broadcast; checking again in %1 s"},
	[LK_MSG_YT_NO_ACCESS] = {"yt_no_access", "Msg.YtNoAccess",
		"YouTube refused access (%1): check the account, the API key and the video ID"},
	[LK_MSG_YT_SIGN_IN_FAILED] = {"yt_sign_in_failed", "Msg.YtSignInFailed",
		"The YouTube sign-in did not finish (%1): start the sign-in again"},
	[LK_MSG_TWITCH_NEED_CLIENT] = {"twitch_need_client", "Msg.TwitchNeedClient",
		"Twitch: set \"client_id\" (the Client ID of your Twitch app, client type Public) in the event source's settings"},
	[LK_MSG_TWITCH_BAD_URL] = {"twitch_bad_url", "Msg.TwitchBadUrl",
		"Twitch: \"eventsub_url\" must be a ws:// or wss:// URL, \"helix_base\" and \"auth_base\" http:// or https:// URLs"},
	[LK_MSG_TWITCH_SIGN_IN] = {"twitch_sign_in", "Msg.TwitchSignIn",
		"Twitch: sign in with the Twitch account of your channel"},
	[LK_MSG_TWITCH_CODE] = {"twitch_code", "Msg.TwitchCode",
		"Twitch: open %1 and enter the code %2"},
	[LK_MSG_TWITCH_CONNECTING] = {"twitch_connecting", "Msg.TwitchConnecting",
		"Twitch: connecting to %1's channel"},
	[LK_MSG_TWITCH_LIVE] = {"twitch_live", "Msg.TwitchLive",
		"Twitch: connected to %1's channel"},
	[LK_MSG_TWITCH_SCOPE] = {"twitch_missing_scope", "Msg.TwitchScope",
		"Twitch: connected to %1's channel, but the sign-in lacks the permission %2, so %3 events do not arrive; sign in again"},
	[LK_MSG_TWITCH_RETRYING] = {"twitch_retrying", "Msg.TwitchRetrying",
		"Twitch: %1; retrying in %2 s"},
	[LK_MSG_TWITCH_RATE_LIMITED] = {"twitch_rate_limited", "Msg.TwitchRateLimited",
		"Twitch: too many requests; waiting %1 s"},
	[LK_MSG_TWITCH_AUTH] = {"twitch_auth_failed", "Msg.TwitchAuth",
		"Twitch: the sign-in is no longer valid (%1); sign in again"},
	[LK_MSG_TWITCH_REVOKED] = {"twitch_revoked", "Msg.TwitchRevoked",
		"Twitch: access to %1 was revoked on Twitch; sign in again"},
	[LK_MSG_TWITCH_USER_REMOVED] = {"twitch_user_removed", "Msg.TwitchUserRemoved",
		"Twitch: the channel's Twitch account is no longer available (removed or suspended)"},
	[LK_MSG_TWITCH_VERSION_REMOVED] = {"twitch_version_removed", "Msg.TwitchVersionRemoved",
		"Twitch: Twitch no longer offers %1 in the version Linkon uses; update Linkon"},
	[LK_MSG_TWITCH_ENDED] = {"twitch_subscription_ended", "Msg.TwitchEnded",
		"Twitch: Twitch ended the subscription to %1 (%2)"},
	[LK_MSG_TWITCH_NOT_SAVED] = {"twitch_not_saved", "Msg.TwitchNotSaved",
		"Twitch: the new sign-in could not be saved; sign in again after a restart"},
	[LK_MSG_TWITCH_CODE_EXPIRED] = {"twitch_code_expired", "Msg.TwitchCodeExpired",
		"Twitch: the sign-in code expired or was declined; start the sign-in again"},
	[LK_MSG_TWITCH_WHY_DROPPED] = {"twitch_why_dropped", "Msg.TwitchWhyDropped",
		"the connection to Twitch dropped"},
	[LK_MSG_TWITCH_WHY_SILENT] = {"twitch_why_silent", "Msg.TwitchWhySilent",
		"Twitch sent nothing within the keepalive time"},
	[LK_MSG_TWITCH_WHY_SERVER] = {"twitch_why_server", "Msg.TwitchWhyServer",
		"Twitch closed the connection (a server error)"},
	[LK_MSG_TWITCH_WHY_REFUSED] = {"twitch_why_refused", "Msg.TwitchWhyRefused",
		"Twitch closed the connection (a message it does not accept, or no subscription in time)"},
	[LK_MSG_TWITCH_WHY_NETWORK] = {"twitch_why_network", "Msg.TwitchWhyNetwork",
		"Twitch closed the connection (network timeout)"},
	[LK_MSG_TWITCH_WHY_MOVE] = {"twitch_why_move", "Msg.TwitchWhyMove",
		"moving to Twitch's new connection failed"},
	[LK_MSG_TWITCH_WHY_UNREACHABLE] = {"twitch_why_unreachable", "Msg.TwitchWhyUnreachable",
		"Twitch cannot be reached"},
	[LK_MSG_TWITCH_WHY_API] = {"twitch_why_api", "Msg.TwitchWhyApi",
		"Twitch's API answered with an error"},
	[LK_MSG_ES_BRIDGE_AUTH] = {"es_bridge_auth_failed", "Msg.EsBridgeAuth",
		"%1. Remove this live room and add it again with the right token (Live rooms tab); Linkon tries again every %2 s"},
};
/* clang-format on */

static const struct msg_def *def_of(enum lk_msg_code code)
{
	return code > LK_MSG_NONE && code < LK_MSG_COUNT && defs[code].name ? &defs[code] : NULL;
}

void lk_msg_set(struct lk_msg *m, enum lk_msg_code code, const char *a1, const char *a2, const char *a3)
{
	if (!m)
		return;
	m->code = code;
	m->wrap = LK_MSG_NONE;
	memset(m->arg_code, 0, sizeof(m->arg_code));
	lk_utf8_copy(m->arg[0], LK_MSG_ARG_MAX, a1);
	lk_utf8_copy(m->arg[1], LK_MSG_ARG_MAX, a2);
	lk_utf8_copy(m->arg[2], LK_MSG_ARG_MAX, a3);
}

void lk_msg_set_arg_code(struct lk_msg *m, int i, enum lk_msg_code code)
{
	if (m && i >= 0 && i < LK_MSG_ARGS)
		m->arg_code[i] = def_of(code) ? code : LK_MSG_NONE;
}

const char *lk_msg_name(enum lk_msg_code code)
{
	const struct msg_def *d = def_of(code);
	return d ? d->name : "";
}

const char *lk_msg_key(enum lk_msg_code code)
{
	const struct msg_def *d = def_of(code);
	return d ? d->key : NULL;
}

int lk_msg_plural_arg(enum lk_msg_code code)
{
	const struct msg_def *d = def_of(code);
	return d ? d->plural_arg : 0;
}

const char *lk_msg_english_template(enum lk_msg_code code, bool one)
{
	const struct msg_def *d = def_of(code);
	if (!d)
		return NULL;
	return one && d->one ? d->one : d->english;
}

bool lk_msg_equal(const struct lk_msg *a, const struct lk_msg *b)
{
	if (a->code != b->code || a->wrap != b->wrap)
		return false;
	for (int i = 0; i < LK_MSG_ARGS; i++)
		if (a->arg_code[i] != b->arg_code[i] || strcmp(a->arg[i], b->arg[i]) != 0)
			return false;
	return true;
}

const char *lk_msg_fill(struct dstr *out, const char *tmpl, const char *const *args, size_t num_args)
{
	dstr_ensure_capacity(out, 1);
	out->array[0] = '\0';
	out->len = 0;
	for (const char *s = tmpl ? tmpl : ""; *s; s++) {
		if (s[0] == '%' && s[1] >= '1' && s[1] <= '9') {
			size_t i = (size_t)(s[1] - '1');
			const char *v = i < num_args ? args[i] : NULL;
			dstr_cat(out, v ? v : "");
			s++;
		} else if (s[0] == '%' && s[1] == '%') {
			dstr_cat_ch(out, '%');
			s++;
		} else {
			dstr_cat_ch(out, *s);
		}
	}
	return out->array;
}

/* The template of code in the locale (tr), or English. */
static const char *template_of(enum lk_msg_code code, const char *const *args, lk_msg_text_fn tr, void *param,
			       const char *lang)
{
	const struct msg_def *d = def_of(code);
	int pa = d ? d->plural_arg : 0;
	long long n = pa ? strtoll(args[pa - 1], NULL, 10) : 0;
	const char *t = NULL;

	if (!d)
		return "";
	if (tr && pa) {
		char key[96];
		t = tr(lk_plural_key(key, sizeof(key), d->key, lang, n), param);
		if (!t)
			t = tr(lk_plural_key(key, sizeof(key), d->key, "en", n), param);
	} else if (tr) {
		t = tr(d->key, param);
	}
	if (!t)
		t = lk_msg_english_template(code, pa && lk_plural_category("en", n) == LK_PLURAL_ONE);
	return t;
}

bool lk_msg_unfill(const char *tmpl, const char *text, char *out, size_t size)
{
	const char *at = tmpl ? strstr(tmpl, "%1") : NULL;
	if (!at || !text || !size || strstr(at + 2, "%1"))
		return false;
	size_t pre = (size_t)(at - tmpl), post = strlen(at + 2), len = strlen(text);
	if (len < pre + post || strncmp(text, tmpl, pre) != 0 || strcmp(text + len - post, at + 2) != 0)
		return false;
	size_t n = len - pre - post;
	if (n >= size)
		return false;
	memcpy(out, text + pre, n);
	out[n] = '\0';
	return true;
}

const char *lk_msg_format(struct dstr *out, const struct lk_msg *m, lk_msg_text_fn tr, void *param, const char *lang)
{
	const char *args[LK_MSG_ARGS] = {m->arg[0], m->arg[1], m->arg[2]};
	struct dstr coded[LK_MSG_ARGS] = {{0}};

	for (int i = 0; tr && i < LK_MSG_ARGS; i++) {
		if (m->arg_code[i] == LK_MSG_NONE)
			continue;
		struct lk_msg reason = {.code = m->arg_code[i]};
		/* its detail (%1) back out of the English words; words that are
		 * not the code's English (a wrapped reason) stand whole as %1 */
		const char *english = lk_msg_english_template(reason.code, false);
		if (english && strstr(english, "%1") &&
		    !lk_msg_unfill(english, m->arg[i], reason.arg[0], sizeof(reason.arg[0])))
			lk_utf8_copy(reason.arg[0], sizeof(reason.arg[0]), m->arg[i]);
		args[i] = lk_msg_format(&coded[i], &reason, tr, param, lang);
	}
	lk_msg_fill(out, template_of(m->code, args, tr, param, lang), args, LK_MSG_ARGS);
	for (int i = 0; i < LK_MSG_ARGS; i++)
		dstr_free(&coded[i]);
	if (m->wrap != LK_MSG_NONE) {
		struct dstr inner = {0};
		const char *wargs[1];
		dstr_copy_dstr(&inner, out);
		wargs[0] = inner.array;
		lk_msg_fill(out, template_of(m->wrap, wargs, tr, param, lang), wargs, 1);
		dstr_free(&inner);
	}
	return out->array;
}

/* ---- refusals ---------------------------------------------------------------- */

static _Thread_local struct lk_msg refusal;
static _Thread_local char refusal_text[512];

const char *lk_msg_refuse(const struct lk_msg *m)
{
	struct dstr text = {0};

	refusal = *m;
	if (refusal.code == LK_MSG_NONE)
		lk_msg_set(&refusal, LK_MSG_REFUSED, NULL, NULL, NULL);
	lk_msg_format(&text, &refusal, NULL, NULL, NULL);
	snprintf(refusal_text, sizeof(refusal_text), "%s", text.array);
	dstr_free(&text);
	return refusal_text;
}

const char *lk_msg_refuse_code(enum lk_msg_code code, const char *a1, const char *a2)
{
	struct lk_msg m;
	lk_msg_set(&m, code, a1, a2, NULL);
	return lk_msg_refuse(&m);
}

bool lk_msg_refusal_of(const char *text, struct lk_msg *out)
{
	if (!text || text != refusal_text || refusal.code == LK_MSG_NONE)
		return false;
	*out = refusal;
	return true;
}
