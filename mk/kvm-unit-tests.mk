# Upstream kvm-unit-tests (docs/kvm-unit-tests.md), from ../shared when it is
# there: the AArch64 and AArch32 binaries for QEMU virt's map and
# unittests.cfg are staged into $(B)/guests/kvm-unit-tests/, which the lab's
# initramfs carries as /guests/kvm-unit-tests/ (tests/lab/80-kvm-unit-tests.sh
# runs them). Without ../shared the stage is removed and the lab test says
# so in one SKIP line. KUT_DIR moves the source.
KUT_DIR ?= ../shared/kvm-unit-tests
KUT_STAGE := $(B)/guests/kvm-unit-tests

.PHONY: kut-stage
kut-stage:
	@if [ -f $(KUT_DIR)/unittests.cfg ] && [ -d $(KUT_DIR)/arm64 ]; then \
		mkdir -p $(KUT_STAGE) && \
		cp -rpu $(KUT_DIR)/arm64 $(KUT_DIR)/arm $(KUT_DIR)/unittests.cfg $(KUT_STAGE)/; \
	else \
		rm -rf $(KUT_STAGE); \
	fi
ALL_TARGETS += kut-stage
