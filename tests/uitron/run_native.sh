#!/bin/sh
# run_native.sh - boot a native uITRON image from a GRUB ISO in QEMU and
# copy its serial output (COM1) to stdout.
#
#   tests/uitron/run_native.sh <app> <timeout-seconds> [elf]
#
# The image defaults to $O/build/uitron-native/<app>.elf (O defaults to
# the repository); QEMU_EXTRA adds QEMU options (e.g. -icount
# shift=0,sleep=off for the benchmarks).  The application stops QEMU through isa-debug-exit;
# the script exits with the application's code (QEMU's status is
# code*2+1), 124 on timeout, 2 on usage or build errors.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 <app> <timeout-seconds> [elf]" >&2; exit 2; }
app=$1
timeout=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
elf=${3:-${O:-$root}/build/uitron-native/$app.elf}
[ -f "$elf" ] || { echo "$0: no image $elf (build it with the uitron-native target)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/iso/boot/grub"
cp "$elf" "$work/iso/boot/uitron.elf"
cat > "$work/iso/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_output serial
menuentry "uitron $app" {
	multiboot /boot/uitron.elf
	boot
}
CFG
grub-mkrescue -o "$work/uitron.iso" "$work/iso" >"$work/mkrescue.log" 2>&1 || {
	cat "$work/mkrescue.log" >&2; exit 2; }

set +e
timeout --foreground "$timeout" qemu-system-i386 -machine pc -accel tcg -m 64 \
	-nographic -no-reboot -monitor none -serial stdio \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-cdrom "$work/uitron.iso" -boot d ${QEMU_EXTRA:-} </dev/null
rc=$?
set -e
[ $rc -eq 124 ] && { echo "$0: timeout after ${timeout}s" >&2; exit 124; }
[ $((rc & 1)) -eq 1 ] && exit $((rc >> 1))
echo "$0: qemu exited with $rc without isa-debug-exit" >&2
exit 3
