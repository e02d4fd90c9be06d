"""Guest image facts the generator needs: load extent and SHA-256 digest.

Reads just enough of an ELF32 file (the program headers) to know how many
bytes of the partition its PT_LOAD segments occupy.  A file that is not ELF
is a raw image whose extent is its size.
"""
import hashlib
import struct

PT_LOAD = 1


class ImageError(Exception):
    pass


def load_extent(path, partition_base):
    """Bytes from the partition base to the end of the last segment.

    Segments linked at an absolute address inside the partition (a Linux
    vmlinux at 0x04000000) and segments linked at 0 (guests placed by
    segment base) both count from the partition base.
    """
    with open(path, "rb") as f:
        head = f.read(52)
        if head[:4] != b"\x7fELF":
            f.seek(0, 2)
            return f.tell()
        if head[4] != 1 or head[5] != 1:
            raise ImageError("not a 32-bit little-endian ELF file")
        phoff, = struct.unpack_from("<I", head, 28)
        phentsize, phnum = struct.unpack_from("<HH", head, 42)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    if len(table) < phentsize * phnum:
        raise ImageError("truncated ELF program headers")
    end = 0
    for i in range(phnum):
        (p_type, _off, _vaddr, paddr, _filesz, memsz,
         _flags, _align) = struct.unpack_from("<8I", table, i * phentsize)
        if p_type != PT_LOAD or memsz == 0:
            continue
        if paddr >= partition_base:
            paddr -= partition_base
        end = max(end, paddr + memsz)
    if end == 0:
        raise ImageError("no loadable segment")
    return end


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.digest()
