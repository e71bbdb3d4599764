#!/usr/bin/env python3
# Linkon end-to-end test of the bridge connector: the real `obs` (under the
# caller's X display) with Linkon installed in a throwaway HOME and its
# config file naming the loopback bridge (tests/server, bridge area), driven
# over obs-websocket 5.1:
#   - Linkon syncs the bridge's catalog, cart and pin (GetState, ListProducts);
#   - PinProduct reaches the bridge as one action and comes back as the pin;
#   - StartFlashSale / StopFlashSale answer with the sale the bridge confirmed;
#   - gifts on the bridge's event stream become gift alerts (GiftAlertShown);
#   - while the bridge fails (503 with Retry-After, dropped answers) the
#     state says offline and the last catalog stays; then it converges;
#   - a token the bridge refuses shows auth_failed; a corrected token saved in
#     config.json is used without restarting OBS;
#   - OBS quits cleanly; the token is in no log.
#
#   python3 test_bridge.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402
import lkws  # noqa: E402

VENDOR = "linkon"
TOKEN = "tok-SECRET-e2e-41c7"
TOKEN2 = "tok-SECRET-e2e-new-93d0"
SCENE = "Linkon E2E Bridge"
HERE = os.path.dirname(os.path.abspath(__file__))


Failed, check = lkobs.Failed, lkobs.check


class Bridge:
    """The loopback test server (tests/server/lk-test-server.py)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="linkon-e2e-bridge-")
        port_file = os.path.join(self.dir, "port")
        script = os.path.join(HERE, "..", "server", "lk-test-server.py")
        self.proc = subprocess.Popen([sys.executable, script, "--port", "0", "--port-file", port_file,
                                      "--exit-on-stdin-close"], stdin=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while not os.path.exists(port_file):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            self.port = int(f.read())
        self.url = f"http://127.0.0.1:{self.port}"

    def ctl(self, path, doc=None):
        data = None if doc is None else json.dumps(doc).encode("utf-8")
        with urllib.request.urlopen(self.url + path, data=data, timeout=10) as r:
            return json.loads(r.read().decode("utf-8"))

    def stop(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class Session:
    def __init__(self, obs, bridge):
        self.c = obs.client(subscriptions=lkws.SUB_VENDORS | lkws.SUB_GENERAL)
        self.bridge = bridge

    def v(self, request_type, data=None):
        return self.c.vendor(VENDOR, request_type, data)

    def wait(self, pred, what, timeout=20.0):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = self.v("GetState")
            if pred(last):
                check(True, what)
                return last
            self.c.pump(0.2)
        raise Failed(f"{what} (last state: {last})")


def cart_ids(state):
    return [e["productId"] for e in state.get("cart", [])]


def step_sync(s):
    st = s.wait(lambda st: st["connection"]["state"] == "connected" and cart_ids(st) == ["p1", "p2", "p3", "p4"],
                "Linkon connects to the bridge and has its cart")
    check(st["connection"]["connector"] == "bridge" and st["pinnedProductId"] == "p1", f"pinned p1: {st}")
    products = s.v("ListProducts")["products"]
    check(len(products) == 45 and products[44]["id"] == "p45" and products[44]["price"] == 1450,
          "ListProducts has the bridge's 45 products (3 pages)")


def step_pin(s):
    res = s.v("PinProduct", {"productId": "p7"})
    check(res.get("ok") is True, f"PinProduct p7 is accepted: {res}")
    s.wait(lambda st: st["pinnedProductId"] == "p7", "the pin comes back from the bridge")
    applied = s.bridge.ctl("/_bridge/stats")["applied"]
    check([a["action"] for a in applied] == ["pin"] and applied[0]["body"] == {"productId": "p7"},
          f"the bridge applied one pin action: {applied}")


def step_gifts(s, artifacts):
    s.c.request("CreateScene", {"sceneName": SCENE})
    s.c.request("CreateInput", {"sceneName": SCENE, "inputName": "Gifts", "inputKind": "linkon_gift_alerts",
                                "sceneItemEnabled": True})
    s.c.request("SetCurrentProgramScene", {"sceneName": SCENE})
    s.bridge.ctl("/_bridge/gifts", {"n": 1})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not s.c.vendor_events(VENDOR, "GiftAlertShown"):
        s.c.pump(0.2)
    shown = s.c.vendor_events(VENDOR, "GiftAlertShown")
    check(shown and shown[0].get("senderName") == "Viewer 1" and shown[0].get("giftName") == "Rose",
          f"a gift on the bridge's stream becomes an alert: {shown[:1]}")


def room_event(etype, doc):
    return [etype, json.dumps(doc)]


def step_room(s):
    """Live-room events on the bridge's stream: a gift tagged with its
    platform, and comments that claim products (one claim per viewer per
    product) show in GetState and ListProducts."""
    def comment(cid, user, text):
        return room_event("comment", {"id": cid, "platform": "tiktok", "user": {"id": user}, "text": text})
    before = len(s.c.vendor_events(VENDOR, "GiftAlertShown"))
    s.bridge.ctl("/_bridge/mutate", {"raw": [
        comment("c1", "u1", "3"), comment("c2", "u1", "want 3"), comment("c1", "u1", "3"),
        comment("c3", "u2", "#3"), comment("c4", "u3", "+1"), comment("c5", "u4", "hello"),
        room_event("like", {"id": "l1", "platform": "tiktok", "count": 15}),
        room_event("viewers", {"platform": "tiktok", "count": 321}),
        room_event("gift", {"id": "tt-g1", "platform": "tiktok", "sender": {"name": "Mia"},
                            "gift": {"id": "5655", "name": "Rose", "value": 1}}),
    ]})
    st = s.wait(lambda st: {c["productId"]: c["count"] for c in st.get("claims", [])} == {"p3": 2, "p7": 1},
                "comments claim products: #3 twice (u1 once), the pinned p7 once")
    products = {p["id"]: p for p in s.v("ListProducts")["products"]}
    check(products["p3"]["claims"] == 2 and products["p1"]["claims"] == 0,
          f"ListProducts has the claims: p3 {products['p3'].get('claims')}")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(s.c.vendor_events(VENDOR, "GiftAlertShown")) <= before:
        s.c.pump(0.2)
    shown = s.c.vendor_events(VENDOR, "GiftAlertShown")[before:]
    check(shown and shown[-1].get("platform") == "tiktok" and shown[-1].get("senderName") == "Mia",
          f"a TikTok gift becomes an alert with its platform: {shown[-1:]}")
    return st


def step_chat_action(s):
    """A viewer's "!link" (an action the config allows, here for 2 s) shows
    the scene's hidden QR code, which hides again by itself; the same
    viewer asking again at once is rate-limited."""
    item = s.c.request("CreateInput", {"sceneName": SCENE, "inputName": "Link QR", "inputKind": "linkon_qr",
                                       "sceneItemEnabled": False})["sceneItemId"]

    def enabled():
        return s.c.request("GetSceneItemEnabled", {"sceneName": SCENE, "sceneItemId": item})["sceneItemEnabled"]

    def wait_enabled(want, what, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if enabled() == want:
                check(True, what)
                return time.monotonic()
            s.c.pump(0.1)
        raise Failed(what)

    check(enabled() is False, "the QR code starts hidden")
    s.bridge.ctl("/_bridge/mutate", {"raw": [room_event(
        "comment", {"id": "c-link-1", "platform": "tiktok", "user": {"id": "u9"}, "text": "!link"})]})
    shown = wait_enabled(True, "a viewer's !link shows the QR code")
    hidden = wait_enabled(False, "and it hides again by itself")
    check(1.0 <= hidden - shown <= 6.0, f"after about the rule's 2 s ({hidden - shown:.1f} s)")
    s.bridge.ctl("/_bridge/mutate", {"raw": [room_event(
        "comment", {"id": "c-link-2", "platform": "tiktok", "user": {"id": "u9"}, "text": "!link"})]})
    time.sleep(2.0)
    check(enabled() is False, "the same viewer asking again at once is rate-limited")


def step_sales(s):
    """StartFlashSale / StopFlashSale through the bridge answer with the sale
    the bridge confirmed, as docs/websocket-api.md says (not the previous
    sale, not the stopped sale still live)."""
    for n, product in ((1, "p3"), (2, "p5")):
        res = s.v("StartFlashSale", {"productId": product, "durationMs": 600000})
        sale = res.get("sale", {})
        check(res.get("ok") is True and not res.get("pending") and sale.get("saleId") == f"s{n}"
              and sale.get("productId") == product and sale.get("state") == "live",
              f"StartFlashSale answers with the new sale s{n}: {res}")
        res = s.v("StopFlashSale")
        sale = res.get("sale", {})
        check(res.get("ok") is True and not res.get("pending") and sale.get("saleId") == f"s{n}"
              and sale.get("state") == "stopped", f"StopFlashSale answers with s{n} stopped: {res}")
    applied = [a["action"] for a in s.bridge.ctl("/_bridge/stats")["applied"]]
    check(applied[-4:] == ["sale-start", "sale-stop", "sale-start", "sale-stop"], f"the bridge applied them: {applied}")


def step_outage(s):
    s.bridge.ctl("/_bridge/knobs", {"drop_every": 1})
    s.bridge.ctl("/_bridge/faults", {"/v1/state": ["503:2", "drop", "500"], "/v1/events": ["503:2", "500"]})
    s.bridge.ctl("/_bridge/mutate", {"pin": "p9", "cart": ["p9", "p2"]})
    s.wait(lambda st: st["connection"]["state"] == "offline" and st["connection"].get("retryInMs", 0) > 0,
           "the state says offline while the bridge fails, and when it tries again")
    check(len(s.v("ListProducts")["products"]) == 45, "the last catalog stays meanwhile")
    s.bridge.ctl("/_bridge/knobs", {"drop_every": 0})
    s.wait(lambda st: st["connection"]["state"] == "connected" and st["pinnedProductId"] == "p9"
           and cart_ids(st) == ["p9", "p2"], "then it converges to the bridge's state", timeout=30)


def step_token_changed(s, obs, config):
    """The bridge takes a new token: Linkon shows "auth failed" with what to
    do; the streamer saves the new token in config.json, and Linkon connects
    again (catalog, state and stream) without an OBS restart."""
    s.bridge.ctl("/_bridge/reset", {"products": 45, "cart": 2, "token": TOKEN2, "knobs": {"heartbeat_ms": 500}})
    st = s.wait(lambda st: st["connection"]["state"] == "auth_failed", "a refused token shows auth_failed")
    check("config file" in st["connection"]["message"] and st["connection"].get("retryInMs", 0) > 0,
          f"the status says what to do, and when it tries again: {st['connection']}")
    path = os.path.join(obs.config_dir, "plugin_config", "linkon", "config.json")
    config = dict(config, bridge=dict(config["bridge"], token=TOKEN2))
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(config, f)
    os.chmod(path + ".tmp", 0o600)
    os.replace(path + ".tmp", path)
    s.wait(lambda st: st["connection"]["state"] == "connected" and cart_ids(st) == ["p1", "p2"],
           "the new token in config.json is used without an OBS restart", timeout=30)
    stats = s.bridge.ctl("/_bridge/stats")
    check(stats["stream_connects"] >= 1, f"the event stream opened again: {stats['stream_connects']}")


def main():
    args = lkobs.test_args()
    if not shutil.which("obs"):
        print("FAIL: obs is not installed (scripts/install-deps.sh installs it)")
        return 1

    bridge = Bridge()
    bridge.ctl("/_bridge/reset", {"products": 45, "cart": 4, "token": TOKEN, "knobs": {"heartbeat_ms": 500}})
    config = {"connector": "bridge", "bridge": {"url": bridge.url, "token": TOKEN, "poll_ms": 300,
                                                "page_size": 20, "backoff_min_ms": 200, "backoff_max_ms": 1000},
              "claims": {"actions": [{"keyword": "!link", "action": "show_qr", "seconds": 2}],
                         "viewer_cooldown_ms": 60000, "global_cooldown_ms": 0}}
    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=config, name="e2e-bridge")
    try:
        obs.start()
        s = Session(obs, bridge)
        step_sync(s)
        step_pin(s)
        step_gifts(s, args.artifacts)
        step_room(s)
        step_chat_action(s)
        step_sales(s)
        step_outage(s)
        step_token_changed(s, obs, config)
        code = obs.stop()
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
        check("bridge: connected" in obs.final_log, "the OBS log says the bridge connected")
        check(TOKEN not in obs.final_log and TOKEN2 not in obs.final_log, "the tokens are in no OBS log line")
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError) as e:
        print(f"FAIL: {e}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-bridge-obs-log-*.txt")
        return 1
    finally:
        bridge.stop()
    print("e2e-bridge: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
