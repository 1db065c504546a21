/* SPDX-License-Identifier: MIT */
/*
 * virtio network device (virtio 1.1, 5.1): one receive and one transmit
 * queue, a MAC address, link always up, no offloads and no mergeable
 * receive buffers, so every frame carries the 12-byte virtio_net_hdr with
 * num_buffers = 1 and fits the guest's MTU-sized buffers. The back end moves
 * whole Ethernet frames (the hosted engine's is a tap device).
 */
#ifndef ARMVM_DEV_VIRTIO_NET_H
#define ARMVM_DEV_VIRTIO_NET_H

#include "dev/virtio_iov.h"
#include "dev/virtio_mmio.h"

/* Feature bits (5.1.3) */
#define VIRTIO_NET_F_MAC          5
#define VIRTIO_NET_F_STATUS       16

#define VIRTIO_NET_S_LINK_UP      1

/* struct virtio_net_hdr for VIRTIO_F_VERSION_1 (5.1.6): flags, gso_type,
 * hdr_len, gso_size, csum_start, csum_offset, num_buffers. */
#define VIRTIO_NET_HDR_SIZE       12u
#define VIRTIO_NET_HDR_OFF_NUM_BUFFERS 10

/* Config layout (5.1.4) */
#define VIRTIO_NET_CFG_MAC        0    /* u8[6] */
#define VIRTIO_NET_CFG_STATUS     6    /* le16 */
#define VIRTIO_NET_CFG_SIZE       8

#define VIRTIO_NET_RXQ            0
#define VIRTIO_NET_TXQ            1

/* Largest frame we move (Ethernet + VLAN tag, no jumbo frames without GSO). */
#define VIRTIO_NET_MAX_FRAME      1522u

struct virtio_net_backend {
	void *ctx;
	/* Send one frame gathered from n pieces; 0, or < 0 if it was lost. */
	int (*send)(void *ctx, const struct dev_iovec *iov, unsigned n);
	/*
	 * Receive one frame into the n pieces: its length (> 0), 0 when no
	 * frame is waiting, or < 0 on an error. A frame longer than the
	 * pieces is truncated.
	 */
	long (*recv)(void *ctx, const struct dev_iovec *iov, unsigned n);
};

struct virtio_net {
	struct virtio_mmio transport;
	struct virtio_net_backend be;
	uint8_t config[VIRTIO_NET_CFG_SIZE];
	struct dev_iovec iov[VIRTQ_MAX_SEGS];
	uint64_t tx_frames, rx_frames, tx_dropped, rx_dropped;
};

void virtio_net_init(struct virtio_net *n, const struct virtio_mmio_params *p,
		     const uint8_t mac[6], const struct virtio_net_backend *be);

/*
 * Hosted engine: the back end has frames waiting. Same as
 * virtio_mmio_process_queue(&n->transport, VIRTIO_NET_RXQ): moves frames
 * into receive buffers until the back end is empty (VIRTIO_Q_DONE) or the
 * guest has no buffer left (VIRTIO_Q_NEED_BUFFERS, whether or not more
 * frames wait: stop polling the back end until the guest notifies the
 * receive queue, which it does after posting buffers).
 */
enum virtio_q_result virtio_net_receive(struct virtio_net *n);


/*
 * Saved state (dev_state.h; virtio_mmio.h "Saved state"): the transport
 * with its queues, the device's config space and counters. save returns
 * the bytes written or -1 (buffer too small). load, into a device the
 * loading side built with init over its own back end: 0, or -1 leaving
 * the device unchanged, with *why (if not NULL) naming the problem when a
 * check found one (NULL for a short state): e.g. another MAC address.
 */
int virtio_net_save(const struct virtio_net *n, void *buf, size_t len);
int virtio_net_load(struct virtio_net *n, const void *buf, size_t len,
		    const char **why);

#endif
