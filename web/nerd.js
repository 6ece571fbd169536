/* nerd.js -- the highlight page.  Served by nerdd, it sends the text to
 * POST /v1/extract with UTF-16 offsets (so that offsets index JavaScript
 * strings exactly) and renders the answer; inlined by `nerd extract --format
 * html`, it renders the response embedded in the element #nerd-data and calls
 * nothing.  Article text only ever reaches the page through textContent and
 * text nodes, never as markup.  The marked text is built in one pass into a
 * DocumentFragment, so a 50,000-character article renders at once. */
(function () {
	'use strict';

	var TYPES = ['PER', 'LOC', 'ORG', 'MISC'];
	var TYPE_NAME = {PER: 'Person', LOC: 'Place', ORG: 'Organisation', MISC: 'Other'};
	var FORM_NAME = {name: 'name', derived: 'derived form', part: 'part of a compound'};
	var MOD_NAME = {start: 'start of', mid: 'middle of', end: 'end of'};

	var $ = function (id) { return document.getElementById(id); };
	var state = {mentions: new Map(), entities: new Map(), figures: new Map(), selected: null};

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls)
			e.className = cls;
		if (text !== undefined && text !== null)
			e.textContent = String(text);
		return e;
	}

	/* ---- offsets ---- */

	/* Returns a function that turns a response offset into a UTF-16 index
	 * into text, whatever "offsets" the response was made with. */
	function offsetMapper(text, kind) {
		if (!kind || kind === 'utf16')
			return function (i) { return i; };
		var map = [], i = 0, n = text.length;
		if (kind === 'codepoint') {
			if (!/[\uD800-\uDFFF]/.test(text))
				return function (k) { return k; };
			for (i = 0; i < n; i++) {
				map.push(i);
				var c = text.charCodeAt(i);
				if (c >= 0xD800 && c < 0xDC00 && i + 1 < n)
					i++;
			}
		} else if (kind === 'utf8') {
			for (i = 0; i < n; i++) {
				var u = text.codePointAt(i);
				var bytes = u < 0x80 ? 1 : u < 0x800 ? 2 : u < 0x10000 ? 3 : 4;
				for (var b = 0; b < bytes; b++)
					map.push(i);
				if (u >= 0x10000)
					i++;
			}
		}
		map.push(n);
		return function (k) { return k < map.length ? map[k] : n; };
	}

	/* ---- number formatting ---- */

	function fmtNum(v) {
		if (typeof v !== 'number')
			return v === null || v === undefined ? '' : String(v);
		return v.toLocaleString('de-DE', {maximumFractionDigits: 6});
	}

	function figureTip(f) {
		var s = '';
		if (f.approx)
			s += '≈ ';
		if (f.bound === 'min')
			s += '≥ ';
		else if (f.bound === 'max')
			s += '≤ ';
		s += fmtNum(f.value);
		if (f.kind === 'percent')
			s += f.unit ? ' ' + f.unit : ' %';
		else if (f.currency)
			s += ' ' + f.currency;
		else if (f.unit)
			s += ' ' + f.unit;
		if (f.counted)
			s += ' ' + f.counted;
		if (f.of)
			s += ' (' + f.of + ')';
		return s;
	}

	function dateTip(d) {
		return (d.mod ? MOD_NAME[d.mod] + ' ' : '') + (d.value || '?');
	}

	/* ---- the marked text ---- */

	/* Collects the spans to mark: mentions first, then figures and dates
	 * where they do not overlap a mention.  Spans that overlap one already
	 * kept are left out (and counted). */
	function collectSpans(resp, conv, len) {
		var spans = [], dropped = 0;
		(resp.entities || []).forEach(function (e) {
			(e.mentions || []).forEach(function (m) {
				spans.push({start: conv(m.start), end: conv(m.end), kind: 'm', ent: e, m: m});
			});
		});
		spans.sort(function (a, b) { return a.start - b.start || b.end - a.end; });
		var kept = [], last = 0;
		spans.forEach(function (s) {
			if (s.start < last || s.end > len || s.end <= s.start) {
				dropped++;
				return;
			}
			kept.push(s);
			last = s.end;
		});
		var extra = [];
		(resp.figures || []).forEach(function (f) {
			extra.push({start: conv(f.start), end: conv(f.end), kind: 'fig', f: f});
		});
		(resp.dates || []).forEach(function (d) {
			extra.push({start: conv(d.start), end: conv(d.end), kind: 'date', d: d});
		});
		if (!extra.length)
			return {spans: kept, dropped: dropped};
		/* Does [s, e) overlap a kept mention?  Binary search on starts. */
		var hitsMention = function (s, e) {
			var lo = 0, hi = kept.length;
			while (lo < hi) {
				var mid = (lo + hi) >> 1;
				if (kept[mid].end <= s)
					lo = mid + 1;
				else
					hi = mid;
			}
			return lo < kept.length && kept[lo].start < e;
		};
		extra.sort(function (a, b) { return a.start - b.start || b.end - a.end; });
		var more = [];
		last = 0;
		extra.forEach(function (x) {
			if (x.start < last || x.end > len || x.end <= x.start || hitsMention(x.start, x.end)) {
				dropped++;
				return;
			}
			more.push(x);
			last = x.end;
		});
		kept = kept.concat(more).sort(function (a, b) { return a.start - b.start; });
		return {spans: kept, dropped: dropped};
	}

	/* Quotes wrap the spans inside them; a quote that would cut a span, or
	 * overlaps another quote, is not marked. */
	function collectQuotes(resp, conv, spans, len, names) {
		var q = [];
		(resp.relations || []).forEach(function (r) {
			if (r.type !== 'quote' || typeof r.quote_start !== 'number')
				return;
			q.push({start: conv(r.quote_start), end: conv(r.quote_end),
				speaker: names.get(r.speaker) || 'unknown speaker', r: r});
		});
		q.sort(function (a, b) { return a.start - b.start; });
		var out = [], last = 0;
		q.forEach(function (x) {
			if (x.start < last || x.end > len || x.end <= x.start)
				return;
			if (spans.some(function (s) {
				return (s.start < x.start && s.end > x.start) || (s.start < x.end && s.end > x.end);
			}))
				return;
			out.push(x);
			last = x.end;
		});
		return out;
	}

	function mentionEl(s, text) {
		var e = s.ent, m = s.m;
		var mk = el('mark', 'm t-' + e.type + ' f-' + (m.form || 'name'), text.slice(s.start, s.end));
		mk.dataset.ent = e.id;
		mk.dataset.tag = e.type;
		mk.title = e.name + ' · ' + (TYPE_NAME[e.type] || e.type) + ' · ' +
			(FORM_NAME[m.form] || m.form) + (e.kb ? ' · ' + e.kb : '');
		return mk;
	}

	function figureEl(s, text) {
		var tip = figureTip(s.f);
		var mk = el('mark', 'fig k-' + s.f.kind, text.slice(s.start, s.end));
		mk.dataset.fig = s.f.id;
		mk.dataset.tip = tip;
		mk.title = tip;
		mk.tabIndex = 0;
		mk.setAttribute('aria-label', text.slice(s.start, s.end) + ': ' + s.f.kind + ' ' + tip);
		return mk;
	}

	function dateEl(s, text) {
		var tip = dateTip(s.d);
		var mk = el('mark', 'date', text.slice(s.start, s.end));
		mk.dataset.tip = tip;
		mk.dataset.value = s.d.value || '';
		mk.title = tip;
		mk.tabIndex = 0;
		mk.setAttribute('aria-label', text.slice(s.start, s.end) + ': date ' + tip);
		return mk;
	}

	function renderText(text, resp, names) {
		var conv = offsetMapper(text, resp.meta && resp.meta.offsets);
		var len = text.length;
		var got = collectSpans(resp, conv, len);
		var spans = got.spans;
		var quotes = collectQuotes(resp, conv, spans, len, names);
		var frag = document.createDocumentFragment();
		var box = frag, pos = 0, qi = 0, open = null;
		var byEnt = new Map();

		function textTo(upto) {
			if (upto > pos) {
				box.appendChild(document.createTextNode(text.slice(pos, upto)));
				pos = upto;
			}
		}
		/* Opens and closes quotes up to position p. */
		function quotesTo(p) {
			for (;;) {
				if (open && open.end <= p) {
					textTo(open.end);
					box = frag;
					open = null;
				} else if (!open && qi < quotes.length && quotes[qi].start <= p) {
					open = quotes[qi++];
					textTo(open.start);
					var qe = el('span', 'quote');
					qe.dataset.speaker = open.speaker;
					qe.title = 'Quote by ' + open.speaker;
					qe.setAttribute('aria-label', 'quote by ' + open.speaker);
					frag.appendChild(qe);
					box = qe;
				} else
					return;
			}
		}
		for (var i = 0; i < spans.length; i++) {
			var s = spans[i];
			quotesTo(s.start);
			textTo(s.start);
			var mk = s.kind === 'm' ? mentionEl(s, text)
				: s.kind === 'fig' ? figureEl(s, text) : dateEl(s, text);
			box.appendChild(mk);
			pos = s.end;
			if (s.kind === 'm') {
				var list = byEnt.get(s.ent.id);
				if (!list)
					byEnt.set(s.ent.id, list = []);
				list.push(mk);
			} else if (s.kind === 'fig')
				state.figures.set(s.f.id, mk);
		}
		quotesTo(len);
		textTo(len);
		return {frag: frag, byEnt: byEnt, dropped: got.dropped, nquotes: quotes.length};
	}

	/* ---- the side panel ---- */

	function legend() {
		var box = $('legend');
		box.textContent = '';
		TYPES.forEach(function (t) {
			var it = el('span', 'item');
			var sw = el('mark', 'sw m t-' + t + ' f-name', t);
			sw.setAttribute('aria-hidden', 'true');
			it.appendChild(sw);
			it.appendChild(document.createTextNode(TYPE_NAME[t]));
			box.appendChild(it);
		});
		[['f-name', 'name'], ['f-derived', 'derived (japanisch)'], ['f-part', 'part (US-Präsident)']]
			.forEach(function (f) {
				var it = el('span', 'item');
				var sw = el('mark', 'sw m t-MISC ' + f[0], 'Abc');
				sw.setAttribute('aria-hidden', 'true');
				it.appendChild(sw);
				it.appendChild(document.createTextNode('underline: ' + f[1]));
				box.appendChild(it);
			});
		[['fig', 'figure (value on hover/focus)'], ['date', 'date (resolved on hover/focus)'],
		 ['quote', 'quote with its speaker']].forEach(function (f) {
			var it = el('span', 'item');
			var sw = el('mark', 'sw ' + f[0], f[0] === 'quote' ? '„…“' : '12');
			if (f[0] === 'quote')
				sw.dataset.speaker = 'Name';
			sw.setAttribute('aria-hidden', 'true');
			it.appendChild(sw);
			it.appendChild(document.createTextNode(f[1]));
			box.appendChild(it);
		});
	}

	function select(id) {
		var doc = $('doc');
		if (state.selected) {
			(state.mentions.get(state.selected) || []).forEach(function (m) { m.classList.remove('sel'); });
			var old = document.querySelector('.ent[data-ent="' + state.selected + '"]');
			if (old)
				old.setAttribute('aria-pressed', 'false');
		}
		if (!id || id === state.selected) {
			state.selected = null;
			doc.classList.remove('has-sel');
			$('status').textContent = '';
			return;
		}
		state.selected = id;
		var ms = state.mentions.get(id) || [];
		ms.forEach(function (m) { m.classList.add('sel'); });
		doc.classList.add('has-sel');
		var btn = document.querySelector('.ent[data-ent="' + id + '"]');
		if (btn)
			btn.setAttribute('aria-pressed', 'true');
		var e = state.entities.get(id);
		$('status').textContent = (e ? e.name : id) + ': ' + ms.length + ' mention' +
			(ms.length === 1 ? '' : 's') + ' marked in the text.';
		if (ms.length && ms[0].scrollIntoView)
			ms[0].scrollIntoView({block: 'nearest'});
	}

	function entityPanel(resp) {
		var box = $('entities');
		box.textContent = '';
		var frag = document.createDocumentFragment();
		var any = false;
		/* The four types in their order, then any type added later. */
		var types = TYPES.slice();
		(resp.entities || []).forEach(function (e) {
			if (types.indexOf(e.type) < 0)
				types.push(e.type);
		});
		types.forEach(function (t) {
			var ents = (resp.entities || []).filter(function (e) { return e.type === t; });
			if (!ents.length)
				return;
			any = true;
			ents.sort(function (a, b) { return (b.salience || 0) - (a.salience || 0); });
			var h = el('h3');
			var sw = el('mark', 'sw m t-' + t + ' f-name', t);
			sw.setAttribute('aria-hidden', 'true');
			h.appendChild(sw);
			h.appendChild(document.createTextNode((TYPE_NAME[t] || t) + ' (' + ents.length + ')'));
			frag.appendChild(h);
			var ul = el('ul', 'ents');
			ents.forEach(function (e) {
				var li = el('li');
				var b = el('button', 'ent t-' + t, e.name);
				b.type = 'button';
				b.dataset.ent = e.id;
				b.setAttribute('aria-pressed', 'false');
				var n = (e.mentions || []).length;
				b.setAttribute('aria-label', e.name + ', ' + (TYPE_NAME[t] || t) + ', ' + n + ' mention' +
					(n === 1 ? '' : 's') + ', salience ' + (e.salience || 0));
				li.appendChild(b);
				li.appendChild(el('span', 'count', n + '×'));
				var sal = el('span', 'sal');
				sal.title = 'salience ' + (e.salience || 0);
				var bar = el('span');
				bar.style.width = Math.round(Math.max(0, Math.min(1, e.salience || 0)) * 100) + '%';
				sal.appendChild(bar);
				li.appendChild(sal);
				if (e.kb && /^Q[0-9]+$/.test(e.kb)) {
					var a = el('a', 'kb', e.kb);
					a.href = 'https://www.wikidata.org/wiki/' + e.kb;
					a.rel = 'noopener noreferrer';
					a.target = '_blank';
					a.title = 'Wikidata: ' + e.name;
					li.appendChild(a);
				}
				if (e.candidates && e.candidates.length)
					li.appendChild(el('span', 'hint', 'also: ' + e.candidates.map(function (c) {
						return c.name + ' (' + c.type + ')';
					}).join(', ')));
				ul.appendChild(li);
			});
			frag.appendChild(ul);
		});
		if (!any)
			frag.appendChild(el('p', 'empty', 'No entities found.'));
		box.appendChild(frag);
	}

	function figurePanel(resp) {
		var tb = $('figures').tBodies[0];
		tb.textContent = '';
		var figs = resp.figures || [];
		var frag = document.createDocumentFragment();
		figs.forEach(function (f) {
			var tr = el('tr');
			tr.appendChild(el('td', '', f.text));
			var v = (f.approx ? '≈ ' : '') + (f.bound === 'min' ? '≥ ' : f.bound === 'max' ? '≤ ' : '') +
				fmtNum(f.value);
			tr.appendChild(el('td', 'num', v));
			tr.appendChild(el('td', '', f.currency || f.unit || (f.kind === 'percent' ? '%' : f.counted || '')));
			var of = f.of || '';
			if (f.equivalent)
				of += (of ? '; ' : '') + '= ' + ((resp.figures || []).filter(function (g) {
					return g.id === f.equivalent;
				}).map(function (g) { return g.text; })[0] || f.equivalent);
			tr.appendChild(el('td', '', of));
			frag.appendChild(tr);
		});
		if (!figs.length) {
			var tr = el('tr'), td = el('td', 'empty', 'No figures found.');
			td.colSpan = 4;
			tr.appendChild(td);
			frag.appendChild(tr);
		}
		tb.appendChild(frag);

		var db = $('dates').tBodies[0];
		db.textContent = '';
		var dates = resp.dates || [];
		frag = document.createDocumentFragment();
		dates.forEach(function (d) {
			var tr = el('tr');
			tr.appendChild(el('td', '', d.text));
			tr.appendChild(el('td', 'num', dateTip(d)));
			frag.appendChild(tr);
		});
		if (!dates.length) {
			var tr2 = el('tr'), td2 = el('td', 'empty', 'No dates found.');
			td2.colSpan = 2;
			tr2.appendChild(td2);
			frag.appendChild(tr2);
		}
		db.appendChild(frag);
	}

	function relationPanel(resp, names) {
		var ul = $('relations');
		ul.textContent = '';
		var figs = new Map();
		(resp.figures || []).forEach(function (f) { figs.set(f.id, f.text); });
		var nm = function (id) { return id ? names.get(id) || id : '–'; };
		var frag = document.createDocumentFragment();
		(resp.relations || []).forEach(function (r) {
			var li = el('li');
			li.appendChild(el('span', 'rtype', r.type.replace('_', ' ')));
			var s;
			switch (r.type) {
			case 'role':
				s = nm(r.person) + ': ' + (r.role || '?') + (r.org ? ' (' + nm(r.org) + ')' : '');
				break;
			case 'member_of':
				s = nm(r.person) + ' → ' + nm(r.org);
				break;
			case 'quote':
				s = nm(r.speaker) + ': „' + (r.quote || '') + '“' +
					(r.kind === 'indirect' ? ' (indirect)' : '');
				break;
			case 'figure_of':
				s = (figs.get(r.figure) || r.figure) + ' → ' + (r.of || '?');
				break;
			case 'equivalent':
				s = (figs.get(r.figure) || r.figure) + ' = ' + (figs.get(r.figure2) || r.figure2);
				break;
			default:
				s = JSON.stringify(r);
			}
			li.appendChild(document.createTextNode(s));
			frag.appendChild(li);
		});
		if (!frag.childNodes.length)
			frag.appendChild(el('li', 'empty', 'No relations found.'));
		ul.appendChild(frag);
	}

	/* ---- showing a response or an error ---- */

	function showError(title, detail) {
		var box = $('error');
		box.textContent = '';
		box.appendChild(el('strong', '', title));
		if (detail)
			box.appendChild(el('span', '', detail));
		box.hidden = false;
	}

	function render(text, resp) {
		var t0 = performance.now();
		$('error').hidden = true;
		state.selected = null;
		state.figures = new Map();
		var names = new Map();
		state.entities = new Map();
		(resp.entities || []).forEach(function (e) {
			names.set(e.id, e.name);
			state.entities.set(e.id, e);
		});
		var r = renderText(text, resp, names);
		state.mentions = r.byEnt;
		var doc = $('doc');
		doc.textContent = '';
		doc.classList.remove('has-sel');
		doc.lang = resp.lang || 'de';
		doc.appendChild(r.frag);
		entityPanel(resp);
		figurePanel(resp);
		relationPanel(resp, names);
		var ms = 0;
		r.byEnt.forEach(function (l) { ms += l.length; });
		var meta = Array.from(text).length + ' characters';
		if (resp.meta && typeof resp.meta.elapsed_us === 'number')
			meta += ' · extracted in ' + fmtNum(resp.meta.elapsed_us / 1000) + ' ms';
		if (resp.meta && resp.meta.gazetteers)
			meta += ' · data ' + resp.meta.gazetteers;
		(resp.warnings || []).forEach(function (w) { meta += ' · warning: ' + w; });
		if (resp.partial)
			meta += ' · partial: ' + (resp.partial_reason || 'a limit was hit');
		if (r.dropped)
			meta += ' · ' + r.dropped + ' overlapping span(s) not marked';
		$('meta').textContent = meta;
		$('result').hidden = false;
		var ms_render = performance.now() - t0;
		doc.dataset.renderMs = ms_render.toFixed(1);
		$('status').textContent = (resp.entities || []).length + ' entities, ' + ms + ' mentions, ' +
			(resp.figures || []).length + ' figures, ' + (resp.dates || []).length + ' dates, ' +
			(resp.relations || []).length + ' relations.';
		document.body.dataset.state = 'done';
	}

	function onDocClick(ev) {
		var m = ev.target.closest ? ev.target.closest('.m') : null;
		if (m && m.dataset.ent)
			select(m.dataset.ent);
	}

	function onPanelClick(ev) {
		var b = ev.target.closest ? ev.target.closest('.ent') : null;
		if (b)
			select(b.dataset.ent);
	}

	function extract(ev) {
		ev.preventDefault();
		var text = $('text').value;
		var body = {text: text, lang: $('lang').value, offsets: 'utf16'};
		if ($('date').value)
			body.date = $('date').value;
		var btn = $('extract');
		btn.disabled = true;
		document.body.dataset.state = 'busy';
		$('status').textContent = 'Extracting…';
		fetch('v1/extract', {
			method: 'POST',
			headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
			body: JSON.stringify(body)
		}).then(function (res) {
			var ct = res.headers.get('Content-Type') || '';
			if (res.ok)
				return res.json().then(function (resp) { render(text, resp); });
			if (ct.indexOf('json') >= 0)
				return res.json().then(function (p) {
					showError((p.title || 'Error') + ' (' + (p.status || res.status) + ')', p.detail || '');
				});
			return res.text().then(function (t) {
				showError('Error ' + res.status + ' ' + res.statusText, t.slice(0, 300));
			});
		}).catch(function (err) {
			showError('nerdd could not be reached', String(err && err.message || err));
		}).then(function () {
			btn.disabled = false;
			if (document.body.dataset.state === 'busy') {
				document.body.dataset.state = 'error';
				$('status').textContent = 'The extraction failed.';
			}
		});
	}

	function start() {
		legend();
		$('doc').addEventListener('click', onDocClick);
		$('entities').addEventListener('click', onPanelClick);
		document.addEventListener('keydown', function (ev) {
			if (ev.key === 'Escape' && state.selected)
				select(null);
		});
		var data = $('nerd-data');
		if (data) {
			/* A standalone file from `nerd extract --format html`. */
			document.body.classList.add('standalone');
			var d;
			try {
				d = JSON.parse(data.textContent);
			} catch (e) {
				showError('The embedded data cannot be read', String(e.message));
				return;
			}
			if (d.source)
				document.title = d.source + ' – nerd';
			if (d.response && d.response.error)
				showError(d.response.error.title || 'Error', d.response.error.detail || '');
			else if (d.response)
				render(d.text || '', d.response);
			return;
		}
		$('input').addEventListener('submit', extract);
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', start);
	else
		start();
})();
