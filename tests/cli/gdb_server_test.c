// SPDX-License-Identifier: MIT
/*
 * The gdb stub's server and run loop (src/cli/gdb_server.c, gdb_target.c)
 * against the real gdb-multiarch, natively: the library is replaced by a
 * small simulated one-vCPU AArch64 machine (this file defines the armvm_*
 * calls the stub uses) that runs a ten-instruction program and stops the
 * way KVM would for a planted BRK, a hardware breakpoint, a watchpoint, a
 * single step and armvm_vm_stop(). Then a client that plants a breakpoint
 * and vanishes: the guest must run to its end with its memory restored.
 * Prints PASS:/FAIL: lines; SKIP: without gdb-multiarch.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "armvm/armvm.h"
#include "cli/gdb_server.h"

#define RAM   0x40080000ULL
#define DATA  (RAM + 0x800)
#define I_NOP      0xd503201fu
#define I_STORE    0xf9000020u   /* str x0, [x1] */
#define I_POWEROFF 0xd4000002u   /* hvc #0: PSCI SYSTEM_OFF here */
#define I_BRK      0xd4200000u

struct armvm_vm { atomic_bool stop; };
struct armvm_vcpu { int unused; };
static struct armvm_vm the_vm;
static struct armvm_vcpu the_vcpu;
static struct { uint64_t x[31], sp, pc, pstate; struct armvm_fp fp; struct armvm_debug dbg; } cpu;
static uint8_t ram[4096];
static int failures;

static uint32_t word(uint64_t a) { uint32_t w; memcpy(&w, ram + (a - RAM), 4); return w; }
static void put_word(uint64_t a, uint32_t w) { memcpy(ram + (a - RAM), &w, 4); }

unsigned armvm_vm_nr_vcpus(const struct armvm_vm *vm) { (void)vm; return 1; }
enum armvm_arch armvm_vm_arch(const struct armvm_vm *vm) { (void)vm; return ARMVM_ARCH_AARCH64; }
struct armvm_vcpu *armvm_vcpu_get(struct armvm_vm *vm, unsigned i) { (void)vm; (void)i; return &the_vcpu; }
void armvm_vm_stop(struct armvm_vm *vm) { atomic_store(&vm->stop, true); }
void armvm_vm_debug_limits(const struct armvm_vm *vm, unsigned *b, unsigned *w) { (void)vm; *b = 4; *w = 4; }
int armvm_vcpu_set_debug(struct armvm_vcpu *v, const struct armvm_debug *d, struct armvm_error *e)
{
	(void)v; (void)e;
	cpu.dbg = *d;
	return 0;
}
static uint64_t *reg_slot(enum armvm_reg r)
{
	if (r <= ARMVM_REG_X30) return &cpu.x[r];
	if (r == ARMVM_REG_SP) return &cpu.sp;
	if (r == ARMVM_REG_PC) return &cpu.pc;
	if (r == ARMVM_REG_PSTATE) return &cpu.pstate;
	return NULL;
}
int armvm_reg_get(struct armvm_vcpu *v, enum armvm_reg r, uint64_t *val, struct armvm_error *e)
{
	(void)v; (void)e;
	uint64_t *s = reg_slot(r);
	if (!s) return ARMVM_E_INVAL;
	*val = *s;
	return 0;
}
int armvm_reg_set(struct armvm_vcpu *v, enum armvm_reg r, uint64_t val, struct armvm_error *e)
{
	(void)v; (void)e;
	uint64_t *s = reg_slot(r);
	if (!s) return ARMVM_E_INVAL;
	*s = val;
	return 0;
}
int armvm_fp_get(struct armvm_vcpu *v, struct armvm_fp *fp, struct armvm_error *e) { (void)v; (void)e; *fp = cpu.fp; return 0; }
int armvm_fp_set(struct armvm_vcpu *v, const struct armvm_fp *fp, struct armvm_error *e) { (void)v; (void)e; cpu.fp = *fp; return 0; }
static int copy(uint64_t va, void *r, const void *w, size_t len, size_t *done)
{
	size_t n = 0;
	while (n < len && va + n >= RAM && va + n < RAM + sizeof(ram)) {
		if (r) ((uint8_t *)r)[n] = ram[va + n - RAM];
		else ram[va + n - RAM] = ((const uint8_t *)w)[n];
		n++;
	}
	if (done) *done = n;
	return n == len ? 0 : ARMVM_E_RANGE;
}
int armvm_vcpu_read_virt(struct armvm_vcpu *v, uint64_t va, void *buf, size_t len, size_t *done, struct armvm_error *e)
{
	(void)v; (void)e;
	return copy(va, buf, NULL, len, done);
}
int armvm_vcpu_write_virt(struct armvm_vcpu *v, uint64_t va, const void *buf, size_t len, size_t *done, struct armvm_error *e)
{
	(void)v; (void)e;
	return copy(va, NULL, buf, len, done);
}

/* The simulated CPU: stops as KVM reports them. */
int armvm_vm_run(struct armvm_vm *vm, struct armvm_exit *ex, struct armvm_error *e)
{
	(void)e;
	memset(ex, 0, sizeof(*ex));
	for (;;) {
		usleep(1000);
		if (atomic_exchange(&vm->stop, false)) {
			ex->reason = ARMVM_EXIT_STOPPED;
			return 0;
		}
		if (cpu.pc < RAM || cpu.pc >= RAM + sizeof(ram)) {
			ex->reason = ARMVM_EXIT_CRASH;
			return 0;
		}
		uint32_t insn = word(cpu.pc);
		ex->reason = ARMVM_EXIT_DEBUG;
		ex->addr = cpu.pc;
		if (cpu.dbg.sw_breakpoints && insn == I_BRK) {
			ex->debug = ARMVM_DEBUG_SW_BREAKPOINT;
			return 0;
		}
		for (unsigned i = 0; i < cpu.dbg.nr_breakpoints; i++)
			if (cpu.dbg.breakpoint[i] == cpu.pc) {
				ex->debug = ARMVM_DEBUG_HW_BREAKPOINT;
				return 0;
			}
		if (insn == I_STORE) {
			for (unsigned i = 0; i < cpu.dbg.nr_watchpoints; i++)
				if (cpu.dbg.watchpoint[i].on_write && (cpu.dbg.watchpoint[i].addr & ~7ULL) == (cpu.x[1] & ~7ULL)) {
					ex->debug = ARMVM_DEBUG_WATCHPOINT;
					ex->addr = cpu.x[1];
					return 0;
				}
			copy(cpu.x[1], NULL, &cpu.x[0], 8, NULL);
		} else if (insn == I_POWEROFF) {
			ex->reason = ARMVM_EXIT_POWEROFF;
			ex->addr = 0;
			return 0;
		}
		cpu.pc += 4;
		if (cpu.dbg.single_step) {
			ex->debug = ARMVM_DEBUG_STEP;
			ex->addr = cpu.pc;
			return 0;
		}
	}
}

static void machine_reset(void)
{
	memset(&cpu, 0, sizeof(cpu));
	memset(ram, 0, sizeof(ram));
	for (unsigned i = 0; i < 8; i++)
		put_word(RAM + 4 * i, I_NOP);
	put_word(RAM + 0x20, I_STORE);
	put_word(RAM + 0x24, I_NOP);
	put_word(RAM + 0x28, I_POWEROFF);
	cpu.pc = RAM;
	cpu.pstate = 0x3c5;
	cpu.x[0] = 42;
	cpu.x[1] = DATA;
	cpu.sp = RAM + 0xf00;
	atomic_store(&the_vm.stop, false);
}

static void report(bool ok, const char *name, const char *why)
{
	printf("%s: gdb-server %s%s%s\n", ok ? "PASS" : "FAIL", name, ok ? "" : " ", ok ? "" : why);
	if (!ok)
		failures++;
}

struct run { struct gdb_server *g; struct armvm_exit ex; int rc; };
static void *runner(void *arg)
{
	struct run *r = arg;
	struct armvm_error e;
	r->rc = gdb_server_run(r->g, NULL, &r->ex, &e);
	return NULL;
}

static int start(struct run *r, int port, char *err, size_t errlen)
{
	char spec[32];
	snprintf(spec, sizeof(spec), "127.0.0.1:%d", port);
	machine_reset();
	memset(r, 0, sizeof(*r));
	return gdb_server_start(&r->g, &the_vm, spec, true, err, errlen);
}

static void test_gdb_session(int port)
{
	struct run r;
	char err[200], target[64], text[16384];
	if (start(&r, port, err, sizeof(err)) < 0) {
		report(false, "session", err);
		return;
	}
	pthread_t t;
	pthread_create(&t, NULL, runner, &r);
	snprintf(target, sizeof(target), "target remote 127.0.0.1:%d", port);
	int out[2];
	if (pipe(out))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(out[0]);
		execlp("gdb-multiarch", "gdb-multiarch", "-nx", "-batch", "-ex", "set confirm off",
		       "-ex", target, "-ex", "p/x $pc", "-ex", "break *0x40080010", "-ex", "hbreak *0x40080018",
		       "-ex", "watch *(long *)0x40080800", "-ex", "continue", "-ex", "p/x $pc",
		       "-ex", "continue", "-ex", "p/x $pc", "-ex", "stepi", "-ex", "p/x $pc",
		       "-ex", "continue", "-ex", "p/x $x0", "-ex", "continue", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	size_t got = 0;
	ssize_t n;
	while (got < sizeof(text) - 1 && (n = read(out[0], text + got, sizeof(text) - 1 - got)) > 0)
		got += (size_t)n;
	text[got] = '\0';
	close(out[0]);
	int status;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		printf("SKIP: gdb-server session gdb-multiarch is not installed\n");
		exit(failures ? 1 : 0);   /* the run loop still waits for a gdb */
	}
	pthread_join(t, NULL);
	gdb_server_destroy(r.g);
	const char *want[] = {
		"$1 = 0x40080000", "$2 = 0x40080010", "$3 = 0x40080018", "$4 = 0x4008001c",
		"Old value = 0", "New value = 42", "exited normally",
	};
	char why[700] = "";
	bool ok = r.rc == 0 && r.ex.reason == ARMVM_EXIT_POWEROFF;
	if (!ok)
		snprintf(why, sizeof(why), "run: rc %d reason %d", r.rc, (int)r.ex.reason);
	for (unsigned i = 0; ok && i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(text, want[i])) {
			snprintf(why, sizeof(why), "no '%s' in gdb's output: %.500s", want[i], text);
			ok = false;
		}
	if (ok && word(DATA) != 42) {
		snprintf(why, sizeof(why), "the watched store did not happen");
		ok = false;
	}
	report(ok, "session (breakpoint, hbreak, stepi, watch, exit)", why);
}

static void test_vanish(int port)
{
	struct run r;
	char err[200];
	if (start(&r, port, err, sizeof(err)) < 0) {
		report(false, "vanish", err);
		return;
	}
	pthread_t t;
	pthread_create(&t, NULL, runner, &r);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bool connected = false;
	for (int i = 0; i < 100 && !connected; i++) {
		connected = connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		if (!connected)
			usleep(10000);
	}
	/* garbage, then a breakpoint planted: $Z0,40080010,4#xx */
	const char junk[] = "}}$#zz\x03$m,,#00+-";
	send(s, junk, sizeof(junk) - 1, MSG_NOSIGNAL);
	char pkt[64];
	const char *z = "Z0,40080010,4";
	unsigned sum = 0;
	for (const char *p = z; *p; p++)
		sum += (uint8_t)*p;
	int len = snprintf(pkt, sizeof(pkt), "$%s#%02x", z, sum & 0xff);
	send(s, pkt, (size_t)len, MSG_NOSIGNAL);
	/* wait for its OK, then vanish */
	char buf[256];
	size_t got = 0;
	for (int i = 0; i < 200 && !strstr(buf, "$OK#"); i++) {
		ssize_t n = recv(s, buf + got, sizeof(buf) - 1 - got, MSG_DONTWAIT);
		if (n > 0) got += (size_t)n;
		buf[got] = '\0';
		usleep(10000);
	}
	bool planted = strstr(buf, "$OK#") && word(RAM + 0x10) == I_BRK;
	close(s);
	pthread_join(t, NULL);
	gdb_server_destroy(r.g);
	char why[200];
	snprintf(why, sizeof(why), "planted %d, run rc %d reason %d, word at the breakpoint 0x%08x",
		 planted, r.rc, (int)r.ex.reason, word(RAM + 0x10));
	report(planted && r.rc == 0 && r.ex.reason == ARMVM_EXIT_POWEROFF && word(RAM + 0x10) == I_NOP &&
	       word(DATA) == 42, "a client that vanishes leaves the guest running", why);
}

static void test_bad_spec(void)
{
	struct gdb_server *g;
	char err[200];
	bool ok = gdb_server_start(&g, &the_vm, "127.0.0.1:99999", false, err, sizeof(err)) < 0 &&
		  strstr(err, "bad port");
	ok = ok && gdb_server_start(&g, &the_vm, "example.org:1234", false, err, sizeof(err)) < 0 &&
	     strstr(err, "not an IP address");
	report(ok, "bad [HOST:]PORT refused", err);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	int base = 20000 + (int)(getpid() % 20000);
	test_bad_spec();
	test_vanish(base);
	test_gdb_session(base + 1);
	return failures ? 1 : 0;
}
