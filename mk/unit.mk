# Native (x86_64) unit tests with cmocka. A tests/unit/*.c file that calls
# cmocka_run_group_tests is a test program, built into $(B)/host/unit/<name>;
# the other tests/unit/*.c files are shared test helpers (fakes), compiled
# into $(B)/host/unit-helpers/libunit-helpers.a, which every program links
# (an archive: each program pulls in only what it uses). Each program also
# links UNIT_LIBS: areas whose tests need their own host objects append
# their host archive to UNIT_LIBS in mk/<area>.mk (inclusion order does not
# matter: the prerequisite list is expanded a second time).
# tests/suites/unit.sh runs them all and prints PASS:/FAIL:/SKIP: lines.
# tests/unit/virtio* and virtqueue* are not built here: mk/virtio.mk builds
# and runs them (tests/suites/virtio-unit.sh).

UNIT_ALL_SRCS := $(filter-out tests/unit/virtio% tests/unit/virtqueue%,$(wildcard tests/unit/*.c))
UNIT_SRCS := $(if $(UNIT_ALL_SRCS),$(shell grep -l cmocka_run_group_tests $(UNIT_ALL_SRCS)))
UNIT_HELPER_SRCS := $(filter-out $(UNIT_SRCS),$(UNIT_ALL_SRCS))
UNIT_HELPER_OBJS := $(UNIT_HELPER_SRCS:tests/unit/%.c=$(B)/host/unit-helpers/%.o)
UNIT_HELPER_LIB := $(B)/host/unit-helpers/libunit-helpers.a
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/host/unit/%)
UNIT_LIBS += $(PLATFORM_HOST_LIB)
UNIT_LDLIBS := -lcmocka -lfdt

ALL_TARGETS += $(UNIT_BINS)
TEST_SUITES += tests/suites/unit.sh
TEST_SUITES += tests/suites/layers.sh

.PHONY: unit
unit: $(UNIT_BINS)
	@B=$(B) ./tests/suites/unit.sh

$(B)/host/unit-helpers/%.o: tests/unit/%.c $(wildcard tests/unit/*.h) $(PLATFORM_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Itests/unit -c $< -o $@

$(UNIT_HELPER_LIB): $(UNIT_HELPER_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(HOST_AR) rcs $@ $^

.SECONDEXPANSION:
$(B)/host/unit/%: tests/unit/%.c $$(UNIT_LIBS) $(UNIT_HELPER_LIB) $$(wildcard tests/unit/*.h) $$(PLATFORM_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Itests/unit $< $(UNIT_HELPER_LIB) $(UNIT_LIBS) $(UNIT_LDLIBS) -o $@
