# `make install`: the armvm command, the hosted engine library (static and
# shared), its header and pkg-config file, man pages and bash completion.
#
#   make install [DESTDIR=/staging] [PREFIX=/usr/local] [LIBDIR=$(PREFIX)/lib]
#
# Everything installed is arm64 (cross-built): on this x86_64 machine
# `make install DESTDIR=...` stages a tree for packaging or for copying to an
# arm64 host. Directories (each overridable on the command line):
#   BINDIR      $(PREFIX)/bin                      armvm
#   LIBDIR      $(PREFIX)/lib                      libarmvm.a, libarmvm.so*
#               (Debian: /usr/lib/aarch64-linux-gnu, as debian/rules passes)
#   PKGCONFIGDIR $(LIBDIR)/pkgconfig               armvm.pc
#   INCLUDEDIR  $(PREFIX)/include                  armvm/armvm.h, armvm/state.h
#   MANDIR      $(PREFIX)/share/man                docs/man/*.<section>
#   BASHCOMPDIR $(PREFIX)/share/bash-completion/completions  contrib/bash-completion/*
#
# The shared library: the sources of libarmvm.a compiled again with -fPIC,
# linked with a version script generated from include/armvm/*.h, so it
# exports exactly the functions the headers declare (symbol version
# LIBARMVM_<major>); soname libarmvm.so.<major>, file libarmvm.so.<major>.<minor>.0.
#
# Also here (part of `all`): $(B)/arm64/hello-aarch32-installed, the example
# examples/hello-aarch32.c built against a staged install with pkg-config
# only; the lab runs it (tests/lab/45-installed-example.sh).

PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INCLUDEDIR   ?= $(PREFIX)/include
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
BASHCOMPDIR  ?= $(DATADIR)/bash-completion/completions
INSTALL      ?= install

# What the layered build provides (mk/layers.mk, mk/armvm.mk): the static
# armvm, the static library libarmvm.a (the kvm and arch
# layers: the library needs no loader, device model or decompressor) and the layers it holds. Recursive, and used in recipes or second
# expansions only: mk/layers.mk is read after this file.
INSTALL_STATIC_CLI  = $(ARMVM_BIN)
INSTALL_STATIC_LIB  = $(LIBARMVM)
LIBARMVM_SRCS       = $(foreach l,$(LIBARMVM_LAYERS),$(call layer_srcs,arm64,$(l)))
LIBARMVM_HDR       := include/armvm/armvm.h
# The public headers: armvm.h and what it includes.
LIBARMVM_HDRS      := $(LIBARMVM_HDR) include/armvm/state.h

# Which armvm `make install` installs: static (the default: a static
# binary, runs on any arm64 Linux, as build/arm64/armvm) or shared
# (linked against the installed libarmvm.so.N, libfdt.so.1 and the C library:
# what the Debian package ships).
ARMVM_LINK ?= static

LIBARMVM_MAJOR := $(shell sed -n 's/^\#define ARMVM_VERSION_MAJOR[ \t]*\([0-9]*\).*/\1/p' $(LIBARMVM_HDR))
LIBARMVM_MINOR := $(shell sed -n 's/^\#define ARMVM_VERSION_MINOR[ \t]*\([0-9]*\).*/\1/p' $(LIBARMVM_HDR))
LIBARMVM_VERSION := $(LIBARMVM_MAJOR).$(LIBARMVM_MINOR).0
LIBARMVM_SONAME  := libarmvm.so.$(LIBARMVM_MAJOR)
LIBARMVM_SO_FILE := libarmvm.so.$(LIBARMVM_VERSION)

PIC_OBJDIR     := $(B)/arm64/pic/obj
LIBARMVM_PIC_OBJS = $(LIBARMVM_SRCS:%=$(PIC_OBJDIR)/%.o)
LIBARMVM_SO    := $(B)/arm64/shared/$(LIBARMVM_SO_FILE)
LIBARMVM_MAP   := $(B)/arm64/shared/libarmvm.map
LIBARMVM_PC    := $(B)/arm64/shared/armvm.pc

MAN_PAGES      = $(wildcard docs/man/*.[0-9])
BASH_COMPLETIONS = $(filter-out %~ %.md,$(wildcard contrib/bash-completion/*))

$(PIC_OBJDIR)/%.c.o: %.c
	@mkdir -p $(@D)
	$(VMM_CC) $(VMM_CFLAGS) -fPIC -MMD -MP -c $< -o $@

# Export what the header declares, nothing else (the library's internal
# helpers, global in $(B)/arm64/libarmvm.a, are local here).
$(LIBARMVM_MAP): $(LIBARMVM_HDRS) mk/install.mk
	@mkdir -p $(@D)
	@{ echo "LIBARMVM_$(LIBARMVM_MAJOR) {"; echo "  global:"; \
	   grep -ho '\barmvm_[a-z0-9_]*(' $(LIBARMVM_HDRS) | tr -d '(' | sort -u | sed 's/.*/    &;/'; \
	   echo "  local: *;"; echo "};"; } >$@.tmp && mv $@.tmp $@

# The installed static library: libarmvm.a's objects as one relocatable
# object whose only global symbols are the header's functions, so the
# library's internal helpers (vcpu_create, mem_find...) cannot clash with an
# embedder's own symbols.
LIBARMVM_SYMS := $(B)/arm64/shared/libarmvm.syms
LIBARMVM_PUBLIC_A := $(B)/arm64/shared/libarmvm.a
$(LIBARMVM_SYMS): $(LIBARMVM_HDRS) mk/install.mk
	@mkdir -p $(@D)
	@grep -ho '\barmvm_[a-z0-9_]*(' $(LIBARMVM_HDRS) | tr -d '(' | sort -u >$@

$(LIBARMVM_PUBLIC_A): $$(INSTALL_STATIC_LIB) $(LIBARMVM_SYMS)
	@rm -f $@ $(@D)/libarmvm-all.o
	$(CROSS64)ld -r -o $(@D)/libarmvm-all.o --whole-archive $(INSTALL_STATIC_LIB)
	$(CROSS64)objcopy --keep-global-symbols=$(LIBARMVM_SYMS) $(@D)/libarmvm-all.o
	$(CROSS64)ar rcs $@ $(@D)/libarmvm-all.o

# The kvm and arch layers need nothing but the C library.
$(LIBARMVM_SO): $$(LIBARMVM_PIC_OBJS) $(LIBARMVM_MAP)
	$(VMM_CC) -shared -o $@ $(filter %.o,$^) -Wl,-soname,$(LIBARMVM_SONAME) \
		-Wl,--version-script=$(LIBARMVM_MAP) -Wl,--no-undefined \
		-Wl,-z,relro -Wl,-z,now -Wl,--as-needed -pthread
	@ln -sf $(LIBARMVM_SO_FILE) $(@D)/$(LIBARMVM_SONAME)
	@ln -sf $(LIBARMVM_SONAME) $(@D)/libarmvm.so

# libdir as ${prefix}/... when LIBDIR lies under PREFIX, so the file stays
# relocatable with PKG_CONFIG_SYSROOT_DIR. Generated on every install (the
# directories come from the command line).
.PHONY: armvm-pc
armvm-pc:
	@mkdir -p $(dir $(LIBARMVM_PC))
	@case "$(LIBDIR)" in "$(PREFIX)"/*) libdir='$${prefix}$(patsubst $(PREFIX)%,%,$(LIBDIR))' ;; \
		*) libdir="$(LIBDIR)" ;; esac; \
	case "$(INCLUDEDIR)" in "$(PREFIX)"/*) incdir='$${prefix}$(patsubst $(PREFIX)%,%,$(INCLUDEDIR))' ;; \
		*) incdir="$(INCLUDEDIR)" ;; esac; \
	{ echo "prefix=$(PREFIX)"; echo "libdir=$$libdir"; echo "includedir=$$incdir"; echo; \
	  echo "Name: armvm"; \
	  echo "Description: run AArch64 and AArch32 guest code at native speed on Linux arm64 hosts with KVM"; \
	  echo "Version: $(LIBARMVM_VERSION)"; \
	  echo "Cflags: -I\$${includedir}"; \
	  echo "Libs: -L\$${libdir} -larmvm"; \
	  echo "Libs.private: -pthread"; } >$(LIBARMVM_PC)

# armvm linked dynamically: the arm64 layer libraries but kvm (cli, host,
# and the machine, dev and arch layers it calls directly, as in the static
# armvm) and, for the hosted engine, libarmvm.so, plus the system's libfdt and C
# library, and the kernel decompressors (zlib, liblzma, liblz4, libzstd:
# their arm64 runtime packages are unpacked in $(ZLIB_RUNTIME64) by
# scripts/setup.sh, so the package depends on Debian's rather than
# embedding them). The kvm layer is reached only through the header's functions (the
# only ones libarmvm.so exports): a call to anything else fails this link.
# main.c is the cli library's, compiled with the revision header
# (mk/version.mk), as for the static armvm.
SHARED_CLI := $(B)/arm64/shared/armvm
ZLIB_RUNTIME64 ?= $(ARMVM_CACHE)/zlib-runtime-arm64
SHARED_CLI_LIBS = $(foreach l,$(filter-out kvm,$(LAYERS_arm64)),$(call layer_lib,arm64,$(l)))
$(SHARED_CLI): $$(SHARED_CLI_LIBS) $(LIBARMVM_SO)
	$(VMM_CC) -o $@ -Wl,--start-group $(filter %.a,$^) -Wl,--end-group \
		-L$(dir $(LIBARMVM_SO)) -larmvm -L$(SYSROOT64)/usr/lib/aarch64-linux-gnu -lfdt \
		-L$(ZLIB_RUNTIME64)/lib/aarch64-linux-gnu -L$(ZLIB_RUNTIME64)/usr/lib/aarch64-linux-gnu \
		-l:libzstd.so.1 -l:liblz4.so.1 -l:liblzma.so.5 -l:libz.so.1 \
		-pthread -Wl,-z,relro -Wl,-z,now -Wl,--as-needed

INSTALL_CLI_BIN = $(if $(filter shared,$(ARMVM_LINK)),$(SHARED_CLI),$(INSTALL_STATIC_CLI))

ALL_TARGETS += $(LIBARMVM_SO) $(LIBARMVM_PUBLIC_A) $(SHARED_CLI)
-include $(wildcard $(PIC_OBJDIR)/*/*/*.d)

.PHONY: install install-build install-bin install-lib install-doc
install: install-bin install-lib install-doc

# What install needs built, alone (debian/rules builds this, not `all`).
install-build: $$(INSTALL_CLI_BIN) $(LIBARMVM_PUBLIC_A) $(LIBARMVM_SO)

install-bin: $$(INSTALL_CLI_BIN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 755 $(INSTALL_CLI_BIN) $(DESTDIR)$(BINDIR)/armvm

install-lib: $(LIBARMVM_PUBLIC_A) $(LIBARMVM_SO) armvm-pc
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(INCLUDEDIR)/armvm
	$(INSTALL) -m 644 $(LIBARMVM_PUBLIC_A) $(DESTDIR)$(LIBDIR)/libarmvm.a
	$(INSTALL) -m 644 $(LIBARMVM_SO) $(DESTDIR)$(LIBDIR)/$(LIBARMVM_SO_FILE)
	ln -sf $(LIBARMVM_SO_FILE) $(DESTDIR)$(LIBDIR)/$(LIBARMVM_SONAME)
	ln -sf $(LIBARMVM_SONAME) $(DESTDIR)$(LIBDIR)/libarmvm.so
	$(INSTALL) -m 644 $(LIBARMVM_HDRS) $(DESTDIR)$(INCLUDEDIR)/armvm/
	$(INSTALL) -m 644 $(LIBARMVM_PC) $(DESTDIR)$(PKGCONFIGDIR)/armvm.pc

# Man pages by section (armvm.1 -> man1/), completions by file name.
install-doc:
	@set -e; for m in $(MAN_PAGES); do \
		s=$${m##*.}; \
		echo "$(INSTALL) -D -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}"; \
		$(INSTALL) -D -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	@set -e; for c in $(BASH_COMPLETIONS); do \
		echo "$(INSTALL) -D -m 644 $$c $(DESTDIR)$(BASHCOMPDIR)/$${c##*/}"; \
		$(INSTALL) -D -m 644 $$c $(DESTDIR)$(BASHCOMPDIR)/$${c##*/}; done

# The example built the way a user of the installed library builds it: a
# staged install under $(B)/pkg/stage (PREFIX=/usr), then the compiler with
# pkg-config's flags and nothing else. Static, so the lab (no C library)
# runs it.
EXAMPLE_STAGE   := $(B)/pkg/stage
EXAMPLE_PC_ENV  = PKG_CONFIG_SYSROOT_DIR=$(abspath $(EXAMPLE_STAGE)) \
	PKG_CONFIG_LIBDIR=$(abspath $(EXAMPLE_STAGE))/usr/lib/pkgconfig PKG_CONFIG_PATH=
EXAMPLE_INSTALLED := $(B)/arm64/hello-aarch32-installed

$(EXAMPLE_INSTALLED): examples/hello-aarch32.c $(LIBARMVM_PUBLIC_A) $(LIBARMVM_SO) $(LIBARMVM_HDRS)
	@rm -rf $(EXAMPLE_STAGE)
	@$(MAKE) --no-print-directory -s install-lib DESTDIR=$(abspath $(EXAMPLE_STAGE)) \
		PREFIX=/usr LIBDIR=/usr/lib >/dev/null
	$(VMM_CC) $(CSTD) $(WARN) -O2 -static -o $@ $< $$($(EXAMPLE_PC_ENV) pkg-config --static --cflags --libs armvm)

ALL_TARGETS += $(EXAMPLE_INSTALLED)

# The examples with clang too: `make install-clang-check`
# (tests/suites/clang.sh).
.PHONY: install-clang-check
install-clang-check:
	@for f in $(wildcard examples/*.c); do \
		clang --target=aarch64-linux-gnu $(CSTD) $(WARN) -O2 -Iinclude \
			-I/usr/aarch64-linux-gnu/include -fsyntax-only $$f || exit 1; done
	@echo "examples: clang clean"
