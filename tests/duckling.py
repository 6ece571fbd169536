#!/usr/bin/env python3
"""duckling.py -- measures nerd's figures and dates against Duckling's German
test corpus (BSD, facebook/duckling, converted to JSON Lines).

Every text is sent through `nerd extract --ndjson` (one request per line,
the reference time 2013-02-12 as the document date) and the answers are
scored per dimension:

  numeral   nerd reports numbers only as figures, so each numeral is framed
            as a count ("Es kamen TEXT Besucher.", "There were TEXT
            visitors."), a negative one as a balance ("Der Saldo lag bei
            TEXT Euro."), "einen"/"eine" with a noun of their case and
            gender ("Das kostet einen Euro."); right when a figure has the
            value
  distance  a quantity with the value and unit (km, m, cm, mm, mi, in);
  volume    (and in English money, quantity, temperature: value and ISO
            currency or unit; generic currency names such as "Dinar" take
            any currency; latent bare numbers are out of scope)
            intervals need two figures linked by `range`, "{to: x}" a figure
            with bound max, "{from: x}" bound min (l, ml, hl)
  time      only references at day grain or coarser (day, week, month,
            quarter, year) with a single value; right when one of the dates
            has that value at that grain; negatives are right when nothing
            (no date) is found.  Named holidays are counted apart ("time
            (holiday)") and together with the rest ("time with holidays",
            the line issue 5's target is about): many follow the Hindu,
            Hebrew, Islamic or Chinese calendars (gazetteers/date/README
            names the sources), and Duckling dates Hebrew ones by the eve
            they begin at, nerd by the day itself; such a miss stays a
            miss and is shown again as "off by a day" below the holiday
            line.

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
# Duckling's money units -> ISO 4217; None: any currency (a generic name
# such as "Dinar" or "Rial" that several countries use)
CURRENCIES = {"Dollar": "USD", "Pound": "GBP", "Unnamed": "USD", "Cent": None,
              "Dinar": None, "Rial": None, "Riyal": None}
QUANTITY_UNITS = {"Gram": "g", "Pound": "lb", "Ounce": "oz", "Cup": "cup"}
TEMPERATURES = {"Celsius": ("Grad Celsius",), "Fahrenheit": ("°F",),
                "Degree": ("Grad Celsius", "°F", "Grad")}
# Duckling gives masses in its unit of the expression's family (grams):
# nerd keeps the unit of the text, so a figure in kg or mg is compared after
# conversion.
CONVERT = {"g": {"g": 1.0, "kg": 1000.0, "mg": 0.001}}
GRAINS = ("day", "week", "month", "quarter", "year")
FRAME = {"de": "Es kamen {} Besucher.", "en": "There were {} visitors."}
# Frames that fit a numeral's grammar: a negative number is no count of
# visitors but a balance; the singular accusative and feminine forms of
# "ein" need a noun of their case and gender.
NEGATIVE = {"de": "Der Saldo lag bei {} Euro.", "en": "The balance was {} dollars."}
SINGULAR = {"einen": "Das kostet {} Euro.", "keinen": "Das kostet {} Euro.",
            "eine": "Wir brauchen {} Tonne Stahl.", "keine": "Wir brauchen {} Tonne Stahl."}


def numeral_frame(lang, text):
    low = text.lower()
    if low.startswith(("-", "minus ", "negativ ", "negative ")):
        return NEGATIVE[lang].format(text)
    if lang == "de" and low in SINGULAR:
        return SINGULAR[low].format(text)
    return FRAME[lang].format(text)


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
        return any(close(f["value"], ref) for f in figs)
    if dim in ("distance", "volume", "amount-of-money", "quantity", "temperature"):
        if dim == "amount-of-money":
            cur = CURRENCIES.get(item["unit"], item["unit"])
            qs = [f for f in figs if f["kind"] == "money" and (cur is None or f.get("currency") == cur)]
            if item["unit"] == "Cent":  # "10 cents": 0.10 of a currency
                qs = [dict(f, value=f["value"] * 100) for f in qs]
        elif dim == "temperature":
            units = TEMPERATURES[item["unit"]]
            qs = [f for f in figs if f["kind"] == "quantity" and f.get("unit") in units]
        else:
            unit = QUANTITY_UNITS.get(item["unit"], UNITS.get(item["unit"], item["unit"]))
            conv = CONVERT.get(unit, {unit: 1.0})
            figs = [dict(f, value=f["value"] * conv.get(f.get("unit"), 1.0)) for f in figs]
            qs = [f for f in figs if f["kind"] == "quantity" and f.get("unit") in conv]
        if not isinstance(ref, dict):
            return any(close(f["value"], ref) for f in qs)
        byid = {f["id"]: f for f in figs}
        if "from" in ref and "to" in ref:
            return any(close(f["value"], ref["from"]) and f.get("range") in byid and
                       close(byid[f["range"]]["value"], ref["to"]) for f in qs)
        if "to" in ref:
            return any(close(f["value"], ref["to"]) and f.get("bound") == "max" for f in qs)
        return any(close(f["value"], ref["from"]) and f.get("bound") == "min" for f in qs)
    if dim == "time":
        want = ref[:10]
        for d in resp.get("dates", []):
            start, grain = date_start(d["value"])
            if start == want and grain == item["grain"]:
                return True
        return False
    return None


def off_by_day(item, resp):
    want = datetime.date.fromisoformat(item["value"][:10])
    for d in resp.get("dates", []):
        if len(d["value"]) == 10:
            got = datetime.date.fromisoformat(d["value"])
            if abs((got - want).days) == 1:
                return True
    return False


def in_scope(item):
    dim = item["dim"]
    if dim in ("numeral", "distance", "volume"):
        return True
    if dim in ("amount-of-money", "quantity", "temperature"):
        return not item.get("latent")  # latent: a bare number, money only in Duckling's mode
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
        text = numeral_frame(lang, it["text"]) if it["dim"] == "numeral" else it["text"]
        it["_sent"] = text
        reqs.append(json.dumps({"id": n, "text": text, "lang": lang, "date": REF_DATE,
                                "bias": "future"},
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
        dim = it["dim"] + (" (negative)" if it.get("negative") else
                           " (holiday)" if it.get("holiday") else "")
        tot[dim] = tot.get(dim, 0) + 1
        good = "error" not in resp and score(it, resp)
        if good:
            ok[dim] = ok.get(dim, 0) + 1
        elif a.verbose:
            got = [(f["text"], f["value"], f.get("unit")) for f in resp.get("figures", [])]
            got += [(d["text"], d["value"]) for d in resp.get("dates", [])]
            print("MISS %-9s %-45s want %s got %s" % (it["dim"], json.dumps(it["_sent"], ensure_ascii=False),
                                                       json.dumps(it["value"]), got))
    off = sum(1 for it, resp in zip(items, out) if it.get("holiday") and not it.get("negative")
              and not score(it, resp) and off_by_day(it, resp))
    allt = sum(tot.values())
    allok = sum(ok.values())
    for dim in sorted(tot):
        print("%-18s %4d / %4d  %5.1f %%" % (dim, ok.get(dim, 0), tot[dim],
                                              100.0 * ok.get(dim, 0) / tot[dim]))
        if dim == "time (holiday)":
            print("%-18s %4d            (one day apart: eve or sighting)" % ("  off by a day", off))
    t = tot.get("time", 0) + tot.get("time (holiday)", 0)
    o = ok.get("time", 0) + ok.get("time (holiday)", 0)
    if t:
        print("%-18s %4d / %4d  %5.1f %%" % ("time with holidays", o, t, 100.0 * o / t))
    print("%-18s %4d / %4d  %5.1f %%" % ("all", allok, allt, 100.0 * allok / max(allt, 1)))


if __name__ == "__main__":
    main()
