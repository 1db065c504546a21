/* SPDX-License-Identifier: MIT */
/*
 * Native unit tests of the guest's command line (issue 14 defect 6: a long
 * --append with --console virtio was cut at 1,024 bytes). One PASS:/FAIL:
 * line per case.
 */
#include <stdio.h>
#include <string.h>

#include "cli/boot_cmdline.h"

static int failures;

static void report(int ok, const char *name, const char *detail)
{
	printf("%s: boot-cmdline-%s%s%s\n", ok ? "PASS" : "FAIL", name,
	       ok ? "" : ": ", ok ? "" : detail);
	failures += !ok;
}

int main(void)
{
	char buf[BOOT_CMDLINE_BUF], err[256], given[4096];
	const char *out;
	int r;

	r = boot_cmdline("quiet", true, MACHINE_ARCH_AARCH64, buf, &out, err, sizeof(err));
	report(r == 0 && !strcmp(out, "quiet console=hvc0"), "adds-hvc0", out);
	r = boot_cmdline(NULL, true, MACHINE_ARCH_AARCH64, buf, &out, err, sizeof(err));
	report(r == 0 && !strcmp(out, "console=hvc0"), "hvc0-alone", out);
	r = boot_cmdline("console=ttyAMA0", true, MACHINE_ARCH_AARCH64, buf, &out, err, sizeof(err));
	report(r == 0 && !strcmp(out, "console=ttyAMA0"), "user-console-kept", out);

	/* 2,000 bytes: past the old 1,024-byte buffer, within AArch64's 2,047. */
	memset(given, 'a', 2000);
	given[2000] = '\0';
	r = boot_cmdline(given, true, MACHINE_ARCH_AARCH64, buf, &out, err, sizeof(err));
	report(r == 0 && strlen(out) == 2013 && !strncmp(out, given, 2000) &&
	       !strcmp(out + 2000, " console=hvc0"), "long-kept-whole", err);

	/* Too long once console=hvc0 is added: refused, one line, not cut. */
	memset(given, 'a', 2040);
	given[2040] = '\0';
	r = boot_cmdline(given, true, MACHINE_ARCH_AARCH64, buf, &out, err, sizeof(err));
	report(r < 0 && !strcmp(err, "kernel command line is 2053 bytes with console=hvc0 "
				"added for --console virtio; an AArch64 kernel takes at most 2047"),
	       "too-long-refused", err);
	memset(given, 'a', 3000);
	given[3000] = '\0';
	r = boot_cmdline(given, true, MACHINE_ARCH_AARCH64, buf, &out, err, sizeof(err));
	report(r < 0 && strstr(err, "is 3013 bytes") != NULL, "beyond-buffer-refused", err);
	r = boot_cmdline(given, false, MACHINE_ARCH_AARCH64, buf, &out, err, sizeof(err));
	report(r < 0 && !strcmp(err, "kernel command line is 3000 bytes; an AArch64 "
				"kernel takes at most 2047"), "plain-too-long", err);
	/* An AArch32 kernel takes 1,023. */
	memset(given, 'a', 1020);
	given[1020] = '\0';
	r = boot_cmdline(given, true, MACHINE_ARCH_AARCH32, buf, &out, err, sizeof(err));
	report(r < 0 && strstr(err, "an AArch32 kernel takes at most 1023") != NULL,
	       "aarch32-limit", err);
	return failures ? 1 : 0;
}
