// SPDX-License-Identifier: MIT
/*
 * The stage-1 walker (arch/stage1.h). One walk engine serves VMSAv8-64 and
 * the AArch32 long-descriptor format, which share the descriptor layout
 * (Arm ARM D8.3 and G5.5); the AArch32 short-descriptor format (G5.4) has
 * its own two-level walk.
 */
#include "arch/stage1.h"

#include "arch/bits.h"
#include "arch/vmsa.h"

/* TCR_EL1.IPS -> output address bits (D19.2, "IPS"); 0b111 is reserved
 * and behaves as an implemented size: the largest without FEAT_LPA. */
static const unsigned ips_bits[8] = { 32, 36, 40, 42, 44, 48, 52, 48 };

static uint64_t mask_bits(unsigned n)
{
	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/* Read one descriptor of `len` (4 or 8) bytes in the tables' endianness. */
static int read_desc(const struct stage1_walk *w, uint64_t ipa, unsigned len, uint64_t *desc)
{
	uint8_t b[8];
	uint64_t v = 0;

	if (w->read_phys(w->ctx, ipa, b, len))
		return -1;
	for (unsigned i = 0; i < len; i++) {
		unsigned byte = (w->regs->sctlr & SCTLR_ELx_EE) ? i : len - 1 - i;
		v = v << 8 | b[byte];
	}
	*desc = v;
	return 0;
}

/* What one walk in the descriptor format VMSAv8-64 and LPAE share needs. */
struct lpae_walk {
	unsigned granule_shift;   /* 12, 14 or 16 */
	unsigned ia_bits;         /* input address size */
	unsigned oa_bits;         /* output address size */
	uint64_t table;           /* the first table's address */
	bool hierarchical;        /* APTable/XNTable/PXNTable apply */
	bool lpa;                 /* 64KB granule (FEAT_LPA): OA[51:48] in bits [15:12] */
};

/* Can a block descriptor appear at this level? (4KB granule at
 * levels 1 and 2; 16KB at level 2; 64KB at level 2, and at level 1 with
 * FEAT_LPA, which the walker models) */
static bool block_allowed(const struct lpae_walk *p, int level)
{
	switch (p->granule_shift) {
	case 12: return level == 1 || level == 2;
	case 14: return level == 2;
	default: return level == 2 || (level == 1 && p->lpa);
	}
}

static uint64_t desc_oa(const struct lpae_walk *p, uint64_t desc, unsigned low)
{
	uint64_t oa = desc & GENMASK(47, low);

	if (p->lpa)
		oa |= ((desc >> PTE_DESC_OA_51_48_SHIFT) & 0xf) << 48;
	return oa;
}

static enum stage1_fault walk_lpae(const struct stage1_walk *w, const struct lpae_walk *p,
				   uint64_t va, struct stage1_map *map, int *fault_level)
{
	unsigned g = p->granule_shift, stride = g - 3;
	int levels = (int)((p->ia_bits - g + stride - 1) / stride);
	int start = 4 - levels;
	uint64_t table = p->table;
	bool tbl_ro = false, tbl_no_el0 = false, tbl_pxn = false, tbl_uxn = false;

	/* The first table holds 2^(ia_bits - shift of its level) entries and is
	 * aligned to its size (TTBR BADDR's low bits are RES0). */
	table &= ~mask_bits(p->ia_bits - (g + (unsigned)(3 - start) * stride) + 3);
	if (table >> p->oa_bits) {
		*fault_level = start;
		return STAGE1_FAULT_ADDRESS_SIZE;
	}
	for (int level = start; level <= 3; level++) {
		unsigned shift = g + (unsigned)(3 - level) * stride;
		unsigned idx_bits = level == start ? p->ia_bits - shift : stride;
		uint64_t idx = (va >> shift) & mask_bits(idx_bits);
		uint64_t desc;

		*fault_level = level;
		if (read_desc(w, table + idx * 8, 8, &desc))
			return STAGE1_FAULT_WALK_EXTERNAL;
		if (!(desc & PTE_DESC_VALID))
			return STAGE1_FAULT_TRANSLATION;
		if (level < 3 && (desc & PTE_DESC_TABLE)) {
			table = desc_oa(p, desc, g);
			if (table >> p->oa_bits)
				return STAGE1_FAULT_ADDRESS_SIZE;
			if (p->hierarchical) {
				tbl_ro |= !!(desc & PTE_TABLE_AP_RO);
				tbl_no_el0 |= !!(desc & PTE_TABLE_AP_NO_EL0);
				tbl_pxn |= !!(desc & PTE_TABLE_PXN);
				tbl_uxn |= !!(desc & PTE_TABLE_UXN);
			}
			continue;
		}
		if (level == 3 ? !(desc & PTE_DESC_TABLE) : !block_allowed(p, level))
			return STAGE1_FAULT_TRANSLATION;   /* reserved encodings */

		uint64_t oa = desc_oa(p, desc, shift);
		if (oa >> p->oa_bits)
			return STAGE1_FAULT_ADDRESS_SIZE;
		bool ro = tbl_ro || (desc & PTE_DESC_AP_RO);
		bool el0 = !tbl_no_el0 && (desc & PTE_DESC_AP_EL0);
		bool wxn = (w->regs->sctlr & SCTLR_ELx_WXN) != 0;
		map->ipa = oa | (va & mask_bits(shift));
		map->size = (1ULL << shift) - (va & mask_bits(shift));
		map->level = level;
		map->el1_read = true;
		map->el1_write = !ro;
		map->el0_read = el0;
		map->el0_write = el0 && !ro;
		/* Memory EL0 can write is never executable at EL1 ("Execute-never
		 * controls"), and WXN makes writable memory execute-never. */
		map->el1_exec = !tbl_pxn && !(desc & PTE_DESC_PXN) && !map->el0_write &&
				!(wxn && !ro);
		map->el0_exec = !tbl_uxn && !(desc & PTE_DESC_UXN) && !(wxn && map->el0_write);
		map->access_flag = (desc & PTE_DESC_AF) != 0;
		map->domain = 0;
		return STAGE1_OK;
	}
	return STAGE1_FAULT_TRANSLATION;   /* not reached: level 3 always ends the walk */
}

static void map_flat(uint64_t va, unsigned pa_bits, struct stage1_map *map)
{
	*map = (struct stage1_map){
		.ipa = va, .size = (1ULL << pa_bits) - va, .level = -1,
		.el1_read = true, .el1_write = true, .el0_read = true, .el0_write = true,
		.el1_exec = true, .el0_exec = true, .access_flag = true,
	};
}

static enum stage1_fault translate_aarch64(const struct stage1_walk *w, uint64_t va,
					   struct stage1_map *map, int *fault_level)
{
	const struct stage1_regs *r = w->regs;
	bool upper = (va >> 55) & 1;
	uint64_t tcr = r->tcr;
	unsigned txsz, tg, g, top;
	struct lpae_walk p = { 0 };

	*fault_level = 0;
	if (!(r->sctlr & SCTLR_ELx_M)) {
		/* Flat: the output address is the input address, which must fit
		 * the physical address space ("The effects of disabling address
		 * translation"). */
		if (va >> 52)
			return STAGE1_FAULT_ADDRESS_SIZE;
		map_flat(va, 52, map);
		return STAGE1_OK;
	}
	if (upper) {
		txsz = (tcr >> TCR_EL1_T1SZ_SHIFT) & TCR_EL1_TxSZ_MASK;
		tg = (tcr >> TCR_EL1_TG1_SHIFT) & TCR_EL1_TGx_MASK;
		g = tg == TCR_EL1_TG1_16K ? 14 : tg == TCR_EL1_TG1_64K ? 16 : 12;
		top = (tcr & TCR_EL1_TBI1) ? 55 : 63;
		p.table = r->ttbr1;
		p.hierarchical = !(tcr & TCR_EL1_HPD1);
		if (tcr & TCR_EL1_EPD1)
			return STAGE1_FAULT_TRANSLATION;
	} else {
		txsz = (tcr >> TCR_EL1_T0SZ_SHIFT) & TCR_EL1_TxSZ_MASK;
		tg = (tcr >> TCR_EL1_TG0_SHIFT) & TCR_EL1_TGx_MASK;
		g = tg == TCR_EL1_TG0_16K ? 14 : tg == TCR_EL1_TG0_64K ? 16 : 12;
		top = (tcr & TCR_EL1_TBI0) ? 55 : 63;
		p.table = r->ttbr0;
		p.hierarchical = !(tcr & TCR_EL1_HPD0);
		if (tcr & TCR_EL1_EPD0)
			return STAGE1_FAULT_TRANSLATION;
	}
	/* Out-of-range TxSZ is clamped (one of the CONSTRAINED UNPREDICTABLE
	 * choices for the input address size): 52-bit VAs only with 64KB
	 * pages (FEAT_LVA), at most 48 (FEAT_TTST), and at least one level. */
	unsigned min_txsz = g == 16 ? 12 : 16;
	unsigned max_txsz = g == 16 ? 47 : 48;
	if (txsz < min_txsz)
		txsz = min_txsz;
	if (txsz > max_txsz)
		txsz = max_txsz;
	p.granule_shift = g;
	p.ia_bits = 64 - txsz;
	/* Bits [top:ia_bits] must all equal bit 55 (the TTBR select bit). */
	uint64_t high = (va & mask_bits(top + 1)) >> p.ia_bits;
	if (high != (upper ? mask_bits(top + 1 - p.ia_bits) : 0))
		return STAGE1_FAULT_TRANSLATION;
	p.oa_bits = ips_bits[(tcr >> TCR_EL1_IPS_SHIFT) & TCR_EL1_IPS_MASK];
	if (p.oa_bits == 52 && g != 16)
		p.oa_bits = 48;   /* 52-bit OA with 4KB/16KB pages needs TCR.DS (FEAT_LPA2) */
	p.lpa = g == 16;
	uint64_t ttbr = p.table;
	p.table = ttbr & TTBR_BADDR_MASK;
	if (p.oa_bits == 52)
		p.table |= ((ttbr >> TTBR_BADDR_51_48_SHIFT) & 0xf) << 48;
	return walk_lpae(w, &p, va & mask_bits(p.ia_bits), map, fault_level);
}

static enum stage1_fault translate_lpae32(const struct stage1_walk *w, uint32_t va,
					  struct stage1_map *map, int *fault_level)
{
	const struct stage1_regs *r = w->regs;
	unsigned t0sz = r->tcr & TTBCR_T0SZ_MASK;
	unsigned t1sz = (r->tcr >> TTBCR_T1SZ_SHIFT) & TTBCR_T0SZ_MASK;
	bool ttbr1;
	struct lpae_walk p = { .granule_shift = 12, .oa_bits = 40, .hierarchical = true };

	/* Which TTBR ("Selecting between TTBR0 and TTBR1, VMSAv8-32
	 * Long-descriptor translation table format"): TTBR0 below
	 * 2^(32-T0SZ), TTBR1 from 2^32 - 2^(32-T1SZ); a size of 0 gives the
	 * other its complement; between two regions the walk faults. */
	if (t0sz == 0 && t1sz == 0)
		ttbr1 = false;
	else if (t0sz == 0)
		ttbr1 = va >= (uint32_t)(0x100000000ULL - (1ULL << (32 - t1sz)));
	else if (va < (1ULL << (32 - t0sz)))
		ttbr1 = false;
	else if (t1sz == 0 || va >= 0x100000000ULL - (1ULL << (32 - t1sz)))
		ttbr1 = true;
	else
		return STAGE1_FAULT_TRANSLATION;
	if (r->tcr & (ttbr1 ? TTBCR_EPD1 : TTBCR_EPD0))
		return STAGE1_FAULT_TRANSLATION;
	p.ia_bits = 32 - (ttbr1 ? t1sz : t0sz);
	if (ttbr1 && t1sz == 0 && t0sz != 0)
		p.ia_bits = 32;
	p.table = (ttbr1 ? r->ttbr1 : r->ttbr0) & GENMASK(39, 0);
	return walk_lpae(w, &p, va & mask_bits(p.ia_bits), map, fault_level);
}

/* Short-descriptor AP[2:0] (G5.7.1, Table "VMSAv8-32 MMU access
 * permissions"); with SCTLR.AFE, AP[0] is the Access flag and AP[2:1]
 * has the simplified model. */
static void short_perms(const struct stage1_walk *w, unsigned ap2, unsigned ap01,
			struct stage1_map *map)
{
	if (w->regs->sctlr & SCTLR_AFE) {
		map->access_flag = ap01 & 1;
		map->el1_read = true;
		map->el1_write = !ap2;
		map->el0_read = (ap01 >> 1) & 1;
		map->el0_write = map->el0_read && !ap2;
		return;
	}
	unsigned ap = ap2 << 2 | ap01;
	map->access_flag = true;
	map->el1_read = ap != 0 && ap != 4;
	map->el1_write = ap >= 1 && ap <= 3;
	map->el0_read = ap == 2 || ap == 3 || ap == 6 || ap == 7;
	map->el0_write = ap == 3;
}

static enum stage1_fault translate_short(const struct stage1_walk *w, uint32_t va,
					 struct stage1_map *map, int *fault_level)
{
	const struct stage1_regs *r = w->regs;
	unsigned n = r->tcr & TTBCR_N_MASK;
	uint64_t l1, l2, desc, base;
	bool xn, pxn;

	*fault_level = 1;
	if (n && (va >> (32 - n))) {
		if (r->tcr & TTBCR_PD1)
			return STAGE1_FAULT_TRANSLATION;
		l1 = (r->ttbr1 & GENMASK(31, 14)) | (uint64_t)(va >> 20) << 2;
	} else {
		if (r->tcr & TTBCR_PD0)
			return STAGE1_FAULT_TRANSLATION;
		l1 = (r->ttbr0 & GENMASK(31, 14 - n)) | (uint64_t)((va >> 20) & mask_bits(12 - n)) << 2;
	}
	if (read_desc(w, l1, 4, &desc))
		return STAGE1_FAULT_WALK_EXTERNAL;
	*map = (struct stage1_map){ .domain = (desc >> SD_L1_DOMAIN_SHIFT) & SD_L1_DOMAIN_MASK };
	if (desc & SD_L1_SECTION) {
		if (desc & SD_L1_SUPERSECTION) {
			base = (desc & SD_L1_SUPER_BASE) |
			       ((desc >> SD_L1_SUPER_PA_35_32_SHIFT) & 0xf) << 32 |
			       ((desc >> SD_L1_SUPER_PA_39_36_SHIFT) & 0xf) << 36;
			map->size = 1ULL << 24;
			map->domain = 0;   /* supersections are in domain 0 */
		} else {
			base = desc & SD_L1_SECTION_BASE;
			map->size = 1ULL << 20;
		}
		xn = desc & SD_L1_XN;
		pxn = desc & SD_L1_PXN_SECTION;
		short_perms(w, !!(desc & SD_L1_AP2), (desc >> SD_L1_AP01_SHIFT) & SD_AP01_MASK, map);
		map->level = 1;
	} else if ((desc & SD_L1_TYPE_MASK) == SD_L1_TYPE_TABLE) {
		pxn = desc & SD_L1_TABLE_PXN;
		l2 = (desc & SD_L1_TABLE_BASE_MASK) | ((va >> 12) & 0xff) << 2;
		*fault_level = 2;
		if (read_desc(w, l2, 4, &desc))
			return STAGE1_FAULT_WALK_EXTERNAL;
		if (desc & SD_L2_SMALL) {
			base = desc & SD_L2_SMALL_BASE;
			map->size = 1ULL << 12;
			xn = desc & SD_L2_SMALL_XN;
		} else if ((desc & SD_L2_TYPE_MASK) == SD_L2_TYPE_LARGE) {
			base = desc & SD_L2_LARGE_BASE;
			map->size = 1ULL << 16;
			xn = desc & SD_L2_LARGE_XN;
		} else {
			return STAGE1_FAULT_TRANSLATION;
		}
		short_perms(w, !!(desc & SD_L2_AP2), (desc >> SD_L2_AP01_SHIFT) & SD_AP01_MASK, map);
		map->level = 2;
	} else {
		return STAGE1_FAULT_TRANSLATION;
	}
	uint64_t off = va & (map->size - 1);
	map->ipa = base | off;
	map->size -= off;
	map->el1_exec = !xn && !pxn;
	map->el0_exec = !xn;
	return STAGE1_OK;
}

enum stage1_fault stage1_translate(const struct stage1_walk *w, uint64_t va,
				   struct stage1_map *map, int *fault_level)
{
	const struct stage1_regs *r = w->regs;
	int level_unused;

	if (!fault_level)
		fault_level = &level_unused;
	*fault_level = 0;
	if (r->aarch64)
		return translate_aarch64(w, va, map, fault_level);
	if (va >> 32)
		return STAGE1_FAULT_ADDRESS_SIZE;
	if (!(r->sctlr & SCTLR_ELx_M)) {
		map_flat(va, 32, map);
		return STAGE1_OK;
	}
	if (r->tcr & TTBCR_EAE)
		return translate_lpae32(w, (uint32_t)va, map, fault_level);
	return translate_short(w, (uint32_t)va, map, fault_level);
}

/* Copy through the translation, one page or block at a time; a chunk the
 * callback refuses is retried byte by byte so the count is exact. */
static size_t copy_virt(const struct stage1_walk *w, uint64_t va, uint8_t *rbuf,
			const uint8_t *wbuf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		struct stage1_map map;
		uint64_t at = va + done;

		if (stage1_translate(w, at, &map, NULL) != STAGE1_OK)
			break;
		size_t chunk = len - done;
		if (map.size && chunk > map.size)
			chunk = (size_t)map.size;
		int rc = rbuf ? w->read_phys(w->ctx, map.ipa, rbuf + done, chunk)
			      : w->write_phys(w->ctx, map.ipa, wbuf + done, chunk);
		if (rc) {
			size_t i;
			for (i = 0; i < chunk; i++) {
				rc = rbuf ? w->read_phys(w->ctx, map.ipa + i, rbuf + done + i, 1)
					  : w->write_phys(w->ctx, map.ipa + i, wbuf + done + i, 1);
				if (rc)
					break;
			}
			return done + i;
		}
		done += chunk;
		if (at + chunk < at)
			break;   /* the top of the address space */
	}
	return done;
}

size_t stage1_read_virt(const struct stage1_walk *w, uint64_t va, void *buf, size_t len)
{
	return copy_virt(w, va, buf, NULL, len);
}

size_t stage1_write_virt(const struct stage1_walk *w, uint64_t va, const void *buf, size_t len)
{
	if (!w->write_phys)
		return 0;
	return copy_virt(w, va, NULL, buf, len);
}
