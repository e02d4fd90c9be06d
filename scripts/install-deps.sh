#!/bin/sh
# install-deps.sh - installs what meso's goals need, from Debian's packages.
#
# Called by make before a goal runs (scripts/deps.mk says which groups a
# goal needs), or by hand.  Idempotent and quick when nothing is missing:
# every package is proven present by what meso really uses from it (a
# command on PATH, a file, a Python module of /usr/bin/python3), so a tool
# missing for any reason is reported with the package that brings it.
# Prints exactly what it installs.  Groups:
#   core   the generator: Python with kconfiglib and Jinja2
#   image  the monitor, the in-tree guests, the GRUB image, QEMU
#   linux  the Linux guest: Debian's linux-source-6.1 and its build tools
#   test   the test runner (pytest) and tmux for the menuconfig tests
#   debug  gdb for `make debug`
#   all    every group (default)
# -q (first argument) keeps quiet when nothing is missing; -n (after -q,
# if any) only checks: it lists what is missing and exits 1.
set -eu

# group package            proof that it is installed
TABLE='
core  python3              cmd:python3
core  python3-kconfiglib   py:kconfiglib
core  python3-jinja2       py:jinja2
image gcc                  cmd:gcc
image libc6-dev            file:/usr/include/stdio.h
image gcc-multilib         dpkg:gcc-multilib
image binutils             cmd:ld
image grub-pc-bin          file:/usr/lib/grub/i386-pc/modinfo.sh
image grub-common          cmd:grub-mkrescue
image xorriso              cmd:xorriso
image mtools               cmd:mformat
image qemu-system-x86      cmd:qemu-system-i386
linux linux-source-6.1     file:/usr/src/linux-source-6.1.tar.xz
linux xz-utils             cmd:xz
linux patch                cmd:patch
linux flex                 cmd:flex
linux bison                cmd:bison
linux bc                   cmd:bc
linux cpio                 cmd:cpio
linux gzip                 cmd:gzip
linux libelf-dev           file:/usr/include/gelf.h
linux libssl-dev           file:/usr/include/openssl/ssl.h
test  python3-pytest       py:pytest
test  tmux                 cmd:tmux
debug gdb                  cmd:gdb
'
GROUPS_ALL="core image linux test debug"

quiet= check_only=
if [ "${1:-}" = "-q" ]; then quiet=1; shift; fi
if [ "${1:-}" = "-n" ]; then check_only=1; shift; fi
[ $# -eq 0 ] && set -- all
groups=""
for group in "$@"; do
	case " $GROUPS_ALL all " in
	*" $group "*) ;;
	*) echo "install-deps: unknown group '$group' ($GROUPS_ALL, all)" >&2; exit 2 ;;
	esac
	[ "$group" = all ] && group=$GROUPS_ALL
	groups="$groups $group"
done

present() {	# proof
	case $1 in
	cmd:*)  command -v "${1#cmd:}" >/dev/null 2>&1 ;;
	file:*) [ -e "${1#file:}" ] ;;
	py:*)   [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import ${1#py:}" 2>/dev/null ;;
	dpkg:*) dpkg-query -W -f='${Status}' "${1#dpkg:}" 2>/dev/null | grep -q 'ok installed' ;;
	esac
}

missing=""
nl='
'
for row in $(echo "$TABLE" | awk -v want=" $groups " \
		'NF == 3 && index(want, " " $1 " ") { print $2 "=" $3 }'); do
	pkg=${row%%=*}
	case " $missing " in *" $pkg "*) continue ;; esac
	present "${row#*=}" || missing="$missing $pkg"
done

if [ -z "$missing" ]; then
	[ -n "$quiet" ] || echo "install-deps: everything present ($*)"
	exit 0
fi
if [ -n "$check_only" ]; then
	echo "install-deps: missing Debian packages:$missing" >&2
	exit 1
fi

echo "install-deps: installing from Debian ($*):$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "install-deps: not root and no sudo; as root run: apt-get install$missing" >&2
		exit 1
	fi
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package index only when it is missing or older than a day.
lists=$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mtime -1 2>/dev/null | head -n 1)
if [ -z "$lists" ]; then
	echo "install-deps: apt-get update" >&2
	$SUDO apt-get update -q >&2 || {
		echo "install-deps: apt-get update failed (network or mirror?); as root run: apt-get install$missing" >&2
		exit 1; }
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >&2 || {
	echo "install-deps: apt-get install failed; as root run: apt-get install$missing" >&2
	exit 1; }

# Every proof must hold now; a package that installed without what meso
# needs from it (another distribution's layout, say) is named.
still=""
for row in $(echo "$TABLE" | awk -v want=" $groups " \
		'NF == 3 && index(want, " " $1 " ") { print $2 "=" $3 }'); do
	present "${row#*=}" || still="$still${nl}  ${row%%=*} (needed: ${row#*=})"
done
if [ -n "$still" ]; then
	echo "install-deps: installed, but still missing:$still" >&2
	exit 1
fi
echo "install-deps: done" >&2
