/*
 * unit.h - the host unit-test harness: CHECK prints one PASS/FAIL line
 * per check; main() in unit.c runs every suite and ends with
 * "N passed, M failed", which tests/unit/test_unit.py reads.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>

extern int unit_passed, unit_failed;

#define CHECK(name, cond) do {						\
		if (cond) {						\
			unit_passed++;					\
			printf("PASS %s\n", name);			\
		} else {						\
			unit_failed++;					\
			printf("FAIL %s (%s:%d: %s)\n", name,		\
			       __FILE__, __LINE__, #cond);		\
		}							\
	} while (0)

void suite_insn(void);
void suite_sha256(void);
void suite_sched(void);
void suite_irq(void);
void suite_format(void);

#endif
