#!/bin/sh
# embed.sh -- writes a C source that holds the given files as byte arrays in
# web_builtin[] (see src/web.h), so that the programs carry the highlight page
# without the installed files.  Plain POSIX sh, od and sed: no new build
# dependency.  Usage: embed.sh OUT FILE...
set -e
out=$1
shift
tmp=$out.tmp
{
	echo '/* Generated from web/ by web/embed.sh at build time: do not edit. */'
	echo '#include "config.h"'
	echo
	echo '#include "web.h"'
	i=0
	for f in "$@"; do
		echo
		echo "static const unsigned char web_file_$i[] = {"
		od -A n -v -t x1 "$f" | sed -e 's/[0-9a-f][0-9a-f]/0x&,/g' -e 's/^ */	/'
		echo '	0};'
		i=$((i + 1))
	done
	echo
	echo 'const struct web_file web_builtin[] = {'
	i=0
	for f in "$@"; do
		n=$(wc -c <"$f" | tr -d ' ')
		name=${f##*/}
		echo "	{\"$name\", web_file_$i, $n},"
		i=$((i + 1))
	done
	echo '};'
	echo "const size_t web_nbuiltin = $i;"
} >"$tmp"
mv "$tmp" "$out"
