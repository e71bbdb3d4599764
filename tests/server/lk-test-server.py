#!/usr/bin/env python3
# Linkon — loopback HTTP/1.1 test server with fault injection.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   python3 tests/server/lk-test-server.py --port 0 --port-file FILE
#       [--files DIR] [--exit-on-stdin-close] [--verbose]
#
# Listens on 127.0.0.1 only (port 0: a free one, written to FILE once
# listening) and serves until killed, or until stdin closes with
# --exit-on-stdin-close. Python 3 standard library only.
#
# Paths:
#   /health                         "ok"
#   /echo/headers                   the request headers as JSON
#   /echo/request                   method, path, headers and body as JSON
#   /img/<name>                     a file from --files (default tests/fixtures)
#   /fault/404, /fault/500          that status
#   /fault/slow?bytes=N&delay_ms=M  N bytes, one every M ms
#   /fault/drop?after=N             promises N+1000 bytes, closes after N
#   /fault/huge?bytes=N[&chunked=1] N bytes (Content-Length or chunked)
#   /fault/redirect?to=URL          302 to URL
#   /fault/redirects?n=K            K redirects in a row, then a body
#   /fault/redirect-ftp             302 to ftp://127.0.0.1/x
#   /fault/gzip[?require=1]         gzip-encoded body if accepted (406 if
#                                   required and not accepted)
#   /fault/status?code=N[&retry_after=S][&retry_date=S]
#                                   status N, JSON error body, Retry-After
#   /fault/etag?tag=T               ETag "T"; 304 for If-None-Match: "T"
#   /fault/sse?n=N&delay_ms=M[&idle_ms=I]
#                                   N server-sent events, one every M ms
#   /v1/…, /_bridge/…               the Linkon bridge protocol (bridge.py)
#   /admin/api/<v>/graphql.json     a Shopify-like Admin GraphQL shop (shopify.py);
#   /_shopify/config, /_shopify/stats  its set-up, faults and counters
#   /api/v2/token/…, /{authorization,product,promotion,order}/202309/…
#                                   a TikTok Shop Partner API fake (tiktok_shop.py); /_tiktok/…
#   /helix/eventsub/subscriptions, /oauth2/{device,token,validate}, /_twitch/…
#                                   a Twitch fake (twitch.py): Helix, OAuth, and EventSub
#                                   WebSockets on two ports of its own

import argparse
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lkserver import server  # noqa: E402


def parse_args(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description="Linkon loopback test server")
    p.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: pick a free one)")
    p.add_argument("--port-file", help="write the port here once listening")
    p.add_argument("--files", default=os.path.join(here, "..", "fixtures"), help="directory served under /img/")
    p.add_argument("--exit-on-stdin-close", action="store_true", help="stop when stdin reaches end of file")
    p.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return p.parse_args(argv)


if __name__ == "__main__":
    sys.exit(server.run(parse_args(sys.argv[1:])))
