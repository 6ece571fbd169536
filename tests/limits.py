#!/usr/bin/env python3
# limits.py -- nerdd's protections against misbehaving clients, over real
# loopback connections: Content-Length together with Transfer-Encoding is
# refused with 400 (request smuggling); oversized headers get 431; a client
# trickling one header byte per second (never idle long enough for the idle
# timeout) is cut at the request deadline, and the deadline restarts for
# each request on a kept-alive connection; POST requests over max-inflight
# get 503 with Retry-After while GET /healthz still answers; the access log
# has method, path, status, bytes, duration and address and never the text;
# a message repeated 50 times in a second is written 20 times plus one
# "suppressed" line; /metrics counts the cut connections and has every
# family (requests, latency, bytes, extracted items, model, reloads,
# rejections, PCRE2 limit hits); connections past --max-connections wait
# in the backlog until held ones close.
# Standard library only; bounded waits.  Usage: limits.py NERDD GAZDIR
import http.client
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time

NERDD, GAZDIR = sys.argv[1:3]
passed = failed = 0
SECRET = "Quellenschutzwort Zyxwvutsr"


def check(name, cond, info=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s %s" % (name, info))
    return cond


def wait_for(cond, timeout):
    """Polls cond (a request failing with OSError or HTTPException counts
    as not yet) until it holds or timeout seconds have passed."""
    end = time.monotonic() + timeout
    while True:
        try:
            if cond():
                return True
        except (OSError, http.client.HTTPException):
            pass
        if time.monotonic() > end:
            return False
        time.sleep(0.05)


class Daemon:
    def __init__(self, *args):
        self.p = subprocess.Popen(
            [NERDD, "--listen", "127.0.0.1:0", "--gazetteers", GAZDIR, "--threads", "2"] +
            list(args), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)
        self.lines = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        end = time.monotonic() + 30
        self.port = None
        while time.monotonic() < end and not self.port:
            with self.lock:
                for l in self.lines:
                    m = re.search(r"listening on [0-9.]+:(\d+)", l)
                    if m:
                        self.port = int(m.group(1))
            time.sleep(0.05)
        # "ready: model" is logged just before the model is handed to the
        # server: until then an extraction answers 503, so wait for /readyz.
        if not wait_for(lambda: self.log_has("ready: model") and
                        self.request("GET", "/readyz")[0] == 200, 60):
            self.p.kill()
            raise SystemExit("nerdd did not become ready: %s" % self.log())

    def _read(self):
        for raw in self.p.stderr:
            with self.lock:
                self.lines.append(raw.decode("utf-8", "replace"))

    def log_has(self, word):
        with self.lock:
            return any(word in l for l in self.lines)

    def log(self):
        with self.lock:
            return "".join(self.lines)

    def raw(self, data, timeout=5):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        s.sendall(data)
        out = b""
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                out += b
                if b"\r\n\r\n" in out and b"Connection: close" not in out:
                    m = re.search(rb"Content-Length: (\d+)", out)
                    if m and len(out.split(b"\r\n\r\n", 1)[1]) >= int(m.group(1)):
                        break
        except socket.timeout:
            pass
        s.close()
        return out

    def request(self, method, path, body=None, timeout=10):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        c.request(method, path, body=body and body.encode(),
                  headers={"Content-Type": "text/plain"} if body else {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), data

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            return self.p.wait(60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return self.p.wait()


def test_framing(d):
    r = d.raw(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
              b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
              b"4\r\nWien\r\n0\r\n\r\n")
    check("Content-Length with Transfer-Encoding: 400", r.startswith(b"HTTP/1.1 400"), r[:80])
    r = d.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200000 + b"\r\n\r\n")
    check("200 KB of headers: 431", r.startswith(b"HTTP/1.1 431"), r[:80])
    r = d.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    check("a plain request still answers 200", r.startswith(b"HTTP/1.1 200"), r[:80])


def test_deadline(d, deadline, idle):
    """One header byte a second: never idle for idle s, cut at deadline s."""
    s = socket.create_connection(("127.0.0.1", d.port), timeout=2)
    req = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    t0 = time.monotonic()
    cut = None
    for i in range(len(req)):
        try:
            s.sendall(req[i:i + 1])
            # Waits for the next byte's turn on the socket itself, so that
            # the cut is seen the moment the server makes it, not a second
            # (or, on a loaded machine, several) later.
            if select.select([s], [], [], 1.0 if i > 20 else 0.01)[0] and s.recv(100) == b"":
                cut = time.monotonic() - t0
                break
        except OSError:
            cut = time.monotonic() - t0
            break
        if time.monotonic() - t0 > deadline + 5:
            break
    s.close()
    check("a one-byte-a-second trickle outlives the idle timeout (%d s)" % idle,
          cut is None or cut > idle + 0.5, cut)
    check("... and is cut at the deadline (%d s): cut after %s s" %
          (deadline, cut and round(cut, 1)), cut is not None and deadline - 0.5 <= cut <= deadline + 3,
          cut)
    # A kept-alive connection: each request gets its own deadline.  Half
    # the idle timeout apart, so that a client woken late under load does
    # not send into a connection the idle timeout is closing.
    c = http.client.HTTPConnection("127.0.0.1", d.port, timeout=5)
    ok = True
    gap = idle / 2
    t0 = time.monotonic()
    for _ in range(int(deadline / gap) + 2):
        c.request("GET", "/healthz")
        r = c.getresponse()
        r.read()
        ok = ok and r.status == 200
        time.sleep(gap)
    c.close()
    check("a kept-alive connection with requests %.1f s apart lives past the deadline (%.1f s)"
          % (gap, time.monotonic() - t0), ok)
    st, _, body = d.request("GET", "/metrics")
    m = re.search(rb'nerd_connections_rejected_total\{reason="deadline"\} (\d+)', body)
    check("/metrics counts the cut connection", m and int(m.group(1)) >= 1, body[-600:])


def test_shedding():
    d = Daemon("--max-inflight", "1", "--testing-stall", "3")
    try:
        res = {}

        def slow():
            res["slow"] = d.request("POST", "/v1/extract", "nerdd:testing-stall Wien")
        t = threading.Thread(target=slow)
        t.start()
        check("the first request holds its worker",
              wait_for(lambda: d.log_has("holding a worker"), 15), d.log())
        st, hdr, body = d.request("POST", "/v1/extract", "Graz")
        check("over max-inflight: 503", st == 503, (st, body))
        check("... with Retry-After", "Retry-After" in hdr, hdr)
        st, _, _ = d.request("GET", "/healthz")
        check("GET /healthz answers while POSTs are shed", st == 200, st)
        t.join(15)
        check("the request in flight finishes", res.get("slow", (0,))[0] == 200, res)
        # The slot is given back when libmicrohttpd reports the response
        # sent (http_completed), which can come a moment after the client
        # has read it: the next request may still see 503 for that moment.
        last = []

        def admitted():
            last[:] = [d.request("POST", "/v1/extract", "Graz")[0]]
            return last[0] == 200
        check("accepted again once the slot is free", wait_for(admitted, 15), last)
    finally:
        check("shedding daemon exits 0", d.stop() == 0)


def test_access_log():
    d = Daemon("--access-log", "on")
    try:
        st, _, _ = d.request("POST", "/v1/extract?lang=de", SECRET + " traf Anna Berger in Wien.")
        check("extract answered", st == 200, st)
        pat = (r"access method=POST path=/v1/extract status=200 bytes_in=(\d+) "
               r"bytes_out=(\d+) duration_us=(\d+) remote=127\.0\.0\.1")
        # The line is written when the request completes, after the answer.
        wait_for(lambda: re.search(pat, d.log()), 10)
        log = d.log()
        m = re.search(pat, log)
        check("access log line with method, path, status, bytes, duration, address", m, log)
        check("the access log never holds the text", "Zyxwvutsr" not in log and "lang=de" not in log,
              log)
        st, _, body = d.request("GET", "/metrics")
        body = body.decode()
        for pat in (r'nerd_http_requests_total\{route="/v1/extract",status="200"\} 1\b',
                    r'nerd_http_request_duration_seconds_bucket\{route="/v1/extract",le="\+Inf"\} 1\b',
                    r'nerd_http_request_bytes_total [1-9]', r'nerd_http_response_bytes_total [1-9]',
                    r'nerd_extracted_total\{kind="entities"\} [1-9]',
                    r'nerd_extracted_total\{kind="figures"\} \d',
                    r'nerd_extracted_total\{kind="relations"\} \d',
                    r'nerd_model_info\{version="[^"]+"\} 1',
                    r'nerd_reloads_total\{result="failed"\} 0',
                    r'nerd_connections_rejected_total\{reason="limit"\} \d',
                    r'nerd_pcre2_limit_hits_total \d'):
            check("/metrics has %s" % pat, re.search(pat, body), body[-1500:])
        # 50 malformed requests in a burst: at most 20 lines a second, the
        # rest counted in "N messages suppressed" lines, none lost.  The
        # daemon counts per second of CLOCK_MONOTONIC (Python's monotonic
        # clock), so a burst slowed down by load may span two or more.
        t0 = time.monotonic()
        for _ in range(50):
            d.raw(b"GET / HTTP/1.1\r\nBad header line\r\n\r\n", timeout=2)
        seconds = int(time.monotonic()) - int(t0) + 1
        time.sleep(1.1)
        d.raw(b"GET / HTTP/1.1\r\nBad header line\r\n\r\n", timeout=2)

        def counted():
            log = d.log()
            return (log, log.count("syntactically incorrect"),
                    [int(x) for x in re.findall(r"(\d+) messages suppressed", log)])
        wait_for(lambda: counted()[1] + sum(counted()[2]) >= 51, 10)
        log, n, dropped = counted()
        check("a flood of one message is cut to the rate (%d lines in %d s)" % (n, seconds),
              n <= 20 * seconds + 1 and (seconds > 2 or dropped), (n, dropped))
        check("... and each message is written or counted as suppressed (%d + %s)" % (n, dropped),
              n + sum(dropped) == 51, log[-800:])
    finally:
        check("access-log daemon exits 0", d.stop() == 0)


def test_per_ip():
    """Five connections from one address with a limit of two."""
    d = Daemon("--max-per-ip", "2")
    try:
        socks = [socket.create_connection(("127.0.0.1", d.port), timeout=5) for _ in range(5)]
        # Held open until the server has shut the refused ones (they read
        # EOF): closed sooner, a late worker could take them as the first
        # two leave.
        shut = set()

        def three_shut():
            for s_ in select.select([x for x in socks if x not in shut], [], [], 0.1)[0]:
                if s_.recv(1) == b"":
                    shut.add(s_)
            return len(shut) >= 3
        check("the server shuts 3 of 5 connections", wait_for(three_shut, 10), len(shut))
        for s_ in socks:
            s_.close()
        # The refusals are counted as the workers get to them, and /metrics
        # itself is refused until the two accepted connections are gone.
        res = {}

        def refused():
            res["body"] = d.request("GET", "/metrics")[2]
            res["m"] = re.search(rb'nerd_connections_rejected_total\{reason="limit"\} (\d+)',
                                 res["body"])
            return res["m"] and int(res["m"].group(1)) >= 3
        wait_for(refused, 10)
        body, m = res.get("body", b""), res.get("m")
        check("per-address limit 2: 3 of 5 connections refused and counted (%s)" %
              (m and m.group(1).decode()), m and int(m.group(1)) >= 3, body[-400:])
    finally:
        check("per-ip daemon exits 0", d.stop() == 0)


def test_max_connections():
    """Seven connections at once with a limit of four over two threads:
    four are served and three wait in the backlog (not shut) until held
    ones close; the server goes on answering and stops cleanly after."""
    d = Daemon("--max-connections", "4")
    try:
        get = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
        socks = [socket.create_connection(("127.0.0.1", d.port), timeout=5) for _ in range(7)]
        for s_ in socks:
            s_.sendall(get)
        answered = []
        end = time.monotonic() + 5
        while len(answered) < 4 and time.monotonic() < end:
            for s_ in select.select([x for x in socks if x not in answered], [], [], 0.1)[0]:
                if s_.recv(4096).startswith(b"HTTP/1.1 200"):
                    answered.append(s_)
        check("limit 4: four of seven connections answered", len(answered) == 4, len(answered))
        rest = [x for x in socks if x not in answered]
        check("limit 4: the other three wait (no answer, not shut)",
              not select.select(rest, [], [], 0.5)[0], len(rest))
        for s_ in answered[:3]:
            s_.close()
        got = 0
        end = time.monotonic() + 5
        while got < 3 and time.monotonic() < end:
            for s_ in select.select(rest, [], [], 0.1)[0]:
                got += s_.recv(4096).startswith(b"HTTP/1.1 200")
                rest.remove(s_)
        check("limit 4: the waiting three answered once three held ones closed", got == 3, got)
        for s_ in socks:
            s_.close()
        check("limit 4: still answering after", wait_for(
            lambda: d.request("GET", "/healthz", timeout=2)[0] == 200, 5))
    finally:
        check("max-connections daemon exits 0", d.stop() == 0)


def main():
    d = Daemon("--timeout", "3", "--deadline", "6")
    try:
        test_framing(d)
        test_deadline(d, 6, 3)
    finally:
        check("daemon exits 0", d.stop() == 0)
    test_shedding()
    test_per_ip()
    test_max_connections()
    test_access_log()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
