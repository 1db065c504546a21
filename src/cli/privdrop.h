/* SPDX-License-Identifier: MIT */
/*
 * Dropping privileges in armvm run (--unshare, --chroot, --gid, --uid), as
 * Firecracker's jailer does before its VMM runs a guest: once every file,
 * device and the VM are open, and before any thread starts (glibc applies
 * setuid to every thread with a signal the seccomp lists do not allow).
 */
#ifndef ARMVM_CLI_PRIVDROP_H
#define ARMVM_CLI_PRIVDROP_H

#include <stddef.h>

#include "cli/options.h"

/*
 * New mount and network namespaces (--unshare; the PID namespace was made
 * before anything was opened, namespaces.h), chroot(DIR) and chdir("/"), then drop supplementary groups and set the
 * real, effective and saved gid, then the uid; checks that the uid cannot
 * be taken back. 0 (also when nothing was asked), or -1 with one line in err.
 */
int privdrop_apply(const struct cli_options *o, char *err, size_t errlen);

#endif
