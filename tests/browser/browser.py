#!/usr/bin/env python3
"""browser.py -- the highlight page in headless Chromium, driven through
chromedriver's WebDriver protocol with the Python standard library alone.

Starts nerdd on a free loopback port, loads GET /, pastes an article, clicks
Extract and checks the marks in the text against the API's own answer for
the same request: the mentions of each type, each mark's text and entity,
figures, dates and quotes; clicks an entity (and another by keyboard) and
checks that exactly its mentions are marked; shows an API error; renders a
50,000-character article.  Then stops nerdd, cuts the browser off the
network and opens a page written by `nerd extract --format html`, which must
show the same marks.  Screenshots go to $top_builddir/tests/browser-shots/.

Exit 77 (skip) when Chromium or chromedriver is not installed, unless
NERD_BROWSER_REQUIRED=1 (CI), which makes that a failure."""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SRC = os.environ.get("top_srcdir", ".")
BUILD = os.environ.get("top_builddir", ".")
GAZ = os.path.join(SRC, "tests", "fixtures", "gaz")
DATE = "2026-11-23"
W3C_ELEM = "element-6066-11e4-a52e-4f735466cecf"

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what)
    return cond


def skip(why):
    if os.environ.get("NERD_BROWSER_REQUIRED") == "1":
        print("FAIL (NERD_BROWSER_REQUIRED=1): " + why)
        sys.exit(1)
    print("SKIP: " + why)
    sys.exit(77)


def find_prog(env, names):
    p = os.environ.get(env)
    if p:
        return p if os.access(p, os.X_OK) else None
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def http(method, url, body=None, timeout=60, ctype="application/json"):
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


class WebDriver:
    """The few WebDriver commands the test needs, over plain HTTP."""

    def __init__(self, base, chromium, extra_args, profile):
        self.base = base
        args = ["--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1500", "--user-data-dir=" + profile] + extra_args
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": chromium, "args": args}}}}
        v = self.cmd("POST", "/session", caps, timeout=120)
        self.sid = v["sessionId"]

    def cmd(self, method, path, body=None, timeout=60):
        if method == "POST" and body is None:
            body = {}
        status, _, data = http(method, self.base + path, body, timeout)
        v = json.loads(data.decode() or "{}").get("value")
        if status != 200:
            raise RuntimeError("WebDriver %s %s: %s %s" % (method, path, status, v))
        return v

    def s(self, method, path, body=None, timeout=60):
        return self.cmd(method, "/session/" + self.sid + path, body, timeout)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        return self.s("POST", "/element", {"using": "css selector", "value": css})[W3C_ELEM]

    def click(self, css):
        self.s("POST", "/element/%s/click" % self.find(css))

    def type(self, css, text):
        el = self.find(css)
        self.s("POST", "/element/%s/clear" % el)
        self.s("POST", "/element/%s/value" % el, {"text": text})

    def wait(self, script, what, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            v = self.js(script)
            if v:
                return v
            time.sleep(0.1)
        raise RuntimeError("timed out waiting for " + what)

    def screenshot(self, path):
        png = base64.b64decode(self.s("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return len(png)

    def console_errors(self):
        """Console errors since the last call (CSP violations, exceptions)."""
        try:
            logs = self.s("POST", "/se/log", {"type": "browser"})
        except RuntimeError:
            return []
        return [e["message"] for e in logs if e.get("level") == "SEVERE"]

    def quit(self):
        try:
            self.s("DELETE", "")
        except Exception:
            pass


# ---- what the page shows, read in one script ----

MARKS_JS = """
var doc = document.getElementById('doc');
var out = {text: doc.textContent, mentions: [], figs: [], dates: [], quotes: [],
           sel: [], error: document.getElementById('error').hidden ? null :
           document.getElementById('error').textContent,
           state: document.body.dataset.state || '', renderMs: doc.dataset.renderMs || ''};
doc.querySelectorAll('mark.m').forEach(function (m) {
  var t = (m.className.match(/\\bt-([A-Z]+)/) || [])[1];
  var f = (m.className.match(/\\bf-([a-z]+)/) || [])[1];
  out.mentions.push([t, f, m.dataset.ent, m.textContent]);
  if (m.classList.contains('sel')) out.sel.push(m.dataset.ent);
});
doc.querySelectorAll('mark.fig').forEach(function (m) {
  out.figs.push([m.textContent, m.dataset.tip || '', m.getAttribute('aria-label') || '', m.tabIndex]);
});
doc.querySelectorAll('mark.date').forEach(function (m) {
  out.dates.push([m.textContent, m.dataset.value || '', m.dataset.tip || '', m.tabIndex]);
});
doc.querySelectorAll('.quote').forEach(function (q) {
  out.quotes.push([q.dataset.speaker, q.textContent]);
});
return out;
"""


def expected(resp):
    """Counts and lists from an API response, as the page should show them."""
    ments = []
    for e in resp["entities"]:
        for m in e["mentions"]:
            ments.append((m["start"], e["type"], m["form"], e["id"], m["text"]))
    ments.sort()
    by_type = {}
    for m in ments:
        by_type[m[1]] = by_type.get(m[1], 0) + 1

    def free(x):
        return not any(m[0] < x["end"] and x["start"] < m[0] + len(m[4]) for m in ments)
    return {
        "mentions": ments, "by_type": by_type,
        "figs": [f for f in resp["figures"] if free(f)],
        "dates": [d for d in resp["dates"] if free(d)],
        "quotes": [r for r in resp["relations"] if r["type"] == "quote" and "quote_start" in r],
    }


def compare(shown, resp, text, where):
    """The marks in the page against the response; returns the counts."""
    exp = expected(resp)
    check(shown["text"] == text, where + ": the text is shown exactly as sent")
    got = {}
    for m in shown["mentions"]:
        got[m[0]] = got.get(m[0], 0) + 1
    for t in sorted(set(exp["by_type"]) | set(got)):
        check(got.get(t, 0) == exp["by_type"].get(t, 0),
              "%s: %s mentions marked: %d, the API returned %d"
              % (where, t, got.get(t, 0), exp["by_type"].get(t, 0)))
    same = [(m[1], m[2], m[3], m[4]) for m in exp["mentions"]] == \
        [(m[0], m[1], m[2], m[3]) for m in shown["mentions"]]
    check(same, where + ": every mark has its mention's text, type, form and entity, in order")
    check(len(shown["figs"]) == len(exp["figs"]),
          "%s: %d figures marked, %d returned" % (where, len(shown["figs"]), len(exp["figs"])))
    for f, s in zip(exp["figs"], shown["figs"]):
        check(s[0] == f["text"] and s[1] and s[3] == 0,
              "%s: figure '%s' shows '%s' on hover/focus" % (where, s[0], s[1]))
    check(len(shown["dates"]) == len(exp["dates"]),
          "%s: %d dates marked, %d returned" % (where, len(shown["dates"]), len(exp["dates"])))
    for d, s in zip(exp["dates"], shown["dates"]):
        check(s[0] == d["text"] and s[1] == (d["value"] or "") and d["value"] in s[2],
              "%s: date '%s' shows %s" % (where, s[0], s[2]))
    names = {e["id"]: e["name"] for e in resp["entities"]}
    want_q = [(names.get(q["speaker"], "unknown speaker"), q["quote"]) for q in exp["quotes"]]
    check([tuple(q) for q in shown["quotes"]] == want_q,
          "%s: %d quotes marked with their speakers %s"
          % (where, len(shown["quotes"]), [q[0] for q in shown["quotes"]]))
    return exp


def main():
    chromium = find_prog("CHROMIUM", ["chromium", "chromium-browser", "google-chrome"])
    driver = find_prog("CHROMEDRIVER", ["chromedriver"])
    if not chromium or not driver:
        skip("Chromium or chromedriver not found (apt-get install chromium chromium-driver)")

    nerdd_bin = os.path.join(BUILD, "src", "nerdd")
    nerd_bin = os.path.join(BUILD, "src", "nerd")
    shots = os.path.join(BUILD, "tests", "browser-shots")
    os.makedirs(shots, exist_ok=True)
    with open(os.path.join(SRC, "tests", "browser", "article.txt"), encoding="utf-8") as f:
        article = f.read().rstrip("\n")

    tmp = tempfile.mkdtemp(prefix="nerd-browser.")
    procs = []
    sessions = []
    try:
        # ---- nerdd on a free port, the page from the source tree ----
        log = open(os.path.join(tmp, "nerdd.log"), "w+")
        nerdd = subprocess.Popen([nerdd_bin, "--gazetteers", GAZ, "--listen", "127.0.0.1:0",
                                  "--threads", "2", "--web", os.path.join(SRC, "web")],
                                 stdout=log, stderr=subprocess.STDOUT)
        procs.append(nerdd)
        base = None
        end = time.time() + 30
        while time.time() < end and not base:
            log.seek(0)
            for line in log.read().splitlines():
                if "listening on " in line:
                    base = "http://" + line.split("listening on ")[1].split(",")[0].strip('"')
            if nerdd.poll() is not None:
                log.seek(0)
                raise RuntimeError("nerdd exited: " + log.read())
            time.sleep(0.05)
        while time.time() < end and http("GET", base + "/readyz")[0] != 200:
            time.sleep(0.05)
        check(base is not None, "nerdd listens at %s" % base)
        st, ct, body = http("GET", base + "/")
        check(st == 200 and ct.startswith("text/html"), "GET / serves the page (%d %s)" % (st, ct))
        st, ct, _ = http("GET", base + "/static/nerd.js")
        check(st == 200 and "javascript" in ct, "GET /static/nerd.js (%d %s)" % (st, ct))
        st, _, _ = http("GET", base + "/static/..%2fMakefile.am")
        check(st == 404, "GET /static/..%%2fMakefile.am is 404 (%d)" % st)

        # ---- chromedriver ----
        dport = free_port()
        dlog = open(os.path.join(tmp, "chromedriver.log"), "w")
        cd = subprocess.Popen([driver, "--port=%d" % dport], stdout=dlog, stderr=subprocess.STDOUT)
        procs.append(cd)
        dbase = "http://127.0.0.1:%d" % dport
        end = time.time() + 30
        while True:
            try:
                if http("GET", dbase + "/status", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > end or cd.poll() is not None:
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.1)

        wd = WebDriver(dbase, chromium, [], os.path.join(tmp, "profile1"))
        sessions.append(wd)
        wd.go(base + "/")
        wd.wait("return document.getElementById('legend').childElementCount > 0", "the page")
        check("nerd" in wd.s("GET", "/title"), "the page has loaded")
        check(len(wd.js("return document.getElementById('text').value")) > 500,
              "an example article is preloaded")
        labelled = wd.js("""return ['text','lang','date'].every(function (id) {
            return document.querySelector('label[for=' + id + ']') !== null; })""")
        check(labelled, "the text, language and date fields have labels")

        # ---- paste the article, click Extract ----
        wd.type("#text", article)
        wd.js("document.getElementById('date').value = arguments[0];", DATE)
        sent = wd.js("return document.getElementById('text').value")
        check(sent == article, "the article is in the text area (%d characters)" % len(sent))
        wd.click("#extract")
        wd.wait("return document.body.dataset.state === 'done' || document.body.dataset.state === 'error'",
                "the extraction")
        shown = wd.js(MARKS_JS)
        check(shown["error"] is None, "no error shown (%s)" % shown["error"])
        st, _, body = http("POST", base + "/v1/extract",
                           {"text": sent, "lang": "de", "date": DATE, "offsets": "utf16"})
        resp = json.loads(body)
        exp = compare(shown, resp, sent, "page")
        total = sum(exp["by_type"].values())
        check(total > 0, "the article has marked mentions (%d)" % total)

        # ---- an entity chosen: all its mentions, and only those ----
        ents = sorted(resp["entities"], key=lambda e: (-len(e["mentions"]), e["id"]))
        top = ents[0]
        wd.click('.ent[data-ent="%s"]' % top["id"])
        shown = wd.js(MARKS_JS)
        check(len(shown["sel"]) == len(top["mentions"]) and set(shown["sel"]) == {top["id"]},
              "clicking %s marks its %d mentions (%d marked)"
              % (top["name"], len(top["mentions"]), len(shown["sel"])))
        check(wd.js("return document.querySelector('.ent[data-ent=\"%s\"]').getAttribute('aria-pressed')"
                    % top["id"]) == "true", "its button is pressed")
        if len(ents) > 1:
            other = ents[1]
            el = wd.find('.ent[data-ent="%s"]' % other["id"])
            wd.s("POST", "/element/%s/value" % el, {"text": "\ue007"})  # Enter
            shown = wd.js(MARKS_JS)
            check(len(shown["sel"]) == len(other["mentions"]) and set(shown["sel"]) == {other["id"]},
                  "Enter on %s (keyboard) marks its %d mentions instead"
                  % (other["name"], len(other["mentions"])))
            # Back to the first one for the screenshot.
            wd.click('.ent[data-ent="%s"]' % top["id"])
        kb = [e for e in resp["entities"] if e.get("kb")]
        if kb:
            href = wd.js("var a = document.querySelector('.ent[data-ent=\"%s\"]').parentNode"
                         ".querySelector('a.kb'); return a ? a.href : null" % kb[0]["id"])
            check(href == "https://www.wikidata.org/wiki/" + kb[0]["kb"],
                  "%s links to Wikidata (%s)" % (kb[0]["name"], href))
        nfig_rows = wd.js("return document.querySelectorAll('#figures tbody tr:not(:has(.empty))').length")
        check(nfig_rows == len(resp["figures"]), "the figures table has %d rows" % nfig_rows)
        nrel = wd.js("return document.querySelectorAll('#relations li:not(.empty)').length")
        check(nrel == len(resp["relations"]), "the relations list has %d items" % nrel)
        wd.js("window.scrollTo(0, 0);")
        n = wd.screenshot(os.path.join(shots, "page.png"))
        check(n > 10000, "screenshot tests/browser-shots/page.png (%d bytes)" % n)

        # ---- figures and dates: a response shaped as DESIGN.md documents
        # them, handed to the page in place of the API's (the extractor's
        # own figures are checked above whenever it returns any) ----
        def span(needle, nth=0):
            i = -1
            for _ in range(nth + 1):
                i = sent.index(needle, i + 1)
            return i, i + len(needle)
        synth = json.loads(json.dumps(resp))
        s1, e1 = span("10 Prozent")
        s2, e2 = span("2 Milliarden Dollar")
        s3, e3 = span("Donnerstag")
        s4, e4 = span("Montag")
        s5, e5 = span("Japan")       # overlaps a mention: must not be marked
        synth["figures"] = [
            {"id": "f1", "kind": "percent", "start": s1, "end": e1, "text": sent[s1:e1],
             "value": 10, "approx": False, "bound": None, "of": "Zollsatz"},
            {"id": "f2", "kind": "money", "start": s2, "end": e2, "text": sent[s2:e2],
             "value": 2000000000, "currency": "USD", "approx": True, "bound": None, "of": None},
            {"id": "f3", "kind": "count", "start": s5, "end": e5, "text": sent[s5:e5],
             "value": 1, "approx": False, "bound": None, "of": None}]
        synth["dates"] = [
            {"start": s4, "end": e4, "text": sent[s4:e4], "value": "2026-11-23", "mod": None},
            {"start": s3, "end": e3, "text": sent[s3:e3], "value": "2026-11-26", "mod": None}]
        wd.js("""var body = arguments[0];
                 window.nerdRealFetch = window.nerdRealFetch || window.fetch;
                 window.fetch = function () { return Promise.resolve(new Response(body,
                     {status: 200, headers: {'Content-Type': 'application/json'}})); };
                 document.body.dataset.state = '';""", json.dumps(synth))
        wd.click("#extract")
        wd.wait("return document.body.dataset.state === 'done'", "the figures")
        compare(wd.js(MARKS_JS), synth, sent, "figures and dates")
        tip = wd.js("""var m = document.querySelector('#doc mark.fig'); m.focus();
                       return [document.activeElement === m,
                               getComputedStyle(m, '::after').content];""")
        check(tip[0] and "10" in tip[1] and "Zollsatz" in tip[1],
              "a focused figure shows its value: %s" % tip[1])
        rows = wd.js("""return Array.prototype.map.call(document.querySelectorAll('#figures tbody tr'),
                        function (r) { return r.textContent; });""")
        check(len(rows) == 3 and "2.000.000.000" in rows[1] and "USD" in rows[1] and "Zollsatz" in rows[0],
              "the figures table lists value, unit and what it measures: %s" % rows)
        wd.js("window.scrollTo(0, 0); document.querySelector('#doc mark.fig').focus();")
        wd.screenshot(os.path.join(shots, "figures.png"))
        wd.js("window.fetch = window.nerdRealFetch;")
        wd.click("#extract")
        wd.wait("return document.body.dataset.state === 'done'", "the extraction")

        # ---- offsets with characters outside the BMP ----
        astral = "\U0001F1EF\U0001F1F5 \U0001D53B " + article[:400]
        wd.js("document.getElementById('text').value = arguments[0];", astral)
        wd.js("document.body.dataset.state = '';")
        wd.click("#extract")
        wd.wait("return document.body.dataset.state === 'done'", "the extraction")
        st, _, body = http("POST", base + "/v1/extract",
                           {"text": astral, "lang": "de", "date": DATE, "offsets": "utf16"})
        compare(wd.js(MARKS_JS), json.loads(body), astral, "text with astral characters")

        # ---- an API error is shown as such ----
        wd.js("""var s = document.getElementById('lang'); var o = document.createElement('option');
                 o.value = 'xx'; o.textContent = 'xx'; s.appendChild(o); s.value = 'xx';
                 document.body.dataset.state = '';""")
        wd.click("#extract")
        wd.wait("return document.body.dataset.state === 'error'", "the error")
        err = wd.js("return document.getElementById('error').textContent")
        st, ct, body = http("POST", base + "/v1/extract", {"text": astral, "lang": "xx",
                                                           "date": DATE, "offsets": "utf16"})
        prob = json.loads(body)
        check(st == 400 and "problem+json" in ct and prob["title"] in err and prob["detail"] in err,
              "the API's problem is shown: %r" % err)
        wd.js("document.getElementById('lang').value = 'de';")

        # ---- a 50,000-character article ----
        big = article
        while len(big) < 50000:
            big += "\n\n" + article
        wd.js("document.getElementById('text').value = arguments[0];", big)
        wd.js("document.body.dataset.state = '';")
        t0 = time.time()
        wd.click("#extract")
        wd.wait("return document.body.dataset.state === 'done'", "the long extraction", 120)
        wall = time.time() - t0
        shown = wd.js(MARKS_JS)
        st, _, body = http("POST", base + "/v1/extract",
                           {"text": big, "lang": "de", "date": DATE, "offsets": "utf16"})
        bexp = compare(shown, json.loads(body), big, "%d characters" % len(big))
        ms = float(shown["renderMs"] or "nan")
        print("info %d characters, %d marks: rendered in %.1f ms, click to done %.2f s"
              % (len(big), sum(bexp["by_type"].values()), ms, wall))
        check(ms < 3000, "the long article renders in under 3 s (%.1f ms)" % ms)
        # Selecting an entity among hundreds of mentions.
        t0 = time.time()
        wd.click('.ent[data-ent="%s"]' % top["id"])
        shown = wd.js(MARKS_JS)
        check(len(shown["sel"]) == sum(1 for m in bexp["mentions"] if m[3] == top["id"]),
              "in the long article %s has %d mentions marked (%.2f s)"
              % (top["name"], len(shown["sel"]), time.time() - t0))
        errs = [e for e in wd.console_errors() if "status of 400" not in e]
        check(errs == [], "no script errors or policy violations in the console %s" % errs)
        wd.quit()
        sessions.remove(wd)

        # ---- the standalone file, with nerdd stopped and no network ----
        nerdd.terminate()
        nerdd.wait(timeout=30)
        procs.remove(nerdd)
        src = os.path.join(tmp, "article.txt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(article)
        page = os.path.join(tmp, "article.html")
        r = subprocess.run([nerd_bin, "extract", "--gazetteers", GAZ, "--date", DATE,
                            "--format", "html", "-o", page, src], capture_output=True, text=True)
        check(r.returncode == 0, "nerd extract --format html (exit %d %s)" % (r.returncode, r.stderr))
        wd = WebDriver(dbase, chromium,
                       ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"],
                       os.path.join(tmp, "profile2"))
        sessions.append(wd)
        wd.s("POST", "/chromium/network_conditions", {"network_conditions": {
            "offline": True, "latency": 0, "download_throughput": 0, "upload_throughput": 0}})
        wd.go("file://" + page)
        wd.wait("return document.body.dataset.state === 'done' || "
                "!document.getElementById('error').hidden", "the standalone page")
        shown = wd.js(MARKS_JS)
        check(shown["error"] is None, "the standalone page shows no error (%s)" % shown["error"])
        compare(shown, resp, article, "standalone")
        loads = wd.js("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        check(loads == [], "the standalone page loads nothing (%s)" % loads)
        check(wd.js("return document.getElementById('input').offsetParent === null"),
              "the standalone page has no input form")
        wd.click('.ent[data-ent="%s"]' % top["id"])
        shown = wd.js(MARKS_JS)
        check(len(shown["sel"]) == len(top["mentions"]),
              "clicking %s in the standalone page marks its %d mentions"
              % (top["name"], len(top["mentions"])))
        errs = wd.console_errors()
        check(errs == [], "no errors in the standalone page's console %s" % errs)
        n = wd.screenshot(os.path.join(shots, "standalone.png"))
        check(n > 10000, "screenshot tests/browser-shots/standalone.png (%d bytes)" % n)
    except Exception as e:  # a broken step is a failure, reported with its cause
        check(False, "browser test step: %s: %s" % (type(e).__name__, e))
        for name in ("nerdd.log", "chromedriver.log"):
            p = os.path.join(tmp, name)
            if os.path.exists(p):
                with open(p, errors="replace") as f:
                    print("---- " + name + " (tail)\n" + "".join(f.readlines()[-20:]))
    finally:
        for wd in sessions:
            wd.quit()
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
