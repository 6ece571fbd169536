#!/usr/bin/env python3
# slowloris.py -- slow clients on loopback: slowhttptest holds 1,500
# connections from 127.0.0.1 (slow headers -H, then slow bodies -B) while a
# probe client on 127.0.0.2 sends 100 real extraction requests, one at a
# time.  With nerdd's limits (per-address limit, idle timeout, request
# deadline) every probe must be answered, with p99 under 100 ms; with
# libmicrohttpd's own defaults (--unsafe-mhd-defaults) the same attack must
# shut the probe out -- which shows that this test can see the problem.
# Bounded: each run lasts about 20 s.  Usage: slowloris.py NERDD GAZDIR
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time

NERDD, GAZDIR = sys.argv[1:3]
CONNS = 1500
passed = failed = 0
TEXT = "Der Stadtrat von Linz beschloss am Dienstag, die Brücke für 12 Millionen Euro zu sanieren."


def check(name, cond, info=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s %s" % (name, info))
    return cond


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Probe(http.client.HTTPConnection):
    """An HTTP connection from 127.0.0.2."""

    def connect(self):
        self.sock = socket.create_connection((self.host, self.port), self.timeout,
                                             ("127.0.0.2", 0))


def probe_once(port, timeout=2):
    t0 = time.monotonic()
    try:
        c = Probe("127.0.0.1", port, timeout=timeout)
        c.request("POST", "/v1/extract", body=TEXT.encode(),
                  headers={"Content-Type": "text/plain"})
        r = c.getresponse()
        r.read()
        c.close()
        ok = r.status == 200
    except (OSError, http.client.HTTPException):
        ok = False
    return ok, time.monotonic() - t0


def established(port):
    """Connections to port in state ESTABLISHED, seen from the server side."""
    n = 0
    for f in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(f) as fh:
                next(fh)
                for line in fh:
                    parts = line.split()
                    if parts[3] == "01" and int(parts[1].split(":")[1], 16) == port:
                        n += 1
        except OSError:
            pass
    return n


def run(mode, safe):
    port = free_port()
    args = [NERDD, "--gazetteers", GAZDIR, "--threads", "2", "--listen", "127.0.0.1:%d" % port]
    if safe:
        args += ["--timeout", "10", "--deadline", "15"]
    else:
        args += ["--unsafe-mhd-defaults", "--timeout", "2"]   # 2: only the stop's grace
    d = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    for _ in range(300):
        if probe_once(port)[0]:
            break
        time.sleep(0.05)
    attack = ["slowhttptest", "-c", str(CONNS), "-r", "1000", "-i", "5", "-l", "24", "-p", "3",
              "-x", "16", "-u", "http://127.0.0.1:%d/v1/extract" % port]
    if mode == "B":
        attack += ["-B", "-s", "8192", "-f", "text/plain"]
    else:
        attack += ["-H", "-t", "GET"]
    a = subprocess.Popen(attack, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        # Let the attack open its connections, then probe while it lasts.
        time.sleep(4)
        held = established(port)
        lat = []
        ok = 0
        for i in range(100):
            good, t = probe_once(port, 2 if safe else 1)
            ok += good
            lat.append(t)
            if i + 1 - ok >= 10:
                break           # failed already: keep the run short
            time.sleep(0.05)
        lat.sort()
        p99 = lat[min(98, len(lat) - 1)] * 1000
        return ok, len(lat), p99, held
    finally:
        os.killpg(a.pid, signal.SIGKILL)
        a.wait()
        d.send_signal(signal.SIGTERM)
        try:
            d.wait(20)
        except subprocess.TimeoutExpired:
            d.kill()
            d.wait()


def main():
    for mode in ("H", "B"):
        ok, n, p99, held = run(mode, True)
        print("nerdd limits, -%s: %d/%d probes answered, p99 %.1f ms, %d connections "
              "established" % (mode, ok, n, p99, held))
        check("-%s: every probe answered with nerdd's limits" % mode, ok == 100, ok)
        check("-%s: probe p99 < 100 ms with nerdd's limits (%.1f ms)" % (mode, p99), p99 < 100)
        ok, n, p99, held = run(mode, False)
        print("libmicrohttpd defaults, -%s: %d/%d probes answered, p99 %.1f ms, %d connections "
              "established" % (mode, ok, n, p99, held))
        check("-%s: under libmicrohttpd's defaults the same attack breaks the probe "
              "(the test sees the problem)" % mode, ok < n or p99 >= 100, (ok, n, p99))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
