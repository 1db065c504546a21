// SPDX-License-Identifier: MIT
/*
 * PL031 RTC model. The counter is never stored: RTCDR is computed from the
 * engine's clock plus an offset, so it keeps time without a timer. The match
 * interrupt fires when the counter has passed RTCMR since the last check.
 */
#include <string.h>

#include "dev/pl031.h"
#include "dev/dev_state.h"
#include "dev/pl031_regs.h"
#include "dev/dev_log.h"

static const uint8_t pl031_id[8] = {
	0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

static void pl031_log_bad(struct pl031 *r, const char *what, uint64_t offset,
			  unsigned size)
{
	dev_log_bad_access(&r->host, "pl031", &r->bad_accesses, what, offset, size);
}

static uint32_t pl031_counter(const struct pl031 *r)
{
	uint64_t now = r->clock.seconds ? r->clock.seconds(r->clock.ctx) : 0;

	return (uint32_t)now + r->offset;
}

static void pl031_update_irq(struct pl031 *r)
{
	bool level = (r->ris & r->imsc) != 0;

	if (level != r->irq_level) {
		r->irq_level = level;
		if (r->host.set_irq)
			r->host.set_irq(r->host.ctx, r->spi, level);
	}
}

/* Has the counter reached RTCMR in (last, now]? Mod 2^32, like hardware. */
static void pl031_check_match(struct pl031 *r, uint32_t now)
{
	uint32_t elapsed = now - r->last;
	uint32_t to_match = r->mr - r->last;

	if (to_match != 0 && to_match <= elapsed)
		r->ris |= RTCINT_MATCH;
	r->last = now;
	pl031_update_irq(r);
}

/* After RTCMR or RTCLR changes: match at once if they are equal now. */
static void pl031_restart_match(struct pl031 *r)
{
	uint32_t now = pl031_counter(r);

	r->last = now;
	if (r->mr == now)
		r->ris |= RTCINT_MATCH;
	pl031_update_irq(r);
}

void pl031_init(struct pl031 *r, uint64_t base, unsigned spi,
		const struct dev_host *host, const struct pl031_clock *clock)
{
	memset(r, 0, sizeof(*r));
	r->region = (struct mmio_region){
		.name = "pl031", .base = base, .size = 0x1000, .dev = r,
		.read = pl031_read, .write = pl031_write,
	};
	if (host)
		r->host = *host;
	if (clock)
		r->clock = *clock;
	r->spi = spi;
	r->cr = RTCCR_START;        /* counting from power-on, as in QEMU */
	r->last = pl031_counter(r);
}

void pl031_tick(struct pl031 *r)
{
	pl031_check_match(r, pl031_counter(r));
}

uint64_t pl031_seconds_to_match(struct pl031 *r)
{
	if (!(r->imsc & RTCINT_MATCH))
		return UINT64_MAX;
	return (uint32_t)(r->mr - pl031_counter(r));
}

uint64_t pl031_read(void *dev, uint64_t offset, unsigned size)
{
	struct pl031 *r = dev;
	uint32_t now;

	if (size != 4 || (offset & 3) || offset > RTCPCELLID3) {
		pl031_log_bad(r, "bad read", offset, size);
		return 0;
	}
	if (offset >= RTCPERIPHID0)
		return pl031_id[(offset - RTCPERIPHID0) / 4];
	now = pl031_counter(r);
	pl031_check_match(r, now);
	switch (offset) {
	case RTCDR:   return now;
	case RTCMR:   return r->mr;
	case RTCLR:   return now;    /* reads back the counter, as QEMU does */
	case RTCCR:   return r->cr;
	case RTCIMSC: return r->imsc;
	case RTCRIS:  return r->ris;
	case RTCMIS:  return r->ris & r->imsc;
	default:
		pl031_log_bad(r, "read of a reserved register", offset, size);
		return 0;
	}
}

void pl031_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct pl031 *r = dev;
	uint32_t v = (uint32_t)value;

	if (size != 4 || (offset & 3) || offset > RTCPCELLID3) {
		pl031_log_bad(r, "bad write", offset, size);
		return;
	}
	pl031_check_match(r, pl031_counter(r));
	switch (offset) {
	case RTCMR:
		r->mr = v;
		pl031_restart_match(r);
		break;
	case RTCLR:
		/* New counter value: keep the clock, move the offset. */
		r->offset += v - pl031_counter(r);
		pl031_restart_match(r);
		break;
	case RTCCR:
		r->cr |= v & RTCCR_START;   /* once started it cannot stop */
		break;
	case RTCIMSC:
		r->imsc = v & RTCINT_MATCH;
		pl031_update_irq(r);
		break;
	case RTCICR:
		r->ris &= ~(v & RTCINT_MATCH);
		pl031_update_irq(r);
		break;
	default:
		pl031_log_bad(r, offset == RTCDR || offset == RTCRIS ||
			      offset == RTCMIS || offset >= RTCPERIPHID0 ?
			      "write to a read-only register" :
			      "write to a reserved register", offset, size);
		break;
	}
}

/* ---- saved state ---- */

#define PL031_STATE_VERSION 1

int pl031_save(const struct pl031 *r, void *buf, size_t len)
{
	struct dev_state s;

	dev_state_begin_save(&s, buf, len, "P031", PL031_STATE_VERSION);
	dev_state_put_u32(&s, r->offset);
	dev_state_put_u32(&s, r->last);
	dev_state_put_u32(&s, r->mr);
	dev_state_put_u32(&s, r->cr);
	dev_state_put_u32(&s, r->imsc);
	dev_state_put_u32(&s, r->ris);
	dev_state_put_u32(&s, r->irq_level);
	dev_state_put_u32(&s, r->bad_accesses);
	return dev_state_end(&s);
}

int pl031_load(struct pl031 *r, const void *buf, size_t len)
{
	struct dev_state s;
	struct pl031 n = *r;

	dev_state_begin_load(&s, buf, len, "P031", PL031_STATE_VERSION);
	n.offset = dev_state_get_u32(&s);
	n.last = dev_state_get_u32(&s);
	n.mr = dev_state_get_u32(&s);
	n.cr = dev_state_get_u32(&s);
	n.imsc = dev_state_get_u32(&s);
	n.ris = dev_state_get_u32(&s);
	n.irq_level = dev_state_get_u32(&s) != 0;
	n.bad_accesses = dev_state_get_u32(&s);
	if (dev_state_end(&s) < 0)
		return -1;
	*r = n;
	return 0;
}
