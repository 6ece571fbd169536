#!/usr/bin/env python3
# openapi.py -- docs/openapi.json against the real daemon.  Starts nerdd,
# checks that GET /v1/openapi.json serves the file, then sends a corpus of
# requests that reaches every route and status the description lists and
# validates each JSON answer against the schema the description gives for
# that route and status, with a minimal JSON Schema walker (the subset the
# file uses: $ref, type, enum, const, properties, required,
# additionalProperties false, items, oneOf, pattern, minimum, maximum).
# Fails on any field the description does not document, and on any
# documented field that no answer carried (but a short, commented list).
# Usage: openapi.py NERDD GAZDIR SRCDIR
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time

NERDD, GAZDIR, SRCDIR = sys.argv[1:4]
passed = failed = 0
# Documented fields this corpus cannot make appear, and why.
UNSEEN_OK = {
    "ExtractResponse.partial": "needs a PCRE2 match-limit hit (tests of the fuzz/hostile-input work)",
    "ExtractResponse.partial_reason": "as partial",
}


def check(name, cond, info=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s %s" % (name, str(info)[:800]))
    return cond


class Walker:
    def __init__(self, doc):
        self.doc = doc
        self.seen = set()       # "Schema.property"
        self.documented = set()
        for name, s in doc["components"]["schemas"].items():
            if name == "ExtractRequest":
                continue        # sent, not answered (the corpus sends each field)
            for p in s.get("properties", {}):
                self.documented.add("%s.%s" % (name, p))

    def resolve(self, s):
        name = None
        while "$ref" in s:
            name = s["$ref"].rsplit("/", 1)[1]
            s = self.doc["components"]["schemas"][name]
        return s, name

    def errors(self, v, s, path="$", record=True):
        s, name = self.resolve(s)
        errs = []
        if "oneOf" in s:
            ok = [alt for alt in s["oneOf"] if not self.errors(v, alt, path, False)]
            if len(ok) != 1:
                return ["%s: matches %d of oneOf" % (path, len(ok))]
            return self.errors(v, ok[0], path, record)
        t = s.get("type")
        if t is not None:
            types = t if isinstance(t, list) else [t]
            def is_(x, ty):
                return {"string": isinstance(x, str), "null": x is None,
                        "boolean": isinstance(x, bool),
                        "integer": isinstance(x, int) and not isinstance(x, bool),
                        "number": isinstance(x, (int, float)) and not isinstance(x, bool),
                        "object": isinstance(x, dict), "array": isinstance(x, list)}[ty]
            if not any(is_(v, ty) for ty in types):
                return ["%s: %r is not %s" % (path, v, t)]
        if "enum" in s and v not in s["enum"]:
            errs.append("%s: %r not in %s" % (path, v, s["enum"]))
        if "const" in s and v != s["const"]:
            errs.append("%s: %r is not %r" % (path, v, s["const"]))
        if isinstance(v, str) and "pattern" in s and not re.search(s["pattern"], v):
            errs.append("%s: %r does not match %s" % (path, v, s["pattern"]))
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if "minimum" in s and v < s["minimum"]:
                errs.append("%s: %r < %r" % (path, v, s["minimum"]))
            if "maximum" in s and v > s["maximum"]:
                errs.append("%s: %r > %r" % (path, v, s["maximum"]))
        if isinstance(v, dict):
            props = s.get("properties", {})
            for r in s.get("required", []):
                if r not in v:
                    errs.append("%s: required field %s missing" % (path, r))
            for k, x in v.items():
                if k in props:
                    if record and name:
                        self.seen.add("%s.%s" % (name, k))
                    errs += self.errors(x, props[k], "%s.%s" % (path, k), record)
                elif s.get("additionalProperties") is False:
                    errs.append("%s: undocumented field %s" % (path, k))
        if isinstance(v, list) and "items" in s:
            for i, x in enumerate(v):
                errs += self.errors(x, s["items"], "%s[%d]" % (path, i), record)
        return errs


class Daemon:
    def __init__(self):
        self.p = subprocess.Popen([NERDD, "--listen", "127.0.0.1:0", "--gazetteers", GAZDIR,
                                   "--threads", "2", "--max-body", "64K"],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
        line = b""
        end = time.monotonic() + 30
        while time.monotonic() < end:
            line = self.p.stderr.readline()
            m = re.search(rb"listening on [0-9.]+:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                break
        for _ in range(300):
            if self.get("/readyz")[0] == 200:
                break
            time.sleep(0.1)

    def req(self, method, path, body=None, ctype=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        h = dict(headers or {})
        if ctype:
            h["Content-Type"] = ctype
        c.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, r.getheader("Content-Type", ""), data

    def get(self, path):
        return self.req("GET", path)

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(20)
        except subprocess.TimeoutExpired:
            self.p.kill()


TEXTS = [
    # entities with rules and clusters, a role relation, figures, dates
    {"id": 1, "date": "2025-03-04", "text": "Die Bürgermeisterin von Wien, Anna Berger, sagte am 3. März 2025, "
     "die Stadt investiere 12 Millionen Euro (rund 13 Millionen Dollar). Berger leitet die Post AG seit 2019."},
    {"id": "q", "date": "2025-05-02", "text": "„Wir bauen 300 neue Wohnungen“, sagte Jonas Keller, Vorstandschef "
     "der Stadtwerke Leipzig AG, am Montag. Die Arbeitslosenquote stieg um 2,5 Prozent auf mindestens "
     "7 Prozent, der Umsatz lag zwischen 10 und 20 Millionen Euro. Anfang März reisten 40 Beamte nach Paris. "
     "Der Fluss ist 12 Kilometer lang. Keller ist Mitglied der SPD."},
    {"id": ["en"], "lang": "en", "offsets": "utf16", "text": "Emmanuel Macron met Olaf Scholz in Berlin on "
     "Tuesday; the deal is worth $5 billion, said Anna Berger, chief executive of Siemens."},
    {"text": "Er sagte: „Das ist nicht das Ende. Paris und Georgia warten."},
    # events: a meeting, role changes, an acquisition with its price
    {"date": "2025-03-04", "text": "Bundeskanzler Olaf Scholz traf am Montag in Paris den "
     "französischen Präsidenten Emmanuel Macron. Anna Berger wird neue Vorstandschefin der "
     "Deutschen Post. Siemens übernimmt den Softwarehersteller Altair für 10 Milliarden Dollar."},
]


def main():
    with open(os.path.join(SRCDIR, "docs", "openapi.json"), "rb") as f:
        raw = f.read()
    doc = json.loads(raw)
    check("docs/openapi.json is OpenAPI 3.1", doc.get("openapi", "").startswith("3.1"))
    w = Walker(doc)
    d = Daemon()
    answered = {}       # (path, method) -> statuses seen

    def validate(path, method, status, ctype, body, what):
        answered.setdefault((path, method), set()).add(str(status))
        op = doc["paths"][path][method.lower()]
        resp = op["responses"].get(str(status))
        if not check("%s %s %s: status %d documented" % (method, path, what, status), resp,
                     body[:200]):
            return
        content = resp.get("content")
        if not content:
            return
        mt = ctype.split(";")[0].strip()
        if not check("%s %s %s: %s documented" % (method, path, what, mt), mt in content, ctype):
            return
        schema = content[mt]["schema"]
        if mt in ("application/json", "application/problem+json"):
            errs = w.errors(json.loads(body), schema)
            check("%s %s %s: %d answer matches its schema" % (method, path, what, status),
                  not errs, errs[:5])
        elif mt == "application/x-ndjson":
            errs = []
            for i, line in enumerate(body.decode().splitlines()):
                errs += w.errors(json.loads(line), schema, "line %d" % (i + 1))
            check("%s %s %s: every line matches its schema" % (method, path, what), not errs,
                  errs[:5])

    try:
        st, ct, body = d.get("/v1/openapi.json")
        check("GET /v1/openapi.json serves docs/openapi.json", st == 200 and json.loads(body) == doc)
        validate("/v1/openapi.json", "GET", st, ct, body, "")
        for path in ("/healthz", "/readyz", "/v1/info", "/metrics", "/"):
            st, ct, body = d.get(path)
            validate(path, "GET", st, ct, body, "")
        for t in TEXTS:
            st, ct, body = d.req("POST", "/v1/extract", json.dumps(t, ensure_ascii=False),
                                 "application/json")
            validate("/v1/extract", "POST", st, ct, body, "json %s" % t.get("id"))
        st, ct, body = d.req("POST", "/v1/extract?lang=de&date=2025-01-02&offsets=utf8&id=t",
                             TEXTS[0]["text"], "text/plain; charset=utf-8")
        validate("/v1/extract", "POST", st, ct, body, "text/plain")
        nd = "\n".join(json.dumps(t, ensure_ascii=False) for t in TEXTS) + "\n{broken\n\n" + \
            '{"id": 7, "text": 3}\n'
        st, ct, body = d.req("POST", "/v1/extract/batch", nd, "application/x-ndjson")
        validate("/v1/extract/batch", "POST", st, ct, body, "mixed")
        # problems
        for what, args in (("bad json", ("POST", "/v1/extract", "{", "application/json")),
                           ("bad type", ("POST", "/v1/extract", "x", "image/png")),
                           ("too big", ("POST", "/v1/extract", "x" * 70000, "text/plain")),
                           ("batch type", ("POST", "/v1/extract/batch", "x", "text/plain")),
                           ("batch too big", ("POST", "/v1/extract/batch", "x" * 70000,
                                              "application/x-ndjson"))):
            st, ct, body = d.req(*args)
            validate(args[1], args[0], st, ct, body, what)
        st, ct, body = d.req("POST", "/v1/extract", b"4\r\nWien\r\n0\r\n\r\n", "text/plain",
                             {"Transfer-Encoding": "chunked", "Content-Length": "4"})
        validate("/v1/extract", "POST", st, ct, body, "CL+TE")
        st, ct, body = d.req("POST", "/v1/admin/reload")
        if st == 404:
            print("skip POST /v1/admin/reload: not in this build yet")
            for k in ("Reloaded.status", "Reloaded.model_version", "Reloaded.model_generation",
                      "ModelInfo.model_generation", "ModelInfo.gazetteer_user_dirs",
                      "ModelInfo.gazetteer_image", "ModelInfo.gazetteer_bytes"):
                UNSEEN_OK[k] = "the reload endpoint and its model fields are not merged yet"
        else:
            validate("/v1/admin/reload", "POST", st, ct, body, "")
        # every route of the description was reached
        for path, ops in doc["paths"].items():
            for method in ops:
                if (path, method.upper()) not in answered and not (
                        path == "/v1/admin/reload" and "Reloaded.status" in UNSEEN_OK):
                    check("%s %s reached" % (method.upper(), path), False)
    finally:
        d.stop()
    unseen = sorted(w.documented - w.seen - set(UNSEEN_OK))
    check("every documented field appeared in some answer", not unseen, unseen)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
