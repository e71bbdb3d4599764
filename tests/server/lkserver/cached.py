# Linkon test server — images with validators, for the image cache
# (plugin/net/lk-net-cache.c): /cached/<name> serves a fixture file with an
# ETag and a Last-Modified, answers If-None-Match / If-Modified-Since with
# 304, and counts what it sent. A test switches a name's behaviour with
# POST /_cached/set {"name", "mode", "version", "validators"}:
#   mode "ok" (default), "404", "huge" (a body of 4 MiB), "text" (not an
#   image); version changes the ETag and Last-Modified (a new picture);
#   validators false sends neither (the cache must fetch it whole again).
# GET /_cached/counts -> {name: {"full": n, "not_modified": n, "conditional": n,
#   "errors": n}}.
# SPDX-License-Identifier: GPL-2.0-or-later

import email.utils
import json
import os
import threading

from .app import per_server
from .basic import SAFE_NAME


class Cached:
    def __init__(self):
        self.lock = threading.Lock()
        self.cfg = {}
        self.counts = {}

    def count(self, name, what):
        c = self.counts.setdefault(name, {"full": 0, "not_modified": 0, "conditional": 0, "errors": 0})
        c[what] += 1


def state(req):
    return per_server(req, "lk_cached", Cached)


def serve(req, path, query):
    name = path[len("/cached/"):]
    if not SAFE_NAME.match(name) or name.startswith("."):
        req.send_text(404, "bad file name\n")
        return
    st = state(req)
    with st.lock:
        cfg = dict(st.cfg.get(name, {}))
        conditional = "If-None-Match" in req.headers or "If-Modified-Since" in req.headers
        if conditional:
            st.count(name, "conditional")
    mode = cfg.get("mode", "ok")
    version = int(cfg.get("version", 1))
    validators = cfg.get("validators", True)
    if mode == "404":
        with st.lock:
            st.count(name, "errors")
        req.send_text(404, "gone\n")
        return
    if mode == "huge":
        with st.lock:
            st.count(name, "full")
        req.send_bytes(200, b"\x89PNG\r\n\x1a\n" + b"\0" * (4 << 20), "image/png")
        return
    if mode == "text":
        with st.lock:
            st.count(name, "full")
        req.send_bytes(200, b"<html>not a picture</html>\n", "text/html")
        return
    try:
        with open(os.path.join(req.server.options.files, name), "rb") as f:
            body = f.read()
    except OSError:
        req.send_text(404, "no such file\n")
        return
    etag = '"%s-v%d"' % (name, version)
    modified = email.utils.formatdate(1700000000 + version * 3600, usegmt=True)
    headers = {"ETag": etag, "Last-Modified": modified, "Cache-Control": "max-age=0"} if validators else {}
    fresh = validators and (req.headers.get("If-None-Match") == etag or
                            (not req.headers.get("If-None-Match") and req.headers.get("If-Modified-Since") == modified))
    with st.lock:
        st.count(name, "not_modified" if fresh else "full")
    if fresh:
        req.send_response(304)
        for k, v in headers.items():
            req.send_header(k, v)
        req.end_headers()
        return
    req.send_bytes(200, body, "image/png", headers)


def set_cfg(req, path, query):
    cfg = json.loads(req.read_body() or b"{}")
    st = state(req)
    with st.lock:
        st.cfg.setdefault(cfg.get("name", ""), {}).update({k: v for k, v in cfg.items() if k != "name"})
    req.send_json(200, {"ok": True})


def counts(req, path, query):
    st = state(req)
    with st.lock:
        req.send_json(200, st.counts)


def register(router):
    router.prefix("/cached/", methods=("GET",))(serve)
    router.route("/_cached/set", methods=("POST",))(set_cfg)
    router.route("/_cached/counts")(counts)
