/*
 * Linkon — the built-in demo shop: a deterministic simulation of a live show.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure logic, one thread at a time (see lk-demo-shop.h). All randomness
 * comes from the shop's own lk_rand, so the same seed and the same call
 * times give the same events.
 *
 * Behaviour beyond the header, as documented choices:
 * - order_every_ms < 0 means no orders; positive values below 50 are raised
 *   to 50; order_every_ms and pin_every_ms above a week are clamped to a
 *   week. Gaps between orders follow an exponential-like distribution (a
 *   32-step integer quantile table, no libm) with the configured mean, never
 *   shorter than a twentieth of it. An order buys 1 unit (60 %), 2 (30 %) or
 *   3 (10 %), capped by the stock left; 60 % of orders go to the pinned
 *   product while it has stock, the rest to a random cart item in stock.
 * - A product that has been sold out for DEMO_RESTOCK_MS is restocked to its
 *   stock_total ("补货"), so a demo left running for hours stays alive. A
 *   restock is a LK_EV_STOCK with the sold count unchanged; between restocks
 *   stock + sold of a product is constant.
 * - When a step comes more than DEMO_MAX_CATCHUP_MS late (a suspended PC),
 *   the missed orders and pin moves are skipped, not replayed in a burst.
 * - Steps before lk_demo_shop_start emit nothing and next_due is 0 (call
 *   start now); time going backwards is treated as no time passing.
 * - The cart is 8 catalog products picked by the seed; slot 1 is pinned at
 *   start. An anchor pin (lk_demo_shop_pin) of any catalog product restarts
 *   the automatic pin timer; automatic moves go to the slot after the pinned
 *   product (slot 1 when the pinned product is not in the cart or nothing is).
 * - One flash sale at a time. While it is live, DEMO_SALE_PERCENT of orders
 *   buy its product (when in stock); an order never takes more units than
 *   the sale's stock limit has left. The sale's own states are the store's
 *   business (lk_store_tick); the shop only tracks what it needs for orders.
 */
#include "lk-demo-shop.h"
#include "lk-money.h"
#include "lk-rand.h"

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>
#include <util/dstr.h>

#define DEMO_DEFAULT_SEED 0x4c696e6b6f6e2121ULL /* "Linkon!!" */
#define DEMO_DEFAULT_ORDER_MS 1500
#define DEMO_MIN_ORDER_MS 50
#define DEMO_DEFAULT_PIN_MS 20000
#define DEMO_MAX_PERIOD_MS (7 * 24 * 3600 * 1000LL) /* longer periods are clamped to a week */
#define DEMO_RESTOCK_MS 120000
#define DEMO_MAX_CATCHUP_MS 60000
#define DEMO_PINNED_PERCENT 60
#define DEMO_SALE_PERCENT 80
#define DEMO_CART_SIZE 8
#define DEMO_NEVER INT64_MAX
/* 2026-01-01T12:00:00Z in ms: the demo platform's clock is this + local ms */
#define DEMO_SERVER_EPOCH_MS 1767268800000LL

struct demo_seed {
	const char *sku;
	const char *title;
	int64_t price_fen;    /* CNY fen; converted for other currencies */
	int64_t original_fen; /* 0 = no original price */
	int64_t stock;
	int64_t sold;
};

/* Product N (1-based) shows <image_dir>/demo-NN.png, drawn by
 * scripts/make-demo-images.sh in this same order: keep the two in step. */
static const struct demo_seed catalog[] = {
	{"LK-TEA-357", "【直播专享】云南高山古树普洱茶 357g 礼盒装", 19900, 39900, 120, 1532},
	{"LK-SERUM-30", "Hydrating Hyaluronic Acid Serum 30ml", 12900, 21900, 300, 12876},
	{"LK-BUDS-PRO", "🔥 Wireless Noise-Cancelling Earbuds Pro with 36h Battery Case", 29900, 69900, 80, 3421},
	{"LK-APPLE-5J", "新疆阿克苏冰糖心苹果 5斤装 当季现摘 坏果包赔", 3990, 6990, 500, 25310},
	{"LK-TUMBLER-600", "Stainless Steel Insulated Tumbler 600ml", 8900, 12900, 200, 876},
	{"LK-RUN-FLY", "轻盈透气飞织运动跑鞋 男女同款", 25900, 45900, 150, 4210},
	{"LK-OLIVE-1L", "Organic Cold-Pressed Extra Virgin Olive Oil 1L", 7990, 0, 60, 342},
	{"LK-SILK-MASK", "【主播推荐】真丝桑蚕丝眼罩 助眠遮光 双面可用 送收纳袋", 5990, 9900, 40, 989},
	{"LK-POUR-SET",
	 "Handmade Ceramic Pour-Over Coffee Set with Dripper, Glass Server and Two Stoneware Cups in a Gift Box", 32900,
	 52900, 35, 127},
	{"LK-EJIAO-500", "手工阿胶糕 500g 即食 独立小包装", 16800, 26800, 90, 6050},
	{"LK-VC-MASK10", "Vitamin C Brightening Sheet Mask, 10 Sheets", 6900, 0, 250, 18432},
	{"LK-NIGHTSTAND", "北欧风简约实木床头柜 免安装 小户型卧室收纳柜 带两个抽屉 原木色/白色/胡桃色 多色可选", 39900,
	 69900, 20, 213},
	{"LK-TOWEL-3", "Bamboo Fiber Bath Towel Set (3 pcs)", 9900, 14900, 180, 2764},
	{"LK-RICE-10K", "五常稻花香大米 10kg 当季新米", 12900, 16900, 300, 48921},
	{"LK-LAMP-QI", "Smart LED Desk Lamp with Wireless Charger", 18900, 0, 75, 1087},
	{"LK-FLOWER-10", "云南鲜花饼 玫瑰味 10枚装", 2990, 4990, 450, 9876},
};

#define DEMO_NUM_PRODUCTS (sizeof(catalog) / sizeof(catalog[0]))

/* Target-currency thousandths of a major unit per 1 CNY (rough, for show). */
struct demo_rate {
	const char *code;
	int64_t milli;
};

static const struct demo_rate rates[] = {
	{"USD", 140},  {"EUR", 130},  {"GBP", 110}, {"JPY", 21000}, {"KRW", 190000},
	{"HKD", 1090}, {"TWD", 4500}, {"SGD", 190}, {"AUD", 215},   {"CAD", 195},
};

/* Exponential quantiles: -ln(1 - k/32) * 1000, the last one capped. */
static const int64_t exp_quantiles[33] = {0,    32,   65,   98,   134,  170,  208,  247,  288,  330,  375,
					  421,  470,  521,  575,  633,  693,  758,  827,  901,  981,  1068,
					  1163, 1269, 1386, 1520, 1674, 1856, 2079, 2367, 2773, 3466, 4500};

struct demo_item {
	char id[16];
	int64_t price;
	int64_t original;
	int64_t stock;
	int64_t stock_total;
	int64_t sold;
	int64_t sold_out_ms; /* when stock reached 0; meaningful while stock == 0 */
};

/* The demo's flash sale; times are local ms (platform = epoch + local). */
struct demo_sale {
	bool active; /* started, not stopped */
	char id[24];
	int item; /* catalog index */
	int64_t start_ms;
	int64_t end_ms;
	int64_t stock_left; /* LK_SALE_NO_LIMIT = no limit */
	int count;          /* sales started so far, for ids */
};

struct lk_demo_shop {
	struct lk_rand rng;
	char currency[4];
	char *image_dir; /* owned, NULL = no images */
	int64_t order_every_ms;
	int64_t pin_every_ms;

	struct demo_item items[DEMO_NUM_PRODUCTS];
	size_t cart[DEMO_CART_SIZE]; /* catalog indices in slot order */
	int pinned;                  /* catalog index, -1 = nothing */
	struct demo_sale sale;

	bool started;
	int64_t now_ms; /* time of the last start/step */
	int64_t next_order_ms;
	int64_t next_pin_ms;
	uint64_t orders; /* orders placed so far (their ids) */
};

/* ---- configuration ------------------------------------------------------- */

static void set_currency(struct lk_demo_shop *shop, const char *code)
{
	strcpy(shop->currency, "CNY");
	if (!code || strlen(code) != 3)
		return;
	for (int i = 0; i < 3; i++) {
		char c = code[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return;
		shop->currency[i] = c;
	}
}

static int64_t ceil_div(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}

/* A CNY price in fen as a believable price in the shop's currency. */
static int64_t convert_price(const char *currency, int64_t fen)
{
	int64_t milli = 140; /* unknown currencies: dollar-like amounts */
	int decimals = lk_money_decimals(currency);

	if (strcmp(currency, "CNY") == 0)
		return fen;
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		if (strcmp(currency, rates[i].code) == 0)
			milli = rates[i].milli;
	}

	int64_t major = ceil_div(fen * milli / 100, 1000);
	if (decimals == 0) { /* ¥2,100 or ₩18,900: round up to a tidy step */
		int64_t step = major < 1000 ? 10 : major < 100000 ? 100 : 1000;
		return ceil_div(major, step) * step;
	}

	int64_t scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	return major * scale - (scale >= 100 ? scale / 100 : 1); /* 13.99 */
}

static void init_items(struct lk_demo_shop *shop)
{
	for (size_t i = 0; i < DEMO_NUM_PRODUCTS; i++) {
		struct demo_item *it = &shop->items[i];
		const struct demo_seed *s = &catalog[i];

		snprintf(it->id, sizeof(it->id), "demo-%02d", (int)(i + 1));
		it->price = convert_price(shop->currency, s->price_fen);
		it->original = s->original_fen ? convert_price(shop->currency, s->original_fen) : 0;
		it->stock = s->stock;
		it->stock_total = s->stock;
		it->sold = s->sold;
	}
}

/* Picks the cart: a seeded partial shuffle of the catalog. */
static void init_cart(struct lk_demo_shop *shop)
{
	size_t order[DEMO_NUM_PRODUCTS];

	for (size_t i = 0; i < DEMO_NUM_PRODUCTS; i++)
		order[i] = i;
	for (size_t i = 0; i < DEMO_CART_SIZE; i++) {
		size_t j = i + (size_t)lk_rand_below(&shop->rng, DEMO_NUM_PRODUCTS - i);
		size_t tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
		shop->cart[i] = order[i];
	}
	shop->pinned = -1;
}

struct lk_demo_shop *lk_demo_shop_create(const struct lk_demo_config *cfg)
{
	struct lk_demo_shop *shop = bzalloc(sizeof(*shop));
	struct lk_demo_config def = {0};

	if (!cfg)
		cfg = &def;
	lk_rand_seed(&shop->rng, cfg->seed ? cfg->seed : DEMO_DEFAULT_SEED);
	set_currency(shop, cfg->currency);
	shop->sale.count = cfg->sale_ids_after > 0 ? cfg->sale_ids_after : 0;
	if (cfg->image_dir && *cfg->image_dir)
		shop->image_dir = bstrdup(cfg->image_dir);

	shop->order_every_ms = cfg->order_every_ms ? cfg->order_every_ms : DEMO_DEFAULT_ORDER_MS;
	if (shop->order_every_ms > 0 && shop->order_every_ms < DEMO_MIN_ORDER_MS)
		shop->order_every_ms = DEMO_MIN_ORDER_MS;
	if (shop->order_every_ms > DEMO_MAX_PERIOD_MS)
		shop->order_every_ms = DEMO_MAX_PERIOD_MS;
	shop->pin_every_ms = cfg->pin_every_ms ? cfg->pin_every_ms : DEMO_DEFAULT_PIN_MS;
	if (shop->pin_every_ms > DEMO_MAX_PERIOD_MS)
		shop->pin_every_ms = DEMO_MAX_PERIOD_MS;

	init_items(shop);
	init_cart(shop);
	shop->next_order_ms = DEMO_NEVER;
	shop->next_pin_ms = DEMO_NEVER;
	return shop;
}

void lk_demo_shop_destroy(struct lk_demo_shop *shop)
{
	if (!shop)
		return;
	bfree(shop->image_dir);
	bfree(shop);
}

size_t lk_demo_shop_catalog_size(const struct lk_demo_shop *shop)
{
	return shop ? DEMO_NUM_PRODUCTS : 0;
}

/* ---- the opening state --------------------------------------------------- */

static struct lk_product *make_product(const struct lk_demo_shop *shop, size_t i)
{
	const struct demo_item *it = &shop->items[i];
	struct lk_product *p = lk_product_new(it->id);
	struct dstr s = {0};

	lk_product_set_str(&p->sku, catalog[i].sku);
	lk_product_set_str(&p->title, catalog[i].title);
	if (shop->image_dir) {
		size_t len = strlen(shop->image_dir);
		bool slash = shop->image_dir[len - 1] == '/';
		dstr_printf(&s, "%s%sdemo-%02d.png", shop->image_dir, slash ? "" : "/", (int)(i + 1));
		lk_product_set_str(&p->image, s.array);
	}
	dstr_printf(&s, "https://demo.linkon.invalid/p/%s", it->id);
	lk_product_set_str(&p->buy_url, s.array);
	dstr_free(&s);

	p->price = it->price;
	p->original_price = it->original;
	lk_product_set_currency(p, shop->currency);
	p->stock = it->stock;
	p->stock_total = it->stock_total;
	p->sold = it->sold;
	return p;
}

static void push_catalog(const struct lk_demo_shop *shop, struct lk_events *out)
{
	struct lk_event *ev = lk_events_push(out, LK_EV_CATALOG_SET);

	ev->products = bmalloc(sizeof(*ev->products) * DEMO_NUM_PRODUCTS);
	for (size_t i = 0; i < DEMO_NUM_PRODUCTS; i++)
		ev->products[i] = make_product(shop, i);
	ev->num_products = DEMO_NUM_PRODUCTS;
}

static void push_cart(const struct lk_demo_shop *shop, struct lk_events *out)
{
	const char *ids[DEMO_CART_SIZE];

	for (size_t i = 0; i < DEMO_CART_SIZE; i++)
		ids[i] = shop->items[shop->cart[i]].id;
	lk_events_cart(out, ids, DEMO_CART_SIZE);
}

static int64_t order_gap(struct lk_demo_shop *shop)
{
	uint64_t u = lk_rand_next(&shop->rng) >> 48; /* 16 bits */
	size_t k = (size_t)(u >> 11);                /* 32 buckets */
	int64_t frac = (int64_t)(u & 2047);
	int64_t lo = exp_quantiles[k], hi = exp_quantiles[k + 1];
	int64_t q = lo + (hi - lo) * frac / 2048; /* thousandths of the mean */
	int64_t gap = shop->order_every_ms * q / 1000;
	int64_t min_gap = shop->order_every_ms / 20;

	return gap < min_gap ? (min_gap > 0 ? min_gap : 1) : gap;
}

void lk_demo_shop_start(struct lk_demo_shop *shop, int64_t now_ms, struct lk_events *out)
{
	struct lk_event *ev = lk_events_push(out, LK_EV_SERVER_TIME);
	ev->server_time_ms = DEMO_SERVER_EPOCH_MS + now_ms;
	ev->local_ms = now_ms;

	push_catalog(shop, out);
	push_cart(shop, out);
	shop->pinned = (int)shop->cart[0];
	lk_events_pin(out, shop->items[shop->pinned].id);

	ev = lk_events_push(out, LK_EV_STATUS);
	ev->status.state = LK_CONN_CONNECTED;
	ev->status.connector = bstrdup("demo");
	lk_msg_set(&ev->status.msg, LK_MSG_DEMO_SHOP, NULL, NULL, NULL);
	ev->status.message = bstrdup(lk_msg_english_template(LK_MSG_DEMO_SHOP, false));

	shop->started = true;
	shop->now_ms = now_ms;
	shop->next_order_ms = shop->order_every_ms > 0 ? now_ms + order_gap(shop) : DEMO_NEVER;
	shop->next_pin_ms = shop->pin_every_ms > 0 ? now_ms + shop->pin_every_ms : DEMO_NEVER;
}

/* ---- simulation ---------------------------------------------------------- */

static int64_t next_restock_ms(const struct lk_demo_shop *shop)
{
	int64_t due = DEMO_NEVER;
	for (size_t i = 0; i < DEMO_NUM_PRODUCTS; i++) {
		const struct demo_item *it = &shop->items[i];
		if (it->stock == 0 && it->sold_out_ms + DEMO_RESTOCK_MS < due)
			due = it->sold_out_ms + DEMO_RESTOCK_MS;
	}
	return due;
}

static void restock(struct lk_demo_shop *shop, int64_t t, struct lk_events *out)
{
	for (size_t i = 0; i < DEMO_NUM_PRODUCTS; i++) {
		struct demo_item *it = &shop->items[i];
		if (it->stock == 0 && it->sold_out_ms + DEMO_RESTOCK_MS <= t) {
			it->stock = it->stock_total;
			lk_events_stock(out, it->id, it->stock, it->sold);
		}
	}
}

static int cart_slot_of(const struct lk_demo_shop *shop, int item)
{
	for (int i = 0; i < DEMO_CART_SIZE; i++) {
		if ((int)shop->cart[i] == item)
			return i;
	}
	return -1;
}

static void move_pin(struct lk_demo_shop *shop, struct lk_events *out)
{
	int slot = shop->pinned >= 0 ? cart_slot_of(shop, shop->pinned) : -1;
	int next = slot >= 0 ? (slot + 1) % DEMO_CART_SIZE : 0;

	shop->pinned = (int)shop->cart[next];
	lk_events_pin(out, shop->items[shop->pinned].id);
}

/* Is the sale in pre-roll or live at local time t? */
static bool sale_running(const struct lk_demo_shop *shop, int64_t t)
{
	const struct demo_sale *ds = &shop->sale;
	return ds->active && t < ds->end_ms && ds->stock_left != 0;
}

/* Catalog index of the live sale's product if it can be bought at t, else -1. */
static int sale_item(const struct lk_demo_shop *shop, int64_t t)
{
	const struct demo_sale *ds = &shop->sale;
	if (!sale_running(shop, t) || t < ds->start_ms || shop->items[ds->item].stock <= 0)
		return -1;
	return ds->item;
}

/* Catalog index of the product the next order buys, -1 if all sold out. */
static int pick_product(struct lk_demo_shop *shop, int64_t t)
{
	int in_stock[DEMO_CART_SIZE];
	int n = 0;
	bool pinned_ok = shop->pinned >= 0 && shop->items[shop->pinned].stock > 0;
	int on_sale = sale_item(shop, t);

	if (on_sale >= 0 && lk_rand_percent(&shop->rng, DEMO_SALE_PERCENT))
		return on_sale;
	if (pinned_ok && lk_rand_percent(&shop->rng, DEMO_PINNED_PERCENT))
		return shop->pinned;
	for (int i = 0; i < DEMO_CART_SIZE; i++) {
		if (shop->items[shop->cart[i]].stock > 0)
			in_stock[n++] = (int)shop->cart[i];
	}
	if (n == 0)
		return pinned_ok ? shop->pinned : -1;
	return in_stock[lk_rand_below(&shop->rng, (uint64_t)n)];
}

/* Made-up buyers' display names, as platforms show them: Latin, Chinese,
 * Thai, Arabic, Japanese, Korean, emoji nicknames. */
static const char *const demo_buyers[] = {
	"Mia",    "Maria Lopez",   "王小明",        "李娜",           "สมชาย",           "ณัฐวุฒิ ใจดี",
	"محمد",   "فاطمة الزهراء", "🦄 Luna",     "Kai 🔥",          "👩‍💻 Ana", "さくら",
	"김민준", "José",          "Nguyễn Văn An", "Ölçer",          "🐼熊猫爱购物",     "Jean-Pierre",
	NULL,     "🇹🇭 Nok",        "Zoë",           "Siti Nurhaliza", "小红🌸",           "Ahmed",
};

/* The order event of a demo sale: id, buyer, one item at the catalog price. */
static void order_event(struct lk_demo_shop *shop, const struct demo_item *it, int64_t qty, int64_t t,
			struct lk_events *out)
{
	char id[40];
	size_t n = sizeof(demo_buyers) / sizeof(demo_buyers[0]);

	shop->orders++;
	/* unique across runs too: a show that goes on after a restart must not take a new order as a redelivery */
	snprintf(id, sizeof(id), "demo-%lld-%llu", (long long)(t % 100000000), (unsigned long long)shop->orders);
	struct lk_order *o = lk_order_new(id);
	o->time_ms = DEMO_SERVER_EPOCH_MS + t;
	lk_order_add_item(o, it->id, qty, it->price);
	lk_order_set_currency(o, shop->currency);
	/* a name per order without drawing from rng (the shop's sequence stays as it was) */
	lk_order_set_str(&o->buyer, demo_buyers[(shop->orders * 7) % n]);
	lk_order_set_str(&o->source, "demo");
	lk_events_order(out, o);
}

static void place_order(struct lk_demo_shop *shop, int64_t t, struct lk_events *out)
{
	int idx = pick_product(shop, t);
	if (idx < 0)
		return;

	struct demo_item *it = &shop->items[idx];
	struct demo_sale *ds = &shop->sale;
	bool limited = idx == sale_item(shop, t) && ds->stock_left > 0;
	uint64_t roll = lk_rand_below(&shop->rng, 10); /* 1 unit 60%, 2: 30%, 3: 10% */
	int64_t qty = roll < 6 ? 1 : roll < 9 ? 2 : 3;

	if (qty > it->stock)
		qty = it->stock;
	if (limited && qty > ds->stock_left)
		qty = ds->stock_left;
	it->stock -= qty;
	it->sold += qty;
	if (it->stock == 0)
		it->sold_out_ms = t;
	lk_events_stock(out, it->id, it->stock, it->sold);
	if (qty > 0)
		order_event(shop, it, qty, t, out);
	if (limited) {
		ds->stock_left -= qty;
		lk_events_sale_stock(out, ds->id, ds->stock_left);
	}
}

static void skip_missed(struct lk_demo_shop *shop, int64_t now_ms)
{
	if (shop->next_order_ms != DEMO_NEVER && shop->next_order_ms < now_ms - DEMO_MAX_CATCHUP_MS)
		shop->next_order_ms = now_ms + order_gap(shop);
	if (shop->next_pin_ms != DEMO_NEVER && shop->next_pin_ms < now_ms - DEMO_MAX_CATCHUP_MS)
		shop->next_pin_ms = now_ms;
}

void lk_demo_shop_step(struct lk_demo_shop *shop, int64_t now_ms, struct lk_events *out)
{
	if (!shop->started)
		return;
	if (now_ms < shop->now_ms)
		now_ms = shop->now_ms;
	skip_missed(shop, now_ms);

	for (;;) {
		int64_t restock_t = next_restock_ms(shop);
		int64_t t = restock_t;
		if (shop->next_pin_ms < t)
			t = shop->next_pin_ms;
		if (shop->next_order_ms < t)
			t = shop->next_order_ms;
		if (t > now_ms || t == DEMO_NEVER)
			break;

		if (t == restock_t) {
			restock(shop, t, out);
		} else if (t == shop->next_pin_ms) {
			move_pin(shop, out);
			shop->next_pin_ms += shop->pin_every_ms;
		} else {
			place_order(shop, t, out);
			shop->next_order_ms += order_gap(shop);
		}
	}
	shop->now_ms = now_ms;
}

int64_t lk_demo_shop_next_due(const struct lk_demo_shop *shop)
{
	if (!shop->started)
		return 0;

	int64_t due = next_restock_ms(shop);
	if (shop->next_pin_ms < due)
		due = shop->next_pin_ms;
	if (shop->next_order_ms < due)
		due = shop->next_order_ms;
	return due;
}

void lk_demo_shop_pin(struct lk_demo_shop *shop, const char *id_or_null, struct lk_events *out)
{
	int found = -1;

	if (id_or_null) {
		for (size_t i = 0; i < DEMO_NUM_PRODUCTS; i++) {
			if (strcmp(shop->items[i].id, id_or_null) == 0)
				found = (int)i;
		}
		if (found < 0)
			return;
	}

	shop->pinned = found;
	lk_events_pin(out, id_or_null ? shop->items[found].id : NULL);
	if (shop->pin_every_ms > 0)
		shop->next_pin_ms = shop->now_ms + shop->pin_every_ms;
}

/* ---- flash sales ---------------------------------------------------------- */

static int find_item(const struct lk_demo_shop *shop, const char *id)
{
	for (size_t i = 0; id && i < DEMO_NUM_PRODUCTS; i++) {
		if (strcmp(shop->items[i].id, id) == 0)
			return (int)i;
	}
	return -1;
}

bool lk_demo_shop_start_sale(struct lk_demo_shop *shop, const struct lk_sale_params *params, int64_t now_ms,
			     struct lk_events *out)
{
	if (!shop->started || !params)
		return false;
	if (now_ms < shop->now_ms)
		now_ms = shop->now_ms;
	int idx = find_item(shop, params->product_id);
	if (idx < 0 || shop->items[idx].stock == 0 || sale_running(shop, now_ms))
		return false;

	struct demo_sale *ds = &shop->sale;
	snprintf(ds->id, sizeof(ds->id), "demo-sale-%d", ++ds->count);
	struct lk_sale *s = lk_sale_from_params(ds->id, params, shop->items[idx].price, DEMO_SERVER_EPOCH_MS + now_ms);
	ds->active = true;
	ds->item = idx;
	ds->start_ms = s->start_ms - DEMO_SERVER_EPOCH_MS;
	ds->end_ms = s->end_ms - DEMO_SERVER_EPOCH_MS;
	ds->stock_left = s->stock_limit;
	lk_events_sale_put(out, s);
	return true;
}

bool lk_demo_shop_stop_sale(struct lk_demo_shop *shop, const char *sale_id, int64_t now_ms, struct lk_events *out)
{
	struct demo_sale *ds = &shop->sale;

	if (!shop->started)
		return false;
	if (now_ms < shop->now_ms)
		now_ms = shop->now_ms;
	if (!sale_running(shop, now_ms) || (sale_id && strcmp(sale_id, ds->id) != 0))
		return false;

	ds->active = false;
	lk_events_sale_stop(out, ds->id, DEMO_SERVER_EPOCH_MS + now_ms);
	return true;
}
