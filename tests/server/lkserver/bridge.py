# Linkon test server — a shop speaking the Linkon bridge protocol v1
# (docs/bridge-protocol.md), with fault injection driven by the tests.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Protocol paths (Authorization: Bearer <token> required):
#   GET  /v1/catalog?limit=N&cursor=C   a page of products
#   GET  /v1/state                      cart, pinned, sales, server time (ETag)
#   GET  /v1/events                     SSE, resumes after Last-Event-ID
#   POST /v1/actions/<pin|unpin|sale-start|sale-stop>   needs Idempotency-Key
#
# Control paths for tests (no auth), JSON bodies:
#   POST /_bridge/reset   {"products": N, "cart": K, "token": T, "skew_ms": S,
#                          "first_id": F (event ids count from F, default 1),
#                          "bad_products": [i, …] (those products get a price that is not a number),
#                          "resync_id": bool (a resync takes the next event id,
#                          like a restarted bridge that numbers from F again),
#                          "knobs": {…}, "faults": {…}}  a fresh shop
#   POST /_bridge/knobs   {"drop_every": N, "replay": K, "retry_ms": R,
#                          "heartbeat_ms": H, "skew_ms": S, "echo_token": bool,
#                          "line_end": "\n" | "\r" | "\r\n" (the stream's line ends),
#                          "echo_pad": N (N characters before an echoed token),
#                          "event_time": bool (events carry "time"; default true)}
#   POST /_bridge/faults  {"<path>": ["503:2", "drop", …]}  one per request,
#                         in order (path "/v1/actions" covers every action)
#   POST /_bridge/mutate  {"pin": id|null, "cart": [ids], "stock": {id: [stock, sold]},
#                          "price": {id: minor units}, "silent": bool (no event for prices),
#                          "refetch": bool (catalog-changed {}), "raw": [[type, data text]],
#                          "keep_etag": bool (the state's ETag stays: only events)}
#                         changes the shop, emits events
#   POST /_bridge/gifts   {"n": N}   N gift events on the stream
#   GET  /_bridge/stats   requests, stream connects, applied actions, …
#
# Faults: "500", "503", "503:S" / "429:S" (Retry-After S seconds), "401",
# "404", "drop" (half the body, then the connection closes), "slow:MS" (the
# body in 10 pieces, MS apart), "hang:MS" (wait, then answer normally),
# "truncated" (a complete response holding half the JSON), "malformed",
# "huge" (20 MiB), "html", "json" (a 200 JSON answer: on /v1/events, not a stream),
# "bigheader" (a 300 KB header line). Actions also take "apply-then-500" and
# "apply-then-drop": applied, but the answer is lost.

import json
import threading
import time

from .app import query_int

HUGE = 20 * 1024 * 1024


def now_ms():
    return int(time.time() * 1000)


def make_product(i):
    return {
        "id": "p%d" % i,
        "sku": "SKU-%04d" % i,
        "title": "Product %d \u5546\u54c1" % i,
        "price": 1000 + i * 10,
        "originalPrice": 2000 + i * 10,
        "currency": "CNY",
        "stock": 100 + i,
        "stockTotal": 200 + i,
        "sold": i,
    }


class Shop:
    def __init__(self):
        self.cond = threading.Condition()
        self.reset({})

    def reset(self, cfg):
        with self.cond:
            n = int(cfg.get("products", 20))
            self.token = cfg.get("token", "test-token")
            self.products = [make_product(i) for i in range(1, n + 1)]
            for i in cfg.get("bad_products", []):
                self.products[i]["price"] = "abc"
            self.cart = [p["id"] for p in self.products[: int(cfg.get("cart", 5))]]
            self.pinned = self.cart[0] if self.cart else None
            self.sales = {}
            self.version = 1
            self.first_id = int(cfg.get("first_id", 1))
            self.resync_id = bool(cfg.get("resync_id", False))
            self.events = []  # [(id, type, data text)], ids first_id, first_id + 1, …
            self.gift_seq = 0
            self.idem = {}
            self.applied = []
            self.faults = {}
            self.knobs = {"drop_every": 0, "replay": 0, "retry_ms": None, "heartbeat_ms": 15000, "echo_token": False,
                          "line_end": "\n", "echo_pad": 0, "event_time": True}
            self.stats = {"requests": {}, "times": {}, "stream_connects": 0, "last_event_ids": [], "user_agents": []}
            self.generation = getattr(self, "generation", 0) + 1
            self.cond.notify_all()

    def product(self, pid):
        for p in self.products:
            if p["id"] == pid:
                return p
        return None

    # caller holds cond
    def emit(self, etype, data):
        if self.knobs["event_time"]:
            data = dict(data, time=now_ms())
        self.push(etype, json.dumps(data, sort_keys=True))

    # caller holds cond
    def push(self, etype, text):
        self.events.append((self.last_id() + 1, etype, text))
        self.cond.notify_all()

    def last_id(self):
        return self.first_id - 1 + len(self.events)

    def index_after(self, eid):
        """The index in events of the first event after id eid."""
        return min(len(self.events), max(0, eid - self.first_id + 1))


SHOP = Shop()


# ---- helpers ---------------------------------------------------------------


def skew(req):
    return getattr(req.server, "skew_ms", 0)


def error(req, status, code, message, headers=None):
    req.send_json(status, {"error": {"code": code, "message": message}}, headers)


def count(req, path):
    with SHOP.cond:
        st = SHOP.stats
        st["requests"][path] = st["requests"].get(path, 0) + 1
        st["times"].setdefault(path, []).append(now_ms())
        st["user_agents"] = (st["user_agents"] + [req.headers.get("User-Agent", "")])[-20:]


def authorized(req):
    want = "Bearer %s" % SHOP.token
    got = req.headers.get("Authorization", "")
    if got == want:
        return True
    message = "bad token"
    if SHOP.knobs["echo_token"]:
        message = "bad token: %s%s" % ("." * SHOP.knobs["echo_pad"], got)  # a careless server: the client must redact
    error(req, 401, "unauthorized", message)
    return False


def pop_fault(path):
    with SHOP.cond:
        queue = SHOP.faults.get(path) or []
        if not queue:
            return None
        # when each fault was served: tests check what the client did next
        SHOP.stats.setdefault("fault_times", {}).setdefault(path, []).append(now_ms())
        return queue.pop(0)


def send_body_fault(req, fault, body, ctype="application/json"):
    """Faults that mangle a 200 answer. True when the answer was sent."""
    if fault == "drop":
        req.send_response(200)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body[: len(body) // 2])
        req.drop_connection()
    elif fault == "truncated":
        req.send_bytes(200, body[: len(body) // 2], ctype)
    elif fault == "malformed":
        req.send_bytes(200, b'{"products": [1, 2, {"id": ', ctype)
    elif fault == "bigheader":
        req.send_response(200)
        req.send_header("Content-Type", ctype)
        req.send_header("X-Padding", "a" * 300000)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)
    elif fault == "html":
        req.send_bytes(200, b"<html><body>Bad gateway</body></html>", "text/html")
    elif fault == "huge":
        req.send_response(200)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(HUGE))
        req.end_headers()
        block = b" " * 65536
        for _ in range(HUGE // len(block)):
            req.wfile.write(block)
    elif fault.startswith("slow:"):
        delay = int(fault[5:]) / 1000.0
        req.send_response(200)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        step = max(1, len(body) // 10)
        for i in range(0, len(body), step):
            req.wfile.write(body[i : i + step])
            req.wfile.flush()
            time.sleep(delay)
    else:
        return False
    return True


def status_fault(req, fault):
    """Faults that replace the answer with an error status. True when sent."""
    if fault is None:
        return False
    if fault.startswith("hang:"):
        time.sleep(int(fault[5:]) / 1000.0)
        return False  # then the normal answer (begin() drops the fault)
    code, _, retry = fault.partition(":")
    if not code.isdigit():
        return False
    headers = {"Retry-After": retry} if retry else None
    message = "injected %s" % code
    if SHOP.knobs["echo_token"]:
        message += " for %s%s" % ("." * SHOP.knobs["echo_pad"], req.headers.get("Authorization", ""))
    error(req, int(code), "injected", message, headers)
    return True


def begin(req, path):
    """Counts the request, checks the token and applies a status fault.
    Returns the remaining body fault (or None), or False when answered."""
    count(req, path)
    if not authorized(req):
        return False
    fault = pop_fault(path)
    if status_fault(req, fault):
        return False
    if fault and fault.startswith("hang:"):
        return None  # answered normally after the wait (a 304 too)
    return fault


# ---- catalog and state -------------------------------------------------------


def catalog(req, path, query):
    fault = begin(req, path)
    if fault is False:
        return
    limit = query_int(query, "limit", 100, lo=1, hi=500)
    cursor = query.get("cursor", "c0")
    if not cursor.startswith("c") or not cursor[1:].isdigit():
        error(req, 400, "bad_cursor", "unknown cursor")
        return
    offset = int(cursor[1:])
    with SHOP.cond:
        page = SHOP.products[offset : offset + limit]
        more = offset + limit < len(SHOP.products)
    doc = {"products": page, "nextCursor": "c%d" % (offset + limit) if more else None}
    body = json.dumps(doc, sort_keys=True).encode("utf-8")
    if fault and send_body_fault(req, fault, body):
        return
    req.send_bytes(200, body, "application/json")


def state_doc(req):
    with SHOP.cond:
        return {
            "serverTime": now_ms() + skew(req),
            "eventId": str(SHOP.last_id()),
            "cart": list(SHOP.cart),
            "pinned": SHOP.pinned,
            "stock": [
                {"productId": p["id"], "stock": p["stock"], "sold": p["sold"]}
                for p in SHOP.products
                if p["id"] in SHOP.cart
            ],
            "sales": list(SHOP.sales.values()),
        }, '"s%d"' % SHOP.version


def state(req, path, query):
    fault = begin(req, path)
    if fault is False:
        return
    doc, etag = state_doc(req)
    if req.headers.get("If-None-Match") == etag and not fault:
        req.send_response(304)
        req.send_header("ETag", etag)
        req.send_header("Content-Length", "0")
        req.end_headers()
        return
    body = json.dumps(doc, sort_keys=True).encode("utf-8")
    if fault and send_body_fault(req, fault, body):
        return
    req.send_bytes(200, body, "application/json", {"ETag": etag, "Cache-Control": "no-cache"})


# ---- the event stream -----------------------------------------------------------


def stream_start(req):
    """The index in SHOP.events to send from, and whether to send resync."""
    last = req.headers.get("Last-Event-ID")
    with SHOP.cond:
        SHOP.stats["stream_connects"] += 1
        SHOP.stats["last_event_ids"].append(last)
        end = SHOP.last_id()
        if last is None:
            return len(SHOP.events), False
        if not last.isdigit() or int(last) > end:
            if SHOP.resync_id:
                SHOP.push("resync", "{}")
                return len(SHOP.events) - 1, False
            return len(SHOP.events), True
        return SHOP.index_after(int(last) - SHOP.knobs["replay"]), False


def sse_write(req, text):
    # SSE allows LF, CR and CRLF line ends: the knob picks which one
    text = text.replace("\n", SHOP.knobs["line_end"])
    req.write_chunk(text.encode("utf-8"))
    req.wfile.flush()


def events(req, path, query):
    fault = begin(req, path)
    if fault is False:
        return
    if fault == "json":
        req.send_bytes(200, b'{"ok": true}', "application/json")
        return
    pos, resync = stream_start(req)
    generation = SHOP.generation
    req.send_response(200)
    req.send_header("Content-Type", "text/event-stream")
    req.send_header("Cache-Control", "no-cache")
    req.send_header("Transfer-Encoding", "chunked")
    req.end_headers()
    retry = SHOP.knobs["retry_ms"]
    sse_write(req, ("retry: %d\n" % retry if retry is not None else "") + ": hello\n\n")
    if resync:
        sse_write(req, "event: resync\ndata: {}\n\n")
    sent = 0
    while True:
        with SHOP.cond:
            if SHOP.generation != generation:
                break
            if pos >= len(SHOP.events):
                SHOP.cond.wait(SHOP.knobs["heartbeat_ms"] / 1000.0)
            batch = SHOP.events[pos : pos + 50]
            drop_every = SHOP.knobs["drop_every"]
        if not batch:
            sse_write(req, ": ping\n\n")
            continue
        for eid, etype, data in batch:
            text = "id: %d\nevent: %s\ndata: %s\n\n" % (eid, etype, data)
            if drop_every and sent >= drop_every:
                sse_write(req, text[: len(text) // 2])  # cut inside the event
                req.drop_connection()
                return
            sse_write(req, text)
            sent += 1
            pos = SHOP.index_after(eid)
    req.write_chunk(b"")


# ---- actions --------------------------------------------------------------------


def apply_pin(doc, pin):
    pid = doc.get("productId") if pin else None
    if pin and not SHOP.product(pid):
        return 404, {"error": {"code": "unknown_product", "message": "no such product"}}
    SHOP.pinned = pid
    SHOP.emit("pin", {"productId": pid})
    return 200, None


def apply_sale_start(doc):
    p = SHOP.product(doc.get("productId"))
    duration = doc.get("durationMs")
    if not p or not isinstance(duration, int) or duration <= 0:
        return 400, {"error": {"code": "bad_request", "message": "productId and durationMs are required"}}
    sid = "s%d" % (len(SHOP.sales) + 1)
    start = now_ms() + doc.get("prerollMs", 0)
    sale = {"id": sid, "productId": p["id"], "state": "live" if start <= now_ms() else "scheduled",
            "price": doc.get("price", p["price"]), "currency": p["currency"], "startsAt": start,
            "endsAt": start + duration, "prerollMs": doc.get("prerollMs", 0), "stock": doc.get("stock"), "sold": 0}
    SHOP.sales[sid] = sale
    SHOP.emit("sale", sale)
    return 200, {"saleId": sid}


def apply_sale_stop(doc):
    sid = doc.get("saleId")
    running = [s for s in SHOP.sales.values() if s["state"] != "ended" and (not sid or s["id"] == sid)]
    if not running:
        return 409, {"error": {"code": "no_sale", "message": "no sale is running"}}
    running[-1]["state"] = "ended"
    SHOP.emit("sale", running[-1])
    return 200, None


def apply_action(name, doc):
    """cond held. (status, answer)."""
    if name in ("pin", "unpin"):
        status, extra = apply_pin(doc, name == "pin")
    elif name == "sale-start":
        status, extra = apply_sale_start(doc)
    elif name == "sale-stop":
        status, extra = apply_sale_stop(doc)
    else:
        return 404, {"error": {"code": "unknown_action", "message": "no such action"}}
    if status != 200:
        return status, extra
    SHOP.version += 1
    return 200, dict(extra or {}, ok=True, eventId=str(SHOP.last_id()))


def action(req, path, query):
    fault = begin(req, "/v1/actions")
    if fault is False:
        return
    name = path[len("/v1/actions/") :]
    body = req.read_body()
    key = req.headers.get("Idempotency-Key")
    if not key:
        error(req, 400, "idempotency_key_required", "send an Idempotency-Key header")
        return
    try:
        doc = json.loads(body.decode("utf-8"))
    except ValueError:
        error(req, 400, "bad_request", "the body is not JSON")
        return
    with SHOP.cond:
        replayed = key in SHOP.idem
        if replayed and SHOP.idem[key][0] != (name, body):
            status, answer = 422, {"error": {"code": "idempotency_key_reused", "message": "another request"}}
        elif replayed:
            status, answer = SHOP.idem[key][1]
        else:
            status, answer = apply_action(name, doc if isinstance(doc, dict) else {})
            SHOP.idem[key] = ((name, body), (status, answer))
            if status == 200:
                SHOP.applied.append({"key": key, "action": name, "body": doc})
    if fault == "apply-then-drop":
        req.drop_connection()
        return
    if fault == "apply-then-500":
        error(req, 500, "injected", "applied, then failed")
        return
    req.send_json(status, answer, {"Idempotent-Replayed": "true"} if replayed else None)


# ---- control -----------------------------------------------------------------------


def read_json(req):
    try:
        return json.loads(req.read_body().decode("utf-8") or "{}")
    except ValueError:
        return {}


def ctl_reset(req, path, query):
    doc = read_json(req)
    SHOP.reset(doc)
    with SHOP.cond:
        SHOP.knobs.update({k: v for k, v in doc.get("knobs", {}).items() if k in SHOP.knobs})
        for p, faults in doc.get("faults", {}).items():
            SHOP.faults.setdefault(p, []).extend(faults)
    req.server.skew_ms = int(doc.get("skew_ms", 0))
    req.send_json(200, {"ok": True})


def ctl_knobs(req, path, query):
    doc = read_json(req)
    with SHOP.cond:
        SHOP.knobs.update({k: v for k, v in doc.items() if k in SHOP.knobs})
        SHOP.cond.notify_all()
    if "skew_ms" in doc:
        req.server.skew_ms = int(doc["skew_ms"])
    req.send_json(200, {"ok": True})


def ctl_faults(req, path, query):
    with SHOP.cond:
        for p, faults in read_json(req).items():
            SHOP.faults.setdefault(p, []).extend(faults)
    req.send_json(200, {"ok": True})


def ctl_mutate(req, path, query):
    doc = read_json(req)
    with SHOP.cond:
        if "pin" in doc:
            SHOP.pinned = doc["pin"]
            SHOP.emit("pin", {"productId": doc["pin"]})
        if "cart" in doc:
            SHOP.cart = list(doc["cart"])
            SHOP.emit("cart", {"cart": SHOP.cart})
        for pid, (stock, sold) in doc.get("stock", {}).items():
            p = SHOP.product(pid)
            p["stock"], p["sold"] = stock, sold
            SHOP.emit("stock", {"productId": pid, "stock": stock, "sold": sold})
        for pid, price in doc.get("price", {}).items():
            SHOP.product(pid)["price"] = price
            if not doc.get("silent"):
                SHOP.emit("catalog-changed", {"product": SHOP.product(pid)})
        if doc.get("refetch"):
            SHOP.emit("catalog-changed", {})
        for etype, text in doc.get("raw", []):
            SHOP.push(etype, text)
        if not doc.get("keep_etag"):
            SHOP.version += 1
    req.send_json(200, {"ok": True, "eventId": str(SHOP.last_id())})


def ctl_gifts(req, path, query):
    n = int(read_json(req).get("n", 1))
    with SHOP.cond:
        for _ in range(n):
            SHOP.gift_seq += 1
            k = SHOP.gift_seq
            gift = {"id": "g%d" % k, "sender": {"id": "u%d" % (k % 50), "name": "Viewer %d" % (k % 50)},
                    "gift": {"id": "rose", "name": "Rose", "value": 1}, "count": 1}
            SHOP.emit("gift", gift)
    req.send_json(200, {"ok": True, "eventId": str(SHOP.last_id())})


def ctl_stats(req, path, query):
    with SHOP.cond:
        doc = dict(SHOP.stats, applied=SHOP.applied, version=SHOP.version, last_event_id=SHOP.last_id(),
                   pinned=SHOP.pinned, cart=SHOP.cart, faults_left={k: len(v) for k, v in SHOP.faults.items()})
        req.send_json(200, doc)


def register(router):
    router.route("/v1/catalog")(catalog)
    router.route("/v1/state")(state)
    router.route("/v1/events")(events)
    router.prefix("/v1/actions/", methods=("POST",))(action)
    router.route("/_bridge/reset", methods=("POST",))(ctl_reset)
    router.route("/_bridge/knobs", methods=("POST",))(ctl_knobs)
    router.route("/_bridge/faults", methods=("POST",))(ctl_faults)
    router.route("/_bridge/mutate", methods=("POST",))(ctl_mutate)
    router.route("/_bridge/gifts", methods=("POST",))(ctl_gifts)
    router.route("/_bridge/stats")(ctl_stats)
