/*
 * /bin/armvm-counter in armvm's Linux test guest (tests/linux/init.sh runs
 * it right after the boot marker line): prints the generic timer's virtual
 * count and frequency as the guest reads them,
 *   ARMVM-COUNTER <label> cntvct=<count> cntfrq=<Hz> ns=<count in ns>
 * The count is read first thing, before anything is printed. Where the
 * virtual count starts is the platform's: 0 at reset on a machine without
 * EL2/EL3 (CNTVOFF = 0: plain QEMU -M virt), at vCPU creation under KVM, at
 * partition start under armvm's EL2 engine. Under QEMU -icount shift=0 a ns
 * is one instruction, so ns= is "instructions from that start to here".
 *
 * A static binary without libc (a few hundred bytes: it adds nothing
 * measurable to the initramfs the kernel unpacks before the marker), built
 * for arm64 and armhf by tests/linux/mk-guest-initramfs.sh. User space may
 * read CNTVCT because Linux sets CNTKCTL.PL0VCTEN (EL0VCTEN) on both widths
 * (drivers/clocksource/arm_arch_timer.c: arch_counter_set_user_access(),
 * for the vDSO), unless a CPU erratum makes it trap the counter.
 */
#include <stdint.h>

#if defined(__aarch64__)
static uint64_t counter_read(void)
{
	uint64_t count;

	/* ISB: the counter read is not done early, ahead of the program order
	 * (Arm ARM, the generic timer: reads of the counter may be speculated). */
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(count) : : "memory");
	return count;
}

static uint64_t counter_frequency(void)
{
	uint64_t hz;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	return hz;
}

static long sys_call3(long nr, long a, long b, long c)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}
#define SYS_WRITE 64
#define SYS_EXIT 93
#elif defined(__arm__)
static uint64_t counter_read(void)
{
	uint32_t lo, hi;

	/* CNTVCT: MRRC p15, 1, <Rt>, <Rt2>, c14 (AArch32 System register). */
	__asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static uint64_t counter_frequency(void)
{
	uint32_t hz;

	/* CNTFRQ: MRC p15, 0, <Rt>, c14, c0, 0. */
	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(hz));
	return hz;
}

static long sys_call3(long nr, long a, long b, long c)
{
	register long r7 __asm__("r7") = nr;
	register long r0 __asm__("r0") = a;
	register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c;

	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2) : "memory");
	return r0;
}
#define SYS_WRITE 4
#define SYS_EXIT 1
#else
#error "armvm-counter is built for AArch64 and AArch32 only"
#endif

/* Appends s to the line at *at; the line has room for everything below. */
static void put_text(char **at, const char *s)
{
	while (*s)
		*(*at)++ = *s++;
}

/*
 * n / d by shift and subtract: AArch32 has no 64-bit divide instruction and
 * this binary links no libgcc (__aeabi_uldivmod).
 */
static uint64_t divide(uint64_t n, uint32_t d, uint32_t *remainder)
{
	uint64_t q = 0, r = 0;
	int bit;

	for (bit = 63; bit >= 0; bit--) {
		r = r << 1 | (n >> bit & 1);
		if (r >= d) {
			r -= d;
			q |= (uint64_t)1 << bit;
		}
	}
	*remainder = (uint32_t)r;
	return q;
}

static void put_decimal(char **at, uint64_t v)
{
	char digits[24];
	uint32_t digit;
	int n = 0;

	do {
		v = divide(v, 10, &digit);
		digits[n++] = (char)('0' + digit);
	} while (v);
	while (n)
		*(*at)++ = digits[--n];
}

/* count * 1e9 / hz, whole seconds apart so nothing overflows. */
static uint64_t counter_ns(uint64_t count, uint32_t hz)
{
	uint32_t rest;
	uint64_t seconds;

	if (!hz)
		return 0;
	seconds = divide(count, hz, &rest);
	/* rest < hz < 2^32, so rest * 1e9 < 2^62. */
	return seconds * 1000000000u + divide((uint64_t)rest * 1000000000u, hz, &rest);
}

/* Prints the line for a count read at entry; 0 when it was written whole. */
static int counter_print(const char *label, uint64_t count)
{
	uint32_t hz = (uint32_t)counter_frequency(); /* CNTFRQ: 32 bits */
	char line[128], *at = line;

	put_text(&at, "ARMVM-COUNTER ");
	put_text(&at, label);
	put_text(&at, " cntvct=");
	put_decimal(&at, count);
	put_text(&at, " cntfrq=");
	put_decimal(&at, hz);
	put_text(&at, " ns=");
	put_decimal(&at, counter_ns(count, hz));
	put_text(&at, "\n");
	return sys_call3(SYS_WRITE, 1, (long)line, at - line) == at - line ? 0 : 1;
}

/*
 * The entry point: the kernel leaves argc at sp, then argv[]. The label is
 * argv[1] (at most 32 characters are used), "-" without one.
 */
__attribute__((noreturn, used)) void counter_start(long *sp);

__attribute__((noreturn, used)) void counter_start(long *sp)
{
	uint64_t count = counter_read(); /* first: nothing before it but _start */
	const char *label = sp[0] > 1 ? (const char *)sp[2] : "-";
	char cut[33];
	int i;

	for (i = 0; i < 32 && label[i]; i++)
		cut[i] = label[i];
	cut[i] = 0;
	sys_call3(SYS_EXIT, counter_print(cut, count), 0, 0);
	for (;;)
		;
}

#if defined(__aarch64__)
__asm__(".globl _start\n_start:\n\tmov x0, sp\n\tb counter_start\n");
#else
__asm__(".globl _start\n_start:\n\tmov r0, sp\n\tb counter_start\n");
#endif
