# Linkon test server — the request handler, routing and response helpers.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Routes are plain functions registered on a Router: route(path) for an
# exact path, prefix(path) for everything below it. Each gets the request
# (a Handler) and the parsed query; it writes the whole response itself
# using the helpers on Handler. New areas (commerce API, bridge, SSE) add
# a module with a register(router) function and are listed in server.py.

import http.server
import json
import socket
import threading
import time
import urllib.parse

_PER_SERVER_LOCK = threading.Lock()


def per_server(req, name, make):
    """The server's own object called name, made by make() on first use
    (a test may run several servers, each with its own state)."""
    with _PER_SERVER_LOCK:
        if not hasattr(req.server, name):
            setattr(req.server, name, make())
        return getattr(req.server, name)


class Router:
    def __init__(self):
        self._exact = {}
        self._prefixes = []
        self._before = []

    def before(self, fn):
        """fn(req, path, query) runs before every route; True = it answered."""
        self._before.append(fn)
        return fn

    def route(self, path, methods=("GET",)):
        def add(fn):
            for m in methods:
                self._exact[(m, path)] = fn
            return fn

        return add

    def prefix(self, path, methods=("GET",)):
        def add(fn):
            for m in methods:
                self._prefixes.append((m, path, fn))
            return fn

        return add

    def find(self, method, path):
        fn = self._exact.get((method, path))
        if fn:
            return fn
        # the longest matching prefix wins
        best = None
        for m, p, f in self._prefixes:
            if m == method and path.startswith(p) and (best is None or len(p) > len(best[0])):
                best = (p, f)
        return best[1] if best else None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "LinkonTestServer/1"

    # set by the server: .router (Router), .options (argparse namespace)

    def log_message(self, fmt, *args):
        if getattr(self.server.options, "verbose", False):
            super().log_message(fmt, *args)

    def _dispatch(self):
        url = urllib.parse.urlsplit(self.path)
        self.query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        try:
            for hook in self.server.router._before:
                if hook(self, url.path, self.query):
                    return
            fn = self.server.router.find(self.command, url.path)
            if fn is None:
                self.send_text(404, "no such path: %s\n" % url.path)
                return
            fn(self, url.path, self.query)
        except (BrokenPipeError, ConnectionResetError):
            # the client went away mid-response (cancelled, timed out)
            self.close_connection = True

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def do_HEAD(self):
        self._dispatch()

    def do_PUT(self):
        self._dispatch()

    def do_DELETE(self):
        self._dispatch()

    def date_time_string(self, timestamp=None):
        """The Date header; the server's clock may be skewed on purpose
        (server.skew_ms, set by the bridge area's fault knobs)."""
        if timestamp is None:
            timestamp = time.time() + getattr(self.server, "skew_ms", 0) / 1000.0
        return super().date_time_string(timestamp)

    # ---- response helpers ------------------------------------------------

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def send_bytes(self, status, body, content_type="application/octet-stream", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_text(self, status, text, headers=None):
        self.send_bytes(status, text.encode("utf-8"), "text/plain; charset=utf-8", headers)

    def send_json(self, status, value, headers=None):
        body = json.dumps(value, sort_keys=True).encode("utf-8")
        self.send_bytes(status, body, "application/json", headers)

    def send_redirect(self, location, status=302):
        self.send_text(status, "see %s\n" % location, {"Location": location})

    def write_chunk(self, data):
        """One chunk of a Transfer-Encoding: chunked body (b"" ends it)."""
        self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")

    def drop_connection(self):
        """Closes the socket at once, whatever was promised."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def query_int(query, name, default, lo=0, hi=1 << 40):
    try:
        v = int(query.get(name, default))
    except ValueError:
        v = default
    return max(lo, min(hi, v))
