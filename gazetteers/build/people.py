#!/usr/bin/env python3
"""people.py -- regenerates the package-derived word lists and the generated
company gazetteer of nerd from pinned upstream packages:

  lists/given.tsv    given names KEY<TAB>m|f|u       npm @faker-js/faker (MIT)
  lists/nouns.txt    German common nouns, folded      Debian hunspell-de-de
                                                      (igerman98, GPL-2/GPL-3)
  companies.tsv      more company names (ORG.company) npm @cspell/dict-companies
                                                      (MIT)

The hand-curated files (people.tsv, orgs.tsv, lists/stop.txt) are edited
directly; this script reads them only to avoid duplicates and to filter.

Helper packages, used only as filters and not shipped: npm
@cspell/dict-people-names (MIT; surnames and first names mixed, so it does not
feed given.tsv) and Debian wamerican (English word list, to drop company
"names" that are ordinary English words or places).

Maintainers only; needs the npm registry and Debian's archive:

    python3 gazetteers/build/people.py --install     # npm + apt-get, then build
    python3 gazetteers/build/people.py               # packages already there

npm packages go to --workdir (default /tmp/nerd-gaz-people); the Debian
packages to the system (apt-get needs root).  Versions are pinned below; a
different installed version is an error (npm) or a warning (Debian).  The
output is deterministic: the same packages give byte-identical files.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import pins

HERE = os.path.dirname(os.path.abspath(__file__))
GAZ = os.path.dirname(HERE)
DATE = "2026-11-27"

NPM_PINS = [
	("@faker-js/faker", "10.6.0"),
	("@cspell/dict-companies", "3.2.14"),
	("@cspell/dict-people-names", "1.1.16"),
]
DEB_PINS = [("hunspell-de-de", "20161207-11"), ("wamerican", "2020.12.07-2")]
DIC = "/usr/share/hunspell/de_DE.dic"
AFF = "/usr/share/hunspell/de_DE.aff"
WORDS = "/usr/share/dict/american-english"

# igerman98 flags (de_DE.aff): S +s, N +n, P +en, E +e, T +es, R +er/+ern/+r,
# F feminine -in/-innen, M diminutive -chen, J -ung/-ungen from nominalised
# verbs, p/q/Q/n further plural and genitive classes; m lets a word stand at
# the end of a compound (nouns and names carry it, names of persons rarely).
# d = forbidden word, h = needs an affix, o = only inside compounds.
NOUN_FLAGS = set("mNPETRFMJpqQn")
EXPAND_FLAGS = set("SNPETRFMJpqQn")
NAMELIKE_FLAGS = set("Smij")   # no plural class: nouns or names, undecided
SKIP_FLAGS = set("dho")
# Dictionary words without a plural class that the place lists also hold
# (wamerican spells months, brands and surnames capitalised), kept as nouns.
NOUN_KEEP = {
	"Albino", "April", "Armagnac", "Bantu", "Bernstein", "Bluetooth", "Bongo",
	"Brut", "Buddha", "Camembert", "Celsius", "Coulomb", "Delta", "Diaspora",
	"Dixieland", "Donner", "Ebola", "Eskimo", "Esperanto", "Essen", "Ethernet",
	"Fahrenheit", "Frisbee", "Gorgonzola", "Gouda", "Halloween", "Handel",
	"Hindu", "Indio", "Inuit", "Islam", "Israeli", "Jura", "Kadi", "Kali",
	"Karo", "Kelvin", "Klee", "Koch", "Kraft", "Lava", "Mafia", "Mafioso",
	"Magenta", "Mal", "Maori", "Mensa", "Moslem", "Mustang", "Nazi",
	"November", "Parmesan", "Peak", "Pest", "Plateau", "Plexiglas", "Psalter",
	"Rum", "Schnabel", "September", "Steinmetz", "Tara", "Teddy", "Toto",
	"Uran", "Vaseline", "Viagra", "Western",
}

# Nouns that are also places of the gazetteers with a fair prior: kept as
# nouns (see place_not_noun).
PLACE_NOUNS = {
	"Baud", "Derby", "Elko", "Hit", "Puma", "Rugby", "Salto", "Samba", "Tequila",
	"Tivoli", "Werder",
}

# Words of @cspell/dict-companies that are parts of longer names (legal
# forms, generic words, places, universities), tickers or software projects,
# not names of companies by themselves.
COMPANY_DROP = {
	"Agricole", "Analytics", "Assicurazioni", "Baden-Wurttemberg", "Banco",
	"Bancorp", "Bancshares", "Bankengruppe", "Bankin", "Beihang", "Belarusian",
	"Billiton", "Castparts", "Chulalongkorn", "CMCSA", "Complutense", "CSAIL",
	"Darussalam", "Dayjs", "Delft", "Deutsche", "DISCA", "DISCK", "Docusaurus",
	"Ecole", "Eindhoven", "Electricite", "Environnement", "Euris", "Exeter",
	"Fabra", "Fenosa", "Fudan", "Gadjah", "Galway", "Generale", "GmbH",
	"GOOGL", "Gothenburg", "Groupe", "Gwangju", "Hanyang", "HeBei", "Henan",
	"Heriot-Watt", "Huazhong", "Int'l", "Italiane", "Jagiellonian", "Jiangsu",
	"Jiaotong", "Kabushiki", "Kaisha", "Keio", "KFUPM", "Landesbank",
	"Leuven", "Lifesciences", "Lomonosov", "Loughborough", "Mahidol", "Malaya",
	"Micro", "Mockito", "Monash", "Mondiale", "Movil", "Nanyang", "Nederlanden",
	"Nijmegen", "Normale", "Notre", "Oilwell", "Otago", "Paribas", "Penh",
	"Phnom", "Photonics", "Plc", "Pohang", "Politecnico", "Pompeu", "Pont",
	"Poste", "Pty", "Putra", "Reinsurance", "Sanpaolo", "Saud", "Seiki",
	"Sekiyu", "Shandong", "Shanxi", "SIGKDD", "Sismology", "Skaffold",
	"Societe", "Steelers", "Sungkyunkwan", "Supérieure", "Svc", "Tartu",
	"Telecom", "Thermo", "Ticino", "Tinto", "Tongji", "Tsing", "Tsinghua",
	"Twente", "Twenty-First", "UGent", "UNIST", "Universiteit",
	"Urbana-Champaign", "USENIX", "Varco", "Vizcaya", "Wageningen", "Waseda",
	"Wisconsin-Madison", "Xi'an", "Yat-Sen", "Yonsei", "Zhejiang", "Caltech",
	"CFONB", "Denki", "Estée", "Häagen", "Dazs", "Foncire", "Penteston",
}

# Given names that collide with a German noun or function word but are far
# more common as names: kept in given.tsv (reported by the build).
GIVEN_KEEP = {
	"frank", "ernst", "peter", "georg", "horst", "nils", "till", "christian",
	"christiane", "christin", "gabriel", "gabriele", "johann", "johannes",
	"simon", "simone", "theodor", "theodore", "adrian", "ellen", "george",
	"georges", "kai", "iris", "milan", "mark", "bill", "guy", "maxime",
}
# Two-letter names kept (the others are abbreviations, syllables or words).
SHORT_GIVEN = {"al", "bo", "ed", "jo", "ty"}
# Given names that are ordinary words in German or English news even though
# the noun and stop lists miss them (verb forms, adjectives, months, titles).
GIVEN_DROP = {
	"mai", "will", "art", "hoffnung", "may", "june", "april", "august",
	"gut", "neu", "klar", "lang", "lange", "frei", "fromm",
	"kühn", "kurz", "heil", "treu", "rasch", "schnell", "wahl", "wahr",
	"wert", "sonne", "sommer", "winter", "herbst", "frühling", "mond",
	"stern", "engel", "glaube", "liebe", "freude", "ehre", "milde",
	"sieg", "friede", "frieden", "grace", "hope", "faith", "joy", "honor",
	"summer", "autumn", "dawn", "sunny", "rich", "king", "prince", "major",
	"general", "bishop", "chance", "case", "price", "guy", "man", "son",
	"sir", "lord", "lady", "miss", "don", "van", "von", "der", "den", "del",
	"dem", "des", "die", "das", "ein", "eine", "china", "india",
	"paris", "london", "berlin", "wien", "rom", "london", "sydney", "jordan",
	"kenia", "georgia", "israel", "florenz", "florida", "virginia",
	"carolina", "dakota", "montana", "nevada", "savannah", "brooklyn",
	"dallas", "houston", "austin", "denver", "phoenix", "orlando",
	# German adverbs, adjectives and verb forms (lower-case hunspell entries)
	"anders", "dies", "fern", "rein", "prima", "lila", "golden", "loyal",
	"royal", "vital", "oral", "anal", "alpha", "brenn", "sang", "landen",
	"bade", "wies", "phi", "chi", "roch", "jure",
	# places first
	"san", "santa", "rio", "washington", "jena", "unna", "medina", "verona",
	"odessa", "indiana", "colombo", "ararat", "andromeda", "stanford", "wadi",
}


def die(msg):
	print("people.py: " + msg, file=sys.stderr)
	sys.exit(1)


def install(workdir):
	pins.install(workdir, "nerd-gaz-people", NPM_PINS, DEB_PINS, ())


def check_versions(workdir):
	pins.check_versions(workdir, NPM_PINS, DEB_PINS, "people.py")


FAKER_JS = r"""
const all = await import('@faker-js/faker');
const out = {first: {}, places: []};
for (const key of Object.keys(all).sort()) {
  const v = all[key];
  if (!/^[a-z]{2,3}(_[A-Za-z_]+)?$/.test(key) || !v || typeof v !== 'object') continue;
  const fn = v.person && v.person.first_name;
  if (fn) out.first[key] = {female: fn.female || [], male: fn.male || [], generic: fn.generic || []};
  const loc = v.location;
  if (loc) for (const k of ['city_name', 'country', 'state'])
    if (Array.isArray(loc[k])) out.places.push(...loc[k]);
}
process.stdout.write(JSON.stringify(out));
"""


def faker_data(workdir):
	path = os.path.join(workdir, "faker-dump.mjs")
	with open(path, "w") as f:
		f.write(FAKER_JS)
	out = subprocess.run(["node", path], cwd=workdir, capture_output=True, check=True)
	return json.loads(out.stdout.decode("utf-8"))


LATIN = re.compile(r"^[^\W\d_][\w'’.\- ]*$")


def is_latin(s):
	if not LATIN.match(s):
		return False
	for ch in s:
		if ch.isalpha() and ord(ch) > 0x24f and not (0x1e00 <= ord(ch) <= 0x1eff):
			return False
	return True


def fold(s):
	return s.lower().replace("–", "-").replace("—", "-").replace("‐", "-")


# --- hunspell: affix rules and dictionary ------------------------------------

def read_aff():
	rules = {}
	with open(AFF, encoding="utf-8") as f:
		for line in f:
			p = line.split()
			if len(p) >= 5 and p[0] == "SFX" and p[1] in EXPAND_FLAGS:
				strip = "" if p[2] == "0" else p[2]
				add = p[3].split("/")[0]
				add = "" if add == "0" else add
				cond = re.compile("(?:" + p[4] + ")$") if p[4] != "." else None
				rules.setdefault(p[1], []).append((strip, add, cond))
	return rules


def read_dic():
	"""Yields (word, flags) of de_DE.dic: the first line is the count, then a
	tab-indented licence header, then one entry per line."""
	with open(DIC, encoding="utf-8") as f:
		next(f)
		for line in f:
			line = line.rstrip("\n")
			if not line or line[0] in "\t ":
				continue
			w, _, fl = line.partition("/")
			yield w, fl


def capitalised(w):
	return (len(w) >= 2 and w[0].isupper() and w[1].islower()
		and all(ch.isalpha() or ch == "-" for ch in w))


def gaz_places():
	"""One-word places of nerd's own gazetteers: name -> (prior, has a
	Wikidata id)."""
	out = {}
	for name in ("places.tsv", "countries.tsv", "regions.tsv"):
		with open(os.path.join(GAZ, name), encoding="utf-8") as f:
			for line in f:
				c = line.rstrip("\n").split("\t")
				if line.startswith("#") or len(c) < 5 or not c[0].startswith("LOC"):
					continue
				try:
					prior = float(c[4])
				except ValueError:
					continue
				if " " in c[1]:
					continue
				old = out.get(c[1], (0.0, False))
				out[c[1]] = (max(old[0], prior), old[1] or bool(c[3]))
	return out


def place_not_noun(w, flags, gp):
	"""Is the dictionary word w (flags) a place of the gazetteers rather than
	a noun?  German exonyms and regions that hunspell lists with a genitive
	flag only ("Athen/Sm", "Böhmen/Sm", "Venedig/Sm", "Borkum/Sm") when the
	gazetteer gives them a prior of 0.45 or more (it gives towns named like
	nouns, "Hof", "Zug", 0.05), and well-known places with a Wikidata id
	and a prior of 0.6 whatever their flags ("Stuttgart/SRm"), except
	nominalised verbs (flag J: "Polen/SJm" gives "Polung")."""
	if w not in gp or w in NOUN_KEEP or w in PLACE_NOUNS:
		return False
	prior, kb = gp[w]
	if flags <= set("Sm") and prior >= 0.45:
		return True
	return kb and prior >= 0.6 and "J" not in flags


def build_nouns(places, given):
	rules = read_aff()
	gp = gaz_places()
	nouns, excluded, seen = set(), [], set()
	for w, fl in read_dic():
		flags = set(fl)
		if not capitalised(w) or flags & SKIP_FLAGS or not flags & NOUN_FLAGS:
			continue
		if (w, fl) in seen:
			continue
		seen.add((w, fl))
		# A word without a plural class that is also a known place or
		# given name is taken for a name ("Berlin/Sm", "Freiburg/Sm"), and
		# so is a well-known place of the gazetteers ("Athen/Sm").
		if (flags <= NAMELIKE_FLAGS and w in places and w not in NOUN_KEEP) or \
				place_not_noun(w, flags, gp):
			excluded.append(w)
			continue
		forms = {w}
		for fg in flags & EXPAND_FLAGS:
			for strip, add, cond in rules.get(fg, ()):
				if cond and not cond.search(w):
					continue
				if strip and not w.endswith(strip):
					continue
				forms.add(w[:len(w) - len(strip)] + add)
		for x in forms:
			if x[:1].isupper():
				nouns.add(fold(x))
	return nouns, sorted(set(excluded))


def english_words():
	lower, caps = set(), set()
	with open(WORDS, encoding="utf-8") as f:
		for line in f:
			w = line.strip()
			if not w or "'" in w:
				continue
			(caps if w[0].isupper() else lower).add(w)
	return lower, caps


# --- hand-curated inputs ---------------------------------------------------

def read_list(path):
	out = set()
	with open(path, encoding="utf-8") as f:
		for line in f:
			line = line.strip()
			if line and not line.startswith("#"):
				out.add(fold(line.split("\t")[0]))
	return out


def gaz_surfaces(*names):
	out = set()
	for n in names:
		with open(os.path.join(GAZ, n), encoding="utf-8") as f:
			for line in f:
				if line.startswith("#") or not line.strip():
					continue
				c = line.rstrip("\n").split("\t")
				out.add(fold(c[1]))
				out.update(fold(a) for a in c[2].split("|") if a)
				for kv in c[5].split(";"):
					if kv.startswith("surname="):
						out.update(fold(s) for s in kv[8:].split("|"))
	return out


# --- outputs -----------------------------------------------------------------

def given_names(fk):
	"""Folded name -> m/f/u.  The gender is the one that the locales listing
	the name agree on, by a three-to-one majority (Esperanto's "Mario" is
	female, everyone else's male); otherwise, or when only generic lists hold
	it, u."""
	single, multi = {}, {}
	for loc in sorted(fk["first"]):
		for g, key in (("female", "f"), ("male", "m"), ("generic", "u")):
			for n in fk["first"][loc][g]:
				n = n.strip()
				if not n or not is_latin(n):
					continue
				if " " in n:
					for part in n.split():
						if len(part) >= 2 and part[0].isupper() and part.isalpha():
							multi.setdefault(fold(part), []).append(key)
				elif len(n) >= 2 and n[0].isupper():
					single.setdefault(fold(n), []).append(key)
	for part, votes in multi.items():
		if part not in single:
			single[part] = votes
	out = {}
	for k, votes in single.items():
		m, f = votes.count("m"), votes.count("f")
		out[k] = "m" if m and m >= 3 * f else "f" if f and f >= 3 * m else "u"
	return out


def write(path, header, lines):
	tmp = path + ".tmp"
	with open(tmp, "w", encoding="utf-8", newline="\n") as f:
		f.write(header)
		for l in lines:
			f.write(l + "\n")
	os.replace(tmp, path)
	print("people.py: wrote %s (%d entries)" % (os.path.relpath(path, GAZ), len(lines)),
		file=sys.stderr)


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	ap.add_argument("--workdir", default="/tmp/nerd-gaz-people")
	ap.add_argument("--install", action="store_true",
		help="npm install the pinned packages and apt-get the Debian ones first")
	ap.add_argument("--report", action="store_true",
		help="print the names and words the filters removed or kept")
	a = ap.parse_args()
	if a.install:
		install(a.workdir)
	check_versions(a.workdir)

	fk = faker_data(a.workdir)
	en_lower, en_caps = english_words()
	places = {p for p in fk["places"] if is_latin(p)}
	places |= {w for w in en_caps if w.lower() not in en_lower}
	stop = read_list(os.path.join(GAZ, "lists", "stop.txt"))
	raw_given = given_names(fk)
	# Hand-made additions (build/given_extra.txt): common German names the
	# faker lists lack.
	with open(os.path.join(GAZ, "build", "given_extra.txt"), encoding="utf-8") as f:
		for line in f:
			if line.startswith("#") or not line.strip():
				continue
			name, _, gender = line.rstrip("\n").partition("\t")
			raw_given.setdefault(fold(name), gender or "u")

	nouns, excluded = build_nouns(places, raw_given)
	write(os.path.join(GAZ, "lists", "nouns.txt"), NOUNS_HEADER,
		sorted(nouns))

	given, dropped, kept = [], [], []
	for k in sorted(raw_given):
		if len(k) < 3 and k not in SHORT_GIVEN:
			dropped.append(k)
			continue
		collides = k in nouns or k in stop or k in GIVEN_DROP
		if collides and k not in GIVEN_KEEP:
			dropped.append(k)
			continue
		if collides:
			kept.append(k)
		given.append("%s\t%s" % (k, raw_given[k]))
	write(os.path.join(GAZ, "lists", "given.tsv"), GIVEN_HEADER, given)

	companies = build_companies(a.workdir, nouns, stop, raw_given, en_lower, en_caps, places)
	write(os.path.join(GAZ, "companies.tsv"), COMPANIES_HEADER, companies)
	print("people.py: given names: %d dropped as words, %d kept despite collision: %s"
		% (len(dropped), len(kept), " ".join(kept)), file=sys.stderr)
	print("people.py: nouns: %d capitalised entries taken for names" % len(excluded),
		file=sys.stderr)
	if a.report:
		print("dropped given names: " + " ".join(dropped))
		print("dictionary entries taken for names: " + " ".join(excluded))


def build_companies(workdir, nouns, stop, given, en_lower, en_caps, places):
	src = os.path.join(workdir, "node_modules", "@cspell", "dict-companies", "dict",
		"companies.txt")
	ppl = os.path.join(workdir, "node_modules", "@cspell", "dict-people-names", "dict",
		"people-names.txt")
	persons = read_list(ppl)
	known = gaz_surfaces("orgs.tsv", "people.tsv")
	out = {}
	with open(src, encoding="utf-8") as f:
		for line in f:
			w = line.strip()
			if not w or w.startswith("#"):
				continue
			k = fold(w)
			letters = sum(ch.isalpha() for ch in w)
			if letters < 3 or not w[0].isalnum():
				continue
			if w.isupper() and len(w) <= 4:   # tickers and short acronyms
				continue
			if w.islower() or w in COMPANY_DROP or re.search(r"['’]s$", w):
				continue
			if k in nouns or k in stop or k in given or k in persons or k in known:
				continue
			if k in en_lower or w in places:
				continue
			if w in en_caps and not re.search(r"[a-z][A-Z]", w):
				continue                       # English proper noun
			out.setdefault(k, w)
	return ["ORG.company\t%s\t\t\t0.3\t" % w for w in sorted(out.values(), key=fold)]


NOUNS_HEADER = """\
# nouns.txt -- German common nouns, one folded (lower-case) word per line:
# the base forms and the inflected forms generated from their affix flags.
# It tells whether a capitalised word is an ordinary noun.
# Source: Debian package hunspell-de-de 20161207-11 (igerman98 by Björn
#   Jacke), de_DE.dic and de_DE.aff: capitalised entries with a noun
#   inflection flag (m N P E T R F M J p q Q n), without the flags d/h/o,
#   expanded with the suffix rules S N P E T R F M J p q Q n.  Entries with
#   no plural class that are known places (faker place lists, proper nouns of
#   Debian wamerican) are left out as names, except a hand-checked list of
#   real nouns (Handel, Kraft, Koch, November ...).  Generated by
#   gazetteers/build/people.py: do not edit.
# Licence: GPL-2 or GPL-3 (igerman98: "Copyright (C) 1999-2016 Björn Jacke
#   <bjoern@j3e.de>. License: GPLv2, GPLv3").  This file is a derived work
#   of igerman98 and is distributed under the GPL, separately from the rest
#   of nerd; the licence texts are COPYING.GPL-2 and COPYING.GPL-3 beside
#   it.  Its source is igerman98 (Debian package hunspell-de-de, or
#   https://www.j3e.de/ispell/igerman98/) and gazetteers/build/people.py.
# Date: %s
# Columns: word
""" % DATE

GIVEN_HEADER = """\
# given.tsv -- given names with gender: KEY<TAB>m|f|u (u = used for both or
# unknown).  Keys are folded (lower case).
# Source: npm @faker-js/faker 10.6.0, person.first_name of every locale,
#   names in Latin script only; multi-word names split into their words;
#   plus gazetteers/build/given_extra.txt (hand-made, public domain).
#   Names that are German nouns (nouns.txt), function words (stop.txt),
#   common words or shorter than three letters are left out, except very
#   common names (Frank, Ernst ...; Al, Ed, Jo ...).
#   Generated by gazetteers/build/people.py: do not edit.
# Licence: MIT.  "Faker - Copyright (c) 2022-2025" (the faker contributors,
#   see the revision history of faker-js/faker); the MIT permission notice is
#   the one in nerd's LICENSE file.
# Date: %s
# Columns: key	gender
""" % DATE

COMPANIES_HEADER = """\
# companies.tsv -- further company names, low prior (0.3): the hand-curated
# orgs.tsv wins on every shared surface form.
# Source: npm @cspell/dict-companies 3.2.14 (words of company names), keeping
#   capitalised names of three or more letters that are not German nouns,
#   function words, given names or surnames (@cspell/dict-people-names
#   1.1.16), English words or places (wamerican, faker), and not already in
#   orgs.tsv or people.tsv.  Generated by gazetteers/build/people.py: do not
#   edit.
# Licence: MIT.  "Copyright (c) 2017-2025 Street Side Software
#   <support@streetsidesoftware.nl>"; the MIT permission notice is the one in
#   nerd's LICENSE file.
# Date: %s
# Columns: type	name	aliases	kb	prior	attrs
""" % DATE

if __name__ == "__main__":
	main()
