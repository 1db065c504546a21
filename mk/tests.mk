# Native (x86_64) unit tests: tests/<layer>/ for every layer the host target
# builds. In each, test_*.c and *_test.c are test programs, built by the one
# rule below into $(B)/host/tests/<layer>/<name>; the other .c files are
# shared test helpers (fakes, harnesses), archived in
# $(B)/host/libtesthelpers.a. A program links its helpers and the host
# target's layer libraries as archives: it gets what it calls and nothing
# it fakes itself.
#   tests/suites/unit.sh         runs them (cmocka programs reported per
#                                test as <program>/<test>; the others print
#                                their own PASS:/FAIL: lines), except
#   tests/suites/virtio-unit.sh  the virtio models' and back ends' tests
#                                (tests/dev/virt*, tests/host/)
# Test programs of the arm64 target, run in the lab, live in
# tests/<layer>/lab/ (mk/armvm.mk).

# The old homes of unit tests: a test left there (say by a merge) would
# silently never run.
STRAY_TESTS := $(wildcard tests/unit/*.c tests/unit/*/*.c el2/unit/*.c src/*/test/*.c src/cli/*_test.c)
$(if $(STRAY_TESTS),$(error move $(STRAY_TESTS) to tests/<layer>/ (see mk/tests.mk)))

TEST_LAYERS := $(filter-out el2tool,$(LAYERS_host))
NATIVE_TEST_SRCS := $(foreach l,$(TEST_LAYERS),$(wildcard tests/$(l)/test_*.c tests/$(l)/*_test.c))
NATIVE_TEST_HELPERS := $(filter-out $(NATIVE_TEST_SRCS),$(foreach l,$(TEST_LAYERS),$(wildcard tests/$(l)/*.c)))
NATIVE_TESTS := $(NATIVE_TEST_SRCS:tests/%.c=$(B)/host/tests/%)
TEST_HELPER_LIB := $(B)/host/libtesthelpers.a

$(TEST_HELPER_LIB): $(NATIVE_TEST_HELPERS:%=$(B)/host/obj/%.o) $(TEST_HELPER_LIB).members
	@rm -f $@
	$(HOST_AR) qcs $@ $(filter %.o,$^)
$(eval $(call members_rule,$(TEST_HELPER_LIB).members,$(NATIVE_TEST_HELPERS)))

$(NATIVE_TESTS): $(B)/host/tests/%: tests/%.c $(TEST_HELPER_LIB) $(call layer_libs,host)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -MF $@.d -MT $@ $< -o $@ \
		-Wl,--start-group $(filter %.a,$^) -Wl,--end-group -lcmocka -lfdt -lzstd -llz4 -llzma -lz -pthread
-include $(wildcard $(B)/host/tests/*/*.d)

ALL_TARGETS += $(NATIVE_TESTS)

# The kvm layer is built for arm64 only, but its files that use no KVM (the
# saved-state blob's container, src/kvm/state_blob.c) are unit-tested
# natively too: tests/kvm/*_test.c compiled with the one file they test.
KVM_NATIVE_TESTS := $(patsubst tests/kvm/%.c,$(B)/host/tests/kvm/%,$(wildcard tests/kvm/*_test.c))
$(B)/host/tests/kvm/state_blob_test: tests/kvm/state_blob_test.c src/kvm/state_blob.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -MF $@.d -MT $@ $^ -o $@ -lcmocka
-include $(wildcard $(B)/host/tests/kvm/*.d)
ALL_TARGETS += $(KVM_NATIVE_TESTS)

.PHONY: unit virtio-test
unit: $(NATIVE_TESTS) $(KVM_NATIVE_TESTS)
	@B=$(B) ./tests/suites/unit.sh
virtio-test: $(NATIVE_TESTS)
	@B=$(B) ./tests/suites/virtio-unit.sh
