#!/usr/bin/env python3
# Linkon end-to-end test of the flash-sale timer's end actions in the real
# `obs` (under the caller's X display), driven over obs-websocket:
#   - a `linkon_flash_timer` on the program scene shows the pre-roll countdown;
#   - when the sale ends and its end text has shown, the timer unpins the
#     product and switches the program to the chosen scene, once: cutting
#     back to the show scene does not switch again;
#   - OBS quits cleanly.
# Screenshots of the timer go to the artifacts dir.
#
#   python3 test_timer.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
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
SHOW, AFTER = "Linkon E2E Timer Show", "Linkon E2E Timer After"
TIMER = "Linkon E2E Timer"
END_TEXT_SECONDS = 2
# the demo shop without surprises: no automatic pin moves, (almost) no orders
LINKON_CONFIG = {"connector": "demo", "demo": {"seed": 7, "pin_every_ms": -1, "order_every_ms": 3600000,
                                               "gift_every_ms": -1}}


Failed, check = lkobs.Failed, lkobs.check


class Session:
    def __init__(self, obs):
        self.c = obs.client(subscriptions=lkws.SUB_VENDORS | lkws.SUB_SCENES)

    def v(self, request_type, data=None):
        return self.c.vendor(VENDOR, request_type, data)

    def state(self):
        st = self.v("GetState")
        if not st.get("ok"):
            raise Failed(f"GetState failed: {st}")
        return st

    def program(self):
        return self.c.request("GetCurrentProgramScene")["currentProgramSceneName"]

    def wait(self, pred, what, timeout=10.0):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = pred()
            if last:
                print(f"ok - {what}", flush=True)
                return last
            self.c.pump(0.1)
        raise Failed(f"{what} (timed out)")

    def shot(self, path):
        time.sleep(1.0)  # the timer slides in (0.35 s; OBS under Xvfb may lag)
        return lkobs.source_screenshot(self.c, TIMER, path) and lkpng.distinct_colors(path) > 10


def step_setup(s):
    st = s.wait(lambda: (lambda st: st if st["connection"]["state"] == "connected" and len(st["cart"]) >= 4 else None)(
        s.state()), "the demo shop is connected with a cart", timeout=30)
    products = {p["id"]: p for p in s.v("ListProducts")["products"]}
    target = next(item["productId"] for item in sorted(st["cart"], key=lambda i: i["slot"])
                  if products[item["productId"]]["stock"] > 0)
    s.c.request("CreateScene", {"sceneName": SHOW})
    s.c.request("CreateScene", {"sceneName": AFTER})
    settings = {"end_text_seconds": END_TEXT_SECONDS, "end_hide": True, "end_unpin": True, "end_scene": AFTER}
    s.c.request("CreateInput", {"sceneName": SHOW, "inputName": TIMER, "inputKind": "linkon_flash_timer",
                                "inputSettings": settings, "sceneItemEnabled": True})
    s.c.request("SetCurrentProgramScene", {"sceneName": SHOW})
    s.wait(lambda: s.program() == SHOW, "the show scene is on program")
    check(s.v("PinProduct", {"productId": target})["ok"], f"PinProduct {target}")
    return target, products[target]["price"]


def step_sale(s, target, price, artifacts):
    res = s.v("StartFlashSale", {"productId": target, "durationMs": 4000, "prerollMs": 3000,
                                 "salePrice": max(1, price * 7 // 10)})
    check(res.get("ok") and res["sale"]["state"] == "preroll", "StartFlashSale with a 3 s pre-roll")
    check(s.shot(os.path.join(artifacts, "e2e-timer-preroll.png")), "the timer draws the pre-roll countdown")
    s.wait(lambda: s.state()["sale"].get("state") == "live", "the sale goes live", timeout=6)
    check(s.program() == SHOW and s.state()["pinnedProductId"] == target, "nothing switches while the sale is live")
    s.wait(lambda: s.state()["sale"].get("state") == "ended", "the sale ends on time", timeout=8)
    ended_at = time.monotonic()
    check(s.shot(os.path.join(artifacts, "e2e-timer-ended.png")), "the timer draws its end text")
    check(s.program() == SHOW and s.state()["pinnedProductId"] == target,
          "nothing switches while the end text shows")
    s.wait(lambda: s.program() == AFTER, "after the end text the program switches to the chosen scene")
    waited = time.monotonic() - ended_at
    check(waited >= END_TEXT_SECONDS - 0.5, f"… {waited:.1f} s after the end (end text: {END_TEXT_SECONDS} s)")
    s.wait(lambda: s.state()["pinnedProductId"] == "", "and the sale's product is unpinned")


def step_once(s):
    s.c.request("SetCurrentProgramScene", {"sceneName": SHOW})
    s.wait(lambda: s.program() == SHOW, "back on the show scene by hand")
    time.sleep(3.0)
    check(s.program() == SHOW, "the end actions ran once: no second switch")


def main():
    args = lkobs.test_args()
    for tool in ("obs", "xdotool"):
        if not shutil.which(tool):
            print(f"FAIL: {tool} is not installed (scripts/install-deps.sh installs it)")
            return 1

    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=LINKON_CONFIG,
                    name="e2e-timer")
    try:
        obs.start()
        s = Session(obs)
        target, price = step_setup(s)
        step_sale(s, target, price, args.artifacts)
        step_once(s)
        s.c.close()
        code = obs.stop()
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
        check("flash timer:" not in obs.final_log, "the timer logged no warning")
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError) as e:
        print(f"FAIL: {e}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-timer-obs-log-*.txt")
        return 1
    print("e2e-timer: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
