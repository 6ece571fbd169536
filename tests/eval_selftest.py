#!/usr/bin/env python3
"""eval_selftest.py -- checks the scorer of tests/eval.py on hand-made gold and
prediction pairs, without running nerd.  Run by tests/eval.test; prints one
line per failed check and closes with "N passed, N failed"."""

import copy
import importlib.util
import io
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("nerd_eval", os.path.join(HERE, "eval.py"))
ev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ev)

passed = failed = 0


def check(name, got, want):
	global passed, failed
	ok = got == want
	if isinstance(want, float) and isinstance(got, float):
		ok = abs(got - want) < 1e-9
	if ok:
		passed += 1
	else:
		failed += 1
		print("FAIL %s: got %r, want %r" % (name, got, want))


def span(text, sub, nth=0):
	"""Code point span of the nth occurrence of sub in text."""
	i = -1
	for _ in range(nth + 1):
		i = text.index(sub, i + 1)
	return i, i + len(sub)


# A gold document written for this test (invented event).
TEXT = ("Die Stadtwerke Kassel investieren 12,5 Millionen Euro in ein neues "
	"Wasserwerk. Oberbürgermeisterin Jana Behrendt (SPD) sagte am Montag, "
	"das sei \"ein guter Tag für Kassel\". Die Preise steigen um rund 3 Prozent "
	"(etwa 13,4 Millionen Dollar). Hessische Behörden und der Kasseler "
	"SPD-Vorstand stimmten Anfang März zu. Behrendts Sprecher nannte 40 Mitarbeiter.")


def ent(typ, sub, canonical, form="name", nth=0):
	s, e = span(TEXT, sub, nth)
	return {"type": typ, "text": sub, "start": s, "end": e, "canonical": canonical,
		"form": form}


def fig(kind, sub, value, **kw):
	s, e = span(TEXT, sub)
	d = {"kind": kind, "text": sub, "start": s, "end": e, "value": value,
		"approx": False}
	d.update(kw)
	return d


def date(sub, value, **kw):
	s, e = span(TEXT, sub)
	d = {"text": sub, "start": s, "end": e, "value": value}
	d.update(kw)
	return d


GOLD = {"id": "t1", "lang": "de", "date": "2026-03-10", "text": TEXT,
	"entities": [
		ent("ORG", "Stadtwerke Kassel", "Stadtwerke Kassel"),
		ent("PER", "Jana Behrendt", "Jana Behrendt"),
		ent("ORG", "SPD", "SPD"),
		ent("LOC", "Kassel", "Kassel", nth=2),
		ent("LOC", "Hessische", "Hessen", "derived"),
		ent("LOC", "Kasseler", "Kassel", "derived"),
		ent("ORG", "SPD-Vorstand", "SPD", "part"),
		ent("PER", "Behrendts", "Jana Behrendt"),
	],
	"figures": [
		fig("money", "12,5 Millionen Euro", 12500000, currency="EUR", of="Wasserwerk"),
		fig("percent", "3 Prozent", 3, approx=True, of="Preise"),
		fig("money", "13,4 Millionen Dollar", 13400000, currency="USD", approx=True),
		fig("count", "40 Mitarbeiter", 40),
	],
	"dates": [date("Montag", "2026-03-09"), date("Anfang März", "2026-03", mod="start")],
	"relations": [
		{"type": "role", "person": "Jana Behrendt", "role": "Oberbürgermeisterin",
			"org": None},
		{"type": "member_of", "person": "Jana Behrendt", "org": "SPD"},
		{"type": "quote", "speaker": "Jana Behrendt", "quote": "ein guter Tag für Kassel"},
		{"type": "figure_of", "figure": "12,5 Millionen Euro", "of": "Wasserwerk"},
		{"type": "figure_of", "figure": "3 Prozent", "of": "Preise"},
		{"type": "equivalent", "figure": "3 Prozent", "figure2": "13,4 Millionen Dollar"},
	]}


def as_response(doc):
	"""The response a perfect extractor would give for a gold document."""
	ents, order = {}, []
	for m in doc["entities"]:
		k = (m["type"], m["canonical"])
		if k not in ents:
			ents[k] = {"id": "e%d" % (len(ents) + 1), "type": m["type"],
				"name": m["canonical"], "mentions": []}
			order.append(k)
		ents[k]["mentions"].append({"start": m["start"], "end": m["end"],
			"text": m["text"], "form": m["form"], "source": "test"})
	byname = {ents[k]["name"]: ents[k]["id"] for k in order}
	figs, byfig = [], {}
	for i, f in enumerate(doc["figures"]):
		g = {k: v for k, v in f.items() if k != "of"}
		g["id"] = "f%d" % (i + 1)
		byfig[f["text"]] = g["id"]
		figs.append(g)
	rels = []
	for r in doc["relations"]:
		t = r["type"]
		if t == "role":
			rels.append({"type": t, "person": byname[r["person"]], "role": r["role"],
				"org": byname[r["org"]] if r["org"] else None})
		elif t == "member_of":
			rels.append({"type": t, "person": byname[r["person"]],
				"org": byname[r["org"]]})
		elif t == "quote":
			rels.append({"type": t, "speaker": byname[r["speaker"]],
				"quote": r["quote"], "kind": "direct"})
		elif t == "figure_of":
			rels.append({"type": t, "figure": byfig[r["figure"]], "of": r["of"]})
		elif t == "equivalent":
			# the other order on purpose: equivalence is unordered
			rels.append({"type": t, "figure": byfig[r["figure2"]],
				"figure2": byfig[r["figure"]]})
	return {"id": doc["id"], "entities": [ents[k] for k in order], "figures": figs,
		"dates": copy.deepcopy(doc["dates"]), "relations": rels}


def score(gold, resp):
	s = ev.DevScore()
	s.add_doc(gold, resp)
	return s


def row(s, name):
	r = s.rows[name]
	return (r.tp, r.fp, r.fn)


def find_mention(resp, text):
	for e in resp["entities"]:
		for m in e["mentions"]:
			if m["text"] == text:
				return e, m
	raise KeyError(text)


# --- the gold spans are right (a broken fixture would make the rest moot)
for m in GOLD["entities"] + GOLD["figures"] + GOLD["dates"]:
	check("fixture span " + m["text"], TEXT[m["start"]:m["end"]], m["text"])

# --- gold against itself: every layer perfect
s = score(GOLD, as_response(GOLD))
for name, r in sorted(s.rows.items()):
	if r.tp + r.fn:
		check("self " + name + " F1", r.f, 1.0)
	check("self " + name + " fp", r.fp, 0)
check("self mentions PER/LOC/ORG", row(s, "mentions.name.PER/LOC/ORG"), (5, 0, 0))
check("self all forms", row(s, "mentions.all.PER/LOC/ORG"), (8, 0, 0))
check("self derived", row(s, "mentions.all.form.derived"), (2, 0, 0))
check("self doc entities", row(s, "entities.PER/LOC/ORG"), (5, 0, 0))
check("self canonical", (s.canon_ok, s.canon_n), (8, 8))
check("self figures", row(s, "figures.all"), (4, 0, 0))
check("self relations", row(s, "relations.all"), (6, 0, 0))
check("self errors", s.errors, [])

# --- a removed name mention lowers recall by exactly one in five
resp = as_response(GOLD)
e, m = find_mention(resp, "Jana Behrendt")
e["mentions"].remove(m)
s = score(GOLD, resp)
check("removed: name row", row(s, "mentions.name.PER/LOC/ORG"), (4, 0, 1))
check("removed: recall", s.rows["mentions.name.PER/LOC/ORG"].r, 0.8)
check("removed: precision", s.rows["mentions.name.PER/LOC/ORG"].p, 1.0)
check("removed: PER", row(s, "mentions.name.PER"), (1, 0, 1))
check("removed: doc entity still found", row(s, "entities.PER/LOC/ORG"), (5, 0, 0))
check("removed: error listed", [(x[1], x[2]) for x in s.errors], [("mention", "FN")])

# --- a span shifted by one code point is wrong under strict matching
resp = as_response(GOLD)
e, m = find_mention(resp, "Stadtwerke Kassel")
m["start"] += 1
s = score(GOLD, resp)
check("shifted: name row", row(s, "mentions.name.PER/LOC/ORG"), (4, 1, 1))
check("shifted: F1", round(s.rows["mentions.name.PER/LOC/ORG"].f, 12), 0.8)
check("shifted: canonical only for matched", s.canon_n, 7)

# --- a wrong type is a false positive and a false negative
resp = as_response(GOLD)
for e in resp["entities"]:
	if e["name"] == "Stadtwerke Kassel":
		e["type"] = "LOC"
s = score(GOLD, resp)
check("type: ORG", row(s, "mentions.name.ORG"), (1, 0, 1))
check("type: LOC", row(s, "mentions.name.LOC"), (1, 1, 0))
check("type: doc entities", row(s, "entities.PER/LOC/ORG"), (4, 1, 1))

# --- a derived mention predicted as a name counts in (b), not as a hit
resp = as_response(GOLD)
e, m = find_mention(resp, "Kasseler")
m["form"] = "name"
s = score(GOLD, resp)
check("form: name row gets an FP", row(s, "mentions.name.PER/LOC/ORG"), (5, 1, 0))
check("form: all forms", row(s, "mentions.all.PER/LOC/ORG"), (7, 1, 1))
check("form: canonical still compared", (s.canon_ok, s.canon_n), (8, 8))

# --- a wrong canonical name: mention still matches, accuracy drops
resp = as_response(GOLD)
for e in resp["entities"]:
	if e["name"] == "Jana Behrendt":
		e["name"] = "Behrendt"
s = score(GOLD, resp)
check("canonical: mentions unaffected", row(s, "mentions.name.PER"), (2, 0, 0))
check("canonical: accuracy", (s.canon_ok, s.canon_n), (6, 8))
check("canonical: doc entity", row(s, "entities.PER/LOC/ORG"), (4, 1, 1))
check("canonical: relations follow the name", row(s, "relations.role"), (0, 1, 1))
check("canonical: quote follows the name", row(s, "relations.quote"), (0, 1, 1))

# --- MISC is kept apart
g2 = copy.deepcopy(GOLD)
resp = as_response(g2)
resp["entities"].append({"id": "e99", "type": "MISC", "name": "Wasserwerk",
	"mentions": [{"start": span(TEXT, "Wasserwerk")[0], "end": span(TEXT, "Wasserwerk")[1],
	"text": "Wasserwerk", "form": "name"}]})
s = score(g2, resp)
check("misc: base unaffected", row(s, "mentions.name.PER/LOC/ORG"), (5, 0, 0))
check("misc: apart", row(s, "mentions.name.MISC"), (0, 1, 0))

# --- figures: value tolerance, currency, unit and span overlap
def fig_row(mutate, rowname="figures.all"):
	resp = as_response(GOLD)
	mutate(resp["figures"])
	return row(score(GOLD, resp), rowname)

check("fig: tolerance 1e-7 accepted",
	fig_row(lambda fs: fs[0].update(value=12500000 * (1 + 1e-7))), (4, 0, 0))
check("fig: 1e-5 off rejected",
	fig_row(lambda fs: fs[0].update(value=12500000 * (1 + 1e-5))), (3, 1, 1))
check("fig: currency", fig_row(lambda fs: fs[0].update(currency="USD")), (3, 1, 1))
check("fig: unit", fig_row(lambda fs: fs[3].update(unit="t")), (3, 1, 1))
check("fig: kind", fig_row(lambda fs: fs[3].update(kind="quantity")), (3, 1, 1))
check("fig: per kind money", fig_row(lambda fs: fs[0].update(currency="USD"),
	"figures.money"), (1, 1, 1))
check("fig: per kind count untouched", fig_row(lambda fs: fs[0].update(currency="USD"),
	"figures.count"), (1, 0, 0))
check("fig: overlapping span accepted",
	fig_row(lambda fs: fs[1].update(start=fs[1]["start"] - 8)), (4, 0, 0))
check("fig: disjoint span rejected",
	fig_row(lambda fs: fs[1].update(start=fs[1]["end"], end=fs[1]["end"] + 2)), (3, 1, 1))
check("fig: span-only row ignores value",
	fig_row(lambda fs: fs[0].update(value=1), "figures.span-only"), (4, 0, 0))
check("fig: extra figure", fig_row(lambda fs: fs.append(dict(fs[3], id="f9", start=0,
	end=3))), (4, 1, 0))
check("fig: one prediction matches one gold only",
	fig_row(lambda fs: fs.__delitem__(slice(1, None))), (1, 0, 3))

resp = as_response(GOLD)
resp["figures"][1]["approx"] = False
resp["figures"][3]["bound"] = "min"
s = score(GOLD, resp)
check("fig: attributes do not affect matching", row(s, "figures.all"), (4, 0, 0))
check("fig: approx agreement", s.fig_attr["approx"], [3, 4])
check("fig: bound agreement", s.fig_attr["bound"], [3, 4])

# --- dates: value and mod
def date_rows(mutate):
	resp = as_response(GOLD)
	mutate(resp["dates"])
	s = score(GOLD, resp)
	return row(s, "dates.value"), row(s, "dates.value+mod")

check("date: self", date_rows(lambda ds: None), ((2, 0, 0), (2, 0, 0)))
check("date: mod missing", date_rows(lambda ds: ds[1].pop("mod")),
	((2, 0, 0), (1, 1, 1)))
check("date: mod ignored when gold has none",
	date_rows(lambda ds: ds[0].update(mod="end")), ((2, 0, 0), (2, 0, 0)))
check("date: wrong value", date_rows(lambda ds: ds[0].update(value="2026-03-16")),
	((1, 1, 1), (1, 1, 1)))

# --- relations
resp = as_response(GOLD)
for r in resp["relations"]:
	if r["type"] == "quote":
		r["quote"] = "  " + r["quote"] + " "
resp["relations"].append({"type": "quote", "speaker": "e2", "quote": "alles gut",
	"kind": "indirect"})
s = score(GOLD, resp)
check("rel: quote whitespace stripped, indirect ignored", row(s, "relations.quote"),
	(1, 0, 0))
resp = as_response(GOLD)
resp["relations"] = [r for r in resp["relations"] if r["type"] != "figure_of"]
resp["figures"][0]["of"] = "Wasserwerk"
s = score(GOLD, resp)
check("rel: inline figure of", row(s, "relations.figure_of"), (1, 0, 1))
resp = as_response(GOLD)
resp["relations"] = [r for r in resp["relations"] if r["type"] != "equivalent"]
resp["figures"][2]["equivalent"] = "f2"
s = score(GOLD, resp)
check("rel: inline equivalent", row(s, "relations.equivalent"), (1, 0, 0))
resp = as_response(GOLD)
for r in resp["relations"]:
	if r["type"] == "role":
		r["org"] = "e3"
s = score(GOLD, resp)
check("rel: role org must agree", row(s, "relations.role"), (0, 1, 1))
check("rel: overall", row(s, "relations.all"), (5, 1, 1))
s = score(GOLD, {"id": "t1", "error": {"code": "x"}})
check("error response predicts nothing", (s.pred_errors, row(s, "relations.all")),
	(1, (0, 0, 6)))

# --- the dev command end to end with saved predictions
with tempfile.TemporaryDirectory() as tmp:
	gpath = os.path.join(tmp, "gold.jsonl")
	ppath = os.path.join(tmp, "pred.ndjson")
	with open(gpath, "w", encoding="utf-8") as f:
		f.write(json.dumps(GOLD, ensure_ascii=False) + "\n")
	with open(ppath, "w", encoding="utf-8") as f:
		f.write(json.dumps(as_response(GOLD), ensure_ascii=False) + "\n")
	out = io.StringIO()
	old, sys.stdout = sys.stdout, out
	try:
		rc = ev.main(["dev", gpath, "--pred", ppath, "--json"])
	finally:
		sys.stdout = old
	summ = json.loads(out.getvalue())
	check("cli: exit", rc, 0)
	check("cli: relations F1", summ["scores"]["relations.all"]["f1"], 1.0)
	check("cli: canonical", summ["scores"]["canonical_accuracy"]["accuracy"], 1.0)
	with open(ppath, "a", encoding="utf-8") as f:
		f.write(json.dumps(as_response(GOLD)) + "\n")
	try:
		ev.main(["dev", gpath, "--pred", ppath])
		check("cli: extra line rejected", "no exit", "exit")
	except SystemExit as e:
		check("cli: extra line rejected", "lines for" in str(e.code), True)

# --- GermEval: detokenisation keeps token offsets
toks = ["Die", "„", "Kieler", "Woche", "“", "(", "Juni", ")", "zieht", '"',
	"Segler", '"', "aus", "Dänemark", "an", "."]
text, spans = ev.detokenize(toks)
check("ge: detokenised", text,
	'Die „Kieler Woche“ (Juni) zieht "Segler" aus Dänemark an.')
check("ge: offsets", [text[a:b] for a, b in spans], toks)

# --- GermEval: a tiny hand-made TSV, read, aligned and scored
TSV = """#\thttp://example.org/a\t[2014-05-01]\t
1\tBürgermeister\tO\tO
2\tKarl\tB-PER\tO
3\tWendt\tI-PER\tO
4\tlobt\tO\tO
5\tdie\tO\tO
6\tHamburger\tB-LOCderiv\tO
7\tHafen-Behörde\tB-ORG\tB-LOCpart
8\t.\tO\tO

#\thttp://example.org/b\t[2014-05-02]\t
1\tDer\tO\tO
2\tVfL\tB-ORG\tO
3\tBochum\tI-ORG\tB-LOC
4\tspielt\tO\tO
5\tin\tO\tO
6\tBerlin\tB-LOC\tO
7\tbeim\tO\tO
8\tDFB-Pokal\tB-OTH\tB-ORGpart
9\t.\tO\tO
"""
with tempfile.TemporaryDirectory() as tmp:
	tpath = os.path.join(tmp, "ge.tsv")
	with open(tpath, "w", encoding="utf-8") as f:
		f.write(TSV)
	sents = ev.read_germeval(tpath)
check("ge: sentences", len(sents), 2)
check("ge: date", sents[0]["date"], "2014-05-01")
check("ge: outer", sents[1]["outer"][1:3], ["B-ORG", "I-ORG"])
check("ge: chunks", ev.bio_chunks(sents[0]["outer"]),
	[(1, 3, "PER"), (5, 6, "LOCderiv"), (6, 7, "ORG")])
check("ge: I- after O starts a chunk", ev.bio_chunks(["O", "I-LOC", "I-LOC", "B-LOC"]),
	[(1, 3, "LOC"), (3, 4, "LOC")])

t0, sp0 = ev.detokenize(sents[0]["tokens"])
t1, sp1 = ev.detokenize(sents[1]["tokens"])


def m(text, sub, typ, form="name"):
	a, b = span(text, sub)
	return {"start": a, "end": b, "type": typ, "form": form}

# sentence 1: all right; sentence 2: "Bochum" alone (span wrong), Berlin right,
# DFB-Pokal as MISC, plus a sub-token mention inside "Hafen-Behörde" that the
# longer ORG mention wins over.
p0 = [m(t0, "Karl Wendt", "PER"), m(t0, "Hamburger", "LOC", "derived"),
	m(t0, "Hafen-Behörde", "ORG"), m(t0, "Hafen", "LOC", "part")]
p1 = [m(t1, "Bochum", "ORG"), m(t1, "Berlin", "LOC"), m(t1, "DFB-Pokal", "MISC"),
	m(t1, "spielt in", "PER")]
lab0 = ev.mentions_to_bio(sp0, p0)
lab1 = ev.mentions_to_bio(sp1, p1)
check("ge: labels 1", lab0, sents[0]["outer"])
check("ge: labels 2", lab1, ["O", "O", "B-ORG", "B-PER", "I-PER", "B-LOC", "O",
	"B-OTH", "O"])
check("ge: sub-token mention", ev.mentions_to_bio(sp0, [m(t0, "Hafen", "LOC", "part")])[6],
	"B-LOCpart")
gs = ev.GermEvalScore()
gs.add(sents[0]["outer"], lab0)
gs.add(sents[1]["outer"], lab1)
check("ge: all labels", (gs.all.tp, gs.all.fp, gs.all.fn), (5, 2, 1))
check("ge: base labels", (gs.base.tp, gs.base.fp, gs.base.fn), (3, 2, 1))
check("ge: ORG", (gs.labels["ORG"].tp, gs.labels["ORG"].fp, gs.labels["ORG"].fn),
	(1, 1, 1))
check("ge: base F1", gs.base.f, 2 * 0.6 * 0.75 / (0.6 + 0.75))
check("ge: OTH counts in all only", "OTH" in gs.labels and gs.labels["OTH"].tp, 1)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
