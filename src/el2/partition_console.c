// SPDX-License-Identifier: MIT
/* Console input for a partition: bytes typed for it (console.c routes them
 * here through console_set_input) wait in its queue until one of its own
 * vCPUs moves them into its PL011's receive FIFO. See partition.h. */
#include "el2/partition.h"

int partition_console_deliver(unsigned index, uint8_t byte)
{
	struct partition *p;

	if (index >= EL2_MAX_PARTITIONS)
		return 1;
	p = &partitions[index];
	if (p->state != PARTITION_RUNNING || !p->uart)
		return 1;       /* nobody listens: the byte is dropped */
	struct partition_input *q = &p->input;
	uint32_t tail = q->tail;
	if (tail - __atomic_load_n(&q->head, __ATOMIC_ACQUIRE) == PARTITION_INPUT_QUEUE)
		return 0;       /* full: console.c holds the byte back */
	q->buf[tail % PARTITION_INPUT_QUEUE] = byte;
	__atomic_store_n(&q->tail, tail + 1, __ATOMIC_RELEASE);
	return 1;
}

void partition_console_drain(struct partition *p)
{
	struct partition_input *q = &p->input;
	uint32_t tail = __atomic_load_n(&q->tail, __ATOMIC_ACQUIRE);

	if (__atomic_load_n(&q->head, __ATOMIC_RELAXED) == tail || !p->uart)
		return;
	spin_lock(&p->dev_lock);
	uint32_t head = q->head;
	while (head != tail && pl011_rx_space(p->uart)) {
		pl011_receive(p->uart, &q->buf[head % PARTITION_INPUT_QUEUE], 1);
		head++;
	}
	__atomic_store_n(&q->head, head, __ATOMIC_RELEASE);
	spin_unlock(&p->dev_lock);
}
