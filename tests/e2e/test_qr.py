#!/usr/bin/env python3
# Linkon end-to-end test of scan to buy in the real `obs` (under the caller's
# X display), driven over obs-websocket:
#   - a `linkon_qr` source on the program scene follows the pinned product;
#   - a product pinned over obs-websocket: a screenshot of the source, read
#     with zbarimg, is exactly that product's buy link with UTM parameters;
#   - pinning another product changes the code to the new product's link;
#   - OBS quits cleanly.
# Screenshots go to the artifacts dir.
#
#   python3 test_qr.py --module linkon.so --data data/ --locale locale/ --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402
import lkws  # noqa: E402

VENDOR = "linkon"
SCENE, QR = "Linkon E2E QR Show", "Linkon E2E QR"
CAMPAIGN = "e2e-show"
LINKON_CONFIG = {"connector": "demo", "demo": {"seed": 11, "pin_every_ms": -1, "gift_every_ms": -1}}

Failed, check = lkobs.Failed, lkobs.check


def expected(product_id):
    # the demo shop's buy link for a product, with Linkon's attribution
    return (f"https://demo.linkon.invalid/p/{product_id}?utm_source=linkon&utm_medium=live"
            f"&utm_campaign={CAMPAIGN}&utm_content={product_id}")


def zbar(path):
    r = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path],
                       capture_output=True, text=True, timeout=60)
    return [line for line in r.stdout.splitlines() if line]


def read_code(c, path, want, timeout=10.0):
    """Screenshots the QR source until zbar reads want (the pin reaches the
    source within a frame or two; OBS under Xvfb may lag); returns what was
    read last."""
    deadline = time.monotonic() + timeout
    got = []
    while time.monotonic() < deadline:
        if lkobs.source_screenshot(c, QR, path):
            got = zbar(path)
            if got == [want]:
                return got
        time.sleep(0.3)
    return got


def main():
    args = lkobs.test_args()
    for tool in ("obs", "zbarimg"):
        if not shutil.which(tool):
            print(f"FAIL: {tool} is not installed (scripts/install-deps.sh installs it)")
            return 1
    obs = lkobs.Obs(args.module, args.data, args.locale, args.artifacts, linkon_config=LINKON_CONFIG, name="e2e-qr")
    try:
        obs.start()
        c = obs.client()
        deadline = time.monotonic() + 30
        cart = []
        while time.monotonic() < deadline and len(cart) < 2:
            st = c.vendor(VENDOR, "GetState")
            cart = [i["productId"] for i in sorted(st.get("cart", []), key=lambda i: i["slot"])]
            time.sleep(0.2)
        check(len(cart) >= 2, "the demo shop is up with a cart")
        c.request("CreateScene", {"sceneName": SCENE})
        c.request("CreateInput", {"sceneName": SCENE, "inputName": QR, "inputKind": "linkon_qr",
                                  "inputSettings": {"utm_campaign": CAMPAIGN, "qr_size": 360},
                                  "sceneItemEnabled": True})
        c.request("SetCurrentProgramScene", {"sceneName": SCENE})
        for n, pid in enumerate(cart[:2]):
            check(c.vendor(VENDOR, "PinProduct", {"productId": pid})["ok"], f"PinProduct {pid}")
            path = os.path.join(args.artifacts, f"e2e-qr-{n + 1}.png")
            got = read_code(c, path, expected(pid))
            check(got == [expected(pid)], f"the code on screen is {pid}'s link (read {got})")
        c.close()
        code = obs.stop()
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError, subprocess.SubprocessError) as e:
        print(f"FAIL: {e}")
        obs.stop()
        print(f"OBS logs: {args.artifacts}/e2e-qr-obs-log-*.txt")
        return 1
    print("e2e-qr: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
