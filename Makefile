# armvm top-level Makefile. Each area keeps its rules in mk/<area>.mk and
# adds to ALL_TARGETS (what `make` builds), TEST_SUITES (scripts run by
# `make test`, each printing PASS:/FAIL:/SKIP: lines) and BENCH_SUITES.

ARMVM_CACHE ?= $(HOME)/.cache/armvm
export ARMVM_CACHE

B          := build
HOSTCC     ?= cc
CC         := $(HOSTCC)
CROSS64    := aarch64-linux-gnu-
CROSS32    := arm-linux-gnueabihf-
SYSROOT64  := $(ARMVM_CACHE)/sysroot-arm64
WARN       := -Wall -Wextra -Werror
CSTD       := -std=c11
# Host (x86_64) builds: unit tests and host-side tools.
HOST_CFLAGS := $(CSTD) $(WARN) -O2 -g -D_GNU_SOURCE -Iinclude -Isrc
# Cross builds of the VMM for the arm64 host (static: the lab has no libc).
VMM_CC     := $(CROSS64)gcc
VMM_CFLAGS := $(CSTD) $(WARN) -O2 -g -D_GNU_SOURCE -Iinclude -Isrc \
              -I$(SYSROOT64)/usr/include
VMM_LDFLAGS := -static -pthread -L$(SYSROOT64)/usr/lib/aarch64-linux-gnu

ALL_TARGETS :=
TEST_SUITES :=
BENCH_SUITES :=

.PHONY: all setup test demo bench lab-shell clean
all:

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
