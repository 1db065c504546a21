/* SPDX-License-Identifier: MIT */
/* Building the guest for `armvm run`; see boot.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>

#include "cli/boot.h"
#include "cli/exit_status.h"
#include "cli/file_read.h"
#include "host/host_virtio.h"
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
	};
	struct armvm_error e;
	if (armvm_vm_create(&cfg, &cv->vm, &e) < 0)
		return lib_fail(&e, err, errlen);
	void *host;
	if (armvm_map_ram(cv->vm, VIRT_RAM_BASE, o->memory, &host, &e) < 0)
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
	if (devices_attach(&cv->devs, cv->vm, 1, cv->input, &e) < 0)
		return lib_fail(&e, err, errlen);
	cv->devs_attached = true;
	return 0;
}

/* The virtio devices, in command-line order, on transports 0, 1, ... */
static int attach_virtio(const struct cli_options *o, struct cli_vm *cv,
			 char *err, size_t errlen)
{
	if (!o->nr_virtio)
		return 0;
	struct host_virtio_config hc = {
		.vm = cv->vm, .ram_base = VIRT_RAM_BASE, .ram_size = o->memory,
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
			r = host_virtio_add_net_tap(cv->virtio, arg, NULL, &e);
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
	return 0;
}

/* With a virtio console, a kernel command line without a console= gets
 * console=hvc0 so Linux talks there. */
static const char *boot_cmdline(const struct cli_options *o, struct cli_vm *cv)
{
	if (!o->console_virtio || (o->cmdline && strstr(o->cmdline, "console=")))
		return o->cmdline;
	snprintf(cv->cmdline, sizeof(cv->cmdline), "%s%sconsole=hvc0",
		 o->cmdline ? o->cmdline : "", o->cmdline && *o->cmdline ? " " : "");
	return cv->cmdline;
}

static int load_image(const struct cli_options *o, struct cli_vm *cv,
		      const struct file_buf *f, char *err, size_t errlen)
{
	enum machine_arch arch = o->aarch32 ? MACHINE_ARCH_AARCH32
					    : MACHINE_ARCH_AARCH64;
	char why[200];
	int r;
	if (o->raw) {
		r = loader_load_raw(&cv->ram, f->data, f->len, o->load_addr,
				    &cv->image, why, sizeof(why));
	} else {
		if (loader_detect(f->data, f->len) == LOADER_FMT_UNKNOWN) {
			snprintf(err, errlen, "image '%s' is not an ELF, arm64 Image or "
				 "zImage file (use --raw or --load-addr to load a raw "
				 "binary)", o->image);
			return EXIT_USAGE;
		}
		r = loader_load_kernel(&cv->ram, arch, f->data, f->len, 0,
				       &cv->image, why, sizeof(why));
	}
	if (r < 0) {
		snprintf(err, errlen, "image '%s': %s", o->image, why);
		return EXIT_USAGE;
	}
	return 0;
}

static bool overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

/* Place initrd and DTB, build the DTB, and copy both into RAM. */
static int place_blobs(const struct cli_options *o, struct cli_vm *cv,
		       const struct file_buf *initrd, char *err, size_t errlen)
{
	enum machine_arch arch = o->aarch32 ? MACHINE_ARCH_AARCH32
					    : MACHINE_ARCH_AARCH64;
	struct boot_layout layout;
	char why[200];
	if (loader_plan_boot(&cv->ram, arch, &cv->image, initrd ? initrd->len : 0,
			     FDT_BUILD_DEFAULT_SIZE, &layout, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "image '%s' leaves no room for the %s: %s",
			 o->image, initrd ? "device tree and initrd" : "device tree",
			 why);
		return EXIT_USAGE;
	}

	struct machine_desc m;
	machine_desc_default(&m, arch);
	m.nr_cpus = o->cpus;
	m.ram_base = VIRT_RAM_BASE;
	m.ram_size = o->memory;
	switch (armvm_vm_gic(cv->vm)) {
	case ARMVM_GIC_V2: m.gic_version = 2; break;
	case ARMVM_GIC_NONE: m.gic_version = 0; break;   /* no interrupts */
	default: m.gic_version = 3; break;
	}
	m.pl011 = m.pl031 = m.testdev = m.bootmark = true;
	m.psci_smc = false;
	m.cmdline = boot_cmdline(o, cv);
	m.virtio_mask = cv->virtio ? host_virtio_mask(cv->virtio) : 0;
	if (initrd) {
		m.initrd_start = layout.initrd_gpa;
		m.initrd_end = layout.initrd_gpa + initrd->len;
	}
	cv->dtb_size = fdt_build(&m, cv->dtb, sizeof(cv->dtb), why, sizeof(why));
	if (cv->dtb_size < 0) {
		snprintf(err, errlen, "cannot build the device tree: %s", why);
		return EXIT_HOST_ERROR;
	}
	if (initrd && loader_copy(&cv->ram, layout.initrd_gpa, initrd->data,
				  initrd->len, "initrd", why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s", why);
		return EXIT_USAGE;
	}
	if (loader_copy(&cv->ram, layout.dtb_gpa, cv->dtb, (size_t)cv->dtb_size,
			"device tree", why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s", why);
		return EXIT_USAGE;
	}
	cv->dtb_gpa = layout.dtb_gpa;

	/* QEMU puts the DTB at the RAM base for bare-metal ELF images; guests
	 * written for it look there, so put a copy there when it is free. */
	uint64_t size = (uint64_t)cv->dtb_size;
	uint64_t kstart = cv->image.start, kend = cv->image.reserved_end;
	if (!overlaps(VIRT_RAM_BASE, size, kstart, kend - kstart) &&
	    !(initrd && overlaps(VIRT_RAM_BASE, size, layout.initrd_gpa, initrd->len)) &&
	    !overlaps(VIRT_RAM_BASE, size, layout.dtb_gpa, size))
		memcpy(cv->ram.host, cv->dtb, (size_t)size);
	return 0;
}

static int set_boot_regs(const struct cli_options *o, struct cli_vm *cv,
			 char *err, size_t errlen)
{
	enum machine_arch arch = o->aarch32 ? MACHINE_ARCH_AARCH32
					    : MACHINE_ARCH_AARCH64;
	struct boot_regs br;
	loader_boot_regs(arch, &cv->image, cv->dtb_gpa, &br);
	struct armvm_vcpu *boot = armvm_vcpu_get(cv->vm, 0);
	struct armvm_error e;
	enum armvm_reg first = o->aarch32 ? ARMVM_REG_R0 : ARMVM_REG_X0;
	if (armvm_reg_set(boot, o->aarch32 ? ARMVM_REG_CPSR : ARMVM_REG_PSTATE,
			  br.pstate, &e) < 0 ||
	    armvm_reg_set(boot, o->aarch32 ? ARMVM_REG_R15 : ARMVM_REG_PC, br.pc, &e) < 0)
		return lib_fail(&e, err, errlen);
	for (unsigned i = 0; i < 4; i++)
		if (armvm_reg_set(boot, (enum armvm_reg)(first + i), br.r[i], &e) < 0)
			return lib_fail(&e, err, errlen);
	return 0;
}

int cli_vm_setup(const struct cli_options *o, struct cli_vm *cv,
		 char *err, size_t errlen)
{
	struct file_buf image = { 0 }, initrd = { 0 };
	int r;
	memset(cv, 0, sizeof(*cv));

	/* Input files first: a bad file is reported even without KVM. */
	if (file_read_all(o->image, "image", &image, err, errlen) < 0)
		return EXIT_USAGE;
	if (o->initrd && file_read_all(o->initrd, "initrd", &initrd, err, errlen) < 0) {
		r = EXIT_USAGE;
		goto out;
	}
	if ((r = check_host_memory(o->memory, err, errlen)) ||
	    (r = create_vm(o, cv, err, errlen)) ||
	    (r = attach_virtio(o, cv, err, errlen)) ||
	    (r = load_image(o, cv, &image, err, errlen)) ||
	    (r = place_blobs(o, cv, o->initrd ? &initrd : NULL, err, errlen)) ||
	    (r = set_boot_regs(o, cv, err, errlen)))
		goto out;
out:
	file_buf_free(&image);
	file_buf_free(&initrd);
	return r;
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
	/* The console readers are gone: the filter's pipe can close. */
	if (cv->on_tty)
		tty_filter_close(&cv->filter);
	cv->on_tty = false;
}
