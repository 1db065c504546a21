# Linux guests for the lab: Debian's arm64 and armhf kernels with a small
# busybox initramfs whose /init runs test actions (tests/linux/). Built into
# $(B)/linux/<arch>/, which lab/mkinitramfs.sh packs at /linux in the nested
# host; $(B)/linux/lib.sh is the lab tests' helper library and
# $(B)/linux/disk.ext4.gz a small ext4 image (one file, /seed) for the
# virtio-blk tests.
#   make linux-guests     both guests (the kernels come from lab/fetch.sh's cache)
#   make bench            includes tests/bench-linux.sh (boot to the marker
#                         under -icount, VMM memory)
LINUX_GUEST_ARCHES := arm64 armhf

.PHONY: linux-guests
# The script checks its own manifest of inputs, so running it is cheap when
# nothing changed.
linux-guests: $(B)/linux/lib.sh $(B)/linux/disk.ext4.gz
	@for a in $(LINUX_GUEST_ARCHES); do \
		B=$(B) tests/linux/mk-guest-initramfs.sh $$a || exit 1; \
	done

$(B)/linux/lib.sh: tests/linux/lab-lib.sh
	@mkdir -p $(@D)
	cp $< $@

# 8 MiB, made on this side (busybox in the lab has no mke2fs -t ext4).
$(B)/linux/disk.ext4.gz: mk/linux.mk
	@mkdir -p $(@D) $(B)/linux-work/disk-root
	echo armvm-ext4-seed >$(B)/linux-work/disk-root/seed
	PATH="$$PATH:/sbin:/usr/sbin" mke2fs -q -F -t ext4 -L armvm-test \
		-d $(B)/linux-work/disk-root $(B)/linux-work/disk.ext4 8M
	gzip -9 -n -c $(B)/linux-work/disk.ext4 >$@.tmp && mv $@.tmp $@

ALL_TARGETS += linux-guests
BENCH_SUITES += tests/bench-linux.sh
