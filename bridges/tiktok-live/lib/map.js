// Linkon TikTok LIVE bridge — maps the events of tiktok-live-connector 2.x
// (the decoded Webcast messages it emits) onto the Linkon bridge protocol's
// live-room events (docs/bridge-protocol.md, section 5).
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Pure apart from its own state (streaks, seen ids): no I/O, no clock
// except through the `now` function it is given.
//
// Gifts: TikTok sends a streakable gift (giftDetails.giftType 1) again and
// again while the viewer keeps tapping, with repeatCount 1, 2, … and
// repeatEnd 0, then once more with repeatEnd 1 and the final count. Each of
// those becomes one Linkon gift whose count is the streak's running total
// and whose streak id names the streak, the last one with streakEnd: true,
// so Linkon's alert queue counts the streak once (a repeated running total
// adds nothing). Other gifts are single gifts of repeatCount (at least 1).
// The gift's event id is made from what identifies the step (viewer, gift,
// streak, count, end), not from TikTok's message id, so the same step
// delivered twice (TikTok replays recent messages after a reconnect, or
// sends a step under two message ids) maps to the same id and is sent once.
'use strict';

const PLATFORM = 'tiktok';
const MAX_SEEN = 200000;

function str(v) {
	if (v === undefined || v === null) return '';
	return String(v);
}

function firstUrl(image) {
	const urls = image && Array.isArray(image.url) ? image.url : [];
	const u = urls.find((x) => typeof x === 'string' && /^https?:\/\//i.test(x) && x.length <= 2048);
	return u || undefined;
}

function userOf(data) {
	const u = (data && data.user) || {};
	const out = {};
	const id = str(u.userId || u.secUid || u.uniqueId);
	const name = str(u.nickname || u.uniqueId);
	if (id && id !== '0') out.id = id.slice(0, 128);
	if (name) out.name = name;
	const avatar = firstUrl(u.profilePicture);
	if (avatar) out.avatar = avatar;
	return out;
}

function msgIdOf(data) {
	const id = str(data && data.common && data.common.msgId);
	return id && id !== '0' ? id : '';
}

function timeOf(data) {
	const t = Number(data && data.common && data.common.createTime);
	return Number.isFinite(t) && t > 0 ? Math.floor(t) : undefined;
}

function count(v, lo, hi, def) {
	const n = Number(v);
	if (!Number.isFinite(n)) return def;
	return Math.min(hi, Math.max(lo, Math.floor(n)));
}

// A bounded set of ids (oldest forgotten first).
class SeenSet {
	constructor(max) {
		this.max = max;
		this.set = new Set();
	}
	add(id) {
		if (this.set.has(id)) return false;
		this.set.add(id);
		if (this.set.size > this.max) this.set.delete(this.set.values().next().value);
		return true;
	}
	clear() {
		this.set.clear();
	}
}

// Parses "$55.99", "55,99 €", "Rp 15.000" into minor units and a currency.
const SYMBOLS = [
	['US$', 'USD'],
	['$', 'USD'],
	['€', 'EUR'],
	['£', 'GBP'],
	['Rp', 'IDR'],
	['RM', 'MYR'],
	['₱', 'PHP'],
	['₫', 'VND'],
	['฿', 'THB'],
	['S$', 'SGD'],
];
const ZERO_DECIMALS = new Set(['IDR', 'VND', 'JPY']);

function parsePrice(text) {
	const s = str(text).trim();
	if (!s) return null;
	let currency = null;
	for (const [sym, code] of SYMBOLS) {
		if (s.includes(sym)) {
			currency = code;
			break;
		}
	}
	const iso = s.match(/\b([A-Z]{3})\b/);
	if (iso) currency = iso[1];
	const num = s.match(/\d[\d.,\s]*/);
	if (!currency || !num) return null;
	let digits = num[0].replace(/\s/g, '');
	let minor;
	if (ZERO_DECIMALS.has(currency)) {
		minor = Number(digits.replace(/[.,]/g, ''));
	} else {
		// the last separator followed by exactly two digits is the decimal one
		const m = digits.match(/^(.*?)[.,](\d{2})$/);
		const whole = (m ? m[1] : digits).replace(/[.,]/g, '');
		minor = Number(whole) * 100 + (m ? Number(m[2]) : 0);
	}
	if (!Number.isSafeInteger(minor) || minor < 0) return null;
	return { price: minor, currency };
}

class TikTokMapper {
	constructor() {
		this.seen = new SeenSet(MAX_SEEN);
		this.streaks = new Map(); // viewer|gift|group -> {seq, last, ended}
		this.stats = { in: 0, out: 0, duplicates: 0, ignored: 0 };
	}

	// One TikTok event (the connector's event name and its data) as a list
	// of Linkon events [{type, data}] (usually one; none for a duplicate).
	map(name, data) {
		this.stats.in++;
		let out;
		switch (name) {
			case 'gift':
				out = this.gift(data);
				break;
			case 'like':
				out = this.simple('like', data, (ev) => {
					ev.count = count(data.likeCount, 1, 1000000, 1);
					const total = count(data.totalLikeCount, 0, 1e12, -1);
					if (total >= 0) ev.total = total;
				});
				break;
			case 'follow':
				out = this.simple('follow', data);
				break;
			case 'share':
				out = this.simple('share', data);
				break;
			case 'chat':
				out = this.simple('comment', data, (ev) => {
					ev.text = str(data.comment);
				});
				break;
			case 'roomUser':
				out = [{ type: 'viewers', data: { platform: PLATFORM, count: count(data.viewerCount, 0, 1e12, 0) } }];
				break;
			case 'oecLiveShopping':
				out = this.shopping(data);
				break;
			default:
				out = [];
		}
		if (out === null) {
			this.stats.duplicates++;
			return [];
		}
		if (!out.length) this.stats.ignored++;
		this.stats.out += out.length;
		return out;
	}

	// like, follow, share, comment: one event with TikTok's message id.
	simple(type, data, fill) {
		const user = userOf(data);
		let id = msgIdOf(data);
		if (!id) {
			// no message id: what the event says identifies it
			id = `${type}-${user.id || user.name || ''}-${str(data.totalLikeCount || data.comment)}-${str(
				data.common && data.common.createTime
			)}`;
		}
		id = `tt-${type}-${id}`.slice(0, 128);
		if (!this.seen.add(id)) return null;
		if (type !== 'like' && !user.id && !user.name) return [];
		const ev = { id, platform: PLATFORM };
		if (user.id || user.name) ev.user = { id: user.id, name: user.name };
		const t = timeOf(data);
		if (t) ev.time = t;
		if (fill) fill(ev);
		return [{ type, data: ev }];
	}

	gift(data) {
		const details = data.giftDetails || data.extendedGiftInfo || {};
		const giftId = str(data.giftId || details.id);
		const user = userOf(data);
		const viewer = user.id || user.name || 'anonymous';
		if (!giftId) return [];
		const streakable = Number(details.giftType) === 1;
		const repeat = count(data.repeatCount, 1, 1000000, 1);
		const end = data.repeatEnd === true || Number(data.repeatEnd) === 1;
		const group = str(data.groupId);
		const gift = { id: giftId, name: str(details.giftName || details.name) || undefined };
		const value = count(details.diamondCount, 0, 1000000000, 0);
		if (value) gift.value = value;
		const image = firstUrl(details.giftImage || details.image || details.icon);
		if (image) gift.image = image;
		const ev = { platform: PLATFORM, sender: user, gift, count: repeat };
		const t = timeOf(data);
		if (t) ev.time = t;

		if (!streakable) {
			// a single gift: TikTok's message id is its identity
			const key = msgIdOf(data) || `${viewer}-${giftId}-${group}-${str(data.common && data.common.createTime)}`;
			ev.id = `tt-gift-${key}`.slice(0, 128);
			if (!this.seen.add(ev.id)) return null;
			return [{ type: 'gift', data: ev }];
		}

		const skey = `${viewer}|${giftId}|${group}`;
		let st = this.streaks.get(skey);
		const hasGroup = group && group !== '0';
		if (!st || (!hasGroup && st.ended && repeat < st.last)) {
			// a new streak (without TikTok's group id: the last one ended and
			// the count starts again)
			st = { seq: st ? st.seq + 1 : 1, last: 0, ended: false };
			this.streaks.set(skey, st);
			if (this.streaks.size > 10000) this.streaks.delete(this.streaks.keys().next().value);
		}
		const streak = `tt-${viewer}-${giftId}-${hasGroup ? group : 's' + st.seq}`.slice(0, 128);
		ev.id = `${streak}-${repeat}${end ? '-end' : ''}`.slice(0, 128);
		if (!this.seen.add(ev.id)) return null;
		if (st.ended && !end) return null; // a step of a streak that already ended: old news
		ev.streak = streak;
		ev.streakEnd = end;
		ev.count = Math.max(repeat, st.last);
		st.last = ev.count;
		st.ended = st.ended || end;
		return [{ type: 'gift', data: ev }];
	}

	// TikTok's live-shopping message: the product being shown.
	shopping(data) {
		const shop = data.shopData || {};
		const price = parsePrice(shop.priceString);
		const pid = str((data.details && data.details.id1) || shop.shopUrl || shop.title).slice(0, 120);
		if (!pid || !price) return [];
		const id = `tt-shop-${msgIdOf(data) || pid + '-' + str(data.common && data.common.createTime)}`.slice(0, 128);
		if (!this.seen.add(id)) return null;
		const product = { id: `tt-${pid}`.slice(0, 128), price: price.price, currency: price.currency };
		if (shop.title) product.title = str(shop.title);
		if (/^https?:\/\//i.test(str(shop.imageUrl))) product.image = shop.imageUrl;
		if (/^https?:\/\//i.test(str(shop.shopUrl))) product.buyUrl = shop.shopUrl;
		return [
			{ type: 'catalog-changed', data: { product } },
			{ type: 'pin', data: { productId: product.id } },
		];
	}
}

module.exports = { TikTokMapper, parsePrice, PLATFORM };
