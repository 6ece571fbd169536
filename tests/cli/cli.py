#!/usr/bin/env python3
"""cli.py -- end-to-end tests of the nerd command line (run by tests/cli.test).

Usage: cli.py NERD TMPDIR.  Runs the program for real on files written to
TMPDIR and checks what it writes and how it exits.  Prints one line per check
and exits non-zero on the first failure, saying what was expected and what
came instead.  Python 3 standard library only."""

import json
import os
import re
import select
import subprocess
import sys

NERD, TMP = sys.argv[1], sys.argv[2]
NCHECKS = 0


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond, msg):
    global NCHECKS
    NCHECKS += 1
    if not cond:
        fail(msg)
    print("ok %d - %s" % (NCHECKS, msg))


def run(args, stdin=None, expect=None):
    """Runs nerd with args; returns (exit code, stdout bytes, stderr text)."""
    p = subprocess.run([NERD] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=300)
    err = p.stderr.decode("utf-8", "replace")
    if expect is not None and p.returncode != expect:
        fail("nerd %s: exit %d, expected %d; stderr: %s"
             % (" ".join(args), p.returncode, expect, err.strip()))
    return p.returncode, p.stdout, err


def path(name):
    return os.path.join(TMP, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path(name)


def strip_timing(obj):
    """elapsed_us differs from run to run; everything else must not."""
    if isinstance(obj, dict) and isinstance(obj.get("meta"), dict):
        obj = dict(obj)
        obj["meta"] = {k: v for k, v in obj["meta"].items() if k != "elapsed_us"}
    return obj


def is_response(obj):
    return (isinstance(obj, dict) and "error" not in obj
            and all(k in obj for k in ("id", "entities", "figures", "dates", "relations", "meta")))


# Invented sentences, written for these tests.
TEXT1 = ("Die Bürgermeisterin von Kiel, Hanna Vogt, eröffnete am Montag die neue "
         "Fährlinie nach Göteborg. Die Reederei Nordlicht AG rechnet mit 120.000 "
         "Fahrgästen im ersten Jahr.\n")
TEXT2 = "Emoji 😀 und Umlaute: Grüße aus Würzburg.\n"


def test_files():
    f1 = write("one.txt", TEXT1)
    f2 = write("two.txt", TEXT2)

    # A single file: indented JSON, its name as id, offsets in code points.
    _, out, _ = run(["extract", f1], expect=0)
    text = out.decode("utf-8")
    check(text.count("\n") > 5, "--format json is indented over several lines")
    r = json.loads(text)
    check(is_response(r), "single file gives a response object")
    check(r["id"] == f1, "a file's response carries its name as id (%r)" % r["id"])
    check(r["meta"]["chars"] == len(TEXT1), "meta.chars counts code points (%d)" % len(TEXT1))

    # The same text from stdin: no id; --id sets one.
    _, out, _ = run(["extract"], stdin=TEXT1.encode(), expect=0)
    s = json.loads(out)
    check(s["id"] is None, "stdin text has a null id")
    check(strip_timing(dict(s, id=f1)) == strip_timing(r), "stdin and file give the same response")
    _, out, _ = run(["extract", "--id", "artikel-7", "-"], stdin=TEXT1.encode(), expect=0)
    check(json.loads(out)["id"] == "artikel-7", "--id sets the response id")

    # ndjson: one line per file, in order.
    _, out, _ = run(["extract", "--format", "ndjson", f1, f2], expect=0)
    lines = out.decode("utf-8").split("\n")
    check(len(lines) == 3 and lines[2] == "", "--format ndjson: one line per file")
    objs = [json.loads(x) for x in lines[:2]]
    check([o["id"] for o in objs] == [f1, f2], "ndjson responses in file order")
    check(strip_timing(objs[0]) == strip_timing(r), "ndjson and json carry the same object")

    # Offsets: the same text counted three ways.
    counts = {}
    for mode in ("codepoint", "utf8", "utf16"):
        _, out, _ = run(["extract", "-f", "ndjson", "--offsets", mode, f2], expect=0)
        counts[mode] = json.loads(out)["meta"]["chars"]
    want = {"codepoint": len(TEXT2), "utf8": len(TEXT2.encode("utf-8")),
            "utf16": len(TEXT2.encode("utf-16-le")) // 2}
    check(counts == want, "--offsets codepoint/utf8/utf16 count %r" % (want,))

    # A UTF-8 byte order mark is not part of the text.
    fb = write("bom.txt", b"\xef\xbb\xbf" + TEXT2.encode())
    _, out, _ = run(["extract", "-f", "ndjson", fb], expect=0)
    check(json.loads(out)["meta"]["chars"] == len(TEXT2), "a BOM at the start of a file is skipped")

    # CoNLL: token TAB label, a blank line after each sentence.
    _, out, _ = run(["extract", "--format", "conll", f1], expect=0)
    text = out.decode("utf-8")
    rows = text.split("\n")
    check(text.endswith("\n\n"), "conll ends with a blank line")
    toks = []
    for row in rows:
        if row == "":
            continue
        cols = row.split("\t")
        if len(cols) != 2 or not re.fullmatch(r"O|[BI]-(PER|LOC|ORG|OTH)(deriv|part)?", cols[1]):
            fail("bad conll row %r" % row)
        toks.append(cols[0])
    check(len(toks) > 20, "conll: every row is token TAB label (%d tokens)" % len(toks))
    check("".join(toks) == re.sub(r"\s+", "", TEXT1), "conll tokens cover the whole text")
    check(text.count("\n\n") >= 2, "conll: one blank line per sentence (two sentences)")

    # Invalid UTF-8: an error object for that file, the other file still done, exit 1.
    fbad = write("bad.txt", b"Stra\xdfe in Ulm\n")
    code, out, err = run(["extract", "-f", "ndjson", f1, fbad, f2], expect=1)
    objs = [json.loads(x) for x in out.decode("utf-8").splitlines()]
    check(len(objs) == 3, "three inputs, three output lines")
    check(is_response(objs[0]) and is_response(objs[2]), "good files around a bad one are processed")
    e = objs[1].get("error")
    check(e is not None and e["status"] == 400 and objs[1]["id"] == fbad,
          "invalid UTF-8 gives an error object with the file's id")
    check("UTF-8" in err, "the failure is reported on stderr")

    # A missing input is an I/O error (exit 4), reported in place.
    code, out, err = run(["extract", "-f", "ndjson", f1, path("no-such-file.txt")], expect=4)
    objs = [json.loads(x) for x in out.decode("utf-8").splitlines()]
    check(len(objs) == 2 and objs[1]["error"]["status"] == 404, "an unreadable file gives 404 in place")

    # -o writes a file, atomically.
    fo = path("files-out.json")
    run(["extract", "-o", fo, f1], expect=0)
    with open(fo, "rb") as f:
        check(json.loads(f.read())["id"] == f1, "-o FILE receives the response")
    check(not [n for n in os.listdir(TMP) if ".tmp." in n], "-o leaves no temporary file")


def make_stream(n):
    """n NDJSON request lines with trouble mixed in; returns (bytes, expect)
    where expect[i] is ('ok', id) or ('error', status, id) for line i+1."""
    out, expect = [], []
    for i in range(1, n + 1):
        rid = "r%05d" % i
        if i == 1:
            line = b"\xef\xbb\xbf" + json.dumps({"id": rid, "text": "Ein Satz über Lübeck."}).encode()
            expect.append(("ok", rid))
        elif i == 2500:
            line = b'{"id": "r02500", "text": "Halbes Objekt'
            expect.append(("error", 400, None))
        elif i == 3000:
            line = b""
            expect.append(("error", 400, None))
        elif i == 4000:
            line = b'{"id":"r04000","text":"Gr\xfc\xdfe aus Jena"}'
            expect.append(("error", 400, None))
        elif i == 5000:
            line = b"{not json at all"
            expect.append(("error", 400, None))
        elif i == 6000:
            line = json.dumps({"id": rid, "text": "Regen in Aachen."}).encode() + b"\r"
            expect.append(("ok", rid))
        elif i == 7000:
            line = json.dumps({"id": rid, "txt": "kein Feld text"}).encode()
            expect.append(("error", 400, rid))
        elif i == 7500:
            line = b"   \t "
            expect.append(("error", 400, None))
        else:
            obj = {"id": rid, "text": "Am %d. März sprach die Ministerin in Halle über %d Millionen Euro."
                   % (i % 28 + 1, i % 90 + 1)}
            if i % 3 == 0:
                obj["date"] = "2024-03-%02d" % (i % 28 + 1)
            if i % 7 == 0:
                obj["offsets"] = "utf16"
            line = json.dumps(obj, ensure_ascii=(i % 2 == 0)).encode()
            expect.append(("ok", rid))
        out.append(line)
    return b"\n".join(out), expect   # no final newline


def check_stream(out, expect, label):
    lines = out.split(b"\n")
    check(lines[-1] == b"", "%s: output ends with a newline" % label)
    lines = lines[:-1]
    check(len(lines) == len(expect), "%s: %d lines in, %d lines out" % (label, len(expect), len(lines)))
    for i, (line, want) in enumerate(zip(lines, expect), 1):
        try:
            obj = json.loads(line)
        except ValueError as e:
            fail("%s: line %d is not JSON (%s): %r" % (label, i, e, line[:200]))
        if want[0] == "ok":
            if not is_response(obj) or obj["id"] != want[1]:
                fail("%s: line %d should be the response to %s: %r" % (label, i, want[1], line[:200]))
        else:
            e = obj.get("error")
            if not e or e.get("status") != want[1] or e.get("line") != i or obj.get("id") != want[2]:
                fail("%s: line %d should be error %d with line %d and id %r: %r"
                     % (label, i, want[1], i, want[2], line[:300]))
    check(True, "%s: every line is the right response or error, in input order" % label)


def test_ndjson():
    data, expect = make_stream(10000)
    fin = write("in.ndjson", data)

    # -j 2 through files (OUT written aside and renamed) and -j 1 through pipes.
    fout = path("out2.ndjson")
    code, _, err = run(["extract", "--ndjson", "-j", "2", "--no-progress", fin, fout])
    check(code == 1, "bad lines make the exit code 1 (got %d)" % code)
    check(not [n for n in os.listdir(TMP) if ".tmp." in n], "OUT.tmp.PID is gone after the run")
    with open(fout, "rb") as f:
        out2 = f.read()
    check_stream(out2, expect, "-j 2")
    _, out1, _ = run(["extract", "--ndjson", "-j", "1"], stdin=data, expect=1)
    check_stream(out1, expect, "-j 1")
    a = [strip_timing(json.loads(x)) for x in out1.splitlines()]
    b = [strip_timing(json.loads(x)) for x in out2.splitlines()]
    check(a == b, "-j 1 and -j 2 give the same output")
    _, out4, _ = run(["extract", "--ndjson", "-j", "4", "-", "-"], stdin=data, expect=1)
    check([strip_timing(json.loads(x)) for x in out4.splitlines()] == a,
          "-j 4 with '-' '-' gives the same output")

    # Per-line fields win over command-line defaults; the defaults fill gaps.
    data = (json.dumps({"id": 1, "text": "😀 in Bremen"}) + "\n"
            + json.dumps({"id": 2, "text": "😀 in Bremen", "offsets": "codepoint"}) + "\n")
    _, out, _ = run(["extract", "--ndjson", "-j", "2", "--offsets", "utf16"], stdin=data.encode(), expect=0)
    objs = [json.loads(x) for x in out.splitlines()]
    check([o["meta"]["chars"] for o in objs] == [12, 11], "--offsets is a default, a line's offsets win")
    # The same for lang, date (a null date is none) and bias.
    t = "Am Montag traf Merkel Macron."
    data = (json.dumps({"id": 1, "text": t}) + "\n"
            + json.dumps({"id": 2, "text": t, "lang": "de", "date": None}) + "\n"
            + json.dumps({"id": 3, "text": t, "date": "2024-01-10", "bias": "future"}) + "\n")
    _, out, _ = run(["extract", "--ndjson", "--lang", "en", "--date", "2024-03-06", "--bias", "past"],
                    stdin=data.encode(), expect=0)
    objs = [json.loads(x) for x in out.splitlines()]
    check([(o["lang"], [d["value"] for d in o["dates"]]) for o in objs]
          == [("en", ["2024-03-04"]), ("de", ["2024-03-04"]), ("en", ["2024-01-15"])],
          "--lang, --date and --bias are defaults, a line's own win")

    # All good lines: exit 0, OUT written; a long line: 413 in place.
    good = "".join(json.dumps({"id": i, "text": "Sonne über Rostock."}) + "\n" for i in range(300))
    fo = path("good-out.ndjson")
    run(["extract", "--ndjson", "-j", "2", write("good.ndjson", good), fo], expect=0)
    with open(fo) as f:
        check(len(f.read().splitlines()) == 300, "300 good lines, 300 responses, exit 0")
    long_line = json.dumps({"id": "lang", "text": "Wort " * 50000})
    head = "".join(good.splitlines(True)[:5])
    data = head + long_line + "\n" + head
    nlines = 5
    _, out, _ = run(["extract", "--ndjson", "-j", "2", "--max-line", "64K"], stdin=data.encode(), expect=1)
    objs = [json.loads(x) for x in out.splitlines()]
    e = objs[nlines].get("error", {})
    check(len(objs) == 2 * nlines + 1 and e.get("status") == 413 and e.get("line") == nlines + 1,
          "a line over --max-line gives 413 on its own line")
    check(objs[nlines + 1]["id"] == 0, "the line after an over-long line is read normally")

    # A client that sends one line and waits for its answer gets it at once:
    # nerd does not sit on a half-full batch or an unflushed buffer.
    for jobs in ("1", "2"):
        p = subprocess.Popen([NERD, "extract", "--ndjson", "-j", jobs], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        got = []
        for i in range(3):
            p.stdin.write((json.dumps({"id": i, "text": "Wind an der Ostsee."}) + "\n").encode())
            p.stdin.flush()
            ready, _, _ = select.select([p.stdout], [], [], 60)
            if not ready:
                p.kill()
                fail("-j %s: no answer to line %d while the input stays open" % (jobs, i + 1))
            got.append(json.loads(p.stdout.readline())["id"])
        p.stdin.close()
        rest = p.stdout.read()
        p.wait(timeout=60)
        check(got == [0, 1, 2] and rest == b"" and p.returncode == 0,
              "-j %s: line-by-line request and answer over a pipe" % jobs)

    # An input whose reader goes away: exit 4 quietly.
    big = "".join(json.dumps({"id": i, "text": "Nebel in Kassel."}) + "\n" for i in range(20000))
    p = subprocess.Popen([NERD, "extract", "--ndjson", "-j", "2"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()
    _, err = p.communicate(big.encode(), timeout=120)
    check(p.returncode == 4 and err == b"", "a closed stdout gives exit 4 and no message (got %d, %r)"
          % (p.returncode, err[:200]))


def test_usage():
    run(["extract", "--no-such-option"], expect=2)
    run(["extract", "--lang", "fr"], expect=2)
    run(["extract", "--date", "2023-02-29"], expect=2)
    run(["extract", "--ndjson", "-j", "0"], expect=2)
    run(["extract", "--ndjson", "--format", "conll"], expect=2)
    run(["frobnicate"], expect=2)
    run([], expect=2)
    check(True, "bad options and commands exit 2")
    code, out, _ = run(["extract", "-g", path("no-gazetteers-here")], stdin=b"Text", expect=3)
    check(out == b"", "a missing gazetteer directory exits 3 and writes nothing")
    fo = path("never.ndjson")
    run(["extract", "--ndjson", "-g", path("no-gazetteers-here"), "-", fo], stdin=b"", expect=3)
    check(not os.path.exists(fo) and not [n for n in os.listdir(TMP) if ".tmp." in n],
          "a failed model load leaves no output file")
    run(["extract", "--ndjson", path("missing.ndjson")], expect=4)
    check(True, "a missing NDJSON input exits 4")
    fo = path("from-dir.ndjson")
    run(["extract", "--ndjson", TMP, fo], expect=4)
    check(not os.path.exists(fo) and not [n for n in os.listdir(TMP) if ".tmp." in n],
          "an input that cannot be read exits 4 and makes no OUT")
    _, out, _ = run(["version"], expect=0)
    check(out.startswith(b"nerd "), "nerd version")
    _, out2, _ = run(["--version"], expect=0)
    check(out == out2, "--version is the same as version")
    _, out, _ = run(["help"], expect=0)
    h = out.decode()
    check(all(w in h for w in ("--ndjson", "--max-line", "--gazetteers", "Exit status")),
          "help documents the options and exit codes")


test_files()
test_ndjson()
test_usage()
print("1..%d" % NCHECKS)
