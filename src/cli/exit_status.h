/* SPDX-License-Identifier: MIT */
/* `armvm` exit statuses (documented in src/cli/README.md and --help). */
#ifndef ARMVM_CLI_EXIT_STATUS_H
#define ARMVM_CLI_EXIT_STATUS_H

#define EXIT_POWEROFF     0   /* guest powered off (PSCI SYSTEM_OFF); --dtb-out, --help */
#define EXIT_HOST_ERROR   1   /* no /dev/kvm, no permission, host cannot, KVM failed */
#define EXIT_USAGE        2   /* bad option or bad input file */
#define EXIT_GUEST_RESET  3   /* guest asked for a reset (PSCI SYSTEM_RESET) */
#define EXIT_GUEST_CRASH  4   /* guest crashed (see the message on stderr) */
#define EXIT_INTERRUPTED  5   /* stopped by SIGINT, SIGTERM, SIGHUP or Ctrl-A x */

#endif
