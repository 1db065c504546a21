# The armvm command line: build/arm64/armvm (static arm64 binary linking the
# virtio devices, the hosted engine library, the platform library and
# libfdt), and a native unit test of its option parser.
CLI_SRCS := $(filter-out %_test.c,$(wildcard src/cli/*.c))
CLI_OBJS := $(CLI_SRCS:src/cli/%.c=$(B)/arm64/obj-cli/%.o)
CLI_BIN  := $(B)/arm64/armvm
CLI_OPTIONS_TEST := $(B)/host/cli-options-test

$(B)/arm64/obj-cli/%.o: src/cli/%.c
	@mkdir -p $(@D)
	$(VMM_CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

# (kvm.mk is included after this file: name the library, not $(KVM_LIB).)
# libarmvm-virtio.a (virtio models + Linux back ends) goes before libarmvm.a.
$(CLI_BIN): $(CLI_OBJS) $(B)/arm64/libarmvm-virtio.a $(B)/arm64/libarmvm.a \
		$(B)/arm64/libarmvm-platform.a
	$(VMM_CC) $(VMM_LDFLAGS) -o $@ $(CLI_OBJS) $(B)/arm64/libarmvm-virtio.a \
		$(B)/arm64/libarmvm.a $(B)/arm64/libarmvm-platform.a -lfdt

$(CLI_OPTIONS_TEST): src/cli/options_test.c src/cli/options.c src/cli/options.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) src/cli/options_test.c src/cli/options.c -o $@

# The console escape parser (Ctrl-A x ...), natively.
CLI_ESCAPE_TEST := $(B)/host/cli-escape-test
$(CLI_ESCAPE_TEST): src/cli/console_escape_test.c src/cli/console_escape.c \
		src/cli/console_escape.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) src/cli/console_escape_test.c src/cli/console_escape.c -o $@

ALL_TARGETS += $(CLI_BIN) $(CLI_OPTIONS_TEST) $(CLI_ESCAPE_TEST)
TEST_SUITES += $(CLI_OPTIONS_TEST) $(CLI_ESCAPE_TEST)
-include $(CLI_OBJS:.o=.d)

# armvm on a terminal (a pty): raw input, no local echo, modes restored.
# Run in the lab by tests/lab/25-tty.sh.
CLI_TTY_TEST := $(B)/arm64/armvm-tty-test
$(CLI_TTY_TEST): src/cli/test/tty_test.c
	@mkdir -p $(@D)
	$(VMM_CC) $(VMM_CFLAGS) $(VMM_LDFLAGS) $< -o $@
ALL_TARGETS += $(CLI_TTY_TEST)
