#!/bin/sh
# scripts/linux-patch-stat.sh - size of the Linux guest's patch series:
# lines added and removed and files touched, per patch and in total, and
# lines per file over the whole series (where each line goes).  Counts
# the diff bodies of the git format-patch files, not their messages.
#
# usage: scripts/linux-patch-stat.sh [PATCHDIR]   (default guest-patches/linux-6.1)
set -eu

dir=${1:-$(dirname "$0")/../guest-patches/linux-6.1}
set -- "$dir"/*.patch
[ -e "$1" ] || { echo "linux-patch-stat: no patches in $dir" >&2; exit 1; }

awk '
function flush() {
	if (name == "") return
	printf "%-62s %5d %5d %4d\n", name, add, del, nfiles
	tadd += add; tdel += del
}
FNR == 1 { flush(); name = FILENAME; sub(/.*\//, "", name); add = del = nfiles = 0; body = 0 }
/^diff --git / {
	body = 1; nfiles++
	file = $3; sub(/^a\//, "", file)
	if (!(file in seen)) { seen[file] = 1; order[++nf] = file }
	next
}
body && /^\+\+\+ |^--- / { next }
body && /^-- $/ { body = 0; next }
body && /^\+/ { add++; fadd[file]++ }
body && /^-/ { del++; fdel[file]++ }
END {
	flush()
	printf "%-62s %5s %5s %4s\n", "", "-----", "-----", ""
	printf "%-62s %5d %5d %4d\n", "total (added, removed, files)", tadd, tdel, nf
	printf "%-62s %5d\n", "total lines changed", tadd + tdel
	print ""
	print "per file:"
	for (i = 1; i <= nf; i++)
		printf "  %-60s %5d %5d\n", order[i], fadd[order[i]], fdel[order[i]]
}' "$@" | { printf "%-62s %5s %5s %4s\n" patch added rem files; cat; }
