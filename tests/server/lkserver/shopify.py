# Linkon test server — a Shopify-like Admin GraphQL endpoint.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   POST /admin/api/<version>/graphql.json   the shop (X-Shopify-Access-Token)
#   POST /_shopify/config                    JSON: replaces the shop (see ShopState.configure)
#   GET  /_shopify/stats                     counters, bucket and every variant's price
#   POST /_shopify/inventory?product=I&variant=J&quantity=N
#   POST /_shopify/orders                    JSON list: adds orders (see add_orders)
#
# It understands the three operations Linkon sends, told apart by their
# text: the catalog (products(first:, after:) with shop { currencyCode }),
# one product's variants (product(id:)) and productVariantsBulkUpdate.
# Queries cost points from a leaky bucket (cost.throttleStatus); a query
# that costs more than is available answers the THROTTLED error, as
# Shopify does. Faults queued by the test apply to the next requests.

import json
import threading
import time

from .app import per_server, query_int

DEFAULT_TOKEN = "shpat_linkon_test_token_0123456789"
INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"
FAULTS = ("ok", "500", "drop", "malformed", "401", "access_denied", "html", "refused", "429", "orders_denied")


def money(minor):
    return "%d.%02d" % (minor // 100, minor % 100)


class ShopState:
    def __init__(self):
        self.lock = threading.Lock()
        self.configure({})

    def configure(self, cfg):
        """products (N, default 12), variants (per product, default 2), currency,
        token, max_available, restore_rate, page_cost (points per product in a
        catalog page), start_available (points in the bucket at first),
        faults (list, applied to the next requests in order), user_errors
        (the next N mutations are refused with userErrors),
        zero_decimals (prices in whole units, for JPY-like shops)."""
        self.token = cfg.get("token", DEFAULT_TOKEN)
        self.currency = cfg.get("currency", "USD")
        self.maximum = float(cfg.get("max_available", 1000.0))
        self.restore_rate = float(cfg.get("restore_rate", 50.0))
        self.available = min(self.maximum, float(cfg.get("start_available", self.maximum)))
        self.stamp = time.monotonic()
        self.page_cost = int(cfg.get("page_cost", 2))
        self.faults = list(cfg.get("faults", []))
        self.user_errors = int(cfg.get("user_errors", 0))  # the next N mutations answer userErrors
        self.counts = {"requests": 0, "throttled": 0, "catalog": 0, "variants": 0, "mutations": 0, "auth_failed": 0,
                       "faults": 0, "orders": 0, "orders_returned": 0}
        self.orders = []  # Admin API order nodes, any order; served sorted by createdAt
        self.order_queries = []  # the "query" filter of every orders request
        self.mutations = []
        self.products = []
        n = int(cfg.get("products", 12))
        per = max(1, int(cfg.get("variants", 2)))
        for i in range(n):
            variants = []
            for j in range(per):
                variants.append({
                    "id": "gid://shopify/ProductVariant/%d" % (5000 + i * 10 + j),
                    "sku": "SKU-%d-%d" % (i, j),
                    "price": 1000 + i * 100 + j * 50,  # minor units
                    "compareAtPrice": 1500 + i * 100 if i % 3 == 0 else None,
                    "inventoryQuantity": 5 + i + j,
                })
            self.products.append({
                "id": "gid://shopify/Product/%d" % (1000 + i),
                "title": ("商品 %d · Ünïcode 🎁" % i) if i % 5 == 1 else "Product %d" % i,
                "variants": variants,
            })

    def refill(self):
        now = time.monotonic()
        self.available = min(self.maximum, self.available + (now - self.stamp) * self.restore_rate)
        self.stamp = now

    def cost(self, requested):
        return {"requestedQueryCost": requested, "actualQueryCost": requested,
                "throttleStatus": {"maximumAvailable": self.maximum, "currentlyAvailable": round(self.available, 3),
                                   "restoreRate": self.restore_rate}}

    def find_product(self, pid):
        for p in self.products:
            if p["id"] == pid:
                return p
        return None

    def stats(self):
        self.refill()
        prices = {}
        for p in self.products:
            for v in p["variants"]:
                prices[v["id"]] = {"price": v["price"], "compareAtPrice": v["compareAtPrice"]}
        return {"counts": dict(self.counts), "available": self.available, "mutations": self.mutations,
                "prices": prices, "faults_left": len(self.faults), "order_queries": list(self.order_queries)}


def add_orders(shop, items):
    """Each item: {"id"?, "createdAt" (ISO-8601 UTC), "buyer"?, "currency"? (the shop's),
    "lines": [{"product": index, "quantity": n, "price"?: minor units (the first variant's)},
    {"custom": true, "quantity": n} (no product)], "total"?: minor units}."""
    for it in items:
        n = len(shop.orders)
        cur = it.get("currency", shop.currency)
        lines = []
        total = 0
        for ln in it.get("lines", []):
            qty = int(ln.get("quantity", 1))
            if ln.get("custom"):
                lines.append({"quantity": qty, "product": None,
                              "originalUnitPriceSet": {"shopMoney": {"amount": "1.00", "currencyCode": cur}}})
                total += 100 * qty
                continue
            p = shop.products[int(ln["product"])]
            price = int(ln.get("price", p["variants"][0]["price"]))
            total += price * qty
            lines.append({"quantity": qty, "product": {"id": p["id"]},
                          "originalUnitPriceSet": {"shopMoney": {"amount": money(price), "currencyCode": cur}}})
        shop.orders.append({
            "id": it.get("id", "gid://shopify/Order/%d" % (9000 + n)),
            "createdAt": it["createdAt"],
            "currencyCode": cur,
            "customer": {"displayName": it["buyer"]} if it.get("buyer") else None,
            "totalPriceSet": {"shopMoney": {"amount": money(int(it.get("total", total))), "currencyCode": cur}},
            "lineItems": {"nodes": lines},
        })


def orders_page(shop, variables):
    """orders(first, after, query: "created_at:>='…'", sortKey: CREATED_AT)."""
    first = max(1, min(250, int(variables.get("first") or 50)))
    q = variables.get("query") or ""
    shop.order_queries.append(q)
    since = ""
    if q.startswith("created_at:>='") and q.endswith("'"):
        since = q[len("created_at:>='"):-1]
    # ISO-8601 UTC strings with the same shape sort as times
    rows = sorted((o for o in shop.orders if o["createdAt"][:19] >= since[:19]), key=lambda o: o["createdAt"])
    after = variables.get("after")
    start = int(after[1:]) + 1 if isinstance(after, str) and after.startswith("o") else 0
    items = rows[start:start + first]
    end = start + len(items) - 1
    shop.counts["orders"] += 1
    shop.counts["orders_returned"] += len(items)
    return {"orders": {"pageInfo": {"hasNextPage": end + 1 < len(rows), "endCursor": "o%d" % end if items else None},
                       "nodes": items}}


def shop_of(req):
    return per_server(req, "shopify", ShopState)


def decimal_to_minor(s):
    if not isinstance(s, str) or not s or s.count(".") > 1 or not s.replace(".", "").isdigit():
        return None
    whole, _, frac = s.partition(".")
    frac = (frac + "00")[:2]
    return int(whole or "0") * 100 + int(frac)


def variant_prices(v):
    """id, price and compareAtPrice as the Admin API writes them."""
    return {"id": v["id"], "price": money(v["price"]),
            "compareAtPrice": money(v["compareAtPrice"]) if v["compareAtPrice"] else None}


def product_node(p, base):
    first = p["variants"][0]
    idx = int(p["id"].rsplit("/", 1)[1]) - 1000
    return {
        "id": p["id"],
        "title": p["title"],
        "totalInventory": sum(v["inventoryQuantity"] for v in p["variants"]),
        "tracksInventory": True,
        "onlineStoreUrl": "https://linkon-test.myshopify.com/products/p%d" % idx,
        "featuredImage": {"url": base + "/img/red-8x8.png"} if idx % 2 == 0 else None,
        "variants": {"nodes": [dict(variant_prices(first), sku=first["sku"])]},
    }


def catalog(shop, variables, base):
    first = max(1, min(250, int(variables.get("first") or 50)))
    after = variables.get("after")
    start = int(after[1:]) + 1 if isinstance(after, str) and after.startswith("c") else 0
    items = shop.products[start:start + first]
    end = start + len(items) - 1
    has_next = end + 1 < len(shop.products)
    shop.counts["catalog"] += 1
    return {"shop": {"currencyCode": shop.currency},
            "products": {"pageInfo": {"hasNextPage": has_next, "endCursor": "c%d" % end if items else None},
                         "nodes": [product_node(p, base) for p in items]}}


def variants(shop, variables):
    shop.counts["variants"] += 1
    p = shop.find_product(variables.get("id"))
    if p is None:
        return {"product": None}
    return {"product": {"id": p["id"], "variants": {"nodes": [variant_prices(v) for v in p["variants"]]}}}


def bulk_update(shop, variables):
    shop.counts["mutations"] += 1
    p = shop.find_product(variables.get("productId"))
    updates = variables.get("variants") or []
    user_error = shop.user_errors > 0
    shop.user_errors -= 1 if user_error else 0
    if user_error or p is None:
        return {"productVariantsBulkUpdate": {"productVariants": None, "userErrors": [
            {"field": ["productId"], "message": "Product does not exist (token %s must not leak)" % shop.token}]}}
    by_id = {v["id"]: v for v in p["variants"]}
    for i, u in enumerate(updates):
        price = decimal_to_minor(u.get("price"))
        cmp = u.get("compareAtPrice")
        if u.get("id") not in by_id or price is None or (cmp is not None and decimal_to_minor(cmp) is None):
            return {"productVariantsBulkUpdate": {"productVariants": None, "userErrors": [
                {"field": ["variants", str(i)], "message": "Variant or price is invalid"}]}}
    for u in updates:
        v = by_id[u["id"]]
        v["price"] = decimal_to_minor(u["price"])
        v["compareAtPrice"] = decimal_to_minor(u["compareAtPrice"]) if u.get("compareAtPrice") else None
    shop.mutations.append({"productId": p["id"], "variants": updates})
    return {"productVariantsBulkUpdate": {"productVariants": [
        {"id": u["id"], "price": u["price"], "compareAtPrice": u.get("compareAtPrice")} for u in updates],
        "userErrors": []}}


def apply_fault(req, shop, fault):
    """Answers with fault; returns True when the request is done."""
    if fault == "500":
        req.send_text(500, "Internal Server Error\n")
    elif fault == "drop":
        req.send_response(200)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", "5000")
        req.end_headers()
        req.wfile.write(b'{"data": {"shop"')
        req.drop_connection()
    elif fault == "malformed":
        req.send_bytes(200, b'{"data": {"products": [1, 2,', "application/json")
    elif fault == "html":
        req.send_bytes(200, b"<html><body>Shop is down for maintenance</body></html>", "text/html")
    elif fault == "401":
        req.send_json(401, {"errors": INVALID_TOKEN})
    elif fault == "access_denied":
        req.send_json(200, {"data": None, "errors": [
            {"message": "Access denied for products field. Required access: `read_products` access scope.",
             "extensions": {"code": "ACCESS_DENIED"}}]})
    elif fault == "429":
        req.send_response(429)
        req.send_header("Retry-After", "1")
        req.send_header("Content-Type", "application/json")
        body = json.dumps({"errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume "
                                     "uninterrupted service."}).encode()
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)
    elif fault == "orders_denied":
        req.send_json(200, {"data": None, "errors": [
            {"message": "Access denied for orders field. Required access: `read_orders` access scope.",
             "extensions": {"code": "ACCESS_DENIED"}}]})
    elif fault == "refused":
        req.send_json(200, {"errors": [{"message": "Field 'nope' doesn't exist on type 'QueryRoot'",
                                        "extensions": {"code": "undefinedField"}}]})
    else:
        return False
    return True


def graphql(req, path, query):
    shop = shop_of(req)
    body = req.read_body()
    host = "http://127.0.0.1:%d" % req.server.server_address[1]
    with shop.lock:
        shop.counts["requests"] += 1
        fault = shop.faults.pop(0) if shop.faults else None
        if fault:
            shop.counts["faults"] += 1
        if fault and apply_fault(req, shop, fault):
            return
        if req.headers.get("X-Shopify-Access-Token") != shop.token:
            shop.counts["auth_failed"] += 1
            req.send_json(401, {"errors": INVALID_TOKEN})
            return
        try:
            doc = json.loads(body.decode("utf-8"))
            text, variables = doc["query"], doc.get("variables") or {}
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            req.send_json(400, {"errors": [{"message": "Bad request body"}]})
            return
        is_orders = "orders(first:" in text
        if "productVariantsBulkUpdate" in text:
            requested = 10
        elif "product(id:" in text:
            requested = 12
        elif is_orders:
            requested = 3 + max(1, min(250, int(variables.get("first") or 50)))
        else:
            requested = 2 + shop.page_cost * max(1, min(250, int(variables.get("first") or 50)))
        shop.refill()
        if shop.available < requested:
            shop.counts["throttled"] += 1
            req.send_json(200, {"errors": [{"message": "Throttled", "extensions": {
                "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                "extensions": {"cost": dict(shop.cost(requested), actualQueryCost=None)}})
            return
        shop.available -= requested
        if is_orders:
            data = orders_page(shop, variables)
        elif requested == 10:
            data = bulk_update(shop, variables)
        elif requested == 12:
            data = variants(shop, variables)
        else:
            data = catalog(shop, variables, host)
        req.send_json(200, {"data": data, "extensions": {"cost": shop.cost(requested)}})


def config(req, path, query):
    shop = shop_of(req)
    try:
        cfg = json.loads(req.read_body().decode("utf-8") or "{}")
    except ValueError:
        req.send_text(400, "bad JSON\n")
        return
    if any(f not in FAULTS for f in cfg.get("faults", [])):
        req.send_text(400, "unknown fault; known: %s\n" % ", ".join(FAULTS))
        return
    with shop.lock:
        if query_int(query, "faults_only", 0):
            shop.faults.extend(cfg.get("faults", []))
            shop.user_errors += int(cfg.get("user_errors", 0))
        else:
            shop.configure(cfg)
    req.send_json(200, {"ok": True})


def stats(req, path, query):
    shop = shop_of(req)
    with shop.lock:
        req.send_json(200, shop.stats())


def inventory(req, path, query):
    """product=I&variant=J&quantity=N: sets one variant's inventory."""
    shop = shop_of(req)
    with shop.lock:
        i, j = query_int(query, "product", 0), query_int(query, "variant", 0)
        if i >= len(shop.products) or j >= len(shop.products[i]["variants"]):
            req.send_text(404, "no such variant\n")
            return
        shop.products[i]["variants"][j]["inventoryQuantity"] = query_int(query, "quantity", 0, lo=-1000000)
    req.send_json(200, {"ok": True})


def orders(req, path, query):
    shop = shop_of(req)
    try:
        items = json.loads(req.read_body().decode("utf-8") or "[]")
        with shop.lock:
            add_orders(shop, items)
    except (ValueError, KeyError, TypeError, IndexError) as e:
        req.send_text(400, "bad orders: %s\n" % e)
        return
    req.send_json(200, {"ok": True, "orders": len(shop.orders)})


def register(router):
    router.prefix("/admin/api/", methods=("POST",))(graphql)
    router.route("/_shopify/config", methods=("POST",))(config)
    router.route("/_shopify/stats", methods=("GET",))(stats)
    router.route("/_shopify/inventory", methods=("POST",))(inventory)
    router.route("/_shopify/orders", methods=("POST",))(orders)
