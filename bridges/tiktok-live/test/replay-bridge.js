// A bridge on 127.0.0.1 whose TikTok client replays generated room events,
// for tests that consume it with Linkon's own bridge connector
// (tests/unit/tiktok-bridge-linkon.c). Prints "PORT <n>"; then, for every
// line "run <n>" on stdin, emits n events (comments and gifts, half each,
// with duplicate deliveries), drops the stream to Linkon every 701 events
// and the TikTok connection every 2,503 (which replays its last 20
// messages), and prints "DONE <events published>" and "CONNECTS <streams opened>". Exits when stdin closes.
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

const readline = require('node:readline');
const { Bridge } = require('../lib/bridge');
const { FakeClient, until } = require('./helpers');

const token = process.argv[2];

function event(i) {
	const common = { msgId: `7392${String(i).padStart(12, '0')}`, createTime: String(1767225600000 + i) };
	const user = { userId: `u${i % 89}`, nickname: `Viewer ${i % 89}` };
	if (i % 2)
		return ['chat', { common: { ...common, method: 'WebcastChatMessage' }, user, comment: `message ${i}` }];
	return [
		'gift',
		{
			common: { ...common, method: 'WebcastGiftMessage' },
			giftId: 6369,
			user,
			repeatEnd: 0,
			groupId: '0',
			repeatCount: 1,
			giftDetails: { id: 6369, giftName: 'Lion', diamondCount: 2, giftType: 2 },
		},
	];
}

async function run(bridge, client, n) {
	for (let i = 1; i <= n; i++) {
		client.emit(...event(i));
		if (i % 7 === 0) client.emit(...event(i - 2)); // delivered twice
		if (i % 701 === 0) bridge.server.dropStreams();
		if (i % 2503 === 0) {
			const before = client.connects;
			client.emit('disconnected', { code: 1006 });
			await until(() => client.connects > before && client.isConnected, 10000, 'the TikTok reconnect');
			for (let k = Math.max(1, i - 20); k <= i; k++) client.emit(...event(k));
		}
		if (i % 100 === 0) await new Promise((r) => setTimeout(r, 1));
	}
}

async function main() {
	const client = new FakeClient();
	const bridge = new Bridge({ client, token, backoffMinMs: 5, backoffMaxMs: 20, heartbeatMs: 1000, retryMs: 0 });
	const port = await bridge.start();
	process.stdout.write(`PORT ${port}\n`);
	const rl = readline.createInterface({ input: process.stdin });
	rl.on('line', async (line) => {
		const m = /^run (\d+)$/.exec(line.trim());
		if (!m) return;
		await run(bridge, client, Number(m[1]));
		process.stdout.write(`DONE ${bridge.log.next - 1}\n`);
		process.stdout.write(`CONNECTS ${bridge.server.connects}\n`);
	});
	rl.on('close', () => bridge.stop().then(() => process.exit(0)));
}

main().catch((e) => {
	process.stderr.write(`replay-bridge: ${e.stack || e}\n`);
	process.exit(1);
});
