// SPDX-License-Identifier: MIT
/*
 * A scripted gdb remote-protocol client for the lab (the lab has no gdb):
 * drives `armvm run --gdb` through what a gdb session does against a test
 * guest, checking each answer, with symbol addresses from the guest's ELF.
 *
 *   armvm-gdb-client session PORT ELF aarch64|aarch32
 *       attach (guest halted by --gdb-wait), registers, target description,
 *       a software breakpoint at guest_main, a hardware breakpoint at
 *       fdt_contains_string, a single step, a watchpoint on the variable
 *       `hash`, then continue to the guest's power-off (W00)
 *   armvm-gdb-client vanish PORT ELF aarch64|aarch32
 *       garbage bytes and malformed packets, a breakpoint inserted, then the
 *       connection dropped without a detach: the guest must run on
 *   armvm-gdb-client kernel PORT BREAK_HEX aarch64|aarch32 BYTES_HEX
 *       a Linux kernel halted at its entry: a hardware breakpoint at the
 *       kernel virtual address BREAK_HEX (start_kernel: the MMU is still off
 *       at entry, so a hardware one), continue to it, read the code there
 *       by virtual address (through the kernel's own page tables), which
 *       must be BYTES_HEX (the same bytes from the kernel's image file), a
 *       single step, then detach: the kernel boots on
 * Prints "gdb-client: ..." and exits 0 when every answer was right.
 */
#include <arpa/inet.h>
#include <elf.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int sock = -1;
static char reply[16384];
/* Seconds without an answer before the stub counts as stuck. */
static int answer_timeout = 20;

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("gdb-client: FAILED: ", stdout);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(1);
}

/* The value of symbol `name` in an ELF32/ELF64 file's symbol table. */
static uint64_t symbol(const char *path, const char *name)
{
	FILE *f = fopen(path, "rb");
	static uint8_t buf[4 << 20];
	size_t n;
	if (!f || (n = fread(buf, 1, sizeof(buf), f)) < sizeof(Elf32_Ehdr))
		die("cannot read %s", path);
	fclose(f);
	bool is64 = buf[EI_CLASS] == ELFCLASS64;
	uint64_t shoff = is64 ? ((Elf64_Ehdr *)buf)->e_shoff : ((Elf32_Ehdr *)buf)->e_shoff;
	unsigned shnum = is64 ? ((Elf64_Ehdr *)buf)->e_shnum : ((Elf32_Ehdr *)buf)->e_shnum;
	size_t shsz = is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	for (unsigned i = 0; i < shnum; i++) {
		if (shoff + (i + 1) * shsz > n)
			break;
		uint8_t *sh = buf + shoff + i * shsz;
		uint32_t type = is64 ? ((Elf64_Shdr *)sh)->sh_type : ((Elf32_Shdr *)sh)->sh_type;
		if (type != SHT_SYMTAB)
			continue;
		uint64_t off = is64 ? ((Elf64_Shdr *)sh)->sh_offset : ((Elf32_Shdr *)sh)->sh_offset;
		uint64_t size = is64 ? ((Elf64_Shdr *)sh)->sh_size : ((Elf32_Shdr *)sh)->sh_size;
		unsigned link = is64 ? ((Elf64_Shdr *)sh)->sh_link : ((Elf32_Shdr *)sh)->sh_link;
		uint8_t *str_sh = buf + shoff + link * shsz;
		uint64_t stroff = is64 ? ((Elf64_Shdr *)str_sh)->sh_offset : ((Elf32_Shdr *)str_sh)->sh_offset;
		size_t entsz = is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
		for (uint64_t o = off; o + entsz <= off + size && o + entsz <= n; o += entsz) {
			uint32_t nm = is64 ? ((Elf64_Sym *)(buf + o))->st_name : ((Elf32_Sym *)(buf + o))->st_name;
			if (stroff + nm < n && !strcmp((char *)buf + stroff + nm, name))
				return is64 ? ((Elf64_Sym *)(buf + o))->st_value : ((Elf32_Sym *)(buf + o))->st_value;
		}
	}
	die("no symbol %s in %s", name, path);
	return 0;
}

static void connect_to(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	/* Up to a minute: armvm starts slowly in a loaded nested host. */
	for (int tries = 0; tries < 1200; tries++) {
		sock = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(sock, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			/* a stub that stops answering is a failure, not a hang */
			struct timeval tv = { .tv_sec = answer_timeout };
			setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
			return;
		}
		close(sock);
		usleep(50 * 1000);
	}
	die("cannot connect to 127.0.0.1:%d: %s", port, strerror(errno));
}

static void send_all(const void *b, size_t n)
{
	if (send(sock, b, n, MSG_NOSIGNAL) != (ssize_t)n)
		die("send: %s", strerror(errno));
}

static int get_byte(void)
{
	uint8_t c;
	ssize_t n = recv(sock, &c, 1, 0);
	if (n <= 0)
		die(n < 0 ? "no answer from the stub in time: %s" : "the stub closed the connection%s",
		    n < 0 ? strerror(errno) : "");
	return c;
}

/* Swallow whatever the stub has sent (the answers to garbage). */
static void drain(void)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = 300 * 1000 };
	char junk[256];

	setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (recv(sock, junk, sizeof(junk), 0) > 0)
		;
	tv.tv_sec = answer_timeout;
	tv.tv_usec = 0;
	setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

/* Send a packet, wait for its ack and the reply packet (acked). */
static const char *ask(const char *payload)
{
	char out[8192];
	unsigned sum = 0;
	for (const char *p = payload; *p; p++)
		sum += (uint8_t)*p;
	int n = snprintf(out, sizeof(out), "$%s#%02x", payload, sum & 0xff);
	send_all(out, (size_t)n);
	int c;
	while ((c = get_byte()) != '$')
		if (c == '-')
			send_all(out, (size_t)n);
	size_t len = 0;
	while ((c = get_byte()) != '#')
		if (len < sizeof(reply) - 1)
			reply[len++] = (char)c;
	reply[len] = '\0';
	get_byte();
	get_byte();
	send_all("+", 1);
	return reply;
}

static void expect_prefix(const char *what, const char *payload, const char *prefix)
{
	const char *r = ask(payload);
	if (strncmp(r, prefix, strlen(prefix)))
		die("%s: '%s' answered '%.200s', expected '%s...'", what, payload, r, prefix);
	printf("gdb-client: %s: %.60s\n", what, r);
}

/* A register (little-endian hex) as a number. */
static uint64_t reg(const char *num)
{
	char q[16];
	snprintf(q, sizeof(q), "p%s", num);
	const char *r = ask(q);
	uint64_t v = 0;
	size_t n = strlen(r);
	if (n == 0 || n % 2 || n > 16)
		die("register %s: '%s'", num, r);
	for (size_t i = n; i >= 2; i -= 2) {
		unsigned b;
		if (sscanf(r + i - 2, "%2x", &b) != 1)
			die("register %s: '%s'", num, r);
		v = v << 8 | b;
	}
	return v;
}

static int kernel_session(int port, uint64_t break_at, bool a32, const char *want_hex)
{
	const char *pc = a32 ? "f" : "20";
	char q[128];

	bool any = !strcmp(want_hex, "any");   /* 8 bytes, not compared */
	if (any)
		want_hex = "0000000000000000";
	if (!*want_hex || strlen(want_hex) % 2 || strlen(want_hex) > 64)
		die("expected bytes '%s': an even number of hex digits, at most 64", want_hex);
	answer_timeout = 90;   /* a kernel under nested KVM under TCG is slow */
	connect_to(port);
	expect_prefix("features", "qSupported:swbreak+;hwbreak+", "PacketSize=");
	expect_prefix("stopped at entry", "?", "T05");
	printf("gdb-client: kernel entry at 0x%llx\n", (unsigned long long)reg(pc));
	snprintf(q, sizeof(q), "Z1,%llx,4", (unsigned long long)break_at);
	expect_prefix("hardware breakpoint", q, "OK");
	expect_prefix("continue to the breakpoint", "c", "T05hwbreak");
	if (reg(pc) != break_at)
		die("stopped at 0x%llx, not 0x%llx", (unsigned long long)reg(pc),
		    (unsigned long long)break_at);
	snprintf(q, sizeof(q), "m%llx,%zx", (unsigned long long)break_at, strlen(want_hex) / 2);
	expect_prefix("read the code by virtual address", q, "");
	if (any ? strlen(reply) != strlen(want_hex) : strcmp(reply, want_hex) != 0)
		die("the code at 0x%llx reads '%s', the image has '%s'", (unsigned long long)break_at,
		    reply, want_hex);
	/* As gdb does: out before stepping off it (it would hit again). */
	snprintf(q, sizeof(q), "z1,%llx,4", (unsigned long long)break_at);
	expect_prefix("hardware breakpoint out", q, "OK");
	uint64_t before = reg(pc);
	expect_prefix("single step", "s", "T05");
	if (reg(pc) == before)
		die("the step left the pc at 0x%llx", (unsigned long long)before);
	printf("gdb-client: stepped 0x%llx -> 0x%llx\n", (unsigned long long)before,
	       (unsigned long long)reg(pc));
	expect_prefix("detach", "D", "OK");
	close(sock);
	printf("gdb-client: done\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "kernel"))
		return kernel_session(atoi(argv[2]), strtoull(argv[3], NULL, 16),
				      !strcmp(argv[4], "aarch32"), argv[5]);
	if (argc != 5)
		die("usage: %s session|vanish PORT ELF aarch64|aarch32", argv[0]);
	bool a32 = !strcmp(argv[4], "aarch32");
	const char *pc = a32 ? "f" : "20";
	unsigned kind = 4;
	uint64_t main_at = symbol(argv[3], "guest_main");
	uint64_t fdt_at = symbol(argv[3], "fdt_contains_string");
	uint64_t hash_at = symbol(argv[3], "hash");
	char q[128], want[128];

	connect_to(atoi(argv[2]));
	expect_prefix("features", "qSupported:swbreak+;hwbreak+", "PacketSize=");
	if (!strcmp(argv[1], "vanish")) {
		send_all("garbage$#zz}}}\x03$m#00", 20);
		drain();   /* the stub's '-' for the two bad packets */
		expect_prefix("bad packet", "m,,", "E01");
		expect_prefix("unknown packet", "qNoSuchThing", "");
		snprintf(q, sizeof(q), "Z0,%llx,%u", (unsigned long long)main_at, kind);
		expect_prefix("breakpoint in", q, "OK");
		printf("gdb-client: dropping the connection with the breakpoint in\n");
		close(sock);
		return 0;
	}
	expect_prefix("stopped at start", "?", "T05");
	/* 'm': more to come; 'l': the last (the whole AArch32 one fits) */
	expect_prefix("target description", "qXfer:features:read:target.xml:0,fff", "");
	if (reply[0] != 'm' && reply[0] != 'l')
		die("target description: answered '%.60s'", reply);
	if (!strstr(reply, a32 ? "org.gnu.gdb.arm.vfp" : "org.gnu.gdb.aarch64.fpu"))
		die("target description without FP/SIMD: %.100s", reply);
	expect_prefix("threads", "qfThreadInfo", "m1");
	expect_prefix("registers", "g", "");
	if (strlen(reply) < (a32 ? 2 * (17 * 4 + 32 * 8 + 4) : 2 * (33 * 8 + 4 + 32 * 16 + 8)))
		die("g packet too short: %zu hex digits", strlen(reply));
	printf("gdb-client: pc at start 0x%llx\n", (unsigned long long)reg(pc));

	snprintf(q, sizeof(q), "Z0,%llx,%u", (unsigned long long)main_at, kind);
	expect_prefix("software breakpoint", q, "OK");
	expect_prefix("continue to guest_main", "c", "T05swbreak");
	if (reg(pc) != main_at)
		die("stopped at 0x%llx, not guest_main 0x%llx", (unsigned long long)reg(pc), (unsigned long long)main_at);
	q[0] = 'z';
	expect_prefix("software breakpoint out", q, "OK");

	snprintf(q, sizeof(q), "Z1,%llx,%u", (unsigned long long)fdt_at, kind);
	expect_prefix("hardware breakpoint", q, "OK");
	expect_prefix("continue to fdt_contains_string", "c", "T05hwbreak");
	if (reg(pc) != fdt_at)
		die("stopped at 0x%llx, not fdt_contains_string 0x%llx", (unsigned long long)reg(pc),
		    (unsigned long long)fdt_at);
	q[0] = 'z';
	expect_prefix("hardware breakpoint out", q, "OK");

	uint64_t before = reg(pc);
	expect_prefix("single step", "s", "T05");
	if (reg(pc) == before)
		die("the step left the pc at 0x%llx", (unsigned long long)before);
	printf("gdb-client: stepped 0x%llx -> 0x%llx\n", (unsigned long long)before, (unsigned long long)reg(pc));

	snprintf(q, sizeof(q), "Z2,%llx,8", (unsigned long long)hash_at);
	expect_prefix("watchpoint on hash", q, "OK");
	snprintf(want, sizeof(want), "T05watch:%llx", (unsigned long long)hash_at);
	expect_prefix("continue to the store", "c", want);
	snprintf(q, sizeof(q), "m%llx,8", (unsigned long long)hash_at);
	expect_prefix("read hash", q, "");
	if (strlen(reply) != 16)
		die("reading hash gave '%s'", reply);
	snprintf(q, sizeof(q), "z2,%llx,8", (unsigned long long)hash_at);
	expect_prefix("watchpoint out", q, "OK");
	expect_prefix("continue to the end", "c", "W00");
	close(sock);
	printf("gdb-client: done\n");
	return 0;
}
