#!/bin/sh
# fuzz.sh -- builds and runs the libFuzzer harnesses of tests/fuzz/ with
# clang, outside the autotools build (configure does not need clang; `make`
# and `make check` never build these).  Called by `make fuzz`,
# `make fuzz-replay` and `make fuzz-build`, which pass the environment:
#   srcdir, builddir      absolute top source and build directories
#   FUZZ_CC               clang with libFuzzer (Debian: clang-14 and
#                         libclang-rt-14-dev)
#   FUZZ_PKG_CFLAGS       compiler flags of the libraries (pkg-config)
#   FUZZ_LIBS             the libraries to link
#   FUZZ_SRCS             libnerd's sources (src/....c, under srcdir or, when
#                         generated, builddir; headers are skipped)
#   FUZZ_SECONDS          how long `run` runs each harness (default 60)
#   FUZZ_FLAGS            more libFuzzer flags for `run`, e.g. -jobs=2
#   FUZZ_NOBUILD=1        run or replay what was built before (lets two
#                         runs share one build)
# Usage: fuzz.sh build|run|replay HARNESS...
# Work files go to $builddir/tests/fuzz/: obj/ (the instrumented library),
# bin/ (harnesses), work/HARNESS/ (inputs found while fuzzing) and
# crash-HARNESS-* (inputs that failed).  The committed seed corpora in
# $srcdir/tests/fuzz/corpus/HARNESS/ are only read.
set -eu

cmd=${1:?usage: fuzz.sh build|run|replay HARNESS...}
shift
: "${srcdir:?}" "${builddir:?}"
FUZZ_CC=${FUZZ_CC:-clang-14}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_FLAGS=${FUZZ_FLAGS:-}
out=$builddir/tests/fuzz
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cflags="-std=gnu17 -g -O1 $san -I$builddir -I$srcdir/src \
	-DNERD_DATADIR=\"$srcdir\" -DNERD_SYSCONFDIR=\"/etc\" ${FUZZ_PKG_CFLAGS:-}"

# The per-input time limit and the largest input, by harness.
limits() {
	case $1 in
	fuzz_extract) echo "-timeout=10 -max_len=16384" ;;
	fuzz_http) echo "-timeout=10 -max_len=16384" ;;
	fuzz_gaz) echo "-timeout=10 -max_len=8192" ;;
	*) echo "-timeout=10 -max_len=8192" ;;
	esac
}

build() {
	if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
		echo "fuzz.sh: $FUZZ_CC not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
		exit 1
	fi
	mkdir -p "$out/obj" "$out/bin"
	# Rebuild an object when its source or any header is newer.
	newest_h=$(ls -t "$srcdir"/src/*.h "$builddir/config.h" | head -n 1)
	objs=
	for s in $FUZZ_SRCS; do
		case $s in *.c) ;; *) continue ;; esac
		o=$out/obj/$(basename "$s" .c).o
		objs="$objs $o"
		f=$srcdir/$s
		[ -f "$f" ] || f=$builddir/$s   # generated (nodist) sources
		if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ "$newest_h" -nt "$o" ]; then
			echo "  FUZZCC   $s"
			# shellcheck disable=SC2086
			$FUZZ_CC $cflags -fsanitize=fuzzer-no-link -c "$f" -o "$o"
		fi
	done
	rm -f "$out/libnerd-fuzz.a"
	# shellcheck disable=SC2086
	ar rcs "$out/libnerd-fuzz.a" $objs
	for h in "$@"; do
		echo "  FUZZLD   tests/fuzz/$h"
		# A harness that includes a library file (fuzz_http includes
		# http.c) takes the archive member's place: an archive member is
		# only linked when a symbol is still missing.
		# shellcheck disable=SC2086
		$FUZZ_CC $cflags -fsanitize=fuzzer "$srcdir/tests/fuzz/$h.c" \
			"$out/libnerd-fuzz.a" ${FUZZ_LIBS:-} -o "$out/bin/$h"
	done
}

run() {
	status=0
	for h in "$@"; do
		mkdir -p "$out/work/$h"
		dict=
		d=$srcdir/tests/fuzz/$h.dict
		[ "$h" = fuzz_ndjson ] && d=$srcdir/tests/fuzz/fuzz_req.dict
		[ -f "$d" ] && dict=-dict=$d
		echo "fuzz.sh: $h for ${FUZZ_SECONDS}s"
		# shellcheck disable=SC2046,SC2086
		if ! (cd "$out" && "$out/bin/$h" -max_total_time="$FUZZ_SECONDS" $(limits "$h") \
			-artifact_prefix="$out/crash-$h-" -print_final_stats=1 $dict $FUZZ_FLAGS \
			"$out/work/$h" "$srcdir/tests/fuzz/corpus/$h") >"$out/$h.log" 2>&1; then
			echo "fuzz.sh: $h FAILED; see $out/$h.log and $out/crash-$h-*" >&2
			tail -n 40 "$out/$h.log" >&2
			status=1
		fi
		grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' "$out/$h.log" || true
	done
	return $status
}

replay() {
	status=0
	for h in "$@"; do
		set -- "$srcdir"/tests/fuzz/corpus/"$h"/*
		[ -e "$1" ] || { echo "fuzz.sh: no corpus for $h" >&2; status=1; continue; }
		if "$out/bin/$h" $(limits "$h") "$@" >"$out/$h-replay.log" 2>&1; then
			echo "fuzz.sh: $h: $# corpus inputs replayed, all pass"
		else
			echo "fuzz.sh: $h FAILED on its corpus; see $out/$h-replay.log" >&2
			tail -n 40 "$out/$h-replay.log" >&2
			status=1
		fi
	done
	return $status
}

case $cmd in
build) build "$@" ;;
run) [ "${FUZZ_NOBUILD:-}" ] || build "$@"; run "$@" ;;
replay) [ "${FUZZ_NOBUILD:-}" ] || build "$@"; replay "$@" ;;
*) echo "usage: fuzz.sh build|run|replay HARNESS..." >&2; exit 2 ;;
esac
