#!/bin/sh
# install-deps.sh - installs meso's build and test dependencies from Debian.
#
# Called by make when a tool or Python module is missing, or by hand.
# Idempotent: packages already installed are skipped, and it prints exactly
# what it installs.  Groups keep a generator-only checkout light:
#   core   the generator and its tests (kconfiglib, Jinja2, pytest, tmux)
#   image  the monitor, guests, GRUB image and QEMU
#   linux  the Linux guest (Debian's linux-source-6.1 and its build tools)
#   all    every group (default)
# -q (first argument) keeps quiet when nothing is missing.
set -eu

core="python3 python3-kconfiglib python3-jinja2 python3-pytest tmux"
image="gcc gcc-multilib make binutils grub-pc-bin grub-common xorriso mtools qemu-system-x86"
linux="linux-source-6.1 flex bison libelf-dev cpio xz-utils bc libssl-dev gzip"

quiet=
if [ "${1:-}" = "-q" ]; then quiet=1; shift; fi
want=""
[ $# -eq 0 ] && set -- all
for group in "$@"; do
	case "$group" in
	core)  want="$want $core" ;;
	image) want="$want $image" ;;
	linux) want="$want $linux" ;;
	all)   want="$want $core $image $linux" ;;
	*) echo "install-deps: unknown group '$group' (core, image, linux, all)" >&2; exit 2 ;;
	esac
done

missing=""
for pkg in $want; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac ;;
	esac
done

if [ -z "$missing" ]; then
	[ -n "$quiet" ] || echo "install-deps: all packages present ($*)"
	exit 0
fi

echo "install-deps: installing from Debian:$missing"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
	command -v sudo >/dev/null 2>&1 || {
		echo "install-deps: not root and no sudo; please install:$missing" >&2; exit 1; }
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package index only when it is missing or older than a day.
stamp=/var/lib/apt/periodic/update-success-stamp
lists=$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mtime -1 2>/dev/null | head -n 1)
if [ -z "$lists" ] && ! [ -n "$(find "$stamp" -mtime -1 2>/dev/null)" ]; then
	$SUDO apt-get update -q
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
echo "install-deps: done"
