#!/usr/bin/env python3
"""bench.py -- nerd's benchmarks (python3 stdlib only; builds nothing).

Each benchmark is a section: a function registered with @section that gets a
Bench context and prints its own lines and stores its numbers in ctx.results
(printed as one JSON object with --json).  Sections run in the order they
are registered; --only NAME picks some.  Add a new benchmark by writing one
more section function.

  cli   `nerd extract --ndjson` on tests/bench/corpus.ndjson with -j 1 and
        -j 2, best of --runs: MB/s, documents/s, per-document latency p50/p99
        (from meta.elapsed_us), peak RSS, and the -j 2 speed-up.

Peak RSS is the child's ru_maxrss from wait4(2), the figure /usr/bin/time -v
reports as "Maximum resident set size".  On a shared machine wall-clock rates
swing with the load; the MB per CPU second figure swings less.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SECTIONS = []


def section(name, help):
	"""Register a benchmark section under name."""
	def reg(fn):
		SECTIONS.append((name, help, fn))
		return fn
	return reg


class Bench:
	"""What every section gets: the options, the nerd command line and a
	place for results."""

	def __init__(self, args):
		self.args = args
		self.results = {}
		self.out = sys.stderr if args.json else sys.stdout
		self.tmp = tempfile.mkdtemp(prefix="nerd-bench.")

	def nerd_cmd(self, *extra):
		cmd = [self.args.nerd] + list(extra)
		if self.args.gazetteers:
			cmd += ["--gazetteers", self.args.gazetteers]
		return cmd

	def say(self, fmt, *a):
		self.out.write((fmt % a if a else fmt) + "\n")
		self.out.flush()

	def cleanup(self):
		for f in os.listdir(self.tmp):
			os.unlink(os.path.join(self.tmp, f))
		os.rmdir(self.tmp)


class Run:
	"""One finished child process: wall time, rusage and output file."""

	def __init__(self, wall, status, rusage, out_path, err_path):
		self.wall = wall
		self.status = status
		self.maxrss_kb = rusage.ru_maxrss
		self.cpu = rusage.ru_utime + rusage.ru_stime
		self.out_path = out_path
		self.err_path = err_path


def run_child(cmd, in_path, out_path, err_path):
	"""Run cmd with stdin from in_path and stdout/stderr to files; wait for
	it with wait4 so its own peak RSS is known."""
	with open(in_path, "rb") as fin, open(out_path, "wb") as fout, \
			open(err_path, "wb") as ferr:
		t0 = time.perf_counter()
		try:
			p = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=ferr)
		except OSError as e:
			sys.exit("bench: cannot run %s: %s" % (cmd[0], e))
		_, status, ru = os.wait4(p.pid, 0)
		wall = time.perf_counter() - t0
		p.returncode = os.waitstatus_to_exitcode(status)
	if p.returncode != 0:
		with open(err_path, encoding="utf-8", errors="replace") as f:
			sys.stderr.write(f.read()[-2000:])
		sys.exit("bench: %s exited with status %d" % (" ".join(cmd), p.returncode))
	return Run(wall, status, ru, out_path, err_path)


def percentile(values, q):
	"""Nearest-rank percentile (q in 0..100) of a non-empty list."""
	v = sorted(values)
	k = max(0, min(len(v) - 1, -(-q * len(v) // 100) - 1))
	return v[int(k)]


def read_responses(path, expect):
	"""Elapsed microseconds of every response, and the count of error
	objects; the line count must match the request count."""
	elapsed, errors, n = [], 0, 0
	read_responses.gazetteers = None
	with open(path, encoding="utf-8") as f:
		for line in f:
			n += 1
			try:
				r = json.loads(line)
			except ValueError as e:
				sys.exit("bench: %s line %d is not JSON: %s" % (path, n, e))
			if "error" in r:
				errors += 1
				continue
			meta = r.get("meta") or {}
			read_responses.gazetteers = meta.get("gazetteers") or read_responses.gazetteers
			us = meta.get("elapsed_us")
			if isinstance(us, (int, float)):
				elapsed.append(us)
	if n != expect:
		sys.exit("bench: %s has %d responses for %d requests" % (path, n, expect))
	return elapsed, errors


def write_input(path, lines, repeat):
	with open(path, "w", encoding="utf-8") as f:
		for _ in range(repeat):
			f.writelines(lines)


@section("cli", "nerd extract --ndjson on the bench corpus, -j 1 and -j 2")
def bench_cli(ctx):
	a = ctx.args
	with open(a.corpus, encoding="utf-8") as f:
		lines = [l for l in f if l.strip()]
	corpus_bytes = sum(len(json.loads(l)["text"].encode("utf-8")) for l in lines)
	in_path = os.path.join(ctx.tmp, "corpus.ndjson")
	tiny = os.path.join(ctx.tmp, "tiny.ndjson")
	with open(tiny, "w", encoding="utf-8") as f:
		f.write(json.dumps({"id": "t", "text": "Ein Satz.", "lang": "de"}) + "\n")
	out = os.path.join(ctx.tmp, "out.ndjson")
	err = os.path.join(ctx.tmp, "err.txt")

	# The fixed cost of starting and loading the model, from a one-line
	# input; it is subtracted from the runs below.
	tiny_out = os.path.join(ctx.tmp, "tiny-out.ndjson")
	startup = min(run_child(ctx.nerd_cmd("extract", "--ndjson"), tiny, tiny_out,
		err).wall for _ in range(a.runs))
	repeat = a.repeat
	if repeat is None:
		# Feed the corpus often enough for about --seconds of work at -j 1,
		# so that startup and timer noise do not dominate.
		write_input(in_path, lines, 1)
		once = run_child(ctx.nerd_cmd("extract", "--ndjson", "-j", "1"), in_path,
			out, err).wall - startup
		repeat = max(1, min(a.max_repeat, int(a.seconds / max(once, 1e-3) + 0.999)))
	write_input(in_path, lines, repeat)
	docs = len(lines) * repeat
	nbytes = corpus_bytes * repeat
	ctx.say("cli: %s x%d = %d documents, %.2f MB of text; best of %d runs",
		os.path.relpath(a.corpus), repeat, docs, nbytes / 1e6, a.runs)
	read_responses(tiny_out, 1)
	try:
		version = subprocess.run([a.nerd, "--version"], stdout=subprocess.PIPE,
			stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace").strip()
	except OSError:
		version = ""
	ctx.say("  %s, gazetteers %s", version or "nerd (no --version)",
		read_responses.gazetteers)
	ctx.say("  startup (model load + one tiny document): %.3f s", startup)
	res = {"documents": docs, "bytes": nbytes, "repeat": repeat,
		"startup_s": round(startup, 4), "version": version,
		"gazetteers": read_responses.gazetteers}
	for j in a.jobs:
		best = None
		rss = 0
		for _ in range(a.runs):
			r = run_child(ctx.nerd_cmd("extract", "--ndjson", "-j", str(j)), in_path,
				out, err)
			rss = max(rss, r.maxrss_kb)
			if best is None or r.wall < best.wall:
				best = r
				elapsed, errors = read_responses(out, docs)
		work = best.wall - startup
		noisy = work < 0.25 * best.wall
		work = max(work, 1e-3)
		row = {"wall_s": round(best.wall, 4), "work_s": round(work, 4),
			"mb_per_s": round(nbytes / 1e6 / work, 3),
			"mb_per_s_wall": round(nbytes / 1e6 / best.wall, 3),
			"docs_per_s": round(docs / work, 1),
			"cpu_s": round(best.cpu, 4),
			"mb_per_cpu_s": round(nbytes / 1e6 / max(best.cpu, 1e-3), 3),
			"peak_rss_mb": round(rss / 1024, 1),
			"error_responses": errors}
		if elapsed:
			row["latency_us"] = {"p50": percentile(elapsed, 50),
				"p99": percentile(elapsed, 99), "max": max(elapsed)}
			row["mb_per_s_pipeline"] = round(nbytes / max(sum(elapsed), 1), 3)
		res["j%d" % j] = row
		ctx.say("  -j %d: %.3f s wall, %.3f s without startup: %.2f MB/s, %.0f docs/s "
			"(%.2f MB/s counting startup)", j, best.wall, work, row["mb_per_s"],
			row["docs_per_s"], row["mb_per_s_wall"])
		lat = row.get("latency_us")
		if lat:
			ctx.say("        per document: p50 %d us, p99 %d us, max %d us; "
				"%.2f MB/s inside the pipeline (sum of elapsed_us)",
				lat["p50"], lat["p99"], lat["max"], row["mb_per_s_pipeline"])
		else:
			ctx.say("        (no meta.elapsed_us in the responses: no latency figures)")
		ctx.say("        peak RSS %.1f MB, CPU %.3f s user+sys (%.2f MB per CPU second, "
			"less sensitive to a busy machine)%s", row["peak_rss_mb"], best.cpu,
			row["mb_per_cpu_s"], ", %d error responses" % errors if errors else "")
		if noisy:
			ctx.say("        warning: startup is most of this run, the rates are "
				"unreliable; raise --repeat or --seconds")
	if "j1" in res and len(a.jobs) > 1:
		jn = a.jobs[-1]
		res["speedup"] = round(res["j1"]["work_s"] / res["j%d" % jn]["work_s"], 2)
		ctx.say("  speed-up -j %d over -j 1: %.2fx (without startup)", jn, res["speedup"])
	ctx.results["cli"] = res


def main(argv=None):
	top = os.environ.get("top_builddir") or os.path.join(HERE, "..")
	ap = argparse.ArgumentParser(prog="bench.py",
		description="nerd benchmarks; sections: " + ", ".join(
			"%s (%s)" % (n, h) for n, h, _ in SECTIONS))
	ap.add_argument("--nerd", default=os.path.join(top, "src", "nerd"))
	ap.add_argument("--gazetteers", help="gazetteer directory for nerd")
	ap.add_argument("--corpus", default=os.path.join(HERE, "bench", "corpus.ndjson"))
	ap.add_argument("--runs", type=int, default=3, help="runs per measurement, "
		"the best counts (default 3)")
	ap.add_argument("--repeat", type=int, help="feed the corpus this many times "
		"per run (default: enough for --seconds of work)")
	ap.add_argument("--seconds", type=float, default=1.0, help="aim for this "
		"much work per run when --repeat is not given (default 1)")
	ap.add_argument("--max-repeat", type=int, default=20, help="upper bound "
		"for the automatic --repeat (default 20)")
	ap.add_argument("-j", "--jobs", type=int, action="append", help="thread "
		"counts to measure (default 1 and 2)")
	ap.add_argument("--only", action="append", help="run only this section "
		"(repeatable)")
	ap.add_argument("--json", action="store_true", help="print the results as "
		"JSON on stdout (the report goes to stderr)")
	args = ap.parse_args(argv)
	args.jobs = args.jobs or [1, 2]
	if args.runs < 1 or (args.repeat or 1) < 1 or min(args.jobs) < 1:
		ap.error("--runs, --repeat and -j must be at least 1")
	names = [n for n, _, _ in SECTIONS]
	for n in args.only or []:
		if n not in names:
			ap.error("no section %r (have: %s)" % (n, ", ".join(names)))
	if not os.access(args.nerd, os.X_OK):
		sys.exit("bench: %s is not an executable; build first (make)" % args.nerd)
	ctx = Bench(args)
	try:
		for name, _, fn in SECTIONS:
			if args.only and name not in args.only:
				continue
			fn(ctx)
	finally:
		ctx.cleanup()
	if args.json:
		json.dump(ctx.results, sys.stdout, indent=1)
		sys.stdout.write("\n")
	return 0


if __name__ == "__main__":
	sys.exit(main())
