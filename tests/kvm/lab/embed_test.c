/* SPDX-License-Identifier: MIT */
/*
 * The library's embedding properties, checked from a plain program on an
 * arm64 KVM host: two VMs in one process running at once, a stop from
 * another thread, the AArch64 and AArch32 register mappings, MMIO reads and
 * writes, ROM, ioeventfd, PSCI power-off and reset, a guest access outside
 * every region, and the error paths. Prints PASS:/FAIL:/SKIP: lines.
 *
 *   armvm-embed-test [--kvm-path PATH]
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "armvm/armvm.h"

#define RAM_BASE   0x40000000ULL
#define RAM_SIZE   (2ULL << 20)
#define MMIO_BASE  0x0b000000ULL   /* the test window */
#define MMIO_SIZE  0x1000ULL
#define MAX_LOG    64
/* A guest that should end at once but has not within this long is hung. */
#define HANG_SECONDS 60

#define BLOB(name) extern const unsigned char name[], name##_end[]
BLOB(embed_a64_writer); BLOB(embed_a64_regdump); BLOB(embed_a64_spin);
BLOB(embed_a64_load); BLOB(embed_a64_reset); BLOB(embed_a32_blob);

static const char *kvm_path;
static int failed;

static void pass(const char *name) { printf("PASS: embed %s\n", name); fflush(stdout); }
static void fail(const char *name, const char *why)
{
	printf("FAIL: embed %s %s\n", name, why);
	fflush(stdout);
	failed = 1;
}

/* ---- a test MMIO device: logs writes, answers reads with a pattern ---- */
struct probe {
	pthread_mutex_t lock;
	uint64_t log[MAX_LOG];
	unsigned sizes[MAX_LOG];
	unsigned n;
	uint64_t writes;
	uint64_t reads;
	bool mixed;                  /* a write differed from the first */
	sem_t first_write;
};

static void probe_init(struct probe *p)
{
	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	sem_init(&p->first_write, 0, 0);
}

static void probe_write(void *opaque, uint64_t off, unsigned size, uint64_t v,
			unsigned vcpu)
{
	struct probe *p = opaque;
	(void)off; (void)vcpu;
	pthread_mutex_lock(&p->lock);
	if (p->n < MAX_LOG) {
		p->log[p->n] = v;
		p->sizes[p->n] = size;
		p->n++;
	}
	if (p->writes && v != p->log[0])
		p->mixed = true;
	if (p->writes++ == 0)
		sem_post(&p->first_write);
	pthread_mutex_unlock(&p->lock);
}

static uint64_t probe_read(void *opaque, uint64_t off, unsigned size, unsigned vcpu)
{
	struct probe *p = opaque;
	(void)size; (void)vcpu;
	p->reads++;
	return 0x1122334455667788ULL ^ off;
}

static const struct armvm_mmio_ops probe_ops = { .read = probe_read, .write = probe_write };

/* ---- VM helpers ---- */
struct tvm {
	struct armvm_vm *vm;
	void *ram;
	struct probe probe;
};

static int tvm_create_n(struct tvm *t, enum armvm_arch arch, unsigned nr_vcpus,
			const unsigned char *code, const unsigned char *code_end,
			struct armvm_error *err)
{
	struct armvm_vm_config cfg = {
		.arch = arch, .nr_vcpus = nr_vcpus, .gic = ARMVM_GIC_AUTO,
		.kvm_path = kvm_path,
	};
	probe_init(&t->probe);
	if (armvm_vm_create(&cfg, &t->vm, err) < 0)
		return -1;
	if (armvm_map_ram(t->vm, RAM_BASE, RAM_SIZE, &t->ram, err) < 0 ||
	    armvm_add_mmio(t->vm, MMIO_BASE, MMIO_SIZE, &probe_ops, &t->probe, err) < 0)
		return -1;
	memcpy(t->ram, code, (size_t)(code_end - code));
	struct armvm_vcpu *v = armvm_vcpu_get(t->vm, 0);
	if (arch == ARMVM_ARCH_AARCH64)
		return armvm_reg_set(v, ARMVM_REG_PC, RAM_BASE, err) < 0 ||
		       armvm_reg_set(v, ARMVM_REG_X0 + 28, MMIO_BASE, err) < 0 ? -1 : 0;
	return armvm_reg_set(v, ARMVM_REG_R15, RAM_BASE, err) < 0 ||
	       armvm_reg_set(v, ARMVM_REG_R0 + 12, MMIO_BASE, err) < 0 ? -1 : 0;
}

static int tvm_create(struct tvm *t, enum armvm_arch arch, const unsigned char *code,
		      const unsigned char *code_end, struct armvm_error *err)
{
	return tvm_create_n(t, arch, 1, code, code_end, err);
}

static void tvm_destroy(struct tvm *t)
{
	armvm_vm_destroy(t->vm);
	t->vm = NULL;
}

static void *hang_guard(void *arg)
{
	const char *name = arg;
	sleep(HANG_SECONDS);
	printf("FAIL: embed %s hung for %d s\n", name, HANG_SECONDS);
	fflush(stdout);
	_exit(1);
}

/* Run with a guard against a hang; returns armvm_vm_run's result. */
static int run_guarded(struct tvm *t, const char *name, struct armvm_exit *ex,
		       struct armvm_error *err)
{
	pthread_t g;
	pthread_create(&g, NULL, hang_guard, (void *)name);
	int r = armvm_vm_run(t->vm, ex, err);
	pthread_cancel(g);
	pthread_join(g, NULL);
	return r;
}

/* ---- tests ---- */

struct writer_ctx {
	struct tvm t;
	uint64_t value;
	struct armvm_exit ex;
	int rc;
	struct armvm_error err;
};

static void *writer_thread(void *arg)
{
	struct writer_ctx *w = arg;
	w->rc = armvm_vm_run(w->t.vm, &w->ex, &w->err);
	return NULL;
}

/* Two VMs in one process, running at the same time, each seeing only its own
 * guest's writes. */
static void test_two_vms(void)
{
	const char *name = "two-vms-one-process";
	static struct writer_ctx w[2];
	const uint64_t count = 5000;
	char why[300];
	for (int i = 0; i < 2; i++) {
		w[i].value = 0xA0000000ULL + (uint64_t)i;
		if (tvm_create(&w[i].t, ARMVM_ARCH_AARCH64, embed_a64_writer,
			       embed_a64_writer_end, &w[i].err) < 0) {
			fail(name, w[i].err.msg);
			return;
		}
		struct armvm_vcpu *v = armvm_vcpu_get(w[i].t.vm, 0);
		armvm_reg_set(v, ARMVM_REG_X0, w[i].value, NULL);
		armvm_reg_set(v, ARMVM_REG_X0 + 1, count, NULL);
	}
	pthread_t th[2], g;
	pthread_create(&g, NULL, hang_guard, (void *)name);
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, writer_thread, &w[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	pthread_cancel(g);
	pthread_join(g, NULL);
	bool ok = true;
	why[0] = 0;
	for (int i = 0; i < 2; i++) {
		struct probe *p = &w[i].t.probe;
		struct armvm_stats st;
		armvm_vm_stats(w[i].t.vm, &st);
		if (w[i].rc < 0 || w[i].ex.reason != ARMVM_EXIT_POWEROFF ||
		    p->writes != count || p->mixed || p->log[0] != w[i].value ||
		    st.mmio_exits != count) {
			snprintf(why, sizeof(why), "vm %d: rc %d reason %d writes %llu "
				 "mmio_exits %llu first 0x%llx mixed %d %s", i, w[i].rc,
				 (int)w[i].ex.reason, (unsigned long long)p->writes,
				 (unsigned long long)st.mmio_exits,
				 (unsigned long long)p->log[0], p->mixed, w[i].err.msg);
			ok = false;
		}
		tvm_destroy(&w[i].t);
	}
	ok ? pass(name) : fail(name, why);
}

struct stopper { struct tvm *t; };

static void *stopper_thread(void *arg)
{
	struct stopper *s = arg;
	/* Wait until the guest has run (its one write), then stop it while it
	 * spins inside KVM_RUN with no exits of its own. */
	sem_wait(&s->t->probe.first_write);
	usleep(20000);
	armvm_vm_stop(s->t->vm);
	return NULL;
}

static void test_stop_from_thread(void)
{
	const char *name = "stop-from-another-thread";
	struct tvm t;
	struct armvm_error err;
	struct armvm_exit ex;
	if (tvm_create(&t, ARMVM_ARCH_AARCH64, embed_a64_spin, embed_a64_spin_end,
		       &err) < 0) {
		fail(name, err.msg);
		return;
	}
	struct stopper s = { &t };
	pthread_t th;
	pthread_create(&th, NULL, stopper_thread, &s);
	int r = run_guarded(&t, name, &ex, &err);
	pthread_join(th, NULL);
	char why[200];
	snprintf(why, sizeof(why), "rc %d reason %d writes %llu", r, (int)ex.reason,
		 (unsigned long long)t.probe.writes);
	if (r == 0 && ex.reason == ARMVM_EXIT_STOPPED && t.probe.writes == 1)
		pass(name);
	else
		fail(name, why);

	/* The VM can be stopped again from the calling thread's side: a stop
	 * requested before running makes the next run return at once. */
	armvm_vm_stop(t.vm);
	r = run_guarded(&t, "stop-before-run", &ex, &err);
	if (r == 0 && ex.reason == ARMVM_EXIT_STOPPED)
		pass("stop-before-run");
	else
		fail("stop-before-run", "a pending stop was not honoured");
	tvm_destroy(&t);
}

/* armvm_vm_run with secondaries that were never powered on: the stop must
 * reach the threads parked in KVM_RUN for them too, and all be joined. */
static void test_stop_smp(void)
{
	const char *name = "stop-smp-vm-run";
	struct tvm t;
	struct armvm_error err;
	struct armvm_exit ex;
	if (tvm_create_n(&t, ARMVM_ARCH_AARCH64, 4, embed_a64_spin, embed_a64_spin_end,
			 &err) < 0) {
		fail(name, err.msg);
		tvm_destroy(&t);
		return;
	}
	struct stopper s = { &t };
	pthread_t th;
	pthread_create(&th, NULL, stopper_thread, &s);
	int r = run_guarded(&t, name, &ex, &err);
	pthread_join(th, NULL);
	char why[200];
	snprintf(why, sizeof(why), "rc %d reason %d writes %llu vcpus %u", r,
		 (int)ex.reason, (unsigned long long)t.probe.writes,
		 armvm_vm_nr_vcpus(t.vm));
	if (r == 0 && ex.reason == ARMVM_EXIT_STOPPED && t.probe.writes == 1 &&
	    armvm_vm_nr_vcpus(t.vm) == 4)
		pass(name);
	else
		fail(name, why);
	tvm_destroy(&t);
}

static void test_regs_a64(void)
{
	const char *name = "aarch64-registers";
	struct tvm t;
	struct armvm_error err;
	struct armvm_exit ex;
	char why[300];
	if (tvm_create(&t, ARMVM_ARCH_AARCH64, embed_a64_regdump,
		       embed_a64_regdump_end, &err) < 0) {
		fail(name, err.msg);
		return;
	}
	struct armvm_vcpu *v = armvm_vcpu_get(t.vm, 0);
	for (unsigned i = 0; i <= 30; i++)
		if (i != 28)
			armvm_reg_set(v, ARMVM_REG_X0 + i, 0x1000 + i * 0x11, NULL);
	/* PSTATE at reset is EL1h, so SP is SP_EL1. */
	armvm_reg_set(v, ARMVM_REG_SP, RAM_BASE + 0x8000, NULL);
	uint64_t sp_el1 = 0, x5 = 0;
	armvm_reg_get(v, ARMVM_REG_SP_EL1, &sp_el1, NULL);
	armvm_reg_get(v, ARMVM_REG_X0 + 5, &x5, NULL);
	int r = run_guarded(&t, name, &ex, &err);
	bool ok = r == 0 && ex.reason == ARMVM_EXIT_POWEROFF && t.probe.n == 31 &&
		  sp_el1 == RAM_BASE + 0x8000 && x5 == 0x1055;
	snprintf(why, sizeof(why), "rc %d reason %d writes %u sp_el1 0x%llx", r,
		 (int)ex.reason, t.probe.n, (unsigned long long)sp_el1);
	for (unsigned i = 0, k = 0; ok && i <= 30; i++) {
		if (i == 28)
			continue;
		if (t.probe.log[k] != 0x1000 + i * 0x11 || t.probe.sizes[k] != 8) {
			snprintf(why, sizeof(why), "x%u came out as 0x%llx", i,
				 (unsigned long long)t.probe.log[k]);
			ok = false;
		}
		k++;
	}
	if (ok && t.probe.log[30] != RAM_BASE + 0x8000) {
		snprintf(why, sizeof(why), "sp came out as 0x%llx",
			 (unsigned long long)t.probe.log[30]);
		ok = false;
	}
	uint64_t pc = 0;
	armvm_reg_get(v, ARMVM_REG_PC, &pc, NULL);
	if (ok && (pc < RAM_BASE || pc >= RAM_BASE + 0x1000)) {
		snprintf(why, sizeof(why), "pc after the run 0x%llx", (unsigned long long)pc);
		ok = false;
	}
	ok ? pass(name) : fail(name, why);
	tvm_destroy(&t);
}

static void test_regs_a32(void)
{
	const char *name = "aarch32-registers";
	if (!armvm_host_supports_aarch32(kvm_path)) {
		printf("SKIP: embed %s the host cannot run AArch32 guests "
		       "(no KVM_CAP_ARM_EL1_32BIT)\n", name);
		return;
	}
	struct tvm t;
	struct armvm_error err;
	struct armvm_exit ex;
	char why[300];
	if (tvm_create(&t, ARMVM_ARCH_AARCH32, embed_a32_blob, embed_a32_blob_end,
		       &err) < 0) {
		fail(name, err.msg);
		tvm_destroy(&t);
		return;
	}
	struct armvm_vcpu *v = armvm_vcpu_get(t.vm, 0);
	uint64_t cpsr = 0;
	armvm_reg_get(v, ARMVM_REG_CPSR, &cpsr, NULL);
	for (unsigned i = 0; i < 12; i++)
		armvm_reg_set(v, ARMVM_REG_R0 + i, 0x100 + i, NULL);
	/* In SVC mode (the reset mode) R13/R14 are the SVC bank. */
	armvm_reg_set(v, ARMVM_REG_R13, 0x200d, NULL);
	armvm_reg_set(v, ARMVM_REG_R14, 0x200e, NULL);
	armvm_reg_set(v, ARMVM_REG_SP_IRQ, 0x300d, NULL);
	armvm_reg_set(v, ARMVM_REG_LR_IRQ, 0x300e, NULL);
	for (unsigned i = 0; i < 5; i++)
		armvm_reg_set(v, ARMVM_REG_R8_FIQ + i, 0x408 + i, NULL);
	armvm_reg_set(v, ARMVM_REG_SP_FIQ, 0x400d, NULL);
	armvm_reg_set(v, ARMVM_REG_LR_FIQ, 0x400e, NULL);
	uint64_t sp_svc = 0, sp_usr = 0;
	armvm_reg_get(v, ARMVM_REG_SP_SVC, &sp_svc, NULL);
	armvm_reg_get(v, ARMVM_REG_SP_USR, &sp_usr, NULL);
	int r = run_guarded(&t, name, &ex, &err);
	static const uint64_t want[] = {
		0x100, 0x101, 0x102, 0x103, 0x104, 0x105, 0x106, 0x107, 0x108, 0x109,
		0x10a, 0x10b, 0x200d, 0x200e, 0x300d, 0x300e,
		0x408, 0x409, 0x40a, 0x40b, 0x40c, 0x400d, 0x400e,
	};
	bool ok = r == 0 && ex.reason == ARMVM_EXIT_POWEROFF && t.probe.n == 23 &&
		  (cpsr & 0x1f) == 0x13 && sp_svc == 0x200d && sp_usr != 0x200d;
	snprintf(why, sizeof(why), "rc %d reason %d writes %u cpsr 0x%llx sp_svc 0x%llx %s",
		 r, (int)ex.reason, t.probe.n, (unsigned long long)cpsr,
		 (unsigned long long)sp_svc, r < 0 ? err.msg : ex.detail);
	for (unsigned i = 0; ok && i < 23; i++)
		if (t.probe.log[i] != want[i] || t.probe.sizes[i] != 4) {
			int n = snprintf(why, sizeof(why), "store %u: 0x%llx, want 0x%llx; all:", i,
				 (unsigned long long)t.probe.log[i],
				 (unsigned long long)want[i]);
			for (unsigned k = 0; k < t.probe.n && n < (int)sizeof(why) - 12; k++)
				n += snprintf(why + n, sizeof(why) - (size_t)n, " %llx",
					      (unsigned long long)t.probe.log[k]);
			ok = false;
		}
	/* And back: what the guest left in its SVC bank. */
	uint64_t sp_after = 0, lr_after = 0, r13_after = 0;
	armvm_reg_get(v, ARMVM_REG_SP_SVC, &sp_after, NULL);
	armvm_reg_get(v, ARMVM_REG_LR_SVC, &lr_after, NULL);
	armvm_reg_get(v, ARMVM_REG_R13, &r13_after, NULL);
	if (ok && (sp_after != 0x5000 || lr_after != 0x6000 || r13_after != 0x5000)) {
		snprintf(why, sizeof(why), "after the run sp_svc 0x%llx lr_svc 0x%llx r13 0x%llx",
			 (unsigned long long)sp_after, (unsigned long long)lr_after,
			 (unsigned long long)r13_after);
		ok = false;
	}
	uint64_t x;
	if (ok && armvm_reg_get(v, ARMVM_REG_X0, &x, &err) != ARMVM_E_INVAL) {
		snprintf(why, sizeof(why), "an AArch64 register was accepted on an AArch32 VM");
		ok = false;
	}
	ok ? pass(name) : fail(name, why);
	tvm_destroy(&t);
}

/* MMIO read data reaches the guest; ROM reads are native, writes dropped. */
static void test_mmio_read_and_rom(void)
{
	const char *name = "mmio-read";
	struct tvm t;
	struct armvm_error err;
	struct armvm_exit ex;
	char why[300];
	if (tvm_create(&t, ARMVM_ARCH_AARCH64, embed_a64_load, embed_a64_load_end,
		       &err) < 0) {
		fail(name, err.msg);
		return;
	}
	armvm_reg_set(armvm_vcpu_get(t.vm, 0), ARMVM_REG_X0, MMIO_BASE + 0x40, NULL);
	int r = run_guarded(&t, name, &ex, &err);
	uint64_t want = 0x1122334455667788ULL ^ 0x40;
	if (r == 0 && ex.reason == ARMVM_EXIT_POWEROFF && t.probe.n == 3 &&
	    t.probe.log[0] == want && t.probe.log[2] == want)
		pass(name);
	else {
		snprintf(why, sizeof(why), "rc %d reason %d writes %u first 0x%llx", r,
			 (int)ex.reason, t.probe.n, (unsigned long long)t.probe.log[0]);
		fail(name, why);
	}
	tvm_destroy(&t);

	name = "rom";
	if (tvm_create(&t, ARMVM_ARCH_AARCH64, embed_a64_load, embed_a64_load_end,
		       &err) < 0) {
		fail(name, err.msg);
		return;
	}
	const uint64_t rom_gpa = 0x100000, rom_word = 0xfeedfacecafef00dULL;
	if (armvm_map_rom(t.vm, rom_gpa, 0x1000, &rom_word, sizeof(rom_word), &err) < 0) {
		fail(name, err.msg);
		tvm_destroy(&t);
		return;
	}
	armvm_reg_set(armvm_vcpu_get(t.vm, 0), ARMVM_REG_X0, rom_gpa, NULL);
	r = run_guarded(&t, name, &ex, &err);
	struct armvm_stats st;
	armvm_vm_stats(t.vm, &st);
	/* The guest loads, stores the value back (dropped) and loads again. */
	if (r == 0 && ex.reason == ARMVM_EXIT_POWEROFF && t.probe.n == 2 &&
	    t.probe.log[0] == rom_word && t.probe.log[1] == rom_word &&
	    st.rom_writes_dropped == 1)
		pass(name);
	else {
		snprintf(why, sizeof(why), "rc %d reason %d writes %u value 0x%llx dropped %llu %s",
			 r, (int)ex.reason, t.probe.n, (unsigned long long)t.probe.log[0],
			 (unsigned long long)st.rom_writes_dropped, ex.detail);
		fail(name, why);
	}
	tvm_destroy(&t);
}

/* A guest access outside every region ends the run as a crash naming it. */
static void test_unmapped_access(void)
{
	const char *name = "unmapped-access-crash";
	struct tvm t;
	struct armvm_error err;
	struct armvm_exit ex;
	if (tvm_create(&t, ARMVM_ARCH_AARCH64, embed_a64_load, embed_a64_load_end,
		       &err) < 0) {
		fail(name, err.msg);
		return;
	}
	armvm_reg_set(armvm_vcpu_get(t.vm, 0), ARMVM_REG_X0, 0x20000008ULL, NULL);
	int r = run_guarded(&t, name, &ex, &err);
	char why[300];
	snprintf(why, sizeof(why), "rc %d reason %d addr 0x%llx detail '%s'", r,
		 (int)ex.reason, (unsigned long long)ex.addr, ex.detail);
	if (r == 0 && ex.reason == ARMVM_EXIT_CRASH && ex.addr == 0x20000008ULL &&
	    strstr(ex.detail, "0x20000008"))
		pass(name);
	else
		fail(name, why);
	tvm_destroy(&t);
}

/* An ioeventfd write completes in the kernel: the eventfd counts it and the
 * MMIO callback never sees it. Then PSCI SYSTEM_RESET reaches the embedder. */
static void test_ioeventfd_and_reset(void)
{
	const char *name = "ioeventfd";
	struct tvm t;
	struct armvm_error err;
	struct armvm_exit ex;
	char why[300];
	if (tvm_create(&t, ARMVM_ARCH_AARCH64, embed_a64_reset, embed_a64_reset_end,
		       &err) < 0) {
		fail(name, err.msg);
		return;
	}
	int efd = eventfd(0, EFD_NONBLOCK);
	const uint64_t bell = 0x0c000000ULL;
	if (armvm_add_ioeventfd(t.vm, bell, 4, true, 0x5a, efd, &err) < 0) {
		fail(name, err.msg);
		close(efd);
		tvm_destroy(&t);
		return;
	}
	struct armvm_vcpu *v = armvm_vcpu_get(t.vm, 0);
	armvm_reg_set(v, ARMVM_REG_X0, bell, NULL);
	armvm_reg_set(v, ARMVM_REG_X0 + 2, 0x5a, NULL);
	int r = run_guarded(&t, name, &ex, &err);
	uint64_t count = 0;
	ssize_t n = read(efd, &count, sizeof(count));
	snprintf(why, sizeof(why), "rc %d reason %d eventfd %llu (read %zd) writes %u",
		 r, (int)ex.reason, (unsigned long long)count, n, t.probe.n);
	if (r == 0 && count == 1 && t.probe.n == 1 && t.probe.log[0] == 0x5a)
		pass(name);
	else
		fail(name, why);
	if (r == 0 && ex.reason == ARMVM_EXIT_RESET)
		pass("psci-system-reset");
	else
		fail("psci-system-reset", why);
	close(efd);
	tvm_destroy(&t);
}

static void expect_code(const char *name, int got, int want, const struct armvm_error *e)
{
	char why[400];
	if (got == want && e->msg[0] && !strchr(e->msg, '\n'))
		pass(name);
	else {
		snprintf(why, sizeof(why), "returned %d, want %d (%s)", got, want, e->msg);
		fail(name, why);
	}
}

static void test_errors(void)
{
	struct armvm_error err;
	struct armvm_vm *vm;
	struct armvm_vm_config cfg = { .arch = ARMVM_ARCH_AARCH64, .nr_vcpus = 1,
				       .kvm_path = "/nonexistent/kvm" };
	err.msg[0] = 0;
	expect_code("error-no-kvm", armvm_vm_create(&cfg, &vm, &err), ARMVM_E_NOKVM, &err);
	cfg.kvm_path = kvm_path;
	cfg.nr_vcpus = 0;
	err.msg[0] = 0;
	expect_code("error-zero-vcpus", armvm_vm_create(&cfg, &vm, &err), ARMVM_E_INVAL, &err);
	cfg.nr_vcpus = ARMVM_MAX_VCPUS + 1;
	err.msg[0] = 0;
	expect_code("error-too-many-vcpus", armvm_vm_create(&cfg, &vm, &err), ARMVM_E_INVAL, &err);

	struct tvm t;
	if (tvm_create(&t, ARMVM_ARCH_AARCH64, embed_a64_spin, embed_a64_spin_end, &err) < 0) {
		fail("error-paths", err.msg);
		return;
	}
	err.msg[0] = 0;
	expect_code("error-ram-overlap",
		    armvm_map_ram(t.vm, RAM_BASE + RAM_SIZE - 0x1000, 0x2000, NULL, &err),
		    ARMVM_E_OVERLAP, &err);
	err.msg[0] = 0;
	expect_code("error-mmio-overlap",
		    armvm_add_mmio(t.vm, MMIO_BASE + 0x800, 0x10, &probe_ops, NULL, &err),
		    ARMVM_E_OVERLAP, &err);
	err.msg[0] = 0;
	expect_code("error-ram-unaligned", armvm_map_ram(t.vm, 0x80000123, 0x1000, NULL, &err),
		    ARMVM_E_INVAL, &err);
	err.msg[0] = 0;
	expect_code("error-ram-over-gic", armvm_map_ram(t.vm, 0x08000000, 0x10000, NULL, &err),
		    ARMVM_E_OVERLAP, &err);
	uint64_t val;
	err.msg[0] = 0;
	expect_code("error-wrong-width-register",
		    armvm_reg_get(armvm_vcpu_get(t.vm, 0), ARMVM_REG_CPSR, &val, &err),
		    ARMVM_E_INVAL, &err);
	err.msg[0] = 0;
	expect_code("error-spi-range", armvm_irq_set(t.vm, 100000, true, &err),
		    ARMVM_E_RANGE, &err);
	if (armvm_irq_set(t.vm, 48, true, &err) == 0 && armvm_irq_set(t.vm, 48, false, &err) == 0)
		pass("irq-line");
	else
		fail("irq-line", err.msg);
	int efd = eventfd(0, 0);
	if (armvm_add_irqfd(t.vm, 40, efd, &err) == 0)
		pass("irqfd");
	else
		fail("irqfd", err.msg);
	/* The memory map stays open after a run (armvm-memmap-test has the
	 * rest of that). */
	armvm_vm_stop(t.vm);
	struct armvm_exit ex;
	run_guarded(&t, "error-paths", &ex, &err);
	if (armvm_add_mmio(t.vm, 0x0c100000, 0x10, &probe_ops, NULL, &err) == 0)
		pass("add-after-run");
	else
		fail("add-after-run", err.msg);
	close(efd);
	tvm_destroy(&t);
}

/* Guest memory by virtual address with the guest's MMU off (reset state):
 * KVM's EL1 translation registers read, the walk flat, copies exact up to
 * the end of RAM, ARMVM_E_RANGE beyond. The table walks themselves are
 * unit-tested natively (tests/arch/test_stage1.c). */
static void test_virt_memory(void)
{
	const char *name = "virtual-memory";
	struct tvm t;
	struct armvm_error err;
	char why[300] = "";
	uint8_t buf[64], pattern[64];
	size_t done = 0;

	if (tvm_create(&t, ARMVM_ARCH_AARCH64, embed_a64_spin, embed_a64_spin_end, &err) < 0) {
		fail(name, err.msg);
		return;
	}
	struct armvm_vcpu *v = armvm_vcpu_get(t.vm, 0);
	for (unsigned i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 13 + 7);
	bool ok = true;
	if (armvm_vcpu_read_virt(v, RAM_BASE, buf, 16, &done, &err) < 0 || done != 16 ||
	    memcmp(buf, t.ram, 16)) {
		snprintf(why, sizeof(why), "reading the code at RAM base: %s (done %zu)", err.msg, done);
		ok = false;
	} else if (armvm_vcpu_write_virt(v, RAM_BASE + 0x1000, pattern, sizeof(pattern), &done, &err) < 0 ||
		   memcmp((uint8_t *)t.ram + 0x1000, pattern, sizeof(pattern))) {
		snprintf(why, sizeof(why), "writing RAM: %s", err.msg);
		ok = false;
	} else if (armvm_vcpu_read_virt(v, RAM_BASE + RAM_SIZE - 10, buf, sizeof(buf), &done, &err) !=
		   ARMVM_E_RANGE) {
		snprintf(why, sizeof(why), "a read across the end of RAM did not fail with ARMVM_E_RANGE");
		ok = false;
	} else if (done != 10 || memcmp(buf, (uint8_t *)t.ram + RAM_SIZE - 10, 10)) {
		snprintf(why, sizeof(why), "a read across the end of RAM copied %zu bytes, want 10", done);
		ok = false;
	}
	ok ? pass(name) : fail(name, why);
	tvm_destroy(&t);
}

/* One vCPU run on this thread with the hang guard. */
static int vcpu_run_guarded(struct armvm_vcpu *v, const char *name, struct armvm_exit *ex,
			    struct armvm_error *err)
{
	pthread_t g;
	pthread_create(&g, NULL, hang_guard, (void *)name);
	int r = armvm_vcpu_run(v, ex, err);
	pthread_cancel(g);
	pthread_join(g, NULL);
	return r;
}

/* Guest debugging through the library: a software breakpoint planted with
 * armvm_vcpu_write_virt, a single step, a watchpoint on a store, a hardware
 * breakpoint, then off and on to power-off. embed_a64_load: +0 ldr x2,[x0]
 * +4 str x2,[x28] +8 str x2,[x0] +0xc ldr x2,[x0] +0x10 str x2,[x28]. */
static void test_debug(void)
{
	const char *name = "debug";
	struct tvm t;
	struct armvm_error err;
	struct armvm_exit ex;
	char why[700] = "";
	unsigned bps = 0, wps = 0;
	const uint64_t data = RAM_BASE + 0x1000;
	const uint8_t brk[4] = { 0x00, 0x00, 0x20, 0xd4 };   /* BRK #0 */
	uint8_t orig[4];

	if (tvm_create(&t, ARMVM_ARCH_AARCH64, embed_a64_load, embed_a64_load_end, &err) < 0) {
		fail(name, err.msg);
		return;
	}
	armvm_vm_debug_limits(t.vm, &bps, &wps);
	if (!bps || !wps) {
		printf("SKIP: embed %s this host's KVM has no guest debug (%u breakpoints, %u watchpoints)\n",
		       name, bps, wps);
		tvm_destroy(&t);
		return;
	}
	struct armvm_vcpu *v = armvm_vcpu_get(t.vm, 0);
	armvm_reg_set(v, ARMVM_REG_X0, data, NULL);
	struct armvm_debug d = { .sw_breakpoints = true };
	bool ok = false;
	if (armvm_vcpu_read_virt(v, RAM_BASE + 4, orig, 4, NULL, &err) < 0 ||
	    armvm_vcpu_write_virt(v, RAM_BASE + 4, brk, 4, NULL, &err) < 0 ||
	    armvm_vcpu_set_debug(v, &d, &err) < 0)
		snprintf(why, sizeof(why), "setting a software breakpoint: %s", err.msg);
	else if (vcpu_run_guarded(v, name, &ex, &err) < 0 || ex.reason != ARMVM_EXIT_DEBUG ||
		 ex.addr != RAM_BASE + 4 || !strstr(ex.detail, "software breakpoint"))
		snprintf(why, sizeof(why), "software breakpoint: reason %d addr 0x%llx '%s'", (int)ex.reason,
			 (unsigned long long)ex.addr, ex.detail);
	else if (armvm_vcpu_write_virt(v, RAM_BASE + 4, orig, 4, NULL, &err) < 0 ||
		 armvm_vcpu_set_debug(v, &(struct armvm_debug){ .single_step = true }, &err) < 0 ||
		 vcpu_run_guarded(v, name, &ex, &err) < 0 || ex.reason != ARMVM_EXIT_DEBUG ||
		 ex.addr != RAM_BASE + 8 || !strstr(ex.detail, "single step") || t.probe.n != 1)
		snprintf(why, sizeof(why), "single step: reason %d addr 0x%llx '%s' writes %u (%s)",
			 (int)ex.reason, (unsigned long long)ex.addr, ex.detail, t.probe.n, err.msg);
	else if (armvm_vcpu_set_debug(v, &(struct armvm_debug){ .nr_watchpoints = 1,
			.watchpoint = { { .addr = data, .len = 8, .on_write = true } } }, &err) < 0 ||
		 vcpu_run_guarded(v, name, &ex, &err) < 0 || ex.reason != ARMVM_EXIT_DEBUG ||
		 ex.addr != data || !strstr(ex.detail, "watchpoint"))
		snprintf(why, sizeof(why), "watchpoint: reason %d addr 0x%llx '%s' (%s)", (int)ex.reason,
			 (unsigned long long)ex.addr, ex.detail, err.msg);
	else if (armvm_vcpu_set_debug(v, &(struct armvm_debug){ .nr_breakpoints = 1,
			.breakpoint = { RAM_BASE + 0x10 } }, &err) < 0 ||
		 vcpu_run_guarded(v, name, &ex, &err) < 0 || ex.reason != ARMVM_EXIT_DEBUG ||
		 ex.addr != RAM_BASE + 0x10 || !strstr(ex.detail, "hardware breakpoint"))
		snprintf(why, sizeof(why), "hardware breakpoint: reason %d addr 0x%llx '%s' (%s)",
			 (int)ex.reason, (unsigned long long)ex.addr, ex.detail, err.msg);
	else if (armvm_vcpu_set_debug(v, &(struct armvm_debug){ .nr_breakpoints = bps + 1 }, &err) !=
		 ARMVM_E_RANGE)
		snprintf(why, sizeof(why), "%u breakpoints were not refused", bps + 1);
	else if (armvm_vcpu_set_debug(v, &(struct armvm_debug){ 0 }, &err) < 0 ||
		 vcpu_run_guarded(v, name, &ex, &err) < 0 || ex.reason != ARMVM_EXIT_POWEROFF)
		snprintf(why, sizeof(why), "debugging off: reason %d '%s' (%s)", (int)ex.reason, ex.detail,
			 err.msg);
	else
		ok = true;
	ok ? pass(name) : fail(name, why);
	tvm_destroy(&t);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--kvm-path"))
		kvm_path = argv[2];
	else if (argc != 1) {
		fprintf(stderr, "usage: %s [--kvm-path PATH]\n", argv[0]);
		return 2;
	}
	if (access(kvm_path ? kvm_path : "/dev/kvm", R_OK | W_OK) < 0) {
		printf("SKIP: embed all no usable %s\n", kvm_path ? kvm_path : "/dev/kvm");
		return 0;
	}
	test_two_vms();
	test_stop_from_thread();
	test_stop_smp();
	test_regs_a64();
	test_regs_a32();
	test_mmio_read_and_rom();
	test_unmapped_access();
	test_ioeventfd_and_reset();
	test_errors();
	test_virt_memory();
	test_debug();
	return failed;
}
