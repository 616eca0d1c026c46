"""Kinship's Teams icons, drawn here with the standard library only (zlib + struct), so the package needs
no image files, no image library and no artwork licence.

The mark is two linked rings: two people, connected. Teams wants a 192×192 full-colour icon (the mark
inside the central 120×120 safe area, on a solid background) and a 32×32 outline icon (white on
transparent). Edges are anti-aliased from the rings' signed distance, so the small icon stays crisp.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable

ACCENT = (0x0E, 0x6E, 0x6B)  # deep teal; also the manifest's accentColor
WHITE = (255, 255, 255)
Pixel = tuple[int, int, int, int]


def accent_hex() -> str:
    return "#{:02X}{:02X}{:02X}".format(*ACCENT)


def png(width: int, height: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """An 8-bit RGBA PNG whose pixel (x, y) is ``pixel(x, y)``."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type 0 (None) for every scanline
        for x in range(width):
            rows.extend(bytes(pixel(x, y)))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, deflate, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _rings_coverage(size: int, spread: float, radius: float, width: float) -> Callable[[int, int], float]:
    """How much of pixel (x, y) the two rings cover, 0..1. Lengths are fractions of ``size``."""
    centres = [(size * (0.5 - spread), size / 2), (size * (0.5 + spread), size / 2)]
    r, half = radius * size, width * size / 2

    def coverage(x: int, y: int) -> float:
        px, py = x + 0.5, y + 0.5
        distance = min(abs(math.hypot(px - cx, py - cy) - r) - half for cx, cy in centres)
        return min(1.0, max(0.0, 0.5 - distance))

    return coverage


def color_icon() -> bytes:
    """192×192: white rings on the accent colour, within the central 120×120."""
    cover = _rings_coverage(192, spread=0.1, radius=0.18, width=0.06)

    def pixel(x: int, y: int) -> Pixel:
        a = cover(x, y)
        r, g, b = (round(bg * (1 - a) + fg * a) for bg, fg in zip(ACCENT, WHITE, strict=True))
        return (r, g, b, 255)

    return png(192, 192, pixel)


def outline_icon() -> bytes:
    """32×32: white rings on a transparent background (Teams tints it)."""
    cover = _rings_coverage(32, spread=0.14, radius=0.29, width=0.09)
    return png(32, 32, lambda x, y: (*WHITE, round(255 * cover(x, y))))
