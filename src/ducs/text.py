"""Vietnamese text folding: the one place where names are normalised for lookups.

>>> fold("Hà Giang") == fold("ha giang") == fold("HA GIANG")
True
>>> fold("Tỉnh Đắk Lắk")
'dak lak'
>>> fold("TP. Hồ Chí Minh")
'ho chi minh'
>>> nfc("Ha\u0300 Giang") == "Hà Giang"
True
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["close_matches", "fold", "nfc", "strip_marks"]

_PREFIXES = ("thanh pho ", "tp. ", "tp ", "tinh ", "province of ", "city of ")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return ``text`` NFC-normalised with surrounding white space removed."""
    return unicodedata.normalize("NFC", text).strip()


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics, mapping đ/Đ to d/D.

    >>> strip_marks("Thừa Thiên Huế")
    'Thua Thien Hue'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Fold a name for matching: no marks, lower case, single spaces, no "tỉnh"/"TP." prefix.

    Hyphens with spaces around them are kept as one space-hyphen-space form so that
    "Bà Rịa - Vũng Tàu" and "Ba Ria-Vung Tau" fold alike.

    >>> fold("Bà Rịa-Vũng Tàu") == fold("ba ria - vung tau")
    True
    """
    folded = strip_marks(nfc(text)).casefold()
    folded = folded.replace("-", " - ")
    folded = _SPACES.sub(" ", folded).strip()
    for prefix in _PREFIXES:
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
            break
    return folded


def close_matches(query: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """Return up to ``limit`` choices that look like ``query`` (compared folded).

    >>> close_matches("Ha Gang", ["Hà Giang", "Hà Nam", "Cà Mau"])
    ['Hà Giang', 'Hà Nam']
    """
    by_fold: dict[str, str] = {}
    for choice in choices:
        by_fold.setdefault(fold(choice), choice)
    hits = difflib.get_close_matches(fold(query), list(by_fold), n=limit, cutoff=0.6)
    return [by_fold[hit] for hit in hits]
