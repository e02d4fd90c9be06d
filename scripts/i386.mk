# scripts/i386.mk - how every freestanding i386 image is built: the
# monitor, the probe guests, the uITRON RTOS (native and on meso) and the
# custom guests of external trees.  Included by the top Makefile before
# any of their build.mk files, which add only their include paths.
#   I386_CFLAGS    code generation: 32-bit, no libc, no FPU/SSE registers
#   I386_WARNINGS  meso's own code: warnings are errors
#   I386_LDFLAGS   ld for an elf_i386 image

I386_CFLAGS := -m32 -march=i686 -ffreestanding -fno-pic -fno-stack-protector \
	-nostdlib -O2 -std=gnu11 -mgeneral-regs-only -fno-asynchronous-unwind-tables \
	-fno-common -MMD -MP
I386_WARNINGS := -Wall -Wextra -Werror -Wmissing-prototypes -Wshadow -Wvla
I386_LDFLAGS := -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments
