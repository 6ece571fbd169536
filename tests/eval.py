#!/usr/bin/env python3
"""eval.py -- score nerd against annotated gold data (python3 stdlib only).

Two subcommands share one way of running the extractor:

  eval.py dev [GOLD.jsonl]       the gold format of shared/ANNOTATION.md: entity
                                 mentions, canonical names, figures, dates and
                                 relations, P/R/F1 per layer
  eval.py germeval [NER.tsv]     GermEval 2014: outer BIO labels rebuilt from the
                                 predicted mentions, strict span F1 per label

Predictions come from `nerd extract --ndjson` (one request per line in, one
response per line out), or, with --pred FILE, from responses saved earlier
(tests/eval.test uses that to check the scorer without the CLI).  The scoring
functions take plain lists and dicts and keep no state, so they can be
imported and tested on hand-made gold/prediction pairs.
"""

import argparse
import json
import os
import subprocess
import sys

BASE_TYPES = ("PER", "LOC", "ORG")
FIG_KINDS = ("percent", "money", "quantity", "count")
REL_TYPES = ("role", "member_of", "quote", "figure_of", "equivalent")


# ---------------------------------------------------------------- counting

class PRF:
	"""True positives, false positives and false negatives of one row."""

	def __init__(self, tp=0, fp=0, fn=0):
		self.tp, self.fp, self.fn = tp, fp, fn

	def add(self, tp, fp, fn):
		self.tp += tp
		self.fp += fp
		self.fn += fn

	@property
	def p(self):
		return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

	@property
	def r(self):
		return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

	@property
	def f(self):
		p, r = self.p, self.r
		return 2 * p * r / (p + r) if p + r else 0.0

	def as_dict(self):
		return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
			"p": round(self.p, 4), "r": round(self.r, 4),
			"f1": round(self.f, 4)}


def score_sets(gold, pred):
	"""Exact matching of two sets (or lists, taken as sets): returns
	(tp, false positives, false negatives) with the unmatched items sorted."""
	g, p = set(gold), set(pred)
	return len(g & p), sorted(p - g, key=repr), sorted(g - p, key=repr)


def overlaps(a, b):
	return a["start"] < b["end"] and b["start"] < a["end"]


def match_greedy(gold, pred, same):
	"""One-to-one matching of gold and predicted items where same(g, p) says
	whether two items agree; a gold item takes the first free prediction that
	agrees (preferring one with the identical span).  Returns (pairs,
	unmatched predictions, unmatched gold)."""
	used = [False] * len(pred)
	pairs, fn = [], []
	for g in gold:
		best = None
		for i, p in enumerate(pred):
			if used[i] or not same(g, p):
				continue
			if p.get("start") == g.get("start") and p.get("end") == g.get("end"):
				best = i
				break
			if best is None:
				best = i
		if best is None:
			fn.append(g)
		else:
			used[best] = True
			pairs.append((g, pred[best]))
	fp = [p for i, p in enumerate(pred) if not used[i]]
	return pairs, fp, fn


# ------------------------------------------------------- reading responses

def pred_mentions(resp):
	"""Flatten a response's entities into mention dicts carrying the
	entity's type, canonical name and id."""
	out = []
	for e in resp.get("entities") or []:
		for m in e.get("mentions") or []:
			out.append({"start": m.get("start"), "end": m.get("end"),
				"text": m.get("text", ""), "form": m.get("form") or "name",
				"type": e.get("type"), "canonical": e.get("name"),
				"entity": e.get("id")})
	return out


def gold_mentions(doc):
	return [{"start": e["start"], "end": e["end"], "text": e.get("text", ""),
		"form": e.get("form") or "name", "type": e["type"],
		"canonical": e.get("canonical") or e.get("text")}
		for e in doc.get("entities") or []]


def norm_rel_text(s):
	return s.strip() if isinstance(s, str) else s


def gold_relations(doc):
	"""Relation tuples of a gold document, keyed by type.  figure_of and
	equivalent are also read from the figures' own `of`/`equivalent`
	fields; equivalence is taken as unordered."""
	rel = {t: set() for t in REL_TYPES}
	for r in doc.get("relations") or []:
		t = r.get("type")
		if t == "role":
			rel[t].add((r.get("person"), norm_rel_text(r.get("role")), r.get("org")))
		elif t == "member_of":
			rel[t].add((r.get("person"), r.get("org")))
		elif t == "quote":
			rel[t].add((r.get("speaker"), norm_rel_text(r.get("quote"))))
		elif t == "figure_of":
			rel[t].add((norm_rel_text(r.get("figure")), norm_rel_text(r.get("of"))))
		elif t == "equivalent":
			rel[t].add(tuple(sorted((norm_rel_text(r.get("figure")),
				norm_rel_text(r.get("figure2"))))))
	for f in doc.get("figures") or []:
		if f.get("of"):
			rel["figure_of"].add((norm_rel_text(f["text"]), norm_rel_text(f["of"])))
	return rel


def pred_relations(resp, text):
	"""Relation tuples of a response, with entity and figure ids replaced
	by canonical names and figure span texts.  Indirect quotes are left
	out: the gold sets hold direct quotes only."""
	names = {e.get("id"): e.get("name") for e in resp.get("entities") or []}
	figs = {}
	for f in resp.get("figures") or []:
		ftext = f.get("text")
		if ftext is None and text is not None:
			ftext = text[f["start"]:f["end"]]
		figs[f.get("id")] = norm_rel_text(ftext)

	def ent(x):
		if x is None:
			return None
		return names.get(x, "<unknown %s>" % x)

	def fig(x):
		return figs.get(x, "<unknown %s>" % x)

	rel = {t: set() for t in REL_TYPES}
	for r in resp.get("relations") or []:
		t = r.get("type")
		if t == "role":
			rel[t].add((ent(r.get("person")), norm_rel_text(r.get("role")),
				ent(r.get("org"))))
		elif t == "member_of":
			rel[t].add((ent(r.get("person")), ent(r.get("org"))))
		elif t == "quote":
			if r.get("kind", "direct") != "indirect":
				rel[t].add((ent(r.get("speaker")), norm_rel_text(r.get("quote"))))
		elif t == "figure_of":
			rel[t].add((fig(r.get("figure")), norm_rel_text(r.get("of"))))
		elif t == "equivalent":
			rel[t].add(tuple(sorted((fig(r.get("figure")),
				fig(r.get("figure2"))), key=str)))
	for f in resp.get("figures") or []:
		if f.get("of"):
			rel["figure_of"].add((figs.get(f.get("id")), norm_rel_text(f["of"])))
		if f.get("equivalent"):
			rel["equivalent"].add(tuple(sorted((figs.get(f.get("id")),
				fig(f["equivalent"])), key=str)))
	return rel


# ------------------------------------------------------------- dev scoring

def num_equal(a, b, rel=1e-6):
	if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
		return a == b
	if a == b:
		return True
	return abs(a - b) <= rel * max(abs(a), abs(b))


def fig_same(g, p):
	return (g.get("kind") == p.get("kind")
		and num_equal(g.get("value"), p.get("value"))
		and (g.get("currency") or None) == (p.get("currency") or None)
		and (g.get("unit") or None) == (p.get("unit") or None)
		and overlaps(g, p))


def fig_span_only(g, p):
	return overlaps(g, p)


def date_same(g, p):
	return g.get("value") == p.get("value") and overlaps(g, p)


def date_same_mod(g, p):
	if not date_same(g, p):
		return False
	if g.get("mod"):
		return g.get("mod") == p.get("mod")
	return True


class DevScore:
	"""Accumulates every layer of the dev evaluation over documents; keeps
	per-document errors for --errors."""

	def __init__(self):
		self.rows = {}          # name -> PRF
		self.canon_ok = 0
		self.canon_n = 0
		self.fig_attr = {"approx": [0, 0], "bound": [0, 0]}  # agree, matched
		self.errors = []        # (doc id, layer, "FP"/"FN", item)
		self.pred_errors = 0    # responses that were error objects

	def row(self, name):
		if name not in self.rows:
			self.rows[name] = PRF()
		return self.rows[name]

	def err(self, doc, layer, fp, fn):
		for x in fp:
			self.errors.append((doc, layer, "FP", x))
		for x in fn:
			self.errors.append((doc, layer, "FN", x))

	def add_doc(self, gold, resp):
		"""Score one gold document against one response (a dict; an error
		response counts as predicting nothing)."""
		did = gold.get("id")
		text = gold.get("text", "")
		if resp is None or "error" in resp:
			self.pred_errors += 1
			resp = {}
		gm, pm = gold_mentions(gold), pred_mentions(resp)

		# (a) name-form mentions, strict span + type
		def key_a(m):
			return (m["start"], m["end"], m["type"])
		for group, types in (("PER/LOC/ORG", BASE_TYPES), ("MISC", ("MISC",))):
			for t in types:
				g = [key_a(m) for m in gm if m["form"] == "name" and m["type"] == t]
				p = [key_a(m) for m in pm if m["form"] == "name" and m["type"] == t]
				tp, fp, fn = score_sets(g, p)
				self.row("mentions.name." + t).add(tp, len(fp), len(fn))
				if group != t:
					self.row("mentions.name." + group).add(tp, len(fp), len(fn))
				self.err(did, "mention", [self._ment(text, x) for x in fp],
					[self._ment(text, x) for x in fn])

		# (b) all forms: span + type + form
		def key_b(m):
			return (m["start"], m["end"], m["type"], m["form"])
		for group, types in (("PER/LOC/ORG", BASE_TYPES), ("MISC", ("MISC",))):
			for t in types:
				g = [key_b(m) for m in gm if m["type"] == t]
				p = [key_b(m) for m in pm if m["type"] == t]
				tp, fp, fn = score_sets(g, p)
				self.row("mentions.all." + group).add(tp, len(fp), len(fn))
				for form in ("name", "derived", "part"):
					gf = [k for k in g if k[3] == form]
					pf = [k for k in p if k[3] == form]
					tpf, fpf, fnf = score_sets(gf, pf)
					if group == "PER/LOC/ORG":
						self.row("mentions.all.form." + form).add(tpf, len(fpf), len(fnf))
				self.err(did, "mention+form",
					[self._ment(text, x) for x in fp if x[3] != "name"],
					[self._ment(text, x) for x in fn if x[3] != "name"])

		# (c) document-level entities: (type, canonical)
		for group, types in (("PER/LOC/ORG", BASE_TYPES), ("MISC", ("MISC",))):
			g = {(m["type"], m["canonical"]) for m in gm if m["type"] in types}
			p = {(m["type"], m["canonical"]) for m in pm if m["type"] in types}
			for e in resp.get("entities") or []:
				if e.get("type") in types:
					p.add((e.get("type"), e.get("name")))
			tp, fp, fn = score_sets(g, p)
			self.row("entities." + group).add(tp, len(fp), len(fn))
			self.err(did, "entity", ["%s %s" % x for x in fp],
				["%s %s" % x for x in fn])

		# (d) canonical names of mentions matched on span + type
		pidx = {}
		for m in pm:
			pidx.setdefault((m["start"], m["end"], m["type"]), m)
		for m in gm:
			q = pidx.get((m["start"], m["end"], m["type"]))
			if q is None:
				continue
			self.canon_n += 1
			if q["canonical"] == m["canonical"]:
				self.canon_ok += 1
			else:
				self.errors.append((did, "canonical", "WRONG",
					"%r %s -> %r, gold %r" % (m["text"], m["type"],
					q["canonical"], m["canonical"])))

		# (e) figures
		gf = list(gold.get("figures") or [])
		pf = [f for f in resp.get("figures") or [] if "start" in f and "end" in f]
		pairs, fp, fn = match_greedy(gf, pf, fig_same)
		self.row("figures.all").add(len(pairs), len(fp), len(fn))
		for g, p in pairs:
			for attr, dflt in (("approx", False), ("bound", None)):
				a = self.fig_attr[attr]
				a[1] += 1
				if (g.get(attr) or dflt) == (p.get(attr) or dflt):
					a[0] += 1
				else:
					self.errors.append((did, "figure." + attr, "WRONG",
						"%s -> %r, gold %r" % (self._fig(text, g), p.get(attr),
						g.get(attr))))
		for k in FIG_KINDS:
			self.row("figures." + k).add(
				sum(1 for g, _ in pairs if g.get("kind") == k),
				sum(1 for p in fp if p.get("kind") == k),
				sum(1 for g in fn if g.get("kind") == k))
		sp, sfp, sfn = match_greedy(gf, pf, fig_span_only)
		self.row("figures.span-only").add(len(sp), len(sfp), len(sfn))
		self.err(did, "figure", [self._fig(text, x) for x in fp],
			[self._fig(text, x) for x in fn])

		# (f) dates, with and without the modifier
		gd = list(gold.get("dates") or [])
		pd = [x for x in resp.get("dates") or [] if "start" in x and "end" in x]
		pairs, fp, fn = match_greedy(gd, pd, date_same)
		self.row("dates.value").add(len(pairs), len(fp), len(fn))
		self.err(did, "date", [self._date(text, x) for x in fp],
			[self._date(text, x) for x in fn])
		pairs, fp, fn = match_greedy(gd, pd, date_same_mod)
		self.row("dates.value+mod").add(len(pairs), len(fp), len(fn))

		# (g) relations
		gr, pr = gold_relations(gold), pred_relations(resp, text)
		for t in REL_TYPES:
			tp, fp, fn = score_sets(gr[t], pr[t])
			self.row("relations." + t).add(tp, len(fp), len(fn))
			self.row("relations.all").add(tp, len(fp), len(fn))
			self.err(did, "rel." + t, [repr(x) for x in fp], [repr(x) for x in fn])

	@staticmethod
	def _ment(text, k):
		s = "%d-%d %s %r" % (k[0], k[1], k[2], text[k[0]:k[1]])
		return s + (" " + k[3] if len(k) > 3 else "")

	@staticmethod
	def _fig(text, f):
		extra = "".join(" %s=%s" % (a, f[a]) for a in ("currency", "unit")
			if f.get(a))
		return "%s-%s %s %r value=%s%s" % (f.get("start"), f.get("end"),
			f.get("kind"), text[f["start"]:f["end"]], f.get("value"), extra)

	@staticmethod
	def _date(text, d):
		mod = " mod=%s" % d["mod"] if d.get("mod") else ""
		return "%s-%s %r value=%s%s" % (d.get("start"), d.get("end"),
			text[d["start"]:d["end"]], d.get("value"), mod)

	def summary(self):
		out = {k: v.as_dict() for k, v in self.rows.items()}
		out["canonical_accuracy"] = {"matched": self.canon_n,
			"correct": self.canon_ok,
			"accuracy": round(self.canon_ok / self.canon_n, 4) if self.canon_n else 0.0}
		for attr, (ok, n) in self.fig_attr.items():
			out["figures.%s_agrees" % attr] = {"matched": n, "correct": ok,
				"accuracy": round(ok / n, 4) if n else 0.0}
		out["error_responses"] = self.pred_errors
		return out


DEV_TABLE = [
	("(a) mentions, form name, span+type", None),
	("PER", "mentions.name.PER"), ("LOC", "mentions.name.LOC"),
	("ORG", "mentions.name.ORG"), ("PER/LOC/ORG", "mentions.name.PER/LOC/ORG"),
	("MISC (apart)", "mentions.name.MISC"),
	("(b) mentions, all forms, span+type+form", None),
	("PER/LOC/ORG", "mentions.all.PER/LOC/ORG"),
	("  form name", "mentions.all.form.name"),
	("  form derived", "mentions.all.form.derived"),
	("  form part", "mentions.all.form.part"),
	("MISC (apart)", "mentions.all.MISC"),
	("(c) document entities (type, canonical)", None),
	("PER/LOC/ORG", "entities.PER/LOC/ORG"), ("MISC (apart)", "entities.MISC"),
	("(d) canonical names of mentions matched on span+type", None),
	("correct / matched", "canonical"),
	("(e) figures: kind+value+currency/unit, overlap", None),
	("percent", "figures.percent"), ("money", "figures.money"),
	("quantity", "figures.quantity"), ("count", "figures.count"),
	("all", "figures.all"), ("span overlap only", "figures.span-only"),
	("approx agrees (matched figures)", "fig.approx"),
	("bound agrees (matched figures)", "fig.bound"),
	("(f) dates: value, overlap", None),
	("value", "dates.value"), ("value+mod", "dates.value+mod"),
	("(g) relations, document level", None),
	("role", "relations.role"), ("member_of", "relations.member_of"),
	("quote", "relations.quote"), ("figure_of", "relations.figure_of"),
	("equivalent", "relations.equivalent"), ("all", "relations.all"),
]


def print_table(rows, layout, out, score=None):
	out.write("%-38s %5s %5s %5s  %6s %6s %6s\n" % ("", "tp", "fp", "fn", "P", "R", "F1"))
	for label, key in layout:
		if key is None:
			out.write(label + "\n")
			continue
		if key == "canonical" or key.startswith("fig."):
			ok, n = ((score.canon_ok, score.canon_n) if key == "canonical"
				else score.fig_attr[key[4:]])
			out.write("  %-36s %5d / %-5d  accuracy %.3f\n" % (label, ok, n,
				ok / n if n else 0.0))
			continue
		r = rows.get(key, PRF())
		out.write("  %-36s %5d %5d %5d  %6.3f %6.3f %6.3f\n" % (label, r.tp, r.fp,
			r.fn, r.p, r.r, r.f))


def print_dev(score, out):
	print_table(score.rows, DEV_TABLE, out, score)
	if score.pred_errors:
		out.write("warning: %d documents came back as error objects\n" %
			score.pred_errors)


# -------------------------------------------------------- running the CLI

def find_nerd(explicit):
	if explicit:
		return explicit
	for d in (os.environ.get("top_builddir"), os.path.join(os.path.dirname(
			os.path.abspath(__file__)), "..")):
		if d and os.path.exists(os.path.join(d, "src", "nerd")):
			return os.path.join(d, "src", "nerd")
	return "nerd"


def run_nerd(requests, nerd, jobs=None, gazetteers=None):
	"""Send the request dicts through `nerd extract --ndjson` and return the
	response dicts in the same order.  A line that is not JSON, or a count
	that does not match, is an error (exit status 2), never a silent shift."""
	cmd = [nerd, "extract", "--ndjson"]
	if jobs:
		cmd += ["-j", str(jobs)]
	if gazetteers:
		cmd += ["--gazetteers", gazetteers]
	data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in requests)
	try:
		proc = subprocess.run(cmd, input=data.encode("utf-8"),
			stdout=subprocess.PIPE, stderr=subprocess.PIPE)
	except OSError as e:
		sys.exit("eval: cannot run %s: %s" % (nerd, e))
	if proc.returncode != 0:
		sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
		sys.exit("eval: %s exited with status %d" % (" ".join(cmd), proc.returncode))
	return parse_responses(proc.stdout.decode("utf-8"), requests, " ".join(cmd))


def parse_responses(text, requests, origin):
	lines = text.splitlines()
	if len(lines) != len(requests):
		sys.exit("eval: %s gave %d lines for %d requests" % (origin, len(lines),
			len(requests)))
	out = []
	for i, (line, req) in enumerate(zip(lines, requests)):
		try:
			resp = json.loads(line)
		except ValueError as e:
			sys.exit("eval: %s line %d is not JSON: %s" % (origin, i + 1, e))
		if resp.get("id") != req.get("id"):
			sys.exit("eval: %s line %d has id %r, expected %r" % (origin, i + 1,
				resp.get("id"), req.get("id")))
		out.append(resp)
	return out


def read_pred_file(path, requests):
	with open_input(path) as f:
		return parse_responses(f.read(), requests, path)


def open_input(path):
	try:
		return open(path, encoding="utf-8")
	except OSError as e:
		sys.exit("eval: cannot open %s: %s" % (path, e.strerror))


def read_jsonl(path):
	docs = []
	with open_input(path) as f:
		for n, line in enumerate(f, 1):
			if not line.strip():
				continue
			try:
				docs.append(json.loads(line))
			except ValueError as e:
				sys.exit("eval: %s:%d: %s" % (path, n, e))
	return docs


def get_predictions(args, requests):
	if args.pred:
		return read_pred_file(args.pred, requests)
	preds = run_nerd(requests, find_nerd(args.nerd), args.jobs, args.gazetteers)
	if args.save_pred:
		with open(args.save_pred, "w", encoding="utf-8") as f:
			for p in preds:
				f.write(json.dumps(p, ensure_ascii=False) + "\n")
	return preds


# ---------------------------------------------------------------- GermEval

NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "“", "'s", "...", "…"}
NO_SPACE_AFTER = {"(", "[", "{", "„"}


def read_germeval(path):
	"""Sentences of a GermEval 2014 TSV: dicts with `tokens`, `outer`,
	`inner`, `source` and `date` (from the `#` line, or None)."""
	sents, cur = [], None
	with open_input(path) as f:
		for n, line in enumerate(f, 1):
			line = line.rstrip("\n")
			if line.startswith("#"):
				parts = line.split("\t")
				date = None
				for p in parts:
					if len(p) == 12 and p[0] == "[" and p[-1] == "]":
						date = p[1:-1]
				cur = {"tokens": [], "outer": [], "inner": [],
					"source": parts[1] if len(parts) > 1 else "", "date": date}
				continue
			if not line.strip():
				if cur and cur["tokens"]:
					sents.append(cur)
				cur = None
				continue
			cols = line.split("\t")
			if len(cols) < 3:
				sys.exit("eval: %s:%d: expected index, token, outer label" % (path, n))
			if cur is None:
				cur = {"tokens": [], "outer": [], "inner": [], "source": "", "date": None}
			cur["tokens"].append(cols[1])
			cur["outer"].append(cols[2])
			cur["inner"].append(cols[3] if len(cols) > 3 else "O")
	if cur and cur["tokens"]:
		sents.append(cur)
	return sents


def detokenize(tokens):
	"""Join tokens into text with spaces, but none before closing
	punctuation or after opening brackets; a straight double quote opens and
	closes in turn.  Returns (text, [(start, end)] per token) in code points."""
	out, spans = [], []
	pos = 0
	no_space_next = True
	quote_open = False
	for tok in tokens:
		attach = no_space_next or tok in NO_SPACE_BEFORE
		if tok == '"':
			if quote_open:
				attach = True
			quote_open = not quote_open
		if not attach:
			out.append(" ")
			pos += 1
		spans.append((pos, pos + len(tok)))
		out.append(tok)
		pos += len(tok)
		no_space_next = tok in NO_SPACE_AFTER or (tok == '"' and quote_open)
	return "".join(out), spans


GE_TYPE = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "OTH"}
GE_FORM = {"name": "", "derived": "deriv", "part": "part"}


def mentions_to_bio(spans, mentions):
	"""Outer BIO labels for tokens at spans [(start, end)] from predicted
	mention dicts (start, end, type, form).  A mention takes the tokens that
	lie inside it (or, when it lies inside one token, that token); longer
	mentions win over the ones they overlap, the rest are dropped.  Types
	without a GermEval label are ignored."""
	n = len(spans)
	cand = []
	for m in mentions:
		t = GE_TYPE.get(m.get("type"))
		if t is None or m.get("start") is None:
			continue
		label = t + GE_FORM.get(m.get("form") or "name", "")
		s, e = m["start"], m["end"]
		toks = [i for i in range(n) if spans[i][0] >= s and spans[i][1] <= e]
		if not toks:
			toks = [i for i in range(n) if spans[i][0] <= s and e <= spans[i][1]]
		if not toks:
			continue
		cand.append((toks[0], toks[-1] + 1, label))
	cand.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
	labels = ["O"] * n
	for a, b, label in cand:
		if any(labels[i] != "O" for i in range(a, b)):
			continue
		labels[a] = "B-" + label
		for i in range(a + 1, b):
			labels[i] = "I-" + label
	return labels


def bio_chunks(labels):
	"""(start, end, label) chunks of a BIO sequence; an I- that does not
	continue a chunk of its label starts one (as conlleval does)."""
	chunks = []
	cur = None
	for i, lab in enumerate(list(labels) + ["O"]):
		if lab == "O" or lab.startswith("B-") or (lab.startswith("I-") and
				(cur is None or cur[2] != lab[2:])):
			if cur is not None:
				chunks.append((cur[0], i, cur[2]))
				cur = None
			if lab != "O":
				cur = [i, None, lab[2:]]
	return chunks


class GermEvalScore:
	"""Strict span scoring of outer chunks per label, for all labels and
	for the base PER/LOC/ORG alone."""

	def __init__(self):
		self.labels = {}
		self.all = PRF()
		self.base = PRF()
		self.errors = []

	def add(self, gold_labels, pred_labels, sid=None, tokens=None):
		g, p = set(bio_chunks(gold_labels)), set(bio_chunks(pred_labels))
		for lab in {c[2] for c in g | p}:
			gl = {c for c in g if c[2] == lab}
			pl = {c for c in p if c[2] == lab}
			tp, fp, fn = len(gl & pl), len(pl - gl), len(gl - pl)
			self.labels.setdefault(lab, PRF()).add(tp, fp, fn)
			self.all.add(tp, fp, fn)
			if lab in BASE_TYPES:
				self.base.add(tp, fp, fn)
		if tokens is not None:
			for kind, cs in (("FP", p - g), ("FN", g - p)):
				for a, b, lab in sorted(cs):
					self.errors.append((sid, kind, lab, " ".join(tokens[a:b])))

	def summary(self):
		return {"all": self.all.as_dict(), "PER/LOC/ORG": self.base.as_dict(),
			"labels": {k: v.as_dict() for k, v in sorted(self.labels.items())}}


GE_LABELS = [t + s for t in ("PER", "LOC", "ORG", "OTH") for s in ("", "deriv", "part")]


def print_germeval(score, out):
	out.write("%-24s %5s %5s %5s  %6s %6s %6s\n" % ("outer chunks", "tp", "fp", "fn",
		"P", "R", "F1"))
	for lab in GE_LABELS + sorted(set(score.labels) - set(GE_LABELS)):
		r = score.labels.get(lab, PRF())
		out.write("  %-22s %5d %5d %5d  %6.3f %6.3f %6.3f\n" % (lab, r.tp, r.fp,
			r.fn, r.p, r.r, r.f))
	for name, r in (("PER/LOC/ORG", score.base), ("all twelve labels", score.all)):
		out.write("%-24s %5d %5d %5d  %6.3f %6.3f %6.3f\n" % (name, r.tp, r.fp,
			r.fn, r.p, r.r, r.f))
	out.write("for comparison (all labels, outer, strict): GermEval 2014 winner "
		"~0.79, GermaNER 0.77\n")


# ------------------------------------------------------------------- main

def cmd_dev(args):
	docs = read_jsonl(args.gold)
	if args.doc:
		known = {d.get("id") for d in docs}
		for x in args.doc:
			if x not in known:
				sys.exit("eval: no document %r in %s" % (x, args.gold))
		docs = [d for d in docs if d.get("id") in args.doc]
	reqs = []
	for d in docs:
		r = {"id": d.get("id"), "text": d.get("text", "")}
		for k in ("lang", "date"):
			if d.get(k):
				r[k] = d[k]
		reqs.append(r)
	preds = get_predictions(args, reqs)
	score = DevScore()
	for d, p in zip(docs, preds):
		score.add_doc(d, p)
	out = sys.stdout
	if args.json:
		json.dump({"gold": args.gold, "documents": len(docs),
			"scores": score.summary()}, out, indent=1, ensure_ascii=False)
		out.write("\n")
	else:
		out.write("nerd dev evaluation: %s (%d documents)\n" % (args.gold, len(docs)))
		print_dev(score, out)
	if args.errors:
		last = None
		for did, layer, kind, item in score.errors:
			if did != last:
				out.write("== %s\n" % did)
				last = did
			out.write("  %-5s %-16s %s\n" % (kind, layer, item))
	return 0


def cmd_germeval(args):
	sents = read_germeval(args.tsv)
	reqs, spans = [], []
	for i, s in enumerate(sents):
		text, sp = detokenize(s["tokens"])
		r = {"id": "s%d" % (i + 1), "text": text, "lang": "de"}
		if s["date"]:
			r["date"] = s["date"]
		reqs.append(r)
		spans.append(sp)
	preds = get_predictions(args, reqs)
	score = GermEvalScore()
	nerr = 0
	for s, sp, req, resp in zip(sents, spans, reqs, preds):
		if "error" in resp:
			nerr += 1
		labels = mentions_to_bio(sp, pred_mentions(resp))
		score.add(s["outer"], labels, req["id"], s["tokens"] if args.errors else None)
	out = sys.stdout
	if args.json:
		json.dump({"tsv": args.tsv, "sentences": len(sents),
			"error_responses": nerr, "scores": score.summary()}, out, indent=1,
			ensure_ascii=False)
		out.write("\n")
	else:
		out.write("GermEval 2014 outer chunks: %s (%d sentences)\n" % (args.tsv,
			len(sents)))
		print_germeval(score, out)
		if nerr:
			out.write("warning: %d sentences came back as error objects\n" % nerr)
	if args.errors:
		for sid, kind, lab, toks in score.errors:
			out.write("  %-6s %-3s %-9s %s\n" % (sid, kind, lab, toks))
	return 0


def main(argv=None):
	here = os.path.dirname(os.path.abspath(__file__))
	shared = os.path.normpath(os.path.join(here, "..", "..", "shared", "data"))
	ap = argparse.ArgumentParser(prog="eval.py", description=__doc__.split("\n")[0])
	sub = ap.add_subparsers(dest="cmd", required=True)
	common = argparse.ArgumentParser(add_help=False)
	common.add_argument("--nerd", help="the nerd program (default: src/nerd "
		"under $top_builddir or beside tests/)")
	common.add_argument("-j", "--jobs", type=int, help="threads for nerd")
	common.add_argument("--gazetteers", help="gazetteer directory for nerd")
	common.add_argument("--pred", help="read responses (NDJSON) from this file "
		"instead of running nerd")
	common.add_argument("--save-pred", metavar="FILE", help="save nerd's "
		"responses to FILE (for --pred later)")
	common.add_argument("--json", action="store_true", help="print a "
		"machine-readable summary")
	common.add_argument("--errors", action="store_true", help="list false "
		"positives and negatives per document")
	d = sub.add_parser("dev", parents=[common], help="score against gold JSONL")
	d.add_argument("gold", nargs="?", default=os.path.join(shared, "dev.jsonl"))
	d.add_argument("--doc", action="append", metavar="ID", help="score only "
		"this document (repeatable)")
	g = sub.add_parser("germeval", parents=[common], help="score on GermEval 2014")
	g.add_argument("tsv", nargs="?", default=os.path.join(shared, "germeval2014",
		"NER-de-dev.tsv"))
	args = ap.parse_args(argv)
	for attr in ("gold", "tsv"):
		if getattr(args, attr, None):
			setattr(args, attr, os.path.normpath(getattr(args, attr)))
	if args.cmd == "dev":
		return cmd_dev(args)
	return cmd_germeval(args)


if __name__ == "__main__":
	sys.exit(main())
