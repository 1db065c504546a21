/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line armvm run gives a guest: --append as given, plus
 * console=hvc0 with --console virtio when the user named no console.
 */
#ifndef ARMVM_CLI_BOOT_CMDLINE_H
#define ARMVM_CLI_BOOT_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "machine/machine.h"

/* Room for the longest command line any guest kernel takes. */
#define BOOT_CMDLINE_BUF MACHINE_CMDLINE_MAX_AARCH64

/*
 * Sets *out to `given` (may be NULL), or to `buf` (BOOT_CMDLINE_BUF bytes)
 * holding it plus " console=hvc0". Returns 0, or -1 with one line in err
 * when the result is longer than an `arch` kernel takes: refused, never
 * cut.
 */
int boot_cmdline(const char *given, bool console_virtio, enum machine_arch arch,
		 char buf[BOOT_CMDLINE_BUF], const char **out,
		 char *err, size_t errlen);

#endif
