/* SPDX-License-Identifier: MIT */
/*
 * The parts of the ELF format the loader reads (System V gABI; ARM and
 * AArch64 psABI machine numbers), as byte offsets into the headers so a
 * freestanding build needs no <elf.h>.
 */
#ifndef ARMVM_MACHINE_ELF_H
#define ARMVM_MACHINE_ELF_H

/* e_ident */
#define EI_MAG0         0
#define EI_CLASS        4
#define EI_DATA         5
#define EI_VERSION      6
#define EI_NIDENT       16
#define ELFMAG          "\177ELF"
#define SELFMAG         4
#define ELFCLASS32      1
#define ELFCLASS64      2
#define ELFDATA2LSB     1
#define EV_CURRENT      1

#define ET_EXEC         2
#define ET_DYN          3
#define EM_ARM          40
#define EM_AARCH64      183
#define PT_LOAD         1

/* Elf32_Ehdr / Elf64_Ehdr field offsets */
#define EHDR_TYPE       16
#define EHDR_MACHINE    18
#define EHDR32_ENTRY    24
#define EHDR32_PHOFF    28
#define EHDR32_PHENTSIZE 42
#define EHDR32_PHNUM    44
#define EHDR32_SIZE     52
#define EHDR64_ENTRY    24
#define EHDR64_PHOFF    32
#define EHDR64_PHENTSIZE 54
#define EHDR64_PHNUM    56
#define EHDR64_SIZE     64

/* Elf32_Phdr / Elf64_Phdr field offsets */
#define PHDR_TYPE       0
#define PHDR32_OFFSET   4
#define PHDR32_VADDR    8
#define PHDR32_PADDR    12
#define PHDR32_FILESZ   16
#define PHDR32_MEMSZ    20
#define PHDR32_SIZE     32
#define PHDR64_OFFSET   8
#define PHDR64_VADDR    16
#define PHDR64_PADDR    24
#define PHDR64_FILESZ   32
#define PHDR64_MEMSZ    40
#define PHDR64_SIZE     56

#endif
