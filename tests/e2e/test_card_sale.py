#!/usr/bin/env python3
# Linkon end-to-end test: a flash sale started by a scene drop at ¥12.34 in
# the real `obs` (under the caller's X display) shows its price on the
# product card and in the cart list, not only on the flash timer:
#   - the pinned product's card and its cart row change when the drop's sale
#     goes live, and look exactly as before once the sale is stopped;
#   - the catalog price (ListProducts) stays the regular one; the sale
#     carries the sale price (GetState).
# Screenshots of the card, the list and the scene go to the artifacts dir
# (e2e-card-sale-*.png).
#
#   python3 test_card_sale.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402
import lkpng  # noqa: E402
import lkws  # noqa: E402

VENDOR = "linkon"
IDLE, SHOW = "Linkon Sale Idle", "Linkon Sale Show"
CARD, LIST, TIMER = "Sale Card", "Sale Cart", "Sale Timer"
SALE_PRICE, SALE_PRICE_MINOR = 12.34, 1234
# the demo shop without surprises: no automatic pin moves, (almost) no orders
LINKON_CONFIG = {"connector": "demo", "demo": {"seed": 7, "pin_every_ms": -1, "order_every_ms": 3600000}}

Failed, check = lkobs.Failed, lkobs.check


class Session:
    def __init__(self, obs, artifacts):
        self.c = obs.client()
        self.artifacts = artifacts

    def v(self, request_type, data=None):
        return self.c.vendor(VENDOR, request_type, data)

    def wait(self, pred, what, timeout=10.0):
        deadline = time.monotonic() + timeout
        st = None
        while time.monotonic() < deadline:
            st = self.v("GetState")
            if st.get("ok") and pred(st):
                print(f"ok - {what}", flush=True)
                return st
            self.c.pump(0.1)
        raise Failed(f"{what} (last state: {st})")

    def shot(self, source, name):
        path = os.path.join(self.artifacts, f"e2e-card-sale-{name}.png")
        saved = lkobs.source_screenshot(self.c, source, path)
        check(saved and lkpng.distinct_colors(path) > 10, f"{source} screenshot ({path})")
        return path


def step_setup(s):
    st = s.wait(lambda st: st["connection"]["state"] == "connected" and len(st["cart"]) >= 4,
                "the demo shop is connected with a cart", timeout=30)
    products = {p["id"]: p for p in s.v("ListProducts")["products"]}
    cart = [i["productId"] for i in sorted(st["cart"], key=lambda i: i["slot"])]
    target = next(pid for pid in cart[2:] if products[pid]["price"] > SALE_PRICE_MINOR and products[pid]["stock"] > 0)
    s.c.request("CreateScene", {"sceneName": IDLE})
    s.c.request("CreateScene", {"sceneName": SHOW})
    for name, kind, y in ((CARD, "linkon_product_card", 40.0), (LIST, "linkon_cart_list", 360.0),
                          (TIMER, "linkon_flash_timer", 40.0)):
        item = s.c.request("CreateInput", {"sceneName": SHOW, "inputName": name, "inputKind": kind,
                                           "sceneItemEnabled": True})
        x = 700.0 if name == TIMER else 40.0
        s.c.request("SetSceneItemTransform", {"sceneName": SHOW, "sceneItemId": item["sceneItemId"],
                                              "sceneItemTransform": {"positionX": x, "positionY": y}})
    settings = {"product_id": target, "flash_sale": True, "sale_price": SALE_PRICE, "sale_duration": 600,
                "sale_stock": 0, "sale_preroll": 0, "fire_mode": "every"}
    s.c.request("CreateSourceFilter", {"sourceName": SHOW, "filterName": "Linkon Drop",
                                       "filterKind": "linkon_product_drop", "filterSettings": settings})
    s.c.request("SetCurrentProgramScene", {"sceneName": IDLE})
    check(s.v("PinProduct", {"productId": target})["ok"], f"PinProduct {target}")
    s.wait(lambda st: st["pinnedProductId"] == target, "the product is pinned before the drop")
    return target, products[target]["price"]


def step_sale(s, target, price):
    time.sleep(2.0)  # the card slides in, the thumbnails load
    regular = (s.shot(CARD, "card-regular"), s.shot(LIST, "list-regular"))

    s.c.request("SetCurrentProgramScene", {"sceneName": SHOW})
    st = s.wait(lambda st: st["sale"].get("state") == "live" and st["sale"].get("productId") == target,
                "the drop's sale is live")
    check(st["sale"]["salePrice"] == SALE_PRICE_MINOR and st["sale"]["salePriceText"] == "¥12.34",
          "the sale is at ¥12.34")
    listed = {p["id"]: p for p in s.v("ListProducts")["products"]}
    check(listed[target]["price"] == price, "the catalog price stays the regular one while the sale runs")
    time.sleep(1.5)
    live = (s.shot(CARD, "card-live"), s.shot(LIST, "list-live"))
    scene = os.path.join(s.artifacts, "e2e-card-sale-scene.png")
    lkobs.source_screenshot(s.c, SHOW, scene, imageWidth=1280, imageHeight=720)  # for the README, not checked
    d_card, d_list = lkpng.differing(regular[0], live[0]), lkpng.differing(regular[1], live[1])
    check(d_card > 0.01, f"the card changed when the sale went live ({d_card:.4f} of its pixels)")
    check(0.0005 < d_list < 0.2, f"the cart list changed in one row's price ({d_list:.4f} of its pixels)")

    check(s.v("StopFlashSale")["ok"], "StopFlashSale")
    s.wait(lambda st: st["sale"].get("state") == "stopped", "the sale is stopped")
    time.sleep(1.5)
    stopped = (s.shot(CARD, "card-stopped"), s.shot(LIST, "list-stopped"))
    d_card, d_list = lkpng.differing(regular[0], stopped[0]), lkpng.differing(regular[1], stopped[1])
    check(d_card < 0.002, f"the card shows the regular price again ({d_card:.4f} of its pixels differ)")
    check(d_list < 0.002, f"the cart list shows the regular price again ({d_list:.4f} of its pixels differ)")


def main():
    args = lkobs.test_args()
    if not shutil.which("obs"):
        print("FAIL: obs is not installed (scripts/install-deps.sh installs it)")
        return 1

    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=LINKON_CONFIG,
                    name="e2e-card-sale")
    try:
        obs.start()
        s = Session(obs, args.artifacts)
        target, price = step_setup(s)
        step_sale(s, target, price)
        code = obs.stop()
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError) as e:
        print(f"FAIL: {e}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-card-sale-obs-*.txt")
        return 1
    print("e2e-card-sale: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
