// SPDX-License-Identifier: MIT
/* Console input for a partition: bytes typed for it go to its PL011's
 * receive FIFO (console.c routes input here through console_set_input). */
#include "el2/partition.h"

int partition_console_deliver(unsigned index, uint8_t byte)
{
	struct partition *p;
	int taken = 1;

	if (index >= EL2_MAX_PARTITIONS)
		return 1;
	p = &partitions[index];
	if (p->state != PARTITION_RUNNING ||
	    !p->uart)
		return 1;       /* nobody listens: the byte is dropped */
	spin_lock(&p->dev_lock);
	if (pl011_rx_space(p->uart) == 0)
		taken = 0;
	else
		pl011_receive(p->uart, &byte, 1);
	spin_unlock(&p->dev_lock);
	return taken;
}
