/*
 * Linkon — controller commands, checked against a snapshot. Pure functions:
 * nothing here changes the store; any thread.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every input (dock, hotkey, scene drop, obs-websocket) builds a struct
 * lk_command and calls lk_command_check() with the newest snapshot. A
 * command that fails changes nothing: the caller shows the message and
 * stops. A command that passes comes back resolved (which product "next"
 * means, the new cart order, the sale price), ready to be sent to the
 * connector as an action or, when the connector has no such action, turned
 * into store events by lk_command_events().
 *
 * Rules (each failure has a code with parameters, lk-msg.h, and so a plain
 * English message):
 * - products are looked up in the snapshot's catalog: "unknown product 'x'";
 * - pin: any catalog product; NULL or "" unpins (as does LK_CMD_UNPIN);
 * - pin next / previous: the cart slot after / before the pinned product,
 *   wrapping around; from no pin (or a pin outside the cart) next is slot 1
 *   and previous the last slot; "the cart is empty";
 * - cart add: a catalog product not yet in the cart, at slot 1 … n + 1
 *   (0 = the end); cart remove: a product in the cart; cart move: a product
 *   in the cart to slot 1 … n;
 * - sale start: a catalog product that is not sold out (stock 0); sale
 *   price > 0 if given, else the product's price (which must then be > 0);
 *   duration 1 s … 24 h; stock, if given, at least 1 (omitted = no limit);
 *   pre-roll 0 or 3 … 300 s; and no other sale in pre-roll or live;
 * - sale stop: the named sale (NULL = the current sale) must not have
 *   finished.
 */
#pragma once

#include "lk-msg.h"
#include "lk-store.h"

#include <stdbool.h>
#include <stddef.h>
#include <util/dstr.h>

#ifdef __cplusplus
extern "C" {
#endif

enum lk_command_type {
	LK_CMD_PIN = 1,     /* product_id; NULL or "" = unpin */
	LK_CMD_UNPIN,       /* nothing */
	LK_CMD_PIN_NEXT,    /* nothing */
	LK_CMD_PIN_PREV,    /* nothing */
	LK_CMD_CART_ADD,    /* product_id, slot (1-based, 0 = at the end) */
	LK_CMD_CART_REMOVE, /* product_id */
	LK_CMD_CART_MOVE,   /* product_id, slot (1-based) */
	LK_CMD_SALE_START,  /* sale */
	LK_CMD_SALE_STOP,   /* sale_id; NULL = the current sale */
};

/* A command as the input gives it. Strings are borrowed for the call. */
struct lk_command {
	enum lk_command_type type;
	const char *product_id;
	size_t slot;
	const char *sale_id;
	struct lk_sale_params sale;
};

/* A checked command. Strings are borrowed from the snapshot it was checked
 * against (keep that snapshot until done); the cart array is owned: free
 * the result with lk_command_result_free. */
struct lk_command_result {
	enum lk_command_type type;
	const char *product_id; /* pin (NULL = unpin), cart and sale start: the product */
	const char *sale_id;    /* sale stop: the sale */
	const char **cart;      /* cart commands: the new cart order */
	size_t num_cart;
	struct lk_sale_params sale; /* sale start: sale_price always resolved (the product's price when
				     * has_price is false: none was chosen); product_id borrowed */
};

/* Checks cmd against snap. On success fills *res and returns true. On
 * failure returns false, leaves *res empty, and (if err is not NULL) puts
 * the reason in err, e.g. "unknown product 'demo-99'". res may be NULL to
 * check only. */
bool lk_command_check(const struct lk_snapshot *snap, const struct lk_command *cmd, struct lk_command_result *res,
		      struct dstr *err);
/* The same with the reason as a code and parameters (err may be NULL). */
bool lk_command_check_msg(const struct lk_snapshot *snap, const struct lk_command *cmd, struct lk_command_result *res,
			  struct lk_msg *err);
void lk_command_result_free(struct lk_command_result *res);

/* Store events that carry out a checked command directly (for connectors
 * that do not perform the action themselves), at platform time
 * platform_now_ms: a pin, a cart set, a sale put (id "linkon-<platform
 * ms>") or a sale stop. */
void lk_command_events(const struct lk_command_result *res, int64_t platform_now_ms, struct lk_events *out);

#ifdef __cplusplus
}
#endif
