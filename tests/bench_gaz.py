#!/usr/bin/env python3
"""bench_gaz.py -- nerd's gazetteer at 1,000,000 entries, side by side with
pyahocorasick (python3-ahocorasick) on the same names and the same text.

  1. tests/gen_gaz.py writes the synthetic gazetteer and 10 MB of German
     text into WORK (once; kept for the next run);
  2. tests/bench_gaz compiles the TSV, writes the image and matches the text;
  3. a fresh tests/bench_gaz maps the image and matches again (its RSS is
     what a daemon holds);
  4. pyahocorasick builds an automaton over every name and alias and scans
     the same text, in a child process of its own (skipped with a message
     when the module is missing).

Times are CPU seconds of one thread (the machine may be shared); nerd's
matching is timed over tokenized text, pyahocorasick's over the raw string
(it has no tokenizer), which is each one's whole matching work.  RSS is the
resident set of the structure: nerd's after-load VmRSS minus the empty
process, pyahocorasick's ru_maxrss growth while building.

usage: bench_gaz.py --bench PATH/bench_gaz [--work DIR] [--entries N] [--runs N]
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

AHO = r'''
import json, resource, sys, time
try:
    import ahocorasick
except ImportError:
    print(json.dumps({"missing": True})); sys.exit(0)
tsv, text, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
def rss():
    with open("/proc/self/status") as f:
        for l in f:
            if l.startswith("VmRSS:"):
                return int(l.split()[1]) / 1024.0
base = rss()
t0 = time.process_time()
A = ahocorasick.Automaton()
n = 0
with open(tsv, encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        col = line.rstrip("\n").split("\t")
        forms = [col[1]] + ([a for a in col[2].split("|") if a] if len(col) > 2 else [])
        for s in forms:
            A.add_word(s, n)
        n += 1
A.make_automaton()
build = time.process_time() - t0
mem = rss() - base
with open(text, encoding="utf-8") as f:
    s = f.read()
mb = len(s.encode("utf-8")) / (1024.0 * 1024.0)
best = []
for _ in range(runs):
    t0 = time.process_time()
    hits = 0
    for _end, _v in A.iter(s):
        hits += 1
    best.append(mb / (time.process_time() - t0))
best.sort()
print(json.dumps({"entries": n, "build_s": build, "rss_mb": mem, "match_mb_s": best[len(best) // 2],
                  "hits": hits}))
'''


def run_json(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        sys.exit("bench_gaz: %s failed:\n%s" % (" ".join(cmd), p.stderr))
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True, help="the bench_gaz program")
    ap.add_argument("--work", default="bench-gaz", help="directory for data and image")
    ap.add_argument("--entries", type=int, default=1000000)
    ap.add_argument("--runs", type=int, default=3)
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
    img = os.path.join(a.work, "synthetic.img")
    runs = str(a.runs)
    tsvr = run_json([a.bench, "--gazetteers", gazdir, "--image", img, "--text", text, "--runs", runs])
    imgr = run_json([a.bench, "--image", img, "--text", text, "--runs", runs])
    # The Debian module lives in the system python's dist-packages, which
    # another python3 first on PATH (pyenv, venv) may not see.
    aho = {"missing": True}
    for py in [sys.executable, "/usr/bin/python3"]:
        if os.path.exists(py):
            aho = run_json([py, "-c", AHO, tsv, text, runs])
            if not aho.get("missing"):
                break

    print("gazetteer scale: %d entries, %d surface forms, %.1f MB of text, %d tokens"
          % (tsvr["entries"], tsvr["forms"], tsvr["text_mb"], tsvr["tokens"]))
    print("  build from TSV     %7.2f s CPU (%.2f s wall)      goal <= 3 s"
          % (tsvr["build_s"], tsvr["wall_build_s"]))
    print("  write image        %7.2f s  (%.0f MB)" % (tsvr["save_s"], os.path.getsize(img) / 2**20))
    print("  load image         %7.1f ms CPU (%.1f ms wall)    goal <= 100 ms"
          % (imgr["load_ms"], imgr["wall_load_ms"]))
    print("  RSS after build    %7.0f MB (peak %.0f MB)" % (tsvr["rss_mb"], tsvr["peak_rss_mb"]))
    print("  RSS after mapping  %7.0f MB                       goal <= 400 MB" % imgr["rss_mb"])
    print("  gaz_match          %7.1f MB/s (%d mentions)       goal >= 150 MB/s"
          % (imgr["match_mb_s"], imgr["mentions"]))
    if aho.get("missing"):
        print("pyahocorasick: module 'ahocorasick' not found (apt-get install python3-ahocorasick);"
              " comparison skipped")
        return
    ratio = imgr["match_mb_s"] / aho["match_mb_s"]
    print("pyahocorasick on the same %d entries and text:" % aho["entries"])
    print("  build              %7.2f s" % aho["build_s"])
    print("  RSS                %7.0f MB" % aho["rss_mb"])
    print("  match              %7.1f MB/s (%d hits)" % (aho["match_mb_s"], aho["hits"]))
    print("nerd / pyahocorasick: %.1fx faster matching (goal >= 8x), %.2fx the memory,"
          " build %.1fx faster" % (ratio, imgr["rss_mb"] / max(aho["rss_mb"], 1),
                                   aho["build_s"] / tsvr["build_s"]))


if __name__ == "__main__":
    main()
