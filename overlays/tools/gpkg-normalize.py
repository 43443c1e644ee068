#!/usr/bin/env python3
"""Rewrite a Portage gpkg binpkg canonically (reference for the Rust side).

    gpkg-normalize.py SOURCE_DATE_EPOCH IN.gpkg.tar OUT.gpkg.tar

Portage 3.0.83 writes wall-clock times into a gpkg: the outer tar members,
the members of metadata.tar, and metadata/BUILD_TIME.  The payload
(image.tar.zst) is already reproducible when the image mtimes are clamped
(see the generated bashrc).  This script:
  * sets every outer-tar and metadata-tar member mtime to SOURCE_DATE_EPOCH,
  * sets metadata/BUILD_TIME to SOURCE_DATE_EPOCH,
  * recompresses metadata.tar with zstd (-3, one thread),
  * keeps image.tar.zst byte for byte,
  * regenerates the gpkg Manifest (DATA <name> <size> BLAKE2B <hex> SHA512 <hex>).
Member order and tar formats are kept.  Signatures (.sig members) are not
supported: normalise before signing.
"""
import hashlib
import io
import subprocess
import sys
import tarfile


def tar_format(raw: bytes) -> int:
    # GNU tar magic is "ustar  \0", POSIX/ustar is "ustar\0" "00".
    return tarfile.GNU_FORMAT if raw[257:265] == b"ustar  \x00" else tarfile.USTAR_FORMAT


def zstd(args, data: bytes) -> bytes:
    return subprocess.run(["zstd", "-q", *args], input=data, capture_output=True, check=True).stdout


def normalize_metadata(blob: bytes, sde: int) -> bytes:
    raw = zstd(["-dc"], blob)
    src = tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
    out = io.BytesIO()
    dst = tarfile.open(fileobj=out, mode="w:", format=tar_format(raw))
    for m in src.getmembers():
        data = src.extractfile(m).read() if m.isfile() else None
        if m.name.endswith("/BUILD_TIME"):
            data = f"{sde}\n".encode()
            m.size = len(data)
        m.mtime = sde
        dst.addfile(m, io.BytesIO(data) if data is not None else None)
    dst.close()
    return zstd(["-3", "-T1", "-c"], out.getvalue())


def manifest_line(name: str, data: bytes) -> str:
    b2 = hashlib.blake2b(data).hexdigest()
    s5 = hashlib.sha512(data).hexdigest()
    return f"DATA {name} {len(data)} BLAKE2B {b2} SHA512 {s5}\n"


def main():
    sde, src_path, dst_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(src_path, "rb") as f:
        raw = f.read()
    src = tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
    members = src.getmembers()
    contents = {}
    for m in members:
        contents[m.name] = src.extractfile(m).read()
    manifest_name = next(n for n in contents if n.endswith("/Manifest"))
    lines = []
    for m in members:
        base = m.name.split("/", 1)[1]
        if base.startswith("metadata.tar"):
            contents[m.name] = normalize_metadata(contents[m.name], sde)
        if m.name != manifest_name:
            lines.append(manifest_line(base, contents[m.name]))
        if base.endswith(".sig"):
            sys.exit("signed gpkg: normalise before signing")
    contents[manifest_name] = "".join(lines).encode()

    out = tarfile.open(dst_path, mode="w", format=tar_format(raw))
    for m in members:
        m.mtime = sde
        m.size = len(contents[m.name])
        out.addfile(m, io.BytesIO(contents[m.name]))
    out.close()


if __name__ == "__main__":
    main()
