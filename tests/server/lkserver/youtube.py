# Linkon test server — a YouTube Data API v3 live chat fake and an OAuth 2.0
# device-flow fake (Google's shape, plus Twitch's for the generic device-flow
# test).
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   GET  /youtube/v3/liveBroadcasts?part=snippet,status&broadcastStatus=active&broadcastType=all
#   GET  /youtube/v3/videos?part=liveStreamingDetails&id=VIDEO
#   GET  /youtube/v3/channels?part=snippet&mine=true      the signed-in channel's title
#   GET  /youtube/v3/liveChat/messages?liveChatId=…&part=…[&pageToken=…]
#        history on the first call (no pageToken), pollingIntervalMillis,
#        nextPageToken; polled sooner than half the interval: 403
#        rateLimitExceeded; after the chat ended: chatEndedEvent + offlineAt,
#        then 403 liveChatEnded
#   POST /device/code, /token                    Google's device flow + refresh
#   POST /_yt/twitch/oauth2/device, /_yt/twitch/oauth2/token   Twitch's shapes
#   POST /_yt/config    JSON: see YouTube.configure
#   POST /_yt/messages  JSON {"messages": [spec, …]}: appended to the chat (see add_spec)
#   POST /_yt/faults    JSON {"faults": [...]}: for the next liveChat/messages calls
#   POST /_yt/oauth     JSON: see OAuth.configure
#   POST /_yt/issue     a fresh access + refresh token pair (tests that start signed in)
#   POST /_yt/expire    every access token is refused from now (401 until a refresh)
#   POST /_yt/end       the chat ends (chatEndedEvent, offlineAt, no live broadcast)
#   GET  /_yt/stats     counters, quota units, poll gaps, the current tokens
#
# API calls need "Authorization: Bearer <access token>" or key=API_KEY.
# Errors are Google's JSON: {"error": {"code", "message", "errors": [{"domain",
# "reason", "message"}]}}. amountMicros is a string, as YouTube sends it.

import json
import threading
import time

from .app import per_server

API_KEY = "AIzaSy_linkon_test_key_0123456789"
CLIENT_ID = "linkon-test.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-linkon_test_secret"
TWITCH_CLIENT_ID = "linkontwitchclient0123456789"
VIDEO_ID = "linkonVid001"
CHAT_ID = "Cg0KC2xpbmtvbi1jaGF0"
CHANNEL_ID = "UClinkonChannel00000000"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
API_FAULTS = ("quota", "rate", "429", "401", "404", "ended", "disabled", "500", "drop", "html")
QUOTA_COST = {"liveBroadcasts": 1, "videos": 1, "messages": 5}


def google_error(code, reason, message, domain="youtube.liveChat"):
    return {"error": {"code": code, "message": message,
                      "errors": [{"domain": domain, "reason": reason, "message": message}]}}


class OAuth:
    """One authorization server; flavor "google" or "twitch" shapes the answers."""

    def __init__(self):
        self.lock = threading.Lock()
        self.serial = 0
        self.configure({})

    def configure(self, cfg):
        """pending (428/400 answers before approval, default 2), slow_down (poll
        numbers, 1-based, answered slow_down), deny, expires_in (s),
        interval (s), refresh_invalid (every refresh: invalid_grant),
        rotate (refresh tokens single-use; default: twitch yes, google no),
        access_ttl (s), fail_device (HTTP status for /device/code)."""
        with self.lock:
            self.pending = int(cfg.get("pending", 2))
            self.slow_down = set(int(x) for x in cfg.get("slow_down", []))
            self.deny = bool(cfg.get("deny", False))
            self.expires_in = int(cfg.get("expires_in", 1800))
            self.interval = int(cfg.get("interval", 5))
            self.refresh_invalid = bool(cfg.get("refresh_invalid", False))
            self.rotate = cfg.get("rotate")
            self.access_ttl = int(cfg.get("access_ttl", 3600))
            self.fail_device = int(cfg.get("fail_device", 0))
            self.devices = {}
            self.access = set()
            self.refresh = set()
            self.last_access = None
            self.last_refresh = None
            self.poll_times = []
            self.counts = {"device": 0, "polls": 0, "pending": 0, "slow_down": 0, "too_fast": 0, "tokens": 0,
                           "refreshes": 0, "invalid_grant": 0, "bad_client": 0, "denied": 0, "expired": 0,
                           "bad_secret": 0}

    def issue(self, flavor):
        self.serial += 1
        a = "ya29.linkon_access_%d_%s" % (self.serial, flavor)
        r = "1//linkon_refresh_%d_%s" % (self.serial, flavor)
        self.access.add(a)
        self.refresh.add(r)
        self.last_access, self.last_refresh = a, r
        return a, r

    def stats(self):
        with self.lock:
            gaps = [int((b - a) * 1000) for a, b in zip(self.poll_times, self.poll_times[1:])]
            return {"counts": dict(self.counts), "poll_gaps_ms": gaps, "access_token": self.last_access,
                    "refresh_token": self.last_refresh}


def oauth_of(req):
    return per_server(req, "yt_oauth", OAuth)


def form_of(req):
    import urllib.parse
    body = req.read_body().decode("utf-8", "replace")
    return {k: v[-1] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()}


def oauth_fail(req, flavor, status, code):
    if flavor == "twitch":
        req.send_json(400 if status in (428, 403) else status, {"status": 400 if status in (428, 403) else status,
                                                                 "message": code})
    else:
        req.send_json(status, {"error": code, "error_description": code.replace("_", " ")})


def client_ok(form, flavor):
    if flavor == "twitch":
        return form.get("client_id") == TWITCH_CLIENT_ID
    return form.get("client_id") == CLIENT_ID and form.get("client_secret", CLIENT_SECRET) == CLIENT_SECRET


def device_code(req, flavor):
    o = oauth_of(req)
    form = form_of(req)
    scope = form.get("scopes" if flavor == "twitch" else "scope", "")
    with o.lock:
        o.counts["device"] += 1
        if o.fail_device:
            req.send_json(o.fail_device, {"error": "server_error"})
            return
        if not client_ok(form, flavor):
            o.counts["bad_client"] += 1
            oauth_fail(req, flavor, 401, "invalid_client" if flavor == "google" else "invalid client")
            return
        o.serial += 1
        code = "linkon-device-%d-secretish" % o.serial
        user = "LNK-%04d" % o.serial
        o.devices[code] = {"user_code": user, "issued": time.monotonic(), "polls": 0, "scope": scope}
        out = {"device_code": code, "user_code": user, "expires_in": o.expires_in, "interval": o.interval}
        if flavor == "twitch":
            out["verification_uri"] = "https://www.twitch.tv/activate?public=true&device-code=" + user
        else:
            out["verification_url"] = "https://www.google.com/device"
    req.send_json(200, out)


def token(req, flavor):
    o = oauth_of(req)
    form = form_of(req)
    grant = form.get("grant_type")
    with o.lock:
        if not client_ok(form, flavor):
            o.counts["bad_client"] += 1
            oauth_fail(req, flavor, 401, "invalid_client" if flavor == "google" else "invalid client")
            return
        if grant == DEVICE_GRANT:
            o.counts["polls"] += 1
            o.poll_times.append(time.monotonic())
            d = o.devices.get(form.get("device_code", ""))
            if d is None:
                o.counts["expired"] += 1
                oauth_fail(req, flavor, 400, "invalid device code" if flavor == "twitch" else "invalid_grant")
                return
            d["polls"] += 1
            if time.monotonic() - d["issued"] > o.expires_in:
                o.counts["expired"] += 1
                oauth_fail(req, flavor, 400, "invalid device code" if flavor == "twitch" else "expired_token")
                return
            if d["polls"] in o.slow_down:
                o.counts["slow_down"] += 1
                oauth_fail(req, flavor, 403, "slow_down")
                return
            if o.deny:
                o.counts["denied"] += 1
                oauth_fail(req, flavor, 403, "access_denied")
                return
            if d["polls"] <= o.pending:
                o.counts["pending"] += 1
                oauth_fail(req, flavor, 428, "authorization_pending")
                return
            del o.devices[form["device_code"]]
            a, r = o.issue(flavor)
            o.counts["tokens"] += 1
            scope = d["scope"]
        elif grant == "refresh_token":
            o.counts["refreshes"] += 1
            old = form.get("refresh_token", "")
            if o.refresh_invalid or old not in o.refresh:
                o.counts["invalid_grant"] += 1
                oauth_fail(req, flavor, 400, "Invalid refresh token" if flavor == "twitch" else "invalid_grant")
                return
            rotate = o.rotate if o.rotate is not None else flavor == "twitch"
            a, r = o.issue(flavor)
            o.refresh.discard(r)
            if rotate:
                o.refresh.discard(old)
                o.refresh.add(r)
            else:
                r = None  # Google keeps the old refresh token and sends none
                o.last_refresh = old
            o.counts["tokens"] += 1
            scope = "https://www.googleapis.com/auth/youtube.readonly"
        else:
            oauth_fail(req, flavor, 400, "unsupported_grant_type")
            return
        ttl = o.access_ttl
    out = {"access_token": a, "expires_in": ttl, "token_type": "Bearer" if flavor == "google" else "bearer"}
    if r:
        out["refresh_token"] = r
    out["scope"] = scope.split() if flavor == "twitch" else scope
    req.send_json(200, out)


# ---- the YouTube API ---------------------------------------------------------------


class YouTube:
    def __init__(self):
        self.lock = threading.Lock()
        self.configure({})

    def configure(self, cfg):
        """live (default true), interval_ms (pollingIntervalMillis, default 200),
        page_size (messages per page at most, default 500), overlap (each next
        page repeats this many messages: duplicates), history (text messages
        already in the chat), strict (answer rateLimitExceeded to early polls,
        default true)."""
        with self.lock:
            self.live = bool(cfg.get("live", True))
            self.interval_ms = int(cfg.get("interval_ms", 200))
            self.page_size = int(cfg.get("page_size", 500))
            self.overlap = int(cfg.get("overlap", 0))
            self.strict = bool(cfg.get("strict", True))
            self.messages = []
            self.serial = 0
            self.ended = False
            self.offline_at = None
            self.ended_served = False
            self.faults = []
            self.last_poll = None
            self.poll_gaps = []
            self.units = 0
            self.counts = {"broadcasts": 0, "videos": 0, "channels": 0, "messages": 0, "too_fast": 0, "faults": 0,
                           "unauthorized": 0, "items_served": 0}
            for i in range(int(cfg.get("history", 0))):
                self.add_spec({"type": "text", "text": "old message %d" % i})

    def next_id(self):
        self.serial += 1
        return "LCC.linkon-%06d" % self.serial

    def add_spec(self, spec):
        """One message from a short spec: type text | superchat | supersticker |
        sponsor | milestone | gifting (+ count received events) | deleted |
        retracted | banned | ended | raw (the item as given). Returns its ids."""
        kind = spec.get("type", "text")
        if kind == "raw":
            self.messages.append(spec["item"])
            return [spec["item"].get("id")]
        author = {"channelId": spec.get("author_id", "UCviewer%04d" % (self.serial % 1000)),
                  "channelUrl": "http://www.youtube.com/channel/x",
                  "displayName": spec.get("author", "Viewer"),
                  "profileImageUrl": "https://yt3.ggpht.com/linkon.jpg",
                  "isVerified": False, "isChatOwner": False, "isChatSponsor": False, "isChatModerator": False}
        mid = spec.get("id") or self.next_id()
        sn = {"liveChatId": CHAT_ID, "authorChannelId": author["channelId"],
              "publishedAt": "2026-12-04T12:00:%02d.000000+00:00" % (self.serial % 60), "hasDisplayContent": True}
        ids = [mid]
        if kind == "text":
            sn["type"] = "textMessageEvent"
            sn["textMessageDetails"] = {"messageText": spec.get("text", "hi")}
            sn["displayMessage"] = spec.get("text", "hi")
        elif kind in ("superchat", "supersticker"):
            details = {"amountMicros": str(spec.get("amount_micros", "1000000")),
                       "currency": spec.get("currency", "USD"),
                       "amountDisplayString": spec.get("display", "$1.00"), "tier": int(spec.get("tier", 1))}
            if kind == "superchat":
                sn["type"] = "superChatEvent"
                details["userComment"] = spec.get("comment", "")
                sn["superChatDetails"] = details
            else:
                sn["type"] = "superStickerEvent"
                details["superStickerMetadata"] = {"stickerId": "sticker-1", "altText": spec.get("alt", "Sticker"),
                                                   "altTextLanguage": "en"}
                sn["superStickerDetails"] = details
        elif kind == "sponsor":
            sn["type"] = "newSponsorEvent"
            sn["newSponsorDetails"] = {"memberLevelName": spec.get("level", "Member"), "isUpgrade": False}
        elif kind == "milestone":
            sn["type"] = "memberMilestoneChatEvent"
            sn["memberMilestoneChatDetails"] = {"memberLevelName": spec.get("level", "Member"),
                                                "memberMonth": int(spec.get("months", 3)),
                                                "userComment": spec.get("comment", "")}
        elif kind == "gifting":
            n = int(spec.get("count", 5))
            sn["type"] = "membershipGiftingEvent"
            sn["membershipGiftingDetails"] = {"giftMembershipsCount": n,
                                              "giftMembershipsLevelName": spec.get("level", "Member")}
            self.messages.append({"kind": "youtube#liveChatMessage", "etag": "e", "id": mid, "snippet": sn,
                                  "authorDetails": author})
            for i in range(n):
                rid = self.next_id()
                ids.append(rid)
                rauthor = dict(author, channelId="UCrecipient%04d" % i, displayName="Lucky %d" % i)
                self.messages.append({"kind": "youtube#liveChatMessage", "etag": "e", "id": rid, "authorDetails": rauthor,
                                      "snippet": {"type": "giftMembershipReceivedEvent", "liveChatId": CHAT_ID,
                                                  "authorChannelId": rauthor["channelId"],
                                                  "publishedAt": sn["publishedAt"], "hasDisplayContent": True,
                                                  "giftMembershipReceivedDetails": {
                                                      "memberLevelName": spec.get("level", "Member"),
                                                      "gifterChannelId": author["channelId"],
                                                      "associatedMembershipGiftingMessageId": mid}}})
            return ids
        elif kind == "deleted":
            sn["type"] = "messageDeletedEvent"
            sn["hasDisplayContent"] = False
            sn["messageDeletedDetails"] = {"deletedMessageId": spec["target"]}
        elif kind == "retracted":
            sn["type"] = "messageRetractedEvent"
            sn["hasDisplayContent"] = False
            sn["messageRetractedDetails"] = {"retractedMessageId": spec["target"]}
        elif kind == "banned":
            sn["type"] = "userBannedEvent"
            sn["userBannedDetails"] = {"bannedUserDetails": {"channelId": spec.get("target", "UCx"),
                                                             "displayName": "Troll"},
                                       "banType": "temporary", "banDurationSeconds": 300}
        elif kind == "ended":
            sn["type"] = "chatEndedEvent"
            sn["hasDisplayContent"] = False
        else:
            raise ValueError("unknown message type " + kind)
        self.messages.append({"kind": "youtube#liveChatMessage", "etag": "e", "id": mid, "snippet": sn,
                              "authorDetails": author})
        return ids

    def stats(self):
        with self.lock:
            return {"counts": dict(self.counts), "units": self.units, "poll_gaps_ms": list(self.poll_gaps),
                    "messages": len(self.messages), "live": self.live, "ended": self.ended}


def yt_of(req):
    return per_server(req, "yt_api", YouTube)


def authorized(req, query):
    if query.get("key") == API_KEY:
        return True
    auth = req.headers.get("Authorization", "")
    o = oauth_of(req)
    with o.lock:
        return auth.startswith("Bearer ") and auth[7:] in o.access


def api_error(req, code, reason, message, domain="youtube.liveChat"):
    req.send_json(code, google_error(code, reason, message, domain))


def apply_fault(req, y, fault):
    y.counts["faults"] += 1
    if fault == "quota":
        api_error(req, 403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota.",
                  "youtube.quota")
    elif fault == "rate":
        api_error(req, 403, "rateLimitExceeded", "The request was sent too soon after the previous one.")
    elif fault == "429":
        req.send_json(429, google_error(429, "rateLimitExceeded", "Too many requests.", "global"),
                      {"Retry-After": "1"})
    elif fault == "401":
        o = oauth_of(req)
        with o.lock:
            o.access.clear()
        api_error(req, 401, "authError", "Request had invalid authentication credentials.", "global")
    elif fault == "404":
        api_error(req, 404, "liveChatNotFound", "The live chat that you are trying to retrieve cannot be found.")
    elif fault == "ended":
        api_error(req, 403, "liveChatEnded", "The specified live chat is no longer live.")
    elif fault == "disabled":
        api_error(req, 403, "liveChatDisabled", "Live chat is not enabled for the specified broadcast.")
    elif fault == "500":
        api_error(req, 500, "backendError", "Backend Error", "global")
    elif fault == "html":
        req.send_bytes(200, b"<html>not json</html>", "text/html")
    else:
        req.drop_connection()


def api(req, path, query):
    y = yt_of(req)
    what = path.rsplit("/", 1)[-1]
    with y.lock:
        y.units += QUOTA_COST.get(what, 1)
    if not authorized(req, query):
        with y.lock:
            y.counts["unauthorized"] += 1
        api_error(req, 401, "authError", "Request had invalid authentication credentials.", "global")
        return
    if what == "liveBroadcasts":
        with y.lock:
            y.counts["broadcasts"] += 1
            items = []
            if y.live and not y.ended:
                items.append({"kind": "youtube#liveBroadcast", "id": VIDEO_ID,
                              "snippet": {"title": "Linkon test show", "liveChatId": CHAT_ID,
                                          "channelId": CHANNEL_ID},
                              "status": {"lifeCycleStatus": "live", "privacyStatus": "public"}})
        if query.get("broadcastStatus") != "active" or query.get("broadcastType") != "all":
            api_error(req, 400, "incompatibleParameters", "expected broadcastStatus=active&broadcastType=all",
                      "youtube.liveBroadcast")
            return
        req.send_json(200, {"kind": "youtube#liveBroadcastListResponse", "items": items,
                            "pageInfo": {"totalResults": len(items), "resultsPerPage": 5}})
        return
    if what == "channels":
        with y.lock:
            y.counts["channels"] += 1
        if query.get("mine") != "true" or "key" in query:
            api_error(req, 400, "missingRequiredParameter", "mine=true with a sign-in", "youtube.parameter")
            return
        req.send_json(200, {"kind": "youtube#channelListResponse",
                            "items": [{"id": CHANNEL_ID, "snippet": {"title": "Linkon Test Channel"}}]})
        return
    if what == "videos":
        with y.lock:
            y.counts["videos"] += 1
            items = []
            if query.get("id") == VIDEO_ID:
                details = {"actualStartTime": "2026-12-04T11:00:00Z", "concurrentViewers": "42"}
                if y.live and not y.ended:
                    details["activeLiveChatId"] = CHAT_ID
                items.append({"kind": "youtube#video", "id": VIDEO_ID, "liveStreamingDetails": details})
        req.send_json(200, {"kind": "youtube#videoListResponse", "items": items})
        return
    # liveChat/messages
    if query.get("liveChatId") != CHAT_ID:
        api_error(req, 404, "liveChatNotFound", "The live chat that you are trying to retrieve cannot be found.")
        return
    with y.lock:
        y.counts["messages"] += 1
        now = time.monotonic()
        if y.last_poll is not None:
            y.poll_gaps.append(int((now - y.last_poll) * 1000))
        early = y.strict and y.last_poll is not None and (now - y.last_poll) * 1000 < y.interval_ms * 0.5
        y.last_poll = now
        fault = y.faults.pop(0) if y.faults else None
        if early and fault is None:
            y.counts["too_fast"] += 1
            fault = "rate"
        if fault:
            apply_fault(req, y, fault)
            return
        if y.offline_at and y.ended_served:
            api_error(req, 403, "liveChatEnded", "The specified live chat is no longer live.")
            return
        token = query.get("pageToken", "")
        start = 0
        if token.startswith("pt-"):
            try:
                start = max(0, min(len(y.messages), int(token[3:])))
            except ValueError:
                start = 0
        page = y.messages[start:start + min(y.page_size, int(query.get("maxResults", 500) or 500))]
        end = start + len(page)
        nxt = max(start, end - y.overlap) if page else end
        y.counts["items_served"] += len(page)
        out = {"kind": "youtube#liveChatMessageListResponse", "etag": "e%d" % end,
               "nextPageToken": "pt-%d" % nxt, "pollingIntervalMillis": y.interval_ms,
               "pageInfo": {"totalResults": len(page), "resultsPerPage": len(page)}, "items": page}
        if y.offline_at and end >= len(y.messages):
            out["offlineAt"] = y.offline_at
            y.ended_served = True
    req.send_json(200, out)


def control(req, path, query):
    name = path.rsplit("/", 1)[-1]
    y = yt_of(req)
    o = oauth_of(req)
    if name == "stats":
        req.send_json(200, {"api": y.stats(), "oauth": o.stats()})
        return
    try:
        body = json.loads(req.read_body() or b"{}")
    except ValueError:
        req.send_text(400, "bad JSON\n")
        return
    out = {"ok": True}
    if name == "config":
        y.configure(body)
    elif name == "oauth":
        o.configure(body)
    elif name == "messages":
        with y.lock:
            ids = []
            try:
                for spec in body.get("messages", []):
                    ids.extend(y.add_spec(spec))
            except (KeyError, ValueError) as e:
                req.send_text(400, "bad message: %s\n" % e)
                return
        out["ids"] = ids
    elif name == "faults":
        with y.lock:
            bad = [f for f in body.get("faults", []) if f not in API_FAULTS]
            if bad:
                req.send_text(400, "unknown faults %s\n" % bad)
                return
            y.faults.extend(body.get("faults", []))
    elif name == "issue":
        with o.lock:
            a, r = o.issue("google")
        out = {"access_token": a, "refresh_token": r}
    elif name == "expire":
        with o.lock:
            o.access.clear()
    elif name == "end":
        with y.lock:
            y.add_spec({"type": "ended"})
            y.ended = True
            y.offline_at = "2026-12-04T13:00:00Z"
            y.ended_served = False
    elif name == "live":
        with y.lock:
            y.live = bool(body.get("live", True))
            if y.live and y.ended:
                y.ended = False
                y.offline_at = None
                y.ended_served = False
    req.send_json(200, out)


def register(router):
    router.route("/device/code", methods=("POST",))(lambda req, p, q: device_code(req, "google"))
    router.route("/token", methods=("POST",))(lambda req, p, q: token(req, "google"))
    router.route("/_yt/twitch/oauth2/device", methods=("POST",))(lambda req, p, q: device_code(req, "twitch"))
    router.route("/_yt/twitch/oauth2/token", methods=("POST",))(lambda req, p, q: token(req, "twitch"))
    for what in ("liveBroadcasts", "videos", "channels", "liveChat/messages"):
        router.route("/youtube/v3/" + what, methods=("GET",))(api)
    for name in ("config", "oauth", "messages", "faults", "expire", "end", "live", "issue"):
        router.route("/_yt/" + name, methods=("POST",))(control)
    router.route("/_yt/stats", methods=("GET",))(control)
