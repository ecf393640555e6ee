"""A fast PNG writer for rendered maps: unfiltered rows deflated by zlib-ng at level 1.

Qt's encoder (libpng) tries five row filters per row with classic zlib; a map is mostly flat
areas that compress well unfiltered, and zlib-ng deflates 3x faster than zlib, so this writes a
3840x2160 map in ~0.03 s instead of ~0.15 s. Qt reads the result back like any PNG.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage
from zlib_ng import zlib_ng

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPE = {3: 2, 4: 6}  # channels -> PNG colour type (RGB, RGBA)


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data and the CRC of type and data."""
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def write_png(image: QImage, path: Path | str, dpi: float | None = None) -> None:
    """Write an image as 8-bit RGB (opaque) or RGBA (with alpha), with its dpi if given."""
    alpha = image.hasAlphaChannel()
    converted = image.convertToFormat(QImage.Format.Format_RGBA8888 if alpha
                                      else QImage.Format.Format_RGB888)
    channels = 4 if alpha else 3
    width, height = converted.width(), converted.height()
    pixels = np.frombuffer(converted.constBits(), np.uint8).reshape(
        height, converted.bytesPerLine())[:, : width * channels]
    rows = np.zeros((height, width * channels + 1), np.uint8)  # column 0: filter "none"
    rows[:, 1:] = pixels
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOUR_TYPE[channels], 0, 0, 0)
    chunks = [_chunk(b"IHDR", header)]
    if dpi:
        per_metre = round(dpi / 0.0254)
        chunks.append(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    chunks += [_chunk(b"IDAT", zlib_ng.compress(memoryview(rows).cast("B"), 1)),
               _chunk(b"IEND", b"")]
    with open(path, "wb") as handle:
        handle.write(_SIGNATURE)
        handle.writelines(chunks)
