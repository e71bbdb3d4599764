#!/usr/bin/env python3
# Linkon end-to-end test of the gift alerts: the real `obs` (under the
# caller's X display) with Linkon installed in a throwaway HOME, a
# "Linkon Gift Alerts" source on the program scene, driven over
# obs-websocket 5.1 by our own client:
#   - TestGift queues a gift; GiftAlertShown reports it (tier by value);
#     the source draws it (a screenshot of the scene is saved);
#   - a streak's events update one alert (no second GiftAlertShown);
#   - SkipAlert ends it; PauseAlerts holds new alerts back until resumed;
#   - the pause and skip hotkeys are registered and work;
#   - bad requests come back ok:false with a message;
#   - when OBS quits, the vendor's request types are unregistered.
#
#   python3 test_gifts.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402
import lkpng  # noqa: E402
import lkws  # noqa: E402

VENDOR = "linkon"
SCENE = "Linkon E2E Gifts"
SOURCE = "Linkon Gift Alerts"
HOTKEYS = ["linkon.pause_alerts", "linkon.skip_alert"]
# the demo shop sends no gifts of its own here: only ours are on screen
LINKON_CONFIG = {"connector": "demo", "demo": {"seed": 7, "pin_every_ms": -1, "order_every_ms": 3600000,
                                               "gift_every_ms": -1}}


Failed, check = lkobs.Failed, lkobs.check


class Session:
    def __init__(self, obs):
        self.c = obs.client(subscriptions=lkws.SUB_VENDORS | lkws.SUB_GENERAL)

    def v(self, request_type, data=None):
        return self.c.vendor(VENDOR, request_type, data)

    def shown(self):
        return self.c.vendor_events(VENDOR, "GiftAlertShown")

    def wait_shown(self, count, what, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.shown()) >= count:
                check(True, what)
                return self.shown()[count - 1]
            self.c.pump(0.1)
        raise Failed(f"{what} (GiftAlertShown events: {self.shown()})")

    def wait_state(self, key, value, what, timeout=20.0):
        """Polls GetState until key has value (a condition, not a sleep: the
        suite runs on a loaded machine)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.v("GetState").get(key) is value:
                return
            self.c.pump(0.1)
        raise Failed(f"{what} (GetState {key} stayed {self.v('GetState').get(key)!r} for {timeout:.0f} s)")

    def quiet(self, seconds):
        before = len(self.shown())
        self.c.pump(seconds)
        return len(self.shown()) == before


def gift(name, gift_name, value, **extra):
    g = {"sender": {"name": name}, "gift": {"id": gift_name.lower(), "name": gift_name, "value": value}}
    g.update(extra)
    return g


def step_setup(s):
    deadline = time.monotonic() + 30
    while s.v("GetState").get("connection", {}).get("state") != "connected":
        if time.monotonic() > deadline:
            raise Failed("the demo shop did not connect")
        time.sleep(0.2)
    names = s.c.request("GetHotkeyList")["hotkeys"]
    check(all(h in names for h in HOTKEYS), "the gift alert hotkeys are registered with OBS")
    s.c.request("CreateScene", {"sceneName": SCENE})
    # every tier stays on screen for the longest time the source allows (60 s), so an alert
    # leaves only when a step ends it (SkipAlert, the hotkey), never by its timer while a
    # loaded machine is slow to take the screenshot: what a step checks is not a race
    long_tiers = {f"tier_{t}_duration_ms": 60000 for t in ("small", "big", "huge")}
    s.c.request("CreateInput", {"sceneName": SCENE, "inputName": SOURCE, "inputKind": "linkon_gift_alerts",
                                "inputSettings": long_tiers, "sceneItemEnabled": True})
    s.c.request("SetCurrentProgramScene", {"sceneName": SCENE})
    time.sleep(1.0)


def step_errors(s):
    def refused(request_type, data, words):
        res = s.v(request_type, data)
        check(res.get("ok") is False and words in res.get("message", ""),
              f"{request_type} {data} is refused: {res.get('message')!r}")

    refused("TestGift", {"sender": {"name": "x"}}, "gift")
    refused("TestGift", {"gift": {"id": "rose", "value": -5}}, "gift.value")
    refused("TestGift", {"gift": {"id": "rose"}, "count": 0}, "count")
    refused("PauseAlerts", {"pausedd": True}, "paused is missing")
    check(s.quiet(0.5) and not s.shown(), "refused gifts show nothing")


def step_show(s, artifacts):
    res = s.v("TestGift", gift("Mia", "Rocket", 500))
    check(res.get("ok") and res.get("result") == "queued", f"TestGift queues a gift: {res}")
    ev = s.wait_shown(1, "GiftAlertShown arrives for it")
    check(ev.get("giftName") == "Rocket" and ev.get("senderName") == "Mia" and ev.get("tierName") == "big"
          and ev.get("value") == 500 and ev.get("kind") == "gift", f"the event describes the gift: {ev}")
    time.sleep(0.8)  # the entrance
    shot = os.path.join(artifacts, "e2e-gift-alert.png")
    saved = lkobs.source_screenshot(s.c, SCENE, shot, imageWidth=1280, imageHeight=720)
    check(saved and lkpng.distinct_colors(shot) > 20, f"the scene shows the alert ({shot})")
    check(s.v("GetState").get("alertShowing") is True, "the alert is still on screen (GetState alertShowing)")
    res = s.v("SkipAlert")
    check(res.get("ok") and res.get("skipped") is True, "SkipAlert ends the alert on screen")
    s.wait_state("alertShowing", False, "after SkipAlert no alert is on screen")
    res = s.v("SkipAlert")
    check(res.get("ok") and res.get("skipped") is False, "SkipAlert with nothing on screen says skipped: false")


def step_streak(s):
    first = len(s.shown())
    for n, count in enumerate((1, 5, 12)):
        res = s.v("TestGift", gift("Leo", "Rose", 1, id=f"leo-{n}", count=count, streak="leo-roses"))
        check(res.get("ok") and res.get("result") in ("queued", "updated"), f"streak event x{count}: {res}")
        time.sleep(0.3)
    again = s.v("TestGift", gift("Leo", "Rose", 1, id="leo-2", count=12, streak="leo-roses"))
    check(again.get("result") == "duplicate", "the same event id again is a duplicate")
    s.wait_shown(first + 1, "the streak is shown")
    check(s.quiet(1.5) and len(s.shown()) == first + 1, "the streak's growth sends no second GiftAlertShown")
    check(s.v("SkipAlert").get("skipped") is True, "skip the streak")
    s.wait_state("alertShowing", False, "the skipped streak leaves the screen")


def step_pause(s):
    first = len(s.shown())
    check(s.v("PauseAlerts", {"paused": True}).get("paused") is True, "PauseAlerts pauses")
    s.v("TestGift", gift("Aiko", "Crown", 1500))
    check(s.quiet(2.0), "while paused no alert starts")
    check(s.v("GetState").get("alertQueueLength") == 1, "the gift waits in the queue (GetState alertQueueLength)")
    check(s.v("PauseAlerts", {"paused": False}).get("paused") is False, "PauseAlerts resumes")
    ev = s.wait_shown(first + 1, "after resuming the waiting gift shows")
    check(ev.get("tierName") == "huge", f"1500 diamonds is a huge gift: {ev}")
    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.skip_alert"})
    s.wait_state("alertShowing", False, "the skip hotkey ended it")
    check(s.v("SkipAlert").get("skipped") is False, "after the skip hotkey SkipAlert finds nothing on screen")

    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.pause_alerts"})
    s.wait_state("alertsPaused", True, "the pause hotkey pauses (GetState alertsPaused)")
    s.v("TestGift", gift("Noah", "Heart", 5))
    check(s.quiet(1.5), "the pause hotkey pauses")
    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.pause_alerts"})
    s.wait_shown(first + 2, "pressed again, it resumes")


def main():
    args = lkobs.test_args()
    if not shutil.which("obs"):
        print("FAIL: obs is not installed (scripts/install-deps.sh installs it)")
        return 1

    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=LINKON_CONFIG,
                    name="e2e-gifts")
    try:
        obs.start()
        s = Session(obs)
        step_setup(s)
        step_errors(s)
        step_show(s, args.artifacts)
        step_streak(s)
        step_pause(s)
        code = obs.stop()
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
        unreg = re.search(r"vendor 'linkon': (\d+) of (\d+) request types unregistered", obs.final_log)
        check(unreg and unreg.group(1) == unreg.group(2) and int(unreg.group(1)) > 0,
              f"on exit every vendor request type is unregistered ({unreg.group(0) if unreg else 'not logged'})")
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError) as e:
        print(f"FAIL: {e}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-gifts-obs-log-*.txt")
        return 1
    print("e2e-gifts: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
