#!/usr/bin/env python3
# Linkon's .deb for Debian's OBS, proven on the real thing:
#   - the package's name, version (+obs<major>) and dependencies fit the
#     installed OBS;
#   - `dpkg -i` installs it: linkon.so in /usr/lib/<multiarch>/obs-plugins,
#     the data in /usr/share/obs/obs-plugins/linkon;
#   - the real `obs` (throwaway HOME, no per-user plugin) loads it: "[linkon]
#     loaded", built for and running in the same OBS major, its sources
#     registered, the obs-websocket vendor answers; OBS quits cleanly and
#     Linkon unloads;
#   - `dpkg --purge` removes it: not installed, not one of its files left.
# Run by tests/deb/test-deb.sh, which builds the package and (where it can)
# runs this in a private mount namespace so no other process sees the
# package. Needs root and the caller's X display.
#
#   python3 test_deb.py --deb obs-linkon_….deb --artifacts DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402
import lkws  # noqa: E402

PACKAGE = "obs-linkon"
Failed, check = lkobs.Failed, lkobs.check


def run(*cmd):
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    out = (res.stdout + res.stderr).strip()
    print(f"$ {' '.join(cmd)} -> {res.returncode}" + (f"\n{out}" if out else ""), flush=True)
    return res.returncode, res.stdout


def package_status():
    """dpkg's status of the package ("" when dpkg does not know it)."""
    res = subprocess.run(["dpkg-query", "-W", "-f=${Status}", PACKAGE], capture_output=True, text=True,
                         timeout=60)
    return res.stdout.strip() if res.returncode == 0 else ""


def obs_major():
    out = subprocess.run(["obs", "--version"], capture_output=True, text=True, timeout=60).stdout
    m = re.search(r"OBS Studio - (\d+)\.", out)
    return m.group(1) if m else None


def step_package(deb, major):
    _, fields = run("dpkg-deb", "--field", deb, "Package", "Version", "Depends")
    info = dict(line.split(": ", 1) for line in fields.splitlines() if ": " in line)
    check(info.get("Package") == PACKAGE, f"the package is {PACKAGE} ({info.get('Package')})")
    check(info.get("Version", "").endswith(f"+obs{major}") and f"+obs{major}_" in os.path.basename(deb),
          f"its version and file name say OBS {major} ({info.get('Version')}, {os.path.basename(deb)})")
    depends = info.get("Depends", "")
    check(f"obs-studio (>= {major})" in depends and f"obs-studio (<< {int(major) + 1})" in depends,
          f"it depends on OBS {major} ({depends})")


def step_install(deb):
    code, _ = run("dpkg", "-i", deb)
    check(code == 0 and package_status() == "install ok installed", "dpkg -i installs it")
    _, listing = run("dpkg", "-L", PACKAGE)
    paths = [p for p in listing.splitlines() if p.startswith("/")]
    module = [p for p in paths if re.fullmatch(r"/usr/lib/[^/]+/obs-plugins/linkon\.so", p)]
    check(len(module) == 1 and os.path.isfile(module[0]),
          f"linkon.so is in the system's obs-plugins ({module})")
    data = "/usr/share/obs/obs-plugins/linkon"
    for rel in ("locale/en-US.ini", "effects", "images"):
        check(os.path.exists(os.path.join(data, rel)), f"{data}/{rel} is installed")
    return [p for p in paths if os.path.isfile(p) or os.path.islink(p)]


def step_obs(args, major):
    # module=None: no per-user copy in the throwaway HOME, so the OBS below
    # can only load Linkon from where the package put it
    obs = lkobs.Obs(None, None, None, args.artifacts, name="e2e-deb",
                    linkon_config={"connector": "demo", "demo": {"gift_every_ms": -1}})
    try:
        obs.start()
        check(not os.path.exists(os.path.join(obs.config_dir, "plugins")), "no per-user plugin in OBS's HOME")
        log = obs.log_text()
        loaded = re.search(r"\[linkon\] loaded version \S+ \(built for OBS (\d+)\.[^,]*, running in OBS (\d+)\.",
                           log)
        check(loaded is not None, "OBS logs \"[linkon] loaded\" with the OBS it was built for and runs in")
        check(loaded.group(1) == major and loaded.group(2) == major,
              f"built for OBS {loaded.group(1)}, running in OBS {loaded.group(2)}")
        check("[linkon] docks added" in log, "the docks are added")
        c = obs.client()
        kinds = c.request("GetInputKindList").get("inputKinds", [])
        check("linkon_product_card" in kinds and "linkon_gift_alerts" in kinds,
              "OBS knows Linkon's sources (GetInputKindList)")
        state = c.vendor("linkon", "GetState")
        check(state.get("ok") is True, f"the obs-websocket vendor answers GetState ({state.get('connection')})")
        c.close()
        code = obs.stop()
        check(obs.quit_clean(code), f"OBS quits cleanly (exit code {code})")
        check("[linkon] unloaded" in obs.final_log, "Linkon unloads")
    finally:
        obs.stop()


def step_remove(files):
    code, _ = run("dpkg", "--purge", PACKAGE)
    check(code == 0 and package_status() == "", "dpkg --purge removes it; dpkg no longer knows it")
    left = [f for f in files if os.path.lexists(f)]
    check(not left, f"none of its {len(files)} files is left ({left[:5]})")
    for d in ("/usr/share/obs/obs-plugins/linkon", "/usr/share/doc/obs-linkon"):
        check(not os.path.exists(d), f"{d} is gone")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--deb", required=True)
    ap.add_argument("--artifacts", required=True)
    args = ap.parse_args()
    args.artifacts = os.path.abspath(args.artifacts)
    os.makedirs(args.artifacts, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("dpkg") or not shutil.which("obs"):
        print("FAIL: needs root, dpkg and obs (scripts/install-deps.sh installs OBS)")
        return 1
    if package_status():
        # someone's own install: not this test's to replace or remove
        print(f"FAIL: {PACKAGE} is already known to dpkg ({package_status()}); remove it first")
        return 1

    installed = False
    try:
        major = obs_major()
        check(major is not None, f"the installed OBS's major version ({major})")
        step_package(args.deb, major)
        installed = True
        files = step_install(args.deb)
        step_obs(args, major)
        step_remove(files)
        installed = False
    except (Failed, lkws.WsError, lkws.RequestFailed, RuntimeError, OSError, subprocess.SubprocessError) as e:
        print(f"FAIL: {e}")
        print(f"OBS logs: {args.artifacts}/e2e-deb-obs-log-*.txt")
        return 1
    finally:
        if installed and package_status():
            run("dpkg", "--purge", PACKAGE)
    print("e2e-deb: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
