// SPDX-License-Identifier: MIT
/*
 * Channel exchange (EL2 engine; docs/el2.md "Channels"): two partitions,
 * one AArch64 and one AArch32 (the same C), share channel 0: memory at
 * 0x0B100000, doorbell page at 0x0B110000, SPI 52 (INTID 84). Its device
 * tree must describe it ("armvm,channel"). Each side owns one mailbox in
 * the shared memory; side 0 sends a message, rings, and waits for the
 * doorbell interrupt and side 1's answer; side 1 answers each message
 * it was rung for. Both print what they received, so the exchange is
 * checked end to end from both transcripts.
 */
#include <stdbool.h>
#include <stdint.h>

#include "fdt.h"
#include "gic.h"
#include "guest.h"

const char guest_name[] = "chan";

#define CHAN_SHM        0x0B100000u
#define CHAN_BELL       0x0B110000u
#define CHAN_RING       0x00
#define CHAN_SIDE       0x04
#define CHAN_SIZE       0x08
#define CHAN_INTID      (32 + 52)
#define CHAN_PRIORITY   0x80
#define CHAN_ROUNDS     3
#define CHAN_TEXT       56
#define CHAN_WAIT_LIMIT 100000000u

/* One mailbox per side: seq last, so a reader that sees the new seq sees
 * the text (the accesses are in order: Device memory with the MMU off). */
struct mailbox {
	uint32_t len;
	char text[CHAN_TEXT];
	uint32_t seq;
};

static volatile struct mailbox *box(unsigned side)
{
	return (volatile struct mailbox *)(uintptr_t)(CHAN_SHM + side * 0x100);
}

static volatile unsigned rings;

static void chan_irq(void)
{
	unsigned intid;
	uint32_t iar = gic_ack(&intid);

	if (intid == GIC_INTID_SPURIOUS)
		return;
	gic_eoi(iar);
	if (intid == CHAN_INTID)
		rings++;
}

static const char *width(void)
{
	return sizeof(void *) == 8 ? "aarch64" : "aarch32";
}

static void send(unsigned side, unsigned seq, const char *what)
{
	volatile struct mailbox *m = box(side);
	char text[CHAN_TEXT];
	unsigned n = 0;

	for (const char *s = what; *s && n < CHAN_TEXT - 12; s++)
		text[n++] = *s;
	text[n++] = ' ';
	text[n++] = (char)('0' + seq % 10);
	text[n++] = ' ';
	for (const char *s = width(); *s; s++)
		text[n++] = *s;
	for (unsigned i = 0; i < n; i++)
		m->text[i] = text[i];
	m->len = n;
	dsb_sy();
	m->seq = seq;
	dsb_sy();
	mmio_write32(CHAN_BELL + CHAN_RING, 1);
}

/* Wait for the doorbell and the peer's message `seq`; print it. */
static bool receive(unsigned peer, unsigned seq)
{
	volatile struct mailbox *m = box(peer);
	char text[CHAN_TEXT + 1];
	uint32_t n;

	for (uint32_t i = 0; (rings < seq || m->seq != seq) && i < CHAN_WAIT_LIMIT; i++) {
		wfi();
		irq_enable();
		isb();
		irq_disable();
	}
	if (rings < seq || m->seq != seq) {
		printf("chan: no message %u (doorbells %u, seq %u)\n", seq, rings, m->seq);
		return false;
	}
	n = m->len < CHAN_TEXT ? m->len : CHAN_TEXT;
	for (uint32_t i = 0; i < n; i++)
		text[i] = m->text[i];
	text[n] = '\0';
	printf("chan: got '%s' after doorbell %u\n", text, rings);
	return true;
}

void guest_main(void)
{
	unsigned side;

	if (!fdt_contains_string("armvm,channel")) {
		printf("chan: no armvm,channel node in the device tree\n");
		return;
	}
	if (!gic_init())
		return;
	irq_handler = chan_irq;
	gic_enable_spi_edge(CHAN_INTID, CHAN_PRIORITY);
	side = mmio_read32(CHAN_BELL + CHAN_SIDE);
	printf("chan: %s is side %u, %u bytes shared\n", width(), side,
	       mmio_read32(CHAN_BELL + CHAN_SIZE));
	for (unsigned seq = 1; seq <= CHAN_ROUNDS; seq++) {
		if (side == 0) {
			send(0, seq, "ping");
			if (!receive(1, seq))
				return;
		} else {
			if (!receive(0, seq))
				return;
			send(1, seq, "pong");
		}
	}
	printf("chan: %u messages each way\n", CHAN_ROUNDS);
}
