#!/usr/bin/env python3
# Linkon end-to-end test of the show (issue 10): the real `obs` (under the
# caller's X display) with the demo shop selling, driven over obs-websocket:
#   - StartShow starts a show (ShowStateChanged); SetGoal sets an orders goal;
#   - the demo shop's sales arrive as OrderPlaced events with masked buyers;
#     GoalReached fires when the goal is reached;
#   - OBS quits in the middle of the show and starts again: the show goes on
#     from its journal, with its orders and its goal;
#   - GetShowStats moves exactly by the orders the demo shop reported
#     (OrderPlaced: count and money per currency);
#   - EndShow writes the CSV and JSON reports, whose totals equal the
#     journal's orders;
#   - the start/end hotkeys start and end a show.
#
#   python3 test_show.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import csv
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402
import lkws  # noqa: E402

VENDOR = "linkon"
LINKON_CONFIG = {"connector": "demo",
                 "demo": {"seed": 11, "pin_every_ms": 1500, "order_every_ms": 250, "gift_every_ms": 400},
                 "show": {"privacy": "masked", "commissionPercent": 20, "autoStart": False}}

Failed, check = lkobs.Failed, lkobs.check


class Session:
    def __init__(self, obs):
        self.c = obs.client(subscriptions=lkws.SUB_VENDORS | lkws.SUB_GENERAL)

    def v(self, request_type, data=None):
        return self.c.vendor(VENDOR, request_type, data)

    def events(self, kind):
        return self.c.vendor_events(VENDOR, kind)

    def wait(self, what, cond, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if cond():
                check(True, what)
                return
            self.c.pump(0.2)
        raise Failed(what)


def wait_connected(s):
    deadline = time.monotonic() + 60
    while s.v("GetState").get("connection", {}).get("state") != "connected":
        if time.monotonic() > deadline:
            raise Failed("the demo shop did not connect")
        time.sleep(0.2)


def totals_of(stats):
    return {t["currency"]: t for t in stats.get("totals", [])}


def step_first_run(s):
    stats = s.v("GetShowStats")
    check(stats.get("ok") and stats.get("state") == "none", f"no show before StartShow: {stats.get('state')}")
    res = s.v("StartShow")
    check(res.get("ok") and res.get("showId", "").startswith("show-"), f"StartShow starts a show: {res}")
    again = s.v("StartShow")
    check(again.get("ok") is False and "already" in again.get("message", ""), "a second StartShow is refused")
    s.wait("ShowStateChanged says live",
           lambda: any(e.get("state") == "live" for e in s.events("ShowStateChanged")))
    res = s.v("SetGoal", {"id": "g1", "kind": "orders", "target": 6, "title": "Six orders"})
    check(res.get("ok") and res.get("target") == 6, f"SetGoal sets an orders goal: {res}")
    bad = s.v("SetGoal", {"id": "g2", "kind": "nope", "target": 5})
    check(bad.get("ok") is False and "kind" in bad.get("message", ""), "a goal of an unknown kind is refused")
    s.wait("orders arrive as OrderPlaced", lambda: len(s.events("OrderPlaced")) >= 8)
    s.wait("GoalReached fires for the goal", lambda: any(e.get("id") == "g1" for e in s.events("GoalReached")))
    for e in s.events("OrderPlaced"):
        check(e.get("buyer") == "Someone" or "***" in e.get("buyer", ""),
              f"buyers are masked on the wire: {e.get('buyer')!r}")
    stats = s.v("GetShowStats")
    check(stats.get("orders", 0) >= 8 and stats.get("pins") is not None, "GetShowStats counts the orders")
    return res_show_id(stats), stats


def res_show_id(stats):
    return stats.get("showId")


def step_after_restart(s, show_id, before):
    stats = s.v("GetShowStats")
    check(stats.get("state") == "live" and stats.get("showId") == show_id,
          f"after the restart the show goes on ({stats.get('state')}, {stats.get('showId')})")
    check(stats.get("orders", 0) >= before.get("orders", 0),
          f"the orders before the restart are kept ({stats.get('orders')} >= {before.get('orders')})")
    goals = {g["id"]: g for g in stats.get("goals", [])}
    check("g1" in goals and goals["g1"].get("reachedAt"), f"the goal survived the restart: {goals.get('g1')}")

    # from a snapshot A on, the numbers move exactly by the orders the shop reported
    a = s.v("GetShowStats")
    s.wait("more orders arrive", lambda: len([e for e in s.events("OrderPlaced")
                                              if e.get("ordersSeq", 0) > a["ordersSeq"]]) >= 8)
    s.wait("the demo's gifts count for the show", lambda: s.v("GetShowStats").get("gifts", 0) > 0)
    end = s.v("EndShow")
    check(end.get("ok") and end.get("state") == "ended", f"EndShow ends the show: {end.get('state')}")
    check(end.get("gifts", 0) > 0 and end.get("giftValue", 0) > 0,
          f"gifts and their value are in the numbers ({end.get('gifts')}, {end.get('giftValue')})")
    s.c.pump(1.0)  # the last OrderPlaced events
    new = {e["orderId"]: e for e in s.events("OrderPlaced") if e.get("ordersSeq", 0) > a["ordersSeq"]}
    check(len(new) == end["orders"] - a["orders"],
          f"orders counted since A ({end['orders'] - a['orders']}) = OrderPlaced events ({len(new)})")
    ta, tb = totals_of(a), totals_of(end)
    for cur in tb:
        moved = tb[cur]["gmv"] - ta.get(cur, {}).get("gmv", 0)
        reported = sum(e["total"] for e in new.values() if e["currency"] == cur)
        check(moved == reported, f"{cur} GMV moved by the orders reported ({moved} = {reported})")
    return end


def step_reports(end):
    jpath, cpath = end.get("reportJson"), end.get("reportCsv")
    check(jpath and os.path.isfile(jpath) and cpath and os.path.isfile(cpath), f"the reports exist: {jpath}, {cpath}")
    with open(jpath, encoding="utf-8") as f:
        report = json.load(f)
    journal = os.path.join(os.path.dirname(jpath), report["showId"] + ".jsonl")
    check(os.path.isfile(journal), f"the journal is kept next to them: {journal}")
    gmv, orders = {}, 0
    with open(journal, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("t") != "order":
                continue
            o = rec["order"]
            total = o.get("total")
            if total is None:
                total = sum(it["quantity"] * it["unitPrice"] for it in o["items"])
            gmv[o["currency"]] = gmv.get(o["currency"], 0) + total
            orders += 1
    check(report["gifts"] == end["gifts"] and report["giftValue"] == end["giftValue"], "the report has the gifts")
    rt = totals_of(report)
    check(report["orders"] == orders == end["orders"], f"orders: report {report['orders']}, journal {orders}")
    for cur, v in gmv.items():
        check(rt[cur]["gmv"] == v, f"{cur} GMV: report {rt[cur]['gmv']}, journal {v}")
    with open(cpath, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] == "total"]
    for r in rows:
        check(int(r["gmv"]) == gmv[r["currency"]], f"CSV {r['currency']} GMV {r['gmv']} = journal")


def step_hotkeys(s, old_id):
    names = s.c.request("GetHotkeyList")["hotkeys"]
    check("linkon.start_show" in names and "linkon.end_show" in names, "the show hotkeys are registered")
    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.start_show"})
    s.wait("the start hotkey starts a new show",
           lambda: s.v("GetShowStats").get("state") == "live" and s.v("GetShowStats").get("showId") != old_id)
    s.c.request("TriggerHotkeyByName", {"hotkeyName": "linkon.end_show"})
    s.wait("the end hotkey ends it", lambda: s.v("GetShowStats").get("state") == "ended")
    stats = s.v("GetShowStats")
    check(stats.get("reportJson") and os.path.isfile(stats["reportJson"]), "its report is written too")


def main():
    args = lkobs.test_args()
    if not shutil.which("obs"):
        print("FAIL: obs is not installed (scripts/install-deps.sh installs it)")
        return 1
    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=LINKON_CONFIG,
                    name="e2e-show")
    try:
        obs.start()
        s = Session(obs)
        wait_connected(s)
        show_id, before = step_first_run(s)
        code = obs.stop(keep_home=True)
        check(obs.quit_clean(code), f"OBS quits in the middle of the show (exit code {code})")
        obs.start()
        s = Session(obs)
        wait_connected(s)
        end = step_after_restart(s, show_id, before)
        step_reports(end)
        step_hotkeys(s, show_id)
        code = obs.stop()
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError, KeyError, ValueError) as e:
        print(f"FAIL: {e}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-show-obs-log-*.txt")
        return 1
    print("e2e-show: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
