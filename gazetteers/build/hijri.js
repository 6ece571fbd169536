#!/usr/bin/env node
// hijri.js -- the Umm al-Qura calendar (Saudi Arabia's official Islamic
// calendar) for the Hijri years FIRST..LAST given on the command line:
// one line "YEAR MONTH DAY YYYY-MM-DD" for every day of those years.
// Called by calendars.py; needs the npm package hijri-converter (pinned in
// gazetteers/build/package.json: the Umm al-Qura tables for 1356-1500 AH,
// 1937-2077 CE; earlier years it answers with nonsense, refused here).
"use strict";
const { toGregorian } = require("hijri-converter");

function main() {
	const first = parseInt(process.argv[2], 10), last = parseInt(process.argv[3], 10);
	if (!(first >= 1356 && last >= first && last <= 1500)) {
		process.stderr.write("usage: hijri.js FIRST LAST (1356-1500)\n");
		process.exit(2);
	}
	const out = [];
	for (let y = first; y <= last; y++)
		for (let m = 1; m <= 12; m++)
			for (let d = 1; d <= 30; d++) {
				let g;
				try {
					g = toGregorian(y, m, d);
				} catch (e) {
					continue;
				}
				if (!(g.gy >= 1937 && g.gy <= 2078))
					throw new Error(`hijri-converter: ${y}-${m}-${d} gave year ${g.gy}`);
				// a 29-day month: its "30th" is the next month's 1st
				const next = d < 30 ? null : m < 12 ? toGregorian(y, m + 1, 1) : toGregorian(y + 1, 1, 1);
				if (next && g.gd === next.gd && g.gm === next.gm)
					continue;
				out.push(`${y} ${m} ${d} ${g.gy}-${String(g.gm).padStart(2, "0")}-${String(g.gd).padStart(2, "0")}`);
			}
	process.stdout.write(out.join("\n") + "\n");
}

main();
