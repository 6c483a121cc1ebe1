"""Text extents without matplotlib: DejaVu Sans advance widths.

The layout must leave room for the labels under each symbol, but must not import
matplotlib. The renderer draws labels in DejaVu Sans (matplotlib's bundled font),
whose advance widths for printable ASCII are tabulated here in ems; anything else
counts as one em, which errs on the wide side.

>>> round(text_width("II-3", 1.0), 3)
1.587
"""

from __future__ import annotations

__all__ = ["FONT_EM", "LINE_HEIGHT", "text_width"]

#: The label font size, in symbol widths (1 symbol = 0.3 in, font = 7.5 pt).
FONT_EM = 0.35
#: Height of one line of label text, in symbol widths.
LINE_HEIGHT = 0.42

_ASCII = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~"
)
_WIDTHS = (
    0.3179, 0.4009, 0.46, 0.8379, 0.6362, 0.9502, 0.7798, 0.2749, 0.3901, 0.3901, 0.5,
    0.8379, 0.3179, 0.3608, 0.3179, 0.3369, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362,
    0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.3369, 0.3369, 0.8379, 0.8379, 0.8379,
    0.5308, 1.0, 0.6841, 0.686, 0.6982, 0.77, 0.6318, 0.5752, 0.7749, 0.752, 0.2949,
    0.2949, 0.6558, 0.5571, 0.8628, 0.748, 0.7871, 0.603, 0.7871, 0.6948, 0.6348,
    0.6108, 0.7319, 0.6841, 0.9888, 0.6851, 0.6108, 0.6851, 0.3901, 0.3369, 0.3901,
    0.8379, 0.5, 0.5, 0.6128, 0.6348, 0.5498, 0.6348, 0.6152, 0.3521, 0.6348, 0.6338,
    0.2778, 0.2778, 0.5791, 0.2778, 0.9741, 0.6338, 0.6118, 0.6348, 0.6348, 0.4111,
    0.521, 0.3921, 0.6338, 0.5918, 0.8179, 0.5918, 0.5918, 0.5249, 0.6362, 0.3369,
    0.6362, 0.8379,
)
_EM = dict(zip(_ASCII, _WIDTHS, strict=True))
_EM.update({"\u2212": 0.8379, "\u2265": 0.8379, "\u2264": 0.8379, "\u2013": 0.5, "\u00b7": 0.3179})


def text_width(text: str, em: float = FONT_EM) -> float:
    """Width of one line of ``text`` at font size ``em`` (same unit as ``em``)."""
    return em * sum(_EM.get(ch, 1.0) for ch in text)
