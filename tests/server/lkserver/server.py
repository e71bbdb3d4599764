# Linkon test server — building and running the server.
# SPDX-License-Identifier: GPL-2.0-or-later

import http.server
import os
import sys
import threading

from . import audit, basic, bridge, cached, faults, shopify, tiktok_shop, twitch, youtube
from .app import Handler, Router

# every area of the server; each has register(router)
AREAS = (audit, basic, cached, faults, shopify, bridge, tiktok_shop, twitch, youtube)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # many clients connect at once (parallel tests)

    def __init__(self, options):
        self.options = options
        self.router = Router()
        for area in AREAS:
            area.register(self.router)
        super().__init__(("127.0.0.1", options.port), Handler)

    def handle_error(self, request, client_address):
        # a client that hangs up (cancelled, timed out) is not an error here
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def write_port_file(path, port):
    """Written whole (rename), so a reader never sees half a number."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.replace(tmp, path)


def watch_stdin(server):
    """Stops the server when stdin closes (the parent process died)."""

    def run():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        server.shutdown()

    threading.Thread(target=run, name="stdin-watch", daemon=True).start()


def run(options):
    server = Server(options)
    port = server.server_address[1]
    if options.port_file:
        write_port_file(options.port_file, port)
    if options.verbose:
        print("lk-test-server: listening on 127.0.0.1:%d" % port, file=sys.stderr)
    if options.exit_on_stdin_close:
        watch_stdin(server)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
