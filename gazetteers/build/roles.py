#!/usr/bin/env python3
"""roles.py -- generates gazetteers/lists/roles.tsv: German role and title
words (offices, professions, nobility) in every inflected form, each mapped
to its nominative singular with the person's gender.

Run from the source tree:  python3 gazetteers/build/roles.py gazetteers/lists

It writes DIR/roles.tsv, DIR/roles_en.tsv (English role words, singular and
plural, mapped to the capitalised singular) and DIR/roletails.txt: the forms that may end a
compound role word the list does not hold ("Jurypräsident",
"Kulturstaatsministerin"): forms of six letters or more, and the forms of
"Chef"; shorter ones ("Emir", "Arzt") end too many other words ("Özdemirs").

Each stem is given with its declension class; the script writes the forms.
Keys are looked up case-insensitively by nerd (lex.c folds them).

Ambiguities, resolved by convention:
- Weak masculine nouns (Präsident, Analyst) have one form "-en" for the
  genitive/dative/accusative singular and every plural case: it maps to the
  masculine singular ("Präsidenten" -> "Präsident").
- Plurals of feminine forms map to the feminine singular
  ("Ministerinnen" -> "Ministerin"); masculine plurals to the masculine.
- Adjectival nouns (Vorsitzende, Abgeordnete, Beauftragte): "Vorsitzender",
  "Vorsitzende" and "Vorsitzenden" all map to "Vorsitzende" (the form used in
  "die Parteivorsitzende X" and "der Parteivorsitzende X"); the plural "die
  Parteivorsitzenden X und Y" gives each person the singular, whatever their
  gender, since the word alone does not tell.
"""

import sys

# class: er      strong -er/-el masculine (Minister, Sprecher): X, Xs, Xn; Xin, Xinnen
#        weak    weak masculine (Präsident, Analyst, Experte): X, X(e)n; Xin, Xinnen
#        e       strong with plural -e (König, Sekretär): X, Xs, Xes?, Xe, Xen; Xin, Xinnen
#        s       plural -s (Chef, Coach): X, Xs; Xin, Xinnen
#        or      -or (Direktor): X, Xs, Xen; Xin, Xinnen
#        adj     adjectival (Vorsitzende): X, Xr, Xn, Xm -> X
#        irr     explicit forms: list of (form, value)

BASE = [
    # Politics and government
    ("Minister", "er"), ("Kanzler", "er"), ("Präsident", "weak"),
    ("Premierminister", "er"), ("Premier", "s"), ("Ministerpräsident", "weak"),
    ("Staatsminister", "er"), ("Bundesminister", "er"), ("Landesminister", "er"),
    ("Bürgermeister", "er"), ("Oberbürgermeister", "er"), ("Regierungschef", "s"),
    ("Staatschef", "s"), ("Parteichef", "s"), ("Fraktionschef", "s"),
    ("Landeschef", "s"), ("Regierungssprecher", "er"), ("Sprecher", "er"),
    ("Generalsekretär", "e"), ("Staatssekretär", "e"), ("Sekretär", "e"),
    ("Gouverneur", "e"), ("Senator", "or"), ("Abgeordnete", "adj"),
    ("Bundestagsabgeordnete", "adj"), ("Landtagsabgeordnete", "adj"),
    ("Europaabgeordnete", "adj"), ("Vorsitzende", "adj"),
    ("Parteivorsitzende", "adj"), ("Fraktionsvorsitzende", "adj"),
    ("Bundesvorsitzende", "adj"), ("Landesvorsitzende", "adj"),
    ("Ausschussvorsitzende", "adj"), ("Kovorsitzende", "adj"),
    ("Beauftragte", "adj"), ("Sonderbeauftragte", "adj"),
    ("Außenbeauftragte", "adj"), ("Sondergesandte", "adj"), ("Gesandte", "adj"),
    ("Kandidat", "weak"), ("Kanzlerkandidat", "weak"), ("Spitzenkandidat", "weak"),
    ("Präsidentschaftskandidat", "weak"), ("Oppositionsführer", "er"),
    ("Parteiführer", "er"), ("Fraktionsführer", "er"), ("Anführer", "er"),
    ("Politiker", "er"), ("Parlamentarier", "er"), ("Diplomat", "weak"),
    ("Chefdiplomat", "weak"), ("Botschafter", "er"), ("Unterhändler", "er"),
    ("Chefunterhändler", "er"), ("Kommissar", "e"), ("Landrat", "irr"),
    ("Stadtrat", "irr"),
    ("Vizepräsident", "weak"), ("Staatspräsident", "weak"),
    ("Bundespräsident", "weak"), ("Parlamentspräsident", "weak"),
    ("Bundestagspräsident", "weak"), ("Landtagspräsident", "weak"),
    ("Kommissionspräsident", "weak"), ("Ratspräsident", "weak"),
    ("Notenbankpräsident", "weak"), ("Zentralbankpräsident", "weak"),
    ("Polizeipräsident", "weak"), ("Gerichtspräsident", "weak"),
    ("Senatspräsident", "weak"), ("Verbandspräsident", "weak"),
    ("Vereinspräsident", "weak"), ("Klubpräsident", "weak"),
    ("Ehrenpräsident", "weak"), ("Bundeskanzler", "er"), ("Vizekanzler", "er"),
    ("Altkanzler", "er"), ("Schatzkanzler", "er"), ("Regierender Bürgermeister", None),
    ("Stabschef", "s"), ("Kabinettschef", "s"), ("Geheimdienstchef", "s"),
    ("Armeechef", "s"), ("Militärchef", "s"), ("Polizeichef", "s"),
    ("Senatschef", "s"), ("Wahlkampfchef", "s"), ("Verhandlungsführer", "er"),
    ("Behördenchef", "s"), ("Amtschef", "s"), ("Ressortchef", "s"),
    ("Außenamtssprecher", "er"), ("Pressesprecher", "er"),
    ("Parteisprecher", "er"), ("Ministeriumssprecher", "er"),
    ("Polizeisprecher", "er"), ("Konzernsprecher", "er"),
    ("Unternehmenssprecher", "er"), ("Fraktionssprecher", "er"),
    ("Kremlsprecher", "er"), ("Gerichtssprecher", "er"),
    ("Vorstandssprecher", "er"), ("Behördensprecher", "er"),
    # Business
    ("Chef", "s"), ("Konzernchef", "s"), ("Vorstandschef", "s"),
    ("Finanzchef", "s"), ("Firmenchef", "s"), ("Unternehmenschef", "s"),
    ("Bankchef", "s"), ("Notenbankchef", "s"), ("Zentralbankchef", "s"),
    ("Aufsichtsratschef", "s"), ("Verwaltungsratschef", "s"),
    ("Gewerkschaftschef", "s"), ("Verbandschef", "s"), ("Technikchef", "s"),
    ("Vertriebschef", "s"), ("Personalchef", "s"), ("Entwicklungschef", "s"),
    ("Vorstandsvorsitzende", "adj"), ("Aufsichtsratsvorsitzende", "adj"),
    ("Verwaltungsratspräsident", "weak"), ("Geschäftsführer", "er"),
    ("Hauptgeschäftsführer", "er"), ("Gründer", "er"), ("Mitgründer", "er"),
    ("Firmengründer", "er"), ("Gründungsmitglied", None), ("Inhaber", "er"),
    ("Eigentümer", "er"), ("Investor", "or"), ("Unternehmer", "er"),
    ("Manager", "er"), ("Banker", "er"), ("Direktor", "or"),
    ("Generaldirektor", "or"), ("Chefvolkswirt", "e"), ("Volkswirt", "e"),
    ("Ökonom", "weak"), ("Chefökonom", "weak"), ("Analyst", "weak"),
    ("Chefanalyst", "weak"), ("Stratege", "weak"), ("Chefstratege", "weak"),
    ("Milliardär", "e"), ("Händler", "er"), ("Vorstand", None),
    # Sport
    ("Leiter", "er"), ("Berater", "er"), ("Vertreter", "er"), ("Funktionär", "e"),
    ("Vizechef", "s"), ("Chefberater", "er"), ("Sicherheitsberater", "er"),
    ("Trainer", "er"), ("Bundestrainer", "er"), ("Nationaltrainer", "er"),
    ("Cheftrainer", "er"), ("Kapitän", "e"), ("Torhüter", "er"), ("Torwart", "e"),
    ("Stürmer", "er"), ("Mittelfeldspieler", "er"), ("Verteidiger", "er"),
    ("Abwehrspieler", "er"), ("Nationalspieler", "er"), ("Spieler", "er"),
    ("Sportdirektor", "or"), ("Sportchef", "s"), ("Teamchef", "s"),
    ("Vereinschef", "s"), ("Klubchef", "s"), ("Pilot", "weak"),
    ("Rennfahrer", "er"), ("Fahrer", "er"), ("Weltmeister", "er"),
    ("Olympiasieger", "er"), ("Tennisspieler", "er"), ("Schwimmer", "er"),
    ("Läufer", "er"), ("Sprinter", "er"), ("Skispringer", "er"),
    # Military, justice, police
    ("Verteidigungsminister", "er"), ("General", "irr"), ("Admiral", "e"),
    ("Kommandeur", "e"), ("Oberbefehlshaber", "er"), ("Befehlshaber", "er"),
    ("Generalinspekteur", "e"), ("Offizier", "e"), ("Richter", "er"),
    ("Bundesrichter", "er"), ("Verfassungsrichter", "er"),
    ("Vorsitzender Richter", None), ("Staatsanwalt", "irr"),
    ("Oberstaatsanwalt", "irr"), ("Generalstaatsanwalt", "irr"),
    ("Generalbundesanwalt", "irr"), ("Anwalt", "irr"), ("Rechtsanwalt", "irr"),
    ("Ankläger", "er"), ("Chefankläger", "er"), ("Ermittler", "er"),
    ("Polizist", "weak"),
    # Nobility and religion
    ("Kaiser", "er"), ("König", "e"), ("Papst", "irr"), ("Prinz", "irr"),
    ("Kronprinz", "irr"), ("Fürst", "irr"), ("Herzog", "irr"), ("Scheich", "e"),
    ("Emir", "e"), ("Sultan", "e"), ("Kronprinzessin", None), ("Prinzessin", None),
    ("Bischof", "irr"), ("Erzbischof", "irr"), ("Kardinal", "irr"),
    ("Pfarrer", "er"), ("Rabbiner", "er"), ("Imam", "e"),
    # Science, media, arts
    ("Professor", "or"), ("Forscher", "er"), ("Wissenschaftler", "er"),
    ("Historiker", "er"), ("Experte", "weak"), ("Politologe", "weak"),
    ("Immunologe", "weak"), ("Epidemiologe", "weak"), ("Kardiologe", "weak"),
    ("Onkologe", "weak"), ("Neurologe", "weak"), ("Psychologe", "weak"),
    ("Biologe", "weak"), ("Geologe", "weak"), ("Archäologe", "weak"),
    ("Theologe", "weak"), ("Radiologe", "weak"), ("Pharmakologe", "weak"),
    ("Klimaforscher", "er"), ("Studienleiter", "er"),
    ("Soziologe", "weak"), ("Virologe", "weak"), ("Meteorologe", "weak"),
    ("Arzt", "irr"), ("Chefarzt", "irr"), ("Journalist", "weak"),
    ("Reporter", "er"), ("Korrespondent", "weak"), ("Chefredakteur", "e"),
    ("Redakteur", "e"), ("Moderator", "or"), ("Autor", "or"),
    ("Schriftsteller", "er"), ("Regisseur", "e"), ("Produzent", "weak"),
    ("Sänger", "er"), ("Schauspieler", "er"), ("Musiker", "er"),
    ("Komponist", "weak"), ("Dirigent", "weak"), ("Künstler", "er"),
    ("Maler", "er"), ("Fotograf", "weak"), ("Architekt", "weak"),
    ("Designer", "er"), ("Rapper", "er"), ("Popstar", "s"), ("Dichter", "er"),
    ("Pianist", "weak"), ("Gitarrist", "weak"), ("Keeper", "er"), ("Graf", "weak"),
    ("Astronaut", "weak"),
    ("Aktivist", "weak"), ("Klimaaktivist", "weak"), ("Intendant", "weak"),
    ("Rektor", "or"),
]

# Ministers of every portfolio, also with "Bundes-" and "Landes-".
PORTFOLIOS = [
    "Außen", "Innen", "Finanz", "Wirtschafts", "Justiz", "Gesundheits", "Arbeits",
    "Sozial", "Umwelt", "Bildungs", "Forschungs", "Wissenschafts", "Familien",
    "Verkehrs", "Bau", "Landwirtschafts", "Agrar", "Entwicklungs", "Digital",
    "Handels", "Energie", "Klima", "Europa", "Kultur", "Kultus", "Schul",
    "Sport", "Tourismus", "Ernährungs", "Heimat", "Integrations", "Frauen",
    "Jugend", "Kanzleramts", "Verteidigungs", "Wohnungsbau", "Infrastruktur",
    "Wirtschafts- und Energie", "Industrie", "Außenhandels", "Haushalts",
]

IRREGULAR = {
    "Landrat": [("Landrat", "Landrat"), ("Landrats", "Landrat"), ("Landrates", "Landrat"),
                ("Landräte", "Landrat"), ("Landräten", "Landrat"),
                ("Landrätin", "Landrätin"), ("Landrätinnen", "Landrätin")],
    "Stadtrat": [("Stadtrat", "Stadtrat"), ("Stadtrats", "Stadtrat"),
                 ("Stadträte", "Stadtrat"), ("Stadträten", "Stadtrat"),
                 ("Stadträtin", "Stadträtin"), ("Stadträtinnen", "Stadträtin")],
    "General": [("General", "General"), ("Generals", "General"), ("Generäle", "General"),
                ("Generälen", "General"), ("Generalin", "Generalin"),
                ("Generalinnen", "Generalin")],
    "Papst": [("Papst", "Papst"), ("Papstes", "Papst"), ("Papsts", "Papst"),
              ("Päpste", "Papst"), ("Päpsten", "Papst")],
    "Prinz": [("Prinz", "Prinz"), ("Prinzen", "Prinz")],
    "Kronprinz": [("Kronprinz", "Kronprinz"), ("Kronprinzen", "Kronprinz")],
    "Fürst": [("Fürst", "Fürst"), ("Fürsten", "Fürst"), ("Fürstin", "Fürstin"),
              ("Fürstinnen", "Fürstin")],
    "Herzog": [("Herzog", "Herzog"), ("Herzogs", "Herzog"), ("Herzöge", "Herzog"),
               ("Herzögen", "Herzog"), ("Herzogin", "Herzogin"),
               ("Herzoginnen", "Herzogin")],
    "Bischof": [("Bischof", "Bischof"), ("Bischofs", "Bischof"), ("Bischöfe", "Bischof"),
                ("Bischöfen", "Bischof"), ("Bischöfin", "Bischöfin"),
                ("Bischöfinnen", "Bischöfin")],
    "Kardinal": [("Kardinal", "Kardinal"), ("Kardinals", "Kardinal"),
                 ("Kardinäle", "Kardinal"), ("Kardinälen", "Kardinal")],
    "Arzt": [("Arzt", "Arzt"), ("Arztes", "Arzt"), ("Ärzte", "Arzt"), ("Ärzten", "Arzt"),
             ("Ärztin", "Ärztin"), ("Ärztinnen", "Ärztin")],
}
for stem in ("Staatsanwalt", "Oberstaatsanwalt", "Generalstaatsanwalt",
             "Generalbundesanwalt", "Anwalt", "Rechtsanwalt"):
    pre = stem[:-len("anwalt")]
    a = pre + "anwält" if pre else "Anwält"
    IRREGULAR[stem] = [(stem, stem), (stem + "s", stem), (stem + "es", stem),
                       (a + "e", stem), (a + "en", stem),
                       (a + "in", a + "in"), (a + "innen", a + "in")]
for stem in ("Erzbischof", "Chefarzt"):
    base = "Bischof" if stem.endswith("Bischof") or stem.endswith("bischof") else "Arzt"
    pre = stem[:-len(base)]
    IRREGULAR[stem] = [(pre + f.lower() if pre else f, pre + v.lower() if pre else v)
                       for f, v in IRREGULAR[base]]


EN_ROLES = [
    "president", "vice-president", "president-elect", "chancellor", "minister",
    "premier", "secretary", "undersecretary", "governor", "senator", "sen.",
    "representative", "rep.", "congressman", "congresswoman", "lawmaker",
    "legislator", "mayor", "ceo", "cfo", "coo", "chairman", "chairwoman", "chair",
    "chairperson", "spokesman", "spokeswoman", "spokesperson", "king", "queen",
    "prince", "princess", "emperor", "empress", "pope", "general", "gen.",
    "admiral", "adm.", "colonel", "col.", "lt.", "sgt.", "commander", "judge",
    "justice", "prosecutor", "attorney", "lawyer", "coach", "manager", "striker",
    "goalkeeper", "midfielder", "defender", "captain", "driver", "analyst",
    "economist", "strategist", "ambassador", "envoy", "director", "founder",
    "co-founder", "leader", "speaker", "commissioner", "chief", "diplomat",
    "candidate", "nominee", "negotiator", "adviser", "advisor", "executive",
    "investor", "billionaire", "banker", "professor", "researcher", "scientist",
    "historian", "journalist", "reporter", "correspondent", "editor", "author",
    "novelist", "writer", "director", "filmmaker", "actor", "actress", "singer",
    "rapper", "musician", "composer", "artist", "photographer", "architect",
    "activist", "bishop", "archbishop", "cardinal", "rabbi", "imam", "pilot",
    "astronaut", "sheikh", "emir", "sultan", "treasurer", "head",
    "physician", "surgeon", "nephrologist", "cardiologist", "oncologist",
    "epidemiologist", "immunologist", "virologist", "neurologist", "mp", "mep",
    "official", "aide", "politician", "secretary-general", "gov.", "officer",
    "trader", "consultant",
]
EN_ABBR = {"sen.": "Senator", "rep.": "Representative", "gen.": "General", "gov.": "Governor",
           "adm.": "Admiral", "col.": "Colonel", "lt.": "Lieutenant", "sgt.": "Sergeant"}


def en_forms(word):
    if word in EN_ABBR:
        return [(word, EN_ABBR[word])]
    value = "-".join(p.capitalize() for p in word.split("-"))
    if word in ("ceo", "cfo", "coo", "mp", "mep"):
        value = word.upper()
    if word.endswith("man") and word not in ("german",):
        plural = word[:-3] + "men"
    elif word.endswith("ss") or word.endswith("sh") or word.endswith("ch"):
        plural = word + "es"
    elif word.endswith("y") and word[-2] not in "aeiou":
        plural = word[:-1] + "ies"
    else:
        plural = word + "s"
    return [(word, value), (plural, value)]


def forms(stem, cls):
    """(form, value) pairs of one stem."""
    if cls is None:
        return [(stem, stem)]
    if cls == "irr":
        return IRREGULAR[stem]
    fem = stem[:-1] + "in" if stem.endswith("e") else stem + "in"
    femf = [(fem, fem), (fem + "nen", fem)]
    if cls == "er":
        m = [(stem, stem), (stem + "s", stem), (stem + "n", stem)]
    elif cls == "weak":
        m = [(stem, stem), (stem + ("n" if stem.endswith("e") else "en"), stem)]
    elif cls == "e":
        m = [(stem, stem), (stem + "s", stem), (stem + "es", stem), (stem + "e", stem),
             (stem + "en", stem)]
    elif cls == "s":
        m = [(stem, stem), (stem + "s", stem)]
    elif cls == "or":
        m = [(stem, stem), (stem + "s", stem), (stem + "en", stem)]
        fem = stem + "in"
        femf = [(fem, fem), (fem + "nen", fem)]
    elif cls == "adj":
        base = stem[:-1]
        return [(stem, stem), (base + "er", stem), (base + "en", stem), (base + "em", stem)]
    else:
        raise ValueError(cls)
    return m + femf


def main():
    stems = list(BASE)
    for p in PORTFOLIOS:
        if " " in p or "- " in p:
            continue
        stems.append((p + "minister", "er"))
        stems.append(("Bundes" + p.lower() + "minister", "er"))
    out = {}
    nstems = 0
    for stem, cls in stems:
        nstems += 1
        for form, value in forms(stem, cls):
            if " " in form:
                continue  # multi-word roles: the rules see single tokens
            key = form.lower()
            if key in out and out[key][1] != value:
                # Same spelling from two stems: keep the first, say so.
                print(f"roles.py: {form} -> {value} clashes with {out[key][1]}",
                      file=sys.stderr)
                continue
            out.setdefault(key, (form, value))
    if len(sys.argv) != 2:
        sys.exit("usage: roles.py LISTDIR")
    f = open(sys.argv[1] + "/roles.tsv", "w", encoding="utf-8")
    w = f.write
    w("# roles.tsv -- German role, office, title and profession words in their\n")
    w("# inflected forms, mapped to the nominative singular of the same gender.\n")
    w("# Generated by gazetteers/build/roles.py (edit the script, not this file).\n")
    w("# Source: written for nerd from German grammar and news usage.\n")
    w("# Licence: same as nerd.  Date: 2026-11-27.\n")
    w(f"# Stems: {nstems}.  Entries: {len(out)}.\n")
    w("# Columns: FORM<TAB>NOMINATIVE SINGULAR\n")
    for key in sorted(out, key=lambda k: (out[k][1].lower(), k)):
        form, value = out[key]
        w(f"{form}\t{value}\n")
    f.close()
    with open(sys.argv[1] + "/roles_en.tsv", "w", encoding="utf-8") as e:
        e.write("# roles_en.tsv -- English role, office and title words, singular and\n")
        e.write("# plural, mapped to the capitalised singular (rules/en/).\n")
        e.write("# Generated by gazetteers/build/roles.py (edit the script, not this file).\n")
        e.write("# Source: written for nerd.  Licence: same as nerd.  Date: 2026-11-27.\n")
        e.write("# Columns: FORM<TAB>SINGULAR\n")
        seen = set()
        for word in EN_ROLES:
            for form, value in en_forms(word):
                if form not in seen:
                    seen.add(form)
                    e.write(f"{form}\t{value}\n")
    tails = sorted(k for k in out
                   if len(k) >= 6 or k in ("chef", "chefs", "chefin", "chefinnen"))
    with open(sys.argv[1] + "/roletails.txt", "w", encoding="utf-8") as t:
        t.write("# roletails.txt -- role forms that may end a compound role word\n")
        t.write("# (\"Jurypräsident\"): the forms of roles.tsv with six letters or more,\n")
        t.write("# and those of \"Chef\".  Generated by gazetteers/build/roles.py.\n")
        t.write("# Source: written for nerd.  Licence: same as nerd.  Date: 2026-11-27.\n")
        t.write("# Columns: one folded form per line.\n")
        for k in tails:
            t.write(k + "\n")


if __name__ == "__main__":
    main()
