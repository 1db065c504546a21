/* SPDX-License-Identifier: MIT */
/* PL031 register map (ARM PrimeCell Real Time Clock (PL031) TRM, DDI 0224). */
#ifndef ARMVM_DEV_PL031_REGS_H
#define ARMVM_DEV_PL031_REGS_H

#define RTCDR          0x00    /* data (counter), read-only */
#define RTCMR          0x04    /* match */
#define RTCLR          0x08    /* load */
#define RTCCR          0x0c    /* control */
#define RTCIMSC        0x10
#define RTCRIS         0x14
#define RTCMIS         0x18
#define RTCICR         0x1c
#define RTCPERIPHID0   0xfe0   /* PeriphID0-3, then PCellID0-3 at 0xff0 */
#define RTCPCELLID3    0xffc

#define RTCCR_START    (1u << 0)
#define RTCINT_MATCH   (1u << 0)

#endif
