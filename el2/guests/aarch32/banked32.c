// SPDX-License-Identifier: MIT
/*
 * AArch32 banked registers through MMIO: from SVC, ABT, UND, IRQ, FIQ and
 * SYS mode, store r8-r14 of that mode to the test device and load them
 * back from it (banked32_modes.S). The hypervisor must pick the right
 * register for each syndrome: LR_svc is X18 in the AArch64 view the
 * architecture reports, r14 in QEMU TCG's numbering (see
 * src/el2/syndrome_probe.h). Prints, per mode, "ok" or the accesses
 * whose value went wrong (str-REG: the device got something else; ldr-REG:
 * the register did not get the device's value). Needs `devices = testdev`.
 */
#include <stdint.h>

#define UART_DR          0x09000000u
#define UART_FR          0x09000018u
#define UART_FR_TXFF     (1u << 5)
#define TESTDEV_SCRATCH  0x0b000000u
#define PSCI_SYSTEM_OFF  0x84000008u
#define CPSR_IF          0xc0u
#define SLOT_SIZE        0x40u
#define LOAD_OFFSET      32u
#define NR_BANKED        7          /* r8-r14 */

volatile uint32_t guest_fault32[4];

void guest_main(void);
void guest_unexpected32(uint32_t cpsr, uint32_t lr);
void banked_run(uint32_t cpsr, uint32_t *out, uint32_t slot);

/* Plain LDR/STR (no writeback: those give no syndrome, as on hardware). */
static void mmio_write32(uint32_t addr, uint32_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static uint32_t mmio_read32(uint32_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static void putc32(char c)
{
	while (*(volatile uint32_t *)UART_FR & UART_FR_TXFF)
		;
	*(volatile uint32_t *)UART_DR = (uint32_t)c;
}

static void puts32(const char *s)
{
	while (*s)
		putc32(*s++);
}

static void puthex32(uint32_t v)
{
	puts32("0x");
	for (int i = 28; i >= 0; i -= 4)
		putc32("0123456789abcdef"[(v >> i) & 0xf]);
}

static const struct { uint32_t mode; const char *name; } modes[] = {
	{ 0x13, "svc" }, { 0x17, "abt" }, { 0x1b, "und" },
	{ 0x12, "irq" }, { 0x11, "fiq" }, { 0x1f, "sys" },
};
static const char *const reg_names[NR_BANKED] = { "r8", "r9", "r10", "r11", "r12", "sp", "lr" };

void guest_main(void)
{
	unsigned bad_total = 0;

	puts32("banked32: start\n");
	for (unsigned m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		uint32_t slot = TESTDEV_SCRATCH + m * SLOT_SIZE;
		uint32_t out[NR_BANKED];
		unsigned bad = 0;

		for (unsigned r = 0; r < NR_BANKED; r++)
			mmio_write32(slot + LOAD_OFFSET + 4 * r, 0xc0000000u | modes[m].mode << 8 | (8 + r));
		banked_run(CPSR_IF | modes[m].mode, out, slot);
		puts32("banked32: ");
		puts32(modes[m].name);
		for (unsigned r = 0; r < NR_BANKED; r++) {
			uint32_t stored = mmio_read32(slot + 4 * r);
			uint32_t want_st = 0xb0000000u | modes[m].mode << 8 | (8 + r);
			uint32_t want_ld = 0xc0000000u | modes[m].mode << 8 | (8 + r);

			if (stored != want_st) {
				puts32(" str-"); puts32(reg_names[r]);
				bad++;
			}
			if (out[r] != want_ld) {
				puts32(" ldr-"); puts32(reg_names[r]);
				bad++;
			}
		}
		puts32(bad ? " WRONG\n" : " ok\n");
		bad_total += bad;
	}
	puts32(bad_total ? "banked32: some banked registers went wrong\n"
			 : "banked32: every banked register stored and loaded right\n");
	register uint32_t r0 __asm__("r0") = PSCI_SYSTEM_OFF;
	__asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0) : : "memory");
}

void guest_unexpected32(uint32_t cpsr, uint32_t lr)
{
	puts32("banked32: unexpected exception, cpsr ");
	puthex32(cpsr);
	puts32(" lr ");
	puthex32(lr);
	puts32("\n");
}
