/* SPDX-License-Identifier: MIT */
/*
 * The register packets of the gdb stub (g, G, p, P) in gdb's numbering
 * of the target descriptions (gdb_tdesc.c): struct gdb_regs to and from
 * little-endian hex.
 */
#ifndef ARMVM_CLI_GDB_REGS_H
#define ARMVM_CLI_GDB_REGS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/gdb_rsp.h"

/* The thread (vCPU) Hg selected, or 0. */
static inline unsigned gdb_reg_thread(const struct gdb_session *s)
{
	return s->g_thread < s->nr_threads ? s->g_thread : 0;
}

/* g: every register; G HEX: set them. Each writes its reply, returns its length. */
size_t gdb_cmd_read_regs(struct gdb_session *s, char *reply);
size_t gdb_cmd_write_regs(struct gdb_session *s, const char *p, const char *end, char *reply);
/* p N / P N=HEX (p, end: after the command letter) */
size_t gdb_cmd_reg(struct gdb_session *s, const char *p, const char *end, bool write, char *reply);

#endif
