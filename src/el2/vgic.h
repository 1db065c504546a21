/* SPDX-License-Identifier: MIT */
/*
 * Virtual GICv3 for the bare-metal engine: an emulated distributor (GICD) and
 * redistributors (GICR) per partition, and the list-register (ICH_LR<n>_EL2)
 * management that feeds the hardware virtual CPU interface. Guests touch the
 * CPU interface (ICC_PMR, IAR1, EOIR1, ...) directly in hardware; only the
 * GICD/GICR MMIO windows (stage-2 unmapped, so they trap) and ICC_SGI1R
 * writes (trapped by HCR_EL2.IMO) come through here.
 *
 * Storage is caller-allocated (static), no malloc. One spinlock per
 * distributor serialises all state of a partition; every call below takes it
 * itself, so the caller holds no vgic lock.
 *
 * Life cycle the el2 core follows (see each function for details):
 *
 *   boot, once per partition:  vgic_dist_init(), vgic_cpu_init() per vCPU,
 *                              vgic_dist_set_kick()
 *   vCPU placed on a pCPU:     vgic_restore(); vtimer_restore()  (this order)
 *   every guest entry:         vgic_flush()   (IRQs masked at EL2)
 *   every guest exit:          vgic_sync()    (before handling the exit)
 *   GICD/GICR data abort:      vgic_dist_read/write, vgic_redist_read/write
 *   ICC_SGI1R_EL1 trap:        vgic_sgi1r_write()
 *   physical IRQ at EL2:       vgic_forward_irq(), which injects
 *   device model IRQ line:     vgic_set_spi_level()
 *   WFI trap:                  block until vgic_vcpu_has_pending()
 *   vCPU taken off a pCPU:     vgic_sync() done, then vtimer_save(); vgic_save()
 *
 * Design choices: the virtual timer is forwarded with the LR HW bit (EL2
 * leaves physical PPI 27 active; the guest's deactivation releases it), so
 * a timer interrupt costs no exit at EOI. Level interrupts without a HW link
 * set LR.EOI and are resampled at the maintenance exit; pending interrupts
 * that do not fit the LRs are loaded when NPIE (or UIE) brings the vCPU
 * back. LPIs and the ITS: vgic_lpi.h, vgic_its.h (attached per partition).
 * Emulation limits: no message-based SPIs, no direct LPIs, IRM=1 routes
 * to vCPU 0; a GICD/GICR write that clears the pending/active state of an
 * interrupt held in the LR of a vCPU running on another pCPU kicks that vCPU
 * and takes effect at its exit (the guest there may still see it until
 * then); more active interrupts than LRs (nesting deeper than the LR count)
 * is not handled.
 */
#ifndef ARMVM_EL2_VGIC_H
#define ARMVM_EL2_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/gic_regs.h"
#include "el2/spinlock.h"

/* Emulated sizes. INTIDs 0..15 SGI, 16..31 PPI, 32.. SPI. */
#define VGIC_NR_PRIVATE_IRQS   32
#define VGIC_MAX_SPIS          224          /* INTIDs up to 255 */
#define VGIC_MAX_VCPUS         8
#define VGIC_MAX_LRS           ICH_LR_MAX
#define VGIC_DIST_WINDOW_SIZE  0x10000      /* GICD: 64 KiB */
#define VGIC_REDIST_STRIDE     0x20000      /* GICR: RD_base + SGI_base per vCPU */

/* Flags of struct vgic_irq. */
#define VGIC_IRQ_ENABLED       (1u << 0)
#define VGIC_IRQ_PENDING_LATCH (1u << 1)    /* edge event or ISPENDR write */
#define VGIC_IRQ_LINE_LEVEL    (1u << 2)    /* level input currently high */
#define VGIC_IRQ_ACTIVE        (1u << 3)
#define VGIC_IRQ_LEVEL         (1u << 4)    /* level-sensitive (ICFGR=0) */
#define VGIC_IRQ_GROUP1        (1u << 5)
#define VGIC_IRQ_HW            (1u << 6)    /* LR HW bit: pINTID hw_intid (timer PPI) */
#define VGIC_IRQ_HW_SPI        (1u << 7)    /* physical SPI hw_intid masked until EOI */

/* struct vgic_irq.lr_clear: ICPENDR/ICACTIVER writes that must override
 * the state of the LR holding the interrupt when that LR is folded back. */
#define VGIC_LR_CLEAR_PENDING  (1u << 0)
#define VGIC_LR_CLEAR_ACTIVE   (1u << 1)

/* One virtual interrupt's state while it is not in a list register. */
struct vgic_irq {
	uint8_t priority;
	uint8_t flags;                    /* VGIC_IRQ_* */
	uint8_t target;                   /* SPI: vCPU index from IROUTER */
	uint8_t lr_owner;                 /* vCPU index + 1 holding it in an LR, 0 none */
	uint8_t lr_clear;                 /* VGIC_LR_CLEAR_*: guest cleared it while in an LR */
	uint8_t sgi_source;               /* GICv2 SGI: vCPU that raised it (last one) */
	uint16_t hw_intid;                /* physical INTID when VGIC_IRQ_HW */
	/* SPI: GICD_IROUTER (GICv3) or the GICD_ITARGETSR byte (GICv2) as the
	 * guest wrote it. */
	uint64_t irouter;
};

struct vgic_dist;
struct vgic_lpi_state;

/* Per-vCPU state: its redistributor, its private IRQs, the LR shadow. */
struct vgic_cpu {
	struct vgic_dist *dist;
	unsigned id;                      /* vCPU index in the partition */
	uint32_t affinity;                /* Aff3.Aff2.Aff1.Aff0 as in GICR_TYPER[63:32] */
	uint32_t waker;                   /* GICR_WAKER ProcessorSleep */
	struct vgic_irq priv[VGIC_NR_PRIVATE_IRQS];
	/* Private INTIDs that may be pending or active (a superset: flush
	 * drops the idle ones), so flush skips the rest without looking. */
	uint32_t priv_live;
	/* HW-linked PPIs the guest cleared through GICR_IC{PEND,ACTIVE}R0:
	 * their physical active state goes at this vCPU's next flush (which
	 * runs on its own pCPU, the only one that can reach that PPI). */
	uint32_t hw_deactivate;
	/* INTID in each LR filled by the last vgic_flush, and how many. */
	uint16_t lr_intid[VGIC_MAX_LRS];
	unsigned lr_used;
	/* Last value written to ICH_HCR_EL2 on this vCPU's behalf, so the
	 * idle fast path of flush/sync need not touch it. */
	uint64_t ich_hcr;
	/* Saved virtual CPU interface while the vCPU is off its pCPU. */
	uint64_t vmcr;
	uint64_t ap0r[4];
	uint64_t ap1r[4];
	uint64_t lr_saved[VGIC_MAX_LRS];
	bool loaded;                      /* between vgic_restore and vgic_save */
};

/* Per-partition distributor state. */
struct vgic_dist {
	struct spinlock lock;
	unsigned nr_vcpus;
	unsigned nr_spis;                 /* multiple of 32, <= VGIC_MAX_SPIS */
	uint32_t ctlr;                    /* GICD_CTLR: EnableGrp0/EnableGrp1 */
	struct vgic_cpu *vcpus[VGIC_MAX_VCPUS];
	struct vgic_irq spi[VGIC_MAX_SPIS];
	uint32_t spi_live[VGIC_MAX_SPIS / 32];   /* as vgic_cpu.priv_live */
	/* vCPUs (bit n = vCPU n) that some live SPI may target: a superset
	 * kept under the lock, so an idle vCPU's flush is O(1). */
	uint32_t spi_live_vcpus;
	/*
	 * Called (with the vgic lock dropped) when an interrupt became
	 * deliverable to vCPU `vcpu_id`; the core must make that vCPU run
	 * vgic_flush soon: wake it from WFI, or send a physical SGI
	 * (gic_send_sgi(pcpu_mpidr, GIC_SGI_KICK)) when it runs on another
	 * pCPU. May be NULL until set.
	 */
	void (*kick)(void *ctx, unsigned vcpu_id);
	void *kick_ctx;
	/*
	 * GICv2 model (vgic_dist_use_v2()): the guest sees a GICv2 distributor
	 * (vgic_dist_v2.c, whose banked registers need the accessing vCPU:
	 * current_vcpu(kick_ctx)) and its CPU interface is the GICV frame.
	 */
	bool v2;
	unsigned (*current_vcpu)(void *ctx);
	/* From ICH_VTR_EL2 at init: list registers, active-priority registers
	 * per group, and the implemented priority bits as a mask. */
	unsigned nr_lrs;
	unsigned nr_aprs;
	uint8_t prio_mask;
	/* LPIs and the ITS (vgic_lpi.h), or NULL: none. */
	struct vgic_lpi_state *lpi;
};

/*
 * Reset a partition's distributor: nr_vcpus (1..VGIC_MAX_VCPUS) vCPUs and
 * nr_spis SPIs (rounded up to a multiple of 32, clamped to VGIC_MAX_SPIS).
 * All interrupts reset to group 1 (as QEMU's virt does when it boots a
 * kernel directly), disabled, priority 0, SPIs level, routed to vCPU 0.
 * Reads ICH_VTR_EL2 for the LR count. Returns 0, or -1 on bad arguments.
 */
int vgic_dist_init(struct vgic_dist *dist, unsigned nr_vcpus, unsigned nr_spis);

/*
 * Reset vCPU `id`'s redistributor and attach it to `dist`. `affinity` is the
 * vCPU's MPIDR affinity packed as Aff3<<24 | Aff2<<16 | Aff1<<8 | Aff0 (what
 * GICR_TYPER reports and what ICC_SGI1R targets match against). Returns 0,
 * or -1 on bad arguments.
 */
int vgic_cpu_init(struct vgic_dist *dist, struct vgic_cpu *vcpu, unsigned id,
		  uint32_t affinity);

/*
 * Make the partition's vGIC a GICv2 (after vgic_dist_init and the
 * vgic_cpu_init calls, at most 8 vCPUs): every interrupt in group 0, as a
 * GICv2 without security extensions resets; SGIs carry their source vCPU.
 * `current_vcpu(kick ctx)` names the vCPU making a distributor access.
 */
void vgic_dist_use_v2(struct vgic_dist *dist, unsigned (*current_vcpu)(void *ctx));

/* Install the kick callback described in struct vgic_dist. */
void vgic_dist_set_kick(struct vgic_dist *dist,
			void (*kick)(void *ctx, unsigned vcpu_id), void *ctx);

/*
 * MMIO of the emulated GICD window (VIRT_GIC_DIST_BASE, 64 KiB) and of the
 * redistributor windows (VIRT_GIC_REDIST_BASE, VIRT_GIC_REDIST_STRIDE per
 * vCPU, vCPU n at offset n * stride). `offset` is relative to the window
 * base, `size` is 1, 2, 4 or 8 bytes. These have the struct mmio_region
 * signature (src/dev/device.h) with `dev` = the struct vgic_dist *, so the
 * core can register them as regions. Bad offsets/sizes read as zero and
 * ignore writes. The redistributor window is nr_vcpus * stride long.
 */
uint64_t vgic_dist_read(void *dist, uint64_t offset, unsigned size);
void vgic_dist_write(void *dist, uint64_t offset, unsigned size, uint64_t value);
uint64_t vgic_redist_read(void *dist, uint64_t offset, unsigned size);
/* The GICv2 distributor window (VIRT_GIC_DIST_BASE, 4 KiB used), same contract. */
uint64_t vgic_dist_v2_read(void *dist, uint64_t offset, unsigned size);
void vgic_dist_v2_write(void *dist, uint64_t offset, unsigned size, uint64_t value);
void vgic_redist_write(void *dist, uint64_t offset, unsigned size, uint64_t value);

/*
 * Guest write to ICC_SGI1R_EL1 (AArch64 MSR trap, ESR EC 0x18) or to ICC_SGI1R
 * (AArch32 MCRR p15,0,<Rt>,<Rt2>,c12 trap, EC 0x0C: value = Rt2:Rt). Raises
 * the SGI on the target vCPUs (TargetList/Aff or IRM=1 all-but-self).
 */
void vgic_sgi1r_write(struct vgic_dist *dist, unsigned src_vcpu, uint64_t value);

/*
 * Make interrupt `intid` pending as an edge event: for SGIs/PPIs (intid < 32)
 * on vCPU `vcpu_id`, for SPIs (vcpu_id ignored) on the SPI's target.
 * Out-of-range IDs are ignored. Kicks the target when it becomes deliverable.
 */
void vgic_inject(struct vgic_dist *dist, unsigned vcpu_id, unsigned intid);

/*
 * Drive a level-sensitive SPI input (SPI number, not INTID: the
 * struct dev_host set_irq contract). Kicks the target on a rising edge.
 */
void vgic_set_spi_level(struct vgic_dist *dist, unsigned spi, bool level);

/*
 * The EL2 IRQ handler (vgic_forward.c): acknowledge one physical interrupt
 * (gic_ack_irq()) and inject it where it belongs: the virtual timer PPI into
 * `running`, the vCPU loaded on this pCPU (NULL when idle: the timer is
 * then silenced), an assigned SPI into its partition. Returns the
 * GIC_IRQ_* bit of gic.h saying what it was (0 = spurious; an SPI nobody
 * was assigned reads as GIC_IRQ_OTHER). The core then re-enters via
 * vgic_flush(), which loads what was injected.
 */
unsigned vgic_forward_irq(struct vgic_cpu *running);

/*
 * Give physical SPI `hw_intid` (>= 32) to the partition of `dist` as its
 * SPI `intid`, routed to the pCPU `target_mpidr`, HW-linked (gic_link_spi):
 * when it fires, EL2 leaves it active and injects it with the list
 * register's HW bit, and the guest's deactivation deactivates it.
 * Returns 0, or -1 on bad arguments, table full or before gic_init().
 */
int vgic_assign_hw_spi(struct vgic_dist *dist, unsigned intid, unsigned hw_intid,
		       uint64_t target_mpidr);

/*
 * Inject a private interrupt linked to the same physical INTID (the virtual
 * timer, PPI 27): the LR gets HW=1/pINTID so the guest's deactivation
 * deactivates the physical interrupt, which EL2 left active. Used by
 * vgic_forward_irq(); the core need not call it.
 */
void vgic_inject_hw_ppi(struct vgic_cpu *vcpu, unsigned intid);

/*
 * Drive the level of a private interrupt's input (the emulated physical
 * timer, PPI 30) from the vCPU's own pCPU, before it re-enters the guest
 * (no kick). A rising edge latches when the guest configured it as edge.
 */
void vgic_set_ppi_level(struct vgic_cpu *vcpu, unsigned intid, bool level);

/*
 * The source of a HW-linked PPI (the virtual timer) no longer asserts it:
 * the guest disabled or masked the timer while the interrupt was pending.
 * A pending, not active, interrupt stops being pending and the physical
 * PPI that EL2 left active is released at the next flush, as a level
 * interrupt whose line drops behaves (GICv3 spec 4.1.1). After vgic_sync().
 */
void vgic_hw_ppi_line_low(struct vgic_cpu *vcpu, unsigned intid);

/*
 * A physical SPI linked by gic_link_spi() fired and stays active: make the
 * partition's SPI `intid` pending with HW=1 / pINTID = `hw_intid` in its
 * list register, so the guest's deactivation deactivates the physical SPI
 * (no exit at EOI). Used by vgic_forward_irq() for SPIs vgic_assign_hw_spi()
 * assigned; an `intid` the partition lacks deactivates it at once.
 */
void vgic_inject_hw_spi_linked(struct vgic_dist *dist, unsigned intid, unsigned hw_intid);

/*
 * Link SPI `intid` of the partition to a physical SPI `hw_intid` that EL2
 * masked when it fired (gic_ack_irq() does this): when the guest deactivates
 * it, the physical SPI is unmasked again. Used by vgic_forward_irq().
 */
void vgic_inject_hw_spi(struct vgic_dist *dist, unsigned intid, unsigned hw_intid);

/*
 * Before every entry into the vCPU (IRQs masked at EL2, vCPU loaded): write
 * the highest-priority active and pending interrupts into ICH_LR<n>_EL2,
 * zero the rest of the LRs used last time, and set ICH_HCR_EL2 (En, plus
 * NPIE when pending interrupts did not fit, so a maintenance interrupt
 * brings the vCPU back to load them).
 *
 * Fast path: when no LR is in use and nothing may be pending or active for
 * the vCPU (priv_live, hw_deactivate and its spi_live_vcpus bit all clear),
 * flush returns without the lock after an O(1) check, and the following
 * sync, finding no LR in use, returns at once. The check reads state other
 * pCPUs change without the lock: a change it misses was made under the lock
 * by an injector that kicks this vCPU afterwards (physical SGI, taken at
 * EL2 right after entry), so the next flush sees it.
 */
void vgic_flush(struct vgic_cpu *vcpu);

/*
 * After every exit from the vCPU, before the exit is handled: fold the LR
 * states back (acknowledged, EOIed, still pending), free the LRs, and clear
 * ICH_HCR_EL2 maintenance enables so no maintenance interrupt fires at EL2.
 */
void vgic_sync(struct vgic_cpu *vcpu);

/*
 * World switch. vgic_save() after vgic_sync() and vtimer_save() when the
 * vCPU leaves its pCPU: saves ICH_VMCR_EL2 and ICH_AP{0,1}R<n>_EL2, and
 * clears the physical active state of linked PPIs (the timer) so the next
 * vCPU's timer can fire. vgic_restore() before vtimer_restore() and the
 * first vgic_flush() when a vCPU is placed on a pCPU (also the very first
 * time): restores them and re-activates linked PPIs the guest has not yet
 * deactivated.
 */
void vgic_save(struct vgic_cpu *vcpu);
void vgic_restore(struct vgic_cpu *vcpu);

/*
 * True when an enabled interrupt is pending for the vCPU and its group is
 * enabled in GICD_CTLR: the WFI wake-up condition. (It ignores the guest's
 * PMR, so it can wake early; WFI permits spurious wake-ups.)
 */
bool vgic_vcpu_has_pending(struct vgic_cpu *vcpu);

#endif
