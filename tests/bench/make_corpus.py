#!/usr/bin/env python3
"""make_corpus.py -- build the fixed German benchmark corpus (by default
bench-corpus.ndjson in the current directory; `make bench` builds it in the
build directory) from its two sources (python3 stdlib only):

  - the news-style articles in tests/bench/articles/*.txt, written for nerd
    (first line "date: YYYY-MM-DD", then a blank line, then the text);
  - the GermEval 2014 dev sentences (CC BY 4.0, see tests/bench/README),
    detokenised as tests/eval.py does and grouped in file order into
    pseudo-articles of about 3.5 KB, a paragraph break every five sentences.

The output is deterministic: the same inputs give the same bytes.

usage: make_corpus.py [GERMEVAL.tsv] [-o OUT]
"""

import argparse
import glob
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = 3500           # bytes of UTF-8 text per GermEval pseudo-article
PARAGRAPH = 5           # sentences per paragraph


def load_eval():
	spec = importlib.util.spec_from_file_location("nerd_eval",
		os.path.join(HERE, "..", "eval.py"))
	mod = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(mod)
	return mod


def read_article(path):
	with open(path, encoding="utf-8") as f:
		head = f.readline()
		if not head.startswith("date: "):
			sys.exit("make_corpus: %s: first line must be 'date: YYYY-MM-DD'" % path)
		text = f.read().strip("\n")
	name = os.path.splitext(os.path.basename(path))[0]
	return {"id": "art-" + name, "text": text, "lang": "de",
		"date": head[6:].strip()}


def germeval_docs(ev, tsv):
	docs, cur, cur_len, date = [], [], 0, None

	def flush():
		if not cur:
			return
		paras = [" ".join(cur[i:i + PARAGRAPH]) for i in range(0, len(cur), PARAGRAPH)]
		d = {"id": "ge%03d" % (len(docs) + 1), "text": "\n\n".join(paras), "lang": "de"}
		if date:
			d["date"] = date
		docs.append(d)

	for s in ev.read_germeval(tsv):
		text, _ = ev.detokenize(s["tokens"])
		if cur_len and cur_len + len(text.encode("utf-8")) + 1 > TARGET:
			flush()
			cur, cur_len, date = [], 0, None
		if not cur:
			date = s["date"]
		cur.append(text)
		cur_len += len(text.encode("utf-8")) + 1
	flush()
	return docs


def main():
	shared = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data",
		"germeval2014", "NER-de-dev.tsv"))
	ap = argparse.ArgumentParser(description="rebuild the bench corpus")
	ap.add_argument("tsv", nargs="?", default=shared)
	ap.add_argument("-o", "--out", default="bench-corpus.ndjson")
	args = ap.parse_args()
	ev = load_eval()
	docs = [read_article(p) for p in sorted(glob.glob(os.path.join(HERE,
		"articles", "*.txt")))]
	# GermEval stays outside the repository: it is read from ../shared when
	# present, and the corpus is then built in the build directory.
	if os.path.exists(args.tsv):
		docs += germeval_docs(ev, args.tsv)
	else:
		print("make_corpus: %s not found: written articles only" % args.tsv,
			file=sys.stderr)
	with open(args.out, "w", encoding="utf-8", newline="\n") as f:
		for d in docs:
			f.write(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n")
	size = sum(len(d["text"].encode("utf-8")) for d in docs)
	print("make_corpus: %s: %d documents, %d bytes of text" % (args.out, len(docs),
		size))
	return 0


if __name__ == "__main__":
	sys.exit(main())
