// SPDX-License-Identifier: MIT
/*
 * el2-build: turn a partition configuration into the sources of one
 * bootable hypervisor image.
 *
 *   el2-build CONFIG OUTDIR    validate CONFIG, then write OUTDIR/partitions.c
 *                              (the static partition table), OUTDIR/images.S
 *                              (.incbin of each guest image and device tree)
 *                              and OUTDIR/pN.dtb
 *   el2-build --check CONFIG   validate only (images included)
 *   el2-build --qemu-args CONFIG  validate, then print QEMU's options for
 *                              the machine CONFIG describes, one a line
 *                              (-M, -cpu, -smp, -m, passthrough devices)
 *
 * Each guest image is test-loaded into a scratch copy of its RAM with the
 * same loader the hypervisor runs, and its device tree placed the same way,
 * so a configuration that passes here boots. Errors: one line, exit 1.
 *
 * A compressed kernel (Image.gz...) or a zImage's payload is inflated here
 * with the VMM's code (machine/decompress_kernel.h) and the result, written
 * as OUTDIR/pN.kernel, is what the image includes: the hypervisor loads it
 * as it is. A zImage's payload, an arm32 Image without a header to detect,
 * is loaded raw at RAM base + its TEXT_OFFSET (the partition's raw_load).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "el2_config.h"
#include "dev/dev_registry.h"
#include "machine/fdt_build.h"
#include "machine/decompress_kernel.h"
#include "machine/loader.h"
#include "dev/virtio_spec.h"
#include "machine/machine.h"
#include "machine/machine_boot.h"
#include "machine/memmap.h"

static const char *prog = "el2-build";

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

struct built {
	char image_path[PATH_MAX];
	size_t image_size;
	void *kernel;                   /* inflated kernel for pN.kernel, or NULL */
	uint64_t raw_load;
	char initrd_path[PATH_MAX];     /* "" = none */
	char disk_path[PATH_MAX];       /* "" = none */
	size_t initrd_size;
	void *dtb;
	int dtb_size;
	void *dtb_gicv2;                /* the same with a GICv2, for GICv2 hosts */
	int dtb_gicv2_size;
	uint64_t dtb_max;               /* what the DTB's slot in RAM holds */
	uint64_t initrd_gpa;
};

static void describe(const struct el2_part_desc *p, struct machine_desc *m)
{
	machine_desc_default(m, (enum machine_arch)p->arch);
	m->nr_cpus = p->nr_cpus;
	m->ram_base = p->ram_ipa;
	m->ram_size = p->ram_size;
	m->gic_version = 3;
	m->its = true;               /* the hypervisor gives every GICv3 partition one */
	/* The disk's transport included, and the passthrough devices. */
	struct board all;
	if (el2_passthrough_dt_board(p, &all) < 0)
		die("partition '%s': too many devices for one device tree", p->name);
	/* The tree lists what exists, as armvm's does: the absent transports
	 * answer at their places but get no node, so Linux creates no device
	 * for them (docs/performance.md, "The floor, measured from reset"). */
	board_described(&all, &m->board);
	m->psci_smc = false;
	m->cmdline = p->cmdline[0] ? p->cmdline : NULL;
}

/* Size the disk images before validation: they take physical memory. Each
 * disk is a virtio-blk on virtio-mmio transport 0 of its partition's board. */
static void size_disks(const char *cfgfile, struct el2_config *cfg)
{
	for (unsigned i = 0; i < cfg->nr_parts; i++) {
		struct el2_part_desc *p = &cfg->parts[i];
		if (!p->disk[0])
			continue;
		if (board_add_virtio(&p->board, 0, VIRTIO_ID_BLOCK) < 0)
			die("%s: partition '%s': no room on its board for the disk", cfgfile,
			    p->name);
		FILE *f = fopen(p->disk, "rb");
		long size = -1;
		if (f && fseek(f, 0, SEEK_END) == 0)
			size = ftell(f);
		if (f)
			fclose(f);
		if (size < 0)
			die("%s: partition '%s': cannot read disk '%s': %s", cfgfile,
			    p->name, p->disk, f ? "unreadable" : strerror(errno));
		if (size == 0 || size % 512)
			die("%s: partition '%s': disk '%s' is %ld bytes, not a whole number of 512-byte sectors",
			    cfgfile, p->name, p->disk, size);
		p->disk_size = (uint64_t)size;
	}
}

/* The configuration being built: the channel nodes need all of it. */
static const struct el2_config *the_cfg;

static void make_dtb(const char *cfgfile, const struct el2_part_desc *p,
		     const struct machine_desc *m, struct built *out)
{
	char err[256];

	out->dtb_size = fdt_build(m, dev_fdt_node, out->dtb, FDT_BUILD_DEFAULT_SIZE,
				  err, sizeof(err));
	if (out->dtb_size < 0)
		die("%s: partition '%s': device tree: %s", cfgfile, p->name, err);
	if (el2_channel_dt_add(the_cfg, (unsigned)(p - the_cfg->parts), out->dtb,
			       FDT_BUILD_DEFAULT_SIZE, err, sizeof(err)) < 0)
		die("%s: partition '%s': device tree: %s", cfgfile, p->name, err);
	out->dtb_size = (int)fdt_totalsize(out->dtb);
}

struct dtb_job {
	const char *cfgfile;
	const struct el2_part_desc *p;
	struct machine_desc m;
	struct built *out;
};

/* The DTB for the planned layout: rebuilt to name the initrd's place. */
static int final_dtb(void *ctx, const struct boot_layout *layout,
		     const void **dtb, size_t *len, char *err, size_t errlen)
{
	struct dtb_job *j = ctx;

	(void)err;
	(void)errlen;
	if (j->out->initrd_size) {
		j->m.initrd_start = layout->initrd_gpa;
		j->m.initrd_end = layout->initrd_gpa + j->out->initrd_size;
		make_dtb(j->cfgfile, j->p, &j->m, j->out);
		if ((uint64_t)j->out->dtb_size > j->out->dtb_max)
			die("%s: partition '%s': device tree grew past its slot",
			    j->cfgfile, j->p->name);
	}
	*dtb = j->out->dtb;
	*len = (size_t)j->out->dtb_size;
	return 0;
}

/* Build the DTB and test-load the image exactly as the hypervisor will
 * (machine_boot, into a scratch copy of its RAM). */
static void build_partition(const char *cfgfile, const struct el2_part_desc *p,
			    struct built *out)
{
	size_t len;
	char *image = read_file(p->image, &len);

	if (!image)
		die("%s: partition '%s': cannot read image '%s': %s",
		    cfgfile, p->name, p->image, strerror(errno));
	if (!realpath(p->image, out->image_path))
		die("cannot resolve %s: %s", p->image, strerror(errno));
	out->image_size = len;
	out->raw_load = p->raw_load;

	/* Inflate as armvm does; the partition then holds the result. */
	struct decompressed_kernel k;
	char why[300];
	if (!p->raw_load && decompress_kernel((enum machine_arch)p->arch, image, len,
					      p->ram_size, DECOMPRESS_MODE_AUTO, &k,
					      why, sizeof(why)) < 0)
		die("%s: partition '%s': image '%s': %s", cfgfile, p->name, p->image, why);
	if (p->raw_load)
		k = (struct decompressed_kernel){ .image = image, .image_size = len };
	if (k.buf) {
		out->kernel = malloc(k.image_size);
		if (!out->kernel)
			die("out of memory for the inflated kernel");
		memcpy(out->kernel, k.image, k.image_size);
		out->image_size = k.image_size;
		if (k.arm32_image)
			out->raw_load = p->ram_ipa + k.text_offset;
	}
	out->initrd_path[0] = '\0';
	out->initrd_size = 0;
	out->disk_path[0] = '\0';
	if (p->disk[0] && !realpath(p->disk, out->disk_path))
		die("cannot resolve %s: %s", p->disk, strerror(errno));
	if (p->initrd[0]) {
		FILE *f = fopen(p->initrd, "rb");
		if (!f || fseek(f, 0, SEEK_END) < 0 || ftell(f) <= 0)
			die("%s: partition '%s': cannot read initrd '%s': %s", cfgfile,
			    p->name, p->initrd, f ? "empty or unreadable" : strerror(errno));
		out->initrd_size = (size_t)ftell(f);
		fclose(f);
		if (!realpath(p->initrd, out->initrd_path))
			die("cannot resolve %s: %s", p->initrd, strerror(errno));
	}

	/* The DTB names the initrd's place, which depends on the DTB's size:
	 * size it first, leave a page of slack, then build it for real. */
	struct machine_desc m;
	describe(p, &m);
	out->dtb = malloc(FDT_BUILD_DEFAULT_SIZE);
	if (!out->dtb)
		die("out of memory");
	if (out->initrd_size) {
		m.initrd_start = p->ram_ipa;
		m.initrd_end = p->ram_ipa + out->initrd_size;
	}
	make_dtb(cfgfile, p, &m, out);
	out->dtb_max = (((uint64_t)out->dtb_size + 4095) & ~4095ULL) + 4096;

	struct dtb_job job = { cfgfile, p, m, out };
	struct machine_boot_spec spec = {
		.arch = (enum machine_arch)p->arch,
		.ram = { p->ram_ipa, p->ram_size, calloc(1, p->ram_size) },
		.image = k.image, .image_size = k.image_size, .raw_load = p->raw_load,
		.arm32_image = k.arm32_image, .arm32_text_offset = k.text_offset,
		.arm32_bss = k.bss_size,
		.initrd = NULL, .initrd_size = out->initrd_size,
		.dtb_max = out->dtb_max, .build_dtb = final_dtb, .build_ctx = &job,
	};
	struct machine_boot_result r;
	if (!spec.ram.host)
		die("out of memory for a scratch copy of guest RAM");
	if (machine_boot(&spec, &r) < 0)
		die("%s: partition '%s': image '%s': %s", cfgfile, p->name, p->image, r.err);
	out->initrd_gpa = r.layout.initrd_gpa;
	/* The hypervisor picks the GIC model from the board it boots on: the
	 * GICv2 twin of the final tree, for the same slot. */
	struct machine_desc m2 = job.m;
	struct built v2 = { .dtb = malloc(FDT_BUILD_DEFAULT_SIZE) };
	if (!v2.dtb)
		die("out of memory");
	m2.gic_version = 2;
	m2.its = false;              /* an ITS is GICv3's */
	make_dtb(cfgfile, p, &m2, &v2);
	if ((uint64_t)v2.dtb_size > out->dtb_max)
		die("%s: partition '%s': its GICv2 device tree outgrows the slot", cfgfile, p->name);
	out->dtb_gicv2 = v2.dtb;
	out->dtb_gicv2_size = v2.dtb_size;
	if (p->entry && (p->entry < p->ram_ipa || p->entry >= p->ram_ipa + p->ram_size))
		die("%s: partition '%s': entry 0x%llx is outside its RAM", cfgfile, p->name,
		    (unsigned long long)p->entry);
	free(spec.ram.host);
	decompressed_kernel_free(&k);
	free(image);
}

static FILE *create(const char *dir, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		die("cannot create %s: %s", path, strerror(errno));
	return f;
}

/* The partition's board table as a C initialiser (partition_config.h). */
static void write_board(FILE *c, const struct board *b)
{
	fprintf(c, "\t\t.board = { .nr = %u, .dev = {\n", b->nr);
	for (unsigned i = 0; i < b->nr; i++) {
		const struct board_dev *d = &b->dev[i];
		fprintf(c, "\t\t\t{ .type = %u, .spi = 0x%x, .base = 0x%llxULL, "
			   ".size = 0x%llxULL, .options = %u },   /* %s */\n",
			d->type, d->spi, (unsigned long long)d->base,
			(unsigned long long)d->size, d->options,
			board_dev_type_name((enum board_dev_type)d->type));
	}
	fprintf(c, "\t\t} },\n");
}

/* The partition's ram_ipa and passthrough ranges (partition_config.h). */
static void write_passthrough(FILE *c, const struct el2_part_desc *p)
{
	fprintf(c, "\t\t.ram_ipa = 0x%llxULL,\n\t\t.nr_passthrough = %u,\n\t\t.passthrough = {\n",
		(unsigned long long)p->ram_ipa, p->nr_passthrough);
	for (unsigned k = 0; k < p->nr_passthrough; k++) {
		const struct el2_passthrough *r = &p->passthrough[k].range;
		fprintf(c, "\t\t\t{ .base = 0x%llxULL, .size = 0x%llxULL, .nr_spis = %u, .spi = {",
			(unsigned long long)r->base, (unsigned long long)r->size, r->nr_spis);
		for (unsigned s = 0; s < r->nr_spis; s++)
			fprintf(c, "%s%u", s ? ", " : " ", r->spi[s]);
		fprintf(c, " } },\n");
	}
	fprintf(c, "\t\t},\n");
}

/* Partition i's channel ends; the memory is the hypervisor image's. */
static void write_channels(FILE *c, const struct el2_config *cfg, unsigned i)
{
	unsigned n = 0;

	fprintf(c, "\t\t.channels = {\n");
	for (unsigned k = 0; k < cfg->nr_channels; k++) {
		const struct el2_channel_desc *ch = &cfg->channels[k];
		int side = ch->part[0] == (int)i ? 0 : ch->part[1] == (int)i ? 1 : -1;
		if (side < 0)
			continue;
		fprintf(c, "\t\t\t{ .name = \"%s\", .shm = el2_channel_mem_%u, .size = 0x%llxULL, "
			   ".ipa = 0x%llxULL, .spi = %u, .peer = %d, .side = %d },\n",
			ch->name, k, (unsigned long long)ch->size,
			(unsigned long long)(EL2_CHANNEL_IPA + k * EL2_CHANNEL_STRIDE),
			EL2_CHANNEL_SPI + k, ch->part[!side], side);
		n++;
	}
	fprintf(c, "\t\t},\n\t\t.nr_channels = %u,\n", n);
}

static void write_outputs(const char *outdir, const struct el2_config *cfg,
			  struct built *b)
{
	char path[PATH_MAX], absdir[PATH_MAX];

	if (!realpath(outdir, absdir))
		die("output directory %s: %s", outdir, strerror(errno));
	for (unsigned i = 0; i < cfg->nr_parts; i++) {
		char name[32];
		snprintf(name, sizeof(name), "p%u.dtb", i);
		FILE *f = create(absdir, name, path, sizeof(path));
		if (fwrite(b[i].dtb, 1, (size_t)b[i].dtb_size, f) != (size_t)b[i].dtb_size ||
		    fclose(f))
			die("cannot write %s: %s", path, strerror(errno));
		snprintf(name, sizeof(name), "p%u.gicv2.dtb", i);
		f = create(absdir, name, path, sizeof(path));
		if (fwrite(b[i].dtb_gicv2, 1, (size_t)b[i].dtb_gicv2_size, f) !=
		    (size_t)b[i].dtb_gicv2_size || fclose(f))
			die("cannot write %s: %s", path, strerror(errno));
		if (!b[i].kernel)
			continue;
		snprintf(name, sizeof(name), "p%u.kernel", i);
		f = create(absdir, name, b[i].image_path, sizeof(b[i].image_path));
		if (fwrite(b[i].kernel, 1, b[i].image_size, f) != b[i].image_size || fclose(f))
			die("cannot write %s: %s", b[i].image_path, strerror(errno));
	}

	FILE *s = create(absdir, "images.S", path, sizeof(path));
	fprintf(s, "/* Generated by el2-build: guest images and device trees. */\n"
		   "\t.section .rodata.el2_images, \"a\"\n");
	for (unsigned i = 0; i < cfg->nr_parts; i++) {
		fprintf(s, "\t.balign 16\n\t.global el2_image_%u\nel2_image_%u:\n"
			   "\t.incbin \"%s\"\n", i, i, b[i].image_path);
		fprintf(s, "\t.balign 16\n\t.global el2_dtb_%u\nel2_dtb_%u:\n"
			   "\t.incbin \"%s/p%u.dtb\"\n", i, i, absdir, i);
		fprintf(s, "\t.balign 16\n\t.global el2_dtb_gicv2_%u\nel2_dtb_gicv2_%u:\n"
			   "\t.incbin \"%s/p%u.gicv2.dtb\"\n", i, i, absdir, i);
		fprintf(s, "\t.balign 16\n\t.global el2_disk_%u\nel2_disk_%u:\n", i, i);
		if (b[i].disk_path[0])
			fprintf(s, "\t.incbin \"%s\"\n", b[i].disk_path);
		fprintf(s, "\t.balign 16\n\t.global el2_initrd_%u\nel2_initrd_%u:\n", i, i);
		if (b[i].initrd_path[0])
			fprintf(s, "\t.incbin \"%s\"\n", b[i].initrd_path);
	}
	if (fclose(s))
		die("cannot write %s: %s", path, strerror(errno));

	/* Where el2-image.sh links the hypervisor: 2 MiB above the RAM base. */
	FILE *l = create(absdir, "hyp_link_base", path, sizeof(path));
	fprintf(l, "0x%llx\n", (unsigned long long)(cfg->machine_ram_base + EL2_HYP_LOAD_ADDR -
						      EL2_HYP_PHYS_BASE));
	if (fclose(l))
		die("cannot write %s: %s", path, strerror(errno));

	FILE *c = create(absdir, "partitions.c", path, sizeof(path));
	fprintf(c, "/* Generated by el2-build from the partition configuration. */\n"
		   "#include \"el2/partition_config.h\"\n\n");
	for (unsigned i = 0; i < cfg->nr_parts; i++)
		fprintf(c, "extern const uint8_t el2_image_%u[], el2_dtb_%u[], el2_dtb_gicv2_%u[], el2_initrd_%u[], el2_disk_%u[];\n",
			i, i, i, i, i);
	for (unsigned k = 0; k < cfg->nr_channels; k++)
		fprintf(c, "static uint8_t el2_channel_mem_%u[0x%llx] __attribute__((aligned(4096)));  /* channel %s */\n",
			k, (unsigned long long)cfg->channels[k].size, cfg->channels[k].name);
	fprintf(c, "\nconst struct el2_partition_config el2_partitions[] = {\n");
	for (unsigned i = 0; i < cfg->nr_parts; i++) {
		const struct el2_part_desc *p = &cfg->parts[i];
		fprintf(c, "\t{\n\t\t.name = \"%s\",\n\t\t.arch = %d,\n\t\t.nr_vcpus = %u,\n"
			   "\t\t.pcpu = {", p->name, p->arch, p->nr_cpus);
		for (unsigned j = 0; j < p->nr_cpus; j++)
			fprintf(c, "%s%u", j ? ", " : " ", p->cpus[j]);
		fprintf(c, " },\n\t\t.ram_phys = 0x%llxULL,\n\t\t.ram_size = 0x%llxULL,\n"
			   "\t\t.fault_inject = %d,\n\t\t.full_switch = %d,\n\t\t.no_wfe_trap = %d,\n\t\t.image = el2_image_%u,\n"
			   "\t\t.image_size = %zu,\n\t\t.raw_load = 0x%llxULL,\n"
			   "\t\t.entry = 0x%llxULL,\n\t\t.dtb = el2_dtb_%u,\n"
			   "\t\t.dtb_size = %d,\n\t\t.dtb_max = 0x%llxULL,\n"
			   "\t\t.initrd = el2_initrd_%u,\n\t\t.initrd_size = %zu,\n"
			   "\t\t.initrd_gpa = 0x%llxULL,\n\t\t.disk = el2_disk_%u,\n"
			   "\t\t.disk_size = 0x%llxULL,\n\t\t.disk_phys = 0x%llxULL,\n",
			(unsigned long long)p->ram_phys, (unsigned long long)p->ram_size,
			p->fault_inject, p->full_switch, p->no_wfe_trap, i, b[i].image_size, (unsigned long long)b[i].raw_load,
			(unsigned long long)p->entry, i, b[i].dtb_size,
			(unsigned long long)b[i].dtb_max, i, b[i].initrd_size,
			(unsigned long long)b[i].initrd_gpa, i,
			(unsigned long long)p->disk_size,
			(unsigned long long)(p->disk_size ? p->ram_phys + p->ram_size : 0));
		fprintf(c, "\t\t.dtb_gicv2 = el2_dtb_gicv2_%u,\n\t\t.dtb_gicv2_size = %d,\n",
			i, b[i].dtb_gicv2_size);
		write_board(c, &p->board);
		write_passthrough(c, p);
		write_channels(c, cfg, i);
		fprintf(c, "\t},\n");
	}
	fprintf(c, "};\n\nconst unsigned el2_nr_partitions = %u;\n"
		   "const unsigned el2_console_input = %u;\n"
		   "const unsigned el2_aarch32_syndrome = %u;\n",
		   cfg->nr_parts, cfg->console, cfg->aarch32_syndrome);
	if (fclose(c))
		die("cannot write %s: %s", path, strerror(errno));
}

/* The disks QEMU's machine gets must open for reading and writing: the
 * guest writes to the file itself. */
static void check_machine_disks(const char *cfgfile, const struct el2_config *cfg)
{
	for (unsigned i = 0; i < cfg->nr_machine_devs; i++) {
		const struct el2_machine_dev *d = &cfg->machine_devs[i];
		FILE *f;

		if (d->kind != EL2_MACHINE_VIRTIO_BLK)
			continue;
		f = fopen(d->path, "r+b");
		if (!f)
			die("%s:%u: machine_virtio_blk: cannot open '%s' for reading and writing: %s",
			    cfgfile, d->line, d->path, strerror(errno));
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	bool check_only = argc == 3 && !strcmp(argv[1], "--check");
	bool qemu_args = argc == 3 && !strcmp(argv[1], "--qemu-args");
	const char *cfgfile = check_only || qemu_args ? argv[2] : argv[1];
	char err[512];
	size_t len;

	if (argc != 3) {
		fprintf(stderr, "usage: %s CONFIG OUTDIR | %s --check CONFIG | %s --qemu-args CONFIG\n",
			prog, prog, prog);
		return 2;
	}
	char *text = read_file(cfgfile, &len);
	if (!text)
		die("cannot read config %s: %s", cfgfile, strerror(errno));
	if (strlen(text) != len)
		die("%s: not a text file (NUL byte)", cfgfile);

	static struct el2_config cfg;
	the_cfg = &cfg;
	if (el2_config_parse(cfgfile, text, &cfg, err, sizeof(err)) < 0)
		die("%s", err);
	size_disks(cfgfile, &cfg);
	/* Like QEMU virt: every transport place without a device answers as
	 * an absent transport (DeviceID 0), after the real ones. */
	for (unsigned i = 0; i < cfg.nr_parts; i++)
		if (board_add_virtio_absent(&cfg.parts[i].board) < 0)
			die("%s: partition '%s': no room on its board for the virtio-mmio transports",
			    cfgfile, cfg.parts[i].name);
	if (el2_config_validate(cfgfile, &cfg, err, sizeof(err)) < 0)
		die("%s", err);
	el2_passthrough_trim_boards(&cfg);
	check_machine_disks(cfgfile, &cfg);
	free(text);

	struct built b[EL2_MAX_PARTITIONS];
	memset(b, 0, sizeof(b));
	for (unsigned i = 0; i < cfg.nr_parts; i++)
		build_partition(cfgfile, &cfg.parts[i], &b[i]);
	if (qemu_args) {
		static char args[16384];
		el2_machine_qemu_args(&cfg, args, sizeof(args));
		fputs(args, stdout);
	} else if (!check_only) {
		write_outputs(argv[2], &cfg, b);
	}
	for (unsigned i = 0; i < cfg.nr_parts; i++) {
		free(b[i].dtb);
		free(b[i].dtb_gicv2);
		free(b[i].kernel);
	}
	return 0;
}
