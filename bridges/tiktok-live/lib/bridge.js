// Linkon TikTok LIVE bridge — ties a TikTok LIVE client to the bridge
// protocol server: connects, maps each event once, reconnects with backoff.
// SPDX-License-Identifier: GPL-2.0-or-later
//
// The client is injected: anything with connect(): Promise, disconnect():
// Promise and the events of tiktok-live-connector 2.x's TikTokLiveConnection
// ('gift', 'chat', 'like', 'follow', 'share', 'roomUser', 'oecLiveShopping',
// 'connected', 'disconnected', 'streamEnd', 'error'). index.js passes the
// real one; the tests pass a fake that replays recorded event sequences.
'use strict';

const { TikTokMapper } = require('./map');
const { BridgeServer, EventLog } = require('./server');

const ROOM_EVENTS = ['gift', 'chat', 'like', 'follow', 'share', 'roomUser', 'oecLiveShopping'];

class Bridge {
	// opts: {client, token, port?, history?, heartbeatMs?, retryMs?,
	//        backoffMinMs?, backoffMaxMs?, logger?}
	constructor(opts) {
		this.client = opts.client;
		this.logger = opts.logger || { info() {}, warn() {} };
		this.mapper = new TikTokMapper();
		this.log = new EventLog({ history: opts.history });
		this.server = new BridgeServer({
			token: opts.token,
			log: this.log,
			heartbeatMs: opts.heartbeatMs,
			retryMs: opts.retryMs,
			status: () => this.statusDoc(),
		});
		this.port = opts.port || 0;
		this.backoffMin = opts.backoffMinMs || 1000;
		this.backoffMax = opts.backoffMaxMs || 60000;
		this.failures = 0;
		this.connected = false;
		this.stopped = false;
		this.lastError = '';
		this.timer = null;
		for (const name of ROOM_EVENTS) this.client.on(name, (data) => this.onRoomEvent(name, data));
		this.client.on('connected', () => {
			this.connected = true;
			this.failures = 0;
			this.lastError = '';
			this.logger.info('connected to the live room');
		});
		this.client.on('disconnected', () => this.onLost('the live room connection closed'));
		this.client.on('streamEnd', () => this.onLost('the LIVE ended'));
		this.client.on('error', (e) => {
			this.lastError = describe(e);
		});
	}

	statusDoc() {
		return {
			platform: 'tiktok',
			connected: this.connected,
			error: this.lastError || undefined,
			events: this.log.next - 1,
			mapped: this.mapper.stats,
		};
	}

	onRoomEvent(name, data) {
		let out;
		try {
			out = this.mapper.map(name, data || {});
		} catch (e) {
			this.logger.warn(`skipped a '${name}' event: ${describe(e)}`);
			return;
		}
		for (const ev of out) this.server.publish(ev.type, ev.data);
	}

	async start() {
		this.port = await this.server.listen(this.port);
		this.connect();
		return this.port;
	}

	connect() {
		if (this.stopped) return;
		this.timer = null;
		Promise.resolve()
			.then(() => this.client.connect())
			.then(() => {
				this.connected = true;
				this.failures = 0;
			})
			.catch((e) => this.onLost(`could not connect: ${describe(e)}`));
	}

	onLost(why) {
		this.connected = false;
		this.lastError = why;
		if (this.stopped || this.timer) return;
		this.failures++;
		const base = Math.min(this.backoffMax, this.backoffMin * 2 ** Math.min(this.failures - 1, 16));
		const delay = Math.round(base / 2 + (Math.random() * base) / 2);
		this.logger.warn(`${why}; trying again in ${Math.round(delay / 1000)} s`);
		this.timer = setTimeout(() => this.connect(), delay);
	}

	async stop() {
		this.stopped = true;
		clearTimeout(this.timer);
		try {
			await this.client.disconnect();
		} catch (e) {
			// leaving anyway
		}
		await this.server.close();
	}
}

function describe(e) {
	if (!e) return 'unknown error';
	const msg = e.message || (e.exception && e.exception.message) || e.info || String(e);
	return String(msg).replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, 200);
}

module.exports = { Bridge, ROOM_EVENTS };
