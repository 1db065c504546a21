/* SPDX-License-Identifier: MIT */
/*
 * ARM PrimeCell UART (PL011) model, as QEMU virt presents it (r1p1 IDs, so
 * Linux's amba-pl011 picks 16-entry FIFOs). Transmit is instantaneous: every
 * byte written to UARTDR goes straight to the byte sink, the TX FIFO always
 * reads empty and never full, and TXRIS is raised after each byte (the
 * FIFO just drained through its trigger level), cleared by UARTICR.
 * Receive: the engine pushes host input with pl011_receive(); RXRIS follows
 * the IFLS trigger level and RTRIS (receive timeout) is raised as soon as
 * data waits in the FIFO, since host input arrives in bursts.
 *
 * Not thread-safe: the engine serialises pl011_read/pl011_write/
 * pl011_receive (e.g. one lock per device).
 */
#ifndef ARMVM_DEV_PL011_H
#define ARMVM_DEV_PL011_H

#include "dev/device.h"

#define PL011_FIFO_DEPTH 16

struct pl011 {
	struct mmio_region region;   /* register with the engine as is */
	struct dev_host host;
	struct dev_byte_sink out;
	unsigned spi;

	uint32_t rsr;
	uint32_t ilpr;
	uint32_t ibrd;
	uint32_t fbrd;
	uint32_t lcr_h;
	uint32_t cr;
	uint32_t ifls;
	uint32_t imsc;
	uint32_t ris;
	uint32_t dmacr;

	uint8_t rx_fifo[PL011_FIFO_DEPTH];
	unsigned rx_head;            /* index of the oldest byte */
	unsigned rx_count;

	bool irq_level;              /* what we last drove on the line */
	uint32_t bad_accesses;       /* guest accesses ignored as invalid */
};

/* Reset state; `host` and `out` are copied. */
void pl011_init(struct pl011 *u, uint64_t base, unsigned spi,
		const struct dev_host *host, const struct dev_byte_sink *out);

/* MMIO handlers (also reachable through u->region). Sizes 1, 2 or 4 at
 * 4-byte aligned offsets; anything else is logged and ignored (reads 0). */
uint64_t pl011_read(void *dev, uint64_t offset, unsigned size);
void pl011_write(void *dev, uint64_t offset, unsigned size, uint64_t value);

/*
 * Push host input into the RX FIFO; returns how many of the n bytes fitted
 * (the rest must be offered again later). Raises RX/RT interrupts.
 */
size_t pl011_receive(struct pl011 *u, const uint8_t *buf, size_t n);
/* Free RX FIFO entries now (0 = do not read more host input yet). */
size_t pl011_rx_space(const struct pl011 *u);

/*
 * Saved state (dev_state.h): the registers, FIFO and interrupt level, not
 * the engine wiring (region, host, back end), which the loading side sets
 * up with init first. save returns the bytes written or -1 (buffer too
 * small); load returns 0, or -1 leaving the model unchanged when the state
 * is short, foreign or invalid.
 */
int pl011_save(const struct pl011 *u, void *buf, size_t len);
int pl011_load(struct pl011 *u, const void *buf, size_t len);

#endif
