/* SPDX-License-Identifier: MIT */
/* PL011 register map and bits (ARM PrimeCell UART (PL011) TRM, DDI 0183). */
#ifndef ARMVM_DEV_PL011_REGS_H
#define ARMVM_DEV_PL011_REGS_H

#define UARTDR          0x000
#define UARTRSR         0x004   /* read: RSR; write: ECR (clears errors) */
#define UARTFR          0x018
#define UARTILPR        0x020
#define UARTIBRD        0x024
#define UARTFBRD        0x028
#define UARTLCR_H       0x02c
#define UARTCR          0x030
#define UARTIFLS        0x034
#define UARTIMSC        0x038
#define UARTRIS         0x03c
#define UARTMIS         0x040
#define UARTICR         0x044
#define UARTDMACR       0x048
#define UARTPERIPHID0   0xfe0   /* PeriphID0-3, then PCellID0-3 at 0xff0 */
#define UARTPCELLID3    0xffc

#define UARTFR_BUSY     (1u << 3)
#define UARTFR_RXFE     (1u << 4)
#define UARTFR_TXFF     (1u << 5)
#define UARTFR_RXFF     (1u << 6)
#define UARTFR_TXFE     (1u << 7)

#define UARTLCR_H_FEN   (1u << 4)
#define UARTLCR_H_MASK  0xffu

#define UARTCR_UARTEN   (1u << 0)
#define UARTCR_LBE      (1u << 7)
#define UARTCR_TXE      (1u << 8)
#define UARTCR_RXE      (1u << 9)
#define UARTCR_MASK     0xff87u  /* bits 6:3 are reserved */
#define UARTCR_RESET    (UARTCR_TXE | UARTCR_RXE)

#define UARTIFLS_TX_SHIFT 0
#define UARTIFLS_RX_SHIFT 3
#define UARTIFLS_SEL_MASK 0x7u
#define UARTIFLS_MASK     0x3fu
#define UARTIFLS_RESET    0x12u   /* both FIFOs at 1/2 */

#define UARTINT_RX      (1u << 4)
#define UARTINT_TX      (1u << 5)
#define UARTINT_RT      (1u << 6)
#define UARTINT_MASK    0x7ffu

#define UARTIBRD_MASK   0xffffu
#define UARTFBRD_MASK   0x3fu
#define UARTDMACR_MASK  0x7u
#define UARTILPR_MASK   0xffu

#endif
