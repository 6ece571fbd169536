#!/usr/bin/env python3
# nerdd_http.py -- talks to a real nerdd over loopback: starts src/nerdd on
# 127.0.0.1 with port 0, reads the chosen port from its log, and checks every
# endpoint, every error status, NDJSON batches, the config file and -n, SIGHUP
# and a SIGTERM while a request is in flight.  Standard library only; every
# wait is bounded.  Usage: nerdd_http.py NERDD GAZDIR
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

NERDD, GAZDIR = sys.argv[1], sys.argv[2]
TIMEOUT = 10
passed = failed = 0


def check(name, cond, info=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s %s" % (name, info))
    return cond


class Daemon:
    """A nerdd process whose log is collected by a thread."""

    def __init__(self, *args, listen="127.0.0.1:0", env=None):
        self.p = subprocess.Popen(
            [NERDD, "--listen", listen, "--gazetteers", GAZDIR, "--threads", "2"] + list(args),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        self.lines = []
        self.cv = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        m = self.wait_log(r"listening on (\[[0-9a-f:]+\]|[0-9.]+):(\d+)")
        if not m:
            self.p.kill()
            raise RuntimeError("nerdd did not say where it listens: %r" % self.lines)
        self.host = m.group(1).strip("[]")
        self.port = int(m.group(2))

    def _read(self):
        for raw in self.p.stdout:
            with self.cv:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self.cv.notify_all()
        with self.cv:
            self.lines.append(None)
            self.cv.notify_all()

    def wait_log(self, pattern, start=0, timeout=TIMEOUT):
        end = time.monotonic() + timeout
        rx = re.compile(pattern)
        i = start
        with self.cv:
            while True:
                while i < len(self.lines):
                    if self.lines[i] is None:
                        return None
                    m = rx.search(self.lines[i])
                    if m:
                        return m
                    i += 1
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self.cv.wait(left)

    def conn(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)

    def request(self, method, path, body=None, headers=None):
        c = self.conn()
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, r.getheaders(), r.read()
        finally:
            c.close()

    def raw(self, data, wait_reply=True):
        s = socket.create_connection((self.host, self.port), timeout=TIMEOUT)
        s.sendall(data)
        if not wait_reply:
            return s
        reply = read_reply(s)
        s.close()
        return reply

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        # Generous: a sanitizer build on a loaded machine takes seconds to
        # free the model; a daemon that never exits still fails.
        try:
            rc = self.p.wait(60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = None
        if rc != 0:
            with self.cv:
                tail = [l for l in self.lines[-8:] if l is not None]
            print("# nerdd exit status %s; its last lines:\n#   %s" % (rc, "\n#   ".join(tail)))
        return rc


def read_reply(s):
    """Reads one Content-Length response from a raw socket: (status,
    headers dict with lower-case names, body)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
    head, _, body = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0].startswith("HTTP/"):
        return None, {}, buf
    status = int(lines[0].split()[1])
    hdrs = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    n = int(hdrs.get("content-length", "0"))
    while len(body) < n:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, hdrs, body


def header(headers, name):
    for k, v in headers:
        if k.lower() == name.lower():
            return v
    return None


def check_problem(name, status, headers, body, want):
    ok = check(name + ": status %d" % want, status == want, "got %s %r" % (status, body[:200]))
    ctype = header(headers, "Content-Type") if isinstance(headers, list) else headers.get("content-type")
    check(name + ": problem+json", ctype == "application/problem+json", "got %r" % ctype)
    try:
        p = json.loads(body)
    except ValueError:
        check(name + ": JSON body", False, repr(body[:200]))
        return None
    check(name + ": problem fields",
          isinstance(p.get("type"), str) and isinstance(p.get("title"), str)
          and p.get("status") == want and isinstance(p.get("detail"), str) and p["detail"],
          repr(p))
    return p if ok else None


RESPONSE_FIELDS = ("id", "entities", "figures", "dates", "relations", "meta")

JSON = {"Content-Type": "application/json"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
NDJSON = {"Content-Type": "application/x-ndjson"}


def test_get_endpoints(d):
    deadline = time.monotonic() + TIMEOUT
    st = None
    while time.monotonic() < deadline and d.p.poll() is None:
        try:
            st, _, _ = d.request("GET", "/readyz")
        except OSError:
            st = None
        if st == 200:
            break
        time.sleep(0.05)
    check("GET /readyz 200 once loaded", st == 200, "got %s" % st)
    st, h, b = d.request("GET", "/healthz")
    check("GET /healthz 200", st == 200 and json.loads(b).get("status") == "ok", b)
    st, h, b = d.request("GET", "/v1/info")
    info = json.loads(b) if st == 200 else {}
    check("GET /v1/info 200", st == 200, "got %s" % st)
    check("/v1/info fields", info.get("version") and "de" in info.get("languages", [])
          and isinstance(info.get("model"), dict) and "model_version" in info["model"], b)
    st, h, b = d.request("HEAD", "/healthz")
    check("HEAD /healthz 200 without body", st == 200 and b == b"", (st, b))
    # Two requests on one connection: GET answers keep the connection alive.
    c = d.conn()
    c.request("GET", "/healthz")
    r1 = c.getresponse()
    r1.read()
    c.request("GET", "/readyz")
    r2 = c.getresponse()
    r2.read()
    c.close()
    check("keep-alive: two GETs on one connection", r1.status == 200 and r2.status == 200)


def test_extract(d):
    text = "Die Bürgermeisterin von Freiburg eröffnete am Montag die neue Brücke über die Dreisam."
    st, h, b = d.request("POST", "/v1/extract",
                         json.dumps({"text": text, "id": "a1", "date": "2025-10-28"}), JSON)
    r = json.loads(b) if st == 200 else {}
    check("POST /v1/extract JSON 200", st == 200, (st, b[:300]))
    check("JSON response Content-Type", header(h, "Content-Type") == "application/json")
    check("JSON response fields", all(k in r for k in RESPONSE_FIELDS), r)
    check("JSON response id echoed", r.get("id") == "a1", r.get("id"))
    check("JSON response meta.chars counts code points",
          r.get("meta", {}).get("chars") == len(text), r.get("meta"))

    st, h, b = d.request("POST", "/v1/extract?lang=de&date=2025-10-28&id=x",
                         text.encode("utf-8"), TEXT)
    r = json.loads(b) if st == 200 else {}
    check("POST /v1/extract text/plain 200", st == 200, (st, b[:300]))
    check("text/plain response fields", all(k in r for k in RESPONSE_FIELDS), r)
    check("text/plain id and lang from the query", r.get("id") == "x" and r.get("lang") == "de", r)
    st, h, b = d.request("POST", "/v1/extract?lang=en", b"Plain text, no charset.",
                         {"Content-Type": "text/plain"})
    check("text/plain without charset accepted", st == 200 and json.loads(b).get("lang") == "en",
          (st, b[:200]))
    st, h, b = d.request("POST", "/v1/extract?lang=fr", b"Bonjour.", TEXT)
    check_problem("text/plain bad lang", st, h, b, 400)
    st, h, b = d.request("POST", "/v1/extract?date=2025-02-30", b"Heute.", TEXT)
    check_problem("text/plain bad date", st, h, b, 400)
    st, h, b = d.request("POST", "/v1/extract", b"Berlin\x00 und Wien.", TEXT)
    p = check_problem("text/plain with a NUL byte", st, h, b, 400)
    check("... the detail names byte 6", p is not None and "byte 6" in p.get("detail", ""), p)
    st, h, b = d.request("POST", "/v1/extract", b'{"text": "Berlin\\u0000 und Wien."}', JSON)
    check_problem("JSON text with \\u0000", st, h, b, 400)
    st, h, b = d.request("POST", "/v1/extract", b"", TEXT)
    check("text/plain empty body gives an empty response", st == 200
          and json.loads(b).get("entities") == [], (st, b[:200]))


def test_errors(d):
    st, h, b = d.request("POST", "/v1/extract", b'{"text": "Berlin', JSON)
    check_problem("malformed JSON", st, h, b, 400)
    st, h, b = d.request("POST", "/v1/extract", b'{"text": "M\xfcnchen \xc3"}', JSON)
    p = check_problem("invalid UTF-8 in the body", st, h, b, 400)
    check("invalid UTF-8 says so", p is not None and "UTF-8" in p["detail"], p)
    st, h, b = d.request("POST", "/v1/extract", b"Stra\xdfe in K\xf6ln", TEXT)
    check_problem("invalid UTF-8 in a text/plain body", st, h, b, 400)
    st, h, b = d.request("POST", "/v1/extract", b'{"text": 42}', JSON)
    p = check_problem("text not a string", st, h, b, 400)
    check("text not a string names the field", p is not None and "text" in p["detail"], p)
    st, h, b = d.request("POST", "/v1/extract", b'{"id": 1}', JSON)
    check_problem("text missing", st, h, b, 400)
    st, h, b = d.request("POST", "/v1/extract", b'{"text": "a", "text": "b"}', JSON)
    check_problem("duplicate keys", st, h, b, 400)
    st, h, b = d.request("POST", "/v1/extract", b'{"text": "a\x00"}', JSON)
    check_problem("NUL byte", st, h, b, 400)
    st, h, b = d.request("POST", "/v1/extract", b"[" * 200 + b"]" * 200, JSON)
    check_problem("nesting too deep", st, h, b, 400)
    st, h, b = d.request("POST", "/v1/extract", b'["text"]', JSON)
    check_problem("not an object", st, h, b, 400)

    st, h, b = d.request("GET", "/no/such/thing")
    check_problem("unknown path", st, h, b, 404)
    st, h, b = d.raw(b"GET /%ff%fe%01/\xc3 HTTP/1.1\r\nHost: localhost\r\n\r\n")
    check_problem("unknown path with invalid UTF-8 and controls", st, h, b, 404)
    st, h, b = d.raw(b"BREW /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
    check_problem("unknown method", st, h, b, 405)
    st, h, b = d.raw(b"POST /v1/extract HTTP/1.1\r\nHost: localhost\r\n"
                     b"Content-Type: text/\xff\xfe\r\nContent-Length: 0\r\n\r\n")
    check_problem("Content-Type with invalid UTF-8", st, h, b, 415)
    st, h, b = d.request("POST", "/v1/extractx", b"{}", JSON)
    check_problem("unknown POST path", st, h, b, 404)
    st, h, b = d.request("GET", "/v1/extract")
    check_problem("GET on /v1/extract", st, h, b, 405)
    check("405 Allow: POST", header(h, "Allow") == "POST", header(h, "Allow"))
    st, h, b = d.request("DELETE", "/healthz")
    check_problem("DELETE on /healthz", st, h, b, 405)
    check("405 Allow lists GET", "GET" in (header(h, "Allow") or ""), header(h, "Allow"))
    st, h, b = d.request("PUT", "/v1/extract/batch", b"", NDJSON)
    check_problem("PUT on batch", st, h, b, 405)

    st, h, b = d.request("POST", "/v1/extract", b"<text/>", {"Content-Type": "application/xml"})
    check_problem("XML body", st, h, b, 415)
    st, h, b = d.request("POST", "/v1/extract", b"Text", {"Content-Type": "text/plain; charset=latin-1"})
    check_problem("text/plain in latin-1", st, h, b, 415)
    st, h, b = d.request("POST", "/v1/extract", b"Text", {"Content-Type": "text/plain; charset=utf-8x"})
    check_problem("text/plain in a charset utf-8x", st, h, b, 415)
    st, h, b = d.request("POST", "/v1/extract", b'{"text":"a"}',
                         {"Content-Type": 'Application/JSON; charset="UTF-8"'})
    check("application/json with a quoted charset accepted", st == 200, (st, b[:200]))
    st, h, b = d.request("POST", "/v1/extract", b'{"text":"a"}', {})
    check_problem("no Content-Type", st, h, b, 415)
    st, h, b = d.request("POST", "/v1/extract/batch", b'{"text":"a"}\n', JSON)
    check_problem("batch with application/json", st, h, b, 415)


def test_too_big(d, limit):
    # Content-Length over the limit: the headers alone, no body at all.  The
    # answer must come without a byte of the body being sent.
    t0 = time.monotonic()
    st, hd, b = d.raw(b"POST /v1/extract HTTP/1.1\r\nHost: localhost\r\n"
                      b"Content-Type: application/json\r\n"
                      b"Content-Length: %d\r\n\r\n" % (limit + 1))
    check_problem("Content-Length over the limit, no body sent", st, hd, b, 413)
    check("413 came at once", time.monotonic() - t0 < 5, time.monotonic() - t0)
    st, hd, b = d.raw(b"POST /v1/extract/batch HTTP/1.1\r\nHost: localhost\r\n"
                      b"Content-Type: application/x-ndjson\r\n"
                      b"Expect: 100-continue\r\nContent-Length: 99999999999\r\n\r\n")
    check_problem("batch with a huge Content-Length and Expect", st, hd, b, 413)

    # Exactly at the limit is fine.
    body = json.dumps({"text": "x" * (limit - 20)}).encode()
    body += b" " * (limit - len(body))
    st, h, b = d.request("POST", "/v1/extract", body, JSON)
    check("body of exactly the limit accepted", st == 200, (st, b[:200]))

    # Chunked: no Content-Length, the body grows past the limit.
    s = d.raw(b"POST /v1/extract HTTP/1.1\r\nHost: localhost\r\n"
              b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
              wait_reply=False)
    chunk = b"a" * 4096
    for _ in range(limit // len(chunk) + 2):
        s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    s.sendall(b"0\r\n\r\n")
    st, hd, b = read_reply(s)
    s.close()
    check_problem("chunked body over the limit", st, hd, b, 413)

    def chunks():
        yield b'{"text": "Kurz und '
        yield b'chunked."}'
    # http.client sends an iterable without Content-Length as chunks.
    st, h, b = d.request("POST", "/v1/extract", chunks(), JSON)
    check("chunked body under the limit accepted", st == 200
          and json.loads(b).get("meta", {}).get("chars") == len("Kurz und chunked."), (st, b[:200]))


def test_batch(d):
    lines = [json.dumps({"text": "Erste Zeile über Hamburg.", "id": 1}),
             json.dumps({"text": "Zweite Zeile.", "id": "zwei", "lang": "de"}),
             '{"text": "kaputt", ',
             json.dumps({"text": "Vierte Zeile.", "id": 4, "offsets": "utf16"}),
             json.dumps({"text": "Fünfte Zeile aus Wien.", "id": [5]})]
    c = d.conn()
    c.request("POST", "/v1/extract/batch", ("\n".join(lines) + "\n").encode(), NDJSON)
    r = c.getresponse()
    body = r.read()
    c.close()
    check("batch 200", r.status == 200, (r.status, body[:300]))
    check("batch Content-Type", r.getheader("Content-Type") == "application/x-ndjson",
          r.getheader("Content-Type"))
    out = body.decode().split("\n")
    check("batch: output ends with a newline", out[-1] == "", repr(body[-50:]))
    out = [json.loads(x) for x in out if x]
    check("batch: 5 lines in, 5 lines out", len(out) == 5, len(out))
    if len(out) == 5:
        check("batch: same order", [o.get("id") for o in out] == [1, "zwei", None, 4, [5]],
              [o.get("id") for o in out])
        e = out[2].get("error", {})
        check("batch: line 3 is an error with line 3", e.get("line") == 3 and e.get("status") == 400,
              out[2])
        check("batch: the others are responses",
              all(all(k in out[i] for k in RESPONSE_FIELDS) for i in (0, 1, 3, 4)))

    # Blank lines, CR LF, a wrong field (keeping its id), no final newline.
    body = b'{"text":"a"}\r\n\r\n{"text":7,"id":"sieben"}\n   \n{"text":"b"}'
    st, h, b = d.request("POST", "/v1/extract/batch", body, NDJSON)
    out = [json.loads(x) for x in b.decode().split("\n") if x]
    check("batch: blank lines answered too", st == 200 and len(out) == 5, (st, b[:400]))
    if len(out) == 5:
        check("batch: blank line 2 is an error", out[1].get("error", {}).get("line") == 2, out[1])
        check("batch: wrong field keeps its id",
              out[2].get("id") == "sieben" and out[2]["error"].get("line") == 3, out[2])
        check("batch: white-space line 4 is an error", out[3].get("error", {}).get("line") == 4)
        check("batch: last line without newline", "entities" in out[4], out[4])
    st, h, b = d.request("POST", "/v1/extract/batch", b"", NDJSON)
    check("batch: empty body, empty answer", st == 200 and b == b"", (st, b))
    # A byte order mark before the first line (Windows tools write one) is
    # not part of the JSON; one before a later line is an error there.
    body = b'\xef\xbb\xbf{"text":"Mit BOM.","id":1}\r\n\xef\xbb\xbf{"text":"x","id":2}\n'
    st, h, b = d.request("POST", "/v1/extract/batch", body, NDJSON)
    out = [json.loads(x) for x in b.decode().split("\n") if x]
    check("batch: a BOM before line 1 is skipped", st == 200 and len(out) == 2
          and out[0].get("id") == 1 and "entities" in out[0], (st, b[:300]))
    check("batch: a BOM before line 2 is an error on line 2", len(out) == 2
          and out[1].get("error", {}).get("line") == 2, out[1:])

    # Many lines: the answer is streamed in chunks and still complete.
    n = 800
    body = "".join(json.dumps({"text": "Zeile %d in Leipzig." % i, "id": i}) + "\n"
                   for i in range(n)).encode()
    st, h, b = d.request("POST", "/v1/extract/batch", body, NDJSON)
    out = [json.loads(x) for x in b.decode().split("\n") if x]
    check("batch: %d lines streamed in order" % n,
          st == 200 and [o.get("id") for o in out] == list(range(n)), (st, len(out)))
    check("batch: chunked transfer", header(h, "Transfer-Encoding") == "chunked",
          header(h, "Transfer-Encoding"))


def test_concurrent(d):
    results = []

    def worker(i):
        try:
            st, h, b = d.request("POST", "/v1/extract",
                                 json.dumps({"text": "Parallel %d in Bonn." % i, "id": i}), JSON)
            results.append(st == 200 and json.loads(b).get("id") == i)
        except Exception as e:  # noqa: BLE001 - reported as a failure
            results.append(repr(e))
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(32)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(TIMEOUT)
    check("32 concurrent requests all answered", results == [True] * 32, results)


def test_metrics(d):
    st, h, b = d.request("GET", "/metrics")
    text = b.decode()
    check("GET /metrics 200", st == 200, st)
    check("/metrics Content-Type", (header(h, "Content-Type") or "").startswith("text/plain"))
    for name in ("nerd_http_requests_total", "nerd_http_request_duration_seconds_bucket",
                 "nerd_http_request_duration_seconds_sum", "nerd_http_request_duration_seconds_count",
                 "nerd_http_request_bytes_total", "nerd_http_response_bytes_total",
                 "nerd_documents_total", "nerd_http_requests_in_flight"):
        check("/metrics has " + name, re.search(r"^%s[{ ]" % name, text, re.M) is not None)
    m = re.search(r'^nerd_http_requests_total\{route="/v1/extract",status="400"\} (\d+)$', text, re.M)
    check("/metrics counts 400s on /v1/extract", m is not None and int(m.group(1)) >= 9,
          m and m.group(0))
    m = re.search(r'^nerd_http_requests_total\{route="other",status="404"\} (\d+)$', text, re.M)
    check("/metrics counts 404s", m is not None and int(m.group(1)) >= 2)
    m = re.search(r"^nerd_documents_total (\d+)$", text, re.M)
    check("/metrics counts documents", m is not None and int(m.group(1)) >= 800, m and m.group(0))
    inf = re.search(r'^nerd_http_request_duration_seconds_bucket\{route="/v1/extract",le="\+Inf"\} (\d+)$',
                    text, re.M)
    cnt = re.search(r'^nerd_http_request_duration_seconds_count\{route="/v1/extract"\} (\d+)$', text, re.M)
    check("/metrics histogram +Inf equals count", inf and cnt and inf.group(1) == cnt.group(1))


def test_reload(d):
    start = len(d.lines)
    d.p.send_signal(signal.SIGHUP)
    check("SIGHUP reloads", d.wait_log(r"reloaded: model", start) is not None, d.lines[start:])
    st, _, _ = d.request("GET", "/readyz")
    check("ready after reload", st == 200, st)


def test_sigterm_in_flight(d):
    text = "Ein Satz, der erst nach dem Signal zu Ende geschickt wird."
    body = json.dumps({"text": text, "id": "spät"}).encode()
    s = d.raw(b"POST /v1/extract HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n%s" % (len(body), body[:10]), wait_reply=False)
    # Wait until the server holds that request (in flight: it and /metrics).
    deadline = time.monotonic() + TIMEOUT
    held = False
    while time.monotonic() < deadline and not held:
        _, _, b = d.request("GET", "/metrics")
        m = re.search(r"^nerd_http_requests_in_flight (\d+)$", b.decode(), re.M)
        held = m is not None and int(m.group(1)) >= 2
        if not held:
            time.sleep(0.05)
    check("request in flight before SIGTERM", held)
    start = len(d.lines)
    d.p.send_signal(signal.SIGTERM)
    check("SIGTERM logged", d.wait_log(r"finishing \d+ requests in flight", start) is not None,
          d.lines[start:])
    refused = False
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and not refused:
        try:
            socket.create_connection((d.host, d.port), timeout=1).close()
            time.sleep(0.05)
        except OSError:
            refused = True
    check("no new connections after SIGTERM", refused)
    check("still running while the request is in flight", d.p.poll() is None)
    s.sendall(body[10:])
    st, hd, b = read_reply(s)
    s.close()
    r = json.loads(b) if st == 200 else {}
    check("in-flight request completed after SIGTERM", st == 200 and r.get("id") == "spät",
          (st, b[:200]))
    try:
        rc = d.p.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        d.p.kill()
        rc = None
    check("exit status 0 after SIGTERM", rc == 0, rc)


def run(args, timeout=TIMEOUT):
    p = subprocess.run([NERDD] + args, stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=timeout)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def test_cli():
    rc, out, err = run(["-n", "--gazetteers", GAZDIR])
    check("-n: configuration OK, exit 0", rc == 0 and "configuration OK" in err, (rc, err))
    rc, out, err = run(["-n", "--gazetteers", "/nonexistent/nerd-gazetteers"])
    check("-n: missing data, exit 1 with the reason",
          rc == 1 and "/nonexistent/nerd-gazetteers" in err, (rc, err))
    rc, out, err = run(["--listen", "127.0.0.1:0", "--gazetteers", "/nonexistent/nerd-gazetteers"])
    check("daemon with missing data: exit 1", rc == 1 and "cannot load" in err, (rc, err))
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    rc, out, err = run(["--listen", "127.0.0.1:%d" % busy.getsockname()[1], "--gazetteers", GAZDIR])
    busy.close()
    check("daemon on a busy port: exit 1", rc == 1 and "listen" in err, (rc, err))
    rc, out, err = run(["--help"])
    check("--help: exit 0, documents exit codes", rc == 0 and "Exit status" in out
          and "--max-body" in out, rc)
    rc, out, err = run(["--version"])
    check("--version", rc == 0 and out.startswith("nerdd"), out)
    rc, out, err = run(["--bogus"])
    check("unknown option: exit 2", rc == 2 and "--help" in err, (rc, err))
    rc, out, err = run(["--threads", "zero", "-n"])
    check("bad --threads: exit 2", rc == 2 and "threads" in err, (rc, err))
    rc, out, err = run(["--listen", "127.0.0.1", "-n"])
    check("bad --listen: exit 2", rc == 2 and "listen" in err, (rc, err))
    with tempfile.TemporaryDirectory() as tmp:
        conf = os.path.join(tmp, "nerdd.conf")
        with open(conf, "w") as f:
            f.write("# test\nlisten 127.0.0.1:0\n\nmax-body 2K   # small\nfrobnicate yes\n")
        rc, out, err = run(["-n", "--config", conf, "--gazetteers", GAZDIR])
        check("config: unknown directive, exit 1 with file:line",
              rc == 1 and (conf + ":5:") in err, (rc, err))
        with open(conf, "w") as f:
            f.write("listen 127.0.0.1:0\nmax-body 2K\ngazetteers /nonexistent/nerd-gazetteers\n"
                    "threads 2\ntimeout 5\nmax-connections 100\nmax-per-ip 10\nlog-level info\n")
        rc, out, err = run(["-n", "--config", conf])
        check("config: its gazetteers directive is used", rc == 1 and "/nonexistent" in err,
              (rc, err))
        rc, out, err = run(["-n", "--config", conf, "--gazetteers", GAZDIR])
        check("config: flags override it", rc == 0 and "configuration OK" in err, (rc, err))
        rc, out, err = run(["-n", "--config", os.path.join(tmp, "missing.conf")])
        check("config: missing file, exit 1", rc == 1 and "missing.conf" in err, (rc, err))
        # The config's max-body (2K) is in force when the daemon runs.
        d = Daemon("--config", conf, "--gazetteers", GAZDIR)
        try:
            st, h, b = d.request("POST", "/v1/extract", json.dumps({"text": "x" * 3000}), JSON)
            check_problem("config max-body in force", st, h, b, 413)
        finally:
            check("config daemon exits 0", d.stop() == 0)


def test_ipv6():
    try:
        s = socket.socket(socket.AF_INET6)
        s.bind(("::1", 0))
        s.close()
    except OSError:
        print("skip IPv6: no ::1 here")
        return
    d = Daemon(listen="[::1]:0")
    try:
        check("[::1]:0 listens on ::1", d.host == "::1" and d.port > 0, (d.host, d.port))
        st, _, _ = d.request("GET", "/healthz")
        check("GET /healthz over IPv6", st == 200, st)
    finally:
        check("IPv6 daemon exits 0", d.stop() == 0)


def test_notify():
    """sd_notify: READY=1 once the data are loaded, STOPPING=1 on SIGTERM."""
    if os.environ.get("NERD_HAVE_SYSTEMD") != "1":
        print("skip sd_notify: built without libsystemd")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        sock.settimeout(TIMEOUT)
        env = dict(os.environ, NOTIFY_SOCKET=path)
        d = Daemon(env=env)
        msgs = []

        def until(word):
            deadline = time.monotonic() + TIMEOUT
            while time.monotonic() < deadline:
                if any(word in m for m in msgs):
                    return True
                try:
                    msgs.append(sock.recv(4096).decode())
                except socket.timeout:
                    break
            return False
        try:
            check("sd_notify READY=1", until("READY=1"), msgs)
            st, _, _ = d.request("GET", "/readyz")
            check("ready when READY=1 was sent", st == 200, st)
            check("sd_notify STATUS=", any("STATUS=serving on" in m for m in msgs), msgs)
            d.p.send_signal(signal.SIGTERM)
            check("sd_notify STOPPING=1", until("STOPPING=1"), msgs)
        finally:
            check("notify daemon exits 0", d.stop() == 0)
            sock.close()


def main():
    limit = 64 * 1024
    d = Daemon("--max-body", str(limit))
    try:
        test_get_endpoints(d)
        test_extract(d)
        test_errors(d)
        test_too_big(d, limit)
        test_batch(d)
        test_concurrent(d)
        test_metrics(d)
        test_reload(d)
        test_sigterm_in_flight(d)
    except (OSError, http.client.HTTPException, ValueError) as e:
        check("the daemon kept answering", False, "%r (exit status %s)" % (e, d.p.poll()))
    finally:
        if d.p.poll() is None:
            d.p.kill()
            d.p.wait(TIMEOUT)
        print("--- the daemon's log")
        for ln in d.lines:
            if ln is not None:
                print("log: " + ln)
    test_cli()
    test_ipv6()
    test_notify()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    signal.alarm(240)       # a hard bound on the whole run
    sys.exit(main())
