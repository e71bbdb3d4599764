/*
 * Linkon — the Shopify connector's sale prices on the shop
 * ("write_sale_prices"): written when a sale goes live, restored when it
 * ends or is stopped, rewritten when its price changes, restored after a
 * crash from the journal; refused writes; and the whole flow started by
 * the controller, as in OBS. Against the loopback Shopify-like endpoint.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "shopify-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <util/bmem.h>

#include "core/lk-shopify-codec.h"
#include "lk-controller.h"
#include "lk-module.h"
#include "net/lk-net.h"

/* ---- sale prices -------------------------------------------------------------------- */

static void assert_journal_holds_p0(const char *path)
{
	struct stat st;
	size_t len = 0;
	struct lk_shopify_write *w = NULL;
	size_t n = 0;
	char err[LK_SHOPIFY_ERR_SIZE];

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *text = lk_test_read_file(path, &len);
	assert_non_null(text);
	assert_true(lk_shopify_journal_parse(text, len, &w, &n, err, sizeof(err)));
	assert_int_equal(n, 1);
	assert_string_equal(w[0].product_id, P0);
	assert_int_equal(w[0].variants.num, 2);
	assert_string_equal(w[0].variants.array[0].id, V0);
	assert_string_equal(w[0].variants.array[0].price, "10.00");
	assert_string_equal(w[0].variants.array[0].compare_at, "15.00");
	assert_string_equal(w[0].variants.array[1].price, "10.50");
	lk_shopify_write_free(&w[0]);
	bfree(w);
	free(text);
}

static void test_sale_written_and_restored_on_end(void **state)
{
	struct fx *f = &the_fx;
	int64_t cmp;

	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_start(f, "{\"write_sale_prices\": true, \"refresh_s\": 1}");
	wait_connected(f, 3);
	put_sale(f, "s1", P0, 799, 4000);
	wait_price(V0, 799, 1000);
	wait_price(V1, 799, 1050);
	assert_journal_holds_p0(f->journal);

	/* a refresh during the sale still shows the product's own prices */
	int64_t catalogs = stat_count("catalog");
	while (stat_count("catalog") < catalogs + 1)
		lk_test_sleep_ms(50);
	lk_test_sleep_ms(100);
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_int_equal(snap->products[0]->price, 1000);
	assert_int_equal(snap->products[0]->original_price, 1500);
	lk_snapshot_release(snap);

	/* the sale ends on time: old prices back, journal gone */
	wait_price(V0, 1000, 1500);
	wait_price(V1, 1050, 1500);
	wait_file_gone(f->journal);
	assert_int_equal(stat_count("mutations"), 2);
	assert_int_equal(server_price("gid://shopify/ProductVariant/5010", &cmp), 1100); /* untouched */
	fx_stop(f);
}

static void test_sale_restored_on_stop(void **state)
{
	struct fx *f = &the_fx;

	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_start(f, "{\"write_sale_prices\": true}");
	wait_connected(f, 3);
	put_sale(f, "s2", P0, 500, 600000);
	wait_price(V0, 500, 1000);
	assert_journal_holds_p0(f->journal);
	/* the anchor changes the price of the live sale: written again, the
	 * struck price is still the product's own */
	put_sale(f, "s2", P0, 450, 600000);
	wait_price(V0, 450, 1000);
	wait_price(V1, 450, 1050);
	assert_journal_holds_p0(f->journal);
	stop_sale(f, "s2");
	wait_price(V0, 1000, 1500);
	wait_price(V1, 1050, 1500);
	wait_file_gone(f->journal);

	/* a sale without write_sale_prices changes nothing on the shop */
	fx_stop(f);
	fx_start(f, NULL);
	wait_connected(f, 3);
	int64_t before = stat_count("mutations"), reads = stat_count("variants");
	put_sale(f, "s3", P0, 400, 600000);
	lk_test_sleep_ms(500);
	assert_int_equal(stat_count("mutations"), before);
	assert_int_equal(stat_count("variants"), reads);
	int64_t cmp;
	assert_int_equal(server_price(V0, &cmp), 1000);
	fx_stop(f);
}

static void test_sale_write_refused(void **state)
{
	struct fx *f = &the_fx;

	/* the shop refuses the write with a userError that quotes the token */
	shop_config("/_shopify/config", "{\"products\": 3, \"user_errors\": 1}");
	fx_start(f, "{\"write_sale_prices\": true}");
	wait_connected(f, 3);
	put_sale(f, "s4", P0, 700, 800);
	int64_t end = lk_test_mono_ms() + WAIT_MS;
	while (!log_has("the sale price was not written") && lk_test_mono_ms() < end)
		lk_test_sleep_ms(10);
	assert_true(log_has("the sale price was not written"));
	assert_true(log_has(LK_REDACTED));
	assert_true(fx_said(f, "Product does not exist (token " LK_REDACTED));
	/* after the end the old prices are written back all the same */
	wait_file_gone(f->journal);
	int64_t cmp;
	assert_int_equal(server_price(V0, &cmp), 1000);
	assert_int_equal(cmp, 1500);
	assert_int_equal(stat_count("mutations"), 2);
	fx_stop(f);
}

static void test_sale_write_denied(void **state)
{
	struct fx *f = &the_fx;

	/* a token without write_products: the sale stays on stream, the shop
	 * keeps its prices, and the catalog goes on */
	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_start(f, "{\"write_sale_prices\": true, \"refresh_s\": 1}");
	wait_connected(f, 3);
	shop_config("/_shopify/config?faults_only=1", "{\"faults\": [\"access_denied\"]}");
	put_sale(f, "s6", P0, 700, 600000);
	assert_true(fx_said(f, "the token needs the write_products scope"));
	int64_t catalogs = stat_count("catalog");
	while (stat_count("catalog") < catalogs + 1)
		lk_test_sleep_ms(50);
	assert_int_equal(fx_state(f), LK_CONN_CONNECTED);
	assert_int_equal(stat_count("mutations"), 0);
	int64_t cmp;
	assert_int_equal(server_price(V0, &cmp), 1000);
	assert_int_not_equal(access(f->journal, F_OK), 0);
	fx_stop(f);
}

static void test_journal_unwritable(void **state)
{
	struct fx *f = &the_fx;
	char blocker[512], extra[1200];

	/* the journal cannot be written (its directory is a file): no sale
	 * price goes to the shop, since it could not be undone after a crash */
	lk_testsrv_path(&shop_srv, "not-a-dir", blocker, sizeof(blocker));
	FILE *fp = fopen(blocker, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(extra, sizeof(extra), "{\"write_sale_prices\": true, \"journal_path\": \"%s/journal.json\"}", blocker);
	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_start(f, extra);
	wait_connected(f, 3);
	put_sale(f, "s7", P0, 600, 600000);
	assert_true(fx_said(f, "the journal could not be saved"));
	assert_true(log_has("could not write the sale-price journal"));
	assert_int_equal(stat_count("mutations"), 0);
	int64_t cmp;
	assert_int_equal(server_price(V0, &cmp), 1000);
	fx_stop(f);
	unlink(blocker);
}

static void test_restore_after_crash(void **state)
{
	struct fx *f = &the_fx;
	const char journal[] = "{\"version\": 1, \"writes\": [{\"product_id\": \"gid://shopify/Product/1002\", "
			       "\"variants\": [{\"id\": \"gid://shopify/ProductVariant/5020\", \"price\": \"30.00\", "
			       "\"compare_at_price\": null}, {\"id\": \"gid://shopify/ProductVariant/5021\", "
			       "\"price\": \"31.00\", \"compare_at_price\": \"40.00\"}]}]}";

	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_init(f);
	FILE *fp = fopen(f->journal, "w");
	assert_non_null(fp);
	fputs(journal, fp);
	fclose(fp);
	json_t *s = settings_for(f, NULL); /* write_sale_prices off: restores all the same */
	f->conn = lk_conn_shopify.create(f->store, f->net, s, NULL);
	json_decref(s);
	wait_price("gid://shopify/ProductVariant/5020", 3000, -1);
	wait_price("gid://shopify/ProductVariant/5021", 3100, 4000);
	wait_file_gone(f->journal);
	wait_connected(f, 3);
	assert_int_equal(stat_count("mutations"), 1);
	assert_true(log_has("restoring the prices of 1 products"));
	fx_stop(f);

	/* an unreadable journal is set aside, not retried */
	fx_init(f);
	fp = fopen(f->journal, "w");
	fputs("{\"version\": 1, \"writes\": [", fp);
	fclose(fp);
	s = settings_for(f, NULL);
	f->conn = lk_conn_shopify.create(f->store, f->net, s, NULL);
	json_decref(s);
	wait_connected(f, 3);
	char bad[600];
	snprintf(bad, sizeof(bad), "%s.bad", f->journal);
	assert_int_equal(access(bad, F_OK), 0);
	assert_int_not_equal(access(f->journal, F_OK), 0);
	unlink(bad);
	fx_stop(f);
}

/* ---- through the controller, as in OBS ------------------------------------------------- */

static void test_controller_flow(void **state)
{
	struct fx *f = &the_fx;
	const char *why = NULL;

	/* the controller starts the connector from the config file's object,
	 * runs pins and sales on the store, and ticks the sales' states */
	shop_config("/_shopify/config", "{\"products\": 3}");
	fx_init(f);
	lk_net_remove_tick(f->net, f->sale_tick); /* the controller ticks sales itself */
	f->sale_tick = 0;
	json_t *cfg = json_pack("{s:s, s:o}", "connector", "shopify", "shopify",
				settings_for(f, "{\"write_sale_prices\": true}"));
	struct lk_module module = {.store = f->store, .net = f->net};
	lk_controller_init(&module);
	assert_true(lk_controller_start(cfg));
	json_decref(cfg);
	wait_connected(f, 3);

	assert_true(lk_controller_pin(P0, &why));
	struct lk_snapshot *snap = lk_store_get(f->store);
	assert_non_null(snap->pinned);
	assert_string_equal(snap->pinned->id, P0);
	lk_snapshot_release(snap);

	struct lk_sale_params sale = {.product_id = P0, .has_price = true, .sale_price = 799, .duration_ms = 1500};
	assert_true(lk_controller_start_sale(&sale, &why));
	wait_price(V0, 799, 1000);
	wait_price(V0, 1000, 1500); /* ended on time */
	wait_file_gone(f->journal);

	sale.sale_price = 650;
	sale.duration_ms = 600000;
	assert_true(lk_controller_start_sale(&sale, &why));
	wait_price(V1, 650, 1050);
	assert_true(lk_controller_stop_sale(&why));
	wait_price(V1, 1050, 1500);
	wait_file_gone(f->journal);
	assert_int_equal(stat_count("mutations"), 4);

	lk_controller_shutdown();
	lk_controller_init(NULL); /* module is this function's */
	fx_stop(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_sale_written_and_restored_on_end, fx_teardown),
		cmocka_unit_test_teardown(test_sale_restored_on_stop, fx_teardown),
		cmocka_unit_test_teardown(test_sale_write_refused, fx_teardown),
		cmocka_unit_test_teardown(test_sale_write_denied, fx_teardown),
		cmocka_unit_test_teardown(test_journal_unwritable, fx_teardown),
		cmocka_unit_test_teardown(test_restore_after_crash, fx_teardown),
		cmocka_unit_test_teardown(test_controller_flow, fx_teardown),
	};
	return shopify_run_tests(tests, sizeof(tests) / sizeof(tests[0]), "test-shopify-sale.log");
}
