#!/usr/bin/env python3
# Linkon end-to-end test of the Shopify connector: the real `obs` (under the
# caller's X display) with Linkon installed in a throwaway HOME and its
# config file naming the loopback Shopify-like shop (tests/server, shopify
# area), driven over obs-websocket 5.1:
#   - Linkon reads the shop's catalog (GetState, ListProducts) and shows a
#     pinned Shopify product on a product card (screenshot);
#   - a flash sale started over obs-websocket puts its price on the shop and
#     the old price comes back when it ends;
#   - OBS killed in the middle of a sale: the next start restores the price
#     from the journal in the module's config dir, and removes the journal;
#   - while the shop fails the last catalog stays, then it converges;
#   - OBS quits cleanly; the token is in no log and no scene collection.
#
#   python3 test_shopify.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import stat
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402
import lkws  # noqa: E402
from test_bridge import Bridge as LoopbackServer, Failed, Session, check  # noqa: E402

TOKEN = "shpat_e2e_SECRET_5f2a9c71"
SCENE = "Linkon E2E Shopify"
P0, P1 = "gid://shopify/Product/1000", "gid://shopify/Product/1001"
V0, V10 = "gid://shopify/ProductVariant/5000", "gid://shopify/ProductVariant/5010"


def journal_path(obs):
    return os.path.join(obs.config_dir, "plugin_config", "linkon", "shopify-journal.json")


def price(server, variant):
    p = server.ctl("/_shopify/stats")["prices"][variant]
    return [p["price"], p["compareAtPrice"]]


def wait_price(server, variant, want, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    got = None
    while time.monotonic() < deadline:
        got = price(server, variant)
        if got == want:
            check(True, what)
            return
        time.sleep(0.1)
    raise Failed(f"{what} (price {got}, want {want})")


def wait_gone(path, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.1)
    check(not os.path.exists(path), what)


def step_sync(s, obs, artifacts):
    st = s.wait(lambda st: st["connection"]["state"] == "connected", "Linkon reads the shop's catalog")
    check(st["connection"]["connector"] == "shopify" and "60 products" in st["connection"]["message"],
          f"the status names the shop's 60 products: {st['connection']}")
    products = s.v("ListProducts")["products"]
    first = products[0]
    check(len(products) == 60 and first["id"] == P0 and first["price"] == 1000 and first["originalPrice"] == 1500
          and first["currency"] == "USD", f"ListProducts has the shop's products, priced in minor units: {first}")
    s.c.request("CreateScene", {"sceneName": SCENE})
    s.c.request("CreateInput", {"sceneName": SCENE, "inputName": "Card", "inputKind": "linkon_product_card",
                                "sceneItemEnabled": True})
    s.c.request("SetCurrentProgramScene", {"sceneName": SCENE})
    check(s.v("PinProduct", {"productId": P0}).get("ok") is True, "a Shopify product can be pinned")
    time.sleep(2.0)  # the card's image comes from the loopback shop
    shot = os.path.join(artifacts, "e2e-shopify-card.png")
    if obs.screenshot(shot):
        print(f"screenshot: {shot}", flush=True)


def step_sale_on_shop(s, server, obs):
    res = s.v("StartFlashSale", {"productId": P0, "salePrice": 799, "durationMs": 3000})
    check(res.get("ok") is True, f"StartFlashSale is accepted: {res}")
    wait_price(server, V0, [799, 1000], "the sale price is on the shop, the old price struck")
    mode = stat.S_IMODE(os.stat(journal_path(obs)).st_mode)
    check(mode == 0o600, f"the journal holds the old prices, mode 0600 ({oct(mode)})")
    wait_price(server, V0, [1000, 1500], "the old price is back when the sale ends")
    wait_gone(journal_path(obs), "the journal is cleared")


def step_crash(s, server, obs):
    res = s.v("StartFlashSale", {"productId": P1, "salePrice": 555, "durationMs": 600000})
    check(res.get("ok") is True, f"a long sale starts: {res}")
    wait_price(server, V10, [555, 1100], "its price is on the shop")
    obs.proc.kill()  # no unload, no restore: what a crash leaves behind
    obs.proc.wait()
    obs.proc = None
    check(os.path.exists(journal_path(obs)) and price(server, V10) == [555, 1100],
          "OBS is killed mid-sale: the sale price stays, the journal stays")
    obs.start()
    wait_price(server, V10, [1100, None], "the next start restores the old price from the journal")
    wait_gone(journal_path(obs), "and removes the journal")


def step_outage(s, server):
    # the restarted OBS reads the catalog first: the outage must find a catalog to keep
    s.wait(lambda st: st["connection"]["state"] == "connected" and "60 products" in st["connection"]["message"],
           "the restarted OBS has read the catalog again", timeout=60)
    server.ctl("/_shopify/config?faults_only=1", {"faults": ["500", "drop", "malformed", "500", "500"]})
    s.wait(lambda st: st["connection"]["state"] in ("offline", "protocol_error"),
           "the state says offline while the shop fails", timeout=30)
    check(len(s.v("ListProducts")["products"]) == 60, "the last catalog stays meanwhile")
    s.wait(lambda st: st["connection"]["state"] == "connected", "then it converges", timeout=30)


def no_token_anywhere(obs):
    texts = lkobs.saved_texts(obs)
    check(any(p.endswith(".json") for p, _ in texts), "the scene collection was saved")
    leaks = [p for p, t in texts if TOKEN in t]
    check(not leaks, f"the token is in no log and no scene collection ({len(texts)} files read)")


def main():
    args = lkobs.test_args()
    if not shutil.which("obs"):
        print("FAIL: obs is not installed (scripts/install-deps.sh installs it)")
        return 1

    server = LoopbackServer()
    server.ctl("/_shopify/config", {"products": 60, "token": TOKEN})
    config = {"connector": "shopify", "shopify": {
        "shop": "linkon-e2e", "token": TOKEN, "endpoint": server.url + "/admin/api/2025-01/graphql.json",
        "write_sale_prices": True, "refresh_s": 2, "backoff_min_ms": 200}}
    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=config, name="e2e-shopify")
    try:
        obs.start()
        s = Session(obs, server)
        step_sync(s, obs, args.artifacts)
        step_sale_on_shop(s, server, obs)
        step_crash(s, server, obs)
        s = Session(obs, server)
        step_outage(s, server)
        code = obs.stop(keep_home=True)
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
        check("shopify: connecting to linkon-e2e.myshopify.com" in obs.final_log, "the OBS log names the shop")
        no_token_anywhere(obs)
        obs.discard()
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError, KeyError) as e:
        print(f"FAIL: {e}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-shopify-obs-log-*.txt")
        return 1
    finally:
        server.stop()
    print("e2e-shopify: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
