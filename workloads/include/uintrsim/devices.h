/*
 * The register maps of uintrsim's platform devices: the one definition shared by the
 * simulator's device models (C++, host), the guest programs (C, RISC-V) and the assembly
 * tests (.S: everything here is a #define, usable in `li` immediates and address
 * expressions; GNU as evaluates them with 64-bit arithmetic on RV64).
 *
 *   host:   #include "workloads/include/uintrsim/devices.h"
 *   guests: #include <uintrsim/devices.h>   (workloads/include is on every guest's -I path,
 *                                            cmake/GuestProgram.cmake)
 *
 * Offsets are relative to a device's base address. Base addresses are configuration
 * (platform.clint_base, platform.simctrl_base, uintc.base); the UINTRSIM_DEFAULT_* values
 * are the defaults the simulator's parameters declare, for programs that do not ask the
 * platform (sim-control's UINTC_BASE register gives the configured UINTC base).
 */
#ifndef UINTRSIM_DEVICES_H
#define UINTRSIM_DEVICES_H

#include "u64.h"

/* ---- platform defaults (sim/platform/platform_params.cpp, sim/uintr/uintr_params.cpp) ---- */
#define UINTRSIM_DEFAULT_CLINT_BASE UINTRSIM_U64(0x2000000)  /* SiFive CLINT as in QEMU virt and Rocket */
#define UINTRSIM_DEFAULT_SIMCTRL_BASE UINTRSIM_U64(0x10010000)
#define UINTRSIM_DEFAULT_UINTC_BASE UINTRSIM_U64(0x2F10000)  /* QEMU virt; the Rocket FPGA board: 0x3000000 */
#define UINTRSIM_DEFAULT_UINTC_ENTRIES 512

/*
 * ---- sim-control device (sim/devices/sim_control.{h,cpp}) -------------------------------
 * gem5-m5ops-like markers and workload arguments. Every register is 64 bits wide and takes
 * only aligned 8-byte accesses (anything else, or an offset beyond the last register, is a
 * bus error). Writes below HARTS and to SYSCALLS are commands (the value's meaning is given
 * per register); the read-only registers ignore writes; reads of write-only registers give 0.
 */
#define UINTRSIM_SIMCTRL_ROI_BEGIN 0x00          /* W: the region of interest begins */
#define UINTRSIM_SIMCTRL_ROI_END 0x08            /* W: the region of interest ends */
#define UINTRSIM_SIMCTRL_ROUNDS 0x10             /* W: adds the value to the round count */
#define UINTRSIM_SIMCTRL_SNAPSHOT 0x18           /* W: stats snapshot, value = label number */
#define UINTRSIM_SIMCTRL_EXIT 0x20               /* W: ends the run, value = exit code */
#define UINTRSIM_SIMCTRL_PUTCHAR 0x28            /* W: console, the value's low byte */
#define UINTRSIM_SIMCTRL_HARTS 0x30              /* R: number of harts */
#define UINTRSIM_SIMCTRL_UINTC_BASE 0x38         /* R: the UINTC's base address (uintc.base) */
#define UINTRSIM_SIMCTRL_SYSCALLS 0x40           /* W: adds the value to the ROI's requested syscalls */
/* Workload arguments by name (uintrsim/args.h is the guest side): write the name 8 bytes at a
 * time to ARG_NAME (little-endian, NUL-padded; at most UINTRSIM_ARG_NAME_MAX bytes), optionally
 * the guest's default to ARG_DEFAULT, then the expected type to ARG_LOOKUP; read ARG_STATUS
 * and ARG_VALUE (the integer, or the string's length; with status UNSET, the default) and, for
 * a string, its bytes 8 at a time from ARG_STRING. A lookup resets the name. The simulator
 * records every argument the guest looked up; a set argument never looked up fails the run. */
#define UINTRSIM_SIMCTRL_ARG_NAME 0x48           /* W: the next 8 bytes of the name */
#define UINTRSIM_SIMCTRL_ARG_DEFAULT 0x50        /* W: the guest's default (integers; recorded) */
#define UINTRSIM_SIMCTRL_ARG_LOOKUP 0x58         /* W: look the name up, value = UINTRSIM_ARG_TYPE_* */
#define UINTRSIM_SIMCTRL_ARG_STATUS 0x60         /* R: UINTRSIM_ARG_* of the last lookup */
#define UINTRSIM_SIMCTRL_ARG_VALUE 0x68          /* R: the integer value, or the string's length */
#define UINTRSIM_SIMCTRL_ARG_STRING 0x70         /* R: the string's next 8 bytes (NUL-padded) */
#define UINTRSIM_SIMCTRL_SAMPLE 0x78           /* W: a sample for a distribution (below) */
#define UINTRSIM_SIMCTRL_LAST UINTRSIM_SIMCTRL_SAMPLE /* the highest register offset */
#define UINTRSIM_ARG_TYPE_INT 0
#define UINTRSIM_ARG_TYPE_STRING 1
#define UINTRSIM_ARG_UNSET 0     /* not set: the guest's default applies */
#define UINTRSIM_ARG_SET 1       /* set (config, --set, sweep, or a workload.* setting) */
#define UINTRSIM_ARG_INVALID 2   /* wrong type or malformed name: the simulator ends the run */
#define UINTRSIM_ARG_NAME_MAX 64
/* SAMPLE: distribution id in b63:56, the value in b55:0. The results' "distributions" (and
 * roi.distributions) report count, min, max, mean, percentiles and bins per id. */
#define UINTRSIM_SAMPLE_ID_SHIFT 56
#define UINTRSIM_SAMPLE_VALUE_MASK ((UINTRSIM_U64(1) << 56) - 1)
#define UINTRSIM_SAMPLE(id, value) (((UINTRSIM_U64(0) + (id)) << UINTRSIM_SAMPLE_ID_SHIFT) | ((value) & UINTRSIM_SAMPLE_VALUE_MASK))
#define UINTRSIM_DIST_ASYNC_REQUEST_LATENCY 0    /* async.request_latency (cycles), the async runtime */
#define UINTRSIM_DIST_GUEST(n) (16 + (n))        /* guest.dist<16+n>: a program's own, n = 0..239 */
#define UINTRSIM_SIMCTRL_REG_BYTES 8
#define UINTRSIM_SIMCTRL_SIZE 0x1000             /* the window mapped on the bus (one page) */

/*
 * ---- CLINT (sim/devices/clint.{h,cpp}) ---------------------------------------------------
 * The SiFive core-local interruptor layout (SiFive FU540-C000 manual, chapter "Core Local
 * Interruptor"; QEMU hw/intc/sifive_clint.c; Rocket): per hart a 32-bit msip word (bit 0 =
 * the hart's machine software interrupt), per hart a 64-bit mtimecmp, one 64-bit mtime.
 * msip takes aligned 4-byte accesses; mtimecmp and mtime aligned 4- or 8-byte accesses.
 */
#define UINTRSIM_CLINT_MSIP_BASE 0x0
#define UINTRSIM_CLINT_MSIP_STRIDE 4
#define UINTRSIM_CLINT_MSIP(hart) (UINTRSIM_CLINT_MSIP_BASE + UINTRSIM_CLINT_MSIP_STRIDE * (hart))
#define UINTRSIM_CLINT_MTIMECMP_BASE 0x4000
#define UINTRSIM_CLINT_MTIMECMP_STRIDE 8
#define UINTRSIM_CLINT_MTIMECMP(hart) (UINTRSIM_CLINT_MTIMECMP_BASE + UINTRSIM_CLINT_MTIMECMP_STRIDE * (hart))
#define UINTRSIM_CLINT_MTIME 0xBFF8
#define UINTRSIM_CLINT_SIZE 0x10000

/*
 * ---- UINTC, the user-interrupt controller (sim/uintr/uintc.{h,cpp}, rtl_models/uintc.sv) --
 * The RISC-V UINTC of the Rocket/QEMU user-interrupt designs (docs/hardware-uintr.md): one 0x20-byte
 * window per receiver entry, 64-bit registers, aligned 8-byte accesses only (anything else is
 * a bus error, which the hart turns into an access fault).
 *   +0x00 W SEND        pending |= 1 << (data & 63)
 *   +0x08 R READ_LOW    the low word (below)          W WRITE_LOW  sets hartid, mode, active
 *   +0x10 R READ_HIGH   pending, cleared by the read  W WRITE_HIGH pending |= data
 *   +0x18 R GET_ACTIVE  the active bit                W SET_ACTIVE active = data & 1
 * A read and a write of one offset form a register pair: UINTRSIM_UINTC_LOW, _HIGH, _ACTIVE
 * name the shared offsets (the uipi.read/write/activate/deactivate instructions use them).
 */
#define UINTRSIM_UINTC_ENTRY_BYTES 0x20
#define UINTRSIM_UINTC_ENTRY(index) (UINTRSIM_UINTC_ENTRY_BYTES * (index)) /* the entry's window */
#define UINTRSIM_UINTC_SEND 0x00
#define UINTRSIM_UINTC_READ_LOW 0x08
#define UINTRSIM_UINTC_WRITE_LOW 0x08
#define UINTRSIM_UINTC_READ_HIGH 0x10
#define UINTRSIM_UINTC_WRITE_HIGH 0x10
#define UINTRSIM_UINTC_GET_ACTIVE 0x18
#define UINTRSIM_UINTC_SET_ACTIVE 0x18
#define UINTRSIM_UINTC_LOW UINTRSIM_UINTC_READ_LOW
#define UINTRSIM_UINTC_HIGH UINTRSIM_UINTC_READ_HIGH
#define UINTRSIM_UINTC_ACTIVE UINTRSIM_UINTC_GET_ACTIVE
#define UINTRSIM_UINTC_SEND_VECTOR_MASK 63       /* SEND data: the pending bit to set */
/* The low word: hartid b31:16 (the receiving hart), mode b1 (64-bit mode), active b0. */
#define UINTRSIM_UINTC_LOW_ACTIVE 0x1
#define UINTRSIM_UINTC_LOW_MODE 0x2
#define UINTRSIM_UINTC_LOW_HARTID_SHIFT 16
#define UINTRSIM_UINTC_LOW_HARTID_MASK 0xffff
#define UINTRSIM_UINTC_LOW_MODE_SHIFT 1
/* A low word; `mode` and `active` are 0 or 1, `hartid` should be a 64-bit value in C. */
#define UINTRSIM_UINTC_LOW_VALUE(hartid, mode, active) \
  (((hartid) << UINTRSIM_UINTC_LOW_HARTID_SHIFT) | ((mode) << UINTRSIM_UINTC_LOW_MODE_SHIFT) | (active))

/*
 * ---- sender-table entry (UISTE), read by uipi.send (sim/uintr/uipi_send_engine.cpp,
 * rtl_models/uipi_send.sv) ----------------------------------------------------------------
 * 64 bits: Valid b0, vector b31:16 (the SEND data), receiver (UINTC entry index) b63:48;
 * bits 15:1 and 47:32 are reserved. Entry i lives at (suist.PPN << 12) + i * uintr.uist_stride.
 */
#define UINTRSIM_UISTE_VALID UINTRSIM_U64(0x1)
#define UINTRSIM_UISTE_VECTOR_SHIFT 16
#define UINTRSIM_UISTE_VECTOR_MASK 0xffff
#define UINTRSIM_UISTE_RECEIVER_SHIFT 48
#define UINTRSIM_UISTE_RECEIVER_MASK 0xffff
/* A valid entry; `vector` and `receiver` should be 64-bit values in C. */
#define UINTRSIM_UISTE(vector, receiver) \
  (UINTRSIM_UISTE_VALID | ((vector) << UINTRSIM_UISTE_VECTOR_SHIFT) | ((receiver) << UINTRSIM_UISTE_RECEIVER_SHIFT))
#define UINTRSIM_UISTE_GET_VECTOR(e) (((e) >> UINTRSIM_UISTE_VECTOR_SHIFT) & UINTRSIM_UISTE_VECTOR_MASK)
#define UINTRSIM_UISTE_GET_RECEIVER(e) ((e) >> UINTRSIM_UISTE_RECEIVER_SHIFT)

/*
 * ---- the suist and suirs CSRs (sim/hart/hart_uintr.cpp, sim/uintr/uipi_send_engine.cpp) --
 * suist (sender table): Enable b63, Size b55:44 (in 4 KiB pages), PPN b43:0 (the table's
 * physical page number); b62:56 reserved.
 * suirs (receiver state): Enable b63, index b15:0 (the hart's UINTC entry).
 */
#define UINTRSIM_SUIST_ENABLE (UINTRSIM_U64(1) << 63)
#define UINTRSIM_SUIST_SIZE_SHIFT 44
#define UINTRSIM_SUIST_SIZE_MASK 0xfff
#define UINTRSIM_SUIST_PPN_MASK ((UINTRSIM_U64(1) << 44) - 1)
/* An enabled suist for the page-aligned table at physical address `table_pa`, `pages` pages. */
#define UINTRSIM_SUIST(table_pa, pages) \
  (UINTRSIM_SUIST_ENABLE | (((pages) & UINTRSIM_SUIST_SIZE_MASK) << UINTRSIM_SUIST_SIZE_SHIFT) | ((table_pa) >> 12))
#define UINTRSIM_SUIST_GET_SIZE_PAGES(suist) (((suist) >> UINTRSIM_SUIST_SIZE_SHIFT) & UINTRSIM_SUIST_SIZE_MASK)
#define UINTRSIM_SUIST_GET_TABLE(suist) (((suist) & UINTRSIM_SUIST_PPN_MASK) << 12)
#define UINTRSIM_SUIRS_ENABLE (UINTRSIM_U64(1) << 63)
#define UINTRSIM_SUIRS_INDEX_MASK 0xffff

/*
 * ---- posted user interrupts (uintr.arch = posted; docs/uintr-posted.md) -------------------
 * The x86-UINTR-like design mapped onto RISC-V: a sender's user-interrupt target table (UITT)
 * of 16-byte entries, a receiver's 16-byte user posted-interrupt descriptor (UPID), the
 * notification device that carries {destination hart, vector} to a hart, and the CSRs.
 */
#define UINTRSIM_DEFAULT_UNOTIFY_BASE UINTRSIM_U64(0x2F20000)
/* Notification device: aligned 8-byte accesses only. */
#define UINTRSIM_UNOTIFY_SEND 0x000              /* W: NDST b63:32, NV b7:0 -> pending[NDST] |= 1 << NV */
#define UINTRSIM_UNOTIFY_CLAIM_BASE 0x100
#define UINTRSIM_UNOTIFY_CLAIM(hart) (UINTRSIM_UNOTIFY_CLAIM_BASE + 8 * (hart)) /* R: pending, cleared; W: |= */
#define UINTRSIM_UNOTIFY_SIZE 0x1000
#define UINTRSIM_UNOTIFY_VECTORS 64
#define UINTRSIM_UNOTIFY_MAX_HARTS ((UINTRSIM_UNOTIFY_SIZE - UINTRSIM_UNOTIFY_CLAIM_BASE) / 8)
#define UINTRSIM_UNOTIFY_SEND_VALUE(ndst, nv) (((UINTRSIM_U64(0) + (ndst)) << 32) | (nv))
/* UITTE (16 bytes: word 0 = V b0, UV b15:8; word 1 = UPIDADDR). Reserved: word 0 bits 7:1 and
 * 63:16, UV bits 15:14 (UV < 64), UPIDADDR bits 5:0. */
#define UINTRSIM_UITTE_BYTES 16
#define UINTRSIM_UITTE_V UINTRSIM_U64(0x1)
#define UINTRSIM_UITTE_UV_SHIFT 8
#define UINTRSIM_UITTE_UV_MASK 0xff
#define UINTRSIM_UITTE_RESERVED0 (~(UINTRSIM_U64(0x3f) << 8 | UINTRSIM_UITTE_V))
#define UINTRSIM_UITTE_WORD0(uv) (UINTRSIM_UITTE_V | ((UINTRSIM_U64(0) + (uv)) << UINTRSIM_UITTE_UV_SHIFT))
/* UPID (16 bytes: word 0 = ON b0, SN b1, NV b23:16, NDST b63:32; word 1 = PIR), 64-byte aligned. */
#define UINTRSIM_UPID_BYTES 16
#define UINTRSIM_UPID_ALIGN 64
#define UINTRSIM_UPID_ON UINTRSIM_U64(0x1)
#define UINTRSIM_UPID_SN UINTRSIM_U64(0x2)
#define UINTRSIM_UPID_NV_SHIFT 16
#define UINTRSIM_UPID_NV_MASK 0xff
#define UINTRSIM_UPID_NDST_SHIFT 32
#define UINTRSIM_UPID_WORD0(nv, ndst) (((UINTRSIM_U64(0) + (nv)) << UINTRSIM_UPID_NV_SHIFT) | ((UINTRSIM_U64(0) + (ndst)) << UINTRSIM_UPID_NDST_SHIFT))
/* CSRs: suitt (Enable b63, UITTSZ b51:44 = the largest valid index, PPN b43:0), suipd (the UPID's
 * physical address, bits 5:0 read 0), suinv (Enable b63, UINV b5:0), suirr (64 request bits). */
#define UINTRSIM_CSR_SUITT 0x1B3
#define UINTRSIM_CSR_SUIPD 0x1B4
#define UINTRSIM_CSR_SUINV 0x1B5
#define UINTRSIM_CSR_SUIRR 0x1B6
#define UINTRSIM_SUITT_ENABLE (UINTRSIM_U64(1) << 63)
#define UINTRSIM_SUITT_SIZE_SHIFT 44
#define UINTRSIM_SUITT_SIZE_MASK 0xff
#define UINTRSIM_SUITT_PPN_MASK ((UINTRSIM_U64(1) << 44) - 1)
#define UINTRSIM_SUITT(table_pa, uittsz) \
  (UINTRSIM_SUITT_ENABLE | ((UINTRSIM_U64(0) + ((uittsz) & UINTRSIM_SUITT_SIZE_MASK)) << UINTRSIM_SUITT_SIZE_SHIFT) | ((table_pa) >> 12))
#define UINTRSIM_SUINV_ENABLE (UINTRSIM_U64(1) << 63)
#define UINTRSIM_SUINV_MASK 0x3f
/* senduipi rs1 (custom-3, funct3 110, funct7 5) and the delivered ucause (interrupt | 16 + vector). */
#define UINTRSIM_SENDUIPI(rs1) (0x0A00607B | ((rs1) << 15))
#define UINTRSIM_POSTED_CAUSE_BASE 16
#define UINTRSIM_POSTED_FAULT_CAUSE_CUSTOM 24

/*
 * ---- HTIF (sim/devices/htif.{h,cpp}) ----------------------------------------------------
 * The riscv-tests / Spike host-target interface: the guest writes a command to its `tohost`
 * word (found by ELF symbol); the host answers in `fromhost`. A command is
 * device b63:56, command b55:48, payload b47:0.
 *   device 0, command 0: payload bit 0 set: exit with code payload >> 1;
 *                        else payload = address of a syscall-proxy block (magic_mem)
 *   device 1, command 1: console putchar (payload's low byte)
 */
#define UINTRSIM_HTIF_TOHOST 0x0                 /* offsets in the HTIF device window */
#define UINTRSIM_HTIF_FROMHOST 0x8
#define UINTRSIM_HTIF_DEV_SHIFT 56
#define UINTRSIM_HTIF_CMD_SHIFT 48
#define UINTRSIM_HTIF_PAYLOAD_MASK ((UINTRSIM_U64(1) << 48) - 1)
#define UINTRSIM_HTIF_DEV_SYSCALL UINTRSIM_U64(0)
#define UINTRSIM_HTIF_DEV_CONSOLE UINTRSIM_U64(1)
#define UINTRSIM_HTIF_CONSOLE_PUTCHAR UINTRSIM_U64(1)
#define UINTRSIM_HTIF_CMD(dev, cmd, payload) \
  (((dev) << UINTRSIM_HTIF_DEV_SHIFT) | ((cmd) << UINTRSIM_HTIF_CMD_SHIFT) | (payload))
/* Exit: payload = code << 1 | 1 (`code` should be a 64-bit value in C). */
#define UINTRSIM_HTIF_EXIT_SHIFT 1
#define UINTRSIM_HTIF_EXIT_FLAG 1
#define UINTRSIM_HTIF_EXIT(code) (((code) << UINTRSIM_HTIF_EXIT_SHIFT) | UINTRSIM_HTIF_EXIT_FLAG)
/* Syscall-proxy numbers the simulator implements (Linux RISC-V numbers, as the riscv-tests'
   syscalls.c uses them): magic_mem[0] = number, [1..] = arguments, [0] = result. */
#define UINTRSIM_HTIF_SYS_WRITE 64
#define UINTRSIM_HTIF_SYS_EXIT 93

#endif /* UINTRSIM_DEVICES_H */
