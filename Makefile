# armvm top-level Makefile.
#   make                  build everything (all)
#   make test             install what is missing, build, run every suite
#   make bench | demo     the benchmark tables | the README's demo in the lab
#   make lab-shell | lab-run CMD='...' | el2-demo | el2-demo-linux
#   make unit | virtio-test | el2 | guests | <area>-clang-check   parts
#   make fuzz [FUZZ_SECONDS=60]   the libFuzzer harnesses (fuzz/, mk/fuzz.mk)
#
# The code is built as layers, one library each, lower layers never calling
# up:
#   arch     src/arch     architectural definitions and helpers (both engines)
#   machine  src/machine  the guest platform: board, loader, device tree
#   dev      src/dev      device models (PL011, PL031, virtio...)
#   kvm      src/kvm      the hosted engine on /dev/kvm
#   host     src/host     the hosted engine's back ends and I/O thread
#   el2      src/el2      the bare-metal engine (a hypervisor at EL2)
#   cli      src/cli      the armvm command line (a program, archived like a
#                         layer so its unit tests link what they test)
#   el2tool  el2/tools    el2-build's library (host only; its main is apart)
# Each layer's sources are its directory's *.c (and *.S): a file added or
# renamed needs no edit here. Each layer is compiled once for every target
# that uses it, with that target's flags, into $(B)/<target>/lib<layer>.a:
#   host   x86_64, HOST_CFLAGS: unit tests and host tools (el2-build)
#   arm64  VMM_CFLAGS, static, libfdt from $(SYSROOT64): armvm and libarmvm.a
#   el2    EL2_CFLAGS, freestanding: exactly what the hypervisor image links
# Two rules keep a file out of a target (mk/layers.mk):
#   - arch, machine and dev are freestanding, except files that include a
#     C library header beyond <stdarg.h> <stdbool.h> <stddef.h> <stdint.h>
#     <limits.h> <string.h> (src/machine/fdt_build.c: libfdt): those are
#     built for host and arm64 only.
#   - el2 files that touch the CPU (inline assembly) or stand in for the C
#     library (memcpy...) are built for el2 only; the rest is unit-tested on
#     host.
# One freestanding check ($(B)/el2/freestanding.ok) links arch, machine and
# dev as the hypervisor builds them and allows nothing from outside but
# memcpy memset memmove memcmp strlen.
#
# mk/ holds the rules, one file per kind of product; none depends on the
# order of inclusion (cross-file references use the functions below, or are
# in recipes):
#   layers.mk  the layer libraries, libarmvm.a, the freestanding check
#   armvm.mk   armvm and the arm64 test programs and benchmark floor
#   el2.mk     the hypervisor: objects list, el2-build, images, demos, its
#              own test guests, the QEMU vGIC harness
#   guests.mk  the test guests (guests/) and the Linux guests (tests/linux/)
#   lab.mk     the nested arm64 host (lab/), make demo / lab-shell / lab-run
#   tests.mk   native unit tests (tests/<layer>/)
#   version.mk the git revision `armvm --version` prints
#   install.mk make install: libarmvm.so (the libarmvm.a layers, -fPIC),
#              armvm.pc, armvm linked shared, the installed example
#   deb.mk     make deb: the Debian packages (debian/, docs/install.md)
#   fuzz.mk    libFuzzer harnesses (fuzz/), clang with ASan and UBSan
# Each file also has its area's clang check (tests/suites/clang.sh).
# Products the scripts rely on: $(B)/arm64/<program> (packed into the lab),
# $(B)/guests/, $(B)/linux/, $(B)/el2/objects.list and cflags,
# $(B)/host/el2-build, $(B)/host/tests/<layer>/<test>, $(B)/el2-vgic-qemu/.

ARMVM_CACHE ?= $(HOME)/.cache/armvm
export ARMVM_CACHE

B          := build
HOSTCC     ?= cc
HOST_AR    ?= ar
CROSS64    := aarch64-linux-gnu-
CROSS32    := arm-linux-gnueabihf-
SYSROOT64  := $(ARMVM_CACHE)/sysroot-arm64
WARN       := -Wall -Wextra -Werror
CSTD       := -std=c11

# ---- the three targets ------------------------------------------------------
# host: native x86_64.
HOST_CC     := $(HOSTCC)
HOST_CFLAGS := $(CSTD) $(WARN) -O2 -g -D_GNU_SOURCE -Iinclude -Isrc
# arm64: the VMM for the arm64 host (static: the lab has no libc). A
# section per function and object: armvm's link places the ones a boot
# uses first (mk/armvm-hot.ld).
VMM_CC      := $(CROSS64)gcc
VMM_AR      := $(CROSS64)ar
VMM_CFLAGS  := $(CSTD) $(WARN) -O2 -g -D_GNU_SOURCE -Iinclude -Isrc \
               -I$(SYSROOT64)/usr/include -ffunction-sections -fdata-sections
VMM_LDFLAGS := -static -pthread -L$(SYSROOT64)/usr/lib/aarch64-linux-gnu
# el2: the hypervisor, freestanding (no FP/SIMD, no unaligned accesses
# before the MMU is on, no compiler-invented library calls).
EL2_CC      := $(CROSS64)gcc
EL2_AR      := $(CROSS64)ar
EL2_CFLAGS  := $(CSTD) $(WARN) -O2 -g -ffreestanding -fno-builtin -nostdlib \
	-mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-fno-stack-protector -fno-pie -fno-pic -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fno-tree-loop-distribute-patterns -Isrc \
	-idirafter $(SYSROOT64)/usr/include
# The hypervisor reads the board's device tree with Debian's arm64 libfdt
# (its read-only half: src/el2/phys_board.c; lib.c has what it calls).
EL2_LIBFDT  := $(SYSROOT64)/usr/lib/aarch64-linux-gnu/libfdt.a

LAYERS_host  := arch machine dev host el2 cli el2tool
LAYERS_arm64 := arch machine dev host kvm cli
LAYERS_el2   := arch machine dev el2

# $(call layer_lib,TARGET,LAYER): that layer's library for that target.
layer_lib  = $(B)/$(1)/lib$(2).a
# $(call layer_libs,TARGET): every layer library of TARGET.
layer_libs = $(foreach l,$(LAYERS_$(1)),$(call layer_lib,$(1),$(l)))

# $(call members_rule,LIST-FILE,WORDS), to $(eval): a rule keeping
# LIST-FILE holding WORDS, rewritten only when they change. An archive that
# depends on the list of its members is rebuilt when a source is removed.
define members_rule
$(1): FORCE
	@mkdir -p $$(@D)
	@echo '$(2)' | cmp -s - $$@ || echo '$(2)' > $$@
endef
.PHONY: FORCE
FORCE:

.DEFAULT_GOAL := all
ALL_TARGETS :=
# The suites `make test` runs, in this order; each prints PASS:/FAIL:/SKIP:
# lines. The lab suite, the slowest, comes last.
TEST_SUITES := tests/suites/clang.sh tests/suites/el2-vgic-qemu.sh \
	tests/suites/el2.sh tests/suites/el2-gicv2.sh tests/suites/el2-kvm-unit-tests.sh tests/suites/oracle.sh tests/suites/unit.sh \
	tests/suites/virtio-unit.sh tests/suites/fuzz.sh tests/suites/layers.sh tests/suites/api-spec.sh \
	tests/suites/man.sh tests/suites/completion.sh tests/suites/header-cxx.sh \
	tests/suites/install.sh tests/suites/deb.sh tests/suites/lab.sh tests/suites/lab-gdb.sh
BENCH_SUITES := tests/bench-el2.sh tests/bench-kvm.sh tests/bench-linux.sh \
	tests/bench-micro.sh tests/bench-snapshot.sh

.PHONY: all setup test demo bench lab-shell clean
all:

# Prerequisites written $$(...) are expanded when make needs them: a
# list that is costly to compute (mk/layers.mk) is only computed then.
.SECONDEXPANSION:

include $(sort $(wildcard mk/*.mk))

all: $(ALL_TARGETS)

setup:
	@./scripts/setup.sh

# The README's test command: install what is missing, build, run every suite.
test: setup
	@$(MAKE) --no-print-directory all
	@./tests/run-suites.sh $(TEST_SUITES)

bench: setup
	@$(MAKE) --no-print-directory -s all
	@./tests/run-bench.sh $(BENCH_SUITES)

clean:
	rm -rf build build-clang
