#!/usr/bin/env node
// hindu.js -- dates of Hindu, Sikh and Jain festivals that follow the Hindu
// lunisolar calendar or the sidereal solar year, for the years given on the
// command line (FIRST LAST), as "key<TAB>YYYY-MM-DD" lines on stdout.
// Called by calendars.py; needs the npm package astronomia (pinned in
// gazetteers/build/package.json: Meeus' algorithms for the positions of
// the sun and the moon).
//
// The calendar is computed for New Delhi (28.61 N, 77.21 E, IST = UTC+5:30):
//  - tithi: the lunar day, (moon - sun longitude) / 12 degrees, 1-30
//    (1-15 the bright half, 16-30 the dark half, 30 the new moon);
//  - the amanta month: a lunar month runs from new moon to new moon and is
//    named by the sidereal sign the sun is in at the new moon that opens
//    it (sun in Pisces: Chaitra, Aries: Vaishakha, ...); a month in which
//    the sun enters no sign is a leap month (adhika) and holds no festival;
//  - sidereal longitudes with the Lahiri ayanamsa (23.857 degrees at
//    J2000, 50.29" a year);
//  - a festival is the first day of its month on which its tithi holds at
//    the moment of the day its custom names (kala): sunrise (udaya),
//    afternoon (aparahna), sunset (pradosha), moonrise of the dark half
//    (about 20:00) or midnight (nishita), midday (madhyahna) for Ganesh
//    Chaturthi; when the tithi holds at no such
//    moment (a tithi shorter than a day), the day on which it begins;
//  - sankrantis (the sun entering a sidereal sign) count for the day they
//    happen on when before sunset, else for the next day.
"use strict";
const { base, solar, moonposition } = require("astronomia");

const LAT = 28.61, LON = 77.21, IST = 5.5 / 24;
const D2R = Math.PI / 180;

function jdOf(y, m, d) {            // Julian day at 0h UT of a Gregorian date
	const a = Math.floor((14 - m) / 12), yy = y + 4800 - a, mm = m + 12 * a - 3;
	return d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) -
		Math.floor(yy / 100) + Math.floor(yy / 400) - 32045 - 0.5;
}

function isoOf(jd) {
	const dt = new Date(Math.round((jd - 2440587.5) * 86400000));
	return dt.toISOString().slice(0, 10);
}

function sunLon(jd) {               // tropical, degrees
	return solar.apparentLongitude(base.J2000Century(jd + 69 / 86400)) / D2R;
}

function moonLon(jd) {
	return moonposition.position(jd + 69 / 86400).lon / D2R;
}

function ayanamsa(jd) {
	return 23.857 + 50.29 / 3600 * (jd - 2451545.0) / 365.25;
}

function mod360(x) {
	return ((x % 360) + 360) % 360;
}

function tithi(jd) {
	return Math.floor(mod360(moonLon(jd) - sunLon(jd)) / 12) + 1;
}

function rasi(jd) {                 // sidereal sign of the sun, 0 = Aries
	return Math.floor(mod360(sunLon(jd) - ayanamsa(jd)) / 30);
}

function nakshatra(jd) {            // of the moon, 0 = Ashwini, 21 = Shravana
	return Math.floor(mod360(moonLon(jd) - ayanamsa(jd)) / (360 / 27));
}

// sunrise and sunset (UT, as Julian days) at New Delhi on the civil day
// that begins at jd0 (0h UT): the NOAA approximation, a minute or two off
function sunTimes(jd0) {
	const n = jd0 + 0.5 - 2451545.0;
	const L = mod360(280.460 + 0.9856474 * n), g = mod360(357.528 + 0.9856003 * n) * D2R;
	const lam = (L + 1.915 * Math.sin(g) + 0.020 * Math.sin(2 * g)) * D2R;
	const eps = (23.439 - 0.0000004 * n) * D2R;
	const dec = Math.asin(Math.sin(eps) * Math.sin(lam));
	const ra = Math.atan2(Math.cos(eps) * Math.sin(lam), Math.cos(lam)) / D2R;
	const eot = (L - mod360(ra)) * 4;                       // minutes
	const eotm = ((eot + 720) % 1440 + 1440) % 1440 - 720;
	const noon = 720 - 4 * LON - eotm;                      // minutes UT
	const h = Math.acos((Math.sin(-0.833 * D2R) - Math.sin(LAT * D2R) * Math.sin(dec)) /
		(Math.cos(LAT * D2R) * Math.cos(dec))) / D2R;
	return { rise: jd0 + (noon - 4 * h) / 1440, set: jd0 + (noon + 4 * h) / 1440 };
}

// The moment of the civil day (IST) at which a festival's tithi is read.
const KALA = {
	udaya: (d) => d.rise + 1 / 1440,
	madhyahna: (d) => d.rise + (d.set - d.rise) * 0.5,
	aparahna: (d) => d.rise + (d.set - d.rise) * 0.7,
	pradosha: (d) => d.set + 0.05,
	moonrise: (d) => d.jd0 - IST + 20 / 24,
	nishita: (d) => d.jd0 - IST + 1.0,
};

// key, amanta month (0 Chaitra .. 11 Phalguna), tithi, kala
const LUNAR = [
	["holika-dahan", 11, 15, "pradosha"],
	["maha-shivaratri", 10, 29, "nishita"],
	["vasant-panchami", 10, 5, "udaya"],
	["guru-ravidas-jayanti", 10, 15, "udaya"],
	["guru-gobind-singh-jayanti", 9, 7, "udaya"],
	["ugadi", 0, 1, "udaya"],
	["mahavir-jayanti", 0, 13, "udaya"],
	["ram-navami", 0, 9, "udaya"],
	["ratha-yatra", 3, 2, "udaya"],
	["raksha-bandhan", 4, 15, "udaya"],
	["janmashtami", 4, 23, "nishita"],
	["ganesh-chaturthi", 5, 4, "madhyahna"],
	["maha-saptami", 6, 7, "udaya"],
	["maha-ashtami", 6, 8, "udaya"],
	["maha-navami", 6, 9, "udaya"],
	["dussehra", 6, 10, "aparahna"],
	["valmiki-jayanti", 6, 15, "udaya"],
	["karva-chauth", 6, 19, "moonrise"],
	["dhanteras", 6, 28, "pradosha"],
	["diwali", 6, 30, "pradosha"],
	["govardhan-puja", 7, 1, "udaya"],
	["bhai-dooj", 7, 2, "aparahna"],
	["chhath", 7, 6, "udaya"],
	["guru-nanak-jayanti", 7, 15, "udaya"],
];

function yearDays(year, days) {
	// days: every civil day with its month; returns [key, iso] for the
	// festivals of `year`
	const out = [];
	for (const [key, month, t, kala] of LUNAR) {
		const at = KALA[kala];
		for (let i = 1; i < days.length; i++) {
			const d = days[i];
			if (d.leap || d.month !== month || d.year !== year)
				continue;
			const here = (tithi(at(d)) - t + 30) % 30;
			const before = (tithi(at(days[i - 1])) - t + 30) % 30;
			if (here === 0) {
				out.push([key, isoOf(d.jd0)]);
				break;
			}
			if (before >= 15 && here < 15) {
				// the tithi began and ended between two kalas: the
				// civil day (IST) on which it began
				let lo = at(days[i - 1]), hi = at(d);
				while (hi - lo > 1 / 1440) {
					const mid = (lo + hi) / 2;
					if ((tithi(mid) - t + 30) % 30 >= 15)
						lo = mid;
					else
						hi = mid;
				}
				out.push([key, isoOf(Math.floor(hi + IST + 0.5) - 0.5)]);
				break;
			}
		}
	}
	return out;
}

function sankranti(year, sign) {
	// the civil day (IST) on which the sun enters `sign` in `year`
	let jd = jdOf(year, 1, 1) - IST;
	const end = jdOf(year + 1, 1, 1) - IST;
	for (; jd < end; jd += 1) {
		if (rasi(jd) !== sign && rasi(jd + 1) === sign) {
			let lo = jd, hi = jd + 1;
			while (hi - lo > 1 / 1440) {
				const mid = (lo + hi) / 2;
				if (rasi(mid) === sign)
					hi = mid;
				else
					lo = mid;
			}
			const civil = Math.floor(hi + IST + 0.5) - 0.5;   // 0h UT of the IST date
			const t = sunTimes(civil);
			return { jd0: hi < t.set ? civil : civil + 1, at: hi, civil };
		}
	}
	return null;
}

function main() {
	const first = parseInt(process.argv[2], 10), last = parseInt(process.argv[3], 10);
	if (!(first > 1800 && last >= first && last < 2200)) {
		process.stderr.write("usage: hindu.js FIRST LAST\n");
		process.exit(2);
	}
	// every civil day from a month before FIRST to a month after LAST,
	// each with the new moon that opened its lunar month
	const days = [], moons = [];
	for (let jd0 = jdOf(first - 1, 12, 1); jd0 < jdOf(last + 1, 3, 1); jd0 += 1) {
		const t = sunTimes(jd0);
		const d = { jd0, rise: t.rise, set: t.set, year: parseInt(isoOf(jd0).slice(0, 4), 10) };
		d.ti = tithi(d.rise);
		if (!moons.length || (d.ti < 15 && days[days.length - 1].ti >= 15)) {
			// a new lunar month: the new moon (tithi 30 -> 1) before this sunrise
			let lo = d.rise - 3, hi = d.rise;
			while (tithi(lo) === tithi(hi) || tithi(lo) < 29) lo += 0.25;
			while (hi - lo > 1 / 1440) {
				const mid = (lo + hi) / 2;
				if (tithi(mid) >= 29) lo = mid; else hi = mid;
			}
			moons.push(rasi(hi));
		}
		d.moon = moons.length - 1;
		days.push(d);
	}
	// a month is named by the sign the sun is in at its new moon; when the
	// sun is still in that sign at the next new moon, the month saw no
	// sankranti and is the leap month (adhika) before the regular one
	for (const d of days) {
		const r = moons[d.moon];
		d.month = (r + 1) % 12;
		d.leap = d.moon + 1 < moons.length && moons[d.moon + 1] === r;
	}
	const rows = [];
	for (let y = first; y <= last; y++) {
		for (const row of yearDays(y, days))
			rows.push(row);
		const makar = sankranti(y, 9), mesha = sankranti(y, 0), simha = sankranti(y, 4);
		rows.push(["makar-sankranti", isoOf(makar.jd0)]);
		rows.push(["vaisakhi", isoOf(mesha.jd0)]);
		// Bengali year: 1 Boishakh is the day after the Mesha sankranti
		// (when it falls before midnight IST); Tagore's birthday 25 Boishakh
		rows.push(["pohela-boishakh", isoOf(mesha.civil + 1)]);
		rows.push(["rabindra-jayanti", isoOf(mesha.civil + 25)]);
		// Onam: the day of the month Chingam (sun in Leo) whose sunrise
		// (plus six ghatikas, 2.4 hours) sees the moon in Shravana
		for (let jd0 = simha.civil; jd0 < simha.civil + 32; jd0++) {
			const t = sunTimes(jd0);
			if (nakshatra(t.rise + 0.1) === 21) {
				rows.push(["onam", isoOf(jd0)]);
				break;
			}
		}
	}
	for (const [k, d] of rows)
		process.stdout.write(k + "\t" + d + "\n");
}

main();
