#!/usr/bin/python3
"""calendars.py -- writes gazetteers/date/holidays-calendars.tsv: the dates of
holidays that follow the lunar or lunisolar calendars, one line per key and
year, for the years FIRST..LAST.  Run by hand when the range should move:

    (cd gazetteers/build && npm ci)
    /usr/bin/python3 gazetteers/build/calendars.py > gazetteers/date/holidays-calendars.tsv

Sources (Debian packages python3-convertdate and python3-holidays, npm
packages pinned in package.json):
  - the Hebrew calendar (convertdate.hebrew, the arithmetic calendar of
    Hillel II: exact); Tisha B'Av, Yom HaShoah and Yom HaAtzmaut with the
    postponements that keep them off the Sabbath;
  - the Islamic calendar: Umm al-Qura (Saudi Arabia's official calendar,
    from the npm package hijri-converter 1.1.1, MIT, via hijri.js) for the
    Hijri years it covers (1356-1500, 1937-2077), else the tabular Islamic
    calendar (convertdate.islamic), a civil estimate that may lie a day off
    the sighted calendar of a given country;
  - Hindu, Sikh and Jain festivals of the Hindu lunisolar calendar and the
    sidereal solar year (Holi, Diwali, Dussehra, Janmashtami, Onam, Makar
    Sankranti, Vaisakhi, Guru Ravidas Jayanti, Rabindra Jayanti ...),
    computed for New Delhi by hindu.js from the positions of the sun and
    the moon of the npm package astronomia 4.2.0 (MIT, Meeus' algorithms);
    the rules (month, tithi, time of day) are listed there;
  - the Chinese lunisolar calendar and Deepavali and Vesak as observed in
    Singapore (holidays.Singapore: tables for 1901-2099, estimates beyond
    their tables are marked so by the package).
  - Koningsdag from holidays.Netherlands (27 April, the 26th when the 27th
    is a Sunday);
  - Parsi New Year (Jamshedi Navroz) of the Shahenshahi calendar, whose
    year has 365 days without a leap day: 365 days after the one before,
    from 15 August 2024.
The names that refer to each key live in holidays.tsv ("table KEY N")."""
import datetime
import functools
import os
import subprocess
import sys
import warnings

from convertdate import hebrew, islamic

warnings.simplefilter("ignore")
import holidays  # noqa: E402

FIRST, LAST = 1950, 2060


def heb(y, m, d):
    return datetime.date(*hebrew.to_gregorian(y, m, d))


def hebrew_days(year):
    """Hebrew holidays that fall in Gregorian year `year`."""
    out = []
    for hy in (year + 3760, year + 3761):
        adar = 13 if hebrew.leap(hy) else 12
        out += [("purim", heb(hy, adar, 14)), ("shushan-purim", heb(hy, adar, 15)),
                ("rosh-hashanah", heb(hy, 7, 1)), ("yom-kippur", heb(hy, 7, 10)),
                ("sukkot", heb(hy, 7, 15)), ("shemini-atzeret", heb(hy, 7, 22)),
                ("simchat-torah", heb(hy, 7, 23)), ("hanukkah", heb(hy, 9, 25)),
                ("tu-bishvat", heb(hy, 11, 15)), ("pesach", heb(hy, 1, 15)),
                ("shavuot", heb(hy, 3, 6)), ("lag-baomer", heb(hy, 2, 18))]
        av9 = heb(hy, 5, 9)
        if av9.weekday() == 5:          # on the Sabbath: kept on Sunday
            av9 += datetime.timedelta(days=1)
        out.append(("tisha-bav", av9))
        sho = heb(hy, 1, 27)
        if sho.weekday() == 4:          # Friday -> Thursday
            sho -= datetime.timedelta(days=1)
        elif sho.weekday() == 6 and hy >= 5757:   # Sunday -> Monday (since 1997)
            sho += datetime.timedelta(days=1)
        out.append(("yom-hashoah", sho))
        ind = heb(hy, 2, 5)
        if ind.weekday() == 4:          # Friday -> Thursday
            ind -= datetime.timedelta(days=1)
        elif ind.weekday() == 5:        # Saturday -> Thursday
            ind -= datetime.timedelta(days=2)
        elif ind.weekday() == 0 and hy >= 5764:   # Monday -> Tuesday (since 2004)
            ind += datetime.timedelta(days=1)
        out.append(("yom-haatzmaut", ind))
    return [(k, d) for k, d in out if d.year == year]


BUILD = os.path.dirname(os.path.abspath(__file__))
UMM_ALQURA = (1356, 1500)   # the Hijri years hijri-converter's Umm al-Qura tables cover


def node(script, *args):
    """Runs a node script of this directory (its npm packages in
    node_modules here: `npm ci` in gazetteers/build) and returns its lines."""
    env = dict(os.environ, NODE_PATH=os.path.join(BUILD, "node_modules"))
    out = subprocess.run(["node", os.path.join(BUILD, script)] + [str(a) for a in args],
                         capture_output=True, text=True, check=True, env=env).stdout
    return [line.split() for line in out.splitlines() if line.strip()]


@functools.lru_cache(maxsize=None)
def umm_alqura():
    return {(int(y), int(m), int(d)): datetime.date.fromisoformat(iso)
            for y, m, d, iso in node("hijri.js", *UMM_ALQURA)}


def isl(y, m, d):
    if UMM_ALQURA[0] <= y <= UMM_ALQURA[1]:
        return umm_alqura()[(y, m, d)]
    return datetime.date(*islamic.to_gregorian(y, m, d))


def hindu_days():
    return [(k, datetime.date.fromisoformat(d)) for k, d in node("hindu.js", FIRST, LAST)]


def islamic_days(year):
    out = []
    h0 = islamic.from_gregorian(year, 1, 1)[0]
    for hy in (h0, h0 + 1):
        fitr = isl(hy, 10, 1)
        wida = fitr - datetime.timedelta(days=1)
        while wida.weekday() != 4:      # the last Friday of Ramadan
            wida -= datetime.timedelta(days=1)
        out += [("islamic-new-year", isl(hy, 1, 1)), ("ashura", isl(hy, 1, 10)),
                ("mawlid", isl(hy, 3, 12)), ("isra-miraj", isl(hy, 7, 27)),
                ("ramadan", isl(hy, 9, 1)), ("laylat-al-qadr", isl(hy, 9, 27)),
                ("eid-al-fitr", fitr), ("jumuatul-wida", wida),
                ("eid-al-adha", isl(hy, 12, 10))]
    return [(k, d) for k, d in out if d.year == year]


def parsi_new_year(year):
    return datetime.date(2024, 8, 15) + datetime.timedelta(days=365 * (year - 2024))


def netherlands_days(year):
    return [("koningsdag", d) for d, name in holidays.Netherlands(years=[year]).items()
            if name.startswith("Koningsdag")]


def singapore_days(year):
    sg = holidays.Singapore(years=[year])
    out = [("chinese-new-year", sg.get_lunar_n_y_date(year))]
    for d, name in sg.items():
        if name.startswith("Deepavali"):
            out.append(("deepavali", d))
        elif name.startswith("Vesak"):
            out.append(("vesak", d))
    return out


def main():
    rows = set()
    for y in range(FIRST, LAST + 1):
        for k, d in (hebrew_days(y) + islamic_days(y) + singapore_days(y) +
                     netherlands_days(y) + [("parsi-new-year", parsi_new_year(y))]):
            rows.add((k, d.isoformat()))
    for k, d in hindu_days():
        rows.add((k, d.isoformat()))
    w = sys.stdout.write
    w("# holidays-calendars.tsv -- dates of holidays of the Hebrew, Islamic,\n"
      "# Hindu and Chinese calendars, Deepavali, Vesak, Koningsdag and the Parsi New Year,\n"
      "# %d-%d.\n" % (FIRST, LAST))
    w("# Generated by gazetteers/build/calendars.py from the Debian packages\n"
      "# python3-convertdate (Hebrew and tabular Islamic calendars, MIT),\n"
      "# python3-holidays (Singapore: Chinese New Year, Deepavali, Vesak;\n"
      "# Netherlands: Koningsdag; MIT), the npm packages hijri-converter 1.1.1\n"
      "# (Umm al-Qura calendar 1937-2077, MIT) and astronomia 4.2.0 (sun and\n"
      "# moon for the Hindu calendar at New Delhi, MIT; rules in hindu.js);\n"
      "# the Parsi New Year by the Shahenshahi rule.\n"
      "# Columns: key  YYYY-MM-DD (the day itself, not the eve before it)\n")
    for k, d in sorted(rows):
        w("%s\t%s\n" % (k, d))


if __name__ == "__main__":
    main()
