#!/usr/bin/env python3
"""reload.py -- nerdd reloads its gazetteers while 32 connections keep
sending requests.  Usage: reload.py NERDD NERD GAZDIR

The shipped gazetteers are copied to a temporary directory and compiled
into an image (so the daemon starts from a mapped image), and the daemon is
started with an admin token.  Then 50 reloads cycle through four states of
the copy: valid (a new file naming the place "Reloadort<N>"), broken (a line
with an unknown type after "Brokenort<N>"), truncated (a file cut off in the
middle of a line or of a UTF-8 character after "Truncort<N>") and missing
(the whole directory renamed away).  Reloads go through POST
/v1/admin/reload, `nerd reload` and SIGHUP.  Checked:
  - every request on every connection answers 200 with a complete response;
  - the generation in meta.gazetteers never goes down on a connection, and
    /v1/info after each reload shows the newest valid model only;
  - a valid reload makes its place known, a failed one answers 422 with
    file:line and keeps the model; Brokenort/Truncort names never appear;
  - the admin endpoint refuses a missing or wrong token with 401.
Standard library only; every wait is bounded."""

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

NERDD, NERD, GAZDIR = sys.argv[1], sys.argv[2], sys.argv[3]
TOKEN = "reload-test-token"
CONNS = 32
RELOADS = 50
passed = failed = 0


def check(name, cond, info=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL %s %s" % (name, info), flush=True)
    return cond


def gen_of(version):
    return int(version.rsplit(".", 1)[1])


class Daemon:
    def __init__(self, args):
        self.p = subprocess.Popen([NERDD] + args, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines = []
        self.cv = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        m = self.wait_log(r"listening on [0-9.]+:(\d+)")
        if not m:
            self.p.kill()
            raise SystemExit("nerdd did not start: %r" % self.lines)
        self.port = int(m.group(1))
        if not self.wait_log(r"ready: model"):
            self.p.kill()
            raise SystemExit("nerdd did not load: %r" % self.lines)
        # The log line may come just before the model is installed.
        end = time.time() + 30
        while self.request("GET", "/readyz")[0] != 200:
            if time.time() > end:
                self.p.kill()
                raise SystemExit("nerdd never became ready")
            time.sleep(0.01)

    def _read(self):
        for raw in self.p.stdout:
            with self.cv:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self.cv.notify_all()

    def wait_log(self, pat, timeout=60, start=0):
        end = time.time() + timeout
        with self.cv:
            while True:
                for l in self.lines[start:]:
                    m = re.search(pat, l)
                    if m:
                        return m
                left = end - time.time()
                if left <= 0 or self.p.poll() is not None:
                    return None
                self.cv.wait(left)

    def request(self, method, path, body=None, headers=None, timeout=120):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def info(self):
        st, body = self.request("GET", "/v1/info")
        return json.loads(body)["model"]


def main():
    tmp = tempfile.mkdtemp(prefix="nerd-reload.")
    main_dir = os.path.join(tmp, "gaz")
    shutil.copytree(GAZDIR, main_dir, ignore=shutil.ignore_patterns("*.img", "build"))
    subprocess.run([NERD, "compile", "-g", main_dir], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    conf = os.path.join(tmp, "nerdd.conf")
    with open(conf, "w") as f:
        f.write("admin-token %s\n" % TOKEN)
    d = Daemon(["--listen", "127.0.0.1:0", "--gazetteers", main_dir, "--threads", "4",
                "--config", conf, "--max-per-ip", "128"])
    try:
        run(d, main_dir, tmp)
    finally:
        d.p.send_signal(signal.SIGTERM)
        try:
            d.p.wait(30)
        except subprocess.TimeoutExpired:
            d.p.kill()
            check("nerdd stops on SIGTERM", False)
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


def run(d, main_dir, tmp):
    info = d.info()
    check("started from the compiled image", info.get("gazetteer_image") is not None, info)
    good = {"gen": gen_of(info["model_version"]), "version": info["model_version"]}
    known = []          # places of valid reloads, in order
    bad_names = []      # places of failed reloads
    lock = threading.Lock()
    stop = threading.Event()
    stats = {"requests": 0, "failures": 0}

    def worker(k):
        c = None
        last = 0
        while not stop.is_set():
            with lock:
                names = known[-3:] + bad_names[-3:]
            text = "Die Delegation reiste am Montag nach Berlin. " + " ".join(
                "Danach fuhr sie nach %s." % n for n in names)
            try:
                if c is None:
                    c = http.client.HTTPConnection("127.0.0.1", d.port, timeout=60)
                c.request("POST", "/v1/extract", body=json.dumps({"text": text, "id": k}),
                          headers={"Content-Type": "application/json"})
                r = c.getresponse()
                body = r.read()
                ok = r.status == 200
                if ok:
                    j = json.loads(body)
                    g = gen_of(j["meta"]["gazetteers"])
                    ok = check("generation never goes back on a connection", g >= last,
                               "%d after %d" % (g, last)) and j["id"] == k
                    last = g
                    for e in j["entities"]:
                        if re.match(r"(Brokenort|Truncort)\d+$", e["name"]):
                            check("a broken file never becomes active", False, e["name"])
                else:
                    check("request answered 200", False, "%d %r" % (r.status, body[:200]))
            except Exception as ex:     # a dropped connection is a failed request
                ok = False
                check("request completed", False, repr(ex))
                c = None
            with lock:
                stats["requests"] += 1
                stats["failures"] += not ok
        if c:
            c.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(CONNS)]
    for t in threads:
        t.start()
    auth = {"Authorization": "Bearer " + TOKEN}
    st, _ = d.request("POST", "/v1/admin/reload")
    check("reload without a token is 401", st == 401, st)
    st, _ = d.request("POST", "/v1/admin/reload", headers={"Authorization": "Bearer nope"})
    check("reload with a wrong token is 401", st == 401, st)

    extra = os.path.join(main_dir, "zz-reload.tsv")
    t0 = time.time()
    for n in range(RELOADS):
        kind = ("valid", "broken", "truncated", "missing")[n % 4]
        name = {"valid": "Reloadort%d", "broken": "Brokenort%d",
                "truncated": "Truncort%d", "missing": "Missingort%d"}[kind] % n
        away = main_dir + ".away"
        if kind == "valid":
            data = "LOC.city\t%s\t\t\t0.9\t\n" % name
        elif kind == "broken":
            data = "LOC.city\t%s\t\t\t0.9\t\nPLANET\tMars\n" % name
        elif kind == "truncated":
            data = ("LOC.city\t%s\t\t\t0.9\t\nLOC.city\tKöln" % name)
            if n % 8 == 2:      # cut inside the two bytes of ö
                data = data.encode("utf-8")[:-3]
        if kind == "missing":
            os.rename(main_dir, away)
        else:
            with open(extra + ".new", "wb") as f:
                f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
            os.replace(extra + ".new", extra)
        # Three ways to ask: the endpoint, `nerd reload`, SIGHUP.
        via = ("http", "cli", "http", "signal")[(n // 4) % 4]
        if via == "signal" and kind != "valid":
            via = "http"
        if via == "http":
            st, body = d.request("POST", "/v1/admin/reload", body=b"", headers=auth)
            ok = st == 200
            if kind != "valid":
                detail = json.loads(body).get("detail", "") if st == 422 else ""
                check("%s reload answers 422 with file and reason" % kind,
                      st == 422 and (kind == "missing" or re.search(r"zz-reload\.tsv:\d+: ", detail)),
                      "%d %r" % (st, body[:300]))
        elif via == "cli":
            p = subprocess.run([NERD, "reload", "--url", "http://127.0.0.1:%d" % d.port,
                                "--token", TOKEN], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, timeout=120)
            ok = p.returncode == 0
            check("nerd reload exit status (%s)" % kind, ok == (kind == "valid"),
                  "%d %s" % (p.returncode, p.stderr))
        else:
            # No answer to a signal: wait until /v1/info shows a newer model
            # (the log may still be delivering lines of the reload before).
            d.p.send_signal(signal.SIGHUP)
            end = time.time() + 60
            ok = False
            while not ok and time.time() < end:
                ok = gen_of(d.info()["model_version"]) > good["gen"]
                if not ok:
                    time.sleep(0.02)
        if kind == "missing":
            os.rename(away, main_dir)
        check("%s reload %s" % (kind, "succeeds" if kind == "valid" else "fails"),
              ok == (kind == "valid"), "reload %d via %s" % (n, via))
        info = d.info()
        g = gen_of(info["model_version"])
        if kind == "valid":
            check("a valid reload raises the generation", g > good["gen"],
                  "%s after %s" % (info["model_version"], good["version"]))
            good = {"gen": g, "version": info["model_version"]}
            st, body = d.request("POST", "/v1/extract", body=("Wir fahren nach %s." % name).encode(),
                                 headers={"Content-Type": "text/plain; charset=utf-8"})
            names = [e["name"] for e in json.loads(body)["entities"]] if st == 200 else []
            check("the new place is known after a valid reload", name in names, names)
            with lock:
                known.append(name)
        else:
            check("a failed reload keeps the model", info["model_version"] == good["version"],
                  "%s, expected %s" % (info["model_version"], good["version"]))
            with lock:
                bad_names.append(name)
            # Put back a valid state for the next step.
            os.remove(extra) if os.path.exists(extra) else None
        time.sleep(0.05)
    stop.set()
    for t in threads:
        t.join(60)
    elapsed = time.time() - t0
    check("requests were served during the reloads", stats["requests"] > RELOADS, stats)
    check("0 failed requests", stats["failures"] == 0, stats)
    print("%d reloads, %d requests on %d connections in %.1f s, %d failed; last model %s"
          % (RELOADS, stats["requests"], CONNS, elapsed, stats["failures"], good["version"]))


if __name__ == "__main__":
    main()
