#!/usr/bin/env node
// Linkon TikTok LIVE bridge: serves a TikTok user's LIVE room (gifts with
// streaks, likes, follows, shares, comments, viewers, the product being
// shown) as a Linkon bridge protocol event stream on 127.0.0.1.
//   node bridges/tiktok-live/index.js --user NAME [--port 8787] [--token T]
// See README.md next to this file.
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

const { Bridge } = require('./lib/bridge');

function usage(msg) {
	if (msg) console.error(`linkon-tiktok-live: ${msg}`);
	console.error(
		'usage: node index.js --user TIKTOK_USERNAME [--port 8787] [--token TOKEN]\n' +
			'  The token (the same as in Linkon\'s config) may also come from LINKON_BRIDGE_TOKEN.'
	);
	process.exit(2);
}

function parseArgs(argv) {
	const out = { port: 8787, token: process.env.LINKON_BRIDGE_TOKEN || '' };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const val = () => {
			if (i + 1 >= argv.length) usage(`${a} needs a value`);
			return argv[++i];
		};
		if (a === '--user' || a === '-u') out.user = val();
		else if (a === '--port' || a === '-p') out.port = Number(val());
		else if (a === '--token') out.token = val();
		else if (a === '--help' || a === '-h') usage();
		else usage(`unknown option ${a}`);
	}
	if (!out.user) usage('--user is required');
	out.user = out.user.replace(/^@/, '');
	if (!/^[A-Za-z0-9._]{1,64}$/.test(out.user)) usage('--user must be a TikTok username (letters, digits, . and _)');
	if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) usage('--port must be 0..65535');
	if (!out.token) usage('a token is required: --token or LINKON_BRIDGE_TOKEN (make one, e.g. openssl rand -hex 24)');
	if (!/^[\x21-\x7e]{16,256}$/.test(out.token)) usage('the token must be 16..256 printable ASCII characters, no spaces');
	return out;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const { TikTokLiveConnection } = require('tiktok-live-connector');
	const token = args.token;
	const client = new TikTokLiveConnection(args.user, { processInitialData: true, enableExtendedGiftInfo: false });
	const logger = {
		info: (m) => console.log(`linkon-tiktok-live: ${m}`),
		warn: (m) => console.warn(`linkon-tiktok-live: ${m}`),
	};
	const bridge = new Bridge({ client, token, port: args.port, logger });
	const port = await bridge.start();
	console.log(`linkon-tiktok-live: serving @${args.user}'s LIVE room on http://127.0.0.1:${port}`);
	console.log(
		`linkon-tiktok-live: point Linkon at it: "bridge": {"url": "http://127.0.0.1:${port}", "token": "<the token>"}`
	);
	const stop = () => {
		bridge.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((e) => {
		console.error(`linkon-tiktok-live: ${e && e.message ? e.message : e}`);
		process.exit(1);
	});
}

module.exports = { parseArgs };
