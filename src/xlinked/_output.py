"""Text written for people and for other programs, made harmless.

Whatever a file held, what xlinked writes must not act on its reader:

* :func:`visible` for a terminal: control characters, escape sequences and
  invisible formatting characters (a right-to-left override) are shown as
  ``\\x1b`` or ``\\u202e`` instead of acting on the terminal;
* :func:`csv_cell` for spreadsheets: a cell starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return gets a leading ``'`` (OWASP's advice against
  formula injection);
* :func:`xml_text` for SVG: characters XML cannot hold are shown escaped, so the
  drawing stays well-formed.
"""

from __future__ import annotations

import re

__all__ = ["csv_cell", "visible", "xml_text"]

# (a pattern, compiled on first use: compiling it takes a millisecond at every start)
_XML_BAD = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` for a terminal: characters that are not printable are written escaped.

    Line breaks are kept (they end lines of the output); tabs too.

    >>> visible("II-1\\x1b]0;owned\\x07"), visible("abc\\u202edef")
    ('II-1\\\\x1b]0;owned\\\\x07', 'abc\\\\u202edef')
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch in "\n\t" else _escape(ch) for ch in text)


def csv_cell(text: str) -> str:
    """A text cell for a CSV file, neutralised against formula injection.

    >>> csv_cell("=HYPERLINK(\\"x\\")"), csv_cell("II-1"), csv_cell("-1")
    ('\\'=HYPERLINK("x")', 'II-1', "'-1")
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids written escaped (``\\x01``).

    >>> xml_text("a\\x01b")
    'a\\\\x01b'
    """
    return re.sub(_XML_BAD, lambda m: _escape(m.group()), text)
