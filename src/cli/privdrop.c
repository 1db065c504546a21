// SPDX-License-Identifier: MIT
/* Dropping privileges once the VM is set up; see privdrop.h. */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/namespaces.h"
#include "cli/privdrop.h"

int privdrop_apply(const struct cli_options *o, char *err, size_t errlen)
{
	/* New namespaces first, while still root; a chroot then lies inside
	 * the new mount namespace. */
	if (ns_unshare(o->unshare, err, errlen) < 0)
		return -1;
	if (o->chroot_dir && (chroot(o->chroot_dir) < 0 || chdir("/") < 0)) {
		snprintf(err, errlen, "cannot chroot to '%s': %s", o->chroot_dir,
			 strerror(errno));
		return -1;
	}
	if (o->set_gid) {
		gid_t g = (gid_t)o->gid;
		if (setgroups(0, NULL) < 0 || setresgid(g, g, g) < 0) {
			snprintf(err, errlen, "cannot switch to group %u: %s", o->gid,
				 strerror(errno));
			return -1;
		}
	}
	if (o->set_uid) {
		uid_t u = (uid_t)o->uid;
		if (setresuid(u, u, u) < 0) {
			snprintf(err, errlen, "cannot switch to user %u: %s", o->uid,
				 strerror(errno));
			return -1;
		}
		/* A uid that can become root again was not dropped. */
		if (u != 0 && setuid(0) == 0) {
			snprintf(err, errlen, "user %u can still become root", o->uid);
			return -1;
		}
	}
	/* A change of ids cleared the parent-death signal (--unshare pid). */
	if (o->unshare & CLI_UNSHARE_PID)
		ns_die_with_parent();
	return 0;
}
