/* SPDX-License-Identifier: MIT */
/* PL011 UART registers used by the guests (PrimeCell UART TRM, DDI 0183). */
#ifndef GUEST_PL011_H
#define GUEST_PL011_H

#define UARTDR         0x000
#define UARTFR         0x018
#define UARTFR_TXFF    (1u << 5)   /* transmit FIFO full */

#endif
