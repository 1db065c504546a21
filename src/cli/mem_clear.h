/* SPDX-License-Identifier: MIT */
/*
 * Zeroing large static structures without making them resident. armvm's
 * per-run state (struct cli_vm, ~430 KiB, mostly device slots a run never
 * uses) lives in .bss; a plain memset writes every page of it, and each
 * page written counts in the process's RSS for the whole run (issue 8:
 * "memory beyond guest RAM"). A page never written still reads as the
 * kernel's shared zero page, which is not counted: mem_clear() reads each
 * page and writes only those that are not already all zero.
 */
#ifndef ARMVM_CLI_MEM_CLEAR_H
#define ARMVM_CLI_MEM_CLEAR_H

#include <stddef.h>

/* Same result as memset(p, 0, len). */
void mem_clear(void *p, size_t len);

#endif
