#!/usr/bin/env python3
"""Writes small hostile pickles for the tests of dev.cider.data.source.pickle.NumpyUnpickler.

Run from anywhere: python3 make_hostile_fixtures.py
It writes into the folder of this script, with the standard library only:

* huge_<OPCODE>.pkl: a protocol-4 header (offset 0-1), one length-prefixed opcode at offset 2 declaring
  2^31 - 1 bytes (4-byte prefixes, read as signed by Python for BINSTRING and LONG4) or 2^31 bytes (8-byte
  prefixes), followed by four bytes of payload only. A reader that allocates the declared length before reading
  needs about 2 GiB for a file of a dozen bytes.
* negative_<OPCODE>.pkl: the signed 4-byte prefixes with a negative length.
* nested_lists.pkl: 200,000 lists each holding the next (EMPTY_LIST x 200,000 then APPEND x 199,999, protocol 2),
  about 400 KB; Python's own pickle.loads reads it without recursion.
"""

import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = b"\x80\x04"
PAYLOAD = b"abcd"

# opcode name -> (opcode byte, struct format of its length prefix)
FOUR_BYTE = {
    "BINUNICODE": (b"X", "<I"),
    "BINSTRING": (b"T", "<i"),
    "LONG4": (b"\x8b", "<i"),
    "BINBYTES": (b"B", "<I"),
}
EIGHT_BYTE = {
    "BINUNICODE8": b"\x8d",
    "BINBYTES8": b"\x8e",
    "BYTEARRAY8": b"\x96",
}
NESTING = 200_000


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    for name, (op, fmt) in FOUR_BYTE.items():
        write("huge_" + name + ".pkl", HEADER + op + struct.pack(fmt, 2**31 - 1) + PAYLOAD)
        if fmt == "<i":
            write("negative_" + name + ".pkl", HEADER + op + struct.pack(fmt, -5) + PAYLOAD)
    for name, op in EIGHT_BYTE.items():
        write("huge_" + name + ".pkl", HEADER + op + struct.pack("<Q", 2**31) + PAYLOAD)
    nested = b"\x80\x02" + b"]" * NESTING + b"a" * (NESTING - 1) + b"."
    write("nested_lists.pkl", nested)
    # sanity: Python reads the nested pickle, and its depth is what the name says
    import pickle
    value, depth = pickle.loads(nested), 1
    while value:
        value, depth = value[0], depth + 1
    assert depth == NESTING, depth


if __name__ == "__main__":
    main()
