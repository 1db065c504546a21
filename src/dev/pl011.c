// SPDX-License-Identifier: MIT
/*
 * PL011 UART model. See pl011.h for the transmit/receive simplifications
 * and why they are enough for Linux's amba-pl011 driver and earlycon.
 */
#include <string.h>

#include "dev/pl011.h"
#include "dev/dev_state.h"
#include "dev/pl011_regs.h"
#include "dev/dev_log.h"

/* QEMU's PL011 ID registers (r1p1): amba-pl011 then uses 16-byte FIFOs. */
static const uint8_t pl011_id[8] = {
	0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

static void pl011_log_bad(struct pl011 *u, const char *what, uint64_t offset,
			  unsigned size)
{
	dev_log_bad_access(&u->host, "pl011", &u->bad_accesses, what, offset, size);
}

static unsigned pl011_rx_depth(const struct pl011 *u)
{
	return (u->lcr_h & UARTLCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

/* RX trigger level from UARTIFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full. */
static unsigned pl011_rx_trigger(const struct pl011 *u)
{
	static const unsigned eighths[5] = { 1, 2, 4, 6, 7 };
	unsigned sel = (u->ifls >> UARTIFLS_RX_SHIFT) & UARTIFLS_SEL_MASK;

	if (!(u->lcr_h & UARTLCR_H_FEN))
		return 1;
	if (sel > 4)
		sel = 2;             /* reserved encodings: behave as 1/2 */
	return PL011_FIFO_DEPTH * eighths[sel] / 8;
}

static void pl011_update(struct pl011 *u)
{
	bool level;

	/* RX and RT follow the FIFO level; TX and the rest are latched. */
	u->ris &= ~(UARTINT_RX | UARTINT_RT);
	if (u->rx_count >= pl011_rx_trigger(u))
		u->ris |= UARTINT_RX;
	if (u->rx_count)
		u->ris |= UARTINT_RT;

	level = (u->ris & u->imsc) != 0;
	if (level != u->irq_level) {
		u->irq_level = level;
		if (u->host.set_irq)
			u->host.set_irq(u->host.ctx, u->spi, level);
	}
}

static void pl011_flush_rx(struct pl011 *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

static bool pl011_rx_push(struct pl011 *u, uint8_t byte)
{
	if (u->rx_count >= pl011_rx_depth(u))
		return false;
	u->rx_fifo[(u->rx_head + u->rx_count) % PL011_FIFO_DEPTH] = byte;
	u->rx_count++;
	return true;
}

void pl011_init(struct pl011 *u, uint64_t base, unsigned spi,
		const struct dev_host *host, const struct dev_byte_sink *out)
{
	memset(u, 0, sizeof(*u));
	u->region = (struct mmio_region){
		.name = "pl011", .base = base, .size = 0x1000, .dev = u,
		.read = pl011_read, .write = pl011_write,
	};
	if (host)
		u->host = *host;
	if (out)
		u->out = *out;
	u->spi = spi;
	u->cr = UARTCR_RESET;
	u->ifls = UARTIFLS_RESET;
}

size_t pl011_rx_space(const struct pl011 *u)
{
	return pl011_rx_depth(u) - u->rx_count;
}

size_t pl011_receive(struct pl011 *u, const uint8_t *buf, size_t n)
{
	size_t taken = 0;

	while (taken < n && pl011_rx_push(u, buf[taken]))
		taken++;
	if (taken)
		pl011_update(u);
	return taken;
}

static uint32_t pl011_read_dr(struct pl011 *u)
{
	uint32_t v;

	if (!u->rx_count)
		return 0;
	v = u->rx_fifo[u->rx_head];
	u->rx_head = (u->rx_head + 1) % PL011_FIFO_DEPTH;
	u->rx_count--;
	pl011_update(u);
	return v;
}

static uint32_t pl011_read_fr(const struct pl011 *u)
{
	/* Transmission is instantaneous: never busy, TX FIFO always empty. */
	uint32_t fr = UARTFR_TXFE;

	if (!u->rx_count)
		fr |= UARTFR_RXFE;
	if (u->rx_count >= pl011_rx_depth(u))
		fr |= UARTFR_RXFF;
	return fr;
}

uint64_t pl011_read(void *dev, uint64_t offset, unsigned size)
{
	struct pl011 *u = dev;

	if ((size != 1 && size != 2 && size != 4) || (offset & 3) ||
	    offset > UARTPCELLID3) {
		pl011_log_bad(u, "bad read", offset, size);
		return 0;
	}
	if (offset >= UARTPERIPHID0)
		return pl011_id[(offset - UARTPERIPHID0) / 4];
	switch (offset) {
	case UARTDR:    return pl011_read_dr(u);
	case UARTRSR:   return u->rsr;
	case UARTFR:    return pl011_read_fr(u);
	case UARTILPR:  return u->ilpr;
	case UARTIBRD:  return u->ibrd;
	case UARTFBRD:  return u->fbrd;
	case UARTLCR_H: return u->lcr_h;
	case UARTCR:    return u->cr;
	case UARTIFLS:  return u->ifls;
	case UARTIMSC:  return u->imsc;
	case UARTRIS:   return u->ris;
	case UARTMIS:   return u->ris & u->imsc;
	case UARTDMACR: return u->dmacr;
	default:
		pl011_log_bad(u, "read of a reserved register", offset, size);
		return 0;
	}
}

static void pl011_transmit(struct pl011 *u, uint8_t byte)
{
	if (u->cr & UARTCR_LBE) {
		pl011_rx_push(u, byte);      /* loopback: dropped when full */
	} else if (u->out.write) {
		u->out.write(u->out.ctx, &byte, 1);
	}
	/* The byte left at once: the TX FIFO drained past its trigger level. */
	u->ris |= UARTINT_TX;
	pl011_update(u);
}

void pl011_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct pl011 *u = dev;
	uint32_t v = (uint32_t)value;

	if ((size != 1 && size != 2 && size != 4) || (offset & 3) ||
	    offset > UARTPCELLID3) {
		pl011_log_bad(u, "bad write", offset, size);
		return;
	}
	switch (offset) {
	case UARTDR:
		pl011_transmit(u, (uint8_t)v);
		break;
	case UARTRSR:
		u->rsr = 0;              /* UARTECR: any write clears errors */
		break;
	case UARTILPR:
		u->ilpr = v & UARTILPR_MASK;
		break;
	case UARTIBRD:
		u->ibrd = v & UARTIBRD_MASK;
		break;
	case UARTFBRD:
		u->fbrd = v & UARTFBRD_MASK;
		break;
	case UARTLCR_H:
		/* Turning the FIFOs on or off empties them. */
		if ((u->lcr_h ^ v) & UARTLCR_H_FEN)
			pl011_flush_rx(u);
		u->lcr_h = v & UARTLCR_H_MASK;
		pl011_update(u);
		break;
	case UARTCR:
		u->cr = v & UARTCR_MASK;
		break;
	case UARTIFLS:
		u->ifls = v & UARTIFLS_MASK;
		pl011_update(u);
		break;
	case UARTIMSC:
		u->imsc = v & UARTINT_MASK;
		pl011_update(u);
		break;
	case UARTICR:
		u->ris &= ~(v & UARTINT_MASK);
		pl011_update(u);
		break;
	case UARTDMACR:
		u->dmacr = v & UARTDMACR_MASK;
		break;
	default:
		pl011_log_bad(u, offset == UARTFR || offset == UARTRIS ||
			      offset == UARTMIS || offset >= UARTPERIPHID0 ?
			      "write to a read-only register" :
			      "write to a reserved register", offset, size);
		break;
	}
}

/* ---- saved state ---- */

#define PL011_STATE_VERSION 1

int pl011_save(const struct pl011 *u, void *buf, size_t len)
{
	struct dev_state s;
	const uint32_t regs[10] = { u->rsr, u->ilpr, u->ibrd, u->fbrd, u->lcr_h,
				    u->cr, u->ifls, u->imsc, u->ris, u->dmacr };

	dev_state_begin_save(&s, buf, len, "P011", PL011_STATE_VERSION);
	for (unsigned i = 0; i < 10; i++)
		dev_state_put_u32(&s, regs[i]);
	dev_state_put(&s, u->rx_fifo, sizeof(u->rx_fifo));
	dev_state_put_u32(&s, u->rx_head);
	dev_state_put_u32(&s, u->rx_count);
	dev_state_put_u32(&s, u->irq_level);
	dev_state_put_u32(&s, u->bad_accesses);
	return dev_state_end(&s);
}

int pl011_load(struct pl011 *u, const void *buf, size_t len)
{
	struct dev_state s;
	struct pl011 n = *u;
	uint32_t *regs[10] = { &n.rsr, &n.ilpr, &n.ibrd, &n.fbrd, &n.lcr_h,
			       &n.cr, &n.ifls, &n.imsc, &n.ris, &n.dmacr };

	dev_state_begin_load(&s, buf, len, "P011", PL011_STATE_VERSION);
	for (unsigned i = 0; i < 10; i++)
		*regs[i] = dev_state_get_u32(&s);
	dev_state_get(&s, n.rx_fifo, sizeof(n.rx_fifo));
	n.rx_head = dev_state_get_u32(&s);
	n.rx_count = dev_state_get_u32(&s);
	n.irq_level = dev_state_get_u32(&s) != 0;
	n.bad_accesses = dev_state_get_u32(&s);
	if (n.rx_head >= PL011_FIFO_DEPTH || n.rx_count > PL011_FIFO_DEPTH)
		s.bad = true;
	if (dev_state_end(&s) < 0)
		return -1;
	*u = n;
	return 0;
}
