/* SPDX-License-Identifier: MIT */
/* The target descriptions armvm's gdb stub offers (gdb_tdesc.c). */
#ifndef ARMVM_CLI_GDB_TDESC_H
#define ARMVM_CLI_GDB_TDESC_H

#include "cli/gdb_rsp.h"

/* target.xml: core and FP/SIMD registers, in gdb's standard features. */
const char *gdb_target_xml(enum gdb_arch arch);

#endif
