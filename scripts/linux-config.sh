#!/bin/sh
# scripts/linux-config.sh - configure the Linux guest kernel out of tree:
# ARCH=i386 tinyconfig, then the fragments merged with the kernel's own
# scripts/kconfig/merge_config.sh, then olddefconfig.  Every option a
# fragment sets must survive olddefconfig, or this fails and names it.
# The result replaces OBJ/.config only when it changed, so Kbuild stays
# incremental.
#
# usage: scripts/linux-config.sh SRC OBJ FRAGMENT...
set -eu

[ $# -ge 3 ] || { echo "usage: $0 SRC OBJ FRAGMENT..." >&2; exit 2; }
src=$1 obj=$2
shift 2
tmp=$obj/.meso-config
rm -rf "$tmp"
mkdir -p "$tmp"
log=$tmp/config.log

fail() { echo "linux-config: $*" >&2; exit 1; }

make -C "$src" O="$tmp" ARCH=i386 tinyconfig >"$log" 2>&1 ||
	{ cat "$log" >&2; fail "tinyconfig failed"; }
(cd "$src" && KCONFIG_CONFIG="$tmp/.config" scripts/kconfig/merge_config.sh \
	-m -O "$tmp" "$tmp/.config" "$@") >>"$log" 2>&1 ||
	{ cat "$log" >&2; fail "merge_config.sh failed"; }
make -C "$src" O="$tmp" ARCH=i386 olddefconfig >>"$log" 2>&1 ||
	{ cat "$log" >&2; fail "olddefconfig failed"; }

# Every CONFIG_X=v and "# CONFIG_X is not set" of the fragments must be
# in the final .config (=n and "is not set" are the same thing).
bad=0
for f in "$@"; do
	sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=n$/# \1 is not set/p' \
		-e '/^CONFIG_[A-Za-z0-9_]*=/p' \
		-e '/^# CONFIG_[A-Za-z0-9_]* is not set$/p' "$f" |
	grep -v '^CONFIG_[A-Za-z0-9_]*=n$' >"$tmp/want" || true
	while IFS= read -r line; do
		case $line in
		"# "*) sym=${line#\# }; sym=${sym%% *} ;;
		*) sym=${line%%=*} ;;
		esac
		if grep -qxF "$line" "$tmp/.config"; then
			continue
		fi
		# not set is also satisfied by the symbol not existing
		case $line in
		"# "*) grep -q "^$sym=" "$tmp/.config" || continue ;;
		esac
		got=$(grep -E "^($sym=|# $sym is not set)" "$tmp/.config" || true)
		echo "linux-config: $f: '$line' did not take (got '${got:-absent}')" >&2
		bad=1
	done <"$tmp/want"
done
[ $bad = 0 ] || fail "the configuration fragments do not apply; see above"

mkdir -p "$obj"
if ! cmp -s "$tmp/.config" "$obj/.config"; then
	cp "$tmp/.config" "$obj/.config"
	echo "linux-config: wrote $obj/.config"
fi
rm -rf "$tmp"
