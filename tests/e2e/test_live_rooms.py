#!/usr/bin/env python3
# Linkon end-to-end test of one shop and a live room at once: the real `obs`
# (under the caller's X display) with the demo shop as the shop and the
# loopback bridge (tests/server, bridge area) as a TikTok LIVE room
# (config.json "event_sources": [{"type": "tiktok_live", …}]), driven over
# obs-websocket 5.1:
#   - GetEventSources shows the room live next to the demo shop's connection;
#   - a gift on the room's stream becomes a gift alert tagged "tiktok";
#   - a viewer's "1" in the room's chat claims the demo cart's product #1:
#     GetState's claims, and the running show's claims (GetShowStats), which
#     also counts the room's likes;
#   - SetEventSourceEnabled switches the room off (state off, saved in
#     config.json) and on again (live again); unknown ids and sign-in on a
#     room without one are refused with their codes;
#   - OBS quits cleanly; the room's token is in no log.
#
#   python3 test_live_rooms.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402
import lkws  # noqa: E402
from test_bridge import Bridge  # noqa: E402  (the loopback server)

VENDOR = "linkon"
TOKEN = "tok-SECRET-rooms-e2e-5b20"
SCENE = "Linkon E2E Live Rooms"

Failed, check = lkobs.Failed, lkobs.check


class Session(lkobs.VendorSession):
    def __init__(self, obs, bridge):
        super().__init__(obs)
        self.bridge = bridge


def room_row(res, rid="tiktok"):
    for row in res.get("sources", []):
        if row.get("id") == rid:
            return row
    return {}


def step_both_connected(s):
    s.wait("GetState", lambda st: st["connection"]["state"] == "connected" and st["connection"]["connector"] == "demo"
           and len(st.get("cart", [])) >= 1, "the demo shop is the shop")
    res = s.wait("GetEventSources", lambda r: room_row(r).get("state") == "live",
                 "the TikTok LIVE bridge is a live room next to it")
    row = room_row(res)
    check(row["type"] == "tiktok_live" and row["platform"] == "tiktok" and row["name"] == "TikTok LIVE"
          and row["enabled"] is True and row["canSignIn"] is False and row["code"] == ""
          and row["quotaUnitsPerHour"] == -1, f"the row says what it is: {row}")


def step_gift(s):
    s.c.request("CreateScene", {"sceneName": SCENE})
    s.c.request("CreateInput", {"sceneName": SCENE, "inputName": "Gifts", "inputKind": "linkon_gift_alerts",
                                "sceneItemEnabled": True})
    s.c.request("SetCurrentProgramScene", {"sceneName": SCENE})
    s.bridge.ctl("/_bridge/gifts", {"n": 1})

    def ours():
        return [e for e in s.c.vendor_events(VENDOR, "GiftAlertShown") if e.get("senderName") == "Viewer 1"]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not ours():
        s.c.pump(0.2)
    shown = ours()
    check(shown and shown[0].get("platform") == "tiktok" and shown[0].get("giftName") == "Rose",
          f"the room's gift becomes an alert tagged tiktok: {shown[:1]}")
    row = s.wait("GetEventSources", lambda r: room_row(r).get("events", 0) >= 1, "the row counts the event")
    check(0 <= room_row(row)["lastEventAgeMs"] < 60000, f"and its age: {room_row(row)['lastEventAgeMs']}")


def step_claims(s):
    res = s.v("StartShow")
    check(res.get("ok") is True, f"a show starts: {res}")
    first = s.v("GetState")["cart"][0]["productId"]

    def comment(cid, user, text):
        return ["comment", json.dumps({"id": cid, "user": {"id": user}, "text": text})]
    s.bridge.ctl("/_bridge/mutate", {"raw": [comment("c1", "u1", "1"), comment("c2", "u1", "#1"),
                                             comment("c3", "u2", "want 1"), comment("c4", "u3", "hi"),
                                             ["like", json.dumps({"id": "l1", "count": 15, "total": 15})]]})
    s.wait("GetState", lambda st: {c["productId"]: c["count"] for c in st.get("claims", [])} == {first: 2},
           f"a viewer's \"1\" claims the cart's #1 ({first}): two viewers, two claims")
    stats = s.wait("GetShowStats", lambda r: r.get("claims") == 2 and r.get("likes") == 15,
                   "the running show counts the claims and the room's likes")
    check(stats["productClaims"][0]["productId"] == first and stats["productClaims"][0]["claims"] == 2,
          f"per product: {stats['productClaims']}")


def step_switch(s, obs):
    res = s.v("SetEventSourceEnabled", {"id": "tiktok", "enabled": False})
    check(res.get("ok") is True and res["source"]["state"] == "off" and res["source"]["enabled"] is False,
          f"switched off: {res}")
    path = os.path.join(obs.config_dir, "plugin_config", "linkon", "config.json")
    with open(path, encoding="utf-8") as f:
        saved = json.load(f)
    check(saved["event_sources"][0]["enabled"] is False and saved["connector"] == "demo"
          and saved["event_sources"][0]["token"] == TOKEN and "config_dir" not in saved["event_sources"][0],
          "config.json keeps the room, switched off, and the rest of the file")
    check(oct(os.stat(path).st_mode & 0o777) == "0o600", "config.json stays 0600")
    res = s.v("SetEventSourceEnabled", {"id": "tiktok", "enabled": True})
    check(res.get("ok") is True and res["source"]["enabled"] is True, f"switched on: {res}")
    s.wait("GetEventSources", lambda r: room_row(r).get("state") == "live", "and it is live again")

    res = s.v("SetEventSourceEnabled", {"id": "nope", "enabled": True})
    check(res.get("ok") is False and res.get("code") == "es_unknown_id", f"an unknown id is refused: {res}")
    res = s.v("SetEventSourceEnabled", {"id": "tiktok"})
    check(res.get("ok") is False and "enabled is missing" in res.get("message", ""), f"enabled is needed: {res}")
    res = s.v("EventSourceSignIn", {"id": "tiktok"})
    check(res.get("ok") is False and res.get("code") == "es_no_sign_in", f"the bridge has no sign-in: {res}")


def main():
    args = lkobs.test_args()
    if not shutil.which("obs"):
        print("FAIL: obs is not installed (scripts/install-deps.sh installs it)")
        return 1

    bridge = Bridge()
    bridge.ctl("/_bridge/reset", {"products": 0, "cart": 0, "token": TOKEN, "knobs": {"heartbeat_ms": 500}})
    config = {"connector": "demo", "demo": {"gift_every_ms": -1},  # the shop's own demo gifts off
              "event_sources": [{"type": "tiktok_live", "id": "tiktok", "enabled": True, "url": bridge.url,
                                 "token": TOKEN, "backoff_min_ms": 200, "backoff_max_ms": 1000}]}
    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=config,
                    name="e2e-live-rooms")
    try:
        obs.start()
        s = Session(obs, bridge)
        step_both_connected(s)
        step_gift(s)
        step_claims(s)
        step_switch(s, obs)
        code = obs.stop()
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
        check("live room bridge: connected" in obs.final_log, "the OBS log says the room connected")
        check(TOKEN not in obs.final_log, "the room's token is in no OBS log line")
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError, KeyError, IndexError) as e:
        print(f"FAIL: {e!r}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-live-rooms-obs-log-*.txt")
        return 1
    finally:
        bridge.stop()
    print("e2e-live-rooms: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
