// Test helpers: a fake TikTok LIVE client that replays recorded event
// sequences, and an SSE reader that consumes the bridge's stream the way
// Linkon does (resume with Last-Event-ID, drop ids already handled, honour
// resync).
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

const { EventEmitter } = require('node:events');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

function fixture(name) {
	return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')).events;
}

// Stands in for tiktok-live-connector's TikTokLiveConnection.
class FakeClient extends EventEmitter {
	constructor() {
		super();
		this.connects = 0;
		this.failNext = 0; // connect() calls that fail before one succeeds
		this.isConnected = false;
	}
	async connect() {
		this.connects++;
		if (this.failNext > 0) {
			this.failNext--;
			throw new Error('LIVE has ended or the user is offline');
		}
		this.isConnected = true;
		this.emit('connected', { isConnected: true, roomId: '7390000000000000001' });
	}
	async disconnect() {
		this.isConnected = false;
	}
	// Replays [name, data] pairs; "$disconnect" drops the connection (the
	// bridge reconnects), "$connect" waits for that reconnect.
	async play(events, waitConnected) {
		for (const [name, data] of events) {
			if (name === '$disconnect') {
				this.isConnected = false;
				this.emit('disconnected', { code: 1006, reason: 'dropped' });
			} else if (name === '$connect') {
				await waitConnected();
			} else {
				this.emit(name, structuredClone(data));
			}
		}
	}
}

function until(cond, timeoutMs = 20000, what = 'condition') {
	const start = Date.now();
	return new Promise((resolve, reject) => {
		const poll = () => {
			if (cond()) return resolve();
			if (Date.now() - start > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
			setTimeout(poll, 5);
		};
		poll();
	});
}

// Reads the bridge's stream like Linkon's connector: first the state (for
// the position), then the stream from there; after a drop it reconnects
// with the id of the last event it handled, and drops ids it has handled.
class LinkonLikeReader {
	constructor(port, token) {
		this.port = port;
		this.token = token;
		this.seen = new Set();
		this.events = []; // {id, type, data}
		this.resumeId = null;
		this.connects = 0;
		this.resyncs = 0;
		this.replayed = 0;
		this.stopped = false;
		this.req = null;
	}

	get(pathname, headers = {}) {
		return new Promise((resolve, reject) => {
			const req = http.get(
				{ host: '127.0.0.1', port: this.port, path: pathname, headers: { Authorization: `Bearer ${this.token}`, ...headers } },
				(res) => {
					let body = '';
					res.setEncoding('utf8');
					res.on('data', (c) => (body += c));
					res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
				}
			);
			req.on('error', reject);
		});
	}

	async start() {
		const st = await this.get('/v1/state');
		this.resumeId = JSON.parse(st.body).eventId;
		this.open();
	}

	open() {
		if (this.stopped) return;
		this.connects++;
		const headers = { Authorization: `Bearer ${this.token}`, Accept: 'text/event-stream' };
		if (this.resumeId) headers['Last-Event-ID'] = this.resumeId;
		this.req = http.get({ host: '127.0.0.1', port: this.port, path: '/v1/events', headers }, (res) => {
			let buf = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => {
				buf += chunk;
				let i;
				while ((i = buf.indexOf('\n\n')) >= 0) {
					this.frame(buf.slice(0, i));
					buf = buf.slice(i + 2);
				}
			});
			const again = () => setTimeout(() => this.open(), 1);
			res.on('close', again);
			res.on('error', () => {});
		});
		this.req.on('error', () => setTimeout(() => this.open(), 10));
	}

	frame(text) {
		let id = null;
		let type = 'message';
		let data = '';
		for (const line of text.split('\n')) {
			if (line.startsWith(':')) continue;
			const c = line.indexOf(':');
			const field = c < 0 ? line : line.slice(0, c);
			const value = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
			if (field === 'id') id = value;
			else if (field === 'event') type = value;
			else if (field === 'data') data += (data ? '\n' : '') + value;
		}
		if (!data && type === 'message') return;
		if (type === 'resync') {
			this.resyncs++;
			this.seen.clear();
			return;
		}
		if (id) {
			if (this.seen.has(id)) {
				this.replayed++;
				return;
			}
			this.seen.add(id);
			this.resumeId = id;
		}
		this.events.push({ id, type, data: JSON.parse(data) });
	}

	stop() {
		this.stopped = true;
		if (this.req) this.req.destroy();
	}
}

module.exports = { FakeClient, LinkonLikeReader, fixture, until };
