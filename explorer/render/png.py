"""A fast PNG writer for rendered maps: unfiltered rows deflated by zlib-ng at level 1, in
parallel.

Qt's encoder (libpng) tries five row filters per row with classic zlib; a map is mostly flat
areas that compress well unfiltered, and zlib-ng deflates 3x faster than zlib. The rows are
converted and deflated a band at a time (no copy of the whole picture), each core deflating
its share as a raw stream; the shares join into one zlib stream (sync-flushed, byte-aligned)
whose checksum is combined from theirs. A 3840x2160 map takes ~0.025 s instead of ~0.15 s.
"""

from __future__ import annotations

import os
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage
from zlib_ng import zlib_ng

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x01"  # deflate, 32K window, fastest level
_BAND = 64  # rows converted and deflated at a time
_ADLER_BASE = 65521


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data and the CRC of type and data."""
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib_ng.crc32(data, zlib_ng.crc32(kind))))


def _deflate_rows(image: QImage, fmt: QImage.Format, channels: int, start: int, stop: int,
                  last: bool) -> tuple[bytes, int, int]:
    """Rows start..stop in 8-bit RGB(A), each behind its filter byte (none), as raw deflate
    ending on a byte boundary (the stream's end if `last`); with their adler32 and length."""
    width = image.width()
    rows = np.zeros((_BAND, width * channels + 1), np.uint8)  # column 0: filter "none"
    compressor = zlib_ng.compressobj(1, zlib_ng.DEFLATED, -15)
    parts, adler, length = [], 1, 0
    for y in range(start, stop, _BAND):
        n = min(_BAND, stop - y)
        band = image.copy(0, y, width, n).convertToFormat(fmt)
        pixels = np.frombuffer(band.constBits(), np.uint8).reshape(n, band.bytesPerLine())
        rows[:n, 1:] = pixels[:, : width * channels]
        data = memoryview(rows[:n]).cast("B")
        adler = zlib_ng.adler32(data, adler)
        length += len(data)
        parts.append(compressor.compress(data))
    parts.append(compressor.flush(zlib_ng.Z_FINISH if last else zlib_ng.Z_SYNC_FLUSH))
    return b"".join(parts), adler, length


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The adler32 of two pieces of data from theirs (zlib's adler32_combine)."""
    rem = second_length % _ADLER_BASE
    low = ((first & 0xFFFF) + (second & 0xFFFF) + _ADLER_BASE - 1) % _ADLER_BASE
    high = (rem * (first & 0xFFFF) + (first >> 16) + (second >> 16) + _ADLER_BASE - rem) % (
        _ADLER_BASE)
    return low | (high << 16)


def _idat(image: QImage, fmt: QImage.Format, channels: int) -> bytes:
    """The zlib stream of the image's rows, deflated by every core a share."""
    height = image.height()
    shares = max(1, min(os.cpu_count() or 1, height // _BAND))
    bounds = [round(height * k / shares) for k in range(shares + 1)]
    with ThreadPoolExecutor(shares, thread_name_prefix="png-deflate") as pool:
        done = list(pool.map(
            lambda k: _deflate_rows(image, fmt, channels, bounds[k], bounds[k + 1],
                                    k == shares - 1), range(shares)))
    adler = done[0][1]
    for _, share_adler, length in done[1:]:
        adler = _adler32_combine(adler, share_adler, length)
    return b"".join([_ZLIB_HEADER, *(data for data, _, _ in done), struct.pack(">I", adler)])


def write_png(image: QImage, path: Path | str, dpi: float | None = None) -> None:
    """Write an image as 8-bit RGB (opaque) or RGBA (with alpha), with its dpi if given."""
    alpha = image.hasAlphaChannel()
    fmt = QImage.Format.Format_RGBA8888 if alpha else QImage.Format.Format_RGB888
    header = struct.pack(">IIBBBBB", image.width(), image.height(), 8, 6 if alpha else 2, 0, 0,
                         0)
    chunks = [_chunk(b"IHDR", header)]
    if dpi:
        per_metre = round(dpi / 0.0254)
        chunks.append(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    chunks += [_chunk(b"IDAT", _idat(image, fmt, 4 if alpha else 3)), _chunk(b"IEND", b"")]
    with open(path, "wb") as handle:
        handle.write(_SIGNATURE)
        handle.writelines(chunks)
