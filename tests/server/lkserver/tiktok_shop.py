# Linkon test server — a TikTok Shop Partner API (202309) fake.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   GET  /api/v2/token/get, /api/v2/token/refresh      the auth host (unsigned)
#   GET  /authorization/202309/shops                    signed, no shop_cipher
#   POST /product/202309/products/search                signed, shop-scoped, page tokens
#   POST /product/202309/inventory/search               per-SKU stock over warehouses
#   POST /promotion/202309/activities/search            page tokens
#   GET  /promotion/202309/activities/<id>              detail with products
#   POST /promotion/202309/activities                   create (returns activity_id)
#   PUT  /promotion/202309/activities/<id>/products     add products
#   POST /promotion/202309/activities/<id>/deactivate
#   POST /order/202309/orders/search                    update_time_ge, page tokens
#   POST /_tiktok/config      JSON: replaces the shop (see TikTokShop.configure)
#   POST /_tiktok/faults      JSON {"faults": [...]}: queued for the next signed calls;
#                             {"create_faults": [...]}: for the next activity creates only
#                             ("503_after": created, then HTTP 503; "hang_after": created,
#                             the answer held back hang_s seconds)
#   GET  /_tiktok/stats       counters, tokens issued, activities
#   POST /_tiktok/stock?product=I&sku=J&warehouse=K&quantity=N
#   POST /_tiktok/activity    JSON: adds an activity (times in Unix seconds)
#   POST /_tiktok/order       JSON: adds an order
#   POST /_tiktok/expire      the access token expires now (the next call: 105002)
#
# Every signed call is checked as TikTok Shop does: app_key, the timestamp
# window [now - 300 s, now + 30 s] of the shop's clock (which a test may
# skew), the sign recomputed over the sorted decoded parameters, the path
# and the exact body bytes (HMAC-SHA256 with the app secret), the access
# token in x-tts-access-token and shop_cipher where it belongs. A failure
# answers HTTP 401 with the platform's code (106001, 36009004, 105002,
# 106013). Success is code 0; money is decimal strings, times Unix seconds.

import base64
import re
import hashlib
import hmac
import json
import threading
import time
import urllib.parse

APP_KEY = "6abc123def456"
APP_SECRET = "e59af819cc0fe2db5f41a8fdb8ae0c7da9a52b01"
AUTH_CODE = "TTP_auth_code_linkon_test"
CIPHER = "ROW_lInKoN+t/e=st"
FAULTS = ("429", "503", "500", "drop", "code_under_200", "no_cipher", "expire_token", "scope", "html")
CREATE_FAULTS = ("503_after", "hang_after", "refuse", "scope")
MONEY_RE = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$")
WINDOW_PAST_S = 300
WINDOW_FUTURE_S = 30


def money(minor, decimals):
    if decimals == 0:
        return "%d" % minor
    return "%d.%0*d" % (minor // 10 ** decimals, decimals, minor % 10 ** decimals)


def page_token(last_id):
    # opaque, with + / = in it, as real tokens have
    return base64.b64encode(b"\xfb\xff\xbf" + last_id.encode()).decode()


def token_after(token):
    try:
        raw = base64.b64decode(token.encode(), validate=True)
    except (ValueError, TypeError):
        return None
    return raw[3:].decode() if raw.startswith(b"\xfb\xff\xbf") else None


class TikTokShop:
    def __init__(self):
        self.lock = threading.Lock()
        self.configure({})

    def configure(self, cfg):
        """products (N, default 6), skus (per product, default 1), warehouses (per
        SKU, default 1; product 0 always has 2 SKUs in 2 warehouses: the
        multi-warehouse case), currency, decimals, region, skew_s (the shop's
        clock ahead of ours), access_ttl_s, qps (per path; over it: 429),
        faults, delete_after_page {"page": P, "product": I} (product I is
        deleted once page P was served), shops (extra authorized shops)."""
        self.app_key = cfg.get("app_key", APP_KEY)
        self.secret = cfg.get("app_secret", APP_SECRET)
        self.currency = cfg.get("currency", "USD")
        self.decimals = int(cfg.get("decimals", 0 if self.currency in ("JPY", "KRW", "VND", "IDR") else 2))
        self.region = cfg.get("region", "SG")
        self.skew_s = float(cfg.get("skew_s", 0))
        self.access_ttl_s = int(cfg.get("access_ttl_s", 7 * 86400))
        self.qps = int(cfg.get("qps", 50))
        self.faults = list(cfg.get("faults", []))
        self.create_faults = list(cfg.get("create_faults", []))
        # per orders/search call, in order: null = answer, else a fault of FAULTS
        self.order_faults = list(cfg.get("order_faults", []))
        self.hang_s = float(cfg.get("hang_s", 3))
        self.delete_after_page = cfg.get("delete_after_page")
        self.extra_shops = list(cfg.get("shops", []))
        self.calls = {}
        self.counts = {"requests": 0, "signed_ok": 0, "bad_sign": 0, "bad_timestamp": 0, "expired": 0,
                       "refreshes": 0, "token_gets": 0, "products": 0, "rate_limited": 0, "faults": 0,
                       "activities": 0, "activity_detail": 0, "orders": 0, "created": 0, "inventory": 0,
                       "priced": 0, "deactivated": 0, "bad_activity_call": 0, "activity_finds": 0}
        self.pages_served = 0
        self.serial = 0
        self.access = None
        self.refresh = None
        self.access_expire = 0
        self.used_codes = set()
        if cfg.get("tokens", True):
            self.issue()
        self.products = []
        n = int(cfg.get("products", 6))
        per = max(1, int(cfg.get("skus", 1)))
        wh = max(1, int(cfg.get("warehouses", 1)))
        for i in range(n):
            skus = []
            count = max(per, 2) if i == 0 else per
            for j in range(count):
                wcount = max(wh, 2) if i == 0 else wh
                skus.append({"id": "%d" % (1729000000000 + i * 100 + j), "seller_sku": "TT-%d-%d" % (i, j),
                             "price": 1000 + i * 100 + j * 10,
                             "inventory": [{"warehouse_id": "WH%d" % k, "quantity": 3 + i + j + k}
                                           for k in range(wcount)]})
            self.products.append({"id": "%d" % (1729300000000 + i),
                                  "title": ("丝巾 %d · Ünïcode 🎁" % i) if i % 4 == 1 else "TikTok product %d" % i,
                                  "status": "ACTIVATE", "update_time": 1735689600 + i, "skus": skus})
        self.activities = []
        self.orders = []

    def now(self):
        return time.time() + self.skew_s

    def issue(self):
        self.serial += 1
        self.access = "TTP_access_%d_linkon_secret" % self.serial
        self.refresh = "TTP_refresh_%d_linkon_secret" % self.serial
        self.access_expire = int(self.now()) + self.access_ttl_s
        return {"access_token": self.access, "access_token_expire_in": self.access_expire,
                "refresh_token": self.refresh, "refresh_token_expire_in": int(self.now()) + 365 * 86400,
                "open_id": "open-linkon", "seller_name": "Linkon Test Seller", "seller_base_region": self.region,
                "user_type": 0, "granted_scopes": ["seller.authorization.info", "seller.product.basic",
                                                   "seller.promotion.info"]}

    def stats(self):
        return {"counts": dict(self.counts), "calls": dict(self.calls), "access_token": self.access,
                "refresh_token": self.refresh, "activities": self.activities, "faults_left": len(self.faults),
                "pages_served": self.pages_served}


_STATE_LOCK = threading.Lock()


def shop_of(req):
    with _STATE_LOCK:
        if not hasattr(req.server, "tiktok"):
            req.server.tiktok = TikTokShop()
    return req.server.tiktok


def envelope(data=None, code=0, message="Success"):
    out = {"code": code, "message": message, "request_id": "2026linkon%06d" % int(time.time() * 1000 % 1000000)}
    if data is not None:
        out["data"] = data
    return out


def fail(req, http, code, message):
    req.send_json(http, envelope(None, code, message))


def raw_query(req):
    """Every query parameter, decoded, blanks kept (what TikTok signs)."""
    q = urllib.parse.urlsplit(req.path).query
    return dict(urllib.parse.parse_qsl(q, keep_blank_values=True))


def expected_sign(secret, path, params, body):
    s = "".join(k + params[k] for k in sorted(params) if k not in ("sign", "access_token"))
    msg = secret.encode() + path.encode() + s.encode() + body + secret.encode()
    return hmac.new(secret.encode(), msg, hashlib.sha256).hexdigest()


def apply_fault(req, fault):
    if fault == "429":
        fail(req, 429, 36009002, "Too many requests: rate limit exceeded")
    elif fault in ("503", "500"):
        fail(req, int(fault), 36009007, "Service unavailable, please retry")
    elif fault == "html":
        req.send_bytes(502, b"<html>Bad gateway</html>", "text/html")
    elif fault == "drop":
        req.send_response(200)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", "5000")
        req.end_headers()
        req.wfile.write(b'{"code":0,"data":{')
        req.drop_connection()
    elif fault == "code_under_200":
        fail(req, 200, 12052700, "Internal business error, try again later")
    elif fault == "no_cipher":
        fail(req, 200, 106013, "shop_cipher is missing")
    elif fault == "scope":
        fail(req, 401, 105005, "Access denied: the scope seller.product.basic is not granted")
    else:
        return False
    return True


def check_signed(req, shop, path, body, shop_scoped):
    """None when the call may go on, else the response was sent."""
    params = raw_query(req)
    shop.counts["requests"] += 1
    if params.get("app_key") != shop.app_key:
        fail(req, 401, 36009004, "Invalid credentials: app_key")
        return False
    try:
        ts = int(params.get("timestamp", ""))
    except ValueError:
        ts = None
    now = shop.now()
    if ts is None or ts < now - WINDOW_PAST_S or ts > now + WINDOW_FUTURE_S:
        shop.counts["bad_timestamp"] += 1
        fail(req, 401, 36009004, "Invalid credentials: timestamp is out of the allowed window")
        return False
    if not hmac.compare_digest(params.get("sign", ""), expected_sign(shop.secret, path, params, body)):
        shop.counts["bad_sign"] += 1
        fail(req, 401, 106001, "Invalid signature")
        return False
    fault = shop.faults.pop(0) if shop.faults else None
    if fault == "expire_token":
        shop.access_expire = 0
        fault = None
    if fault:
        shop.counts["faults"] += 1
        apply_fault(req, fault)
        return False
    token = req.headers.get("x-tts-access-token")
    if token != shop.access:
        fail(req, 401, 36009004, "Invalid credentials: access token")
        return False
    if now >= shop.access_expire:
        shop.counts["expired"] += 1
        fail(req, 401, 105002, "Expired credentials: the access token has expired")
        return False
    if shop_scoped and params.get("shop_cipher") != CIPHER:
        fail(req, 200, 106013 if not params.get("shop_cipher") else 101000, "shop_cipher is missing or wrong")
        return False
    if not shop_scoped and "shop_cipher" in params:
        fail(req, 401, 36009004, "Invalid credentials: unexpected shop_cipher")
        return False
    # per path, per second: over qps answers 429
    second = int(time.monotonic())
    key = (path.rsplit("/", 1)[0] if path.count("/") > 3 else path, second)
    shop.calls[key[0]] = shop.calls.get(key[0], 0) + 1
    n = getattr(shop, "_qps", {})
    n = {k: v for k, v in n.items() if k[1] == second}
    n[key] = n.get(key, 0) + 1
    shop._qps = n
    if n[key] > shop.qps:
        shop.counts["rate_limited"] += 1
        fail(req, 429, 36009002, "Too many requests: rate limit exceeded")
        return False
    shop.counts["signed_ok"] += 1
    return True


def parse_json(body):
    try:
        v = json.loads(body.decode("utf-8") or "{}")
        return v if isinstance(v, dict) else {}
    except (ValueError, UnicodeDecodeError):
        return None


def page_of(items, params, default=20, key=lambda it: it["id"]):
    """items (in key order) after the page token, one page; the token of the next."""
    try:
        size = max(1, min(100, int(params.get("page_size", default))))
    except ValueError:
        size = default
    start = 0
    tok = params.get("page_token")
    if tok:
        after = token_after(tok)
        ids = [key(it) for it in items]
        if after is None:
            return None, None
        # the first item whose id sorts after the last one sent: a deletion
        # between pages skips nothing
        start = next((k for k, i in enumerate(ids) if i > after), len(ids))
    page = items[start:start + size]
    more = start + size < len(items)
    return page, (page_token(key(page[-1])) if more and page else "")


def product_json(shop, p, base):
    i = int(p["id"]) - 1729300000000
    out = {"id": p["id"], "title": p["title"], "status": p["status"], "update_time": p["update_time"],
           "main_images": [{"urls": [base + "/img/red-8x8.png"], "thumb_urls": []}] if i % 2 == 0 else [],
           "skus": []}
    for s in p["skus"]:
        sku = {"id": s["id"], "seller_sku": s["seller_sku"],
               "price": {"currency": shop.currency, "sale_price": money(s["price"], shop.decimals),
                         "tax_exclusive_price": money(s["price"], shop.decimals)},
               "inventory": [dict(w) for w in s["inventory"]]}
        if i % 3 == 0:
            sku["list_price"] = {"amount": money(s["price"] + 500, shop.decimals), "currency": shop.currency}
        out["skus"].append(sku)
    return out


def activity_status(shop, a):
    if a.get("deactivated"):
        return "DEACTIVATED"
    now = shop.now()
    return "NOT_START" if now < a["begin_time"] else ("ONGOING" if now < a["end_time"] else "EXPIRED")


def activity_summary(shop, a):
    return {"id": a["id"], "title": a["title"], "activity_type": a["activity_type"],
            "status": activity_status(shop, a), "begin_time": a["begin_time"], "end_time": a["end_time"],
            "product_level": a.get("product_level", "PRODUCT")}


def activity_detail(shop, a):
    d = activity_summary(shop, a)
    d["activity_id"] = d.pop("id")
    d["products"] = [dict(p) for p in a.get("products", [])]
    return d


def check_create(shop, doc):
    """Why an activity create body is wrong, or None."""
    if not isinstance(doc.get("title"), str) or not doc["title"] or len(doc["title"]) > 50:
        return "title"
    if doc.get("activity_type") not in ("FIXED_PRICE", "DIRECT_DISCOUNT", "FLASHSALE"):
        return "activity_type"
    if doc["activity_type"] == "FLASHSALE" and shop.region not in ("SG", "TH", "ID", "MY", "PH", "VN"):
        return "FLASHSALE is not available in " + shop.region
    if doc.get("product_level") not in ("PRODUCT", "VARIATION"):
        return "product_level"
    b, e = doc.get("begin_time"), doc.get("end_time")
    if not isinstance(b, int) or not isinstance(e, int) or b >= e:
        return "begin_time/end_time"
    if e <= shop.now() or b < shop.now() - 120:
        return "the activity must not be over or begin in the past"
    return None


def check_products(shop, a, doc):
    """Why an activity products body is wrong, or None."""
    if doc.get("activity_id") != a["id"]:
        return "activity_id differs from the path"
    prods = doc.get("products")
    if not isinstance(prods, list) or not prods:
        return "products"
    known = {p["id"] for p in shop.products if p["status"] == "ACTIVATE"}
    for p in prods:
        if p.get("id") not in known:
            return "unknown product %s" % p.get("id")
        price = p.get("activity_price_amount")
        if not isinstance(price, str) or not MONEY_RE.match(price):
            return "activity_price_amount must be a decimal string"
        if shop.decimals == 0 and "." in price:
            return "no decimals in " + shop.currency
        for k in ("quantity_limit", "quantity_per_user"):
            if not isinstance(p.get(k), int) or (p[k] != -1 and p[k] < 1):
                return k
    return None


def api(req, path, query):
    shop = shop_of(req)
    body = req.read_body()
    base = "http://127.0.0.1:%d" % req.server.server_address[1]
    held = None
    with shop.lock:
        held = api_locked(req, shop, path, body, base)
    if held:
        # the activity exists; its answer arrives late (or never: the client gave up)
        time.sleep(held[0])
        try:
            req.send_json(200, held[1])
        except OSError:
            pass


def api_locked(req, shop, path, body, base):
    held = None
    if True:
        scoped = not path.startswith("/authorization/")
        if not check_signed(req, shop, path, body, scoped):
            return None
        doc = parse_json(body)
        if doc is None:
            fail(req, 400, 36009003, "Invalid request body")
            return None
        params = raw_query(req)
        parts = path.strip("/").split("/")
        if path == "/authorization/202309/shops":
            shops = [{"id": "7495", "name": "Linkon Test Shop", "region": shop.region, "seller_type": "LOCAL",
                      "cipher": CIPHER, "code": "SGLINKON"}] + shop.extra_shops
            req.send_json(200, envelope({"shops": shops}))
        elif path == "/product/202309/products/search":
            shop.counts["products"] += 1
            live = [p for p in shop.products if p["status"] == "ACTIVATE"]
            page, nxt = page_of(live, params)
            if page is None:
                fail(req, 400, 36009003, "Invalid page_token")
                return
            shop.pages_served += 1
            data = {"products": [product_json(shop, p, base) for p in page], "next_page_token": nxt,
                    "total_count": len(live)}
            d = shop.delete_after_page
            if d and shop.pages_served == int(d.get("page", 1)):
                victim = shop.products[int(d.get("product", 0))]
                victim["status"] = "DELETED"
                shop.delete_after_page = None
            req.send_json(200, envelope(data))
        elif path == "/product/202309/inventory/search":
            shop.counts["inventory"] += 1
            want = set(doc.get("product_ids") or [])
            out = []
            for p in shop.products:
                if p["id"] not in want:
                    continue
                skus = [{"id": s["id"], "total_available_quantity": sum(w["quantity"] for w in s["inventory"]),
                         "total_committed_quantity": 0,
                         "warehouse_inventory": [{"warehouse_id": w["warehouse_id"], "available_quantity":
                                                  w["quantity"], "committed_quantity": 0} for w in s["inventory"]]}
                        for s in p["skus"]]
                out.append({"product_id": p["id"], "skus": skus})
            req.send_json(200, envelope({"inventory": out}))
        elif path == "/promotion/202309/activities/search":
            shop.counts["activities"] += 1
            acts = [activity_summary(shop, a) for a in shop.activities]
            if doc.get("status"):
                acts = [a for a in acts if a["status"] == doc["status"]]
            if doc.get("activity_title"):
                shop.counts["activity_finds"] += 1
                acts = [a for a in acts if doc["activity_title"] in a["title"]]
            page, nxt = page_of(acts, dict(params, **{k: str(v) for k, v in doc.items()
                                                      if k in ("page_size", "page_token")}))
            if page is None:
                fail(req, 400, 36009003, "Invalid page_token")
                return
            req.send_json(200, envelope({"activities": page, "next_page_token": nxt, "total_count": len(acts)}))
        elif path == "/promotion/202309/activities" and req.command == "POST":
            shop.counts["created"] += 1
            why = check_create(shop, doc)
            if why:
                shop.counts["bad_activity_call"] += 1
                fail(req, 200, 12019001, "Invalid activity: " + why)
                return
            fault = shop.create_faults.pop(0) if shop.create_faults else None
            if fault == "refuse":
                fail(req, 200, 12019003, "The activity conflicts with another promotion of this product")
                return
            if fault == "scope":
                fail(req, 401, 105005, "Access denied: the scope seller.promotion.write is not granted")
                return
            a = {"id": "%d" % (7300000000 + len(shop.activities)), "title": doc["title"],
                 "activity_type": doc["activity_type"], "begin_time": int(doc["begin_time"]),
                 "end_time": int(doc["end_time"]), "product_level": doc.get("product_level", "PRODUCT"),
                 "products": [], "by_api": True}
            shop.activities.append(a)
            answer = envelope({"activity_id": a["id"], "status": activity_status(shop, a)})
            if fault == "503_after":
                fail(req, 503, 36009007, "Service unavailable, please retry")
                return
            if fault == "hang_after":
                held = (shop.hang_s, answer)
            else:
                req.send_json(200, answer)
        elif len(parts) >= 4 and parts[:3] == ["promotion", "202309", "activities"]:
            a = next((x for x in shop.activities if x["id"] == parts[3]), None)
            if a is None:
                fail(req, 404, 12019404, "Activity not found")
            elif len(parts) == 4 and req.command == "GET":
                shop.counts["activity_detail"] += 1
                req.send_json(200, envelope(activity_detail(shop, a)))
            elif len(parts) == 5 and parts[4] == "products" and req.command == "PUT":
                why = check_products(shop, a, doc)
                if why:
                    shop.counts["bad_activity_call"] += 1
                    fail(req, 200, 12019001, "Invalid activity products: " + why)
                    return
                shop.counts["priced"] += 1
                ids = {p["id"] for p in doc["products"]}
                a["products"] = [p for p in a["products"] if p["id"] not in ids] + list(doc["products"])
                req.send_json(200, envelope({"activity_id": a["id"], "products": []}))
            elif len(parts) == 5 and parts[4] == "deactivate" and req.command == "POST":
                if a.get("deactivated"):
                    fail(req, 200, 12019005, "The activity is already deactivated")
                    return
                shop.counts["deactivated"] += 1
                a["deactivated"] = True
                req.send_json(200, envelope({"activity_id": a["id"], "status": "DEACTIVATED"}))
            else:
                fail(req, 404, 36009009, "Invalid path")
        elif path == "/order/202309/orders/search":
            shop.counts["orders"] += 1
            fault = shop.order_faults.pop(0) if shop.order_faults else None
            if fault:
                shop.counts["faults"] += 1
                apply_fault(req, fault)
                return None
            if params.get("sort_field") != "update_time" or params.get("sort_order") != "ASC":
                fail(req, 400, 36009003, "sort_field=update_time and sort_order=ASC expected")
                return None
            since = int(doc.get("update_time_ge") or 0)
            order_key = lambda o: "%012d/%s" % (o["update_time"], o["id"])  # noqa: E731
            orders = sorted((o for o in shop.orders if o["update_time"] >= since), key=order_key)
            page, nxt = page_of(orders, params, 50, order_key)
            if page is None:
                fail(req, 400, 36009003, "Invalid page_token")
                return
            req.send_json(200, envelope({"orders": page, "next_page_token": nxt, "total_count": len(orders)}))
        else:
            fail(req, 404, 36009009, "Invalid path: %s" % path)
    return held


def token(req, path, query):
    shop = shop_of(req)
    q = raw_query(req)
    with shop.lock:
        if q.get("app_key") != shop.app_key or q.get("app_secret") != shop.secret:
            fail(req, 200, 36009004, "Invalid credentials: app_key or app_secret")
        elif path.endswith("/get"):
            shop.counts["token_gets"] += 1
            if q.get("grant_type") != "authorized_code" or q.get("auth_code") != AUTH_CODE or \
                    AUTH_CODE in shop.used_codes:
                fail(req, 200, 36004004, "Invalid auth_code: expired or already used")
            else:
                shop.used_codes.add(AUTH_CODE)
                req.send_json(200, envelope(shop.issue(), message="success"))
        else:
            shop.counts["refreshes"] += 1
            if q.get("grant_type") != "refresh_token" or q.get("refresh_token") != shop.refresh:
                fail(req, 200, 36004005, "Invalid refresh_token: authorize again")
            else:
                req.send_json(200, envelope(shop.issue(), message="success"))


def control(req, path, query):
    shop = shop_of(req)
    body = parse_json(req.read_body())
    if body is None:
        req.send_text(400, "bad JSON\n")
        return
    if any(f not in FAULTS for f in body.get("faults", [])) or \
            any(f not in CREATE_FAULTS for f in body.get("create_faults", [])):
        req.send_text(400, "unknown fault; known: %s\n" % ", ".join(FAULTS))
        return
    with shop.lock:
        name = path.rsplit("/", 1)[1]
        if name == "config":
            shop.configure(body)
            req.server.skew_ms = shop.skew_s * 1000  # the Date header follows the shop's clock
        elif name == "faults":
            shop.faults.extend(body.get("faults", []))
            shop.create_faults.extend(body.get("create_faults", []))
        elif name == "stock":
            p = shop.products[int(query.get("product", 0))]
            s = p["skus"][int(query.get("sku", 0))]
            s["inventory"][int(query.get("warehouse", 0))]["quantity"] = int(query.get("quantity", 0))
            p["update_time"] += 1
        elif name == "activity":
            a = dict(body)
            a.setdefault("id", "%d" % (7300000000 + len(shop.activities)))
            a.setdefault("title", "Flash deal")
            a.setdefault("activity_type", "FLASHSALE")
            a.setdefault("products", [])
            shop.activities.append(a)
        elif name == "order":
            # a new order, or an update of one with the same id (status, update_time)
            shop.orders = [o for o in shop.orders if o.get("id") != body.get("id")] + [dict(body)]
        elif name == "expire":
            shop.access_expire = 0
        elif name == "stats":
            pass
        req.send_json(200, shop.stats())


def register(router):
    router.prefix("/api/v2/token/", methods=("GET",))(token)
    for area in ("/authorization/202309/", "/product/202309/", "/promotion/202309/", "/order/202309/"):
        router.prefix(area, methods=("GET", "POST", "PUT", "DELETE"))(api)
    for name in ("config", "faults", "stock", "activity", "order", "expire"):
        router.route("/_tiktok/" + name, methods=("POST",))(control)
    router.route("/_tiktok/stats", methods=("GET",))(control)
