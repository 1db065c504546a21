/* SPDX-License-Identifier: MIT */
/*
 * New namespaces for armvm run (--unshare mount,pid,net), as Firecracker's
 * jailer gives its VMM: a PID namespace in which armvm is PID 1 (it sees
 * no other process and none outside can be reached by pid), a network
 * namespace with only a loopback interface that is down (a tap opened
 * before keeps working), and a mount namespace whose mounts are private
 * (nothing armvm mounts or unmounts propagates out, nothing propagates in;
 * with --chroot, the chroot is inside it). Needs CAP_SYS_ADMIN, as the
 * jailer does.
 *
 * A PID namespace takes a fork: KVM ties a VM to the process that created
 * it, so the fork comes first, before any file or the VM is opened, and
 * the rest of armvm run happens in the child. The parent only waits: it
 * forwards the stop signals sent to it (kill, a supervisor) to the child
 * and ends with the child's exit status.
 */
#ifndef ARMVM_CLI_NAMESPACES_H
#define ARMVM_CLI_NAMESPACES_H

#include <stddef.h>

/*
 * Enter a new PID namespace: unshare(CLONE_NEWPID) and fork. Returns 0 in
 * the child, now PID 1 of the new namespace (it dies with the parent);
 * 1 in the parent once the child has ended, with the status armvm should
 * exit with in *status (the child's, or 128 + the signal that ended it);
 * -1 with one line in err when the namespace cannot be made.
 */
int ns_enter_pid(int *status, char *err, size_t errlen);

/*
 * Called in the child after the privilege drop (which clears it): die
 * with the parent again.
 */
void ns_die_with_parent(void);

/*
 * New mount and/or network namespaces for the calling process, which must
 * be single-threaded (unshare moves only the calling thread). flags: the
 * CLI_UNSHARE_MOUNT and CLI_UNSHARE_NET bits (others are ignored). With a
 * mount namespace every mount in it becomes private. 0, or -1 with one
 * line in err.
 */
int ns_unshare(unsigned flags, char *err, size_t errlen);

#endif
