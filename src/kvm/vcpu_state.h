/* SPDX-License-Identifier: MIT */
/* A vCPU's saved state (vcpu_state.c) and the vGIC's (vgic_state.c), as
 * records of the state blob (state_blob.h). */
#ifndef ARMVM_KVM_VCPU_STATE_H
#define ARMVM_KVM_VCPU_STATE_H

#include "kvm/state_blob.h"
#include "kvm/vm_internal.h"

/* KVM_GET_REG_LIST, malloc'ed. */
int vcpu_reg_list(struct armvm_vcpu *v, struct kvm_reg_list **out, struct armvm_error *err);
/* Append the vCPU's records. */
int vcpu_state_save(struct armvm_vcpu *v, struct state_writer *w, struct armvm_error *err);
/* Whether one of its records can be written into this vCPU (ARMVM_E_INVAL
 * naming what cannot), changing nothing; then writing it. */
int vcpu_state_check(struct armvm_vcpu *v, const struct state_rec_view *rec,
		     struct armvm_error *err);
int vcpu_state_load(struct armvm_vcpu *v, const struct state_rec_view *rec,
		    struct armvm_error *err);
/* A vCPU outside its loop whose last exit was MMIO: have KVM complete it
 * without running guest code, so its registers are consistent. */
int vcpu_complete_exit(struct armvm_vcpu *v, struct armvm_error *err);

/* vgic_state.c: the GIC record (and, with an ITS, the ITS record). */
int vgic_state_save(struct armvm_vm *vm, struct state_writer *w, struct armvm_error *err);
int vgic_state_check(struct armvm_vm *vm, const struct state_rec_view *rec,
		     struct armvm_error *err);
int vgic_state_load(struct armvm_vm *vm, const struct state_rec_view *rec,
		    struct armvm_error *err);

/* vgic_its_state.c: the ITS record (with an ITS). */
int its_state_save(struct armvm_vm *vm, struct state_writer *w, struct armvm_error *err);
int its_state_check(struct armvm_vm *vm, const struct state_rec_view *rec, struct armvm_error *err);
int its_state_load(struct armvm_vm *vm, const struct state_rec_view *rec, struct armvm_error *err);

#endif
