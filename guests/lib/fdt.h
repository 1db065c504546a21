/* SPDX-License-Identifier: MIT */
/* Finding the device tree blob, and a plain byte search over it. */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"

#define FDT_MAGIC 0xd00dfeedu   /* big-endian in the blob header */

/*
 * The DTB is where the boot register (x0 / r2) points when that holds an
 * FDT, else at the RAM base when an FDT is there (QEMU's place for it when
 * it boots an ELF image), else there is none. Called once at boot.
 */
void fdt_locate(ureg_t boot_arg);
/* The blob, or NULL when the guest runs without one. */
const uint8_t *fdt_blob(void);
/* Whether the NUL-terminated string s (with its NUL) appears in the blob. */
bool fdt_contains_string(const char *s);

#endif
