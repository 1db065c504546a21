# The git revision `armvm --version` prints next to the release (the release
# itself is ARMVM_VERSION_MAJOR.MINOR in include/armvm/armvm.h).
#
# $(VERSION_H) = $(B)/gen/armvm-revision.h defines ARMVM_GIT_REVISION:
#   - in a git checkout of this tree: `git describe --always --dirty`;
#   - else the first line of the file REVISION at the top of the tree (for a
#     release tarball or a Debian source package built without .git);
#   - else "unknown".
# `make ARMVM_GIT_REVISION=...` overrides all three. The header is rewritten
# only when the revision changes, so main.c is recompiled only then.
# src/cli/main.c includes it when ARMVM_HAVE_REVISION_H is defined and says
# "unknown" without it (the clang syntax check builds it that way).
VERSION_H := $(B)/gen/armvm-revision.h
VERSION_CFLAGS := -I$(B)/gen -DARMVM_HAVE_REVISION_H

ifeq ($(origin ARMVM_GIT_REVISION),undefined)
# Only this tree's own git metadata, not that of a directory it sits in.
ARMVM_GIT_REVISION := $(shell \
	if [ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$(CURDIR)" ]; then \
		git describe --always --dirty 2>/dev/null; \
	elif [ -f REVISION ]; then head -n 1 REVISION; fi)
ifeq ($(strip $(ARMVM_GIT_REVISION)),)
ARMVM_GIT_REVISION := unknown
endif
endif

# A C string: keep only characters that cannot break out of the quotes.
VERSION_H_TEXT := \#define ARMVM_GIT_REVISION "$(shell printf '%s' '$(subst ','',$(ARMVM_GIT_REVISION))' | tr -cd 'A-Za-z0-9._+~:/-')"

.PHONY: version-h-force
$(VERSION_H): version-h-force
	@mkdir -p $(@D)
	@if [ ! -f $@ ] || [ "$$(cat $@)" != '$(VERSION_H_TEXT)' ]; then \
		printf '%s\n' '$(VERSION_H_TEXT)' >$@; fi

# armvm's main.c (mk/layers.mk builds it as $(B)/arm64/obj/src/cli/main.c.o).
$(B)/arm64/obj/src/cli/main.c.o: $(VERSION_H)
$(B)/arm64/obj/src/cli/main.c.o: VMM_CFLAGS += $(VERSION_CFLAGS)
