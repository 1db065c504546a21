# The worked examples of examples/ (see examples/README.md), each a program
# an embedder could have written: cross-built for arm64 against
# $(B)/arm64/libarmvm.a and the public header alone, as static binaries at
# the top of $(B)/arm64/ (so the lab's initramfs carries them; run by
# tests/lab/43-examples.sh):
#   example-a32-mmio-hypercall   examples/a32-mmio-hypercall.c
#   example-emulator-loop        examples/emulator-loop.c, its A32 guest
#                                examples/emulator-loop-guest.S flattened
#                                and included (emulator-loop-blob.S)
EXAMPLES_OBJDIR := $(B)/arm64/obj/examples
EXAMPLE_CFLAGS  := $(CSTD) $(WARN) -O2 -g -Iinclude

$(EXAMPLES_OBJDIR)/%.o: examples/%.c include/armvm/armvm.h
	@mkdir -p $(@D)
	$(VMM_CC) $(EXAMPLE_CFLAGS) -c $< -o $@

$(B)/arm64/example-a32-mmio-hypercall: $(EXAMPLES_OBJDIR)/a32-mmio-hypercall.o \
		$(B)/arm64/libarmvm.a
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $^

$(EXAMPLES_OBJDIR)/emulator-loop-guest.bin: examples/emulator-loop-guest.S
	@mkdir -p $(@D)
	$(CROSS32)gcc -c $< -o $(EXAMPLES_OBJDIR)/emulator-loop-guest.o
	$(CROSS32)objcopy -O binary -j .text $(EXAMPLES_OBJDIR)/emulator-loop-guest.o $@

$(EXAMPLES_OBJDIR)/emulator-loop-blob.o: examples/emulator-loop-blob.S \
		$(EXAMPLES_OBJDIR)/emulator-loop-guest.bin
	$(VMM_CC) -DEMU_GUEST_BIN='"$(EXAMPLES_OBJDIR)/emulator-loop-guest.bin"' -c $< -o $@

$(B)/arm64/example-emulator-loop: $(EXAMPLES_OBJDIR)/emulator-loop.o \
		$(EXAMPLES_OBJDIR)/emulator-loop-blob.o $(B)/arm64/libarmvm.a
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $^

ALL_TARGETS += $(B)/arm64/example-a32-mmio-hypercall $(B)/arm64/example-emulator-loop

# Both compilers: `make examples-clang-check`.
.PHONY: examples-clang-check
examples-clang-check:
	@for f in examples/a32-mmio-hypercall.c examples/emulator-loop.c; do \
		clang --target=aarch64-linux-gnu $(EXAMPLE_CFLAGS) \
			-I/usr/aarch64-linux-gnu/include -fsyntax-only $$f || exit 1; done
	@echo "examples: clang clean"
