#!/usr/bin/env python3
# Linkon end-to-end test of a Twitch live room next to the shop: the real
# `obs` (under the caller's X display) with the demo shop as the shop and the
# loopback Twitch fake (tests/server/lkserver/twitch.py: EventSub WebSockets,
# Helix, OAuth) as an event source (config.json "event_sources":
# [{"type": "twitch", …}]), driven over obs-websocket 5.1:
#   - GetEventSources shows the Twitch room live, signed in as the fake's
#     channel, next to the demo shop's connection;
#   - the Twitch source subscribed to its seven EventSub types over Helix;
#   - a cheer becomes a gift alert tagged "twitch" (bits as its value), drawn
#     with the Twitch badge (a source screenshot: e2e-rooms-cheer.png);
#   - the Linkon dock's "Live rooms" tab shows the Twitch room with a green
#     dot, and its connection bar the shop's green dot (e2e-rooms-dock.png);
#   - a viewer's chat "3" claims the demo cart's product #3 (GetState's claims);
#   - a dropped socket: the room reconnects, subscribes again and is live;
#   - OBS quits cleanly; no token is in any log line.
#
#   python3 test_rooms.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkdock  # noqa: E402
import lkobs  # noqa: E402
import lkpng  # noqa: E402
import lkws  # noqa: E402
from test_bridge import Bridge  # noqa: E402  (the loopback server, which also serves the Twitch fake)

VENDOR = "linkon"
SCENE = "Linkon E2E Twitch"
CLIENT_ID = "linkon-test-client"
# the Twitch badge's fill (data/images/mark-twitch.png, scripts/make-platform-marks.sh),
# counted as tests/obs/test-gift-render.c test_platform_marks does
TWITCH_MARK = (0x91, 0x46, 0xFF)
MARK_TOL = 6
MARK_MIN = 150

Failed, check = lkobs.Failed, lkobs.check


class Session(lkobs.VendorSession):
    wait_timeout = 40.0

    def __init__(self, obs, server):
        super().__init__(obs)
        self.obs = obs
        self.server = server

    def twitch(self, op, doc=None):
        return self.server.ctl("/_twitch/" + op, doc or {})


def room_row(res, rid="twitch"):
    for row in res.get("sources", []):
        if row.get("id") == rid:
            return row
    return {}


def step_both_connected(s):
    s.wait("GetState", lambda st: st["connection"]["state"] == "connected" and st["connection"]["connector"] == "demo"
           and len(st.get("cart", [])) >= 3, "the demo shop is the shop (a cart of at least 3)")
    res = s.wait("GetEventSources", lambda r: room_row(r).get("state") == "live",
                 "the Twitch room is live next to it")
    row = room_row(res)
    check(row["type"] == "twitch" and row["platform"] == "twitch" and row["enabled"] is True
          and row["canSignIn"] is True, f"the row says what it is: {row}")
    state = s.twitch("state")
    check(len(state["subs"]) == 7, f"seven EventSub subscriptions on the fake: {[x['type'] for x in state['subs']]}")


def step_cheer(s):
    s.c.request("CreateScene", {"sceneName": SCENE})
    s.c.request("CreateInput", {"sceneName": SCENE, "inputName": "Gifts", "inputKind": "linkon_gift_alerts",
                                "sceneItemEnabled": True})
    s.c.request("SetCurrentProgramScene", {"sceneName": SCENE})
    ev = {"is_anonymous": False, "user_id": "v42", "user_login": "mia", "user_name": "Mia", "message": "Cheer100",
          "bits": 100, "broadcaster_user_id": "1001"}
    res = s.twitch("notify", {"type": "channel.cheer", "id": "e2e-cheer-1", "event": ev, "wait_s": 5})
    check(res.get("delivered") is True, f"the fake delivered a cheer: {res}")

    def ours():
        return [e for e in s.c.vendor_events(VENDOR, "GiftAlertShown") if e.get("senderName") == "Mia"]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not ours():
        s.c.pump(0.2)
    shown = ours()
    check(shown and shown[0].get("platform") == "twitch", f"the cheer becomes a gift alert tagged twitch: {shown[:1]}")
    step_cheer_badge(s)
    s.wait("GetEventSources", lambda r: room_row(r).get("events", 0) >= 1, "the row counts the event")


def mark_counts(path):
    """Pixels of the Twitch badge's colour in the left quarter of the drawn
    alert (the box of its visible pixels) and in all of it."""
    width, height, ch, rows = lkpng.read_png(path)
    xs, ys = [], []
    for y in range(height):
        row = rows[y]
        for x in range(width):
            if (row[x * ch + 3] if ch == 4 else any(row[x * ch:x * ch + 3])):
                xs.append(x)
                ys.append(y)
    if not xs:
        return 0, 0
    x0, x1 = min(xs), max(xs)
    quarter = x0 + (x1 - x0 + 1) // 4
    left = every = 0
    for y in range(min(ys), max(ys) + 1):
        row = rows[y]
        for x in range(x0, x1 + 1):
            px = row[x * ch:x * ch + 3]
            if (ch != 4 or row[x * ch + 3] >= 250) and all(abs(px[i] - TWITCH_MARK[i]) <= MARK_TOL for i in range(3)):
                every += 1
                left += x < quarter
    return left, every


def step_cheer_badge(s):
    """While the cheer's alert is on screen: a screenshot of the gift alert
    source shows the Twitch badge on the alert's left (the loader is a
    thread: polled)."""
    path = os.path.join(s.obs.artifacts, "e2e-rooms-cheer.png")
    deadline, counts = time.monotonic() + 8, (0, 0)
    while time.monotonic() < deadline:
        check(lkobs.source_screenshot(s.c, "Gifts", path), "a screenshot of the gift alert source")
        counts = mark_counts(path)
        if counts[0] >= MARK_MIN:
            break
        time.sleep(0.2)
    left, every = counts
    check(left >= MARK_MIN and every <= left + 20,
          f"the alert shows the Twitch badge on its left: {left} pixels of its colour there, {every} in all")


def step_dock(s):
    """The Linkon dock: its "Live rooms" tab (on screen at the first-run
    width, clicked like a seller would) shows the Twitch room live (green),
    and the connection bar the shop connected (green)."""
    obs = s.obs
    tab = lkdock.wait_rooms_tab(obs, obs.artifacts, "e2e-rooms-dock.png")
    check(lkdock.click_until(lkdock.centre(tab), lambda: lkdock.room_dots(
        lkdock.screen(obs, obs.artifacts, "e2e-rooms-dock.png"), lkdock.CONNECTED_DOT)), "a click opens the Live rooms tab")
    _, path = lkdock.wait_room_dot(obs, obs.artifacts, lkdock.CONNECTED_DOT,
                                   "the Live rooms tab shows the Twitch room live (green)", name="e2e-rooms-dock.png")
    lkdock.connection_dot(path)


def step_claim(s):
    third = s.v("GetState")["cart"][2]["productId"]
    ev = {"chatter_user_id": "v7", "chatter_user_login": "vee", "chatter_user_name": "Vee", "message_id": "chat-e2e-1",
          "message": {"text": "3", "fragments": [{"type": "text", "text": "3"}]}, "broadcaster_user_id": "1001"}
    res = s.twitch("notify", {"type": "channel.chat.message", "id": "e2e-chat-1", "event": ev, "wait_s": 5})
    check(res.get("delivered") is True, f"the fake delivered a chat message: {res}")
    s.wait("GetState", lambda st: {c["productId"]: c["count"] for c in st.get("claims", [])}.get(third) == 1,
           f"a viewer's \"3\" on Twitch claims the cart's #3 ({third})")


def step_drop(s):
    before = s.twitch("state")["counters"].get("subscribed", 0)
    s.twitch("drop")
    s.wait("GetEventSources", lambda r: room_row(r).get("state") == "live"
           and s.twitch("state")["counters"].get("subscribed", 0) >= before + 7,
           "after a dropped socket the room reconnects, subscribes again and is live")


def main():
    args = lkobs.test_args()
    if not shutil.which("obs"):
        print("FAIL: obs is not installed (scripts/install-deps.sh installs it)")
        return 1

    server = Bridge()
    tmp = tempfile.mkdtemp(prefix="linkon-e2e-twitch-")
    tokens = os.path.join(tmp, "twitch-tokens.json")
    with open(tokens, "w", encoding="utf-8") as f:
        json.dump({"client_id": CLIENT_ID, "access_token": "at-0", "refresh_token": "rt-0"}, f)
    os.chmod(tokens, 0o600)
    fake = server.ctl("/_twitch/setup", {"keepalive_s": 10})
    config = {"connector": "demo", "demo": {"gift_every_ms": -1},  # the shop's own demo gifts off
              "event_sources": [{"type": "twitch", "id": "twitch", "enabled": True, "client_id": CLIENT_ID,
                                 "eventsub_url": fake["url"], "helix_base": server.url + "/helix",
                                 "auth_base": server.url, "tokens_path": tokens, "retry_min_ms": 200}]}
    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=config, name="e2e-rooms")
    try:
        obs.start()
        s = Session(obs, server)
        step_both_connected(s)
        step_cheer(s)
        step_dock(s)
        step_claim(s)
        step_drop(s)
        code = obs.stop()
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
        check("[linkon] twitch: live" in obs.final_log, "the OBS log says the Twitch room is live")
        check(not any(t in obs.final_log for t in ("Bearer at-", "OAuth at-", "rt-0", "\"at-0\"")),
              "no token is in any OBS log line")
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError, KeyError, IndexError) as e:
        print(f"FAIL: {e!r}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-rooms-obs-log-*.txt")
        return 1
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("e2e-rooms: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
