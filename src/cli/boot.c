/* SPDX-License-Identifier: MIT */
/* Building the guest for `armvm run`; see boot.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>

#include "cli/boot.h"
#include "cli/exit_status.h"
#include "cli/file_read.h"
#include "cli/mem_clear.h"
#include "cli/sandbox.h"
#include "dev/dev_registry.h"
#include "host/host_virtio.h"
#include "machine/decompress_cache.h"
#include "machine/decompress_kernel.h"
#include "machine/machine_boot.h"
#include "machine/memmap.h"

/* Which exit status a library error deserves: the user's fault or the host's. */
static int status_for(int code)
{
	switch (code) {
	case ARMVM_E_INVAL: case ARMVM_E_RANGE: case ARMVM_E_OVERLAP:
		return EXIT_USAGE;
	default:
		return EXIT_HOST_ERROR;
	}
}

static int lib_fail(const struct armvm_error *e, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s", e->msg);
	return status_for(e->code);
}

static int check_host_memory(uint64_t want, char *err, size_t errlen)
{
	struct sysinfo si;
	if (sysinfo(&si) < 0)
		return 0;
	uint64_t host = (uint64_t)si.totalram * si.mem_unit;
	if (want > host) {
		snprintf(err, errlen, "memory size %llu MiB exceeds the host's %llu MiB "
			 "of RAM", (unsigned long long)(want >> 20),
			 (unsigned long long)(host >> 20));
		return EXIT_USAGE;
	}
	return 0;
}

/* Whether stdin is worth reading for the guest: open, and not /dev/null. */
static bool stdin_is_input(void)
{
	struct stat st;
	if (fstat(0, &st) < 0)
		return false;
	/* /dev/null is character device 1:3 on Linux (devices.txt). */
	return !(S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 &&
		 minor(st.st_rdev) == 3);
}

/* The library's messages about a guest that goes on running. */
static void log_to_stderr(void *opaque, const char *line)
{
	(void)opaque;
	fprintf(stderr, "armvm: %s\n", line);
}

static int create_vm(const struct cli_options *o, struct cli_vm *cv,
		     char *err, size_t errlen)
{
	struct armvm_vm_config cfg = {
		.arch = o->aarch32 ? ARMVM_ARCH_AARCH32 : ARMVM_ARCH_AARCH64,
		.nr_vcpus = o->cpus,
		.gic = o->gic == CLI_GIC_V2 ? ARMVM_GIC_V2 :
		       o->gic == CLI_GIC_V3 ? ARMVM_GIC_V3 :
		       o->gic == CLI_GIC_NONE ? ARMVM_GIC_NONE : ARMVM_GIC_AUTO,
		.kvm_path = o->kvm_path,
		/* QEMU virt's defaults: a vPMU and an ITS when the host can. */
		.pmu = o->no_pmu ? ARMVM_FEATURE_OFF : ARMVM_FEATURE_AUTO,
		.its = o->its ? ARMVM_FEATURE_ON :
		       o->no_its ? ARMVM_FEATURE_OFF : ARMVM_FEATURE_AUTO,
	};
	struct armvm_error e;
	if (armvm_vm_create(&cfg, &cv->vm, &e) < 0)
		return lib_fail(&e, err, errlen);
	armvm_vm_set_log(cv->vm, log_to_stderr, NULL);
	void *host;
	/* RAM the caller mapped (a restored snapshot's memory file) or the
	 * library's own. */
	struct armvm_mem_region rr = { .gpa = VIRT_RAM_BASE, .size = o->memory,
				       .host = cv->ram_mapped };
	if (armvm_map_mem(cv->vm, &rr, &host, &e) < 0)
		return lib_fail(&e, err, errlen);
	cv->ram = (struct guest_ram){ .gpa = VIRT_RAM_BASE, .size = o->memory,
				      .host = host };
	cv->input_wanted = !o->no_input && !o->dtb_out && stdin_is_input();
	cv->input = cv->input_wanted && !o->console_virtio;
	cv->input_fd = 0;
	if (cv->input_wanted && isatty(0)) {
		if (tty_filter_open(&cv->filter, 0) < 0) {
			snprintf(err, errlen, "cannot set up the terminal console: %s",
				 strerror(errno));
			return EXIT_HOST_ERROR;
		}
		cv->on_tty = true;
		cv->input_fd = cv->filter.guest_fd;
	}
	/* Every guest gets the four platform devices at their virt places. */
	board_init(&cv->board);
	board_add_virt(&cv->board, BOARD_DEV_PL011);
	board_add_virt(&cv->board, BOARD_DEV_PL031);
	board_add_virt(&cv->board, BOARD_DEV_TESTDEV);
	board_add_virt(&cv->board, BOARD_DEV_BOOTMARK);
	return 0;
}

/* The board's devices but the virtio transports host_virtio serves: the
 * platform devices and, with a GIC, an absent transport on every virtio
 * place left (QEMU virt has all 32; a guest may probe or read them). */
static int attach_platform(struct cli_vm *cv, char *err, size_t errlen)
{
	struct armvm_error e;

	if (armvm_vm_gic(cv->vm) != ARMVM_GIC_NONE &&
	    board_add_virtio_absent(&cv->board) < 0) {
		snprintf(err, errlen, "the absent virtio transports do not fit on the board");
		return EXIT_HOST_ERROR;
	}
	if (devices_attach(&cv->devs, cv->vm, &cv->board, 1, cv->input, &e) < 0)
		return lib_fail(&e, err, errlen);
	cv->devs_attached = true;
	return 0;
}

/* The I/O thread keeps to its seccomp allow-list (sandbox.h). */
static void io_thread_start(void *ctx)
{
	(void)ctx;
	sandbox_enter_or_exit(SANDBOX_IO);
}

/* The virtio devices, in command-line order, on transports 0, 1, ... */
static int attach_virtio(const struct cli_options *o, struct cli_vm *cv,
			 char *err, size_t errlen)
{
	if (!o->nr_virtio)
		return 0;
	struct host_virtio_config hc = {
		.vm = cv->vm, .ram_base = VIRT_RAM_BASE, .ram_size = o->memory,
		.thread_start = io_thread_start,
		.log_limit = &cv->devs.log_limit,
	};
	struct armvm_error e;
	if (host_virtio_create(&hc, &cv->virtio, &e) < 0)
		return lib_fail(&e, err, errlen);
	for (unsigned i = 0; i < o->nr_virtio; i++) {
		const struct cli_virtio *d = &o->virtio[i];
		char arg[4096];
		int r;
		if (d->arg_len >= sizeof(arg)) {
			snprintf(err, errlen, "virtio device argument too long");
			return EXIT_USAGE;
		}
		if (d->arg)
			memcpy(arg, d->arg, d->arg_len);
		arg[d->arg_len] = '\0';
		switch (d->kind) {
		case CLI_VIRTIO_BLK:
			r = host_virtio_add_blk(cv->virtio, arg, d->readonly, &e);
			break;
		case CLI_VIRTIO_NET_TAP:
			r = host_virtio_add_net_tap(cv->virtio, arg, d->has_mac ? d->mac : NULL, &e);
			break;
		case CLI_VIRTIO_RNG:
			r = host_virtio_add_rng(cv->virtio, &e);
			break;
		default:
			/* The virtio console takes stdin, the PL011 then none. */
			r = host_virtio_add_console(cv->virtio,
						    cv->input_wanted ? cv->input_fd : -1,
						    1, &e);
			break;
		}
		if (r < 0)
			return lib_fail(&e, err, errlen);
	}
	/* The transports join the board: the device tree lists them. */
	for (unsigned i = 0; i < host_virtio_count(cv->virtio); i++) {
		struct host_virtio_slot slot;
		if (host_virtio_slot(cv->virtio, i, &slot) < 0 ||
		    board_add_virtio(&cv->board, slot.index, slot.device_id) < 0) {
			snprintf(err, errlen, "virtio transport %u does not fit on the board", i);
			return EXIT_HOST_ERROR;
		}
	}
	return 0;
}

/* What the device-tree builder needs: the options, and whether an initrd
 * is given (its place comes from machine_boot's plan). */
struct dtb_job {
	const struct cli_options *o;
	struct cli_vm *cv;
	const struct file_buf *initrd;
};

static int build_dtb(void *ctx, const struct boot_layout *layout,
		     const void **dtb, size_t *len, char *err, size_t errlen)
{
	struct dtb_job *job = ctx;
	const struct cli_options *o = job->o;
	struct cli_vm *cv = job->cv;
	struct machine_desc m;

	machine_desc_default(&m, o->aarch32 ? MACHINE_ARCH_AARCH32
					    : MACHINE_ARCH_AARCH64);
	m.nr_cpus = o->cpus;
	m.ram_base = VIRT_RAM_BASE;
	m.ram_size = o->memory;
	switch (armvm_vm_gic(cv->vm)) {
	case ARMVM_GIC_V2: m.gic_version = 2; break;
	case ARMVM_GIC_NONE: m.gic_version = 0; break;   /* no interrupts */
	default: m.gic_version = 3; break;
	}
	/* The device tree lists what exists: the absent transports answer
	 * at their places (QEMU virt's layout) but are not described, so the
	 * guest creates no device for them (a Linux boot: 13.6 M instructions
	 * less, docs/performance.md). */
	board_described(&cv->board, &m.board);
	m.pmu = armvm_vm_has_pmu(cv->vm);
	m.its = armvm_vm_has_its(cv->vm);
	m.psci_smc = false;
	m.cmdline = cv->bootargs;
	if (job->initrd) {
		m.initrd_start = layout->initrd_gpa;
		m.initrd_end = layout->initrd_gpa + job->initrd->len;
	}
	cv->dtb_size = fdt_build(&m, dev_fdt_node, cv->dtb, sizeof(cv->dtb), err, errlen);
	if (cv->dtb_size < 0)
		return -1;
	*dtb = cv->dtb;
	*len = (size_t)cv->dtb_size;
	return 0;
}

/* Inflate a compressed kernel, or a zImage's payload, before anything
 * else: a bad file is reported even without KVM. */
static int inflate_image(const struct cli_options *o, const struct file_buf *f,
			 struct decompressed_kernel *k, char *err, size_t errlen)
{
	enum machine_arch arch = o->aarch32 ? MACHINE_ARCH_AARCH32
					    : MACHINE_ARCH_AARCH64;
	enum decompress_mode mode = o->decompress_guest ? DECOMPRESS_MODE_GUEST
							: DECOMPRESS_MODE_AUTO;
	char why[240];

	*k = (struct decompressed_kernel){ .image = f->data, .image_size = f->len };
	if (o->raw)
		return 0;
	/* A kernel inflated before: map it (docs/performance.md). */
	if (o->decompress_cache_dir &&
	    decompress_cache_load(o->decompress_cache_dir, arch, mode, f->data, f->len, k))
		return 0;
	if (decompress_kernel(arch, f->data, f->len, o->memory, mode, k,
			      why, sizeof(why)) < 0) {
		snprintf(err, errlen, "image '%s': %s", o->image, why);
		return EXIT_USAGE;
	}
	if (o->decompress_cache_dir)
		decompress_cache_store(o->decompress_cache_dir, arch, mode, f->data, f->len, k);
	return 0;
}

/* Load the (decompressed) kernel, build and place the device tree, and set
 * the boot vCPU's registers: machine_boot() does the work. */
static int boot_guest(const struct cli_options *o, struct cli_vm *cv,
		      const struct decompressed_kernel *k,
		      const struct file_buf *initrd, char *err, size_t errlen)
{
	struct dtb_job job = { .o = o, .cv = cv, .initrd = initrd };
	struct machine_boot_spec spec = {
		.arch = o->aarch32 ? MACHINE_ARCH_AARCH32 : MACHINE_ARCH_AARCH64,
		.ram = cv->ram, .image = k->image, .image_size = k->image_size,
		.arm32_image = k->arm32_image, .arm32_text_offset = k->text_offset,
		.arm32_bss = k->bss_size,
		.raw = o->raw, .raw_load = o->raw ? o->load_addr : 0,
		.initrd = initrd ? initrd->data : NULL,
		.initrd_size = initrd ? initrd->len : 0,
		.dtb_max = FDT_BUILD_DEFAULT_SIZE,
		.build_dtb = build_dtb, .build_ctx = &job,
		.dtb_at_ram_base = true,
	};
	struct machine_boot_result *r = &cv->boot;

	if (!o->raw && !k->arm32_image &&
	    loader_detect(k->image, k->image_size) == LOADER_FMT_UNKNOWN) {
		snprintf(err, errlen, "image '%s' is not an ELF, arm64 Image or "
			 "zImage file (use --raw or --load-addr to load a raw "
			 "binary)", o->image);
		return EXIT_USAGE;
	}
	if (boot_cmdline(o->cmdline, o->console_virtio, spec.arch, cv->cmdline,
			 &cv->bootargs, err, errlen) < 0)
		return EXIT_USAGE;
	if (machine_boot(&spec, r) < 0) {
		switch (r->failed) {
		case MACHINE_BOOT_LOAD:
			snprintf(err, errlen, "image '%s': %s", o->image, r->err);
			return EXIT_USAGE;
		case MACHINE_BOOT_PLACE:
			snprintf(err, errlen, "image '%s' leaves no room for the %s: %s",
				 o->image, initrd ? "device tree and initrd" : "device tree",
				 r->err);
			return EXIT_USAGE;
		case MACHINE_BOOT_DTB:
			snprintf(err, errlen, "cannot build the device tree: %s", r->err);
			return EXIT_HOST_ERROR;
		default:
			snprintf(err, errlen, "%s", r->err);
			return EXIT_USAGE;
		}
	}

	struct armvm_vcpu *boot = armvm_vcpu_get(cv->vm, 0);
	struct armvm_error e;
	enum armvm_reg first = o->aarch32 ? ARMVM_REG_R0 : ARMVM_REG_X0;
	if (armvm_reg_set(boot, o->aarch32 ? ARMVM_REG_CPSR : ARMVM_REG_PSTATE,
			  r->regs.pstate, &e) < 0 ||
	    armvm_reg_set(boot, o->aarch32 ? ARMVM_REG_R15 : ARMVM_REG_PC,
			  r->regs.pc, &e) < 0)
		return lib_fail(&e, err, errlen);
	for (unsigned i = 0; i < 4; i++)
		if (armvm_reg_set(boot, (enum armvm_reg)(first + i), r->regs.r[i], &e) < 0)
			return lib_fail(&e, err, errlen);
	return 0;
}

int cli_vm_setup(const struct cli_options *o, struct cli_vm *cv,
		 char *err, size_t errlen)
{
	struct file_buf image = { 0 }, initrd = { 0 };
	struct decompressed_kernel k = { 0 };
	int r;
	mem_clear(cv, sizeof(*cv));   /* untouched pages stay out of RSS */
	dev_log_limit_init(&cv->devs.log_limit, DEV_LOG_VM_BUDGET);

	/* Input files first: a bad file is reported even without KVM. They
	 * are mapped, not read: the loader copies each once into guest RAM. */
	if (file_map_all(o->image, "image", &image, err, errlen) < 0)
		return EXIT_USAGE;
	if (o->initrd && file_map_all(o->initrd, "initrd", &initrd, err, errlen) < 0) {
		file_buf_free(&image);
		return EXIT_USAGE;
	}
	if (sigsetjmp(*file_guard_jmp(), 1)) {
		/* k is left as it was (C11 7.13.2.1): its mapping, if any,
		 * goes with the process, which ends on this error. */
		file_guard_disarm();
		snprintf(err, errlen, "image '%s'%s%s%s shrank while armvm loaded it",
			 o->image, o->initrd ? " or initrd '" : "",
			 o->initrd ? o->initrd : "", o->initrd ? "'" : "");
		file_buf_free(&image);
		file_buf_free(&initrd);
		return EXIT_USAGE;
	}
	file_guard_arm();
	if ((r = inflate_image(o, &image, &k, err, errlen)))
		goto out;
	if ((r = check_host_memory(o->memory, err, errlen)) ||
	    (r = create_vm(o, cv, err, errlen)) ||
	    (r = attach_virtio(o, cv, err, errlen)) ||
	    (r = attach_platform(cv, err, errlen)) ||
	    (r = boot_guest(o, cv, &k, o->initrd ? &initrd : NULL, err, errlen)))
		goto out;
out:
	file_guard_disarm();
	decompressed_kernel_free(&k);
	file_buf_free(&image);
	file_buf_free(&initrd);
	return r;
}

int cli_vm_setup_machine(const struct cli_options *o, void *ram, struct cli_vm *cv,
			 char *err, size_t errlen)
{
	int r;
	mem_clear(cv, sizeof(*cv));   /* untouched pages stay out of RSS */
	cv->ram_mapped = ram;
	cv->ram_mapped_size = o->memory;
	dev_log_limit_init(&cv->devs.log_limit, DEV_LOG_VM_BUDGET);
	if ((r = check_host_memory(o->memory, err, errlen)) ||
	    (r = create_vm(o, cv, err, errlen)) ||
	    (r = attach_virtio(o, cv, err, errlen)) ||
	    (r = attach_platform(cv, err, errlen)))
		return r;
	return 0;
}

int cli_vm_start_io(struct cli_vm *cv, char *err, size_t errlen)
{
	struct armvm_error e;
	if (cv->virtio && host_virtio_start(cv->virtio, &e) < 0)
		return lib_fail(&e, err, errlen);
	return 0;
}

void cli_vm_teardown(struct cli_vm *cv)
{
	/* The vCPUs have stopped: the devices' MMIO callbacks are idle. */
	host_virtio_destroy(cv->virtio);
	cv->virtio = NULL;
	if (cv->devs_attached)
		devices_destroy(&cv->devs);
	armvm_vm_destroy(cv->vm);
	cv->vm = NULL;
	if (cv->ram_mapped)
		munmap(cv->ram_mapped, cv->ram_mapped_size);
	cv->ram_mapped = NULL;
	/* The console readers are gone: the filter's pipe can close. */
	if (cv->on_tty)
		tty_filter_close(&cv->filter);
	cv->on_tty = false;
}
