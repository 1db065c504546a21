# Hosted engine library: build/arm64/libarmvm.a (static, for arm64 Linux).
KVM_SRCS := $(wildcard src/kvm/*.c)
KVM_OBJS := $(KVM_SRCS:src/kvm/%.c=$(B)/arm64/obj-kvm/%.o)
KVM_LIB  := $(B)/arm64/libarmvm.a
# The AArch32 register map regs.c uses, shared with the EL2 engine.
KVM_OBJS += $(B)/arm64/obj-arch/aarch32.o

$(B)/arm64/obj-kvm/%.o: src/kvm/%.c
	@mkdir -p $(@D)
	$(VMM_CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(B)/arm64/obj-arch/%.o: src/arch/%.c
	@mkdir -p $(@D)
	$(VMM_CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(KVM_LIB): $(KVM_OBJS)
	@rm -f $@
	$(CROSS64)ar rcs $@ $^

ALL_TARGETS += $(KVM_LIB)
-include $(KVM_OBJS:.o=.d)

# The embedding test (two VMs in one process, stop from another thread,
# register mappings...): build/arm64/armvm-embed-test, run in the lab by
# tests/lab/40-embed.sh. Its AArch32 guest is assembled for A32, flattened
# and included as data.
EMBED_TEST := $(B)/arm64/armvm-embed-test
EMBED_OBJDIR := $(B)/arm64/obj-kvm-test

$(EMBED_OBJDIR)/guest_a32.bin: src/kvm/test/guest_a32.S
	@mkdir -p $(@D)
	$(CROSS32)gcc -c $< -o $(EMBED_OBJDIR)/guest_a32.o
	$(CROSS32)objcopy -O binary -j .text $(EMBED_OBJDIR)/guest_a32.o $@

$(EMBED_OBJDIR)/a32_blob.o: src/kvm/test/a32_blob.S $(EMBED_OBJDIR)/guest_a32.bin
	$(VMM_CC) -DEMBED_A32_BIN='"$(EMBED_OBJDIR)/guest_a32.bin"' -c $< -o $@

$(EMBED_OBJDIR)/%.o: src/kvm/test/%.S
	@mkdir -p $(@D)
	$(VMM_CC) -c $< -o $@

$(EMBED_OBJDIR)/%.o: src/kvm/test/%.c
	@mkdir -p $(@D)
	$(VMM_CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(EMBED_TEST): $(EMBED_OBJDIR)/embed_test.o $(EMBED_OBJDIR)/guest_a64.o \
		$(EMBED_OBJDIR)/a32_blob.o $(KVM_LIB)
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $(filter %.o,$^) $(KVM_LIB)

ALL_TARGETS += $(EMBED_TEST)

# The hosted-engine benchmark's floor: a bare KVM loop running the same
# mmio-bench guest (bench/kvm_floor.c), and the benchmark driver.
KVM_FLOOR := $(B)/arm64/kvm-floor

$(B)/arm64/obj-bench/kvm_floor.o: bench/kvm_floor.c
	@mkdir -p $(@D)
	$(VMM_CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(KVM_FLOOR): $(B)/arm64/obj-bench/kvm_floor.o $(B)/arm64/libarmvm-platform.a
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $< $(B)/arm64/libarmvm-platform.a -lfdt

ALL_TARGETS += $(KVM_FLOOR)
BENCH_SUITES += tests/bench-kvm.sh
-include $(B)/arm64/obj-bench/kvm_floor.d

# Compile (not link) the hosted engine, the CLI, the embedding test and the
# floor with clang too, to keep them clean with both compilers:
# `make kvm-clang-check`.
.PHONY: kvm-clang-check
kvm-clang-check:
	@for f in src/kvm/*.c src/kvm/test/*.c src/cli/*.c src/cli/test/*.c bench/kvm_floor.c; do \
		clang --target=aarch64-linux-gnu $(CSTD) $(WARN) -O2 -D_GNU_SOURCE \
			-Iinclude -Isrc -I/usr/aarch64-linux-gnu/include \
			-I$(SYSROOT64)/usr/include -fsyntax-only $$f || exit 1; done
	@clang $(HOST_CFLAGS) -fsyntax-only src/cli/options.c src/cli/options_test.c
	@echo "kvm/cli: clang clean"
