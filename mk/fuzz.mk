# Fuzzing (fuzz/, README "Fuzzing"): libFuzzer harnesses built with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer.
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_JOBS=1] [FUZZ=name...]
#                        runs each harness for FUZZ_SECONDS on its seed
#                        corpus fuzz/corpus/<name>/ (new inputs it finds go to
#                        $(B)/fuzz/corpus/<name>/, crashes to
#                        $(B)/fuzz/crashes/<name>/)
#   make fuzz-build      just the harnesses, $(B)/fuzz/<name>
# tests/suites/fuzz.sh (in make test) runs each for a short count of inputs
# and replays every committed crash in fuzz/regressions/<name>/.
#
# The code under test is compiled again from the layer sources with the
# fuzz flags (the host layer libraries are built with gcc and without
# coverage), as the host target builds it: $(call layer_srcs,host,LAYER),
# into $(B)/fuzz/lib<layer>.a. Each fuzz/fuzz_<name>.c is one harness; the
# other fuzz/*.c and tests/dev/virtio_fake.c are shared helpers, and so is
# the one hosted-only parser fuzzed, src/cli/snapshot_file.c (zlib).

FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := $(CSTD) $(WARN) -O1 -g -D_GNU_SOURCE -Iinclude -Isrc -Iel2/tools \
	$(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_LAYERS  := arch machine dev el2 el2tool cli
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 1

FUZZ_HARNESS_SRCS := $(wildcard fuzz/fuzz_*.c)
FUZZ_HELPER_SRCS  := $(filter-out $(FUZZ_HARNESS_SRCS),$(wildcard fuzz/*.c)) \
	tests/dev/virtio_fake.c src/cli/snapshot_file.c
FUZZ_NAMES   := $(patsubst fuzz/fuzz_%.c,%,$(FUZZ_HARNESS_SRCS))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(B)/fuzz/%)
FUZZ_LIBS    := $(FUZZ_LAYERS:%=$(B)/fuzz/lib%.a) $(B)/fuzz/libhelpers.a

$(B)/fuzz/obj/%.c.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

# A layer's library: the same sources as the host target's (layers.mk);
# the list is computed only when a library is wanted (second expansion).
fuzz_objs = $(patsubst %,$(B)/fuzz/obj/%.o,$(call layer_srcs,host,$(1)))
define fuzz_lib_rule
$(B)/fuzz/lib$(1).a: $$$$(call fuzz_objs,$(1))
	@rm -f $$@
	$$(HOST_AR) qcs $$@ $$^
endef
$(foreach l,$(FUZZ_LAYERS),$(eval $(call fuzz_lib_rule,$(l))))

$(B)/fuzz/libhelpers.a: $(FUZZ_HELPER_SRCS:%=$(B)/fuzz/obj/%.o)
	@rm -f $@
	$(HOST_AR) qcs $@ $^

$(FUZZ_BINS): $(B)/fuzz/%: $(B)/fuzz/obj/fuzz/fuzz_%.c.o $(FUZZ_LIBS)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< \
		-Wl,--start-group $(FUZZ_LIBS) -Wl,--end-group -lfdt -lzstd -llz4 -llzma -lz

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

FUZZ ?= $(FUZZ_NAMES)
fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) B=$(B) \
		./fuzz/run.sh $(FUZZ)
