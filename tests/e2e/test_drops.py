#!/usr/bin/env python3
# Linkon end-to-end test: the real `obs` (under the caller's X display, e.g.
# the Xvfb of tests/run-all.sh) with Linkon installed in a throwaway HOME and
# obs-websocket on, driven by our own websocket client:
#   - the vendor "linkon" answers, the hotkeys are registered;
#   - a `linkon_product_drop` filter on a scene pins its product and starts
#     its flash sale when that scene goes to program (a cut, then a studio-mode
#     transition), and does NOT fire for a studio-mode preview;
#   - bad commands come back ok:false with a message and change nothing;
#   - "once per show", ResetDrops, TriggerDrop, hotkeys, cart edits, events;
#   - OBS quits cleanly; restarted on the saved scene collection, the filter
#     is still there and does not fire while OBS loads.
# A screenshot of the screen and of the drop scene go to the artifacts dir.
#
#   python3 test_drops.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import glob
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402
import lkpng  # noqa: E402
import lkws  # noqa: E402

VENDOR = "linkon"
IDLE, DROP = "Linkon E2E Idle", "Linkon E2E Drop"
FILTER = "Linkon Drop"
SALE_PRICE = 12.34  # CNY yuan, in the filter's settings
SALE_PRICE_MINOR = 1234
SALE_SECONDS = 600
HOTKEYS = ["linkon.next_product", "linkon.previous_product", "linkon.unpin", "linkon.start_sale", "linkon.stop_sale"]
# the demo shop without surprises: no automatic pin moves, (almost) no orders
LINKON_CONFIG = {"connector": "demo", "demo": {"seed": 7, "pin_every_ms": -1, "order_every_ms": 3600000}}


Failed, check = lkobs.Failed, lkobs.check


class Session:
    def __init__(self, obs):
        self.c = obs.client(subscriptions=lkws.SUB_VENDORS | lkws.SUB_SCENES | lkws.SUB_GENERAL)

    def v(self, request_type, data=None):
        return self.c.vendor(VENDOR, request_type, data)

    def state(self):
        st = self.v("GetState")
        if not st.get("ok"):
            raise Failed(f"GetState failed: {st}")
        return st

    def wait(self, pred, what, timeout=8.0):
        deadline = time.monotonic() + timeout
        st = None
        while time.monotonic() < deadline:
            st = self.state()
            if pred(st):
                print(f"ok - {what}", flush=True)
                return st
            self.c.pump(0.1)
        raise Failed(f"{what} (last state: {st})")

    def program(self, scene):
        self.c.request("SetCurrentProgramScene", {"sceneName": scene})

    def events(self, event_type):
        return self.c.vendor_events(VENDOR, event_type)


def cart_ids(st):
    return [item["productId"] for item in sorted(st["cart"], key=lambda i: i["slot"])]


def sale_live_for(product_id):
    return lambda st: st["pinnedProductId"] == product_id and st["sale"].get("state") == "live" and st["sale"].get(
        "productId"
    ) == product_id


def calm(s, settle=1.5):
    """No sale running, nothing pinned, every drop armed again."""
    st = s.state()
    if st["sale"].get("state") in ("preroll", "live"):
        check(s.v("StopFlashSale")["ok"], "StopFlashSale stops the running sale")
    check(s.v("UnpinProduct")["ok"], "UnpinProduct")
    check(s.v("ResetDrops")["reset"] >= 1, "ResetDrops resets the drop filters")
    s.program(IDLE)
    time.sleep(settle)
    s.wait(lambda st: st["pinnedProductId"] == "", "nothing pinned on the idle scene")


def step_setup(s):
    st = s.wait(lambda st: st["connection"]["state"] == "connected" and len(st["cart"]) >= 4,
                "the demo shop is connected with a cart", timeout=30)
    version = s.c.request("GetVersion")
    check("CallVendorRequest" in version["availableRequests"], "obs-websocket 5 offers CallVendorRequest")
    names = s.c.request("GetHotkeyList")["hotkeys"]
    check(all(h in names for h in HOTKEYS), "the five Linkon hotkeys are registered with OBS")
    products = s.v("ListProducts")["products"]
    check(len(products) >= 12 and all(p["id"] and p["currency"] for p in products), "ListProducts lists the catalog")
    cart = cart_ids(st)
    target = cart[2]
    check(st["pinnedProductId"] == cart[0], "the demo shop pins cart slot 1 at start")

    s.c.request("CreateScene", {"sceneName": IDLE})
    s.c.request("CreateScene", {"sceneName": DROP})
    s.c.request("CreateInput", {"sceneName": DROP, "inputName": "Linkon Card", "inputKind": "linkon_product_card",
                                "sceneItemEnabled": True})
    kinds = s.c.request("GetInputKindList", {"unversioned": True})["inputKinds"]
    if "linkon_flash_timer" in kinds:  # for the screenshot: the sale's countdown
        item = s.c.request("CreateInput", {"sceneName": DROP, "inputName": "Linkon Timer",
                                           "inputKind": "linkon_flash_timer", "sceneItemEnabled": True})
        s.c.request("SetSceneItemTransform", {"sceneName": DROP, "sceneItemId": item["sceneItemId"],
                                              "sceneItemTransform": {"positionX": 40.0, "positionY": 400.0}})
    settings = {"product_id": target, "flash_sale": True, "sale_price": SALE_PRICE, "sale_duration": SALE_SECONDS,
                "sale_stock": 0, "sale_preroll": 0, "fire_mode": "every"}
    s.c.request("CreateSourceFilter", {"sourceName": DROP, "filterName": FILTER,
                                       "filterKind": "linkon_product_drop", "filterSettings": settings})
    filters = s.c.request("GetSourceFilterList", {"sourceName": DROP})["filters"]
    check([f["filterKind"] for f in filters] == ["linkon_product_drop"], "the drop filter sits on the drop scene")
    return cart, target


def step_cut(obs, s, target, artifacts):
    s.program(IDLE)
    time.sleep(1.5)
    st = s.state()
    check(st["pinnedProductId"] != target and st["sale"].get("state") != "live", "the idle scene fires nothing")

    s.program(DROP)
    st = s.wait(sale_live_for(target), "a cut to the drop scene pins its product and the sale is live")
    sale = st["sale"]
    check(sale["salePrice"] == SALE_PRICE_MINOR and sale["currency"] == "CNY", "the sale has the filter's price")
    check(0 < sale["remainingMs"] <= SALE_SECONDS * 1000, "the sale counts down from the filter's duration")
    check(sale["stockLimit"] == -1, "sale stock 0 in the filter means no limit")
    s.c.pump(0.5)
    check(any(e.get("productId") == target for e in s.events("ProductPinned")), "a ProductPinned event came")
    check(any(e.get("state") == "live" and e.get("productId") == target
              for e in s.events("FlashSaleStateChanged")), "a FlashSaleStateChanged (live) event came")
    check(any(e.get("pinnedProductId") == target for e in s.events("StateChanged")), "a StateChanged event came")
    check(all(e.get("version", 0) > 0 for e in s.events(None)), "every event carries the state version")
    screenshots(obs, s, artifacts)
    return sale["saleId"]


def screenshots(obs, s, artifacts):
    time.sleep(2.0)  # the card slides in
    program = os.path.join(artifacts, "e2e-drop-program.png")
    shot = lkobs.source_screenshot(s.c, DROP, program, imageWidth=1280, imageHeight=720)
    check(shot and lkpng.distinct_colors(program) > 20,
          f"the drop scene shows the product card ({program})")
    screen = os.path.join(artifacts, "e2e-drop-screen.png")
    check(obs.screenshot(screen), f"screenshot of OBS saved ({screen})")


def step_errors(s, target, sale_id):
    before = s.state()

    def refused(request_type, data, words, code=None):
        res = s.v(request_type, data)
        check(res.get("ok") is False and words in res.get("message", ""),
              f"{request_type} {data} is refused: {res.get('message')!r}")
        if code:
            check(res.get("code") == code, f"… with the stable code {code!r} ({res.get('code')!r})")

    refused("PinProduct", {"productId": "no-such-product"}, "unknown product", "unknown_product")
    refused("PinProduct", {}, "productId is missing", "bad_request")
    refused("StartFlashSale", {"productId": target, "durationMs": 0}, "duration", "bad_duration")
    refused("StartFlashSale", {"productId": target, "durationMs": 60000, "salePrice": -100}, "price")
    refused("StartFlashSale", {"productId": "no-such-product", "durationMs": 60000}, "unknown product")
    refused("StartFlashSale", {"productId": target}, "durationMs is missing")
    refused("StartFlashSale", {"productId": target, "durationMs": "soon"}, "must be a number")
    refused("StartFlashSale", {"productId": target, "durationMs": 60000}, "still running", "sale_running")
    refused("MoveInCart", {"productId": target, "slot": 99}, "slot", "slot_out_of_range")
    refused("TriggerDrop", {"sceneName": "No Such Scene"}, "no scene", "no_scene")
    after = s.state()
    check(after["pinnedProductId"] == before["pinnedProductId"] and after["sale"]["saleId"] == sale_id
          and after["sale"]["state"] == "live" and after["cart"] == before["cart"], "refused commands changed nothing")


def step_studio(s, target, old_sale):
    calm(s)
    mark = len(s.events("ProductPinned"))
    s.c.request("SetStudioModeEnabled", {"studioModeEnabled": True})
    s.c.request("SetCurrentPreviewScene", {"sceneName": DROP})
    time.sleep(2.5)
    st = s.state()
    check(s.c.request("GetCurrentPreviewScene")["currentPreviewSceneName"] == DROP, "studio mode previews the drop")
    check(st["pinnedProductId"] == "" and st["sale"].get("state") != "live",
          "a studio-mode preview of the drop scene fires nothing")
    check(not any(e.get("productId") == target for e in s.events("ProductPinned")[mark:]), "no pin event either")

    s.c.request("TriggerStudioModeTransition")
    st = s.wait(sale_live_for(target), "the studio-mode transition to program fires the drop")
    check(st["sale"]["saleId"] != old_sale, "it is a new sale")
    s.c.request("SetStudioModeEnabled", {"studioModeEnabled": False})


def step_once(s, target):
    s.c.request("SetSourceFilterSettings", {"sourceName": DROP, "filterName": FILTER,
                                            "filterSettings": {"fire_mode": "once"}})
    calm(s)
    s.program(DROP)
    s.wait(sale_live_for(target), "a once-per-show drop fires the first time")
    check(s.v("StopFlashSale")["ok"] and s.v("UnpinProduct")["ok"], "stop and unpin")
    s.program(IDLE)
    time.sleep(1.0)
    s.program(DROP)
    time.sleep(2.0)
    st = s.state()
    check(st["pinnedProductId"] == "" and st["sale"].get("state") != "live", "it does not fire a second time")
    check(s.v("ResetDrops")["reset"] >= 1, "ResetDrops")
    s.program(IDLE)
    time.sleep(1.0)
    s.program(DROP)
    s.wait(sale_live_for(target), "after ResetDrops it fires again")
    s.c.request("SetSourceFilterSettings", {"sourceName": DROP, "filterName": FILTER,
                                            "filterSettings": {"fire_mode": "every"}})


def step_trigger(s, target):
    calm(s)
    res = s.v("TriggerDrop", {"sceneName": DROP})
    check(res.get("ok") and res.get("fired") == 1, "TriggerDrop fires the scene's drop off program")
    s.wait(sale_live_for(target), "TriggerDrop pinned the product and started the sale")
    res = s.v("TriggerDrop", {"sceneName": IDLE})
    check(res.get("ok") is False and "no enabled Linkon product drop" in res["message"], "a scene without drops")


def step_hotkeys_and_cart(s, cart):
    calm(s)
    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.next_product"})
    s.wait(lambda st: st["pinnedProductId"] == cart[0], "hotkey next from nothing pins slot 1")
    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.next_product"})
    s.wait(lambda st: st["pinnedProductId"] == cart[1], "hotkey next pins slot 2")
    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.previous_product"})
    s.wait(lambda st: st["pinnedProductId"] == cart[0], "hotkey previous pins slot 1")
    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.start_sale"})
    s.wait(lambda st: st["sale"].get("state") == "live" and st["sale"]["productId"] == cart[0],
           "hotkey start sale starts the pinned product's default sale")
    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.stop_sale"})
    s.wait(lambda st: st["sale"].get("state") == "stopped", "hotkey stop sale stops it")
    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.unpin"})
    s.wait(lambda st: st["pinnedProductId"] == "", "hotkey unpin")

    outside = [p["id"] for p in s.v("ListProducts")["products"] if p["slot"] == 0][0]
    check(s.v("AddToCart", {"productId": outside})["ok"], "AddToCart")
    s.wait(lambda st: cart_ids(st) == cart + [outside], "the product is at the end of the cart")
    check(s.v("MoveInCart", {"productId": outside, "slot": 1})["ok"], "MoveInCart to slot 1")
    s.wait(lambda st: cart_ids(st) == [outside] + cart, "the product is in slot 1")
    check(s.v("RemoveFromCart", {"productId": outside})["ok"], "RemoveFromCart")
    s.wait(lambda st: cart_ids(st) == cart, "the cart is as before")
    check(s.v("NextProduct")["ok"] and s.v("PinProduct", {"productId": cart[1]})["ok"], "NextProduct, PinProduct")


def step_quit(obs, s):
    s.program(DROP)  # the collection is saved with the drop scene on program
    time.sleep(1.0)
    s.c.close()
    code = obs.stop(keep_home=True)
    check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
    check("[linkon] unloaded" in obs.final_log, "Linkon unloaded")
    check(not obs.crashes, "no crash report")
    path, saved = saved_collection(obs)
    hotkeys = saved.get("modules", {}).get("linkon_hotkeys", {})
    check(all(h in hotkeys for h in HOTKEYS), "the hotkey bindings are saved with the scene collection")
    # bind F13 to "next product" as if in Settings → Hotkeys, for the restart
    hotkeys["linkon.next_product"] = [{"key": "OBS_KEY_F13"}]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(saved, f)


def saved_collection(obs):
    """The scene collection OBS saved (there is only the default one)."""
    files = glob.glob(os.path.join(obs.config_dir, "basic", "scenes", "*.json"))
    check(len(files) == 1, f"OBS saved one scene collection ({files})")
    with open(files[0], encoding="utf-8") as f:
        return files[0], json.load(f)


def step_restart(obs, target):
    obs.start()
    s = Session(obs)
    st = s.wait(lambda st: st["connection"]["state"] == "connected" and st["cart"], "restarted: demo connected",
                timeout=30)
    check(s.c.request("GetCurrentProgramScene")["currentProgramSceneName"] == DROP, "the drop scene is on program")
    filters = s.c.request("GetSourceFilterList", {"sourceName": DROP})["filters"]
    check(len(filters) == 1 and filters[0]["filterSettings"].get("product_id") == target,
          "the drop filter was saved with the scene collection")
    time.sleep(3.0)
    st = s.state()
    check(st["pinnedProductId"] != target and st["sale"].get("state") != "live",
          "loading the collection with the drop scene on program fires nothing")
    s.c.close()
    code = obs.stop(keep_home=True)
    check(obs.quit_clean(code), f"OBS quits cleanly again (exit code {code})")
    binding = saved_collection(obs)[1].get("modules", {}).get("linkon_hotkeys", {}).get("linkon.next_product")
    check(binding == [{"key": "OBS_KEY_F13"}], f"a hotkey binding survives a restart ({binding})")
    obs.discard()


def main():
    args = lkobs.test_args()
    for tool in ("obs", "xdotool", "import"):
        if not shutil.which(tool):
            print(f"FAIL: {tool} is not installed (scripts/install-deps.sh installs it)")
            return 1

    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=LINKON_CONFIG, name="e2e")
    try:
        obs.start()
        s = Session(obs)
        cart, target = step_setup(s)
        sale_id = step_cut(obs, s, target, args.artifacts)
        step_errors(s, target, sale_id)
        step_studio(s, target, sale_id)
        step_once(s, target)
        step_trigger(s, target)
        step_hotkeys_and_cart(s, cart)
        step_quit(obs, s)
        step_restart(obs, target)
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError) as e:
        print(f"FAIL: {e}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-obs-log-*.txt")
        return 1
    print("e2e: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
