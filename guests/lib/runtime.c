/* SPDX-License-Identifier: MIT */
#include "guest.h"

#include "fdt.h"
#include "psci.h"

void (*irq_handler)(void);

void guest_entry(ureg_t boot_arg);

void guest_entry(ureg_t boot_arg)
{
	fdt_locate(boot_arg);
	guest_main();
	printf("%s: done\n", guest_name);
	psci_system_off();
}

void irq_dispatch(void);

void irq_dispatch(void)
{
	if (irq_handler) {
		irq_handler();
		return;
	}
	printf("%s: unexpected IRQ\n", guest_name);
	psci_system_off();
}

__attribute__((weak)) void secondary_main(ureg_t cpu)
{
	(void)cpu;
	psci_cpu_off();
}

void unexpected_exception(unsigned kind, ureg_t return_addr)
{
	printf("%s: unexpected exception: ", guest_name);
	arch_describe_exception(kind, return_addr);
	psci_system_off();
}
