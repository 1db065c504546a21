/* SPDX-License-Identifier: MIT */
/*
 * An emulator-shaped program on libarmvm: a 32-bit guest (emulator-loop-
 * guest.S) with a bank-switched ROM window, a framebuffer the host reads
 * back through dirty page tracking once a frame, and a timer interrupt
 * (the guest's virtual timer through the in-kernel GICv3) pacing frames.
 *
 *   example-emulator-loop
 *
 * A bank switch is the guest writing the MAPPER register: the callback, on
 * the vCPU's own thread, moves the old bank's ROM out of the window and
 * the new one in (armvm_region_move); the library brings any other vCPU to
 * a safe point meanwhile. A save state is armvm_vm_state_save() (vCPU,
 * timer and GIC state; the VM paused, or its run over as here) plus the
 * embedder's RAM, banks and framebuffer; armvm_vm_state_load() puts it into
 * a fresh VM (docs/library.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "armvm/armvm.h"

#define RAM     0x40000000u
#define WINDOW  0x00100000u   /* the ROM window: one bank at a time */
#define PARK    0x10000000u   /* where bank n waits: PARK + n * BANK */
#define BANK    0x1000u
#define NBANKS  4
#define FB      0x20000000u   /* framebuffer: 4 pages, dirty tracked */
#define MMIO    0x0a000000u   /* MAPPER +0, FRAME +4, TICK +8 */

extern const unsigned char emu_guest[], emu_guest_end[];

struct emu {
	struct armvm_vm *vm;
	unsigned bank;        /* the bank in the window */
	unsigned ticks;
	uint8_t *fb;
	uint64_t page;
	struct armvm_error err;
};

static uint64_t bank_addr(unsigned n, unsigned in_window)
{
	return in_window ? WINDOW : PARK + n * BANK;
}

static void frame_done(struct emu *e, uint64_t frame)
{
	uint64_t dirty[1];
	if (armvm_dirty_log(e->vm, FB, dirty, 1, &e->err) < 0) {
		fprintf(stderr, "example: %s\n", e->err.msg);
		return;
	}
	printf("frame %llu: framebuffer pages written:", (unsigned long long)frame);
	for (unsigned p = 0; p < 64; p++)
		if (dirty[0] >> p & 1) {
			uint32_t word;
			memcpy(&word, e->fb + p * e->page, 4);
			printf(" %u (0x%08x)", p, word);
		}
	printf("\n");
}

static void mmio_write(void *opaque, uint64_t off, unsigned size, uint64_t v,
		       unsigned vcpu)
{
	struct emu *e = opaque;
	(void)size; (void)vcpu;
	if (off == 0 && v < NBANKS && v != e->bank) {        /* MAPPER */
		if (armvm_region_move(e->vm, WINDOW, bank_addr(e->bank, 0), &e->err) < 0 ||
		    armvm_region_move(e->vm, bank_addr((unsigned)v, 0), WINDOW, &e->err) < 0)
			fprintf(stderr, "example: bank switch: %s\n", e->err.msg);
		e->bank = (unsigned)v;
	} else if (off == 4) {                              /* FRAME */
		frame_done(e, v);
	} else if (off == 8) {                              /* TICK */
		e->ticks++;
	}
}

static uint64_t mmio_read(void *opaque, uint64_t off, unsigned size, unsigned vcpu)
{
	(void)opaque; (void)off; (void)size; (void)vcpu;
	return 0;
}

int main(void)
{
	struct armvm_vm_config cfg = { .arch = ARMVM_ARCH_AARCH32, .nr_vcpus = 1,
				       .gic = ARMVM_GIC_V3 };
	const struct armvm_mmio_ops ops = { mmio_read, mmio_write };
	struct emu e = { .page = (uint64_t)sysconf(_SC_PAGESIZE) };
	struct armvm_mem_region fb = { .gpa = FB, .size = 4 * e.page,
				       .flags = ARMVM_MEM_LOG_DIRTY };
	struct armvm_exit ex;
	void *ram;

	if (armvm_vm_create(&cfg, &e.vm, &e.err) < 0)
		goto fail;
	if (armvm_map_ram(e.vm, RAM, 0x10000, &ram, &e.err) < 0 ||
	    armvm_map_mem(e.vm, &fb, (void **)&e.fb, &e.err) < 0 ||
	    armvm_add_mmio(e.vm, MMIO, 12, &ops, &e, &e.err) < 0)
		goto fail;
	for (unsigned n = 0; n < NBANKS; n++) {
		uint32_t tag = 0xb0000000u + (n << 8);
		if (armvm_map_rom(e.vm, bank_addr(n, n == 0), BANK, &tag, 4, &e.err) < 0)
			goto fail;
	}
	memcpy(ram, emu_guest, (size_t)(emu_guest_end - emu_guest));
	if (armvm_reg_set(armvm_vcpu_get(e.vm, 0), ARMVM_REG_R15, RAM, &e.err) < 0 ||
	    armvm_vm_run(e.vm, &ex, &e.err) < 0)
		goto fail;
	printf("guest %s after %u timer interrupts; bank %u in the window\n",
	       ex.reason == ARMVM_EXIT_POWEROFF ? "powered off" : ex.detail, e.ticks,
	       e.bank);
	void *state;
	size_t state_size;
	if (armvm_vm_state_save(e.vm, &state, &state_size, &e.err) < 0)
		goto fail;
	printf("save state: %zu bytes of vCPU and GIC state\n", state_size);
	free(state);
	armvm_vm_destroy(e.vm);
	return ex.reason == ARMVM_EXIT_POWEROFF ? 0 : 1;
fail:
	fprintf(stderr, "example: %s\n", e.err.msg);
	armvm_vm_destroy(e.vm);
	return 1;
}
