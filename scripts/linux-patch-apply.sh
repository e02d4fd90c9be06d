#!/bin/sh
# scripts/linux-patch-apply.sh - bring an extracted Linux tree to a patch
# series.  The series last applied is kept in SRC/.meso-applied; when the
# series changes it is reversed and the new one applied.  Files whose
# content ends up the same keep their old mtime, so Kbuild rebuilds only
# what the change really touched (a series edit to one file does not
# rebuild everything that includes irq_vectors.h).
#
# usage: scripts/linux-patch-apply.sh SRC PATCH...
set -eu

[ $# -ge 1 ] || { echo "usage: $0 SRC PATCH..." >&2; exit 2; }
src=$1
shift
command -v patch >/dev/null 2>&1 ||
	{ echo "linux-patch-apply: 'patch' not found: install Debian's patch (sudo scripts/install-deps.sh linux)" >&2; exit 1; }
cd "$src"
state=.meso-applied
keep=.meso-keep

touched() {	# files a series touches
	for p in "$@"; do
		sed -n 's|^+++ b/||p; s|^--- a/||p' "$p"
	done | sort -u
}

rm -rf "$keep"
if [ -d "$state" ]; then
	old=$(ls "$state"/*.patch 2>/dev/null | sort || true)
	# keep a copy (with mtimes) of every file either series touches
	for f in $(touched $old "$@"); do
		[ -f "$f" ] || continue
		mkdir -p "$keep/$(dirname "$f")"
		cp -p "$f" "$keep/$f"
	done
	for p in $(echo "$old" | sort -r); do
		out=$(patch -s -p1 -R --no-backup-if-mismatch <"$p" 2>&1) ||
			{ printf '%s\n' "$out" >&2; echo "linux-patch-apply: cannot reverse $p in $src (patch's output above)" >&2; exit 1; }
	done
	rm -rf "$state"
fi

mkdir -p "$state"
for p in "$@"; do
	out=$(patch -s -p1 -N --no-backup-if-mismatch <"$p" 2>&1) ||
		{ printf '%s\n' "$out" >&2; echo "linux-patch-apply: $p does not apply to $src (patch's output above)" >&2; exit 1; }
	cp "$p" "$state/"
done

# unchanged content: back to the old mtime
if [ -d "$keep" ]; then
	(cd "$keep" && find . -type f) | while read -r f; do
		if [ -f "$f" ] && cmp -s "$f" "$keep/$f"; then
			touch -r "$keep/$f" "$f"
		fi
	done
	rm -rf "$keep"
fi
