// SPDX-License-Identifier: MIT
/* PL011 model: registers, FIFO, interrupts, IDs, guest garbage. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dev/pl011.h"
#include "dev/pl011_regs.h"
#include "fake_host.h"

#define SPI 1

struct fixture {
	struct fake_host f;
	struct pl011 u;
};

static int setup(void **state)
{
	static struct fixture fx;
	struct dev_host host;
	struct dev_byte_sink sink;

	memset(&fx, 0, sizeof(fx));
	host = fake_dev_host(&fx.f);
	sink = fake_sink(&fx.f);
	pl011_init(&fx.u, 0x09000000, SPI, &host, &sink);
	*state = &fx;
	return 0;
}

static uint32_t rd(struct pl011 *u, uint64_t off)
{
	return (uint32_t)u->region.read(u->region.dev, off, 4);
}

static void wr(struct pl011 *u, uint64_t off, uint32_t v)
{
	u->region.write(u->region.dev, off, 4, v);
}

static void test_region(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(fx->u.region.name, "pl011");
	assert_int_equal(fx->u.region.base, 0x09000000);
	assert_int_equal(fx->u.region.size, 0x1000);
	assert_ptr_equal(fx->u.region.dev, &fx->u);
}

static void test_reset_values(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(rd(&fx->u, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
	assert_int_equal(rd(&fx->u, UARTCR), UARTCR_TXE | UARTCR_RXE);
	assert_int_equal(rd(&fx->u, UARTIFLS), 0x12);
	assert_int_equal(rd(&fx->u, UARTIMSC), 0);
	assert_int_equal(rd(&fx->u, UARTRIS), 0);
	assert_false(fx->f.level[SPI]);
}

static void test_ids(void **state)
{
	struct fixture *fx = *state;
	static const uint8_t want[8] = { 0x11, 0x10, 0x14, 0x00,
					 0x0d, 0xf0, 0x05, 0xb1 };

	for (int i = 0; i < 8; i++)
		assert_int_equal(rd(&fx->u, 0xfe0 + 4 * i), want[i]);
	/* AMBA id as Linux composes it: 0x00141011, part 0x011 = PL011. */
	uint32_t pid = 0;
	for (int i = 0; i < 4; i++)
		pid |= rd(&fx->u, 0xfe0 + 4 * i) << (8 * i);
	assert_int_equal(pid & 0xfff, 0x011);
}

static void test_tx_goes_to_sink(void **state)
{
	struct fixture *fx = *state;

	wr(&fx->u, UARTDR, 'h');
	fx->u.region.write(&fx->u, UARTDR, 1, 'i');
	fx->u.region.write(&fx->u, UARTDR, 2, 0x0a);
	assert_int_equal(fx->f.out_len, 3);
	assert_memory_equal(fx->f.out, "hi\n", 3);
	/* Never full, never busy. */
	assert_int_equal(rd(&fx->u, UARTFR) & (UARTFR_TXFF | UARTFR_BUSY), 0);
}

static void test_tx_interrupt(void **state)
{
	struct fixture *fx = *state;

	wr(&fx->u, UARTIMSC, UARTINT_TX);
	assert_false(fx->f.level[SPI]);     /* nothing sent yet */
	wr(&fx->u, UARTDR, 'x');
	assert_true(fx->f.level[SPI]);
	assert_int_equal(rd(&fx->u, UARTMIS), UARTINT_TX);
	wr(&fx->u, UARTICR, UARTINT_TX);
	assert_false(fx->f.level[SPI]);
	assert_int_equal(rd(&fx->u, UARTRIS) & UARTINT_TX, 0);
	/* Masking hides it from the line but not from RIS. */
	wr(&fx->u, UARTDR, 'y');
	wr(&fx->u, UARTIMSC, 0);
	assert_false(fx->f.level[SPI]);
	assert_int_equal(rd(&fx->u, UARTRIS) & UARTINT_TX, UARTINT_TX);
}

static void test_rx_fifo_depth(void **state)
{
	struct fixture *fx = *state;
	uint8_t in[40];

	for (int i = 0; i < 40; i++)
		in[i] = (uint8_t)('a' + i % 26);
	/* FIFOs off: a one-byte holding register. */
	assert_int_equal(pl011_rx_space(&fx->u), 1);
	assert_int_equal(pl011_receive(&fx->u, in, 40), 1);
	assert_int_equal(rd(&fx->u, UARTFR) & (UARTFR_RXFF | UARTFR_RXFE),
			 UARTFR_RXFF);
	assert_int_equal(rd(&fx->u, UARTDR), 'a');
	/* FIFOs on: 16 entries, the rest refused. */
	wr(&fx->u, UARTLCR_H, UARTLCR_H_FEN);
	assert_int_equal(pl011_receive(&fx->u, in, 40), PL011_FIFO_DEPTH);
	assert_int_equal(pl011_rx_space(&fx->u), 0);
	assert_int_equal(rd(&fx->u, UARTFR) & UARTFR_RXFF, UARTFR_RXFF);
	for (int i = 0; i < PL011_FIFO_DEPTH; i++)
		assert_int_equal(rd(&fx->u, UARTDR), in[i]);
	assert_int_equal(rd(&fx->u, UARTFR) & UARTFR_RXFE, UARTFR_RXFE);
	assert_int_equal(rd(&fx->u, UARTDR), 0);     /* empty reads 0 */
}

static void test_rx_wraps(void **state)
{
	struct fixture *fx = *state;
	uint8_t b;

	wr(&fx->u, UARTLCR_H, UARTLCR_H_FEN);
	for (int i = 0; i < 100; i++) {
		b = (uint8_t)i;
		assert_int_equal(pl011_receive(&fx->u, &b, 1), 1);
		b = (uint8_t)(i + 100);
		assert_int_equal(pl011_receive(&fx->u, &b, 1), 1);
		assert_int_equal(rd(&fx->u, UARTDR), (uint8_t)i);
		assert_int_equal(rd(&fx->u, UARTDR), (uint8_t)(i + 100));
	}
}

static void test_rx_interrupts(void **state)
{
	struct fixture *fx = *state;
	const uint8_t in[16] = "0123456789abcdef";

	wr(&fx->u, UARTLCR_H, UARTLCR_H_FEN);
	wr(&fx->u, UARTIMSC, UARTINT_RX | UARTINT_RT);
	/* One byte: below the 1/2 trigger, so only the timeout interrupt. */
	pl011_receive(&fx->u, in, 1);
	assert_true(fx->f.level[SPI]);
	assert_int_equal(rd(&fx->u, UARTMIS), UARTINT_RT);
	/* Reach the 8-byte trigger level: RX too. */
	pl011_receive(&fx->u, in + 1, 7);
	assert_int_equal(rd(&fx->u, UARTMIS), UARTINT_RX | UARTINT_RT);
	/* Draining below the level clears RX; emptying clears RT. */
	rd(&fx->u, UARTDR);
	assert_int_equal(rd(&fx->u, UARTMIS), UARTINT_RT);
	for (int i = 0; i < 7; i++)
		rd(&fx->u, UARTDR);
	assert_int_equal(rd(&fx->u, UARTMIS), 0);
	assert_false(fx->f.level[SPI]);
}

static void test_rx_trigger_levels(void **state)
{
	struct fixture *fx = *state;
	/* RXIFLSEL 0..4 -> 2, 4, 8, 12, 14 bytes of 16. */
	static const unsigned level[5] = { 2, 4, 8, 12, 14 };
	const uint8_t in[16] = { 0 };

	wr(&fx->u, UARTLCR_H, UARTLCR_H_FEN);
	for (unsigned sel = 0; sel < 5; sel++) {
		wr(&fx->u, UARTIFLS, sel << 3);
		pl011_receive(&fx->u, in, level[sel] - 1);
		assert_int_equal(rd(&fx->u, UARTRIS) & UARTINT_RX, 0);
		pl011_receive(&fx->u, in, 1);
		assert_int_equal(rd(&fx->u, UARTRIS) & UARTINT_RX, UARTINT_RX);
		while (!(rd(&fx->u, UARTFR) & UARTFR_RXFE))
			rd(&fx->u, UARTDR);
	}
}

static void test_fen_toggle_flushes(void **state)
{
	struct fixture *fx = *state;
	const uint8_t in[4] = "abcd";

	wr(&fx->u, UARTLCR_H, UARTLCR_H_FEN);
	pl011_receive(&fx->u, in, 4);
	wr(&fx->u, UARTLCR_H, 0);
	assert_int_equal(rd(&fx->u, UARTFR) & UARTFR_RXFE, UARTFR_RXFE);
	/* Same FEN value again: no flush. */
	pl011_receive(&fx->u, in, 1);
	wr(&fx->u, UARTLCR_H, 0x60);        /* 8 bits, FIFOs still off */
	assert_int_equal(rd(&fx->u, UARTDR), 'a');
	assert_int_equal(rd(&fx->u, UARTLCR_H), 0x60);
}

static void test_loopback(void **state)
{
	struct fixture *fx = *state;

	wr(&fx->u, UARTLCR_H, UARTLCR_H_FEN);
	wr(&fx->u, UARTCR, UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE | UARTCR_LBE);
	wr(&fx->u, UARTDR, 'L');
	assert_int_equal(fx->f.out_len, 0);
	assert_int_equal(rd(&fx->u, UARTDR), 'L');
}

static void test_plain_registers(void **state)
{
	struct fixture *fx = *state;

	wr(&fx->u, UARTIBRD, 0x12345);      /* 16 bits kept */
	wr(&fx->u, UARTFBRD, 0xff);         /* 6 bits kept */
	wr(&fx->u, UARTDMACR, 0xff);
	wr(&fx->u, UARTILPR, 0x1ff);
	wr(&fx->u, UARTCR, 0xffff);
	assert_int_equal(rd(&fx->u, UARTIBRD), 0x2345);
	assert_int_equal(rd(&fx->u, UARTFBRD), 0x3f);
	assert_int_equal(rd(&fx->u, UARTDMACR), 0x7);
	assert_int_equal(rd(&fx->u, UARTILPR), 0xff);
	assert_int_equal(rd(&fx->u, UARTCR), 0xff87);
	wr(&fx->u, UARTRSR, 0);
	assert_int_equal(rd(&fx->u, UARTRSR), 0);
}

static void test_guest_garbage(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(fx->u.region.read(&fx->u, 0x001, 4), 0);   /* unaligned */
	assert_int_equal(fx->u.region.read(&fx->u, UARTFR, 8), 0);  /* 8 bytes */
	assert_int_equal(fx->u.region.read(&fx->u, 0x100, 4), 0);   /* reserved */
	assert_int_equal(fx->u.region.read(&fx->u, 0x5000, 4), 0);  /* past end */
	fx->u.region.write(&fx->u, UARTFR, 4, 0);                   /* read-only */
	fx->u.region.write(&fx->u, 0xfe0, 4, 0);
	fx->u.region.write(&fx->u, 0x7, 3, 0);
	fx->u.region.write(&fx->u, UINT64_MAX - 3, 4, 0);
	assert_int_equal(fx->u.bad_accesses, 8);
	assert_int_equal(fx->f.logs, 8);
	assert_non_null(strstr(fx->f.last_log, "pl011:"));
	assert_non_null(strstr(fx->f.last_log, "not logged"));
	/* Logging stops; counting does not. */
	fx->u.region.read(&fx->u, 0x3, 1);
	assert_int_equal(fx->f.logs, 8);
	assert_int_equal(fx->u.bad_accesses, 9);
	/* State untouched. */
	assert_int_equal(rd(&fx->u, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
	assert_int_equal(fx->f.out_len, 0);
}

static void test_null_hooks(void **state)
{
	struct pl011 u;
	const uint8_t b = 'z';

	(void)state;
	pl011_init(&u, 0, 5, NULL, NULL);
	pl011_write(&u, UARTIMSC, 4, UARTINT_TX | UARTINT_RT);
	pl011_write(&u, UARTDR, 4, 'a');        /* no sink, no irq hook */
	pl011_write(&u, 0x999, 4, 0);           /* no log hook */
	assert_int_equal(pl011_receive(&u, &b, 1), 1);
	assert_int_equal(pl011_read(&u, UARTDR, 4), 'z');
	assert_true(u.irq_level);               /* TX still pending */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_region, setup),
		cmocka_unit_test_setup(test_reset_values, setup),
		cmocka_unit_test_setup(test_ids, setup),
		cmocka_unit_test_setup(test_tx_goes_to_sink, setup),
		cmocka_unit_test_setup(test_tx_interrupt, setup),
		cmocka_unit_test_setup(test_rx_fifo_depth, setup),
		cmocka_unit_test_setup(test_rx_wraps, setup),
		cmocka_unit_test_setup(test_rx_interrupts, setup),
		cmocka_unit_test_setup(test_rx_trigger_levels, setup),
		cmocka_unit_test_setup(test_fen_toggle_flushes, setup),
		cmocka_unit_test_setup(test_loopback, setup),
		cmocka_unit_test_setup(test_plain_registers, setup),
		cmocka_unit_test_setup(test_guest_garbage, setup),
		cmocka_unit_test(test_null_hooks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
