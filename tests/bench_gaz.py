#!/usr/bin/env python3
"""bench_gaz.py -- nerd's gazetteer at 1,000,000 entries, and with the
shipped gazetteers on the benchmark corpus, each side by side with
pyahocorasick (python3-ahocorasick) on the same names and the same text.

  1. tests/gen_gaz.py writes the synthetic gazetteer and 10 MB of German
     text into WORK (once; kept for the next run);
  2. tests/bench_gaz compiles the TSV and writes the image, three times;
  3. a fresh tests/bench_gaz maps the image and matches the text, three
     times (its RSS is what a daemon holds);
  4. pyahocorasick builds an automaton over every name and alias and scans
     the same text three times, in a child process of its own (skipped with
     a message when the module is missing);
  5. the same for the shipped gazetteers (--shipped DIR) over the texts of
     the benchmark corpus (--corpus, bench-corpus.ndjson), repeated to a few
     megabytes so that one scan takes long enough to time.

Every figure is the median of three runs.  Times are CPU seconds of one
thread (the machine may be shared).  What is compared:

  - nerd's gazetteer stage is gaz_match over text the tokenizer has already
    cut, as in the pipeline, where the tokenizer is a stage of its own; it
    finds whole-token names, aliases, surnames, genitives and derived forms,
    with the case rules, and picks a reading among homonyms with the others
    as candidates.  "From raw text" adds the tokenizer's time.
  - pyahocorasick gets every name and alias of the same entries (not the
    forms nerd generates) and reports every occurrence anywhere in the raw
    string, word boundaries or not, consumed in C (collections.deque), the
    fastest way to use it.
  - RSS is the resident set of the structure: nerd's after-load VmRSS minus
    the empty process, pyahocorasick's VmRSS growth while building.

usage: bench_gaz.py --bench PATH/bench_gaz [--work DIR] [--entries N] [--runs N]
                    [--shipped DIR --corpus FILE.ndjson]
"""

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

AHO = r'''
import collections, json, os, statistics, sys, time
try:
    import ahocorasick
except ImportError:
    print(json.dumps({"missing": True})); sys.exit(0)
src, text, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
def rss():
    with open("/proc/self/status") as f:
        for l in f:
            if l.startswith("VmRSS:"):
                return int(l.split()[1]) / 1024.0
files = [src] if os.path.isfile(src) else sorted(
    os.path.join(src, f) for f in os.listdir(src) if f.endswith(".tsv"))
with open(text, encoding="utf-8") as f:
    s = f.read()
base = rss()
t0 = time.process_time()
A = ahocorasick.Automaton()
n = words = 0
for path in files:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            col = line.rstrip("\n").split("\t")
            if col[0] == "-":
                continue
            forms = [col[1]] + ([a for a in col[2].split("|") if a] if len(col) > 2 else [])
            for w in forms:
                A.add_word(w, n)
                words += 1
            n += 1
A.make_automaton()
build = time.process_time() - t0
mem = rss() - base
mb = len(s.encode("utf-8")) / (1024.0 * 1024.0)
speeds = []
for _ in range(runs):
    t0 = time.process_time()
    collections.deque(A.iter(s), maxlen=0)
    speeds.append(mb / (time.process_time() - t0))
hits = sum(1 for _ in A.iter(s))
print(json.dumps({"entries": n, "words": words, "build_s": build, "rss_mb": mem,
                  "match_mb_s": statistics.median(speeds), "hits": hits}))
'''


def run_json(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        what = "pyahocorasick" if "-c" in cmd else " ".join(cmd)
        sys.exit("bench_gaz: %s failed:\n%s" % (what, p.stderr))
    return json.loads(p.stdout)


def med(runs, key):
    return statistics.median(r[key] for r in runs)


def nerd(bench, gazdir, img, text, runs):
    """Compiles gazdir runs times and maps the image runs times (each in a
    fresh process); returns the medians."""
    tsv = [run_json([bench, "--gazetteers", gazdir, "--image", img, "--text", text, "--runs", "0"])
           for _ in range(runs)]
    im = [run_json([bench, "--image", img, "--text", text, "--runs", "1"]) for _ in range(runs)]
    digests = {r["digest"] for r in im}
    if len(digests) != 1:
        sys.exit("bench_gaz: the runs found different mentions (%s)" % ", ".join(sorted(digests)))
    r = {"entries": im[0]["entries"], "forms": im[0]["forms"], "text_mb": im[0]["text_mb"],
         "tokens": im[0]["tokens"], "mentions": im[0]["mentions"], "digest": im[0]["digest"],
         "img_mb": os.path.getsize(img) / 2**20}
    for k in ("build_s", "wall_build_s", "save_s", "peak_rss_mb"):
        r[k] = med(tsv, k)
    r["build_rss_mb"] = med(tsv, "rss_mb")
    for k in ("load_ms", "wall_load_ms", "rss_mb", "match_mb_s", "tok_match_mb_s"):
        r[k] = med(im, k)
    return r


def aho(src, text, runs):
    # The Debian module lives in the system python's dist-packages, which
    # another python3 first on PATH (pyenv, venv) may not see.
    for py in [sys.executable, "/usr/bin/python3"]:
        if os.path.exists(py):
            r = run_json([py, "-c", AHO, src, text, str(runs)])
            if not r.get("missing"):
                return r
    return None


def report(title, n, a, goals):
    print(title)
    print("  nerd: %d entries, %d surface forms; text %.1f MB, %d tokens; medians of 3 runs"
          % (n["entries"], n["forms"], n["text_mb"], n["tokens"]))
    print("  build from TSV     %7.2f s CPU (%.2f s wall)%s"
          % (n["build_s"], n["wall_build_s"], goals.get("build", "")))
    print("  write image        %7.2f s  (%.0f MB)" % (n["save_s"], n["img_mb"]))
    print("  load image         %7.1f ms CPU (%.1f ms wall)%s"
          % (n["load_ms"], n["wall_load_ms"], goals.get("load", "")))
    print("  RSS after build    %7.0f MB (peak %.0f MB)" % (n["build_rss_mb"], n["peak_rss_mb"]))
    print("  RSS after mapping  %7.0f MB%s" % (n["rss_mb"], goals.get("rss", "")))
    print("  gaz_match          %7.1f MB/s (%d mentions, digest %s)%s"
          % (n["match_mb_s"], n["mentions"], n["digest"], goals.get("match", "")))
    print("  tokenizer+gaz_match%7.1f MB/s (from raw text)" % n["tok_match_mb_s"])
    if not a:
        print("  pyahocorasick: module 'ahocorasick' not found (apt-get install"
              " python3-ahocorasick); comparison skipped")
        return
    print("  pyahocorasick, the same %d entries (%d names and aliases), the same text:"
          % (a["entries"], a["words"]))
    print("  build              %7.2f s" % a["build_s"])
    print("  RSS                %7.0f MB" % a["rss_mb"])
    print("  match              %7.1f MB/s (%d hits anywhere in the text)"
          % (a["match_mb_s"], a["hits"]))
    print("  nerd / pyahocorasick:")
    print("    gazetteer stage    %5.1fx as fast (goal >= 8x)" % (n["match_mb_s"] / a["match_mb_s"]))
    print("    from raw text      %5.1fx as fast (nerd's tokenizer included)"
          % (n["tok_match_mb_s"] / a["match_mb_s"]))
    print("    memory             %5.2fx (goal < 1)" % (n["rss_mb"] / max(a["rss_mb"], 1)))
    print("    build              %5.1fx as fast" % (a["build_s"] / n["build_s"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True, help="the bench_gaz program")
    ap.add_argument("--work", default="bench-gaz", help="directory for data and image")
    ap.add_argument("--entries", type=int, default=1000000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shipped", help="the shipped gazetteer directory")
    ap.add_argument("--corpus", help="the benchmark corpus (ndjson) for the shipped gazetteers")
    ap.add_argument("--shipped-mb", type=float, default=4.0,
                    help="repeat the corpus texts to at least this many MB")
    a = ap.parse_args()
    gazdir = os.path.join(a.work, "gaz")
    tsv = os.path.join(gazdir, "synthetic.tsv")
    text = os.path.join(a.work, "text.txt")
    # The data are made again when the size or the generator changes.
    stamp = os.path.join(a.work, "stamp")
    with open(os.path.join(HERE, "gen_gaz.py"), "rb") as f:
        want = "%d %s" % (a.entries, hashlib.sha1(f.read()).hexdigest()[:16])
    if not (os.path.exists(tsv) and os.path.exists(text) and os.path.exists(stamp)
            and open(stamp).read().strip() == want):
        print("generating %d entries and 10 MB of text in %s ..." % (a.entries, a.work), flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_gaz.py"), "--entries",
                        str(a.entries), a.work], check=True)
        with open(stamp, "w") as f:
            f.write(want + "\n")
    n = nerd(a.bench, gazdir, os.path.join(a.work, "synthetic.img"), text, a.runs)
    report("gazetteer scale: synthetic %d entries (tests/gen_gaz.py)" % a.entries, n,
           aho(tsv, text, a.runs),
           {"build": "      goal <= 3 s", "load": "    goal <= 100 ms",
            "rss": "                       goal <= 400 MB", "match": "  goal >= 150 MB/s"})

    if not a.shipped:
        return
    if not a.corpus or not os.path.exists(a.corpus):
        print("shipped gazetteers: no benchmark corpus (%s); skipped" % a.corpus)
        return
    with open(a.corpus, encoding="utf-8") as f:
        docs = [json.loads(l)["text"] for l in f if l.strip()]
    one = "\n\n".join(docs) + "\n\n"
    reps = max(1, int(a.shipped_mb * 2**20 / max(len(one.encode("utf-8")), 1)) + 1)
    stext = os.path.join(a.work, "shipped-text.txt")
    with open(stext, "w", encoding="utf-8") as f:
        f.write(one * reps)
    print()
    n = nerd(a.bench, a.shipped, os.path.join(a.work, "shipped.img"), stext, a.runs)
    report("shipped gazetteers (%s) on the benchmark corpus (%d texts, repeated %d times)"
           % (a.shipped, len(docs), reps), n, aho(a.shipped, stext, a.runs),
           {"match": "  goal >= 120 MB/s (issue 9, with >= 150,000 names)"})


if __name__ == "__main__":
    main()
