#!/usr/bin/env python3
# Linkon end-to-end test of the TikTok Shop connector: the real `obs` (under
# the caller's X display) with Linkon installed in a throwaway HOME and its
# config file naming the loopback TikTok Shop fake (tests/server, tiktok_shop
# area, which checks every request's signature and timestamp), driven over
# obs-websocket 5.1:
#   - Linkon reads the shop's catalog; a pinned TikTok Shop product with its
#     stock summed over SKUs and warehouses shows on a product card;
#   - a flash deal (FLASHSALE activity) made on the fake shows as the current
#     flash sale on the flash timer, at its price and stock limit;
#   - a stock change on the fake reaches the card (ListProducts, and the
#     card's pixels change);
#   - OBS quits cleanly; no secret or token in a log or a scene collection.
#
#   python3 test_tiktok_shop.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402
import lkpng  # noqa: E402
import lkws  # noqa: E402
from test_bridge import Bridge as LoopbackServer, Failed, Session, check  # noqa: E402

APP_KEY = "6abc123def456"
APP_SECRET = "e59af819cc0fe2db5f41a8fdb8ae0c7da9a52b01"
SCENE = "Linkon E2E TikTok Shop"
P0, P2 = "1729300000000", "1729300000002"


def shot(s, artifacts, source, name):
    path = os.path.join(artifacts, f"e2e-tiktok-{name}.png")
    saved = lkobs.source_screenshot(s.c, source, path)
    check(saved and lkpng.distinct_colors(path) > 10, f"{source} screenshot ({path})")
    return path


def step_catalog(s, artifacts):
    st = s.wait(lambda st: st["connection"]["state"] == "connected", "Linkon reads the TikTok shop's catalog",
                timeout=30)
    check(st["connection"]["connector"] == "tiktok_shop" and "6 products" in st["connection"]["message"],
          f"the status names the shop's 6 products: {st['connection']}")
    products = {p["id"]: p for p in s.v("ListProducts")["products"]}
    p0 = products.get(P0)
    check(p0 is not None and p0["price"] == 1000 and p0["stock"] == 16 and p0["currency"] == "USD",
          f"the multi-warehouse product: price 10.00, stock 3+4+4+5: {p0}")
    s.c.request("CreateScene", {"sceneName": SCENE})
    for name, kind, x in (("Card", "linkon_product_card", 40.0), ("Timer", "linkon_flash_timer", 700.0)):
        item = s.c.request("CreateInput", {"sceneName": SCENE, "inputName": name, "inputKind": kind,
                                           "sceneItemEnabled": True})
        s.c.request("SetSceneItemTransform", {"sceneName": SCENE, "sceneItemId": item["sceneItemId"],
                                              "sceneItemTransform": {"positionX": x, "positionY": 40.0}})
    s.c.request("SetCurrentProgramScene", {"sceneName": SCENE})
    check(s.v("PinProduct", {"productId": P0}).get("ok") is True, "a TikTok Shop product can be pinned")
    time.sleep(2.5)  # the card slides in, its image comes from the loopback shop
    return shot(s, artifacts, "Card", "card")


def step_flash_deal(s, server, artifacts):
    now = int(time.time())
    server.ctl("/_tiktok/activity", {
        "id": "7301", "activity_type": "FLASHSALE", "begin_time": now - 5, "end_time": now + 600,
        "products": [{"id": P2, "activity_price": {"amount": "7.50", "currency": "USD"}, "quantity_limit": 10,
                      "quantity_per_user": 1}]})
    st = s.wait(lambda st: st["sale"].get("saleId") == "tts:7301:" + P2 and st["sale"].get("state") == "live",
                "the shop's flash deal is Linkon's live flash sale", timeout=30)
    sale = st["sale"]
    check(sale["productId"] == P2 and sale["salePrice"] == 750 and sale["stockLimit"] == 10
          and sale["endMs"] == (now + 600) * 1000 and 0 < sale["remainingMs"] <= 600000,
          f"at the deal's price, stock limit and end: {sale}")
    time.sleep(1.5)
    shot(s, artifacts, "Timer", "flash-timer")


def step_stock(s, server, artifacts, before):
    server.ctl("/_tiktok/stock?product=0&sku=0&warehouse=0&quantity=0", {})
    server.ctl("/_tiktok/stock?product=0&sku=0&warehouse=1&quantity=0", {})
    server.ctl("/_tiktok/stock?product=0&sku=1&warehouse=0&quantity=0", {})
    server.ctl("/_tiktok/stock?product=0&sku=1&warehouse=1&quantity=1", {})

    def stock_is_1(_st):
        return {p["id"]: p for p in s.v("ListProducts")["products"]}[P0]["stock"] == 1
    s.wait(stock_is_1, "a stock change on the shop reaches Linkon (16 -> 1)", timeout=30)
    time.sleep(1.5)
    after = shot(s, artifacts, "Card", "card-stock-1")
    share = lkpng.differing(before, after)
    check(share > 0.002, f"the card shows the new stock ({share:.2%} of its pixels changed)")


def no_secret_anywhere(obs):
    texts = lkobs.saved_texts(obs)
    check(any(p.endswith(".json") for p, _ in texts), "the scene collection was saved")
    leaks = [p for p, t in texts if APP_SECRET in t or "_linkon_secret" in t]
    check(not leaks, f"the secret and the tokens are in no log and no scene collection ({len(texts)} files)")
    tokens = os.path.join(obs.config_dir, "plugin_config", "linkon", "tiktok-shop-tokens.json")
    if os.path.exists(tokens):
        check(os.stat(tokens).st_mode & 0o777 == 0o600, "the token file is 0600")


def main():
    args = lkobs.test_args()
    if not shutil.which("obs"):
        print("FAIL: obs is not installed (scripts/install-deps.sh installs it)")
        return 1

    server = LoopbackServer()
    stats = server.ctl("/_tiktok/config", {"products": 6})
    config = {"connector": "tiktok_shop", "tiktok_shop": {
        "app_key": APP_KEY, "app_secret": APP_SECRET, "access_token": stats["access_token"],
        "refresh_token": stats["refresh_token"], "access_token_expire_in": int(time.time()) + 7 * 86400,
        "api_base": server.url, "auth_base": server.url, "refresh_s": 1, "backoff_min_ms": 200}}
    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=config, name="e2e-tiktok")
    try:
        obs.start()
        s = Session(obs, server)
        before = step_catalog(s, args.artifacts)
        step_flash_deal(s, server, args.artifacts)
        step_stock(s, server, args.artifacts, before)
        counts = server.ctl("/_tiktok/stats")["counts"]
        check(counts["bad_sign"] == 0 and counts["bad_timestamp"] == 0 and counts["signed_ok"] > 5,
              f"every request was signed right, in the timestamp window: {counts}")
        code = obs.stop(keep_home=True)
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
        check("tiktok_shop: shop Linkon Test Shop" in obs.final_log, "the OBS log names the shop")
        no_secret_anywhere(obs)
        obs.discard()
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError, KeyError) as e:
        print(f"FAIL: {e}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-tiktok-obs-log-*.txt")
        return 1
    finally:
        server.stop()
    print("e2e-tiktok: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
