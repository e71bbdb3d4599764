#!/usr/bin/env python3
# Linkon end-to-end test of a Twitch live room next to the shop: the real
# `obs` (under the caller's X display) with the demo shop as the shop and the
# loopback Twitch fake (tests/server/lkserver/twitch.py: EventSub WebSockets,
# Helix, OAuth) as an event source (config.json "event_sources":
# [{"type": "twitch", …}]), driven over obs-websocket 5.1:
#   - GetEventSources shows the Twitch room live, signed in as the fake's
#     channel, next to the demo shop's connection;
#   - the Twitch source subscribed to its seven EventSub types over Helix;
#   - a cheer becomes a gift alert tagged "twitch" (bits as its value);
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
import lkobs  # noqa: E402
import lkws  # noqa: E402
from test_bridge import Bridge  # noqa: E402  (the loopback server, which also serves the Twitch fake)

VENDOR = "linkon"
SCENE = "Linkon E2E Twitch"
CLIENT_ID = "linkon-test-client"

Failed, check = lkobs.Failed, lkobs.check


class Session(lkobs.VendorSession):
    wait_timeout = 40.0

    def __init__(self, obs, server):
        super().__init__(obs)
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
    s.wait("GetEventSources", lambda r: room_row(r).get("events", 0) >= 1, "the row counts the event")


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
        step_claim(s)
        step_drop(s)
        code = obs.stop()
        check(code == 0 and not obs.crashes, f"OBS quits cleanly (exit code {code})")
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
