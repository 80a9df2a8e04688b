#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets' corpora (tests/fuzz/corpus/<target>/seed-*).

  python3 tests/fuzz/make_seeds.py [BUILD]   # BUILD: a build folder with guest ELFs (build)

Seeds are the documented ways in: every configuration shipped in configs/ plus a sweep, an
include and a --set line (config); small guest programs the project builds, whole and cut
short (elf); one access program per device that walks its documented register map (devices).
Register offsets are read from workloads/include/uintrsim/devices.h, the one definition the
guests use. Inputs a fuzzing run found are kept beside the seeds under other names (crash-*,
slow-*) and never rewritten here.
"""
import pathlib
import re
import struct
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"


def defines():
    text = (ROOT / "workloads" / "include" / "uintrsim" / "devices.h").read_text()
    out = {}
    for name, value in re.findall(r"^#define (UINTRSIM_\w+) (?:UINTRSIM_U64\()?(0x[0-9A-Fa-f]+|\d+)\)?", text, re.M):
        out[name] = int(value, 0)
    return out


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


# --- devices: 12-byte access records (see tests/fuzz/fuzz_devices.cpp) ---
SIMCTRL, HTIF, CLINT, UINTC, UNOTIFY = 0, 1, 2, 3, 0x10  # UNOTIFY: bit 4 of the record's byte 0


def rec(device, write, offset, value=0, length=8, delay_ns=0, far=False, sticky=False):
    b0 = device | (0x80 if write else 0) | (0x40 if far else 0) | (0x20 if sticky else 0)
    return struct.pack("<BBHQ", b0, (delay_ns << 4) | length, offset & 0xFFFF, value & (2**64 - 1))


def device_seeds(d):
    s = d
    name = int.from_bytes(b"frames\0\0", "little")
    label = int.from_bytes(b"label\0\0\0", "little")
    simctrl = b"".join([
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_ROI_BEGIN"]),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_ROUNDS"], 3, delay_ns=5),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_PUTCHAR"], ord("A")),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_PUTCHAR"], 0xFF),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_SNAPSHOT"], 7),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_SYSCALLS"], 2),
        rec(SIMCTRL, False, s["UINTRSIM_SIMCTRL_HARTS"]),
        rec(SIMCTRL, False, s["UINTRSIM_SIMCTRL_UINTC_BASE"]),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_ARG_NAME"], name),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_ARG_DEFAULT"], 9),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_ARG_LOOKUP"], s["UINTRSIM_ARG_TYPE_INT"]),
        rec(SIMCTRL, False, s["UINTRSIM_SIMCTRL_ARG_STATUS"]),
        rec(SIMCTRL, False, s["UINTRSIM_SIMCTRL_ARG_VALUE"]),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_ARG_NAME"], label),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_ARG_LOOKUP"], s["UINTRSIM_ARG_TYPE_STRING"]),
        rec(SIMCTRL, False, s["UINTRSIM_SIMCTRL_ARG_STRING"]),
        rec(SIMCTRL, False, s["UINTRSIM_SIMCTRL_ARG_STRING"]),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_SAMPLE"], (1 << 56) | 1234),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_ROI_END"], delay_ns=9),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_EXIT"], 0),
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_SAMPLE"] + 8, 1, length=8),   # past the last register
        rec(SIMCTRL, True, s["UINTRSIM_SIMCTRL_PUTCHAR"], 1, length=4),    # not 8 bytes
    ])
    write("devices", "seed-simctrl", simctrl)
    cmd = lambda dev, c, payload: (dev << s["UINTRSIM_HTIF_DEV_SHIFT"]) | (c << s["UINTRSIM_HTIF_CMD_SHIFT"]) | payload
    htif = b"".join([
        rec(HTIF, True, s["UINTRSIM_HTIF_TOHOST"], cmd(s["UINTRSIM_HTIF_DEV_CONSOLE"], s["UINTRSIM_HTIF_CONSOLE_PUTCHAR"], ord("x"))),
        rec(HTIF, False, s["UINTRSIM_HTIF_FROMHOST"]),
        rec(HTIF, True, s["UINTRSIM_HTIF_FROMHOST"], 0),
        # The syscall proxy: a magic block at the start of guest memory, which holds this input.
        rec(HTIF, True, s["UINTRSIM_HTIF_TOHOST"], 0x80000000),
        rec(HTIF, True, s["UINTRSIM_HTIF_TOHOST"], 0x80000040),
        rec(HTIF, True, s["UINTRSIM_HTIF_TOHOST"], 1),  # exit 0
        rec(HTIF, True, s["UINTRSIM_HTIF_TOHOST"], 1, length=4),
    ])
    write("devices", "seed-htif", htif)
    clint = b"".join([
        rec(CLINT, True, s["UINTRSIM_CLINT_MSIP_BASE"] + 4, 1, length=4),
        rec(CLINT, False, s["UINTRSIM_CLINT_MSIP_BASE"] + 4, length=4),
        rec(CLINT, True, s["UINTRSIM_CLINT_MTIMECMP_BASE"] + 8, 50, delay_ns=3),
        rec(CLINT, True, s["UINTRSIM_CLINT_MTIMECMP_BASE"], 1 << 61),
        rec(CLINT, True, s["UINTRSIM_CLINT_MTIME"], 2**64 - 5),
        rec(CLINT, True, s["UINTRSIM_CLINT_MTIME"], 1 << 63),
        rec(CLINT, True, s["UINTRSIM_CLINT_MTIME"], 2**64 - 5),
        rec(CLINT, True, s["UINTRSIM_CLINT_MTIME"] + 4, 0, length=4),
        rec(CLINT, False, s["UINTRSIM_CLINT_MTIME"], delay_ns=15),
        rec(CLINT, True, s["UINTRSIM_CLINT_MTIMECMP_BASE"] + 4, 7, length=4),
        rec(CLINT, False, s["UINTRSIM_CLINT_MTIME"], length=2),
    ])
    write("devices", "seed-clint", clint)
    e = s["UINTRSIM_UINTC_ENTRY_BYTES"]
    low = lambda hart, mode, active: (hart << s["UINTRSIM_UINTC_LOW_HARTID_SHIFT"]) | (mode << s["UINTRSIM_UINTC_LOW_MODE_SHIFT"]) | active
    for sticky in (False, True):
        uintc = b"".join([
            rec(UINTC, True, e * 1 + s["UINTRSIM_UINTC_WRITE_LOW"], low(2, 0, 1), sticky=sticky),
            rec(UINTC, True, e * 1 + s["UINTRSIM_UINTC_SEND"], 5, delay_ns=2),
            rec(UINTC, False, e * 1 + s["UINTRSIM_UINTC_READ_HIGH"]),
            rec(UINTC, True, e * 1 + s["UINTRSIM_UINTC_WRITE_HIGH"], 0xF0),
            rec(UINTC, True, e * 1 + s["UINTRSIM_UINTC_SET_ACTIVE"], 0),
            rec(UINTC, False, e * 1 + s["UINTRSIM_UINTC_GET_ACTIVE"]),
            rec(UINTC, True, e * 15 + s["UINTRSIM_UINTC_WRITE_LOW"], low(3, 1, 1)),
            rec(UINTC, True, e * 15 + s["UINTRSIM_UINTC_SEND"], 63),
            rec(UINTC, True, e * 16 + s["UINTRSIM_UINTC_SEND"], 1),  # past the last entry
            rec(UINTC, True, 0, e * 2**32 + 8, far=True),           # the far offset form
            rec(UINTC, False, e * 1 + s["UINTRSIM_UINTC_READ_LOW"], length=4),
        ])
        write("devices", "seed-uintc" + ("-sticky" if sticky else ""), uintc)
    send = lambda ndst, nv: (ndst << 32) | nv
    claim = lambda h: s["UINTRSIM_UNOTIFY_CLAIM_BASE"] + 8 * h
    unotify = b"".join([
        rec(UNOTIFY, True, s["UINTRSIM_UNOTIFY_SEND"], send(1, 5)),
        rec(UNOTIFY, True, s["UINTRSIM_UNOTIFY_SEND"], send(1, 63), delay_ns=1),
        rec(UNOTIFY, False, claim(1), delay_ns=5),
        rec(UNOTIFY, True, claim(2), 0x8000000000000001),
        rec(UNOTIFY, False, claim(2)),
        rec(UNOTIFY, True, s["UINTRSIM_UNOTIFY_SEND"], send(9, 1)),     # no such hart: dropped
        rec(UNOTIFY, True, s["UINTRSIM_UNOTIFY_SEND"], send(0, 64)),    # no such vector: dropped
        rec(UNOTIFY, True, s["UINTRSIM_UNOTIFY_SEND"], send(0, 1), length=4),  # not 8 bytes
        rec(UNOTIFY, False, claim(3) + 4),                              # unaligned
        rec(UNOTIFY, True, 0, 2**32, far=True),                          # past the page
    ])
    write("devices", "seed-unotify", unotify)


def config_seeds():
    for path in sorted((ROOT / "configs").rglob("*.toml")):
        write("config", "seed-" + "-".join(path.relative_to(ROOT / "configs").with_suffix("").parts), path.read_bytes())
    write("config", "seed-set-line", b'#set platform.harts=2\n[kernel]\nenabled = true\nroot_cnode_bits = 12\n')
    write("config", "seed-sweep", b'[workload]\nmode = "async"\n[sweep]\n"workload.concurrency" = [1, 2, 4]\n'
                                  b'"platform.harts" = [1, 2]\n')
    write("config", "seed-include", b'include = ["missing.toml"]\n[platform]\nharts = 1\n')
    write("config", "seed-args", b'[workload.args]\nframes = 4\nlabel = "x"\n[kernel.async]\nqueue = "mutex"\n')


def elf_seeds(build):
    # Debug sections stripped (symbols kept: tohost, the symbolizer's functions), so every seed
    # fits libFuzzer's -max_len; the seL4 root task boots through the kernel model.
    for stem in ("isa_priv_roundtrip", "sel4test_hello"):
        src = build / "guest" / f"{stem}.elf"
        if not src.exists():
            sys.exit(f"make_seeds: {src} is missing (build the project first)")
        subprocess.run(["riscv64-unknown-elf-strip", "--strip-debug", "-o", str(CORPUS / "elf" / f"seed-{stem}"),
                        str(src)], check=True)
        data = (CORPUS / "elf" / f"seed-{stem}").read_bytes()
        write("elf", f"seed-{stem}-headers", data[:0x200])  # program headers, no segment data
        write("elf", f"seed-{stem}-half", data[: len(data) // 2])


def main():
    build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build")
    for t in ("devices", "config", "elf"):
        (CORPUS / t).mkdir(parents=True, exist_ok=True)
        for old in (CORPUS / t).glob("seed-*"):
            old.unlink()
    device_seeds(defines())
    config_seeds()
    elf_seeds(build)
    for t in ("devices", "config", "elf"):
        files = list((CORPUS / t).iterdir())
        print(f"{t}: {len(files)} inputs, {sum(f.stat().st_size for f in files)} bytes")


if __name__ == "__main__":
    main()
