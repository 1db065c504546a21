# The lab: a nested arm64 Linux host under QEMU (virtualization=on) where the
# cross-built armvm runs on /dev/kvm. See lab/README.md.
#   make lab-shell               a busybox shell inside, armvm on its PATH
#   make lab-run CMD='armvm ...' one command inside, its output and status
#   make lab-test                every tests/lab/*.sh, GICv3 then GICv2
#                                (LAB_ARGS="--only 'NAME...'" for some)
#   make lab-initramfs           pack $(B)/lab/initramfs.cpio.gz
#   make lab-fetch-armhf         Debian's armhf kernel and busybox for guests
# LAB_MODULES names the kernel modules packed and loaded (with dependencies).
LAB_MODULES ?= tun
LAB_KVMCHECK := $(B)/arm64/kvmcheck
LAB_INITRAMFS := $(B)/lab/initramfs.cpio.gz

$(LAB_KVMCHECK): lab/tools/kvmcheck.c
	@mkdir -p $(@D)
	$(VMM_CC) $(VMM_CFLAGS) $< -o $@ $(VMM_LDFLAGS)

.PHONY: lab-tools lab-initramfs lab-test lab-run lab-fetch-armhf lab-clang-check
lab-tools: $(LAB_KVMCHECK)
ALL_TARGETS += lab-tools

# The script keeps its own manifest of inputs and repacks only on a change,
# which also notices files removed from build/arm64 or build/guests.
lab-initramfs: all
	@B=$(B) lab/mkinitramfs.sh -o $(LAB_INITRAMFS) $(LAB_MODULES)

lab-shell: lab-initramfs
	@B=$(B) LAB_MODULES="$(LAB_MODULES)" lab/run.sh --shell --no-build

lab-run: lab-initramfs
	@test -n "$(CMD)" || { echo "usage: make lab-run CMD='armvm run ...'"; exit 2; }
	@B=$(B) LAB_MODULES="$(LAB_MODULES)" lab/run.sh --no-build --run '$(CMD)'

lab-test: lab-initramfs
	@B=$(B) LAB_MODULES="$(LAB_MODULES)" tests/suites/lab.sh $(LAB_ARGS)

lab-fetch-armhf:
	@lab/fetch.sh --print-dir armhf

lab-clang-check:
	clang --target=aarch64-linux-gnu $(CSTD) $(WARN) -D_GNU_SOURCE \
		-fsyntax-only lab/tools/kvmcheck.c

# `make demo`: the README's run command. Installs what is missing, builds,
# boots the lab's nested arm64 host and, inside it, runs armvm: test guests
# of both widths, then Debian's arm64 kernel to a busybox shell that is
# typed into (scripts/demo-inside.sh). `make lab-shell` gives the same host
# interactively; `make el2-demo` boots the bare-metal engine's demo.
demo: setup
	@$(MAKE) --no-print-directory all
	@B=$(B) lab/mkinitramfs.sh -o $(LAB_INITRAMFS) $(LAB_MODULES)
	@B=$(B) lab/run.sh --no-build --add scripts/demo-inside.sh --run 'sh /extra/demo-inside.sh'
