#!/bin/sh
# size.sh - the monitor's size: lines of C and assembly, and section sizes.
#
# Usage: size.sh SRCTREE MONITOR_ELF.  Lines are counted per layer
# (portable core, IA-32 arch code, headers) as all lines and as code lines
# (not blank, not only a comment line); sections come from binutils' size.
set -eu
src=$1
elf=$2

count() {	# all-lines code-lines for the files given on stdin
	xargs cat 2>/dev/null | awk '
		{ all++ }
		/^[ \t]*$/ { next }
		/^[ \t]*(\/\*|\*|\/\/|#[ \t]*$)/ { next }
		{ code++ }
		END { printf "%6d %6d\n", all, code }'
}

printf '%-28s %6s %6s\n' "monitor source" "lines" "code"
total_files=""
for layer in "core:vmm-src/core" "arch/x86:vmm-src/arch" "headers:vmm-src/include"; do
	name=${layer%%:*}
	dir=$src/${layer#*:}
	printf '%-28s %s\n' "  $name" "$(find "$dir" -name '*.[chS]' | count)"
done
printf '%-28s %s\n' "  total" "$(find "$src/vmm-src" -name '*.[chS]' | count)"
printf '%-28s %s\n' "  (assembly only)" "$(find "$src/vmm-src" -name '*.S' | count)"
echo
echo "monitor sections ($(basename "$elf"), bytes)"
size -A "$elf" | awk '$1 ~ /^\.(boot|text|rodata|data|bss)$/ { printf "  %-10s %8d\n", $1, $2; sum += $2 }
	END { printf "  %-10s %8d\n", "total", sum }'
