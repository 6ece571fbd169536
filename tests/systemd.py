#!/usr/bin/env python3
# systemd.py -- nerdd under systemd's protocols without systemd as PID 1:
# systemd-socket-activate hands nerdd a listening socket and sets
# NOTIFY_SOCKET and WATCHDOG_USEC; a datagram socket here collects what
# nerdd says.  Checks READY=1 after the data loaded, STATUS=, WATCHDOG=1
# pings that stop while a worker is held (--testing-stall) and resume after,
# RELOADING=1 (with MONOTONIC_USEC) ... READY=1 around SIGHUP, STOPPING=1 on
# SIGTERM; the unit's hardening (systemd-analyze security --offline=true,
# exposure <= 1.5) and systemd-analyze verify; and that nerdd still answers,
# with the same entities, when writable+executable memory is refused
# (prctl PR_SET_MDWE, the kernel's MemoryDenyWriteExecute=).
# Standard library only; every wait is bounded.
# Usage: systemd.py NERDD GAZDIR SRCDIR BUILDDIR
import ctypes
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

NERDD, GAZDIR, SRCDIR, BUILDDIR = sys.argv[1:5]
passed = failed = 0
TEXT = "Die Bürgermeisterin von Wien, Anna Berger, traf am Montag in Graz den Chef der Post AG."


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


def request(port, method, path, body=None, ctype="text/plain", timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    hdr = {"Content-Type": ctype} if body is not None else {}
    c.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=hdr)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


class Listener:
    """The notification socket: a thread files every datagram with its time."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.settimeout(0.2)
        self.msgs = []
        self.lock = threading.Lock()
        self.stop = False
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()

    def _run(self):
        while not self.stop:
            try:
                m = self.sock.recv(4096).decode()
            except socket.timeout:
                continue
            except OSError:
                return
            with self.lock:
                self.msgs.append((time.monotonic(), m))

    def since(self, t0, t1=None):
        with self.lock:
            return [m for t, m in self.msgs if t >= t0 and (t1 is None or t < t1)]

    def wait(self, word, t0, timeout=15):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(word in m for m in self.since(t0)):
                return True
            time.sleep(0.05)
        return False

    def close(self):
        self.stop = True
        self.t.join(2)
        self.sock.close()


def test_activation(tmp):
    path = os.path.join(tmp, "notify")
    lis = Listener(path)
    port = free_port()
    wd_usec = 1200000
    t_start = time.monotonic()
    log = open(os.path.join(tmp, "nerdd.log"), "w+")
    p = subprocess.Popen(
        ["systemd-socket-activate", "-l", "127.0.0.1:%d" % port,
         "-E", "NOTIFY_SOCKET=" + path, "-E", "WATCHDOG_USEC=%d" % wd_usec,
         NERDD, "--gazetteers", GAZDIR, "--threads", "2", "--testing-stall", "4",
         "--listen", "127.0.0.1:1"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        # systemd-socket-activate starts nerdd on the first connection; the
        # connection waits in the inherited socket's backlog meanwhile.
        for _ in range(100):            # until systemd-socket-activate listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        st, body = request(port, "GET", "/healthz", timeout=30)
        check("socket activation: first request answered on the inherited socket", st == 200,
              (st, body))
        # Loading takes seconds under a sanitizer on a busy machine.
        check("READY=1 sent", lis.wait("READY=1", t_start, 60), lis.since(t_start))
        msgs = lis.since(t_start)
        ready = [i for i, m in enumerate(msgs) if "READY=1" in m]
        loading = [i for i, m in enumerate(msgs) if "STATUS=loading" in m]
        check("STATUS=loading before READY=1", loading and ready and loading[0] < ready[0], msgs)
        check("READY=1 carries STATUS=serving", any("STATUS=serving on 127.0.0.1:%d" % port in m
                                                   for m in msgs), msgs)
        st, body = request(port, "GET", "/readyz")
        check("ready after READY=1", st == 200, st)
        log.seek(0)
        text = log.read()
        check("nerdd serves the inherited socket, not its --listen address",
              re.search(r"listening on 127\.0\.0\.1:%d\b" % port, text), text)

        # Watchdog: pings about every 400 ms while the workers answer.
        t0 = time.monotonic()
        time.sleep(2.0)
        pings = sum("WATCHDOG=1" in m for m in lis.since(t0))
        check("WATCHDOG=1 pinged while healthy (%d in 2 s)" % pings, 3 <= pings <= 8, pings)

        # A worker held for 4 s (one of two): pings stop within half the
        # interval and resume after; the other worker keeps answering.
        res = {}

        def stall():
            res["stall"] = request(port, "POST", "/v1/extract", "nerdd:testing-stall " + TEXT,
                                   timeout=20)
        th = threading.Thread(target=stall)
        th.start()
        # The stall's clock starts when the worker takes the request (nerdd
        # logs it), not when this thread sends it: under load that may be
        # half a second later, and the last ping before the stall with it.
        t_stall = None
        end = time.monotonic() + 15
        while t_stall is None and time.monotonic() < end:
            with open(log.name) as f:       # its own offset: log's is nerdd's
                seen = "holding a worker" in f.read()
            if seen:
                t_stall = time.monotonic()
            else:
                time.sleep(0.02)
        check("the stalled request reaches a worker", t_stall is not None)
        t_stall = t_stall or time.monotonic()
        st, _ = request(port, "GET", "/healthz")
        check("the other worker answers during the stall", st == 200, st)
        time.sleep(max(0.0, t_stall + 3.3 - time.monotonic()))
        quiet = lis.since(t_stall + wd_usec / 2e6 + 0.5, t_stall + 3.3)
        check("no WATCHDOG=1 while a worker is stalled",
              not any("WATCHDOG=1" in m for m in quiet), quiet)
        check("STATUS= says stalled", any("stalled" in m for m in lis.since(t_stall)),
              lis.since(t_stall))
        th.join(20)
        check("the stalled request is answered in the end", res.get("stall", (0,))[0] == 200,
              res)
        t1 = time.monotonic()
        time.sleep(1.5)
        check("pings resume after the stall",
              sum("WATCHDOG=1" in m for m in lis.since(t1)) >= 2, lis.since(t1))

        # Reload: RELOADING=1 with MONOTONIC_USEC, then READY=1.
        t2 = time.monotonic()
        p.send_signal(signal.SIGHUP)
        check("READY=1 after the reload", lis.wait("READY=1", t2, 60), lis.since(t2))
        msgs = lis.since(t2)
        rel = [i for i, m in enumerate(msgs) if "RELOADING=1" in m]
        rdy = [i for i, m in enumerate(msgs) if "READY=1" in m]
        check("RELOADING=1 before READY=1", rel and rdy and rel[0] < rdy[0], msgs)
        check("RELOADING=1 carries MONOTONIC_USEC",
              any(re.search(r"MONOTONIC_USEC=\d+", m) for m in msgs if "RELOADING=1" in m), msgs)
        st, body = request(port, "GET", "/metrics")
        check("metrics count the reload", b'nerd_reloads_total{result="ok"} 1' in body)

        t3 = time.monotonic()
        p.send_signal(signal.SIGTERM)
        check("STOPPING=1 on SIGTERM", lis.wait("STOPPING=1", t3), lis.since(t3))
        check("exit 0 after SIGTERM", p.wait(15) == 0)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        lis.close()
        log.close()


def test_mdwe():
    """PR_SET_MDWE refuses W+X memory as MemoryDenyWriteExecute= does."""
    libc = ctypes.CDLL(None, use_errno=True)

    def deny_wx():
        if libc.prctl(65, 1, 0, 0, 0):          # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_MDWE)")

    results = {}
    for name, pre in (("jit", None), ("mdwe", deny_wx)):
        port = free_port()
        try:
            p = subprocess.Popen([NERDD, "--gazetteers", GAZDIR, "--threads", "1", "--listen",
                                  "127.0.0.1:%d" % port], preexec_fn=pre,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        except (OSError, subprocess.SubprocessError) as e:
            print("skip MemoryDenyWriteExecute: %s (kernel before 6.3?)" % e)
            return
        try:
            # nerdd listens before its model is loaded and answers 503
            # until then: the answers compared must both be the extraction.
            body = None
            end = time.monotonic() + 60
            while time.monotonic() < end:
                try:
                    st, data = request(port, "POST", "/v1/extract", TEXT)
                    if st == 200:
                        body = data
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            p.send_signal(signal.SIGTERM)
            err = p.communicate(timeout=15)[1].decode()
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        results[name] = (json.loads(body) if body else None, err)
    jit, mdwe = results["jit"], results["mdwe"]
    strip = lambda r: r and {k: v for k, v in r.items() if k != "meta"}
    check("nerdd answers with W+X memory refused", mdwe[0] is not None, mdwe[1])
    check("same result with and without the JIT", strip(jit[0]) == strip(mdwe[0]),
          (jit[0], mdwe[0]))
    check("the interpreter fallback is logged once",
          mdwe[1].count("PCRE2 JIT unavailable") == 1, mdwe[1])
    check("nothing about the JIT when it works", "JIT unavailable" not in jit[1], jit[1])


def test_unit(tmp):
    unit = os.path.join(BUILDDIR, "systemd", "nerdd.service")
    out = subprocess.run(["systemd-analyze", "security", "--offline=true", unit],
                         capture_output=True, text=True)
    m = re.search(r"Overall exposure level for nerdd.service: ([0-9.]+)", out.stdout + out.stderr)
    check("systemd-analyze security: exposure <= 1.5 (%s)" % (m and m.group(1)),
          m and float(m.group(1)) <= 1.5, out.stdout[-2000:] + out.stderr)
    # verify with the built programs in place of the installed ones, and the
    # man page where man can find it.
    d = os.path.join(tmp, "units")
    man = os.path.join(tmp, "man", "man8")
    os.makedirs(d)
    os.makedirs(man)
    with open(os.path.join(SRCDIR, "src", "nerdd.8")) as f, open(os.path.join(man, "nerdd.8"), "w") as g:
        g.write(f.read())
    bld = os.path.abspath(os.path.join(BUILDDIR, "src"))
    for name in ("nerdd.service", "nerdd.socket"):
        with open(os.path.join(SRCDIR, "systemd", name + ".in")) as f:
            text = f.read()
        text = (text.replace("@sbindir@", bld).replace("@bindir@", bld)
                .replace("@sysconfdir@", tmp))
        with open(os.path.join(d, name), "w") as g:
            g.write(text)
    env = dict(os.environ, MANPATH=os.path.join(tmp, "man"))
    out = subprocess.run(["systemd-analyze", "verify", os.path.join(d, "nerdd.service"),
                          os.path.join(d, "nerdd.socket")], capture_output=True, text=True, env=env)
    check("systemd-analyze verify is clean", out.returncode == 0 and not out.stderr.strip()
          and not out.stdout.strip(), out.stdout + out.stderr)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        test_activation(tmp)
        test_mdwe()
        test_unit(tmp)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
