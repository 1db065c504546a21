// SPDX-License-Identifier: MIT
/*
 * The machine a configuration runs on, as QEMU options: -smp and -m from
 * machine_cpus / machine_ram, and the devices QEMU's virt gets for the
 * partitions that own them by passthrough (machine_virtio_blk,
 * machine_virtio_net). `el2-build --qemu-args` prints them and
 * `armvm-el2 run` starts QEMU with them, so nobody types QEMU options by
 * hand. See el2_config.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "el2_config.h"
#include "machine/memmap.h"

int el2_machine_key(struct el2_config *cfg, const char *key, char *val,
		    const char *file, unsigned line, char *err, size_t errlen)
{
	struct el2_machine_dev d = { .line = line };
	char *end, *rest;
	unsigned long n;

	if (!strcmp(key, "machine_virtio_blk"))
		d.kind = EL2_MACHINE_VIRTIO_BLK;
	else if (!strcmp(key, "machine_virtio_net"))
		d.kind = EL2_MACHINE_VIRTIO_NET;
	else
		return 1;
	n = strtoul(val, &end, 0);
	if (end == val || (*end != ' ' && *end != '\t') || n >= VIRT_MMIO_COUNT)
		return el2_config_fail(err, errlen, file, line,
			    "%s = TRANSPORT %s: TRANSPORT is a virtio-mmio transport 0-%d",
			    key, d.kind == EL2_MACHINE_VIRTIO_BLK ? "PATH" : "user",
			    VIRT_MMIO_COUNT - 1);
	d.transport = (unsigned)n;
	rest = end + strspn(end, " \t");
	if (d.kind == EL2_MACHINE_VIRTIO_BLK) {
		if (!*rest || strlen(rest) >= sizeof(d.path))
			return el2_config_fail(err, errlen, file, line, "%s: bad disk path", key);
		strcpy(d.path, rest);
	} else if (strcmp(rest, "user")) {
		/* Only QEMU's user network, restricted: traffic stays in QEMU. */
		return el2_config_fail(err, errlen, file, line,
			    "%s: the network must be 'user' (QEMU's own, restricted), not '%s'",
			    key, rest);
	}
	if (cfg->nr_machine_devs == EL2_MAX_MACHINE_DEVS)
		return el2_config_fail(err, errlen, file, line, "more than %d machine devices",
			    EL2_MAX_MACHINE_DEVS);
	cfg->machine_devs[cfg->nr_machine_devs++] = d;
	return 0;
}

/* The partition that owns transport n as virtio-mmio passthrough, or NULL. */
static const struct el2_part_desc *owner_of(const struct el2_config *cfg, unsigned n)
{
	uint64_t base = VIRT_MMIO_BASE + (uint64_t)n * VIRT_MMIO_STRIDE;

	for (unsigned i = 0; i < cfg->nr_parts; i++)
		for (unsigned k = 0; k < cfg->parts[i].nr_passthrough; k++) {
			const struct el2_passthrough_desc *d = &cfg->parts[i].passthrough[k];
			if (d->kind == EL2_PT_VIRTIO_MMIO && base >= d->range.base &&
			    base - d->range.base < d->range.size)
				return &cfg->parts[i];
		}
	return NULL;
}

int el2_machine_validate(const char *file, const struct el2_config *cfg,
			 char *err, size_t errlen)
{
	for (unsigned i = 0; i < cfg->nr_machine_devs; i++) {
		const struct el2_machine_dev *d = &cfg->machine_devs[i];

		for (unsigned j = 0; j < i; j++)
			if (cfg->machine_devs[j].transport == d->transport)
				return el2_config_fail(err, errlen, file, d->line,
					    "virtio-mmio transport %u already has a device (line %u)",
					    d->transport, cfg->machine_devs[j].line);
		if (!owner_of(cfg, d->transport))
			return el2_config_fail(err, errlen, file, d->line,
				    "virtio-mmio transport %u (0x%llx) is not passed through to any partition as virtio-mmio: no guest could reach the device",
				    d->transport,
				    (unsigned long long)(VIRT_MMIO_BASE + d->transport * VIRT_MMIO_STRIDE));
	}
	return 0;
}

/* Append one argument and a newline, as far as it fits (out is sized for
 * the worst case by the caller: el2-build uses 16 KiB). */
static void arg(char *out, size_t outlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void arg(char *out, size_t outlen, const char *fmt, ...)
{
	size_t used = strlen(out);
	va_list ap;

	if (used + 1 >= outlen)
		return;
	va_start(ap, fmt);
	vsnprintf(out + used, outlen - used - 1, fmt, ap);
	va_end(ap);
	strcat(out, "\n");
}

/* A path inside a QEMU option value: commas doubled (QEMU's escaping). */
static void qemu_escape(const char *in, char *out, size_t outlen)
{
	size_t o = 0;

	for (; *in && o + 2 < outlen; in++) {
		out[o++] = *in;
		if (*in == ',')
			out[o++] = ',';
	}
	out[o] = '\0';
}

void el2_machine_qemu_args(const struct el2_config *cfg, char *out, size_t outlen)
{
	out[0] = '\0';
	arg(out, outlen, "-M");
	arg(out, outlen, "virt,virtualization=on,gic-version=%u", cfg->machine_gic);
	arg(out, outlen, "-cpu");
	arg(out, outlen, "cortex-a57");
	arg(out, outlen, "-smp");
	arg(out, outlen, "%u", cfg->machine_cpus);
	arg(out, outlen, "-m");
	arg(out, outlen, "%lluM", (unsigned long long)(cfg->machine_ram >> 20));
	for (unsigned i = 0; i < cfg->nr_machine_devs; i++) {
		const struct el2_machine_dev *d = &cfg->machine_devs[i];
		char path[2 * EL2_PATH_MAX];

		if (d->kind == EL2_MACHINE_VIRTIO_BLK) {
			qemu_escape(d->path, path, sizeof(path));
			arg(out, outlen, "-drive");
			arg(out, outlen, "file=%s,if=none,format=raw,id=el2blk%u", path, i);
			arg(out, outlen, "-device");
			arg(out, outlen, "virtio-blk-device,drive=el2blk%u,bus=virtio-mmio-bus.%u",
			    i, d->transport);
		} else {
			arg(out, outlen, "-netdev");
			arg(out, outlen, "user,id=el2net%u,restrict=on", i);
			arg(out, outlen, "-device");
			arg(out, outlen, "virtio-net-device,netdev=el2net%u,bus=virtio-mmio-bus.%u",
			    i, d->transport);
		}
	}
}
