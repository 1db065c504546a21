# The hosted engine's programs, static arm64 binaries at the top of
# $(B)/arm64/ (lab/mkinitramfs.sh packs every executable there into the
# lab's /bin):
#   armvm             the command line: the arm64 layer libraries + libfdt
#                     (main() comes from the cli library)
#   armvm-tty-test    armvm on a pseudo-terminal (tests/cli/lab/tty_test.c,
#                     run in the lab by tests/lab/25-tty.sh)
#   armvm-embed-test  two VMs in one process... (tests/kvm/lab/, linked
#                     against libarmvm.a alone, as an embedder would; run in
#                     the lab by tests/lab/40-embed.sh)
#   kvm-floor         the hosted-engine benchmark's floor: a bare KVM loop
#                     running the mmio-bench guest (bench/kvm_floor.c)

# armvm's code and read-only data that a Linux boot uses go first, packed
# (mk/armvm-hot.ld, made by scripts/hot-layout.py): its text is file pages
# mapped in 64 KiB fault-around windows, so scattered hot code would keep
# nearly all of it resident (docs/performance.md).
ARMVM_BIN := $(B)/arm64/armvm
ARMVM_HOT_LD := mk/armvm-hot.ld
$(ARMVM_BIN): $(call layer_libs,arm64) $(ARMVM_HOT_LD)
	$(VMM_CC) $(VMM_LDFLAGS) -Wl,-T,$(ARMVM_HOT_LD) -o $@ -Wl,--start-group \
		$(filter %.a,$^) -Wl,--end-group -lfdt -lzstd -llz4 -llzma -lz

ARMVM_TTY_TEST := $(B)/arm64/armvm-tty-test
$(ARMVM_TTY_TEST): $(B)/arm64/obj/tests/cli/lab/tty_test.c.o
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $<

# Its AArch32 guest is assembled for A32, flattened and included as data.
EMBED_TEST := $(B)/arm64/armvm-embed-test
EMBED_OBJDIR := $(B)/arm64/obj/tests/kvm/lab

$(EMBED_OBJDIR)/guest_a32.bin: tests/kvm/lab/guest_a32.S
	@mkdir -p $(@D)
	$(CROSS32)gcc -c $< -o $(EMBED_OBJDIR)/guest_a32.o
	$(CROSS32)objcopy -O binary -j .text $(EMBED_OBJDIR)/guest_a32.o $@

$(EMBED_OBJDIR)/a32_blob.S.o: tests/kvm/lab/a32_blob.S $(EMBED_OBJDIR)/guest_a32.bin
	$(VMM_CC) -DEMBED_A32_BIN='"$(EMBED_OBJDIR)/guest_a32.bin"' -c $< -o $@

$(EMBED_OBJDIR)/guest_a64.S.o: tests/kvm/lab/guest_a64.S
	@mkdir -p $(@D)
	$(VMM_CC) -c $< -o $@

$(EMBED_TEST): $(EMBED_OBJDIR)/embed_test.c.o $(EMBED_OBJDIR)/guest_a64.S.o \
		$(EMBED_OBJDIR)/a32_blob.S.o $(B)/arm64/libarmvm.a
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $^

KVM_FLOOR := $(B)/arm64/kvm-floor
$(KVM_FLOOR): $(B)/arm64/obj/bench/kvm_floor.c.o $(call layer_libs,arm64)
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $< -Wl,--start-group $(filter %.a,$^) \
		-Wl,--end-group -lfdt -lzstd -llz4 -llzma -lz

# The lab's scripted gdb client (tests/lab/13-gdb.sh; the lab has no gdb).
GDB_CLIENT := $(B)/arm64/armvm-gdb-client
$(GDB_CLIENT): $(B)/arm64/obj/tests/cli/lab/gdb_client.c.o
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $<

# Run a command as another user (tests/lab/28-privdrop.sh; busybox has no su).
LAB_RUNAS := $(B)/arm64/armvm-lab-runas
$(LAB_RUNAS): $(B)/arm64/obj/tests/cli/lab/runas.c.o
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $<

ALL_TARGETS += $(ARMVM_BIN) $(ARMVM_TTY_TEST) $(EMBED_TEST) $(KVM_FLOOR) $(GDB_CLIENT) $(LAB_RUNAS)

# Compile (not link) everything the arm64 target builds with clang too, to
# keep it clean with both compilers: `make kvm-clang-check`.
.PHONY: kvm-clang-check
kvm-clang-check:
	@for f in $(foreach l,$(LAYERS_arm64),$(call layer_srcs,arm64,$(l))) \
			tests/cli/lab/tty_test.c tests/cli/lab/gdb_client.c tests/cli/lab/runas.c tests/kvm/lab/embed_test.c tests/kvm/lab/memmap_test.c tests/kvm/lab/vm_state_test.c \
			bench/kvm_floor.c; do \
		clang --target=aarch64-linux-gnu $(CSTD) $(WARN) -O2 -D_GNU_SOURCE \
			-Iinclude -Isrc -I/usr/aarch64-linux-gnu/include \
			-I$(SYSROOT64)/usr/include -fsyntax-only $$f || exit 1; done
	@echo "kvm/cli: clang clean"

# armvm-memmap-test: the changing memory map, dirty pages and hypercalls
# (tests/kvm/lab/memmap_test.c, run by tests/lab/41-memmap.sh and, on the
# 6.12 host, 42-hypercall.sh); its AArch32 guests flattened like the above.
MEMMAP_TEST := $(B)/arm64/armvm-memmap-test

$(EMBED_OBJDIR)/memmap_a32.bin: tests/kvm/lab/memmap_a32.S
	@mkdir -p $(@D)
	$(CROSS32)gcc -c $< -o $(EMBED_OBJDIR)/memmap_a32.o
	$(CROSS32)objcopy -O binary -j .text $(EMBED_OBJDIR)/memmap_a32.o $@

$(EMBED_OBJDIR)/memmap_a32_blob.S.o: tests/kvm/lab/memmap_a32_blob.S $(EMBED_OBJDIR)/memmap_a32.bin
	$(VMM_CC) -DMEMMAP_A32_BIN='"$(EMBED_OBJDIR)/memmap_a32.bin"' -c $< -o $@

$(EMBED_OBJDIR)/memmap_a64.S.o: tests/kvm/lab/memmap_a64.S
	@mkdir -p $(@D)
	$(VMM_CC) -c $< -o $@

$(MEMMAP_TEST): $(EMBED_OBJDIR)/memmap_test.c.o $(EMBED_OBJDIR)/memmap_a64.S.o \
		$(EMBED_OBJDIR)/memmap_a32_blob.S.o $(B)/arm64/libarmvm.a
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $^

ALL_TARGETS += $(MEMMAP_TEST)

# armvm-state-test: pause, save and restore in a new process
# (tests/kvm/lab/vm_state_test.c, run by tests/lab/44-vm-state.sh with the
# `count` test guest); zlib only to forge a blob's checksum.
STATE_TEST := $(B)/arm64/armvm-state-test
$(STATE_TEST): $(EMBED_OBJDIR)/vm_state_test.c.o $(B)/arm64/libarmvm.a
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $^ -lz

ALL_TARGETS += $(STATE_TEST)
