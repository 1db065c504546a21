/* SPDX-License-Identifier: MIT */
/*
 * The emulated ITS: registers, the command queue in (fake) guest RAM, each
 * command's effect on the LPIs it reports, and a misbehaving guest's bad
 * commands (ignored and counted, nothing outside the ITS touched).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "arch/gic_regs.h"
#include "el2/vgic_its.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x20000ull
#define QUEUE    (RAM_BASE + 0x10000)    /* one 4 KiB page: 128 commands */

static uint8_t ram[RAM_SIZE];
static struct vgic_its its;

struct lpi_event { enum vgic_its_lpi_op op; uint32_t intid; unsigned vcpu, to; };
static struct lpi_event events[64];
static unsigned nr_events;

static int fake_read(void *ctx, uint64_t ipa, void *buf, size_t len)
{
	(void)ctx;
	if (ipa < RAM_BASE || ipa - RAM_BASE > RAM_SIZE || len > RAM_SIZE - (ipa - RAM_BASE))
		return -1;
	memcpy(buf, ram + (ipa - RAM_BASE), len);
	return 0;
}

static void fake_lpi(void *ctx, enum vgic_its_lpi_op op, uint32_t intid, unsigned vcpu,
		     unsigned to)
{
	(void)ctx;
	if (nr_events < 64)
		events[nr_events++] = (struct lpi_event){ op, intid, vcpu, to };
}

static const struct vgic_its_ops ops = { fake_read, fake_lpi, NULL };

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	nr_events = 0;
	assert_int_equal(vgic_its_init(&its, 4, &ops), 0);
	return 0;
}

/* Commands as IHI 0069 5.3 lays them out. */
static void cmd_mapd(uint64_t c[4], uint32_t dev, unsigned size, bool v)
{
	c[0] = GITS_CMD_MAPD | (uint64_t)dev << 32; c[1] = size;
	c[2] = (v ? 1ull << 63 : 0) | 0x40001000ull; c[3] = 0;
}
static void cmd_mapc(uint64_t c[4], uint16_t icid, uint64_t rd, bool v)
{
	c[0] = GITS_CMD_MAPC; c[1] = 0; c[2] = (v ? 1ull << 63 : 0) | rd << 16 | icid; c[3] = 0;
}
static void cmd_mapti(uint64_t c[4], uint32_t dev, uint32_t ev, uint32_t intid, uint16_t icid)
{
	c[0] = GITS_CMD_MAPTI | (uint64_t)dev << 32; c[1] = ev | (uint64_t)intid << 32;
	c[2] = icid; c[3] = 0;
}
static void cmd_ev(uint64_t c[4], uint8_t type, uint32_t dev, uint32_t ev, uint16_t icid)
{
	c[0] = type | (uint64_t)dev << 32; c[1] = ev; c[2] = icid; c[3] = 0;
}

static enum vgic_its_error run(const uint64_t c[4])
{
	return vgic_its_command(&its, c);
}

/* Device 2 (8 events), collection 3 -> vCPU 3, event 5 -> LPI 8195. */
static void map_basic(void)
{
	uint64_t c[4];

	cmd_mapd(c, 2, 2, true);          assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_mapc(c, 3, 3, true);          assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_mapti(c, 2, 5, 8195, 3);      assert_int_equal(run(c), VGIC_ITS_OK);
}

static void registers(void **state)
{
	uint64_t typer = vgic_its_read(&its, GITS_TYPER, 8);
	(void)state;
	assert_true(typer & GITS_TYPER_PLPIS);
	assert_int_equal((typer >> GITS_TYPER_IDBITS_SHIFT) & 0x1F, VGIC_ITS_EVENTID_BITS - 1);
	assert_int_equal((typer >> GITS_TYPER_DEVBITS_SHIFT) & 0x1F, VGIC_ITS_DEVID_BITS - 1);
	assert_true(typer & GITS_TYPER_CIL);
	assert_false(typer & GITS_TYPER_PTA);
	/* TYPER and IIDR are read-only. */
	vgic_its_write(&its, GITS_TYPER, 4, 0);
	vgic_its_write(&its, GITS_IIDR, 4, 0);
	assert_int_equal(vgic_its_read(&its, GITS_TYPER, 8), typer);
	assert_int_equal(vgic_its_read(&its, GITS_IIDR, 4), GIC_IIDR_IMPLEMENTER_ARM);
	/* BASER0 device, BASER1 collection, 64 KiB pages; type fixed. */
	assert_int_equal(vgic_its_read(&its, GITS_BASER, 8) >> GITS_BASER_TYPE_SHIFT & 7,
			 GITS_BASER_TYPE_DEVICE);
	assert_int_equal(vgic_its_read(&its, GITS_BASER + 8, 8) >> GITS_BASER_TYPE_SHIFT & 7,
			 GITS_BASER_TYPE_COLLECTION);
	vgic_its_write(&its, GITS_BASER + 8, 8, GITS_BASER_VALID | 0x40020000ull);
	assert_int_equal(vgic_its_read(&its, GITS_BASER + 8, 8),
			 GITS_BASER_VALID | 0x40020000ull | GITS_BASER_TYPE_COLLECTION << 56 |
			 7ull << 48 | GITS_BASER_PAGE_SIZE_64K);
	assert_int_equal(vgic_its_read(&its, GITS_BASER + 16, 8), 0);
	/* 32-bit halves of CBASER. */
	vgic_its_write(&its, GITS_CBASER, 4, (uint32_t)QUEUE);
	vgic_its_write(&its, GITS_CBASER + 4, 4, 0x80000000u);
	assert_int_equal(vgic_its_read(&its, GITS_CBASER, 8), GITS_BASER_VALID | QUEUE);
	assert_true(vgic_its_read(&its, GITS_CTLR, 4) & GITS_CTLR_QUIESCENT);
	/* Bad sizes and offsets read 0. */
	assert_int_equal(vgic_its_read(&its, GITS_TYPER, 2), 0);
	assert_int_equal(vgic_its_read(&its, GITS_TYPER + 1, 4), 0);
	assert_int_equal(vgic_its_read(&its, GITS_FRAME_SIZE, 4), 0);
}

static void int_clear_inv_discard(void **state)
{
	uint64_t c[4];
	(void)state;
	map_basic();
	cmd_ev(c, GITS_CMD_INT, 2, 5, 0);      assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_ev(c, GITS_CMD_CLEAR, 2, 5, 0);    assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_ev(c, GITS_CMD_INV, 2, 5, 0);      assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_ev(c, GITS_CMD_INVALL, 0, 0, 3);   assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_ev(c, GITS_CMD_DISCARD, 2, 5, 0);  assert_int_equal(run(c), VGIC_ITS_OK);
	assert_int_equal(nr_events, 5);
	assert_int_equal(events[0].op, VGIC_ITS_LPI_SET_PENDING);
	assert_int_equal(events[0].intid, 8195);
	assert_int_equal(events[0].vcpu, 3);
	assert_int_equal(events[1].op, VGIC_ITS_LPI_CLEAR_PENDING);
	assert_int_equal(events[2].op, VGIC_ITS_LPI_INV);
	assert_int_equal(events[3].op, VGIC_ITS_LPI_INV);
	assert_int_equal(events[4].op, VGIC_ITS_LPI_CLEAR_PENDING);
	/* Discarded: INT no longer translates. */
	cmd_ev(c, GITS_CMD_INT, 2, 5, 0);      assert_int_equal(run(c), VGIC_ITS_E_EVENTID);
	assert_int_equal(nr_events, 5);
}

static void mapi_movi_movall(void **state)
{
	uint64_t c[4];
	(void)state;
	map_basic();
	cmd_mapc(c, 1, 1, true);               assert_int_equal(run(c), VGIC_ITS_OK);
	/* MAPI: pINTID = EventID, which must be an LPI. */
	cmd_ev(c, GITS_CMD_MAPI, 2, 7, 1);     assert_int_equal(run(c), VGIC_ITS_E_INTID);
	cmd_mapd(c, 9, 15, true);              assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_ev(c, GITS_CMD_MAPI, 9, 8200, 1);  assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_ev(c, GITS_CMD_INT, 9, 8200, 0);   assert_int_equal(run(c), VGIC_ITS_OK);
	assert_int_equal(events[0].intid, 8200);
	assert_int_equal(events[0].vcpu, 1);
	/* MOVI to collection 3: pending state follows, later INTs go there. */
	cmd_ev(c, GITS_CMD_MOVI, 9, 8200, 3);  assert_int_equal(run(c), VGIC_ITS_OK);
	assert_int_equal(events[1].op, VGIC_ITS_LPI_MOVE);
	assert_int_equal(events[1].vcpu, 1);
	assert_int_equal(events[1].to, 3);
	cmd_ev(c, GITS_CMD_INT, 9, 8200, 0);   assert_int_equal(run(c), VGIC_ITS_OK);
	assert_int_equal(events[2].vcpu, 3);
	/* MOVALL vCPU 3 -> 0: one MOVE per mapped LPI. */
	nr_events = 0;
	c[0] = GITS_CMD_MOVALL; c[1] = 0; c[2] = 3ull << 16; c[3] = 0;
	assert_int_equal(run(c), VGIC_ITS_OK);
	assert_int_equal(nr_events, 2);
	assert_int_equal(events[0].to, 0);
	c[3] = 4ull << 16;                     /* no vCPU 4 */
	assert_int_equal(run(c), VGIC_ITS_E_TARGET);
}

static void bad_commands(void **state)
{
	uint64_t c[4];
	(void)state;
	map_basic();
	cmd_mapd(c, 1u << 16, 2, true);        assert_int_equal(run(c), VGIC_ITS_E_DEVID);
	cmd_mapd(c, 3, 16, true);              assert_int_equal(run(c), VGIC_ITS_E_EVENTID);
	cmd_mapc(c, 16, 0, true);              assert_int_equal(run(c), VGIC_ITS_E_ICID);
	cmd_mapc(c, 4, 4, true);               assert_int_equal(run(c), VGIC_ITS_E_TARGET);
	cmd_mapti(c, 2, 8, 8196, 3);           assert_int_equal(run(c), VGIC_ITS_E_EVENTID);
	cmd_mapti(c, 2, 6, 100, 3);            assert_int_equal(run(c), VGIC_ITS_E_INTID);
	cmd_mapti(c, 2, 6, 1u << 16, 3);       assert_int_equal(run(c), VGIC_ITS_E_INTID);
	cmd_mapti(c, 2, 5, 8196, 3);           assert_int_equal(run(c), VGIC_ITS_E_MAPPED);
	cmd_mapti(c, 4, 0, 8196, 3);           assert_int_equal(run(c), VGIC_ITS_E_DEVID);
	cmd_mapti(c, 2, 6, 8196, 9);           assert_int_equal(run(c), VGIC_ITS_OK);
	/* Collection 9 is not mapped: INT on it is ignored. */
	cmd_ev(c, GITS_CMD_INT, 2, 6, 0);      assert_int_equal(run(c), VGIC_ITS_E_ICID);
	cmd_ev(c, GITS_CMD_INVALL, 0, 0, 9);   assert_int_equal(run(c), VGIC_ITS_E_ICID);
	c[0] = 0x42; c[1] = c[2] = c[3] = ~0ull;
	assert_int_equal(run(c), VGIC_ITS_E_UNKNOWN_CMD);
	c[0] = GITS_CMD_SYNC; c[1] = 0; c[2] = 7ull << 16;
	assert_int_equal(run(c), VGIC_ITS_E_TARGET);
	assert_int_equal(its.errors, 13);
	assert_int_equal(its.last_error_cmd, GITS_CMD_SYNC);
	assert_int_equal(nr_events, 0);
	/* MAPD V=0 unmaps the device and its events; MAPC V=0 the collection. */
	cmd_mapd(c, 2, 0, false);              assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_ev(c, GITS_CMD_INT, 2, 5, 0);      assert_int_equal(run(c), VGIC_ITS_E_DEVID);
	cmd_mapc(c, 3, 0, false);              assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_ev(c, GITS_CMD_INVALL, 0, 0, 3);   assert_int_equal(run(c), VGIC_ITS_E_ICID);
}

static void tables_full(void **state)
{
	uint64_t c[4];
	(void)state;
	for (unsigned d = 0; d < VGIC_ITS_MAX_DEVICES; d++) {
		cmd_mapd(c, d, 15, true);      assert_int_equal(run(c), VGIC_ITS_OK);
	}
	cmd_mapd(c, 100, 15, true);            assert_int_equal(run(c), VGIC_ITS_E_FULL);
	for (unsigned e = 0; e < VGIC_ITS_MAX_ITES; e++) {
		cmd_mapti(c, 0, e, 8192 + e, 0); assert_int_equal(run(c), VGIC_ITS_OK);
	}
	cmd_mapti(c, 1, 0, 9000, 0);           assert_int_equal(run(c), VGIC_ITS_E_FULL);
	/* Remapping a device drops its old events, freeing room. */
	cmd_mapd(c, 0, 3, true);               assert_int_equal(run(c), VGIC_ITS_OK);
	cmd_mapti(c, 1, 0, 9000, 0);           assert_int_equal(run(c), VGIC_ITS_OK);
}

static void put_cmd(uint64_t off, const uint64_t c[4])
{
	for (unsigned i = 0; i < 4; i++)
		for (unsigned b = 0; b < 8; b++)
			ram[QUEUE - RAM_BASE + off + i * 8 + b] = (uint8_t)(c[i] >> (8 * b));
}

static void queue(void **state)
{
	uint64_t c[4];
	(void)state;
	vgic_its_write(&its, GITS_CBASER, 8, GITS_BASER_VALID | QUEUE);   /* 4 KiB */
	cmd_mapd(c, 2, 2, true);          put_cmd(0, c);
	cmd_mapc(c, 3, 3, true);          put_cmd(32, c);
	cmd_mapti(c, 2, 5, 8195, 3);      put_cmd(64, c);
	cmd_ev(c, GITS_CMD_INT, 2, 5, 0); put_cmd(96, c);
	/* Disabled: queued, not processed. */
	vgic_its_write(&its, GITS_CWRITER, 8, 128);
	assert_int_equal(vgic_its_read(&its, GITS_CREADR, 8), 0);
	vgic_its_write(&its, GITS_CTLR, 4, GITS_CTLR_ENABLED);
	assert_int_equal(vgic_its_read(&its, GITS_CREADR, 8), 128);
	assert_int_equal(nr_events, 1);
	assert_int_equal(events[0].intid, 8195);
	/* CBASER is frozen while enabled. */
	vgic_its_write(&its, GITS_CBASER, 8, 0);
	assert_int_equal(vgic_its_read(&its, GITS_CBASER, 8), GITS_BASER_VALID | QUEUE);
	/* CWRITER past the queue: ignored. */
	vgic_its_write(&its, GITS_CWRITER, 8, 0x1000);
	assert_int_equal(vgic_its_read(&its, GITS_CWRITER, 8), 128);
	/* Wrap: fill the last slot and slot 0, CWRITER = 32. */
	vgic_its_write(&its, GITS_CTLR, 4, 0);
	vgic_its_write(&its, GITS_CWRITER, 8, 0xFE0);
	vgic_its_write(&its, GITS_CTLR, 4, GITS_CTLR_ENABLED);   /* runs 128..0xFE0: zeros */
	assert_int_equal(vgic_its_read(&its, GITS_CREADR, 8), 0xFE0);
	cmd_ev(c, GITS_CMD_INT, 2, 5, 0); put_cmd(0xFE0, c); put_cmd(0, c);
	nr_events = 0;
	vgic_its_write(&its, GITS_CWRITER, 8, 32);
	assert_int_equal(vgic_its_read(&its, GITS_CREADR, 8), 32);
	assert_int_equal(nr_events, 2);
	/* TRANSLATER: DeviceID 0 is not mapped here -> ignored. */
	unsigned err = its.errors;
	vgic_its_write(&its, GITS_TRANSLATER, 4, 5);
	assert_int_equal(its.errors, err + 1);
	vgic_its_translate(&its, 2, 5);
	assert_int_equal(nr_events, 3);
}

static void queue_outside_ram(void **state)
{
	(void)state;
	/* A queue whose last page runs past RAM: the read fails, the rest
	 * of the queue is dropped, nothing else happens. */
	vgic_its_write(&its, GITS_CBASER, 8, GITS_BASER_VALID | (RAM_BASE + RAM_SIZE - 0x1000) | 1);
	vgic_its_write(&its, GITS_CTLR, 4, GITS_CTLR_ENABLED);
	vgic_its_write(&its, GITS_CWRITER, 8, 0x1020);
	assert_int_equal(vgic_its_read(&its, GITS_CREADR, 8), 0x1020);
	assert_int_equal(its.last_error, VGIC_ITS_E_QUEUE_READ);
	assert_int_equal(nr_events, 0);
}

static void init_rejects(void **state)
{
	struct vgic_its_ops bad = { NULL, fake_lpi, NULL };
	(void)state;
	assert_int_equal(vgic_its_init(&its, 0, &ops), -1);
	assert_int_equal(vgic_its_init(&its, 1, &bad), -1);
	assert_int_equal(vgic_its_init(&its, 1, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(registers, setup),
		cmocka_unit_test_setup(int_clear_inv_discard, setup),
		cmocka_unit_test_setup(mapi_movi_movall, setup),
		cmocka_unit_test_setup(bad_commands, setup),
		cmocka_unit_test_setup(tables_full, setup),
		cmocka_unit_test_setup(queue, setup),
		cmocka_unit_test_setup(queue_outside_ram, setup),
		cmocka_unit_test_setup(init_rejects, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
