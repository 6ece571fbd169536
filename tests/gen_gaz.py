#!/usr/bin/env python3
"""gen_gaz.py -- a synthetic gazetteer and German text for the scale test.

Writes OUT/gaz/synthetic.tsv with N entries (people, places, companies
with aliases, surnames and priors, in the format of gazetteers/README) and
OUT/text.txt: MB megabytes of German news-like text made from the
sentence frames below (written for this benchmark), where about one word
in fifteen starts a name from the gazetteer (about the share of names
in German news), drawn with Zipf weights as news mentions entities.  Names are made of random
syllables, so they do not collide with German words; the generator is
deterministic (seeded), so every run measures the same data.

usage: gen_gaz.py [--entries N] [--mb MB] [--seed S] OUT
"""

import argparse
import bisect
import os
import random

SYL = ("ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko ku la le li lo lu "
       "ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu "
       "wa we wi zo zu bran dor fel gun har kel lin mar nor ost pel quin ril sten "
       "tor ulm vin wal xan yor zel ber dorf feld hau heim ing stein burg").split()
LEGAL = ["AG", "GmbH", "SE", "Holding", "Gruppe", "KG", "Werke", "Bank", "Versicherung"]
CITY_PRE = ["Bad", "Neu", "Alt", "Sankt", "Ober", "Unter"]

# Sentence frames written for this benchmark; {P} a person, {L} a place,
# {O} an organisation.
FRAMES = [
    "Am Montag traf {P} in {L} die Vertreter von {O}, um über neue Aufträge zu sprechen.",
    "Die Gespräche zwischen {O} und der Stadtverwaltung von {L} sollen im Frühjahr weitergehen.",
    "{P} sagte, man habe mit dem Ergebnis des vergangenen Quartals nicht gerechnet.",
    "Nach Angaben von {O} stieg der Umsatz im dritten Quartal um vier Prozent.",
    "In {L} demonstrierten am Wochenende mehrere hundert Menschen gegen die geplante Umgehungsstraße.",
    "Der Gemeinderat hatte die Pläne bereits im Sommer gebilligt, doch die Anwohner klagen dagegen.",
    "{P} kündigte an, die Verhandlungen mit {O} noch vor Jahresende abzuschließen.",
    "Auch in {L} und {L} wird mit starken Regenfällen und Sturmböen gerechnet.",
    "Die Behörden riefen die Bevölkerung auf, die Keller frei zu halten und Fahrten zu vermeiden.",
    "Ein Sprecher von {O} wollte sich zu den Berichten nicht äußern.",
    "Laut {P} ist die Finanzierung des Projekts bis zum Jahr 2030 gesichert.",
    "Die Zahl der Beschäftigten sank im Vergleich zum Vorjahr leicht, die Auftragslage bleibt jedoch gut.",
    "{O} will in {L} ein neues Werk mit rund 800 Arbeitsplätzen errichten.",
    "Kritiker werfen der Landesregierung vor, die Folgen für den Verkehr unterschätzt zu haben.",
    "Bei der Wahl in {L} erhielt {P} knapp 52 Prozent der Stimmen.",
    "Die Polizei ermittelt wegen des Verdachts der Brandstiftung, Hinweise nimmt jede Dienststelle entgegen.",
    "Wie {O} mitteilte, wird der Vertrag mit {P} um zwei Jahre verlängert.",
    "Das Museum in {L} zeigt ab Freitag eine Ausstellung über die Geschichte des Bergbaus.",
    "Die Preise für Strom und Gas sind in den vergangenen Monaten deutlich gesunken.",
    "{P} und {P} unterzeichneten am Dienstag in {L} eine gemeinsame Erklärung.",
    "Der Zug aus {L} hatte wegen einer Signalstörung fast eine Stunde Verspätung.",
    "Die Aktie von {O} legte nach der Veröffentlichung der Zahlen um drei Prozent zu.",
    "Experten rechnen damit, dass sich die Lage auf dem Wohnungsmarkt so bald nicht entspannt.",
    "Im Streit um die Löhne haben sich {O} und die Gewerkschaft auf einen Schlichter geeinigt.",
    # Sentences without names: most of a news text names nobody.
    "Die Zahl der Anträge hat sich innerhalb von zwei Jahren mehr als verdoppelt.",
    "Ob die neuen Regeln schon im kommenden Winter greifen, ist noch offen.",
    "Viele Betriebe klagen über fehlende Fachkräfte und steigende Kosten für Energie.",
    "Der Ausschuss will sich nach der Sommerpause erneut mit dem Thema befassen.",
    "Anwohner berichten von Lärm bis spät in die Nacht und von zugeparkten Einfahrten.",
    "Für die Sanierung der Brücke sind nach ersten Schätzungen rund zwölf Millionen Euro nötig.",
    "Die Schulen sollen bis zum Ende des Jahres mit schnellem Internet versorgt werden.",
    "Wer ein Ticket gekauft hat, kann es bis Freitag kostenlos zurückgeben.",
    "Die Ernte fiel nach dem trockenen Frühjahr deutlich kleiner aus als erwartet.",
    "Am Abend blieb es zunächst ruhig, erst gegen Mitternacht kam es zu Zwischenfällen.",
    "Die Verhandlungen dauerten bis in die frühen Morgenstunden und endeten ohne Einigung.",
    "Nach Ansicht von Fachleuten reicht das Geld nicht aus, um alle Pläne umzusetzen.",
]


def word(rng, lo, hi):
    return "".join(rng.choice(SYL) for _ in range(rng.randint(lo, hi)))


def cap(w):
    return w[:1].upper() + w[1:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=1000000)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("out")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "gaz"), exist_ok=True)
    given = sorted({cap(word(rng, 2, 3)) for _ in range(20000)})
    seen = set()
    pers, locs, orgs = [], [], []
    with open(os.path.join(a.out, "gaz", "synthetic.tsv"), "w", encoding="utf-8") as f:
        f.write("# Synthetic gazetteer for the scale benchmark, written by tests/gen_gaz.py\n"
                "# (seed %d).  Columns as in gazetteers/README.\n" % a.seed)
        n = 0
        while n < a.entries:
            k = rng.random()
            prior = "%.2f" % rng.random()
            if k < 0.4:
                sur = cap(word(rng, 2, 4))
                name = "%s %s" % (rng.choice(given), sur)
                line = "PER\t%s\t\t\t%s\tsurname=%s" % (name, prior, sur)
                bucket = pers
            elif k < 0.75:
                name = cap(word(rng, 2, 4))
                if rng.random() < 0.1:
                    name = "%s %s" % (rng.choice(CITY_PRE), name)
                alias = cap(word(rng, 2, 3)) if rng.random() < 0.2 else ""
                line = "LOC.city\t%s\t%s\t\t%s\t" % (name, alias, prior)
                bucket = locs
            else:
                base = cap(word(rng, 2, 4))
                name = "%s %s" % (base, rng.choice(LEGAL))
                alias = base if rng.random() < 0.5 else ""
                if rng.random() < 0.3:
                    alias += ("|" if alias else "") + "".join(w[0] for w in name.split()).upper() + base[1:3].upper()
                line = "ORG.company\t%s\t%s\t\t%s\t" % (name, alias, prior)
                bucket = orgs
            if name in seen:
                continue
            seen.add(name)
            f.write(line + "\n")
            n += 1
            if rng.random() < 0.02:
                bucket.append(name)
    # News mentions a few entities often and most rarely: names are drawn
    # with Zipf weights (1/rank) from the sampled ones.
    pick = {}
    for key, bucket in (("P", pers), ("L", locs), ("O", orgs)):
        cum, t = [], 0.0
        for r in range(len(bucket)):
            t += 1.0 / (r + 1)
            cum.append(t)
        pick[key] = (bucket, cum)

    def draw(key):
        bucket, cum = pick[key]
        return bucket[bisect.bisect_left(cum, rng.random() * cum[-1])]

    target = int(a.mb * 1024 * 1024)
    size = 0
    with open(os.path.join(a.out, "text.txt"), "w", encoding="utf-8") as f:
        while size < target:
            para = []
            for _ in range(rng.randint(3, 6)):
                s = rng.choice(FRAMES)
                while "{" in s:
                    s = (s.replace("{P}", draw("P"), 1).replace("{L}", draw("L"), 1)
                         .replace("{O}", draw("O"), 1))
                para.append(s)
            p = " ".join(para) + "\n\n"
            f.write(p)
            size += len(p.encode("utf-8"))


if __name__ == "__main__":
    main()
