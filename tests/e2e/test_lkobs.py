#!/usr/bin/env python3
# Linkon e2e harness self-test: which crashes at OBS's quit lkobs.py counts
# as OBS's own (upstream_shutdown_crash) and which stay failures. No OBS is
# started: traces and logs below are written the way lk-crash-trace.so and
# OBS 29 write them.
#
#   python3 test_lkobs.py
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkobs  # noqa: E402

WS = "/usr/lib/x86_64-linux-gnu/obs-plugins/obs-websocket.so"
TRACE = "\n".join([
    'lk-crash-trace: signal 11 (SIGSEGV) at address 0xa3 in thread "obs" (tid 3649)',
    "/build/tests/liblk-crash-trace.so(+0x16a2)[0x7fd2013c86a2]",
    "/lib/x86_64-linux-gnu/libc.so.6(+0x3c050)[0x7fd1fd65a050]",
    f"{WS}(_ZN4asio6detail28reactive_socket_service_base8start_opERNS1_24base_implementation_typeEiPNS0_"
    "10reactor_opEbbb+0xb3)[0x7fd1a1ad75a3]",
    f"{WS}(_ZN11websocketpp6serverINS_6config4asioEE12start_acceptERSt10error_code+0x52f)[0x7fd1a1afee8f]",
    f"{WS}(_ZN15WebSocketServer12ServerRunnerEv+0x54)[0x7fd1a1ac7214]",
    "/lib/x86_64-linux-gnu/libstdc++.so.6(+0xd44a3)[0x7fd1fd4d44a3]",
    "lk-crash-trace: end",
])
LOG = "\n".join([
    "19:31:51.555: ==== Shutting down ==================================================",
    "19:31:51.598: All scene data cleared",
    "19:31:51.598: [linkon] obs-websocket vendor 'linkon': 24 of 24 request types unregistered",
    "19:31:51.668: [linkon] unloaded",
    "19:31:51.668: [obs-websocket] [obs_module_unload] Shutting down...",
])

failures = 0


def expect(cond, what):
    global failures
    print(("ok - " if cond else "FAIL: ") + what)
    failures += 0 if cond else 1


upstream = lkobs.upstream_shutdown_crash
expect(upstream(-11, TRACE, LOG) != "", "obs-websocket's accept race after Linkon unloaded is OBS's own")
expect(upstream(-11, TRACE, LOG + "\n19:31:51.700: [obs-websocket] [WebSocketServer::Stop] stopping") != "",
       "… also when obs-websocket logged more of its own unload")
expect(upstream(0, TRACE, LOG) == "", "not a crash (exit 0): nothing to excuse")
expect(upstream(-6, TRACE.replace("signal 11 (SIGSEGV)", "signal 6 (SIGABRT)"), LOG) == "", "an abort stays a failure")
expect(upstream(-11, "", LOG) == "", "no trace: a failure")
linkon_frame = TRACE.replace("libstdc++.so.6(+0xd44a3)", "/plugins/linkon/bin/64bit/linkon.so(+0x1234)")
expect(upstream(-11, linkon_frame, LOG) == "", "a Linkon frame on the crashing stack: a failure")
other_thread = TRACE.replace("_ZN15WebSocketServer12ServerRunnerEv", "_ZN5Other3runEv")
expect(upstream(-11, other_thread, LOG) == "", "another obs-websocket thread: a failure")
expect(upstream(-11, TRACE, LOG.replace("[linkon] unloaded", "[linkon] unloading")) == "",
       "Linkon had not finished unloading: a failure")
expect(upstream(-11, TRACE, LOG + "\n19:31:51.700: [linkon] late") == "",
       "something other than obs-websocket ran after its unload began: a failure")
before = "\n".join([LOG.splitlines()[0], LOG.splitlines()[4], LOG.splitlines()[3]])
expect(upstream(-11, TRACE, before) == "", "obs-websocket unloaded before Linkon: a failure")

if failures:
    print(f"test_lkobs: {failures} failed")
    sys.exit(1)
print("test_lkobs: all checks passed")
