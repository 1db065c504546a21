// SPDX-License-Identifier: MIT
/* The partitions, indexed by their place in the configuration: apart from
 * partition.c so that what looks a partition up by index (a channel's
 * doorbell finding its peer, the console) does not depend on how one is
 * built. */
#include "el2/partition.h"

struct partition partitions[EL2_MAX_PARTITIONS];
