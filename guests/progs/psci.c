/* SPDX-License-Identifier: MIT */
/* PSCI_VERSION and PSCI_FEATURES for the calls the guests rely on, plus one
 * the engines do not implement (MIGRATE: no trusted OS to migrate). */
#include "guest.h"
#include "psci.h"

const char guest_name[] = "psci";

static const struct {
	const char *name;
	uint32_t fid;
} queries[] = {
	{ "PSCI_VERSION", PSCI_0_2_FN_PSCI_VERSION },
	{ "CPU_OFF", PSCI_0_2_FN_CPU_OFF },
	{ "CPU_ON", PSCI_FN_CPU_ON },
	{ "AFFINITY_INFO", PSCI_FN_AFFINITY_INFO },
	{ "SYSTEM_OFF", PSCI_0_2_FN_SYSTEM_OFF },
	{ "SYSTEM_RESET", PSCI_0_2_FN_SYSTEM_RESET },
	{ "PSCI_FEATURES", PSCI_1_0_FN_PSCI_FEATURES },
	{ "MIGRATE", PSCI_0_2_FN_MIGRATE },
};

void guest_main(void)
{
	sreg_t v = psci_version();

	printf("psci: version %u.%u\n", PSCI_VERSION_MAJOR(v), PSCI_VERSION_MINOR(v));
	for (unsigned i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		sreg_t r = psci_features(queries[i].fid);
		printf("psci: features %s (0x%08x): %d %s\n", queries[i].name,
		       queries[i].fid, (int)r, r >= 0 ? "supported" : psci_ret_name(r));
	}
}
