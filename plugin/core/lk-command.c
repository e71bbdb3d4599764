/*
 * Linkon — controller commands, checked against a snapshot (see lk-command.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Ids in messages are cut at 64 bytes, so a hostile id cannot make a huge
 * message.
 */
#include "lk-command.h"

#include <stdio.h>
#include <string.h>
#include <util/bmem.h>

#define LK_MS_PER_S 1000

/* A refusal: code and its parameters (numbers as text) into err. */
static bool fail(struct lk_msg *err, enum lk_msg_code code, const char *a1, const char *a2)
{
	lk_msg_set(err, code, a1, a2, NULL);
	return false;
}

/* A refusal naming an id (cut at 64 bytes). */
static bool fail_id(struct lk_msg *err, enum lk_msg_code code, const char *id)
{
	char cut[65];
	snprintf(cut, sizeof(cut), "%.64s", id ? id : "");
	return fail(err, code, cut, NULL);
}

/* A refusal with two numbers. */
static bool fail_nums(struct lk_msg *err, enum lk_msg_code code, long long a, long long b)
{
	char x[24], y[24];
	snprintf(x, sizeof(x), "%lld", a);
	snprintf(y, sizeof(y), "%lld", b);
	return fail(err, code, x, y);
}

/* The catalog product with that id, or a failure naming it. */
static const struct lk_product *need_product(const struct lk_snapshot *snap, const char *id, struct lk_msg *err)
{
	if (!id || !*id) {
		fail(err, LK_MSG_NO_PRODUCT, NULL, NULL);
		return NULL;
	}
	const struct lk_product *p = lk_snapshot_find(snap, id);
	if (!p)
		fail_id(err, LK_MSG_UNKNOWN_PRODUCT, id);
	return p;
}

/* 0-based cart index of the product, or DARRAY_INVALID. */
static size_t cart_index(const struct lk_snapshot *snap, const struct lk_product *p)
{
	for (size_t i = 0; i < snap->num_cart; i++) {
		if (snap->cart[i] == p)
			return i;
	}
	return DARRAY_INVALID;
}

/* res->cart = the snapshot's cart ids (an owned copy of the pointer array). */
static void copy_cart(const struct lk_snapshot *snap, struct lk_command_result *res, size_t extra)
{
	res->cart = bzalloc((snap->num_cart + extra + 1) * sizeof(*res->cart));
	for (size_t i = 0; i < snap->num_cart; i++)
		res->cart[i] = snap->cart[i]->id;
	res->num_cart = snap->num_cart;
}

/* ---- pin ------------------------------------------------------------------ */

static bool check_pin(const struct lk_snapshot *snap, const struct lk_command *cmd, struct lk_command_result *res,
		      struct lk_msg *err)
{
	if (cmd->type == LK_CMD_UNPIN || !cmd->product_id || !*cmd->product_id)
		return true; /* unpin: product_id stays NULL */

	const struct lk_product *p = need_product(snap, cmd->product_id, err);
	if (!p)
		return false;
	res->product_id = p->id;
	return true;
}

static bool check_pin_step(const struct lk_snapshot *snap, const struct lk_command *cmd, struct lk_command_result *res,
			   struct lk_msg *err)
{
	size_t n = snap->num_cart;
	if (n == 0)
		return fail(err, LK_MSG_CART_EMPTY, NULL, NULL);

	size_t slot = snap->pinned_slot; /* 1-based, 0 = not in the cart */
	size_t idx;
	if (cmd->type == LK_CMD_PIN_NEXT)
		idx = slot == 0 ? 0 : slot % n;
	else
		idx = slot <= 1 ? n - 1 : slot - 2;
	res->product_id = snap->cart[idx]->id;
	return true;
}

/* ---- cart ----------------------------------------------------------------- */

static bool check_cart_add(const struct lk_snapshot *snap, const struct lk_command *cmd, struct lk_command_result *res,
			   struct lk_msg *err)
{
	const struct lk_product *p = need_product(snap, cmd->product_id, err);
	if (!p)
		return false;
	if (cart_index(snap, p) != DARRAY_INVALID)
		return fail_id(err, LK_MSG_ALREADY_IN_CART, p->id);

	size_t n = snap->num_cart;
	size_t slot = cmd->slot ? cmd->slot : n + 1;
	if (slot > n + 1)
		return fail_nums(err, LK_MSG_SLOT_RANGE, (long long)cmd->slot, (long long)(n + 1));

	copy_cart(snap, res, 1);
	memmove(res->cart + slot, res->cart + slot - 1, (n - (slot - 1)) * sizeof(*res->cart));
	res->cart[slot - 1] = p->id;
	res->num_cart = n + 1;
	res->product_id = p->id;
	return true;
}

static bool check_cart_remove(const struct lk_snapshot *snap, const struct lk_command *cmd,
			      struct lk_command_result *res, struct lk_msg *err)
{
	const struct lk_product *p = need_product(snap, cmd->product_id, err);
	if (!p)
		return false;
	size_t idx = cart_index(snap, p);
	if (idx == DARRAY_INVALID)
		return fail_id(err, LK_MSG_NOT_IN_CART, p->id);

	copy_cart(snap, res, 0);
	memmove(res->cart + idx, res->cart + idx + 1, (snap->num_cart - idx - 1) * sizeof(*res->cart));
	res->num_cart--;
	res->product_id = p->id;
	return true;
}

static bool check_cart_move(const struct lk_snapshot *snap, const struct lk_command *cmd, struct lk_command_result *res,
			    struct lk_msg *err)
{
	const struct lk_product *p = need_product(snap, cmd->product_id, err);
	if (!p)
		return false;
	size_t from = cart_index(snap, p);
	if (from == DARRAY_INVALID)
		return fail_id(err, LK_MSG_NOT_IN_CART, p->id);
	size_t n = snap->num_cart;
	if (cmd->slot < 1 || cmd->slot > n)
		return fail_nums(err, LK_MSG_SLOT_RANGE, (long long)cmd->slot, (long long)n);

	size_t to = cmd->slot - 1;
	copy_cart(snap, res, 0);
	if (to < from)
		memmove(res->cart + to + 1, res->cart + to, (from - to) * sizeof(*res->cart));
	else
		memmove(res->cart + from, res->cart + from + 1, (to - from) * sizeof(*res->cart));
	res->cart[to] = p->id;
	res->product_id = p->id;
	return true;
}

/* ---- sales ---------------------------------------------------------------- */

static const struct lk_sale *running_sale(const struct lk_snapshot *snap)
{
	for (size_t i = 0; i < snap->num_sales; i++) {
		const struct lk_sale *s = snap->sales[i];
		if (s->state == LK_SALE_PREROLL || s->state == LK_SALE_LIVE)
			return s;
	}
	return NULL;
}

/* The numbers of a sale start, product aside. */
static bool check_sale_numbers(const struct lk_sale_params *sp, struct lk_msg *err)
{
	if (sp->has_price && sp->sale_price <= 0)
		return fail(err, LK_MSG_BAD_SALE_PRICE, NULL, NULL);
	if (sp->duration_ms < LK_SALE_DURATION_MIN_MS || sp->duration_ms > LK_SALE_DURATION_MAX_MS)
		return fail(err, LK_MSG_BAD_DURATION, NULL, NULL);
	if (sp->has_stock && sp->stock < 1)
		return fail(err, LK_MSG_BAD_STOCK, NULL, NULL);
	if (sp->preroll_ms != 0 && (sp->preroll_ms < LK_SALE_PREROLL_MIN_MS || sp->preroll_ms > LK_SALE_PREROLL_MAX_MS))
		return fail_nums(err, LK_MSG_BAD_PREROLL, LK_SALE_PREROLL_MIN_MS / LK_MS_PER_S,
				 LK_SALE_PREROLL_MAX_MS / LK_MS_PER_S);
	return true;
}

static bool check_sale_start(const struct lk_snapshot *snap, const struct lk_command *cmd,
			     struct lk_command_result *res, struct lk_msg *err)
{
	const struct lk_sale_params *sp = &cmd->sale;
	const struct lk_product *p = need_product(snap, sp->product_id, err);
	if (!p || !check_sale_numbers(sp, err))
		return false;
	if (!sp->has_price && p->price <= 0)
		return fail_id(err, LK_MSG_NO_PRICE, p->id);
	if (p->stock == 0)
		return fail_id(err, LK_MSG_SOLD_OUT, p->id);
	const struct lk_sale *busy = running_sale(snap);
	if (busy)
		return fail_id(err, LK_MSG_SALE_RUNNING, busy->id);

	res->sale = *sp;
	res->sale.product_id = p->id;
	/* has_price stays what the anchor chose, so a platform can tell "the
	 * product's price" from a price that happens to equal it; sale_price
	 * is always the price to show */
	res->sale.sale_price = sp->has_price ? sp->sale_price : p->price;
	res->product_id = p->id;
	return true;
}

static bool check_sale_stop(const struct lk_snapshot *snap, const struct lk_command *cmd, struct lk_command_result *res,
			    struct lk_msg *err)
{
	const struct lk_sale *s = snap->current_sale;

	if (cmd->sale_id && *cmd->sale_id) {
		s = lk_snapshot_find_sale(snap, cmd->sale_id);
		if (!s)
			return fail_id(err, LK_MSG_UNKNOWN_SALE, cmd->sale_id);
	}
	if (!s || lk_sale_state_final(s->state))
		return s ? fail_id(err, LK_MSG_SALE_FINISHED, s->id) : fail(err, LK_MSG_NO_SALE, NULL, NULL);
	res->sale_id = s->id;
	res->product_id = s->product_id;
	return true;
}

/* ---- entry points --------------------------------------------------------- */

static bool dispatch(const struct lk_snapshot *snap, const struct lk_command *cmd, struct lk_command_result *res,
		     struct lk_msg *err)
{
	switch (cmd->type) {
	case LK_CMD_PIN:
	case LK_CMD_UNPIN:
		return check_pin(snap, cmd, res, err);
	case LK_CMD_PIN_NEXT:
	case LK_CMD_PIN_PREV:
		return check_pin_step(snap, cmd, res, err);
	case LK_CMD_CART_ADD:
		return check_cart_add(snap, cmd, res, err);
	case LK_CMD_CART_REMOVE:
		return check_cart_remove(snap, cmd, res, err);
	case LK_CMD_CART_MOVE:
		return check_cart_move(snap, cmd, res, err);
	case LK_CMD_SALE_START:
		return check_sale_start(snap, cmd, res, err);
	case LK_CMD_SALE_STOP:
		return check_sale_stop(snap, cmd, res, err);
	}
	return fail(err, LK_MSG_UNKNOWN_COMMAND, NULL, NULL);
}

bool lk_command_check_msg(const struct lk_snapshot *snap, const struct lk_command *cmd, struct lk_command_result *res,
			  struct lk_msg *err)
{
	struct lk_command_result tmp;

	if (!res)
		res = &tmp;
	memset(res, 0, sizeof(*res));
	if (!snap || !cmd)
		return fail(err, LK_MSG_NO_COMMAND, NULL, NULL);

	res->type = cmd->type;
	bool ok = dispatch(snap, cmd, res, err);
	if (!ok || res == &tmp)
		lk_command_result_free(res);
	return ok;
}

bool lk_command_check(const struct lk_snapshot *snap, const struct lk_command *cmd, struct lk_command_result *res,
		      struct dstr *err)
{
	struct lk_msg msg = {0};
	bool ok = lk_command_check_msg(snap, cmd, res, &msg);

	if (!ok && err)
		lk_msg_format(err, &msg, NULL, NULL, NULL);
	return ok;
}

void lk_command_result_free(struct lk_command_result *res)
{
	if (!res)
		return;
	bfree(res->cart);
	memset(res, 0, sizeof(*res));
}

void lk_command_events(const struct lk_command_result *res, int64_t platform_now_ms, struct lk_events *out)
{
	char id[48];

	switch (res->type) {
	case LK_CMD_PIN:
	case LK_CMD_UNPIN:
	case LK_CMD_PIN_NEXT:
	case LK_CMD_PIN_PREV:
		lk_events_pin(out, res->product_id);
		break;
	case LK_CMD_CART_ADD:
	case LK_CMD_CART_REMOVE:
	case LK_CMD_CART_MOVE:
		lk_events_cart(out, res->cart, res->num_cart);
		break;
	case LK_CMD_SALE_START:
		snprintf(id, sizeof(id), "linkon-%lld", (long long)platform_now_ms);
		lk_events_sale_put(out, lk_sale_from_params(id, &res->sale, res->sale.sale_price, platform_now_ms));
		break;
	case LK_CMD_SALE_STOP:
		lk_events_sale_stop(out, res->sale_id, platform_now_ms);
		break;
	}
}
