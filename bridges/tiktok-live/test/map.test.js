// The TikTok → Linkon mapping on recorded event sequences (fixtures in the
// shapes tiktok-live-connector 2.x emits).
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { TikTokMapper, parsePrice } = require('../lib/map');
const { fixture } = require('./helpers');

function mapAll(events) {
	const m = new TikTokMapper();
	const out = [];
	for (const [name, data] of events) {
		if (!name.startsWith('$')) out.push(...m.map(name, structuredClone(data)));
	}
	return { m, out };
}

test('a streak 1..25 with its end: 26 gifts of one streak, running totals, the last ends it', () => {
	const { out } = mapAll(fixture('streak-25-end.json'));
	assert.equal(out.length, 26);
	const streaks = new Set(out.map((e) => e.data.streak));
	assert.equal(streaks.size, 1);
	assert.deepEqual(
		out.map((e) => e.data.count),
		[...Array.from({ length: 25 }, (_, i) => i + 1), 25]
	);
	assert.equal(out.filter((e) => e.data.streakEnd).length, 1);
	assert.equal(out[25].data.streakEnd, true);
	assert.equal(new Set(out.map((e) => e.data.id)).size, 26);
	const g = out[0].data;
	assert.equal(g.platform, 'tiktok');
	assert.deepEqual(g.gift, { id: '5655', name: 'Rose', value: 1, image: 'https://p16.example.invalid/rose.png' });
	assert.deepEqual(g.sender, {
		id: '6912000000000000001',
		name: 'Mia',
		avatar: 'https://p16.example.invalid/6912000000000000001.webp',
	});
	assert.equal(g.time, 1767225600300);
});

test('a streak 1..25 without its end: 25 gifts, none ends it (Linkon closes it when it goes quiet)', () => {
	const { out } = mapAll(fixture('streak-25-no-end.json'));
	assert.equal(out.length, 25);
	assert.equal(out[24].data.count, 25);
	assert.ok(out.every((e) => e.data.streakEnd === false));
});

test('the same streak step twice, or a step after the end, is mapped once', () => {
	const events = fixture('streak-25-end.json');
	const doubled = events.flatMap((e) => [e, e]); // every message delivered twice
	const late = events[3]; // step 4 arriving after the end
	const { m, out } = mapAll([...doubled, late]);
	assert.equal(out.length, 26);
	assert.equal(m.stats.duplicates, 27);
});

test('a reconnect that replays recent messages maps each step once', () => {
	const { out } = mapAll(fixture('streak-reconnect.json'));
	assert.equal(out.length, 26);
	assert.deepEqual(
		out.map((e) => e.data.count),
		[...Array.from({ length: 25 }, (_, i) => i + 1), 25]
	);
});

test('a new streak of the same gift without a group id starts a new streak id', () => {
	const events = fixture('streak-25-end.json').map(([n, d]) => [n, { ...d, groupId: '0' }]);
	const again = events.slice(0, 3).map(([n, d]) => [n, { ...d, common: { ...d.common, msgId: d.common.msgId + '9' } }]);
	const { out } = mapAll([...events, ...again]);
	assert.equal(out.length, 29);
	assert.notEqual(out[26].data.streak, out[0].data.streak);
	assert.equal(out[26].data.count, 1);
});

test('room events: comments, likes (batched), follows, shares, viewers, a single gift, the shown product', () => {
	const { m, out } = mapAll(fixture('room.json'));
	const types = out.map((e) => e.type);
	assert.deepEqual(types, ['comment', 'comment', 'like', 'like', 'follow', 'share', 'viewers', 'gift', 'catalog-changed', 'pin']);
	assert.deepEqual(out[0].data, {
		id: 'tt-comment-7390000000000004001',
		platform: 'tiktok',
		user: { id: '7001000000000000002', name: 'Li 李' },
		time: 1767225601000,
		text: 'want 3',
	});
	assert.equal(out[1].data.text, '我要3');
	assert.equal(out[2].data.count, 15);
	assert.equal(out[2].data.total, 12040);
	assert.equal(out[6].data.count, 1532);
	const lion = out[7].data;
	assert.equal(lion.count, 1);
	assert.equal(lion.streak, undefined); // giftType 2: not streakable
	assert.equal(lion.gift.value, 29999);
	assert.deepEqual(out[8].data.product, {
		id: 'tt-1729',
		price: 5599,
		currency: 'USD',
		title: 'Longjing green tea 250 g',
		image: 'https://p16.example.invalid/tea.jpg',
		buyUrl: 'https://shop.example.invalid/p/1729',
	});
	assert.deepEqual(out[9].data, { productId: 'tt-1729' });
	assert.equal(m.stats.duplicates, 2); // the chat and the Lion gift sent twice
	assert.equal(m.stats.ignored, 1); // the member join
});

test('prices as TikTok writes them', () => {
	assert.deepEqual(parsePrice('$55.99'), { price: 5599, currency: 'USD' });
	assert.deepEqual(parsePrice('55,99 €'), { price: 5599, currency: 'EUR' });
	assert.deepEqual(parsePrice('£1,234.50'), { price: 123450, currency: 'GBP' });
	assert.deepEqual(parsePrice('Rp 15.000'), { price: 15000, currency: 'IDR' });
	assert.deepEqual(parsePrice('RM12'), { price: 1200, currency: 'MYR' });
	assert.equal(parsePrice('free'), null);
	assert.equal(parsePrice(''), null);
});
