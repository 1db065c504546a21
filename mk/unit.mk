# Native (x86_64) unit tests with cmocka. Every tests/unit/*.c is one test
# program (its own main) built into $(B)/host/unit/<name>; shared test
# helpers are header-only (tests/unit/*.h). Each program links UNIT_LIBS:
# areas whose tests need their own host objects append their host archive
# to UNIT_LIBS in their mk/<area>.mk (order of inclusion does not matter:
# the prerequisite is expanded a second time).
# tests/suites/unit.sh runs them all and prints PASS:/FAIL:/SKIP: lines.

UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/host/unit/%)
UNIT_LIBS += $(PLATFORM_HOST_LIB)
UNIT_LDLIBS := -lcmocka -lfdt

ALL_TARGETS += $(UNIT_BINS)
TEST_SUITES += tests/suites/unit.sh

.PHONY: unit
unit: $(UNIT_BINS)
	@B=$(B) ./tests/suites/unit.sh

.SECONDEXPANSION:
$(B)/host/unit/%: tests/unit/%.c $$(UNIT_LIBS) $$(wildcard tests/unit/*.h) $$(PLATFORM_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Itests/unit $< $(UNIT_LIBS) $(UNIT_LDLIBS) -o $@
