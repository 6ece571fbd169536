#!/usr/bin/env python3
"""Asserts what the seed article must yield (see tests/seed.test)."""
import json
import subprocess
import sys

nerd, gazdir, seed = sys.argv[1:4]
out = subprocess.run([nerd, "extract", "--gazetteers", gazdir, "--date", "2025-10-28",
                      "--format", "ndjson", seed], check=True, capture_output=True, text=True)
doc = json.loads(out.stdout.splitlines()[0])
text = open(seed, encoding="utf-8").read()
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


ents = {e["id"]: e for e in doc["entities"]}
by_name = {}
for e in doc["entities"]:
    by_name.setdefault((e["type"], e["name"]), e)
    for m in e["mentions"]:
        check(text[m["start"]:m["end"]] == m["text"], f"offsets of {m['text']!r} index the text")

want = {
    "PER": ["Donald Trump", "Sanae Takaichi", "Howard Lutnick", "Naruhito", "Xi Jinping",
            "Bärbel Bas", "Lars Klingbeil", "Sergio Mattarella", "Peter Mandelson"],
    "LOC": ["Japan", "USA", "China", "Tokio", "Malaysia", "Südkorea", "Peking", "Yokosuka",
            "Mailand"],
    "ORG": ["Weißes Haus", "Toshiba", "Hitachi", "Mitsubishi Electric", "SPD"],
}
for typ, names in want.items():
    for n in names:
        check((typ, n) in by_name, f"{typ} {n}")
trump = by_name.get(("PER", "Donald Trump"))
check(trump is not None and any(m["text"] == "Trumps" for m in trump["mentions"]),
      "the mention 'Trumps' belongs to Donald Trump")

figs = {f["id"]: f for f in doc["figures"]}


def fig(kind, value, currency=None):
    for f in doc["figures"]:
        if f["kind"] == kind and abs(f["value"] - value) < 1e-6 * max(1, abs(value)) and \
                (currency is None or f.get("currency") == currency):
            return f
    return None


check(fig("percent", 15) is not None, "percent 15")
check(fig("percent", 2) is not None, "percent 2")
usd = fig("money", 550e9, "USD")
eur = fig("money", 472e9, "EUR")
check(usd is not None, "money 550e9 USD")
check(eur is not None and eur["approx"] is True, "money 472e9 EUR, approx")
check(eur is not None and usd is not None and eur.get("equivalent") == usd["id"],
      "472e9 EUR is equivalent to the dollar figure")

dates = {(d["text"], d["value"]) for d in doc["dates"]}
check(("Dienstag", "2025-10-28") in dates, "date Dienstag = 2025-10-28")
check(("Juli", "2025-07") in dates, "date im Juli = 2025-07")


def name(eid):
    return ents[eid]["name"] if eid in ents else None


rels = doc["relations"]
roles = {(name(r["person"]), r["role"], name(r["org"]) if r.get("org") else None)
         for r in rels if r["type"] == "role"}
check(("Howard Lutnick", "Handelsminister", "USA") in roles, "role Howard Lutnick, Handelsminister, USA")
check(("Xi Jinping", "Staatschef", "China") in roles, "role Xi Jinping, Staatschef, China")
check(any(r["type"] == "quote" and name(r["speaker"]) == "Sanae Takaichi" for r in rels),
      "a quote by Sanae Takaichi")

if failures:
    print(f"{len(failures)} of the seed article's expectations failed")
    sys.exit(1)
print("seed article: all expectations met")
