"""pins.py -- the pinned npm and Debian packages a gazetteer build script
reads (people.py, entities.py): install them into a work directory, and
check the installed versions against the pins before anything is generated.
npm versions must match exactly; a Debian version that differs is a warning
(the archive moves on), a missing package an error."""

import json
import os
import subprocess
import sys


def _run(cmd):
	print("+ " + " ".join(cmd), file=sys.stderr)
	subprocess.run(cmd, check=True)


def deb_version(pkg):
	"""The installed version of a Debian package, or None."""
	try:
		out = subprocess.run(["dpkg-query", "-W", "-f=${Status} ${Version}", pkg],
			capture_output=True, text=True)
	except FileNotFoundError:
		return None
	if out.returncode or "installed" not in out.stdout:
		return None
	return out.stdout.split()[-1]


def install(workdir, name, npm_pins, deb_pins, npm_flags=()):
	"""npm-installs npm_pins under workdir (a private package called name)
	and apt-installs the Debian packages that are missing."""
	os.makedirs(workdir, exist_ok=True)
	pj = os.path.join(workdir, "package.json")
	if not os.path.exists(pj):
		with open(pj, "w") as f:
			f.write('{"name": "%s", "private": true}\n' % name)
	_run(["npm", "install", "--no-audit", "--no-fund"] + list(npm_flags)
		+ ["--prefix", workdir] + ["%s@%s" % p for p in npm_pins])
	missing = [p for p, _ in deb_pins if deb_version(p) is None]
	if missing:
		_run(["apt-get", "install", "-y"] + missing)


def check_versions(workdir, npm_pins, deb_pins, prog):
	"""Exits (messages prefixed with prog) unless the pins are installed."""
	def die(msg):
		print("%s: %s" % (prog, msg), file=sys.stderr)
		sys.exit(1)
	for pkg, ver in npm_pins:
		pj = os.path.join(workdir, "node_modules", pkg, "package.json")
		if not os.path.exists(pj):
			die("%s missing under %s (run with --install)" % (pkg, workdir))
		with open(pj, encoding="utf-8") as f:
			have = json.load(f)["version"]
		if have != ver:
			die("%s is %s, pinned %s" % (pkg, have, ver))
	for pkg, ver in deb_pins:
		have = deb_version(pkg)
		if have is None:
			die("Debian package %s is not installed (run with --install)" % pkg)
		if have != ver:
			print("%s: warning: %s is %s, pinned %s" % (prog, pkg, have, ver), file=sys.stderr)
