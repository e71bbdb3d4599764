# Linkon test server — plain endpoints: health, header echo, fixture files.
# SPDX-License-Identifier: GPL-2.0-or-later

import mimetypes
import os
import re

SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def health(req, path, query):
    req.send_text(200, "ok\n")


def echo_headers(req, path, query):
    """The request's headers as a JSON object (a repeated header: last wins)."""
    req.send_json(200, {k: v for k, v in req.headers.items()})


def echo_request(req, path, query):
    """The request as JSON: method, path with query, headers, body (text)."""
    body = req.read_body()
    req.send_json(200, {
        "method": req.command,
        "path": req.path,
        "headers": {k: v for k, v in req.headers.items()},
        "body": body.decode("utf-8", "replace"),
    })


def image(req, path, query):
    """/img/<name>: a file from --files (no sub-directories)."""
    name = path[len("/img/"):]
    if not SAFE_NAME.match(name) or name.startswith("."):
        req.send_text(404, "bad file name\n")
        return
    full = os.path.join(req.server.options.files, name)
    try:
        with open(full, "rb") as f:
            body = f.read()
    except OSError:
        req.send_text(404, "no such file: %s\n" % name)
        return
    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    req.send_bytes(200, body, ctype)


def register(router):
    router.route("/health", methods=("GET", "HEAD"))(health)
    router.route("/echo/headers", methods=("GET", "POST"))(echo_headers)
    router.route("/echo/request", methods=("GET", "POST", "PUT", "DELETE"))(echo_request)
    router.prefix("/img/", methods=("GET", "HEAD"))(image)
