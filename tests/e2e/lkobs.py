# Linkon end-to-end tests — starts the real `obs` with Linkon installed in a
# throwaway HOME, obs-websocket on a free loopback port, no dialogs.
# Python 3 standard library only.
#
# Layout of the throwaway HOME (what OBS 29 reads):
#   .config/obs-studio/global.ini                      FirstRun, [OBSWebSocket]
#   .config/obs-studio/plugins/linkon/bin/64bit/linkon.so
#   .config/obs-studio/plugins/linkon/data/…           data/ + locale/
#   .config/obs-studio/plugin_config/linkon/config.json  Linkon's own config
# The X display is the caller's ($DISPLAY, e.g. the Xvfb tests/run-all.sh starts).
# SPDX-License-Identifier: GPL-2.0-or-later
import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

import lkws


class Failed(Exception):
    """A check of an end-to-end test did not hold."""


def check(cond, what):
    """Raises Failed(what) unless cond; prints "ok - what" when it holds."""
    if not cond:
        raise Failed(what)
    print(f"ok - {what}", flush=True)


class VendorSession:
    """An obs-websocket client for Linkon's vendor requests, with a poll-until helper
    (the e2e tests wait for conditions, never for fixed times)."""

    vendor_name = "linkon"
    wait_timeout = 30.0

    def __init__(self, obs):
        self.c = obs.client(subscriptions=lkws.SUB_VENDORS | lkws.SUB_GENERAL)

    def v(self, request_type, data=None):
        return self.c.vendor(self.vendor_name, request_type, data)

    def wait(self, request_type, pred, what, timeout=None):
        """Asks request_type until pred(answer) holds (checked), or fails with the last answer."""
        deadline = time.monotonic() + (timeout or self.wait_timeout)
        last = None
        while time.monotonic() < deadline:
            last = self.v(request_type)
            if pred(last):
                check(True, what)
                return last
            self.c.pump(0.2)
        raise Failed(f"{what} (last answer: {last})")


def test_args():
    """The command line every end-to-end test takes (--module, --data,
    --locale, --artifacts); the artifacts dir made absolute (OBS writes
    screenshots from its own working directory) and created."""
    ap = argparse.ArgumentParser()
    for name in ("module", "data", "locale", "artifacts"):
        ap.add_argument(f"--{name}", required=True)
    args = ap.parse_args()
    args.artifacts = os.path.abspath(args.artifacts)
    os.makedirs(args.artifacts, exist_ok=True)
    return args


def source_screenshot(client, source, path, **request):
    """SaveSourceScreenshot of source as PNG to path (extra request fields,
    e.g. imageWidth, in request). A file an earlier run left at path is
    removed first, so a screenshot OBS did not write cannot pass a check.
    Returns whether OBS wrote the file."""
    if os.path.exists(path):
        os.remove(path)
    client.request("SaveSourceScreenshot", {"sourceName": source, "imageFormat": "png", "imageFilePath": path,
                                            **request})
    return os.path.exists(path)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_global_ini(path, port):
    # LINKON_E2E_LANG=th-TH (or any locale) runs OBS, and so Linkon, in that language
    lang = os.environ.get("LINKON_E2E_LANG", "")
    text = (
        "[General]\n"
        "FirstRun=true\n"
        + (f"Language={lang}\n" if lang else "") +
        "\n"
        "[BasicWindow]\n"
        "geometry=\n"
        "\n"
        "[OBSWebSocket]\n"
        "FirstLoad=false\n"
        "ServerEnabled=true\n"
        f"ServerPort={port}\n"
        "AlertsEnabled=false\n"
        "AuthRequired=false\n"
        "ServerPassword=\n"
    )
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def install_plugin(config_dir, module, data_dir, locale_dir):
    root = os.path.join(config_dir, "plugins", "linkon")
    bindir = os.path.join(root, "bin", "64bit")
    os.makedirs(bindir)
    shutil.copy2(module, os.path.join(bindir, "linkon.so"))
    shutil.copytree(data_dir, os.path.join(root, "data"))
    shutil.copytree(locale_dir, os.path.join(root, "data", "locale"))


def upstream_shutdown_crash(code, trace, log):
    """Why a crash at quit is OBS's own, or "" when it may be Linkon's.

    OBS 29 ships obs-websocket 5.1.0, whose server stop at module unload
    races its IO thread: the acceptor's pending accept completes while the
    server is torn down and websocketpp's handle_accept -> start_accept
    touches the freed socket service (SIGSEGV in
    asio::detail::reactive_socket_service_base::start_op, thread
    WebSocketServer::ServerRunner). CI met it in e2e-docks (and, without a
    trace then, e2e-qr), one OBS quit in a few suite runs. It is recognised
    only from a crash trace (lk-crash-trace.so) and OBS's log, all of:
    killed by SIGSEGV; OBS's log
    shows Linkon unloaded ("[linkon] unloaded") and then obs-websocket's
    unload began, and nothing after it; the crashing thread's backtrace has
    obs-websocket's server frames and no frame of linkon.so."""
    if code != -11 or not trace:
        return ""
    if "linkon.so" in trace or "signal 11 (SIGSEGV)" not in trace:
        return ""
    if "obs-websocket.so" not in trace or "WebSocketServer12ServerRunner" not in trace:
        return ""
    lines = [line for line in log.splitlines() if line.strip()]
    unloaded = [i for i, line in enumerate(lines) if "[linkon] unloaded" in line]
    ws_unload = [i for i, line in enumerate(lines) if "[obs-websocket] [obs_module_unload] Shutting down" in line]
    if not unloaded or not ws_unload or ws_unload[-1] < unloaded[-1]:
        return ""
    if any("[obs-websocket]" not in line for line in lines[ws_unload[-1] + 1:]):
        return ""  # something else ran after obs-websocket began to unload
    return ("OBS crashed after Linkon had unloaded, in obs-websocket's own server shutdown "
            "(its IO thread's accept handler; the trace above has no Linkon frame): "
            "a known race of OBS 29's obs-websocket 5.1.0, not Linkon's")


class Obs:
    """One OBS process. Use as a context manager; stop() always cleans up."""

    def __init__(self, module, data_dir, locale_dir, artifacts, linkon_config=None, name="e2e"):
        self.module = module
        self.data_dir = data_dir
        self.locale_dir = locale_dir
        self.artifacts = artifacts
        self.linkon_config = linkon_config
        self.name = name
        self.home = None
        self.proc = None
        self.port = None
        self.out_path = os.path.join(artifacts, f"{name}-obs-stdout.txt")
        self.final_log = ""
        self.crashes = []
        self.upstream_crash = ""
        self.runs = 0

    @property
    def config_dir(self):
        return os.path.join(self.home, ".config", "obs-studio")

    def _prepare_home(self):
        self.home = tempfile.mkdtemp(prefix="linkon-e2e-")
        os.makedirs(os.path.join(self.config_dir, "logs"))
        self.port = free_port()
        write_global_ini(os.path.join(self.config_dir, "global.ini"), self.port)
        if self.module is not None:  # None: Linkon comes from the system (test_deb.py)
            install_plugin(self.config_dir, self.module, self.data_dir, self.locale_dir)
        if self.linkon_config is not None:
            cfg_dir = os.path.join(self.config_dir, "plugin_config", "linkon")
            os.makedirs(cfg_dir)
            with open(os.path.join(cfg_dir, "config.json"), "w", encoding="utf-8") as f:
                json.dump(self.linkon_config, f)

    def _env(self):
        env = dict(os.environ)
        env.pop("WAYLAND_DISPLAY", None)
        env.update(
            {
                "HOME": self.home,
                "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
                "LIBGL_ALWAYS_SOFTWARE": "1",
                "QT_QPA_PLATFORM": "xcb",
                "LANG": "en_US.UTF-8",
            }
        )
        # the crash reporter (tests/e2e/lk-crash-trace.c; e2e.cmake names it)
        lib = os.environ.get("LK_CRASH_TRACE_LIB")
        if lib and os.path.isfile(lib):
            env["LD_PRELOAD"] = " ".join(p for p in (lib, env.get("LD_PRELOAD", "")) if p)
            env["LK_CRASH_TRACE"] = self.trace_path()
        return env

    def trace_path(self):
        return os.path.join(self.home, "crash-trace.txt")

    def _report_crash(self, code):
        """OBS died of a signal or left a crash trace: the backtrace and the
        end of its log go into the test's output (and the artifacts)."""
        trace = ""
        if os.path.isfile(self.trace_path()):
            with open(self.trace_path(), encoding="utf-8", errors="replace") as f:
                trace = f.read()
        if not trace and not (code is not None and code < 0):
            return
        self.upstream_crash = upstream_shutdown_crash(code, trace, self.final_log)
        print(f"OBS exit code {code}; crash trace ({'none' if not trace else 'below'}):")
        if trace:
            print(trace.rstrip())
            with open(os.path.join(self.artifacts, f"{self.name}-obs-crash-trace-{self.runs}.txt"), "w",
                      encoding="utf-8") as f:
                f.write(trace)
        tail = self.final_log.splitlines()[-40:]
        if tail:
            print("the end of OBS's log:")
            print("\n".join(tail))
        if trace:
            os.remove(self.trace_path())  # a later run on this HOME starts clean

    def quit_clean(self, code):
        """True when OBS exited 0 without a crash report, or died in the one
        known crash of OBS 29's own obs-websocket at quit (after Linkon had
        unloaded, nothing of Linkon on the stack: upstream_shutdown_crash),
        which is printed as a note. Anything else is a failed quit."""
        if code == 0 and not self.crashes:
            return True
        if self.upstream_crash:
            print(f"note: {self.upstream_crash}")
            return True
        return False

    def start(self, timeout=90.0):
        if not os.environ.get("DISPLAY"):
            raise RuntimeError("no DISPLAY: run under Xvfb (tests/run-all.sh starts one)")
        if self.home is None:
            self._prepare_home()
        out = open(self.out_path, "ab")
        self.proc = subprocess.Popen(
            ["obs", "--multi", "--disable-missing-files-check"],
            cwd=self.home,
            env=self._env(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()
        self._wait_ready(timeout)
        self._fill_screen()

    def _fill_screen(self):
        """No window manager on Xvfb: the main window opens small in a
        corner. Make it fill the screen (for the screenshots); best effort."""
        if not shutil.which("xdotool"):
            return
        for _ in range(40):
            win = self.main_window()
            if win:
                geo = subprocess.run(["xdotool", "getdisplaygeometry"], capture_output=True, text=True, timeout=10)
                size = geo.stdout.split() if geo.returncode == 0 else []
                width, height = (size + ["1920", "1080"])[:2] if len(size) != 2 else size
                subprocess.run(["xdotool", "windowmove", win, "0", "0", "windowsize", win, width, height],
                               capture_output=True, timeout=10)
                return
            time.sleep(0.25)

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"obs exited during startup (code {self.proc.returncode}); see {self.log_path()}")
            try:
                client = lkws.ObsClient("127.0.0.1", self.port, timeout=5.0)
                client.close()
                return
            except (OSError, lkws.WsError):
                time.sleep(0.5)
        raise RuntimeError(f"obs-websocket did not answer on port {self.port} in {timeout} s")

    def client(self, subscriptions=lkws.SUB_VENDORS, timeout=10.0):
        return lkws.ObsClient("127.0.0.1", self.port, subscriptions=subscriptions, timeout=timeout)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def log_path(self):
        logs = sorted(glob.glob(os.path.join(self.config_dir, "logs", "*.txt")), key=os.path.getmtime)
        return logs[-1] if logs else None

    def log_text(self):
        path = self.log_path()
        if not path:
            return ""
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def screenshot(self, path):
        """The whole X screen (OBS's main window) as PNG, with ImageMagick's
        import. Returns False when it is not installed or fails."""
        if not shutil.which("import"):
            return False
        # PNG24: always 8-bit RGB (ImageMagick writes a one-colour screen as a
        # 1-bit PNG otherwise, which lkpng does not read)
        res = subprocess.run(["import", "-window", "root", "PNG24:" + path], capture_output=True, timeout=60)
        return res.returncode == 0 and os.path.exists(path)

    def main_window(self):
        """X window id of OBS's main window, or None."""
        if not shutil.which("xdotool") or not self.alive():
            return None
        res = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--pid", str(self.proc.pid), "--name", "^OBS [0-9]"],
            capture_output=True,
            text=True,
            timeout=20,
        )
        wins = res.stdout.split()
        return wins[0] if wins else None

    def _quit_gracefully(self, timeout):
        """File > Exit (Ctrl+Q): OBS saves, unloads its modules, exits 0.
        (OBS 29.0 has no SIGTERM handler: a signal kills it on the spot.)"""
        win = self.main_window()
        if not win:
            return False
        subprocess.run(["xdotool", "windowfocus", "--sync", win, "key", "--clearmodifiers", "ctrl+q"],
                       capture_output=True, timeout=20)
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def stop(self, timeout=30.0, keep_home=False):
        """Quits OBS the way a user does (Ctrl+Q), SIGKILL when that fails.
        Returns OBS's exit code (negative = killed by a signal). final_log
        gets this run's OBS log. keep_home: keep the throwaway HOME (scene
        collection included) so start() runs OBS again on it."""
        code = None
        if self.proc is not None:
            if self.proc.poll() is None and not self._quit_gracefully(timeout):
                self.proc.kill()
            code = self.proc.wait()
        self.proc = None
        if self.home:
            self.runs += 1
            log = self.log_path()
            self.final_log = self.log_text()
            if log:
                shutil.copy2(log, os.path.join(self.artifacts, f"{self.name}-obs-log-{self.runs}.txt"))
            self.crashes = sorted(glob.glob(os.path.join(self.config_dir, "crashes", "*")))
            self.upstream_crash = ""
            self._report_crash(code)
            for i, crash in enumerate(self.crashes):
                shutil.copy2(crash, os.path.join(self.artifacts, f"{self.name}-obs-crash-{i}.txt"))
            if not keep_home:
                shutil.rmtree(self.home, ignore_errors=True)
                self.home = None
        return code

    def discard(self):
        """Removes a HOME that stop(keep_home=True) kept."""
        if self.home and not self.alive():
            shutil.rmtree(self.home, ignore_errors=True)
            self.home = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


def saved_texts(obs):
    """(path, text) of OBS's logs, scene collections and profiles in obs's
    config dir: where a secret must never be written."""
    texts = []
    for pattern in ("logs/*.txt", "basic/scenes/*.json", "basic/profiles/*/*.ini"):
        for path in glob.glob(os.path.join(obs.config_dir, pattern)):
            with open(path, encoding="utf-8", errors="replace") as f:
                texts.append((path, f.read()))
    return texts
