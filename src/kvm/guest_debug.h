/* SPDX-License-Identifier: MIT */
/* KVM_EXIT_DEBUG, reported to the embedder (guest_debug.c). */
#ifndef ARMVM_KVM_GUEST_DEBUG_H
#define ARMVM_KVM_GUEST_DEBUG_H

#include "kvm/handle_exit.h"

enum exit_action handle_debug_exit(struct armvm_vcpu *v, struct armvm_exit *ex);

#endif
