#!/usr/bin/env python3
# Linkon — a loopback HTTPS server with a certificate nobody trusts, to check
# that Linkon refuses it. Answers every GET with 200 "ok" and appends each
# request's path to --log (so a test can see that nothing got through).
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   python3 tests/server/lk-tls-server.py --cert C --key K --port-file F --log L
#
# Listens on 127.0.0.1 (a free port, written to F once listening) until stdin
# closes. Python 3 standard library only.

import argparse
import http.server
import os
import ssl
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        with open(self.server.log_path, "a") as f:
            f.write(self.path + "\n")
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main(argv):
    p = argparse.ArgumentParser(description="Linkon loopback HTTPS server (untrusted certificate)")
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    o = p.parse_args(argv)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.log_path = o.log
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(o.cert, o.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    tmp = o.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, o.port_file)

    def watch():
        while sys.stdin.buffer.read(4096):
            pass
        server.shutdown()

    threading.Thread(target=watch, daemon=True).start()
    server.serve_forever(poll_interval=0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
