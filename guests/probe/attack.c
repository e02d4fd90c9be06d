/*
 * attack.c - the fault-injection probes' runner (rogue.c, svmrogue.c).
 * The attacks run in rounds, for ever.  An attack that faults gets the
 * guest restarted by its policy; the next start resumes after it, found
 * from the restart count (partition info).  The others report their
 * outcome and go on in-line.  After each round the guest sleeps half a
 * second.  Every outcome must be contained: logged by the monitor,
 * nobody else disturbed.
 */
#include "probe.h"

#define ROUND_PAUSE_US	500000u

void probe_run_attacks(const char *name, const struct probe_attack *attacks, uint32_t n)
{
	uint32_t nfault = 0, round, skip, i;

	probe_timer_arm(0);	/* its vector taken: an attack may need it at once */
	for (i = 0; i < n; i++)
		nfault += attacks[i].faults;
	/* Resume after the attack that faulted last: the restarts-th one. */
	round = probe_info.restarts / nfault;
	skip = probe_info.restarts % nfault;
	if (probe_info.restarts && !skip) {
		round--;
		skip = nfault;
	}
	for (i = 0; skip; i++)
		skip -= attacks[i].faults;

	for (;; round++, i = 0) {
		for (; i < n; i++) {
			probe_printf("%s: round %u attack %u: %s\n", name, round, i, attacks[i].what);
			attacks[i].fn();
			if (attacks[i].faults)
				probe_printf("%s: attack %u NOT stopped\n", name, i);
		}
		probe_printf("%s: round %u: all %u attacks done\n", name, round, n);
		probe_sleep_us(ROUND_PAUSE_US);
	}
}
