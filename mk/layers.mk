# The layer libraries (see the Makefile's head): each layer's sources,
# compiled once per target into $(B)/<target>/obj/<source>.o and archived as
# $(call layer_lib,TARGET,LAYER); the hosted engine's public library
# $(B)/arm64/libarmvm.a; the one freestanding check.

LAYER_SRCS_arch    := $(wildcard src/arch/*.c)
LAYER_SRCS_machine := $(wildcard src/machine/*.c)
LAYER_SRCS_dev     := $(wildcard src/dev/*.c)
LAYER_SRCS_kvm     := $(wildcard src/kvm/*.c)
LAYER_SRCS_host    := $(wildcard src/host/*.c)
LAYER_SRCS_el2     := $(wildcard src/el2/*.c src/el2/*.S)
LAYER_SRCS_cli     := $(wildcard src/cli/*.c)
LAYER_SRCS_el2tool := $(filter-out el2/tools/el2-build.c,$(wildcard el2/tools/*.c))

HASH := \#

# Hosted-only files of the freestanding layers: those that include a C
# library header beyond the freestanding ones (and <string.h>, whose five
# functions the hypervisor provides). Not built for el2.
FREESTANDING_HEADERS := stdarg.h stdbool.h stddef.h stdint.h limits.h string.h
FREESTANDING_LAYER_SRCS := $(LAYER_SRCS_arch) $(LAYER_SRCS_machine) $(LAYER_SRCS_dev)
HOSTED_ONLY_SRCS := $(if $(FREESTANDING_LAYER_SRCS),$(shell awk \
	'/^[ \t]*$(HASH)[ \t]*include[ \t]*</ { h = $$0; sub(/^[^<]*</, "", h); sub(/>.*/, "", h); \
	  if (index(" $(FREESTANDING_HEADERS) ", " " h " ") == 0) print FILENAME }' \
	$(FREESTANDING_LAYER_SRCS) | sort -u))

# EL2-only files of the el2 layer: assembly, C that still contains inline
# assembly once preprocessed for the host (system registers, barriers), and
# the hypervisor's stand-ins for the C library (a definition of memcpy...).
# The rest is the el2 logic the host unit tests link. Recursive (=), and used
# only in second expansions: the preprocessor runs only when the host el2
# library is wanted.
EL2_C_SRCS = $(filter %.c,$(LAYER_SRCS_el2))
EL2_ASM_RE := (^|[^A-Za-z0-9_])(__asm__|__asm|asm)([ \t]+[a-z_]+)*[ \t]*[(]
EL2_LIBC_RE := ^[a-z].*[ *](memcpy|memset|memmove|memcmp|strlen)[[:space:]]*[(]
EL2_ONLY_SRCS = $(filter %.S,$(LAYER_SRCS_el2)) $(if $(EL2_C_SRCS),$(shell { \
	$(HOST_CC) $(HOST_CFLAGS) -E $(EL2_C_SRCS) 2>/dev/null | awk \
	  '/^$(HASH) [0-9]+ "src\/el2\/[^"\/]*\.c"/ { f = $$3; gsub(/"/, "", f); next } \
	   /$(EL2_ASM_RE)/ { print f }'; \
	grep -lE '$(EL2_LIBC_RE)' $(EL2_C_SRCS); } | sort -u))

# $(call layer_srcs,TARGET,LAYER) / $(call layer_objs,TARGET,LAYER)
layer_srcs = $(filter-out $(EXCLUDE_$(1)_$(2)),$(LAYER_SRCS_$(2)))
layer_objs = $(patsubst %,$(B)/$(1)/obj/%.o,$(call layer_srcs,$(1),$(2)))
EXCLUDE_el2_arch    = $(HOSTED_ONLY_SRCS)
EXCLUDE_el2_machine = $(HOSTED_ONLY_SRCS)
EXCLUDE_el2_dev     = $(HOSTED_ONLY_SRCS)
EXCLUDE_host_el2    = $(EL2_ONLY_SRCS)

# ---- one compile rule per target ----------------------------------------------
$(B)/host/obj/%.c.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(B)/arm64/obj/%.c.o: %.c
	@mkdir -p $(@D)
	$(VMM_CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(B)/el2/obj/%.c.o: %.c
	@mkdir -p $(@D)
	$(EL2_CC) $(EL2_CFLAGS) -MMD -MP -c $< -o $@

$(B)/el2/obj/%.S.o: %.S
	@mkdir -p $(@D)
	$(EL2_CC) -Isrc -MMD -MP -c $< -o $@

-include $(wildcard $(B)/*/obj/*/*.d $(B)/*/obj/*/*/*.d $(B)/*/obj/*/*/*/*.d)

# ---- one library per layer and target -------------------------------------------
# Archived with q (append), not r: two members may share a base name. Each
# library also depends on a list of its members, rewritten when it changes,
# so a source file removed or renamed leaves no stale member behind.
AR_host  = $(HOST_AR)
AR_arm64 = $(VMM_AR)
AR_el2   = $(EL2_AR)

define layer_lib_rule
$(call layer_lib,$(1),$(2)): $$$$(call layer_objs,$(1),$(2)) $(call layer_lib,$(1),$(2)).members
	@rm -f $$@
	$$(AR_$(1)) qcs $$@ $$(filter %.o,$$^)
$(call members_rule,$(call layer_lib,$(1),$(2)).members,$$(call layer_srcs,$(1),$(2)))
endef
$(foreach t,host arm64 el2,$(foreach l,$(LAYERS_$(t)),\
	$(eval $(call layer_lib_rule,$(t),$(l)))))

ALL_TARGETS += $(foreach t,host arm64 el2,$(call layer_libs,$(t)))

# The hosted engine's library for programs that embed it (README, the
# embedding test): kvm and the layers below it, in one archive.
LIBARMVM := $(B)/arm64/libarmvm.a
LIBARMVM_LAYERS := kvm arch
$(LIBARMVM): $$(foreach l,$(LIBARMVM_LAYERS),$$(call layer_objs,arm64,$$(l))) $(LIBARMVM).members
	@rm -f $@
	$(VMM_AR) qcs $@ $(filter %.o,$^)
$(eval $(call members_rule,$(LIBARMVM).members,$$(foreach l,$(LIBARMVM_LAYERS),$$(call layer_srcs,arm64,$$(l)))))
ALL_TARGETS += $(LIBARMVM)

# ---- the freestanding check --------------------------------------------------------
# What both engines share (arch, machine, dev), as the hypervisor compiles
# it, linked together, may need from outside only the string functions the
# hypervisor provides (src/el2). The el2 layer itself is checked by linking
# a hypervisor image (tests/suites/el2.sh).
FREESTANDING_ALLOWED := memcpy memset memmove memcmp strlen
FREESTANDING_OK := $(B)/el2/freestanding.ok
$(FREESTANDING_OK): $(foreach l,arch machine dev,$(call layer_lib,el2,$(l)))
	$(CROSS64)ld -r -o $(@:.ok=.o) --whole-archive $^ --no-whole-archive
	@bad=$$($(CROSS64)nm -u $(@:.ok=.o) | awk 'NF == 2 { print $$2 }' | sort -u | \
		grep -vxF $(FREESTANDING_ALLOWED:%=-e %) | tr '\n' ' '); \
	if [ -n "$$bad" ]; then \
		echo "freestanding check: arch, machine and dev (EL2 flags) need: $$bad" >&2; exit 1; fi
	@touch $@
ALL_TARGETS += $(FREESTANDING_OK)
