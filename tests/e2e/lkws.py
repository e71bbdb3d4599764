# Linkon end-to-end tests — a small obs-websocket 5 client, Python 3 standard
# library only: the RFC 6455 client handshake and framing, then the
# obs-websocket 5.1 session (Hello → Identify → Identified, Request →
# RequestResponse, Event).
# SPDX-License-Identifier: GPL-2.0-or-later
import base64
import hashlib
import json
import os
import socket
import struct
import time

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA

# obs-websocket 5 opcodes and event subscription bits
OBS_HELLO, OBS_IDENTIFY, OBS_IDENTIFIED, OBS_EVENT, OBS_REQUEST, OBS_RESPONSE = 0, 1, 2, 5, 6, 7
SUB_GENERAL = 1 << 0
SUB_SCENES = 1 << 2
SUB_FILTERS = 1 << 5
SUB_UI = 1 << 10
SUB_VENDORS = 1 << 9


class WsError(Exception):
    pass


class WsClosed(WsError):
    def __init__(self, code, reason):
        super().__init__(f"websocket closed by the server: {code} {reason}")
        self.code = code
        self.reason = reason


def accept_key(key):
    """Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2)."""
    digest = hashlib.sha1((key + WS_GUID).encode("ascii")).digest()
    return base64.b64encode(digest).decode("ascii")


def encode_frame(opcode, payload, fin=True, mask_key=None):
    """One client frame: clients always mask (RFC 6455 §5.3)."""
    if mask_key is None:
        mask_key = os.urandom(4)
    head = bytearray([(0x80 if fin else 0) | opcode])
    n = len(payload)
    if n < 126:
        head.append(0x80 | n)
    elif n < 1 << 16:
        head.append(0x80 | 126)
        head += struct.pack("!H", n)
    else:
        head.append(0x80 | 127)
        head += struct.pack("!Q", n)
    head += mask_key
    masked = bytes(b ^ mask_key[i & 3] for i, b in enumerate(payload))
    return bytes(head) + masked


class WebSocket:
    """A blocking RFC 6455 client over one TCP socket (ws:// only)."""

    def __init__(self, host, port, path="/", protocol=None, timeout=10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        self.closed = False
        self._handshake(host, port, path, protocol)

    def _read_exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise WsError("connection closed by the server")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def _handshake(self, host, port, path, protocol):
        key = base64.b64encode(os.urandom(16)).decode("ascii")
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
        ]
        if protocol:
            lines.append(f"Sec-WebSocket-Protocol: {protocol}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise WsError("connection closed during the handshake")
            self.buf += chunk
            if len(self.buf) > 65536:
                raise WsError("handshake response too long")
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status, *header_lines = head.decode("latin-1").split("\r\n")
        parts = status.split(" ", 2)
        if len(parts) < 2 or parts[1] != "101":
            raise WsError(f"handshake refused: {status!r}")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("upgrade", "").lower() != "websocket":
            raise WsError("handshake: no 'Upgrade: websocket'")
        if "upgrade" not in headers.get("connection", "").lower():
            raise WsError("handshake: no 'Connection: Upgrade'")
        if headers.get("sec-websocket-accept") != accept_key(key):
            raise WsError("handshake: wrong Sec-WebSocket-Accept")
        if protocol and headers.get("sec-websocket-protocol") != protocol:
            raise WsError(f"handshake: server did not accept subprotocol {protocol}")

    def _read_frame(self):
        b0, b1 = self._read_exact(2)
        fin, opcode = bool(b0 & 0x80), b0 & 0x0F
        if b0 & 0x70:
            raise WsError("frame with reserved bits set (no extension was negotiated)")
        n = b1 & 0x7F
        if n == 126:
            (n,) = struct.unpack("!H", self._read_exact(2))
        elif n == 127:
            (n,) = struct.unpack("!Q", self._read_exact(8))
        mask = self._read_exact(4) if b1 & 0x80 else None
        payload = self._read_exact(n)
        if mask:
            payload = bytes(b ^ mask[i & 3] for i, b in enumerate(payload))
        return fin, opcode, payload

    def send_frame(self, opcode, payload, fin=True):
        self.sock.sendall(encode_frame(opcode, payload, fin))

    def send_text(self, text):
        self.send_frame(OP_TEXT, text.encode("utf-8"))

    def recv(self, timeout=None):
        """Next whole data message (str for text, bytes for binary).
        Answers pings; raises WsClosed on a close frame, socket.timeout when
        nothing arrives in time."""
        self.sock.settimeout(timeout)
        parts, first_op = [], None
        while True:
            fin, opcode, payload = self._read_frame()
            if opcode == OP_PING:
                self.send_frame(OP_PONG, payload)
                continue
            if opcode == OP_PONG:
                continue
            if opcode == OP_CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                reason = payload[2:].decode("utf-8", "replace")
                if not self.closed:
                    self.closed = True
                    try:
                        self.send_frame(OP_CLOSE, payload[:2])
                    except OSError:
                        pass
                raise WsClosed(code, reason)
            if opcode == OP_CONT:
                if first_op is None:
                    raise WsError("continuation frame without a first frame")
            elif opcode in (OP_TEXT, OP_BINARY):
                if first_op is not None:
                    raise WsError("new data frame inside a fragmented message")
                first_op = opcode
            else:
                raise WsError(f"unknown opcode {opcode}")
            parts.append(payload)
            if fin:
                data = b"".join(parts)
                return data.decode("utf-8") if first_op == OP_TEXT else data

    def close(self, code=1000):
        if not self.closed:
            self.closed = True
            try:
                self.send_frame(OP_CLOSE, struct.pack("!H", code))
            except OSError:
                pass
        self.sock.close()


class RequestFailed(Exception):
    def __init__(self, request_type, status):
        super().__init__(f"{request_type} failed: code {status.get('code')} {status.get('comment', '')}")
        self.status = status


class ObsClient:
    """obs-websocket 5 session: identify, send requests, collect events."""

    def __init__(self, host, port, subscriptions=SUB_VENDORS, timeout=10.0):
        self.ws = WebSocket(host, port, protocol="obswebsocket.json", timeout=timeout)
        self.timeout = timeout
        self.events = []
        self.next_id = 1
        hello = self._recv_op(OBS_HELLO)
        if hello.get("authentication"):
            raise WsError("the server wants a password; the e2e config turns authentication off")
        self.rpc_version = hello["rpcVersion"]
        self.server_version = hello.get("obsWebSocketVersion")
        self._send(OBS_IDENTIFY, {"rpcVersion": self.rpc_version, "eventSubscriptions": subscriptions})
        self._recv_op(OBS_IDENTIFIED)

    def _send(self, op, data):
        self.ws.send_text(json.dumps({"op": op, "d": data}))

    def _recv_msg(self, timeout):
        msg = json.loads(self.ws.recv(timeout))
        if msg.get("op") == OBS_EVENT:
            self.events.append(msg["d"])
        return msg

    def _recv_op(self, op):
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WsError(f"no message with op {op} in {self.timeout} s")
            msg = self._recv_msg(left)
            if msg.get("op") == op:
                return msg["d"]

    def request(self, request_type, data=None, check=True):
        """Sends a request and returns its responseData (dict, {} when none).
        With check, a failed requestStatus raises RequestFailed."""
        rid = str(self.next_id)
        self.next_id += 1
        body = {"requestType": request_type, "requestId": rid}
        if data is not None:
            body["requestData"] = data
        self._send(OBS_REQUEST, body)
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WsError(f"no response to {request_type} in {self.timeout} s")
            msg = self._recv_msg(left)
            d = msg.get("d", {})
            if msg.get("op") == OBS_RESPONSE and d.get("requestId") == rid:
                status = d.get("requestStatus", {})
                if check and not status.get("result"):
                    raise RequestFailed(request_type, status)
                return d.get("responseData") or {}

    def vendor(self, vendor_name, request_type, data=None):
        """CallVendorRequest; returns the vendor's own response data.
        (obs-websocket 5.1 refuses an empty requestData object: leave it out.)"""
        body = {"vendorName": vendor_name, "requestType": request_type}
        if data:
            body["requestData"] = data
        res = self.request("CallVendorRequest", body)
        return res.get("responseData") or {}

    def pump(self, seconds):
        """Reads events for a while (they land in self.events)."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                self._recv_msg(left)
            except socket.timeout:
                return

    def vendor_events(self, vendor_name, event_type=None):
        out = []
        for ev in self.events:
            if ev.get("eventType") != "VendorEvent":
                continue
            d = ev.get("eventData", {})
            if d.get("vendorName") == vendor_name and (event_type is None or d.get("eventType") == event_type):
                out.append(d.get("eventData") or {})
        return out

    def close(self):
        self.ws.close()
