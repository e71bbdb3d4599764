// The installed tiktok-live-connector (from package.json's exact version)
// still has the client and names the events this bridge listens to, so a
// version change that renames them fails here, offline, not in a live show.
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { ROOM_EVENTS } = require('../lib/bridge');

test('tiktok-live-connector 2.x exports the client and the event names the bridge maps', () => {
	const pkg = require('tiktok-live-connector');
	const version = require('tiktok-live-connector/package.json').version;
	assert.match(version, /^2\./);
	assert.equal(typeof pkg.TikTokLiveConnection, 'function');
	const names = new Set(Object.values(pkg.WebcastEvent));
	for (const name of ROOM_EVENTS) assert.ok(names.has(name), `WebcastEvent has '${name}'`);
	assert.ok(names.has('streamEnd'));
	const control = new Set(Object.values(pkg.ControlEvent));
	for (const name of ['connected', 'disconnected', 'error']) assert.ok(control.has(name), `ControlEvent has '${name}'`);
	const proto = pkg.TikTokLiveConnection.prototype;
	assert.equal(typeof proto.connect, 'function');
	assert.equal(typeof proto.disconnect, 'function');
});

test('the command line: a username and a token are required and checked', () => {
	const { execFileSync } = require('node:child_process');
	const path = require('node:path');
	const run = (args, env = {}) => {
		try {
			execFileSync(process.execPath, [path.join(__dirname, '..', 'index.js'), ...args], {
				env: { PATH: process.env.PATH, ...env },
				stdio: 'pipe',
			});
			return '';
		} catch (e) {
			return String(e.stderr);
		}
	};
	assert.match(run([]), /--user is required/);
	assert.match(run(['--user', 'some one', '--token', 'x'.repeat(20)]), /must be a TikTok username/);
	assert.match(run(['--user', 'seller']), /a token is required/);
	assert.match(run(['--user', 'seller'], { LINKON_BRIDGE_TOKEN: 'short' }), /16\.\.256 printable/);
	assert.match(run(['--user', 'seller', '--token', 'x'.repeat(20), '--port', '70000']), /--port must be/);
});
