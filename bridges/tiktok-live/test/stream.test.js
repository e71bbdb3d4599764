// The bridge end to end on loopback: a fake TikTok client replays recorded
// sequences, a reader consumes the stream the way Linkon does.
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { Bridge } = require('../lib/bridge');
const { FakeClient, LinkonLikeReader, fixture, until } = require('./helpers');

const TOKEN = 'test-token-0123456789abcdef';

async function startBridge(opts = {}) {
	const client = new FakeClient();
	if (opts.failNext) client.failNext = opts.failNext;
	const bridge = new Bridge({ client, token: TOKEN, backoffMinMs: 5, backoffMaxMs: 20, heartbeatMs: 200, retryMs: 0, ...opts });
	const port = await bridge.start();
	await until(() => client.isConnected, 10000, 'the first connect');
	return { client, bridge, port };
}

// One comment per i: a distinct TikTok message, as the package emits it.
function chat(i) {
	return [
		'chat',
		{
			common: { method: 'WebcastChatMessage', msgId: `7391${String(i).padStart(12, '0')}`, createTime: String(1767225600000 + i) },
			user: { userId: `u${i % 97}`, nickname: `Viewer ${i % 97}`, uniqueId: `viewer${i % 97}` },
			comment: `message ${i}`,
		},
	];
}

test('10,000 events through the stream with forced disconnects on both sides: 0 lost, 0 doubled', async () => {
	const { client, bridge, port } = await startBridge();
	const reader = new LinkonLikeReader(port, TOKEN);
	await reader.start();
	await until(() => bridge.server.clients.size === 1, 10000, 'the stream');

	const N = 10000;
	let drops = 0;
	for (let i = 1; i <= N; i++) {
		client.emit(...chat(i));
		if (i % 5 === 0) client.emit(...chat(i - 3)); // TikTok delivers some twice
		if (i % 701 === 0) {
			// the stream to Linkon drops (once it is open again after the last drop)
			await until(() => bridge.server.clients.size === 1, 10000, 'the stream back');
			bridge.server.dropStreams();
			drops++;
		}
		if (i % 2503 === 0) {
			// the TikTok connection drops, reconnects and replays its recent messages
			const before = client.connects;
			client.emit('disconnected', { code: 1006 });
			await until(() => client.connects > before && client.isConnected, 10000, 'the TikTok reconnect');
			for (let k = Math.max(1, i - 20); k <= i; k++) client.emit(...chat(k));
		}
		if (i % 100 === 0) await new Promise((r) => setTimeout(r, 1));
	}
	await until(() => reader.events.length >= N, 60000, `${N} events (have ${reader.events.length})`);
	await new Promise((r) => setTimeout(r, 300)); // nothing more comes
	reader.stop();
	await bridge.stop();

	const texts = reader.events.map((e) => e.data.text);
	assert.equal(texts.length, N, 'every comment once');
	for (let i = 0; i < N; i++) {
		if (texts[i] !== `message ${i + 1}`) assert.fail(`event ${i} is "${texts[i]}", want "message ${i + 1}"`);
	}
	assert.equal(drops, Math.floor(N / 701));
	assert.ok(reader.connects > drops, `the stream was dropped and resumed (${reader.connects} connects)`);
	assert.equal(reader.resyncs, 0);
	assert.equal(bridge.mapper.stats.duplicates, N / 5 + Math.floor(N / 2503) * 21); // all dropped by the bridge
	assert.ok(bridge.server.lastEventIds.slice(1).every((id) => typeof id === 'string'), 'every reconnect resumed');
});

test('Last-Event-ID resumes after that event; an unknown position gets resync first', async () => {
	const { client, bridge, port } = await startBridge();
	for (const ev of fixture('room.json')) client.emit(ev[0], ev[1]);
	const reader = new LinkonLikeReader(port, TOKEN);
	const st = JSON.parse((await reader.get('/v1/state')).body);
	assert.match(st.eventId, /^[0-9a-z]+\.10$/); // 10 events mapped
	assert.deepEqual(st.cart, ['tt-1729']);
	assert.equal(st.pinned, 'tt-1729');
	const cat = JSON.parse((await reader.get('/v1/catalog')).body);
	assert.equal(cat.products[0].price, 5599);
	assert.equal(cat.nextCursor, null);

	const epoch = st.eventId.split('.')[0];
	const readFrom = async (last, want) => {
		const r = new LinkonLikeReader(port, TOKEN);
		r.resumeId = last;
		r.open();
		await until(() => r.events.length >= want && (r.resyncs > 0 || last !== 'x'), 10000, 'events');
		await new Promise((res) => setTimeout(res, 100));
		r.stop();
		return r;
	};
	let r = await readFrom(`${epoch}.7`, 3);
	assert.deepEqual(
		r.events.map((e) => e.id),
		[`${epoch}.8`, `${epoch}.9`, `${epoch}.10`]
	);
	assert.equal(r.resyncs, 0);
	r = await readFrom(`${epoch}.0`, 10);
	assert.equal(r.events.length, 10);
	assert.equal(r.events[0].type, 'comment');
	// a bridge restarted since (another epoch), or a position from the future
	r = await readFrom(`old1.5`, 10);
	assert.equal(r.resyncs, 1);
	assert.equal(r.events.length, 10);
	r = await readFrom(`${epoch}.99`, 10);
	assert.equal(r.resyncs, 1);

	// every request needs the token; actions are refused in plain words
	const bad = await new LinkonLikeReader(port, 'wrong-token-0123456789').get('/v1/state');
	assert.equal(bad.status, 401);
	assert.equal(JSON.parse(bad.body).error.code, 'unauthorized');
	const etag = (await reader.get('/v1/state')).headers.etag;
	assert.equal((await reader.get('/v1/state', { 'If-None-Match': etag })).status, 304);
	await bridge.stop();
});

test('a room that cannot be reached is tried again with backoff; a streak through a reconnect arrives once', async () => {
	const { client, bridge, port } = await startBridge({ failNext: 3 });
	assert.ok(client.connects >= 4);
	const reader = new LinkonLikeReader(port, TOKEN);
	await reader.start();
	await until(() => bridge.server.clients.size === 1, 10000, 'the stream');
	const before = client.connects;
	await client.play(fixture('streak-reconnect.json'), () =>
		until(() => client.connects > before && client.isConnected, 10000, 'the reconnect')
	);
	await until(() => reader.events.length >= 26, 10000, '26 gifts');
	await new Promise((r) => setTimeout(r, 100));
	assert.equal(reader.events.length, 26);
	assert.equal(reader.events[25].data.streakEnd, true);
	assert.equal(reader.events[25].data.count, 25);
	assert.equal(bridge.statusDoc().connected, true);
	reader.stop();
	await bridge.stop();
});
