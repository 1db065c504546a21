/* SPDX-License-Identifier: MIT */
/* Memory layout of a test guest; included from C, assembly and the linker
 * script. */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

/*
 * Load address: RAM base + 512 KiB. The first 512 KiB of RAM stay free
 * because QEMU puts the DTB at the RAM base when it boots an ELF image.
 */
#define GUEST_LOAD_ADDR   0x40080000
#define GUEST_RAM_BASE    0x40000000

/* Most CPUs a guest brings up; one stack each. */
#define GUEST_MAX_CPUS    8
#define GUEST_STACK_SHIFT 13
#define GUEST_STACK_SIZE  (1 << GUEST_STACK_SHIFT)

#endif
