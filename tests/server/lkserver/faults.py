# Linkon test server — fault injection under /fault/ (one handler per fault).
# SPDX-License-Identifier: GPL-2.0-or-later

import gzip
import time

from .app import query_int

BLOCK = 64 * 1024


def gzip_plain_body():
    """The body /fault/gzip sends (before encoding): 200 numbered lines.
    tests/unit/test-net.c builds the same text to compare."""
    return b"".join(b"Linkon gzip line %d\n" % i for i in range(200))


def fault_404(req, path, query):
    req.send_text(404, "not found (fault injected)\n")


def fault_500(req, path, query):
    req.send_text(500, "server error (fault injected)\n")


def fault_slow(req, path, query):
    """bytes=N, delay_ms=M, first=F: announces F + N bytes, sends F at once
    (so a client's file buffer shows them), then one every M ms."""
    n = query_int(query, "bytes", 100)
    first = query_int(query, "first", 0, hi=1 << 20)
    delay = query_int(query, "delay_ms", 100, hi=60000) / 1000.0
    req.send_response(200)
    req.send_header("Content-Type", "application/octet-stream")
    req.send_header("Content-Length", str(first + n))
    req.end_headers()
    if first:
        req.wfile.write(b"f" * first)
        req.wfile.flush()
    for _ in range(n):
        req.wfile.write(b"s")
        req.wfile.flush()
        time.sleep(delay)


def fault_drop(req, path, query):
    """after=N: promises N + 1000 bytes, sends N, closes the connection."""
    n = query_int(query, "after", 1000)
    req.send_response(200)
    req.send_header("Content-Type", "application/octet-stream")
    req.send_header("Content-Length", str(n + 1000))
    req.end_headers()
    req.wfile.write(b"d" * n)
    req.drop_connection()


def fault_huge(req, path, query):
    """bytes=N: streams N bytes; chunked=1 sends no Content-Length."""
    n = query_int(query, "bytes", 10 * 1024 * 1024)
    chunked = query.get("chunked") == "1"
    req.send_response(200)
    req.send_header("Content-Type", "application/octet-stream")
    if chunked:
        req.send_header("Transfer-Encoding", "chunked")
    else:
        req.send_header("Content-Length", str(n))
    req.end_headers()
    left = n
    while left > 0:
        part = b"h" * min(BLOCK, left)
        if chunked:
            req.write_chunk(part)
        else:
            req.wfile.write(part)
        left -= len(part)
    if chunked:
        req.write_chunk(b"")


def fault_redirect(req, path, query):
    """to=URL (default /health), status=30x (default 302)."""
    status = query_int(query, "status", 302, lo=300, hi=308)
    req.send_redirect(query.get("to", "/health"), status)


def fault_redirects(req, path, query):
    """n=K: a chain of K redirects, then a short text body."""
    n = query_int(query, "n", 1, hi=100)
    if n > 0:
        req.send_redirect("/fault/redirects?n=%d" % (n - 1))
    else:
        req.send_text(200, "end of the redirect chain\n")


def fault_redirect_ftp(req, path, query):
    req.send_redirect("ftp://127.0.0.1/x")


def fault_gzip(req, path, query):
    """gzip-encoded when the client accepts it; require=1: 406 otherwise."""
    body = gzip_plain_body()
    accepted = "gzip" in req.headers.get("Accept-Encoding", "").lower()
    if accepted:
        req.send_bytes(200, gzip.compress(body), "text/plain", {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    elif query.get("require") == "1":
        req.send_text(406, "this path needs Accept-Encoding: gzip\n")
    else:
        req.send_bytes(200, body, "text/plain", {"Vary": "Accept-Encoding"})


def fault_status(req, path, query):
    """code=N with a JSON error body; retry_after=S adds "Retry-After: S";
    retry_date=S adds Retry-After as an HTTP-date S seconds after Date;
    pad=N makes the message N bytes longer."""
    code = query_int(query, "code", 503, lo=200, hi=599)
    headers = {}
    if "retry_after" in query:
        headers["Retry-After"] = query["retry_after"]
    if "retry_date" in query:
        now = time.time() + getattr(req.server, "skew_ms", 0) / 1000.0
        headers["Retry-After"] = req.date_time_string(now + query_int(query, "retry_date", 0))
    message = "status %d" % code + "." * query_int(query, "pad", 0, hi=1 << 26)
    req.send_json(code, {"error": {"code": "injected", "message": message}}, headers)


def fault_etag(req, path, query):
    """tag=T: 304 when If-None-Match names "T", else 200 with ETag "T"."""
    tag = '"%s"' % query.get("tag", "v1")
    if req.headers.get("If-None-Match") == tag:
        req.send_response(304)
        req.send_header("ETag", tag)
        req.send_header("Content-Length", "0")
        req.end_headers()
        return
    req.send_json(200, {"tag": tag}, {"ETag": tag})


def fault_sse(req, path, query):
    """n=N events, one every delay_ms, as text/event-stream (chunked), then
    the end of the body; idle_ms=M waits that long after the events."""
    n = query_int(query, "n", 5, hi=100000)
    delay = query_int(query, "delay_ms", 50, hi=60000) / 1000.0
    req.send_response(200)
    req.send_header("Content-Type", "text/event-stream")
    req.send_header("Cache-Control", "no-cache")
    req.send_header("Transfer-Encoding", "chunked")
    req.end_headers()
    req.write_chunk(b": hello\n\n")
    req.wfile.flush()
    for i in range(1, n + 1):
        time.sleep(delay)
        req.write_chunk(b"id: %d\ndata: event %d\n\n" % (i, i))
        req.wfile.flush()
    time.sleep(query_int(query, "idle_ms", 0, hi=60000) / 1000.0)
    req.write_chunk(b"")


FAULTS = {
    "/fault/404": fault_404,
    "/fault/500": fault_500,
    "/fault/slow": fault_slow,
    "/fault/drop": fault_drop,
    "/fault/huge": fault_huge,
    "/fault/redirect": fault_redirect,
    "/fault/redirects": fault_redirects,
    "/fault/redirect-ftp": fault_redirect_ftp,
    "/fault/gzip": fault_gzip,
    "/fault/status": fault_status,
    "/fault/etag": fault_etag,
    "/fault/sse": fault_sse,
}


def register(router):
    for path, fn in FAULTS.items():
        router.route(path, methods=("GET", "HEAD", "POST"))(fn)
