#!/bin/sh
# scripts/fetch-busybox.sh - fetch Debian's busybox-static for i386 and
# unpack it into DESTDIR (DESTDIR/bin/busybox), without touching the
# machine's apt or dpkg state.
#
# apt runs with a private state: its own sources list, package lists,
# cache and an empty dpkg status, all under CACHEDIR, and with i386 as the
# only architecture.  /etc/apt, /var/lib/apt and dpkg's foreign
# architectures stay as they are.  The .deb is kept in CACHEDIR, so it is
# fetched once; later runs only unpack it.
#
# usage: scripts/fetch-busybox.sh [-q] DESTDIR [CACHEDIR]
#   CACHEDIR defaults to DESTDIR/../busybox-cache
#   MESO_BUSYBOX_DEB=/path/to/busybox-static_*_i386.deb uses that file.
#   MESO_DEBIAN_MIRROR (default http://deb.debian.org) and
#   MESO_DEBIAN_SUITE (default bookworm) pick the archive.
set -eu

quiet=
if [ "${1:-}" = -q ]; then quiet=1; shift; fi
[ $# -ge 1 ] || { echo "usage: $0 [-q] DESTDIR [CACHEDIR]" >&2; exit 2; }
dest=$1
cache=${2:-$(dirname "$dest")/busybox-cache}
mirror=${MESO_DEBIAN_MIRROR:-http://deb.debian.org}
suite=${MESO_DEBIAN_SUITE:-bookworm}

say() { [ -n "$quiet" ] || echo "fetch-busybox: $*"; }
die() { echo "fetch-busybox: $*" >&2; exit 1; }

mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

deb=${MESO_BUSYBOX_DEB:-}
if [ -z "$deb" ]; then
	deb=$(ls "$cache"/busybox-static_*_i386.deb 2>/dev/null | tail -n 1 || true)
fi

if [ -z "$deb" ]; then
	command -v apt-get >/dev/null || die "apt-get not found (or set MESO_BUSYBOX_DEB)"
	apt=$cache/apt
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" \
		"$apt/etc/sources.list.d" "$apt/etc/preferences.d" \
		"$apt/etc/apt.conf.d"
	: > "$apt/status"
	# Debian's main archive and its security updates (busybox's +debNuM
	# releases come from either)
	cat > "$apt/etc/sources.list" <<-EOF
	deb [arch=i386] $mirror/debian $suite main
	deb [arch=i386] $mirror/debian $suite-updates main
	deb [arch=i386] $mirror/debian-security $suite-security main
	EOF
	set -- -q -o APT::Architecture=i386 -o APT::Architectures::=i386 \
		-o Dir::Etc::SourceList="$apt/etc/sources.list" \
		-o Dir::Etc::SourceParts="$apt/etc/sources.list.d" \
		-o Dir::Etc::Preferences="$apt/etc/preferences" \
		-o Dir::Etc::PreferencesParts="$apt/etc/preferences.d" \
		-o Dir::State="$apt" -o Dir::State::Lists="$apt/lists" \
		-o Dir::State::status="$apt/status" \
		-o Dir::Cache="$apt/cache" \
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root
	say "apt-get update (private state in $apt, i386 only: $suite on $mirror)"
	# One index failing (a mirror mid-sync) is not fatal if the package
	# still resolves from the others.
	if ! apt-get "$@" update >"$apt/update.log" 2>&1; then
		say "apt-get update reported errors (see $apt/update.log); trying anyway"
	fi
	say "apt-get download busybox-static:i386"
	(cd "$cache" && apt-get "$@" download busybox-static:i386) \
		>"$apt/download.log" 2>&1 ||
		{ cat "$apt/download.log" >&2; die "download failed"; }
	deb=$(ls "$cache"/busybox-static_*_i386.deb 2>/dev/null | tail -n 1 || true)
	[ -n "$deb" ] || die "no busybox-static_*_i386.deb in $cache after download"
	# keep only the .deb: the lists are 100 MB of no further use
	rm -rf "$apt/lists" "$apt/cache"
else
	say "using cached $(basename "$deb")"
fi

[ -f "$deb" ] || die "$deb: no such file"
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
[ "$arch" = i386 ] || die "$deb is for $arch, not i386"

rm -rf "$dest"
mkdir -p "$dest"
dpkg-deb -x "$deb" "$dest"
bb=$dest/bin/busybox
[ -x "$bb" ] || die "$deb has no bin/busybox"
echo "$version" > "$dest/VERSION"
say "busybox-static $version (i386) -> $bb"
