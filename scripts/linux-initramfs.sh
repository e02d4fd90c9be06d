#!/bin/sh
# scripts/linux-initramfs.sh - pack the Linux guest's initramfs: Debian's
# static busybox, the meso /init and /bin/meso-workload scripts, the directories it mounts on and
# the two device nodes the kernel needs before devtmpfs.  The archive is
# described as a gen_init_cpio list (the kernel's own tool), so no root
# rights or mknod are needed.
#
# usage: scripts/linux-initramfs.sh GEN_INIT_CPIO BUSYBOX INIT WORKLOAD OUT.cpio.gz
set -eu

[ $# -eq 5 ] || { echo "usage: $0 GEN_INIT_CPIO BUSYBOX INIT WORKLOAD OUT" >&2; exit 2; }
gen=$1 busybox=$2 init=$3 workload=$4 out=$5

list=$out.list
cat >"$list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/null 0666 0 0 c 1 3
dir /bin 0755 0 0
dir /sbin 0755 0 0
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
dir /root 0700 0 0
dir /etc 0755 0 0
file /bin/busybox $busybox 0755 0 0
slink /bin/sh busybox 0777 0 0
file /init $init 0755 0 0
file /bin/meso-workload $workload 0755 0 0
EOF
"$gen" "$list" | gzip -9 -n >"$out.tmp"
mv "$out.tmp" "$out"
