/* SPDX-License-Identifier: MIT */
/* virtio-net back end over a frame-per-call fd (tap, seqpacket socket). */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "host/host_backends.h"

/* struct dev_iovec is declared to match struct iovec; make sure. */
_Static_assert(sizeof(struct dev_iovec) == sizeof(struct iovec) &&
	       offsetof(struct dev_iovec, base) == offsetof(struct iovec, iov_base) &&
	       offsetof(struct dev_iovec, len) == offsetof(struct iovec, iov_len),
	       "struct dev_iovec must match struct iovec");

static int net_send(void *ctx, const struct dev_iovec *iov, unsigned n)
{
	struct host_net_fd *nf = ctx;
	struct msghdr msg = { .msg_iov = (struct iovec *)iov, .msg_iovlen = n };
	ssize_t r;

	do
		r = nf->is_socket ? sendmsg(nf->fd, &msg, MSG_NOSIGNAL)
				  : writev(nf->fd, (const struct iovec *)iov, (int)n);
	while (r < 0 && errno == EINTR);
	/* A full tap queue (EAGAIN) drops the frame, as a real NIC would. */
	return r < 0 ? -1 : 0;
}

static long net_recv(void *ctx, const struct dev_iovec *iov, unsigned n)
{
	struct host_net_fd *nf = ctx;
	ssize_t r;

	do
		r = readv(nf->fd, (const struct iovec *)iov, (int)n);
	while (r < 0 && errno == EINTR);
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (r <= 0) {
		/* The tap went away, or the socket's peer closed: it stays
		 * readable for ever, so the I/O thread must stop polling it. */
		nf->dead = true;
		nf->dead_errno = r < 0 ? errno : 0;
		return 0;
	}
	return (long)r;
}

void host_net_backend(struct host_net_fd *nf, struct virtio_net_backend *be)
{
	struct stat st;

	nf->is_socket = fstat(nf->fd, &st) == 0 && S_ISSOCK(st.st_mode);
	nf->dead = false;
	memset(be, 0, sizeof(*be));
	be->ctx = nf;
	be->send = net_send;
	be->recv = net_recv;
}

int host_tap_open(const char *ifname, char *err, size_t errlen)
{
	struct ifreq ifr;
	int fd;

	if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ) {
		snprintf(err, errlen, "bad tap interface name '%s' (1 to %d characters)",
			 ifname ? ifname : "", IFNAMSIZ - 1);
		return -1;
	}
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open /dev/net/tun: %s", strerror(errno));
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		snprintf(err, errlen, "cannot attach tap interface %s: %s%s", ifname,
			 strerror(errno),
			 errno == EPERM ? " (needs CAP_NET_ADMIN or a tap owned by this user)" : "");
		close(fd);
		return -1;
	}
	return fd;
}
