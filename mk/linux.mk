# Linux guests for the lab: Debian's arm64 and armhf kernels with a small
# busybox initramfs whose /init runs test actions (tests/linux/). Built into
# $(B)/linux/<arch>/, which lab/mkinitramfs.sh packs at /linux in the nested
# host; $(B)/linux/lib.sh is the lab tests' helper library.
#   make linux-guests     both guests (the kernels come from lab/fetch.sh's cache)
#   make bench            includes tests/bench-linux.sh (boot to the marker
#                         under -icount, VMM memory)
LINUX_GUEST_ARCHES := arm64 armhf

.PHONY: linux-guests
# The script checks its own manifest of inputs, so running it is cheap when
# nothing changed.
linux-guests: $(B)/linux/lib.sh
	@for a in $(LINUX_GUEST_ARCHES); do \
		B=$(B) tests/linux/mk-guest-initramfs.sh $$a || exit 1; \
	done

$(B)/linux/lib.sh: tests/linux/lab-lib.sh
	@mkdir -p $(@D)
	cp $< $@

ALL_TARGETS += linux-guests
BENCH_SUITES += tests/bench-linux.sh
