/* SPDX-License-Identifier: MIT */
/*
 * Pause, save and restore a VM in another process, through the library
 * alone (tests/lab/44-vm-state.sh runs it in both widths, with 1 and 4
 * vCPUs, on the lab's GICv3 and GICv2 hosts). The guest is the `count`
 * test guest: every CPU takes its virtual-timer interrupt every 5 ms and
 * CPU 0 prints "count N" (guests/progs/count.c).
 *
 *   armvm-state-test save FILE GUEST.bin ARCH VCPUS GIC
 *       runs the guest until it printed "count 20", refuses a save while it
 *       runs, pauses it, reads registers by name (item checks below), saves
 *       the VM's state, RAM and console so far to FILE, then resumes it and
 *       checks that it counts to the end;
 *   armvm-state-test restore FILE
 *       in a fresh process and VM: refuses a truncated, a corrupt, a
 *       wrong-version and a wrong-VM state (each changing nothing), loads
 *       the saved one and runs: the console so far plus what the restored
 *       guest prints must be one unbroken count 1..60, never restarting,
 *       with every CPU still ticking and the guest's clock not going back.
 *
 * Prints PASS:/FAIL:/SKIP: lines; exits non-zero on a failure.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "armvm/armvm.h"

#define RAM_BASE    0x40000000ULL
#define RAM_SIZE    (2ULL << 20)
#define LOAD_ADDR   0x40080000ULL
#define UART_BASE   0x09000000ULL
#define PAUSE_AT    20
#define COUNT_LAST  60
#define WAIT_S      60
#define FILE_MAGIC  "ARMVMSTT"

static int failed;
static char label[64];

static void result(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void result(bool ok, const char *name, const char *fmt, ...)
{
	printf("%s: vm-state %s [%s]", ok ? "PASS" : "FAIL", name, label);
	if (!ok && fmt) {
		va_list ap;
		va_start(ap, fmt);
		putchar(' ');
		vprintf(fmt, ap);
		va_end(ap);
	}
	putchar('\n');
	fflush(stdout);
	failed |= !ok;
}

/* The console: a PL011 data register and a never-full flag register. */
struct console {
	pthread_mutex_t lock;
	pthread_cond_t grew;
	char buf[16384];
	size_t len;
};
static void uart_write(void *o, uint64_t off, unsigned size, uint64_t v, unsigned vcpu)
{
	struct console *c = o;
	(void)size; (void)vcpu;
	if (off != 0)
		return;
	pthread_mutex_lock(&c->lock);
	if (c->len < sizeof(c->buf) - 1)
		c->buf[c->len++] = (char)v;
	c->buf[c->len] = 0;
	pthread_cond_broadcast(&c->grew);
	pthread_mutex_unlock(&c->lock);
}
static uint64_t uart_read(void *o, uint64_t off, unsigned size, unsigned vcpu)
{
	(void)o; (void)off; (void)size; (void)vcpu;
	return 0;   /* UARTFR: TXFF clear; anything else reads 0 */
}
static const struct armvm_mmio_ops uart_ops = { uart_read, uart_write };

struct machine {
	struct armvm_vm *vm;
	void *ram;
	struct console con;
	pthread_t runner;
	struct armvm_exit exit;
	int rc;
	bool done;
};

static void *run_thread(void *arg)
{
	struct machine *m = arg;
	struct armvm_error err;
	m->rc = armvm_vm_run(m->vm, &m->exit, &err);
	pthread_mutex_lock(&m->con.lock);
	m->done = true;
	pthread_cond_broadcast(&m->con.grew);
	pthread_mutex_unlock(&m->con.lock);
	return NULL;
}

static int machine_create(struct machine *m, enum armvm_arch arch, unsigned vcpus,
			  enum armvm_gic gic, bool its, struct armvm_error *err)
{
	memset(m, 0, sizeof(*m));
	pthread_mutex_init(&m->con.lock, NULL);
	pthread_cond_init(&m->con.grew, NULL);
	struct armvm_vm_config cfg = { .arch = arch, .nr_vcpus = vcpus, .gic = gic,
				       .its = its ? ARMVM_FEATURE_ON : ARMVM_FEATURE_OFF };
	int r = armvm_vm_create(&cfg, &m->vm, err);
	if (r == 0)
		r = armvm_map_ram(m->vm, RAM_BASE, RAM_SIZE, &m->ram, err);
	if (r == 0)
		r = armvm_add_mmio(m->vm, UART_BASE, 0x1000, &uart_ops, &m->con, err);
	return r;
}

/* Wait until pred() holds on the console or the run ended; false on time out. */
static bool wait_console(struct machine *m, bool (*pred)(const char *))
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAIT_S;
	bool ok = true;
	pthread_mutex_lock(&m->con.lock);
	while (!pred(m->con.buf) && !m->done)
		if (pthread_cond_timedwait(&m->con.grew, &m->con.lock, &until) == ETIMEDOUT) {
			ok = false;
			break;
		}
	ok = ok && pred(m->con.buf);
	pthread_mutex_unlock(&m->con.lock);
	return ok;
}
static bool at_pause_point(const char *s)
{
	char want[32];
	snprintf(want, sizeof(want), "count %d\n", PAUSE_AT);
	return strstr(s, want) != NULL;
}
static bool at_end(const char *s) { return strstr(s, "ticked to the end\n") || strstr(s, "count: done"); }

/* Join the runner (stopping it after WAIT_S more seconds at most). */
static void machine_finish(struct machine *m)
{
	if (!wait_console(m, at_end))
		armvm_vm_stop(m->vm);
	pthread_join(m->runner, NULL);
}

/*
 * The transcript must be "count: N cpus", count 1..COUNT_LAST each once in
 * order, "count: N cpus ticked to the end", "count: done"; anything else
 * (a restart from 1, a gap, a complaint of the guest) is named.
 */
static bool transcript_ok(const char *s, unsigned vcpus, char *why, size_t whylen)
{
	char want[64];
	snprintf(want, sizeof(want), "count: %u cpus\n", vcpus);
	if (strncmp(s, want, strlen(want)) != 0) {
		snprintf(why, whylen, "starts \"%.40s\"", s);
		return false;
	}
	s += strlen(want);
	for (unsigned n = 1; n <= COUNT_LAST; n++) {
		snprintf(want, sizeof(want), "count %u\n", n);
		if (strncmp(s, want, strlen(want)) != 0) {
			snprintf(why, whylen, "after count %u: \"%.60s\"", n - 1, s);
			return false;
		}
		s += strlen(want);
	}
	snprintf(want, sizeof(want), "count: %u cpus ticked to the end\ncount: done\n", vcpus);
	if (strcmp(s, want) != 0) {
		snprintf(why, whylen, "ends \"%.60s\"", s);
		return false;
	}
	return true;
}

struct file_head {
	char magic[8];
	uint32_t arch, vcpus;
	int32_t gic;
	uint32_t its;
	uint64_t state_size, ram_size, console_len;
};

static bool write_all(FILE *f, const void *p, size_t n) { return fwrite(p, 1, n, f) == n; }

/* Registers by name while paused: the guest set VBAR to its vectors, in
 * its image; the other width's names are refused; every vCPU is on. */
static void check_named_registers(struct machine *m, enum armvm_arch arch, unsigned vcpus)
{
	struct armvm_vcpu *v0 = armvm_vcpu_get(m->vm, 0);
	struct armvm_error err;
	uint64_t vbar = 0, ctl = 0, cnt1 = 0, cnt2 = 0, other;
	bool a32 = arch == ARMVM_ARCH_AARCH32;
	int r = armvm_sysreg_get(v0, a32 ? ARMVM_SYSREG_VBAR : ARMVM_SYSREG_VBAR_EL1, &vbar, &err);
	result(r == 0 && vbar >= LOAD_ADDR && vbar < LOAD_ADDR + 0x40000, "vbar-by-name",
	       "%s = 0x%llx (%d: %s)", a32 ? "VBAR" : "VBAR_EL1", (unsigned long long)vbar, r,
	       r ? err.msg : "outside the guest image");
	r = armvm_sysreg_get(v0, a32 ? ARMVM_SYSREG_VBAR_EL1 : ARMVM_SYSREG_VBAR, &other, &err);
	result(r == ARMVM_E_INVAL, "other-width-refused", "got %d", r);
	r = armvm_sysreg_get(v0, ARMVM_SYSREG_CNTV_CTL, &ctl, &err);
	result(r == 0 && (ctl & 1), "timer-armed", "CNTV_CTL = 0x%llx (%d %s)",
	       (unsigned long long)ctl, r, r ? err.msg : "");
	if (armvm_sysreg_get(v0, ARMVM_SYSREG_CNTVCT, &cnt1, &err) == 0) {
		usleep(2000);
		armvm_sysreg_get(v0, ARMVM_SYSREG_CNTVCT, &cnt2, &err);
	}
	result(cnt2 > cnt1, "counter-readable", "CNTVCT %llu then %llu", (unsigned long long)cnt1,
	       (unsigned long long)cnt2);
	/* The physical timer: there from Linux 6.4, refused by name before. */
	r = armvm_sysreg_get(v0, ARMVM_SYSREG_CNTP_CTL, &other, &err);
	result(r == 0 || r == ARMVM_E_UNSUPPORTED, "cntp-or-refused", "%d: %s", r, err.msg);
	printf("INFO: vm-state [%s] CNTP_CTL %s\n", label, r == 0 ? "readable" : err.msg);
	if (a32) {
		/* The CP15 halves of 64-bit registers: DFAR|IFAR is FAR_EL1, and
		 * writing one half keeps the other. */
		uint64_t dfar = 0, ifar = 0;
		bool ok = armvm_sysreg_get(v0, ARMVM_SYSREG_DFAR, &dfar, &err) == 0 &&
			  armvm_sysreg_get(v0, ARMVM_SYSREG_IFAR, &ifar, &err) == 0 &&
			  armvm_sysreg_set(v0, ARMVM_SYSREG_IFAR, 0x12345678, &err) == 0 &&
			  armvm_sysreg_get(v0, ARMVM_SYSREG_DFAR, &other, &err) == 0 && other == dfar &&
			  armvm_sysreg_get(v0, ARMVM_SYSREG_IFAR, &other, &err) == 0 &&
			  other == 0x12345678 && armvm_sysreg_set(v0, ARMVM_SYSREG_IFAR, ifar, &err) == 0;
		result(ok, "cp15-halves", "%s", err.msg);
		uint64_t dacr, fpexc;
		ok = armvm_sysreg_get(v0, ARMVM_SYSREG_DACR, &dacr, &err) == 0 &&
		     armvm_sysreg_get(v0, ARMVM_SYSREG_FPEXC, &fpexc, &err) == 0 &&
		     armvm_sysreg_get(v0, ARMVM_SYSREG_TTBCR, &other, &err) == 0;
		result(ok, "cp15-dacr-fpexc-ttbcr", "%s", err.msg);
	}
	bool on = true;
	for (unsigned i = 0; i < vcpus; i++) {
		enum armvm_power_state ps;
		if (armvm_vcpu_power_get(armvm_vcpu_get(m->vm, i), &ps, &err) < 0 || ps != ARMVM_POWER_ON)
			on = false;
	}
	result(on, "power-state", "a vCPU is not on");
}

static int do_save(const char *path, const char *guest, enum armvm_arch arch, unsigned vcpus,
		   enum armvm_gic gic, bool its)
{
	struct machine m;
	struct armvm_error err;
	FILE *g = fopen(guest, "rb");
	if (!g) {
		result(false, "guest", "%s: %s", guest, strerror(errno));
		return 1;
	}
	if (machine_create(&m, arch, vcpus, gic, its, &err) < 0) {
		fclose(g);
		if (err.code == ARMVM_E_UNSUPPORTED) {
			printf("SKIP: vm-state [%s] %s\n", label, err.msg);
			return 0;
		}
		result(false, "create", "%s", err.msg);
		return 1;
	}
	size_t n = fread((char *)m.ram + (LOAD_ADDR - RAM_BASE), 1, RAM_SIZE - (LOAD_ADDR - RAM_BASE), g);
	fclose(g);
	struct armvm_vcpu *v0 = armvm_vcpu_get(m.vm, 0);
	armvm_reg_set(v0, arch == ARMVM_ARCH_AARCH32 ? ARMVM_REG_R15 : ARMVM_REG_PC, LOAD_ADDR, &err);
	if (arch == ARMVM_ARCH_AARCH32)
		armvm_reg_set(v0, ARMVM_REG_R0 + 1, 0xffffffff, &err);
	if (n == 0 || pthread_create(&m.runner, NULL, run_thread, &m) != 0) {
		result(false, "start", "empty guest or no thread");
		return 1;
	}
	bool reached = wait_console(&m, at_pause_point);
	result(reached, "count-to-pause-point", "console: \"%.80s\"", m.con.buf);

	void *blob = NULL;
	size_t size = 0;
	int r = armvm_vm_state_save(m.vm, &blob, &size, &err);
	result(r == ARMVM_E_STATE, "save-while-running-refused", "got %d", r);
	free(blob);

	r = armvm_vm_pause(m.vm, &err);
	result(r == 0 && armvm_vm_paused(m.vm), "pause", "%s", err.msg);
	r = armvm_vm_pause(m.vm, &err);
	result(r == 0, "pause-idempotent", "%s", err.msg);
	check_named_registers(&m, arch, vcpus);

	r = armvm_vm_state_save(m.vm, &blob, &size, &err);
	result(r == 0, "save", "%s", err.msg);
	if (r == 0) {
		/* The console as it was at the pause: nothing is printed while paused. */
		pthread_mutex_lock(&m.con.lock);
		struct file_head h = { .arch = arch, .vcpus = vcpus, .gic = armvm_vm_gic(m.vm),
				       .its = its, .state_size = size, .ram_size = RAM_SIZE, .console_len = m.con.len };
		memcpy(h.magic, FILE_MAGIC, 8);
		FILE *f = fopen(path, "wb");
		bool ok = f && write_all(f, &h, sizeof(h)) && write_all(f, blob, size) &&
			  write_all(f, m.ram, RAM_SIZE) && write_all(f, m.con.buf, m.con.len);
		pthread_mutex_unlock(&m.con.lock);
		if (f && fclose(f) != 0)
			ok = false;
		result(ok, "write-file", "%s: %s", path, strerror(errno));
		printf("INFO: vm-state [%s] state blob %zu bytes\n", label, size);
		free(blob);
	}

	/* The source goes on after a save, as after any pause. */
	armvm_vm_resume(m.vm);
	result(!armvm_vm_paused(m.vm), "resume", "still paused");
	machine_finish(&m);
	char why[160];
	result(m.exit.reason == ARMVM_EXIT_POWEROFF && transcript_ok(m.con.buf, vcpus, why, sizeof(why)),
	       "source-counts-on-after-save", "exit %d, %s", (int)m.exit.reason,
	       m.exit.reason == ARMVM_EXIT_POWEROFF ? why : m.exit.detail);
	armvm_vm_destroy(m.vm);
	return failed;
}

/* Each refused load must change nothing: the real load after them works. */
static void check_refusals(struct machine *m, const struct file_head *h, const uint8_t *blob)
{
	struct armvm_error err;
	uint8_t *copy = malloc(h->state_size);
	if (!copy)
		return;
	int r = armvm_vm_state_load(m->vm, blob, h->state_size - 1, &err);
	result(r == ARMVM_E_INVAL && strstr(err.msg, "truncated"), "refuse-truncated", "%d: %s", r, err.msg);
	memcpy(copy, blob, h->state_size);
	copy[h->state_size / 2] ^= 0x40;
	r = armvm_vm_state_load(m->vm, copy, h->state_size, &err);
	result(r == ARMVM_E_INVAL && strstr(err.msg, "corrupt"), "refuse-corrupt", "%d: %s", r, err.msg);
	memcpy(copy, blob, h->state_size);
	/* Version 99 with a header checksum that matches it (docs/library.md:
	 * CRC-32 of bytes 0..43 at 44, zlib's crc32). */
	copy[8] = 99;
	uint32_t crc = (uint32_t)crc32(0, copy, 44);
	memcpy(copy + 44, &crc, 4);
	r = armvm_vm_state_load(m->vm, copy, h->state_size, &err);
	result(r == ARMVM_E_INVAL && strstr(err.msg, "version 99"), "refuse-wrong-version", "%d: %s",
	       r, err.msg);
	free(copy);

	/* A VM of another shape: one more vCPU (GICv2: one fewer past 1). */
	unsigned other = h->vcpus < 8 ? h->vcpus + 1 : h->vcpus - 1;
	struct armvm_vm_config cfg = { .arch = h->arch, .nr_vcpus = other, .gic = h->gic,
				       .its = h->its ? ARMVM_FEATURE_ON : ARMVM_FEATURE_OFF };
	struct armvm_vm *vm2;
	if (armvm_vm_create(&cfg, &vm2, &err) == 0) {
		r = armvm_vm_state_load(vm2, blob, h->state_size, &err);
		result(r == ARMVM_E_INVAL && strstr(err.msg, "vCPUs"), "refuse-other-vcpu-count",
		       "%d: %s", r, err.msg);
		armvm_vm_destroy(vm2);
	}
	cfg.nr_vcpus = h->vcpus;
	cfg.arch = h->arch == ARMVM_ARCH_AARCH64 ? ARMVM_ARCH_AARCH32 : ARMVM_ARCH_AARCH64;
	if (armvm_vm_create(&cfg, &vm2, &err) == 0) {
		r = armvm_vm_state_load(vm2, blob, h->state_size, &err);
		result(r == ARMVM_E_INVAL && strstr(err.msg, "guest"), "refuse-other-arch", "%d: %s",
		       r, err.msg);
		armvm_vm_destroy(vm2);
	}
}

static int do_restore(const char *path)
{
	struct file_head h;
	FILE *f = fopen(path, "rb");
	if (!f || fread(&h, sizeof(h), 1, f) != 1 || memcmp(h.magic, FILE_MAGIC, 8) != 0 ||
	    h.ram_size != RAM_SIZE || h.console_len > 16000 || h.state_size > (64u << 20)) {
		result(false, "read-file", "%s: not a state test file", path);
		if (f)
			fclose(f);
		return 1;
	}
	snprintf(label, sizeof(label), "%s %uvcpu gic%d%s restore",
		 h.arch == ARMVM_ARCH_AARCH32 ? "aarch32" : "aarch64", h.vcpus, h.gic,
		 h.its ? "+its" : "");
	uint8_t *blob = malloc(h.state_size);
	struct machine m;
	struct armvm_error err;
	if (!blob || machine_create(&m, h.arch, h.vcpus, h.gic, h.its, &err) < 0) {
		result(false, "create", "%s", blob ? err.msg : "no memory");
		fclose(f);
		return 1;
	}
	bool ok = fread(blob, 1, h.state_size, f) == h.state_size &&
		  fread(m.ram, 1, RAM_SIZE, f) == RAM_SIZE &&
		  fread(m.con.buf, 1, h.console_len, f) == h.console_len;
	fclose(f);
	m.con.len = h.console_len;
	if (!ok) {
		result(false, "read-file", "%s: cut short", path);
		return 1;
	}
	check_refusals(&m, &h, blob);
	int r = armvm_vm_state_load(m.vm, blob, h.state_size, &err);
	result(r == 0, "load", "%s", err.msg);
	free(blob);
	if (r < 0)
		return 1;
	if (pthread_create(&m.runner, NULL, run_thread, &m) != 0) {
		result(false, "start", "no thread");
		return 1;
	}
	machine_finish(&m);
	char why[160];
	result(m.exit.reason == ARMVM_EXIT_POWEROFF && transcript_ok(m.con.buf, h.vcpus, why, sizeof(why)),
	       "restored-counts-on", "exit %d, %s", (int)m.exit.reason,
	       m.exit.reason == ARMVM_EXIT_POWEROFF ? why : m.exit.detail);
	armvm_vm_destroy(m.vm);
	return failed;
}

int main(int argc, char **argv)
{
	if ((argc == 7 || (argc == 8 && strcmp(argv[7], "its") == 0)) && strcmp(argv[1], "save") == 0) {
		enum armvm_arch arch = strcmp(argv[4], "aarch32") == 0 ? ARMVM_ARCH_AARCH32
								      : ARMVM_ARCH_AARCH64;
		unsigned vcpus = (unsigned)atoi(argv[5]);
		int gic = atoi(argv[6]);
		bool its = argc == 8;
		snprintf(label, sizeof(label), "%s %uvcpu gic%d%s save", argv[4], vcpus, gic,
			 its ? "+its" : "");
		return do_save(argv[2], argv[3], arch, vcpus,
			       gic == 2 ? ARMVM_GIC_V2 : gic == 3 ? ARMVM_GIC_V3 : ARMVM_GIC_AUTO, its);
	}
	if (argc == 3 && strcmp(argv[1], "restore") == 0)
		return do_restore(argv[2]);
	fprintf(stderr, "usage: armvm-state-test save FILE GUEST.bin aarch64|aarch32 VCPUS GIC [its]\n"
			"       armvm-state-test restore FILE\n");
	return 2;
}
