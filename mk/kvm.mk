# Hosted engine library: build/arm64/libarmvm.a (static, for arm64 Linux).
KVM_SRCS := $(wildcard src/kvm/*.c)
KVM_OBJS := $(KVM_SRCS:src/kvm/%.c=$(B)/arm64/obj-kvm/%.o)
KVM_LIB  := $(B)/arm64/libarmvm.a

$(B)/arm64/obj-kvm/%.o: src/kvm/%.c
	@mkdir -p $(@D)
	$(VMM_CC) $(VMM_CFLAGS) -MMD -MP -c $< -o $@

$(KVM_LIB): $(KVM_OBJS)
	@rm -f $@
	$(CROSS64)ar rcs $@ $^

ALL_TARGETS += $(KVM_LIB)
-include $(KVM_OBJS:.o=.d)
