"""Sizes in bytes as people write them (``64M``): no imports, for the command line's start."""

from __future__ import annotations

__all__ = ["MAX_INPUT_BYTES", "format_size", "parse_size"]

#: The default size limit of an input file: 64 MiB (a 60,000-person native JSON file is 7.8 MB).
MAX_INPUT_BYTES = 64 * 1024 * 1024


def format_size(n: int) -> str:
    """``n`` bytes in words.

    >>> format_size(64 * 1024 * 1024), format_size(1536), format_size(12)
    ('64 MB', '1.5 kB', '12 bytes')
    """
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def parse_size(text: str) -> int:
    """A size such as ``"64M"``, ``"500k"``, ``"1G"`` or ``"1000"`` (bytes), as bytes.

    >>> parse_size("64M"), parse_size("1.5 kB"), parse_size("100")
    (67108864, 1536, 100)
    """
    raw = text.strip().upper().removesuffix("B").removesuffix("I").strip()
    factor = 1
    if raw[-1:] in ("K", "M", "G"):
        factor = 1 << {"K": 10, "M": 20, "G": 30}[raw[-1]]
        raw = raw[:-1].strip()
    try:
        value = float(raw) if len(raw) < 20 else -1.0
    except ValueError:
        value = -1.0
    if not 0 < value * factor < 1 << 50:
        raise ValueError(f"not a size: {text!r} (use e.g. 64M, 500k or 1G)")
    return int(value * factor)
