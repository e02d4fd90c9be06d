/* unit.c - run every suite; the last line is the summary CI reads. */
#include "unit.h"

int unit_passed, unit_failed;

int main(void)
{
	suite_insn();
	suite_sha256();
	suite_sched();
	suite_irq();
	suite_format();
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed != 0;
}
