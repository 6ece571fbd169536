#!/usr/bin/env python3
# scaleout.py -- nerd on existing engines, on loopback, compared record for
# record with one plain `nerd extract --ndjson` run over the same archive:
#  1. GNU parallel --pipe splitting a gzipped NDJSON archive into blocks, each
#     run by its own `nerd extract --ndjson` (the filter contract Hadoop
#     Streaming and Spark's pipe() use too; --sshlogin spreads it over
#     machines);
#  2. nginx balancing POST /v1/extract over two nerdd instances.
# meta.elapsed_us (a timing) and error.line (in parallel: the line within
# the block) are the only fields allowed to differ.  A part whose engine is
# missing is skipped; both missing: exit 77.
# Usage: scaleout.py NERD NERDD GAZDIR
import gzip
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

NERD, NERDD, GAZDIR = sys.argv[1:4]
passed = failed = 0


def check(name, cond, info=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s %s" % (name, str(info)[:500]))
    return cond


def archive(n):
    """n NDJSON request lines about invented events, some of them invalid."""
    rnd = random.Random(7)
    people = ["Anna Berger", "Jonas Keller", "Miriam Vogt", "Emre Aydin", "Lea Hoffmann",
              "Tobias Brandt", "Sophie Lindner", "Karim Haddad"]
    places = ["Wien", "Graz", "Leipzig", "Bremen", "Zürich", "Kassel", "Rostock", "Passau"]
    roles = ["Bürgermeisterin", "Landrat", "Vorstandschef", "Sprecherin", "Trainer"]
    acts = ["eröffnete am Montag in {p} eine Brücke für {n} Millionen Euro.",
            "sagte in {p}, die Stadt wolle {n} neue Wohnungen bauen.",
            "besuchte am 3. März {p} und traf dort {o}.",
            "kündigte in {p} an, {n} Prozent der Stellen zu streichen."]
    lines = []
    for i in range(n):
        k = i % 25
        if k == 7:
            lines.append('{"text": "kaputt", ')               # malformed JSON
            continue
        if k == 13:
            lines.append("")                                 # blank line
            continue
        if k == 19:
            lines.append('{"id": "x%d", "text": 42}' % i)     # wrong field type
            continue
        text = "%s %s %s" % (rnd.choice(roles), rnd.choice(people), rnd.choice(acts).format(
            p=rnd.choice(places), n=rnd.randint(2, 900), o=rnd.choice(people)))
        lines.append(json.dumps({"id": "r%d" % i, "text": text, "date": "2025-06-0%d" % (1 + i % 9)},
                                ensure_ascii=False))
    return "\n".join(lines) + "\n"


def norm(line):
    o = json.loads(line)
    if isinstance(o.get("meta"), dict):
        o["meta"].pop("elapsed_us", None)
    if isinstance(o.get("error"), dict):
        o["error"].pop("line", None)
    return o


def test_parallel(tmp, arc, single):
    if not shutil.which("parallel"):
        print("skip GNU parallel: not installed (Debian package parallel)")
        check("installed (NERD_OPS_REQUIRED)", os.environ.get("NERD_OPS_REQUIRED") != "1")
        return
    cmd = ("zcat %s | parallel --will-cite --pipe -k --block 16k -j2 %s extract --ndjson -j1 "
           "-g %s" % (arc, NERD, GAZDIR))
    t0 = time.monotonic()
    p = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=300)
    out = p.stdout.splitlines()
    check("parallel: %d output lines for %d input lines (%.1f s)" %
          (len(out), len(single), time.monotonic() - t0), len(out) == len(single), p.stderr[-500:])
    diff = [i for i, (a, b) in enumerate(zip(single, out)) if norm(a) != norm(b)]
    check("parallel --pipe output equals one nerd run record for record", not diff,
          diff[:3] and (single[diff[0]][:300], out[diff[0]][:300]))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_up(port):
    for _ in range(300):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/readyz")
            if c.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def test_nginx(tmp, requests, single):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                      else None)
    if not nginx:
        print("skip nginx: not installed (Debian package nginx)")
        check("installed (NERD_OPS_REQUIRED)", os.environ.get("NERD_OPS_REQUIRED") != "1")
        return
    ports = [free_port(), free_port()]
    front = free_port()
    daemons = [subprocess.Popen([NERDD, "--gazetteers", GAZDIR, "--threads", "1", "--listen",
                                 "127.0.0.1:%d" % p], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for p in ports]
    ng = os.path.join(tmp, "nginx")
    os.makedirs(ng)
    conf = os.path.join(ng, "nginx.conf")
    with open(conf, "w") as f:
        f.write("""
daemon off;
worker_processes 1;
pid %(ng)s/nginx.pid;
error_log %(ng)s/error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path %(ng)s/body;
    proxy_temp_path %(ng)s/proxy;
    fastcgi_temp_path %(ng)s/fcgi;
    uwsgi_temp_path %(ng)s/uwsgi;
    scgi_temp_path %(ng)s/scgi;
    upstream nerdd {
        server 127.0.0.1:%(p1)d;
        server 127.0.0.1:%(p2)d;
        keepalive 8;
    }
    server {
        listen 127.0.0.1:%(front)d;
        client_max_body_size 1m;
        location / {
            proxy_pass http://nerdd;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
        }
    }
}
""" % {"ng": ng, "p1": ports[0], "p2": ports[1], "front": front})
    n = subprocess.Popen([nginx, "-p", ng, "-c", conf], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        up = all(wait_up(p) for p in ports) and wait_up(front)
        if not check("nginx and two nerdd instances up", up,
                     n.poll() is not None and n.stderr.read()):
            return
        c = http.client.HTTPConnection("127.0.0.1", front, timeout=30)
        got = []
        for line in requests:
            if not line.strip():
                continue            # the HTTP API has no blank request
            c.request("POST", "/v1/extract", body=line.encode(),
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            got.append((r.status, r.read().decode()))
        c.close()
        want = [s for s, line in zip(single, requests) if line.strip()]
        ok_pairs = [(w, g) for w, (st, g) in zip(want, got) if st == 200]
        same = all(norm(w) == norm(g) for w, g in ok_pairs)
        check("nginx: %d answers for %d requests" % (len(got), len(want)), len(got) == len(want))
        check("nginx: every 200 answer equals the single run's record (%d records)" %
              len(ok_pairs), ok_pairs and same)
        errs = [(w, st) for w, (st, g) in zip(want, got) if st != 200]
        check("nginx: the invalid requests are refused with 400, as the single run refused them",
              all(st == 400 and "error" in json.loads(w) for w, st in errs), errs[:3])
        served = []
        for p in ports:
            c = http.client.HTTPConnection("127.0.0.1", p, timeout=5)
            c.request("GET", "/metrics")
            body = c.getresponse().read().decode()
            m = re.findall(r'nerd_http_requests_total\{route="/v1/extract",status="\d+"\} (\d+)',
                           body)
            served.append(sum(int(x) for x in m))
        check("nginx spread the requests over both instances %s" % served,
              all(s > 0 for s in served) and sum(served) == len(want), served)
    finally:
        n.send_signal(signal.SIGQUIT)
        try:
            n.wait(10)
        except subprocess.TimeoutExpired:
            n.kill()
            n.wait()
        for d in daemons:
            d.send_signal(signal.SIGTERM)
            try:
                d.wait(15)
            except subprocess.TimeoutExpired:
                d.kill()
                d.wait()


def main():
    if not shutil.which("parallel") and not (shutil.which("nginx") or
                                             os.path.exists("/usr/sbin/nginx")):
        print("neither GNU parallel nor nginx is installed: skipped")
        return 1 if os.environ.get("NERD_OPS_REQUIRED") == "1" else 77
    with tempfile.TemporaryDirectory() as tmp:
        text = archive(1200)
        arc = os.path.join(tmp, "archive.ndjson.gz")
        with gzip.open(arc, "wt", encoding="utf-8") as f:
            f.write(text)
        p = subprocess.run([NERD, "extract", "--ndjson", "-g", GAZDIR, arc], capture_output=True,
                           text=True, timeout=300)
        single = p.stdout.splitlines()
        requests = text.splitlines()
        check("one nerd run over the .gz archive: one line per input line",
              len(single) == len(requests), (len(single), len(requests), p.stderr[-300:]))
        test_parallel(tmp, arc, single)
        test_nginx(tmp, requests, single)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
