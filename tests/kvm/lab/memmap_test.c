/* SPDX-License-Identifier: MIT */
/*
 * The library's changing memory map, dirty tracking and hypercalls, checked
 * on an arm64 KVM host in both guest widths (memmap_a64.S, memmap_a32.S):
 *   move       a region moved while four vCPUs read it: once the call
 *              returns, every value any vCPU reports comes from the new map
 *   alias      the same host memory at two guest addresses; removing the
 *              aliased region first is refused
 *   rowrite    guest writes to read-only RAM reach the callback with
 *              address, size and value, and leave the memory unchanged
 *   dirty      exactly the pages the guest wrote, then none
 *   hypercall  HVC and SMC answered by the callback, values both ways, on a
 *              host with KVM's SMCCC filter (Linux 6.4+); ARMVM_E_UNSUPPORTED
 *              and the host kernel's NOT_SUPPORTED answer on an older one
 * Prints PASS:/FAIL:/SKIP: lines.   armvm-memmap-test [--only hypercall]
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "armvm/armvm.h"

#define RAM_BASE   0x40000000ULL
#define REPORT     0x0b000000ULL
#define WINDOW     0x50000000ULL
#define WAIT_S     120

#define BLOB(name) extern const unsigned char name[], name##_end[]
BLOB(mm_a64_watch); BLOB(mm_a64_rowrite); BLOB(mm_a64_dirty);
BLOB(mm_a64_hypercall); BLOB(mm_a32_blob);
enum guest { G_WATCH, G_ROWRITE, G_DIRTY, G_HYPERCALL };

static int failed;
static const char *width;
static void result(bool ok, const char *name, const char *why)
{
	printf("%s: memmap %s [%s]%s%s\n", ok ? "PASS" : "FAIL", name, width,
	       ok ? "" : " ", ok ? "" : why);
	fflush(stdout);
	failed |= !ok;
}

/* The REPORT window: per-vCPU slots (offset / 8) and a log of writes. */
struct report {
	pthread_mutex_t lock;
	uint64_t last[4], count[4], log[16];
	unsigned n;
	atomic_ullong want, wrong;   /* after a move: values must be `want` */
};
static void report_write(void *o, uint64_t off, unsigned size, uint64_t v, unsigned vcpu)
{
	struct report *r = o;
	(void)size; (void)vcpu;
	pthread_mutex_lock(&r->lock);
	if (off / 8 < 4) {
		r->last[off / 8] = v;
		r->count[off / 8]++;
	}
	if (r->n < 16)
		r->log[r->n++] = v;
	uint64_t want = atomic_load(&r->want);
	if (want && v != want)
		atomic_fetch_add(&r->wrong, 1);
	pthread_mutex_unlock(&r->lock);
}
static uint64_t report_read(void *o, uint64_t off, unsigned size, unsigned vcpu)
{
	(void)o; (void)off; (void)size; (void)vcpu;
	return 0;
}
static const struct armvm_mmio_ops report_ops = { report_read, report_write };

struct t {
	struct armvm_vm *vm;
	struct report rep;
	struct armvm_exit ex;
	struct armvm_error err;
	int rc;
	pthread_t thread;
};

static int t_create(struct t *t, enum armvm_arch arch, unsigned nr, enum guest g)
{
	struct armvm_vm_config cfg = { .arch = arch, .nr_vcpus = nr };
	void *ram;
	memset(t, 0, sizeof(*t));
	pthread_mutex_init(&t->rep.lock, NULL);
	if (armvm_vm_create(&cfg, &t->vm, &t->err) < 0 ||
	    armvm_map_ram(t->vm, RAM_BASE, 1 << 20, &ram, &t->err) < 0 ||
	    armvm_add_mmio(t->vm, REPORT, 0x1000, &report_ops, &t->rep, &t->err) < 0)
		return -1;
	struct armvm_vcpu *v = armvm_vcpu_get(t->vm, 0);
	if (arch == ARMVM_ARCH_AARCH32) {
		memcpy(ram, mm_a32_blob, (size_t)(mm_a32_blob_end - mm_a32_blob));
		return armvm_reg_set(v, ARMVM_REG_R15, RAM_BASE + 4 * g, &t->err);
	}
	static const unsigned char *const blobs[][2] = {
		{ mm_a64_watch, mm_a64_watch_end }, { mm_a64_rowrite, mm_a64_rowrite_end },
		{ mm_a64_dirty, mm_a64_dirty_end }, { mm_a64_hypercall, mm_a64_hypercall_end },
	};
	memcpy(ram, blobs[g][0], (size_t)(blobs[g][1] - blobs[g][0]));
	return armvm_reg_set(v, ARMVM_REG_PC, RAM_BASE, &t->err);
}
/* Argument register n (x<n> / r<n>) of vCPU 0. */
static void t_arg(struct t *t, unsigned n, uint64_t value)
{
	enum armvm_reg r0 = armvm_vm_arch(t->vm) == ARMVM_ARCH_AARCH32 ? ARMVM_REG_R0
									: ARMVM_REG_X0;
	armvm_reg_set(armvm_vcpu_get(t->vm, 0), r0 + n, value, NULL);
}
static void *t_main(void *arg)
{
	struct t *t = arg;
	t->rc = armvm_vm_run(t->vm, &t->ex, &t->err);
	return NULL;
}
static bool t_run(struct t *t)   /* to the end, in this thread */
{
	t_main(t);
	return t->rc == 0 && t->ex.reason == ARMVM_EXIT_POWEROFF;
}
/* Wait until every one of `nr` slots counts more than base[i]. */
static bool wait_counts(struct t *t, unsigned nr, const uint64_t *base, uint64_t more)
{
	for (int ms = 0; ms < WAIT_S * 1000; ms += 5) {
		bool all = true;
		pthread_mutex_lock(&t->rep.lock);
		for (unsigned i = 0; i < nr; i++)
			all &= t->rep.count[i] >= (base ? base[i] : 0) + more;
		pthread_mutex_unlock(&t->rep.lock);
		if (all)
			return true;
		usleep(5000);
	}
	return false;
}
static void fill(void *p, size_t len, uint32_t v)
{
	for (size_t i = 0; i < len / 4; i++)
		((uint32_t *)p)[i] = v;
}

static void test_move(enum armvm_arch arch, uint64_t page)
{
	struct t t;
	char why[700] = "";
	void *bank;
	bool ok = false;
	/* Two pages, 0x1111.. then 0x2222..; the window shows the second. */
	struct armvm_mem_region r = { .gpa = WINDOW - page, .size = 2 * page };
	if (t_create(&t, arch, 4, G_WATCH) < 0 || armvm_map_mem(t.vm, &r, &bank, &t.err) < 0) {
		result(false, "move", t.err.msg);
		goto out;
	}
	fill(bank, page, 0x11111111);
	fill((char *)bank + page, page, 0x22222222);
	t_arg(&t, 0, WINDOW);
	pthread_create(&t.thread, NULL, t_main, &t);
	if (!wait_counts(&t, 4, NULL, 1)) {
		snprintf(why, sizeof(why), "not all four vCPUs reported (%s)", t.err.msg);
	} else if (t.rep.last[0] != 0x22222222 || t.rep.last[3] != 0x22222222) {
		snprintf(why, sizeof(why), "before the move: 0x%llx", (unsigned long long)t.rep.last[0]);
	} else if (armvm_region_move(t.vm, WINDOW - page, WINDOW, &t.err) < 0) {
		snprintf(why, sizeof(why), "move: %s", t.err.msg);
	} else {
		uint64_t base[4];
		atomic_store(&t.rep.want, 0x11111111);
		pthread_mutex_lock(&t.rep.lock);
		memcpy(base, t.rep.count, sizeof(base));
		pthread_mutex_unlock(&t.rep.lock);
		if (!wait_counts(&t, 4, base, 100))
			snprintf(why, sizeof(why), "vCPUs stalled after the move");
		else if (atomic_load(&t.rep.wrong))
			snprintf(why, sizeof(why), "%llu reads after the move saw the old map",
				 (unsigned long long)atomic_load(&t.rep.wrong));
		else
			ok = true;
	}
	armvm_vm_stop(t.vm);
	pthread_join(t.thread, NULL);
	if (ok && (t.rc < 0 || t.ex.reason != ARMVM_EXIT_STOPPED))
		ok = false, snprintf(why, sizeof(why), "run ended %d: %s", (int)t.ex.reason, t.ex.detail);
	result(ok, "move-while-4-vcpus-run", why);
out:
	armvm_vm_destroy(t.vm);
}

static void test_alias(enum armvm_arch arch, uint64_t page)
{
	struct t t;
	char why[700] = "";
	void *c;
	bool ok = false;
	if (t_create(&t, arch, 1, G_WATCH) < 0 ||
	    armvm_map_ram(t.vm, 0x60000000, page, &c, &t.err) < 0) {
		result(false, "alias", t.err.msg);
		goto out;
	}
	struct armvm_mem_region a = { .gpa = WINDOW, .size = page, .host = c };
	fill(c, page, 0x33333333);
	if (armvm_map_mem(t.vm, &a, NULL, &t.err) < 0) {
		result(false, "alias", t.err.msg);
		goto out;
	}
	t_arg(&t, 0, WINDOW);
	pthread_create(&t.thread, NULL, t_main, &t);
	if (wait_counts(&t, 1, NULL, 1) && t.rep.last[0] == 0x33333333) {
		fill(c, page, 0x44444444);      /* written through the other address */
		uint64_t base = t.rep.count[0];
		atomic_store(&t.rep.want, 0);
		ok = wait_counts(&t, 1, &base, 2) && t.rep.last[0] == 0x44444444;
	}
	if (!ok)
		snprintf(why, sizeof(why), "the alias showed 0x%llx", (unsigned long long)t.rep.last[0]);
	armvm_vm_stop(t.vm);
	pthread_join(t.thread, NULL);
	int busy = armvm_region_remove(t.vm, 0x60000000, &t.err);
	ok = ok && busy == ARMVM_E_STATE &&
	     armvm_region_remove(t.vm, WINDOW, &t.err) == 0 &&
	     armvm_region_remove(t.vm, 0x60000000, &t.err) == 0;
	if (!ok && !why[0])
		snprintf(why, sizeof(why), "removal: %d %s", busy, t.err.msg);
	result(ok, "alias-and-remove", why);
out:
	armvm_vm_destroy(t.vm);
}

struct rolog { uint64_t gpa[4], value[4]; unsigned size[4], n; };
static void ro_write(void *o, uint64_t gpa, unsigned size, uint64_t value, unsigned vcpu)
{
	struct rolog *l = o;
	(void)vcpu;
	if (l->n < 4) {
		l->gpa[l->n] = gpa;
		l->size[l->n] = size;
		l->value[l->n++] = value;
	}
}

static void test_rowrite(enum armvm_arch arch, uint64_t page)
{
	struct t t;
	struct rolog log = { .n = 0 };
	void *ro;
	char why[700] = "";
	struct armvm_mem_region r = { .gpa = WINDOW, .size = page,
		.flags = ARMVM_MEM_READONLY, .on_write = ro_write, .opaque = &log };
	bool a32 = arch == ARMVM_ARCH_AARCH32;
	const uint64_t want_v[3] = { 0x12345678, 0xab, a32 ? 0x7788 : 0x1122334455667788ULL };
	const unsigned want_s[3] = { 4, 1, a32 ? 2 : 8 };
	const uint64_t want_a[3] = { WINDOW + 0x10, WINDOW + 0x21, WINDOW + 0x38 };
	bool ok = t_create(&t, arch, 1, G_ROWRITE) == 0 && armvm_map_mem(t.vm, &r, &ro, &t.err) == 0;
	if (ok) {
		((uint32_t *)ro)[4] = 0xcafef00d;
		t_arg(&t, 0, WINDOW);
		ok = t_run(&t) && log.n == 3 && t.rep.n == 1 && t.rep.log[0] == 0xcafef00d;
	}
	for (unsigned i = 0; ok && i < 3; i++)
		ok = log.gpa[i] == want_a[i] && log.size[i] == want_s[i] && log.value[i] == want_v[i];
	if (!ok)
		snprintf(why, sizeof(why), "%u writes (first 0x%llx/%u/0x%llx), read back 0x%llx; %s %s",
			 log.n, (unsigned long long)log.gpa[0], log.size[0],
			 (unsigned long long)log.value[0], (unsigned long long)t.rep.log[0],
			 t.err.msg, t.ex.detail);
	result(ok, "readonly-writes-reported", why);
	armvm_vm_destroy(t.vm);
}

static void test_dirty(enum armvm_arch arch, uint64_t page)
{
	struct t t;
	uint64_t bits[2] = { 1, 1 }, after[2] = { 1, 1 };
	char why[700] = "";
	struct armvm_mem_region r = { .gpa = WINDOW, .size = 16 * page,
				      .flags = ARMVM_MEM_LOG_DIRTY };
	const uint64_t want = 1u << 0 | 1u << 3 | 1u << 7 | 1u << 8 | 1u << 15;
	bool ok = t_create(&t, arch, 1, G_DIRTY) == 0 &&
		  armvm_map_mem(t.vm, &r, NULL, &t.err) == 0 &&
		  armvm_dirty_log(t.vm, WINDOW, bits, 1, &t.err) == 0 && bits[0] == 0;
	if (ok) {
		t_arg(&t, 0, WINDOW);
		t_arg(&t, 1, page);
		ok = t_run(&t) && armvm_dirty_log(t.vm, WINDOW, bits, 1, &t.err) == 0 &&
		     bits[0] == want && armvm_dirty_log(t.vm, WINDOW, after, 1, &t.err) == 0 &&
		     after[0] == 0 &&
		     armvm_dirty_log(t.vm, RAM_BASE, after, 2, &t.err) == ARMVM_E_STATE;
	}
	if (!ok)
		snprintf(why, sizeof(why), "pages 0x%llx (want 0x%llx), then 0x%llx; %s %s",
			 (unsigned long long)bits[0], (unsigned long long)want,
			 (unsigned long long)after[0], t.err.msg, t.ex.detail);
	result(ok, "dirty-pages-exact", why);
	armvm_vm_destroy(t.vm);
}

struct hcall { unsigned n; struct armvm_hypercall seen[2]; };
static void on_hypercall(void *o, unsigned vcpu, struct armvm_hypercall *c)
{
	struct hcall *h = o;
	(void)vcpu;
	if (h->n < 2)
		h->seen[h->n++] = *c;
	c->ret[0] = 0x600d;
	for (unsigned i = 1; i < 4; i++)
		c->ret[i] = c->args[i] * 0x10 + i;
}

/* Linux before 6.4 has no SMCCC filter. */
static bool kernel_has_filter(void)
{
	struct utsname u;
	int major = 0, minor = 0;
	uname(&u);
	sscanf(u.release, "%d.%d", &major, &minor);
	return major > 6 || (major == 6 && minor >= 4);
}

static void test_hypercall(enum armvm_arch arch)
{
	struct t t;
	struct hcall h = { .n = 0 };
	char why[700] = "";
	const uint32_t fn = 0x83000001;   /* an OEM service call (SMC32, fast) */
	bool ok = t_create(&t, arch, 1, G_HYPERCALL) == 0;
	int r = ok ? armvm_set_hypercall_handler(t.vm, on_hypercall, &h, &t.err) : -1;
	uint64_t ns = arch == ARMVM_ARCH_AARCH32 ? 0xffffffffULL : ~0ULL;
	t_arg(&t, 0, fn);
	if (ok && r == ARMVM_E_UNSUPPORTED) {
		/* The refusal must be right, and the guest still answered. */
		ok = !kernel_has_filter() && t_run(&t) && t.rep.n == 8 &&
		     t.rep.log[0] == ns && t.rep.log[4] == ns;
		snprintf(why, sizeof(why), "refused (%s); guest saw 0x%llx", t.err.msg,
			 (unsigned long long)t.rep.log[0]);
		result(ok, "hypercall-refused-without-smccc-filter", why);
	} else {
		ok = ok && r == 0 && t_run(&t) && h.n == 2 && t.rep.n == 8 &&
		     !h.seen[0].smc && h.seen[1].smc;
		for (unsigned c = 0; ok && c < 2; c++) {
			ok = h.seen[c].function == fn && h.seen[c].args[1] == 0x11 &&
			     h.seen[c].args[2] == 0x22 && h.seen[c].args[3] == 0x33 &&
			     t.rep.log[4 * c] == 0x600d && t.rep.log[4 * c + 1] == 0x111 &&
			     t.rep.log[4 * c + 2] == 0x222 && t.rep.log[4 * c + 3] == 0x333;
		}
		snprintf(why, sizeof(why), "rc %d, %u calls, guest saw 0x%llx 0x%llx; %s %s",
			 r, h.n, (unsigned long long)t.rep.log[0],
			 (unsigned long long)t.rep.log[1], t.err.msg, t.ex.detail);
		result(ok, "hypercall-round-trip", why);
	}
	armvm_vm_destroy(t.vm);
}

static void on_alarm(int sig)
{
	static const char msg[] = "FAIL: memmap hung\n";
	(void)sig;
	write(1, msg, sizeof(msg) - 1);
	_exit(1);
}

int main(int argc, char **argv)
{
	bool only_hypercall = argc == 3 && !strcmp(argv[1], "--only") &&
			      !strcmp(argv[2], "hypercall");
	if (argc != 1 && !only_hypercall) {
		fprintf(stderr, "usage: %s [--only hypercall]\n", argv[0]);
		return 2;
	}
	if (access("/dev/kvm", R_OK | W_OK) < 0) {
		printf("SKIP: memmap all no usable /dev/kvm\n");
		return 0;
	}
	signal(SIGALRM, on_alarm);
	alarm(600);
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	for (int a = 0; a < 2; a++) {
		enum armvm_arch arch = a ? ARMVM_ARCH_AARCH32 : ARMVM_ARCH_AARCH64;
		width = a ? "a32" : "a64";
		if (a && !armvm_host_supports_aarch32(NULL)) {
			printf("SKIP: memmap all [a32] the host has no AArch32 EL1\n");
			continue;
		}
		if (!only_hypercall) {
			test_move(arch, page);
			test_alias(arch, page);
			test_rowrite(arch, page);
			test_dirty(arch, page);
		}
		test_hypercall(arch);
	}
	return failed;
}
