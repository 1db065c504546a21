/* SPDX-License-Identifier: MIT */
/* The smallest guest: console output and the execution state it runs in. */
#include "guest.h"

const char guest_name[] = "hello";

void guest_main(void)
{
	printf("hello: Hello from %s, %s\n", ARCH_NAME, arch_level_name());
}
