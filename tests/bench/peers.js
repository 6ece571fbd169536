// peers.js -- runs a whole-pipeline peer (wink-nlp or compromise) over the
// bench corpus for make bench, so that nerd's figures come with ratios
// measured in the same run.  Usage: node peers.js LIB CORPUS.ndjson SECONDS
// Prints one JSON object: {"lib", "version", "docs", "bytes", "seconds",
// "entities"}.  Exit status 3 when LIB is not installed (bench skips it).
'use strict';
const fs = require('fs');

const [lib, corpus, secs] = process.argv.slice(2);
const texts = fs.readFileSync(corpus, 'utf8').split('\n').filter((l) => l.trim())
	.map((l) => JSON.parse(l).text);

function load(name) {
	try {
		return require(name);
	} catch (e) {
		process.stderr.write(`peers: ${name} is not installed\n`);
		process.exit(3);
	}
}

function version(name) {
	// Some packages do not export package.json: read it beside the entry.
	const path = require('path');
	try {
		let dir = path.dirname(require.resolve(name));
		while (dir !== path.dirname(dir)) {
			const f = path.join(dir, 'package.json');
			if (fs.existsSync(f)) {
				const p = JSON.parse(fs.readFileSync(f, 'utf8'));
				if (p.name === name)
					return p.version;
			}
			dir = path.dirname(dir);
		}
	} catch (e) {
		// no version then
	}
	return null;
}

let run;
if (lib === 'wink-nlp') {
	const winkNLP = load('wink-nlp');
	const model = load('wink-eng-lite-web-model');
	const nlp = winkNLP(model);
	run = (t) => nlp.readDoc(t).entities().out().length;
} else if (lib === 'compromise') {
	const nlp = load('compromise');
	run = (t) => {
		const d = nlp(t);
		return d.people().out('array').length + d.places().out('array').length +
			d.organizations().out('array').length;
	};
} else {
	process.stderr.write(`peers: unknown library ${lib}\n`);
	process.exit(2);
}

const sizes = texts.map((t) => Buffer.byteLength(t, 'utf8'));
run(texts[0]); // warm-up: model set-up is not counted
const limit = Number(secs) * 1e9;
const t0 = process.hrtime.bigint();
let docs = 0, bytes = 0, ents = 0;
// Whole documents, in corpus order, until SECONDS have passed.
do {
	const k = docs % texts.length;
	ents += run(texts[k]);
	bytes += sizes[k];
	docs++;
} while (Number(process.hrtime.bigint() - t0) < limit);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({lib, version: version(lib), docs, bytes, seconds,
	entities: ents}) + '\n');
