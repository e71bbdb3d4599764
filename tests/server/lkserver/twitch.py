# Linkon test server — a Twitch fake: EventSub WebSocket on two ports,
# Helix EventSub subscriptions, OAuth device flow / refresh / validate.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Written from ../shared/platforms/twitch-eventsub.md; Python stdlib only,
# 127.0.0.1 only. The WebSocket side is a minimal RFC 6455 server written
# here (handshake, frames, ping/pong, close codes); it listens on two ports
# of its own (session_reconnect sends the client to the other one), started
# with the first /_twitch/ call.
#
# HTTP paths (on the test server's own port):
#   POST/GET/DELETE /helix/eventsub/subscriptions   Helix (Bearer token + Client-Id)
#   POST /oauth2/device, POST /oauth2/token, GET /oauth2/validate
#   POST /_twitch/<op>   control (JSON body), answers JSON:
#     setup {keepalive_s, enforce_subscribe, ping_s, interval_s, pending}
#                       -> {ws1, ws2, url}; resets the state
#     state             -> sessions, subscriptions, counters
#     notify {type, event?, id?, dup?, both?} -> {delivered, id}
#                       one notification to the session holding type's subscription
#     burst {n, dup_every, reconnect_at, drop_at[], close_at[], code}
#                       n numbered notifications in the background (see burst())
#     reconnect {dup_id?} session_reconnect to the other port
#     close {code}      closes the live sessions with code
#     drop              closes the live sessions' TCP without a close frame
#     silence           no more keepalives on the live sessions
#     revoke {type, status}
#     expire_token      the current access token stops working (401)
#     helix_fault {status, times, reset_in_s} the next subscription POSTs answer status
#     helix_delay {s}   Helix answers wait s seconds
#     scopes {scopes}   the scopes of tokens issued from now on (also the current one)

import base64
import hashlib
import json
import socket
import struct
import threading
import time
import traceback
import urllib.parse
import uuid

from .app import per_server

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
ALL_SCOPES = ["bits:read", "channel:read:subscriptions", "moderator:read:followers", "user:read:chat"]
SCOPE_OF = {
    "channel.cheer": "bits:read",
    "channel.subscribe": "channel:read:subscriptions",
    "channel.subscription.gift": "channel:read:subscriptions",
    "channel.subscription.message": "channel:read:subscriptions",
    "channel.follow": "moderator:read:followers",
    "channel.chat.message": "user:read:chat",
    "channel.raid": None,
}
BROADCASTER = {"id": "1001", "login": "linkonshop", "name": "LinkonShop"}
CLIENT_ID = "linkon-test-client"


def now_rfc3339():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%09dZ" % int((t % 1) * 1e9)


# ---- RFC 6455 ------------------------------------------------------------------


def frame(opcode, payload):
    n = len(payload)
    head = bytes([0x80 | opcode])
    if n < 126:
        head += bytes([n])
    elif n < 65536:
        head += bytes([126]) + struct.pack("!H", n)
    else:
        head += bytes([127]) + struct.pack("!Q", n)
    return head + payload


def read_exact(sock, n):
    """n bytes; socket.timeout only when none of them came yet."""
    buf = b""
    while len(buf) < n:
        try:
            chunk = sock.recv(n - len(buf))
        except socket.timeout:
            if not buf:
                raise
            continue
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    return buf


def read_frame(sock):
    """(opcode, payload) of one client frame (masked, as RFC 6455 requires)."""
    b0, b1 = read_exact(sock, 2)
    opcode = b0 & 0x0F
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack("!H", read_exact(sock, 2))[0]
    elif n == 127:
        n = struct.unpack("!Q", read_exact(sock, 8))[0]
    mask = read_exact(sock, 4) if b1 & 0x80 else b"\0\0\0\0"
    data = bytearray(read_exact(sock, n)) if n else bytearray()
    for i in range(n):
        data[i] ^= mask[i % 4]
    return opcode, bytes(data)


class Session:
    def __init__(self, tw, sock, port, reconnect_of):
        self.tw = tw
        self.sock = sock
        self.port = port
        self.id = uuid.uuid4().hex
        self.lock = threading.Lock()
        self.alive = True
        self.welcomed_at = 0.0
        self.last_sent = time.time()
        self.keepalive = True
        self.reconnect_of = reconnect_of  # the session this one takes over from
        self.reconnect_sent = False
        self.dead_at = 0.0

    def send_raw(self, data, message=True):
        """message: a data frame (it resets the keepalive timer; pings do not)."""
        with self.lock:
            if not self.alive:
                return False
            try:
                self.sock.sendall(data)
                if message:
                    self.last_sent = time.time()
                return True
            except OSError:
                self.alive = False
                return False

    def send_json(self, obj):
        return self.send_raw(frame(0x1, json.dumps(obj).encode("utf-8")))

    # Both ways of ending keep what was sent: nothing is sent after them, the
    # socket's write side ends (FIN after the data), and serve() reads on
    # until the client hangs up, so a close with unread data (an RST, which
    # throws away what the client has not read yet) never happens. What the
    # fake counts as delivered did reach the client.

    def close(self, code, reason=""):
        with self.lock:
            if not self.alive:
                return
            try:
                self.sock.sendall(frame(0x8, struct.pack("!H", code) + reason.encode()))
            except OSError:
                pass
            self.alive = False
            self.dead_at = time.time()
            try:
                self.sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        self.tw.count("close_%d" % code)

    def drop(self):
        """The TCP connection ends without a close frame."""
        with self.lock:
            self.alive = False
            self.dead_at = time.time()
            try:
                self.sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass


class Twitch:
    def __init__(self):
        self.lock = threading.RLock()
        self.cond = threading.Condition(self.lock)
        self.listeners = []
        self.ports = []
        self.reset({})
        for _ in range(2):
            ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            ls.bind(("127.0.0.1", 0))
            ls.listen(64)
            self.listeners.append(ls)
            self.ports.append(ls.getsockname()[1])
            threading.Thread(target=self.accept_loop, args=(ls,), daemon=True).start()
        threading.Thread(target=self.ticker, daemon=True).start()

    def reset(self, cfg):
        with self.lock:
            self.keepalive_s = int(cfg.get("keepalive_s", 10))
            self.enforce_subscribe = bool(cfg.get("enforce_subscribe", True))
            self.ping_s = float(cfg.get("ping_s", 5))
            self.interval_s = int(cfg.get("interval_s", 1))
            self.pending = int(cfg.get("pending", 2))
            self.reconnect_grace_s = float(cfg.get("reconnect_grace_s", 30))
            self.sessions = getattr(self, "sessions", {})
            for s in list(self.sessions.values()):
                s.drop()
            self.sessions = {}
            self.subs = {}  # id -> {type, session, ...}
            self.counters = {}
            self.access = {"at-0": list(ALL_SCOPES)}
            self.refresh = {"rt-0"}
            self.token_serial = 0
            self.scopes = list(ALL_SCOPES)
            self.devices = {}
            self.helix_faults = []  # [status, reset_in_s]
            self.helix_delay = 0.0
            self.bursts = {}
            self.moving = set()  # sessions sent a session_reconnect whose successor has not connected
            self.delivered_ids = []

    def count(self, name, n=1):
        with self.lock:
            self.counters[name] = self.counters.get(name, 0) + n

    # ---- WebSocket side ----

    def accept_loop(self, ls):
        port = ls.getsockname()[1]
        while True:
            try:
                conn, _ = ls.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn, port), daemon=True).start()

    def handshake(self, conn):
        conn.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                return None
            data += chunk
            if len(data) > 65536:
                return None
        lines = data.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
        target = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        key = headers.get("sec-websocket-key")
        url = urllib.parse.urlsplit(target)
        if not key or url.path != "/ws" or "websocket" not in headers.get("upgrade", "").lower():
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            return None
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        conn.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Accept: %s\r\n\r\n" % accept
            ).encode()
        )
        q = urllib.parse.parse_qs(url.query)
        return q.get("reconnect_id", [""])[-1]

    def serve(self, conn, port):
        try:
            rid = self.handshake(conn)
        except OSError:
            rid = None
        if rid is None:
            conn.close()
            return
        with self.lock:
            old = self.sessions.get(rid) if rid else None
            if rid and old is None:
                self.count("bad_reconnect")
        s = Session(self, conn, port, old)
        if rid and old is None:
            s.close(4007, "invalid reconnect")
            conn.close()
            return
        with self.lock:
            self.sessions[s.id] = s
            self.count("connections")
            if old is not None:
                self.count("reconnected")
        s.welcomed_at = time.time()
        s.send_json(
            {
                "metadata": self.meta("session_welcome"),
                "payload": {
                    "session": {
                        "id": s.id,
                        "status": "connected",
                        "connected_at": now_rfc3339(),
                        "keepalive_timeout_seconds": self.keepalive_s,
                        "reconnect_url": None,
                    }
                },
            }
        )
        if old is not None:
            # the subscriptions move to the new session, the old one closes
            with self.lock:
                for sub in self.subs.values():
                    if sub["session"] == old.id:
                        sub["session"] = s.id
                self.moving.discard(old.id)
                dup = getattr(old, "dup_after", None)
            if dup:
                self.send_notification(s, dup[0], dup[1], dup[2])
        conn.settimeout(0.5)
        try:
            while s.alive or time.time() - s.dead_at < 5:
                try:
                    op, data = read_frame(conn)
                except socket.timeout:
                    continue
                if op == 0x8:
                    code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else 1005
                    if s.alive:
                        self.count("client_close_%d" % code)
                    s.close(1000)
                    break
                if op == 0x9:
                    s.send_raw(frame(0xA, data), message=False)
                elif op == 0xA:
                    self.count("pongs")
                elif s.alive:
                    self.count("client_data_frames")
                    s.close(4001, "client sent inbound traffic")
        except (ConnectionError, OSError, struct.error, ValueError):
            pass
        finally:
            s.alive = False
            with self.lock:
                self.sessions.pop(s.id, None)
                # Twitch: the subscriptions of a socket that is gone are disabled
                for sid in [k for k, v in self.subs.items() if v["session"] == s.id]:
                    del self.subs[sid]
                self.cond.notify_all()
            try:
                conn.close()
            except OSError:
                pass

    def ticker(self):
        while True:
            time.sleep(0.1)
            try:
                self.tick()
            except Exception:  # a fake that stops ticking would look like a client bug
                self.count("ticker_errors")
                traceback.print_exc()

    def tick(self):
        if True:
            now = time.time()
            with self.lock:
                sessions = list(self.sessions.values())
                ka = self.keepalive_s
                enforce = self.enforce_subscribe
                ping_s = self.ping_s
                grace = self.reconnect_grace_s
            for s in sessions:
                if not s.alive:
                    continue
                if s.keepalive and now - s.last_sent >= ka:
                    s.send_json({"metadata": self.meta("session_keepalive"), "payload": {}})
                if ping_s > 0 and now - getattr(s, "last_ping", s.welcomed_at) >= ping_s:
                    s.last_ping = now
                    s.send_raw(frame(0x9, b"lk"), message=False)
                with self.lock:
                    has_sub = any(v["session"] == s.id for v in self.subs.values())
                if enforce and not has_sub and s.reconnect_of is None and now - s.welcomed_at > ka:
                    s.close(4003, "connection unused")
                if s.reconnect_sent and now - s.reconnect_sent > grace:
                    s.close(4004, "reconnect grace time expired")

    def meta(self, mtype, sub_type=None, mid=None):
        m = {"message_id": mid or str(uuid.uuid4()), "message_type": mtype, "message_timestamp": now_rfc3339()}
        if sub_type:
            m["subscription_type"] = sub_type
            m["subscription_version"] = "2" if sub_type == "channel.follow" else "1"
        return m

    def sub_of(self, stype):
        with self.lock:
            for sid, v in self.subs.items():
                if v["type"] == stype:
                    s = self.sessions.get(v["session"])
                    if s and s.alive:
                        return sid, v, s
        return None, None, None

    def send_notification(self, session, stype, event, mid):
        sid = None
        with self.lock:
            for k, v in self.subs.items():
                if v["type"] == stype:
                    sid = k
        body = {
            "metadata": self.meta("notification", stype, mid),
            "payload": {
                "subscription": {"id": sid or "x", "type": stype, "status": "enabled", "cost": 0},
                "event": event,
            },
        }
        return session.send_json(body)

    def notify(self, stype, event, mid=None, dup=False):
        mid = mid or str(uuid.uuid4())
        _, _, s = self.sub_of(stype)
        if s is None:
            self.count("undelivered")
            return False, mid
        ok = self.send_notification(s, stype, event, mid)
        if ok and dup:
            self.send_notification(s, stype, event, mid)
            self.count("duplicates_sent")
        if ok:
            self.count("delivered")
        return ok, mid

    def live_sessions(self):
        with self.lock:
            return [s for s in self.sessions.values() if s.alive]

    def reconnect(self, dup_id=None):
        """session_reconnect on every live session that holds subscriptions."""
        n = 0
        for s in self.live_sessions():
            with self.lock:
                if not any(v["session"] == s.id for v in self.subs.values()):
                    continue
            port = self.ports[1] if s.port == self.ports[0] else self.ports[0]
            url = "ws://127.0.0.1:%d/ws?reconnect_id=%s" % (port, s.id)
            s.reconnect_sent = time.time()
            with self.lock:
                self.moving.add(s.id)
            if dup_id:
                ev = event_for("channel.cheer", 0, dup_id)
                self.send_notification(s, "channel.cheer", ev, dup_id)
                s.dup_after = ("channel.cheer", ev, dup_id)
                self.count("duplicates_sent")
            s.send_json(
                {
                    "metadata": self.meta("session_reconnect"),
                    "payload": {
                        "session": {
                            "id": s.id,
                            "status": "reconnecting",
                            "keepalive_timeout_seconds": None,
                            "reconnect_url": url,
                            "connected_at": now_rfc3339(),
                        }
                    },
                }
            )
            self.count("reconnects_sent")
            n += 1
        return n

    def wait_subscribed(self, stype, timeout):
        end = time.time() + timeout
        with self.lock:
            while time.time() < end:
                for v in self.subs.values():
                    s = self.sessions.get(v["session"])
                    if v["type"] == stype and s and s.alive:
                        return True
                self.cond.wait(0.1)
        return False

    def burst(self, bid, n, dup_every, reconnect_at, drop_at, close_at, code):
        """n notifications numbered 0..n-1 (ids "b<bid>-<i>"), cycling cheer,
        chat, follow; every dup_every-th is sent twice; at reconnect_at a
        session_reconnect (delivery goes on on the old socket until the new
        one is welcomed); at each drop_at the TCP connection is cut, at each
        close_at it is closed with code. An event that finds no subscription
        (the client is reconnecting after a drop) waits for one, up to 60 s:
        a Twitch event in that gap would be lost for good, which is not what
        this test measures."""
        types = ["channel.cheer", "channel.chat.message", "channel.follow"]
        st = self.bursts[bid]
        for i in range(n):
            if i == reconnect_at:
                self.reconnect()
            if i in drop_at or i in close_at:
                # a reconnect still under way would soften the fault: wait until
                # one socket is left (the client closed the old one)
                end = time.time() + 10
                while (len(self.live_sessions()) != 1 or self.moving) and time.time() < end:
                    time.sleep(0.02)
            if i in drop_at:
                for s in self.live_sessions():
                    s.drop()
                self.count("drops")
            if i in close_at:
                for s in self.live_sessions():
                    s.close(code)
            stype = types[i % 3]
            mid = "b%s-%d" % (bid, i)
            ev = event_for(stype, i, mid)
            for _ in range(3):
                if not self.wait_subscribed(stype, 60):
                    st["failed"] = i
                    return
                ok, _ = self.notify(stype, ev, mid, dup=dup_every > 0 and i % dup_every == 0)
                if ok:
                    break
                time.sleep(0.05)
            else:
                st["failed"] = i
                return
            st["sent"] = i + 1
        st["done"] = True


def event_for(stype, i, mid):
    """A plausible event of stype, numbered i."""
    user = {"user_id": "u%d" % (i % 50), "user_login": "viewer%d" % (i % 50), "user_name": "Viewer%d" % (i % 50)}
    b = {"broadcaster_user_id": BROADCASTER["id"], "broadcaster_user_login": BROADCASTER["login"],
         "broadcaster_user_name": BROADCASTER["name"]}
    if stype == "channel.cheer":
        return dict(b, **user, is_anonymous=False, message="Cheer%d go!" % (i % 7 + 1), bits=i % 7 + 1)
    if stype == "channel.chat.message":
        return dict(
            b,
            chatter_user_id=user["user_id"],
            chatter_user_login=user["user_login"],
            chatter_user_name=user["user_name"],
            message_id="chat-" + mid,
            message={"text": "hello %d" % i, "fragments": [{"type": "text", "text": "hello %d" % i}]},
            message_type="text",
            badges=[],
            cheer=None,
            color="#FF0000",
            reply=None,
        )
    if stype == "channel.follow":
        return dict(b, **user, followed_at=now_rfc3339())
    if stype == "channel.raid":
        return {"from_broadcaster_user_id": "r1", "from_broadcaster_user_login": "raider",
                "from_broadcaster_user_name": "Raider", "to_broadcaster_user_id": BROADCASTER["id"],
                "to_broadcaster_user_login": BROADCASTER["login"], "to_broadcaster_user_name": BROADCASTER["name"],
                "viewers": 42}
    if stype == "channel.subscribe":
        return dict(b, **user, tier="1000", is_gift=False)
    if stype == "channel.subscription.gift":
        return dict(b, **user, total=5, tier="1000", cumulative_total=None, is_anonymous=False)
    if stype == "channel.subscription.message":
        return dict(b, **user, tier="2000", message={"text": "again!", "emotes": []}, cumulative_months=7,
                    streak_months=None, duration_months=1)
    return dict(b)


def twitch_of(req):
    return per_server(req, "twitch_fake", Twitch)


# ---- HTTP side ----------------------------------------------------------------------


def json_body(req):
    raw = req.read_body()
    try:
        return json.loads(raw.decode("utf-8")) if raw else {}
    except (ValueError, UnicodeDecodeError):
        return None


def form_body(req):
    raw = req.read_body().decode("utf-8", "replace")
    return {k: v[-1] for k, v in urllib.parse.parse_qs(raw).items()}


def rate_headers(reset_in=1):
    return {"Ratelimit-Limit": "800", "Ratelimit-Remaining": "799", "Ratelimit-Reset": str(int(time.time()) + reset_in)}


def bearer(req, prefix):
    a = req.headers.get("Authorization", "")
    return a[len(prefix):].strip() if a.startswith(prefix) else None


def helix_subscriptions(req, path, query):
    tw = twitch_of(req)
    if req.command == "POST":
        body = json_body(req)
    else:
        req.read_body()
        body = {}
    if tw.helix_delay:
        time.sleep(tw.helix_delay)
    tok = bearer(req, "Bearer ")
    with tw.lock:
        scopes = tw.access.get(tok)
    if req.headers.get("Client-Id") != CLIENT_ID or scopes is None:
        tw.count("helix_401")
        req.send_json(401, {"error": "Unauthorized", "status": 401, "message": "Invalid OAuth token"}, rate_headers())
        return
    if req.command == "GET":
        with tw.lock:
            data = [dict(v, id=k) for k, v in tw.subs.items()]
        req.send_json(200, {"data": data, "total": len(data), "total_cost": 0, "max_total_cost": 10}, rate_headers())
        return
    if req.command == "DELETE":
        with tw.lock:
            gone = tw.subs.pop(query.get("id", ""), None)
        req.send_bytes(204 if gone else 404, b"", headers=rate_headers())
        return
    tw.count("helix_posts")
    with tw.lock:
        fault = tw.helix_faults.pop(0) if tw.helix_faults else None
    if fault:
        status, reset_in = fault
        tw.count("helix_fault_%d" % status)
        msg = {429: "Too Many Requests", 403: "subscription missing proper authorization", 400: "bad request",
               409: "subscription already exists"}.get(status, "internal error")
        req.send_json(status, {"error": "fault", "status": status, "message": msg}, rate_headers(reset_in))
        return
    if not isinstance(body, dict):
        req.send_json(400, {"error": "Bad Request", "status": 400, "message": "invalid JSON"}, rate_headers())
        return
    stype = body.get("type")
    session_id = (body.get("transport") or {}).get("session_id")
    cond = body.get("condition") or {}
    with tw.lock:
        s = tw.sessions.get(session_id)
        if s is None or not s.alive:
            tw.count("helix_400")
            req.send_json(400, {"error": "Bad Request", "status": 400,
                                "message": "websocket transport session does not exist or has already disconnected"},
                          rate_headers())
            return
        if stype not in SCOPE_OF:
            req.send_json(400, {"error": "Bad Request", "status": 400, "message": "unknown type"}, rate_headers())
            return
        want_cond = "to_broadcaster_user_id" if stype == "channel.raid" else "broadcaster_user_id"
        if cond.get(want_cond) != BROADCASTER["id"]:
            req.send_json(400, {"error": "Bad Request", "status": 400, "message": "bad condition"}, rate_headers())
            return
        if SCOPE_OF[stype] and SCOPE_OF[stype] not in scopes:
            tw.count("helix_403")
            req.send_json(403, {"error": "Forbidden", "status": 403,
                                "message": "subscription missing proper authorization"}, rate_headers())
            return
        for v in tw.subs.values():
            if v["type"] == stype and v["session"] == session_id:
                tw.count("helix_409")
                req.send_json(409, {"error": "Conflict", "status": 409, "message": "subscription already exists"},
                              rate_headers())
                return
        sid = str(uuid.uuid4())
        sub = {"type": stype, "version": body.get("version"), "status": "enabled", "condition": cond,
               "session": session_id, "created_at": now_rfc3339(), "cost": 0}
        tw.subs[sid] = sub
        tw.count("subscribed")
        tw.cond.notify_all()
    out = dict(sub, id=sid, transport={"method": "websocket", "session_id": session_id})
    out.pop("session", None)
    req.send_json(202, {"data": [out], "total": len(tw.subs), "total_cost": 0, "max_total_cost": 10}, rate_headers())


def issue_tokens(tw):
    with tw.lock:
        tw.token_serial += 1
        at, rt = "at-%d" % tw.token_serial, "rt-%d" % tw.token_serial
        tw.access[at] = list(tw.scopes)
        tw.refresh.add(rt)
        return {"access_token": at, "refresh_token": rt, "expires_in": 14400, "scope": list(tw.scopes),
                "token_type": "bearer"}


def oauth_device(req, path, query):
    tw = twitch_of(req)
    f = form_body(req)
    if f.get("client_id") != CLIENT_ID:
        req.send_json(400, {"status": 400, "message": "invalid client"})
        return
    code = "dc-%s" % uuid.uuid4().hex
    with tw.lock:
        tw.devices[code] = {"polls": 0}
    tw.count("device_starts")
    req.send_json(200, {"device_code": code, "expires_in": 1800, "interval": tw.interval_s, "user_code": "LKTWITCH",
                        "verification_uri": "https://www.twitch.tv/activate?device-code=LKTWITCH"})


def oauth_token(req, path, query):
    tw = twitch_of(req)
    f = form_body(req)
    if f.get("client_id") != CLIENT_ID:
        req.send_json(400, {"status": 400, "message": "invalid client"})
        return
    grant = f.get("grant_type", "")
    if grant == "refresh_token":
        with tw.lock:
            ok = f.get("refresh_token") in tw.refresh
            if ok:
                tw.refresh.discard(f.get("refresh_token"))  # single use
        if not ok:
            tw.count("refresh_refused")
            req.send_json(400, {"status": 400, "message": "Invalid refresh token"})
            return
        tw.count("refreshes")
        req.send_json(200, issue_tokens(tw))
        return
    if grant == "urn:ietf:params:oauth:grant-type:device_code":
        with tw.lock:
            d = tw.devices.get(f.get("device_code"))
            if d is not None:
                d["polls"] += 1
                pending = d["polls"] <= tw.pending
        tw.count("device_polls")
        if d is None:
            req.send_json(400, {"status": 400, "message": "invalid device code"})
        elif pending:
            req.send_json(400, {"status": 400, "message": "authorization_pending"})
        else:
            with tw.lock:
                tw.devices.pop(f.get("device_code"), None)
            req.send_json(200, issue_tokens(tw))
        return
    req.send_json(400, {"status": 400, "message": "unsupported grant_type"})


def oauth_validate(req, path, query):
    tw = twitch_of(req)
    tok = bearer(req, "OAuth ")
    with tw.lock:
        scopes = tw.access.get(tok)
    tw.count("validates")
    if scopes is None:
        req.send_json(401, {"status": 401, "message": "invalid access token"})
        return
    req.send_json(200, {"client_id": CLIENT_ID, "login": BROADCASTER["login"], "scopes": scopes,
                        "user_id": BROADCASTER["id"], "expires_in": 14000})


def control(req, path, query):
    tw = twitch_of(req)
    op = path[len("/_twitch/"):]
    body = json_body(req) or {}
    if op == "setup":
        tw.reset(body)
        req.send_json(200, {"ws1": tw.ports[0], "ws2": tw.ports[1], "url": "ws://127.0.0.1:%d/ws" % tw.ports[0],
                            "client_id": CLIENT_ID})
    elif op == "state":
        with tw.lock:
            subs = [{"id": k, "type": v["type"], "session": v["session"]} for k, v in tw.subs.items()]
            sessions = [{"id": s.id, "port": s.port, "alive": s.alive} for s in tw.sessions.values()]
            out = {"subs": subs, "sessions": sessions, "counters": dict(tw.counters), "bursts": dict(tw.bursts),
                   "ports": tw.ports}
        req.send_json(200, out)
    elif op == "notify":
        stype = body.get("type", "channel.cheer")
        mid = body.get("id") or str(uuid.uuid4())
        ev = body.get("event") or event_for(stype, int(body.get("i", 1)), mid)
        if not tw.wait_subscribed(stype, float(body.get("wait_s", 0))):
            req.send_json(200, {"delivered": False, "id": mid})
            return
        ok, mid = tw.notify(stype, ev, mid, bool(body.get("dup")))
        req.send_json(200, {"delivered": ok, "id": mid})
    elif op == "burst":
        bid = str(body.get("id", "1"))
        with tw.lock:
            tw.bursts[bid] = {"sent": 0, "done": False, "failed": None}
        args = (bid, int(body.get("n", 100)), int(body.get("dup_every", 0)), int(body.get("reconnect_at", -1)),
                set(body.get("drop_at", [])), set(body.get("close_at", [])), int(body.get("code", 4000)))
        threading.Thread(target=tw.burst, args=args, daemon=True).start()
        req.send_json(200, {"started": bid})
    elif op == "reconnect":
        req.send_json(200, {"sent": tw.reconnect(body.get("dup_id"))})
    elif op == "close":
        code = int(body.get("code", 4000))
        n = 0
        for s in tw.live_sessions():
            s.close(code)
            n += 1
        req.send_json(200, {"closed": n})
    elif op == "drop":
        n = 0
        for s in tw.live_sessions():
            s.drop()
            n += 1
        tw.count("drops")
        req.send_json(200, {"dropped": n})
    elif op == "silence":
        n = 0
        for s in tw.live_sessions():
            s.keepalive = False
            n += 1
        req.send_json(200, {"silenced": n})
    elif op == "revoke":
        stype = body.get("type", "channel.cheer")
        status = body.get("status", "authorization_revoked")
        sid, sub, s = tw.sub_of(stype)
        if s is None:
            req.send_json(200, {"sent": False})
            return
        with tw.lock:
            tw.subs.pop(sid, None)
        s.send_json({"metadata": tw.meta("revocation", stype),
                     "payload": {"subscription": {"id": sid, "status": status, "type": stype, "version": "1",
                                                  "condition": sub["condition"], "cost": 0,
                                                  "transport": {"method": "websocket", "session_id": s.id},
                                                  "created_at": sub["created_at"]}}})
        req.send_json(200, {"sent": True})
    elif op == "expire_token":
        with tw.lock:
            n = len(tw.access)
            tw.access = {}
        req.send_json(200, {"expired": n})
    elif op == "helix_fault":
        with tw.lock:
            for _ in range(int(body.get("times", 1))):
                tw.helix_faults.append((int(body.get("status", 500)), int(body.get("reset_in_s", 1))))
        req.send_json(200, {"queued": len(tw.helix_faults)})
    elif op == "helix_delay":
        tw.helix_delay = float(body.get("s", 0))
        req.send_json(200, {"delay": tw.helix_delay})
    elif op == "scopes":
        with tw.lock:
            tw.scopes = list(body.get("scopes", ALL_SCOPES))
            for k in tw.access:
                tw.access[k] = list(tw.scopes)
        req.send_json(200, {"scopes": tw.scopes})
    else:
        req.send_json(404, {"error": "no such op: %s" % op})


def register(router):
    router.route("/helix/eventsub/subscriptions", methods=("GET", "POST", "DELETE"))(helix_subscriptions)
    router.route("/oauth2/device", methods=("POST",))(oauth_device)
    router.route("/oauth2/token", methods=("POST",))(oauth_token)
    router.route("/oauth2/validate", methods=("GET",))(oauth_validate)
    router.prefix("/_twitch/", methods=("POST",))(control)
