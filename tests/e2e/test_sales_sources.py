#!/usr/bin/env python3
# Linkon end-to-end test of the sales sources (issue 10): the real `obs`
# (under the caller's X display) with the demo shop selling, driven over
# obs-websocket:
#   - linkon_sales_ticker and linkon_goal_bar (an orders goal of 6, set from
#     the source's settings) on the program scene;
#   - before the show the ticker draws nothing and the goal bar is empty;
#   - after StartShow the demo shop's orders (OrderPlaced) move the ticker
#     (an order with its picture and text) and fill the goal bar;
#   - GoalReached fires for the bar's goal ("orders") and the bar turns to
#     its "reached" colour.
# Screenshots: e2e-sales-*.png.
#
#   python3 test_sales_sources.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
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
SCENE = "Sales"
TICKER = "Ticker"
GOAL = "Goal"
REACHED = (0xFF, 0xD3, 0x4D)  # the goal bar's price colour: its fill once reached
LINKON_CONFIG = {"connector": "demo",
                 "demo": {"seed": 7, "pin_every_ms": -1, "order_every_ms": 700, "gift_every_ms": -1},
                 "show": {"privacy": "masked", "autoStart": False}}

Failed, check = lkobs.Failed, lkobs.check


def obs_color(rgb):
    r, g, b = rgb
    return 0xFF000000 | (b << 16) | (g << 8) | r


def shot(c, artifacts, source, name):
    path = os.path.join(artifacts, f"e2e-sales-{name}.png")
    check(lkobs.source_screenshot(c, source, path), f"OBS saves a screenshot of {source} ({name})")
    return path


def count_color(path, rgb, tol=30):
    width, height, channels, rows = lkpng.read_png(path)
    n = 0
    for y in range(height):
        row = rows[y]
        for x in range(width):
            px = row[x * channels : x * channels + 3]
            if all(abs(px[i] - rgb[i]) <= tol for i in range(3)):
                n += 1
    return n


def wait_for(c, what, cond, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            check(True, what)
            return
        c.pump(0.2)
    raise Failed(what)


def run(obs, artifacts):
    c = obs.client(subscriptions=lkws.SUB_VENDORS | lkws.SUB_GENERAL)
    deadline = time.monotonic() + 60
    while c.vendor(VENDOR, "GetState").get("connection", {}).get("state") != "connected":
        if time.monotonic() > deadline:
            raise Failed("the demo shop did not connect")
        time.sleep(0.2)
    c.request("CreateScene", {"sceneName": SCENE})
    c.request("CreateInput", {"sceneName": SCENE, "inputName": TICKER, "inputKind": "linkon_sales_ticker",
                              "inputSettings": {"min_seconds": 0.5, "max_seconds": 0},
                              "sceneItemEnabled": True})
    c.request("CreateInput", {"sceneName": SCENE, "inputName": GOAL, "inputKind": "linkon_goal_bar",
                              "inputSettings": {"goal_metric": "orders", "goal_target": 6,
                                                "price_color": obs_color(REACHED), "celebrate_seconds": 1.0},
                              "sceneItemEnabled": True})
    c.request("SetCurrentProgramScene", {"sceneName": SCENE})
    c.pump(2.0)

    empty = shot(c, artifacts, TICKER, "ticker-before")
    check(lkpng.distinct_colors(empty) <= 2, "before the show the ticker draws nothing")
    goal0 = shot(c, artifacts, GOAL, "goal-before")
    check(lkpng.distinct_colors(goal0) > 3, "the goal bar draws its panel and title")
    # (the "0 / 6" text is in that colour too: a few hundred pixels; a full bar is thousands)
    check(count_color(goal0, REACHED) < 1500, "the goal bar is not reached before the show")

    res = c.vendor(VENDOR, "StartShow")
    check(res.get("ok"), f"StartShow: {res}")
    wait_for(c, "two orders arrive", lambda: len(c.vendor_events(VENDOR, "OrderPlaced")) >= 2)
    c.pump(2.0)  # the entrance animation
    ticker = shot(c, artifacts, TICKER, "ticker-order")
    check(lkpng.distinct_colors(ticker) > 20, "an order moves the ticker: panel, picture and text")
    goal1 = shot(c, artifacts, GOAL, "goal-filling")
    check(lkpng.differing(goal0, goal1) > 0.01, "orders fill the goal bar")

    wait_for(c, "GoalReached fires for the bar's goal",
             lambda: any(e.get("id") == "orders" for e in c.vendor_events(VENDOR, "GoalReached")))
    c.pump(3.0)  # the celebration ends, the fill settles
    goal2 = shot(c, artifacts, GOAL, "goal-reached")
    reached = count_color(goal2, REACHED)
    check(reached > 5000, f"the reached goal bar is full in its reached colour ({reached} px)")
    later = shot(c, artifacts, TICKER, "ticker-later")
    check(lkpng.differing(ticker, later) > 0.005, "later orders change what the ticker shows")
    check(c.vendor(VENDOR, "EndShow").get("ok"), "EndShow")
    c.close()


def main():
    args = lkobs.test_args()
    if not shutil.which("obs"):
        print("FAIL: obs is not installed (scripts/install-deps.sh installs it)")
        return 1
    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=LINKON_CONFIG,
                    name="e2e-sales")
    try:
        obs.start()
        run(obs, args.artifacts)
        code = obs.stop()
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError, KeyError, ValueError) as e:
        print(f"FAIL: {e}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-sales-obs-log-*.txt")
        return 1
    print("e2e-sales: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
