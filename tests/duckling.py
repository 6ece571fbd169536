#!/usr/bin/env python3
"""duckling.py -- measures nerd's figures and dates against Duckling's German
test corpus (BSD, facebook/duckling, converted to JSON Lines).

Every text is sent through `nerd extract --ndjson` (one request per line,
the reference time 2013-02-12 as the document date) and the answers are
scored per dimension:

  numeral   nerd reports numbers only as figures, so each numeral is framed
            as a count ("Es kamen TEXT Besucher.", "There were TEXT
            visitors.") and is right when a count figure has its value
  distance  a quantity with the value and unit (km, m, cm, mm, mi, in);
  volume    intervals need two figures linked by `range`, "{to: x}" a figure
            with bound max, "{from: x}" bound min (l, ml, hl)
  time      only references at day grain or coarser (day, week, month,
            quarter, year) with a single value; right when one of the dates
            has that value at that grain; negatives are right when nothing
            (no date) is found

Usage: tests/duckling.py [CORPUS] [--nerd 'src/nerd extract --ndjson'] [-v]
CORPUS defaults to ../shared/data/duckling/duckling-de.jsonl relative to the
source tree.  -v lists the misses.
"""
import argparse
import datetime
import json
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
REF_DATE = "2013-02-12"
UNITS = {"Kilometre": "km", "Metre": "m", "Centimetre": "cm", "Millimetre": "mm",
         "Mile": "mi", "Inch": "in", "Foot": "ft", "Yard": "yd", "Litre": "l",
         "Millilitre": "ml", "Hectolitre": "hl", "Gallon": "gal"}
GRAINS = ("day", "week", "month", "quarter", "year")
FRAME = {"de": "Es kamen {} Besucher.", "en": "There were {} visitors."}


def close(a, b):
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def date_start(value):
    """ISO value at its grain -> (first day as YYYY-MM-DD, grain)."""
    if "-W" in value:
        y, w = value.split("-W")
        d = datetime.date.fromisocalendar(int(y), int(w), 1)
        return d.isoformat(), "week"
    if "-Q" in value:
        y, q = value.split("-Q")
        return "%s-%02d-01" % (y, 3 * int(q) - 2), "quarter"
    if "-H" in value:
        y, h = value.split("-H")
        return "%s-%02d-01" % (y, 6 * int(h) - 5), "half"
    parts = value.split("-")
    if len(parts) == 3:
        return value, "day"
    if len(parts) == 2:
        return value + "-01", "month"
    return value + "-01-01", "year"


def score(item, resp):
    dim = item["dim"]
    figs = resp.get("figures", [])
    if item.get("negative"):
        if dim == "time":
            return not resp.get("dates")
        return not figs
    ref = item["value"]
    if dim == "numeral":
        return any(f["kind"] == "count" and close(f["value"], ref) for f in figs)
    if dim in ("distance", "volume"):
        unit = UNITS.get(item["unit"], item["unit"])
        qs = [f for f in figs if f["kind"] == "quantity" and f.get("unit") == unit]
        if not isinstance(ref, dict):
            return any(close(f["value"], ref) for f in qs)
        byid = {f["id"]: f for f in figs}
        if "from" in ref and "to" in ref:
            return any(close(f["value"], ref["from"]) and f.get("range") in byid and
                       close(byid[f["range"]]["value"], ref["to"]) for f in qs)
        if "to" in ref:
            return any(close(f["value"], ref["to"]) and f["bound"] == "max" for f in qs)
        return any(close(f["value"], ref["from"]) and f["bound"] == "min" for f in qs)
    if dim == "time":
        want = ref[:10]
        for d in resp.get("dates", []):
            start, grain = date_start(d["value"])
            if start == want and grain == item["grain"]:
                return True
        return False
    return None


def in_scope(item):
    dim = item["dim"]
    if dim in ("numeral", "distance", "volume"):
        return True
    if dim == "time":
        if item.get("negative"):
            return True
        return item.get("grain") in GRAINS and isinstance(item["value"], str)
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?",
                    default=os.path.join(TOP, "..", "shared", "data", "duckling",
                                         "duckling-de.jsonl"))
    ap.add_argument("--nerd", default=os.path.join(TOP, "src", "nerd") + " extract --ndjson",
                    help="command that reads request lines and writes response lines")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    items = []
    with open(a.corpus, encoding="utf-8") as fp:
        for line in fp:
            it = json.loads(line)
            if in_scope(it):
                items.append(it)
    reqs = []
    for n, it in enumerate(items):
        lang = it.get("locale", "DE").lower()[:2]
        text = FRAME[lang].format(it["text"]) if it["dim"] == "numeral" else it["text"]
        it["_sent"] = text
        reqs.append(json.dumps({"id": n, "text": text, "lang": lang, "date": REF_DATE},
                               ensure_ascii=False))
    env = dict(os.environ)
    env.setdefault("NERD_GAZDIR", os.path.join(TOP, "gazetteers"))
    p = subprocess.run(shlex.split(a.nerd), input="\n".join(reqs) + "\n", text=True,
                       capture_output=True, env=env)
    if p.returncode:
        sys.stderr.write(p.stderr)
        sys.exit("duckling.py: %s failed with status %d" % (a.nerd, p.returncode))
    out = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    if len(out) != len(items):
        sys.exit("duckling.py: %d requests but %d responses" % (len(items), len(out)))
    tot, ok = {}, {}
    for it, resp in zip(items, out):
        dim = it["dim"] + (" (negative)" if it.get("negative") else "")
        tot[dim] = tot.get(dim, 0) + 1
        good = "error" not in resp and score(it, resp)
        if good:
            ok[dim] = ok.get(dim, 0) + 1
        elif a.verbose:
            got = [(f["text"], f["value"], f.get("unit")) for f in resp.get("figures", [])]
            got += [(d["text"], d["value"]) for d in resp.get("dates", [])]
            print("MISS %-9s %-45s want %s got %s" % (it["dim"], json.dumps(it["_sent"], ensure_ascii=False),
                                                       json.dumps(it["value"]), got))
    allt = sum(tot.values())
    allok = sum(ok.values())
    for dim in sorted(tot):
        print("%-18s %4d / %4d  %5.1f %%" % (dim, ok.get(dim, 0), tot[dim],
                                              100.0 * ok.get(dim, 0) / tot[dim]))
    print("%-18s %4d / %4d  %5.1f %%" % ("all", allok, allt, 100.0 * allok / max(allt, 1)))


if __name__ == "__main__":
    main()
