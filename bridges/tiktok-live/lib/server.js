// Linkon TikTok LIVE bridge — the Linkon bridge protocol server
// (docs/bridge-protocol.md): the event stream with resume, and the catalog
// and state a room source needs, on 127.0.0.1.
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Stream ids are "<epoch>.<n>": n counts the events of this process from 1,
// epoch tells this process from an earlier one. A Last-Event-ID of another
// epoch (the bridge restarted), or older than the history kept, gets
// `resync` first; otherwise every event after it, then new ones. The state's
// eventId is the last event's id ("<epoch>.0" before the first), so Linkon
// reads the state and opens the stream from there without a gap.
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');

class EventLog {
	constructor(opts = {}) {
		this.epoch = opts.epoch || Date.now().toString(36);
		this.max = opts.history || 100000;
		this.events = []; // {n, type, text}
		this.first = 1; // n of events[0]
		this.next = 1;
		this.products = new Map(); // id -> product, in the order first shown
		this.pinned = null;
		this.version = 0;
	}

	idOf(n) {
		return `${this.epoch}.${n}`;
	}

	lastId() {
		return this.idOf(this.next - 1);
	}

	append(type, data) {
		const n = this.next++;
		this.events.push({ n, type, text: JSON.stringify(data) });
		if (this.events.length > this.max) {
			this.events.shift();
			this.first++;
		}
		if (type === 'catalog-changed' && data.product) {
			this.products.set(data.product.id, data.product);
			this.version++;
		} else if (type === 'pin') {
			this.pinned = data.productId;
			this.version++;
		}
		return n;
	}

	// Events after the stream position `last` (a Last-Event-ID or null):
	// {resync, from} where from is the index in events to send from.
	resume(last) {
		if (last === null || last === undefined) return { resync: false, from: this.events.length };
		const m = /^([0-9a-z]+)\.(\d+)$/.exec(last);
		if (!m || m[1] !== this.epoch) return { resync: true, from: 0 };
		const n = Number(m[2]);
		if (n >= this.next || n < this.first - 1) return { resync: true, from: 0 };
		return { resync: false, from: n - this.first + 1 };
	}

	stateDoc() {
		const cart = [...this.products.keys()];
		return {
			serverTime: Date.now(),
			eventId: this.lastId(),
			cart,
			pinned: this.pinned,
		};
	}
}

function sendJson(res, status, doc, headers = {}) {
	const body = JSON.stringify(doc);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(body),
		'Cache-Control': 'no-store',
		...headers,
	});
	res.end(body);
}

function sendError(res, status, code, message) {
	sendJson(res, status, { error: { code, message } });
}

function tokenOk(req, token) {
	const h = req.headers.authorization || '';
	const m = /^Bearer (\S+)$/.exec(h);
	if (!m) return false;
	const a = Buffer.from(m[1]);
	const b = Buffer.from(token);
	return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function sseFrame(log, ev) {
	return `id: ${log.idOf(ev.n)}\nevent: ${ev.type}\ndata: ${ev.text}\n\n`;
}

class BridgeServer {
	// opts: {token, log: EventLog, heartbeatMs, retryMs, status: () => object}
	constructor(opts) {
		this.token = opts.token;
		this.log = opts.log;
		this.heartbeatMs = opts.heartbeatMs || 15000;
		this.retryMs = opts.retryMs === undefined ? 1000 : opts.retryMs;
		this.status = opts.status || (() => ({}));
		this.clients = new Set();
		this.connects = 0;
		this.lastEventIds = [];
		this.server = http.createServer((req, res) => this.handle(req, res));
		this.server.keepAliveTimeout = 5000;
	}

	listen(port = 0, host = '127.0.0.1') {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				this.heartbeat = setInterval(() => this.beat(), this.heartbeatMs);
				this.heartbeat.unref();
				resolve(this.server.address().port);
			});
		});
	}

	close() {
		clearInterval(this.heartbeat);
		for (const c of this.clients) c.res.destroy();
		this.clients.clear();
		return new Promise((resolve) => this.server.close(() => resolve()));
	}

	// Drops every open stream (tests: a network that drops connections).
	dropStreams() {
		for (const c of this.clients) c.res.destroy();
		this.clients.clear();
	}

	beat() {
		for (const c of this.clients) c.res.write(': heartbeat\n\n');
	}

	// A new event for every open stream.
	publish(type, data) {
		const n = this.log.append(type, data);
		const frame = sseFrame(this.log, this.log.events[this.log.events.length - 1]);
		for (const c of this.clients) c.res.write(frame);
		return n;
	}

	handle(req, res) {
		const url = new URL(req.url, 'http://127.0.0.1');
		const path = url.pathname;
		if (path === '/healthz') return sendJson(res, 200, { ok: true, ...this.status() });
		if (!path.startsWith('/v1/')) return sendError(res, 404, 'not_found', 'No such path');
		if (!tokenOk(req, this.token))
			return sendError(res, 401, 'unauthorized', 'Send Authorization: Bearer <the bridge token>');
		if (req.method === 'GET' && path === '/v1/catalog') return this.catalog(res);
		if (req.method === 'GET' && path === '/v1/state') return this.state(req, res);
		if (req.method === 'GET' && path === '/v1/events') return this.events(req, res);
		if (req.method === 'POST' && path.startsWith('/v1/actions/')) {
			req.resume();
			return sendError(
				res,
				409,
				'not_a_shop',
				'This bridge reads a TikTok LIVE room; pin and sales belong to your shop connector'
			);
		}
		return sendError(res, 404, 'not_found', 'No such path');
	}

	catalog(res) {
		sendJson(res, 200, { products: [...this.log.products.values()].slice(0, 500), nextCursor: null });
	}

	state(req, res) {
		const etag = `"${this.log.epoch}-${this.log.version}-${this.log.next}"`;
		if (req.headers['if-none-match'] === etag) {
			res.writeHead(304, { ETag: etag });
			return res.end();
		}
		sendJson(res, 200, this.log.stateDoc(), { ETag: etag });
	}

	events(req, res) {
		const last = req.headers['last-event-id'];
		this.connects++;
		this.lastEventIds.push(last === undefined ? null : last);
		if (this.lastEventIds.length > 1000) this.lastEventIds.shift();
		res.writeHead(200, {
			'Content-Type': 'text/event-stream',
			'Cache-Control': 'no-cache',
			Connection: 'keep-alive',
		});
		res.write(`retry: ${this.retryMs}\n\n`);
		const { resync, from } = this.log.resume(last === undefined ? null : last);
		if (resync) res.write(`event: resync\ndata: {}\n\n`);
		for (let i = from; i < this.log.events.length; i++) res.write(sseFrame(this.log, this.log.events[i]));
		const client = { res };
		this.clients.add(client);
		const gone = () => this.clients.delete(client);
		req.on('close', gone);
		res.on('error', gone);
	}
}

module.exports = { BridgeServer, EventLog };
