# Linkon test server — what reached this server, and redirects on demand.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# For the tests that check where a token may go (issue 14): every request
# is recorded (method, path, Host and every header) before it is routed,
# and a redirect rule can send every request under a path prefix somewhere
# else (another loopback server, or the same one under another host name).
#
#   GET  /_seen            {"requests": [{"method", "path", "host", "headers": {...}}]}
#   POST /_seen/clear      forgets them
#   POST /_redirect        {"prefix": "/v1/", "to": "http://localhost:1234", "status": 302}:
#                          a request for /v1/x?q answers 302 to http://localhost:1234/v1/x?q;
#                          {"prefix": null} removes the rule
#
# The control paths themselves (/_seen, /_redirect) are neither recorded
# nor redirected.

import json
import threading

from .app import per_server, query_int

MAX_SEEN = 2000


class Audit:
    def __init__(self):
        self.lock = threading.Lock()
        self.seen = []
        self.rule = None  # (prefix, to, status)


def audit_of(req):
    return per_server(req, "audit", Audit)


def before(req, path, query):
    """Records the request and applies the redirect rule. True when answered."""
    if path == "/_seen" or path.startswith("/_seen/") or path == "/_redirect":
        return False
    a = audit_of(req)
    with a.lock:
        if len(a.seen) < MAX_SEEN:
            a.seen.append(
                {
                    "method": req.command,
                    "path": req.path,
                    "host": req.headers.get("Host", ""),
                    "headers": {k: v for k, v in req.headers.items()},
                }
            )
        rule = a.rule
    if rule and path.startswith(rule[0]):
        req.read_body()  # a POST's body, so the connection stays usable
        req.send_redirect(rule[1] + req.path, rule[2])
        return True
    return False


def seen(req, path, query):
    a = audit_of(req)
    with a.lock:
        requests = list(a.seen)
    req.send_json(200, {"requests": requests})


def seen_clear(req, path, query):
    a = audit_of(req)
    with a.lock:
        a.seen = []
    req.send_json(200, {"ok": True})


def redirect(req, path, query):
    try:
        doc = json.loads(req.read_body().decode("utf-8") or "{}")
    except ValueError:
        doc = {}
    a = audit_of(req)
    with a.lock:
        if doc.get("prefix"):
            status = query_int(doc, "status", 302, lo=300, hi=308)
            a.rule = (doc["prefix"], str(doc.get("to", "")), status)
        else:
            a.rule = None
    req.send_json(200, {"ok": True})


def register(router):
    router.before(before)
    router.route("/_seen")(seen)
    router.route("/_seen/clear", methods=("POST",))(seen_clear)
    router.route("/_redirect", methods=("POST",))(redirect)
