// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include "cli/boot_cmdline.h"

int boot_cmdline(const char *given, bool console_virtio, enum machine_arch arch,
		 char buf[BOOT_CMDLINE_BUF], const char **out,
		 char *err, size_t errlen)
{
	const bool a64 = arch == MACHINE_ARCH_AARCH64;
	const size_t max = a64 ? MACHINE_CMDLINE_MAX_AARCH64 : MACHINE_CMDLINE_MAX_AARCH32;
	const char *added = "";
	size_t len;

	/* Linux talks on the virtio console only if told (console=hvc0). */
	if (!console_virtio || (given && strstr(given, "console="))) {
		*out = given;
		len = given ? strlen(given) : 0;
	} else {
		const char *sep = given && *given ? " " : "";
		int n = snprintf(buf, BOOT_CMDLINE_BUF, "%s%sconsole=hvc0",
				 given ? given : "", sep);
		*out = buf;
		len = n < 0 ? 0 : (size_t)n;
		added = " with console=hvc0 added for --console virtio";
	}
	if (len >= max) {
		snprintf(err, errlen, "kernel command line is %zu bytes%s; an %s "
			 "kernel takes at most %zu", len, added,
			 a64 ? "AArch64" : "AArch32", max - 1);
		return -1;
	}
	return 0;
}
