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

__all__ = ["Suggester", "close_matches", "fold", "nfc", "strip_marks", "suggest"]

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


class Suggester:
    """Suggestions for a miss among many choices, in bounded time: an index built once.

    Candidates are the choices that contain the folded query (or one of its words), then those
    sharing rare three-letter pieces with it, ranked by difflib; each distinct query is worked
    out once (a load with thousands of bad references costs one lookup per distinct value).

    >>> s = Suggester(["fibre_household_share", "smartphone_population_share", "fibre_commune_coverage"])
    >>> s.suggest("fibre")
    ['fibre_household_share', 'fibre_commune_coverage']
    >>> s.suggest("smartphone popultion")
    ['smartphone_population_share']
    """

    def __init__(self, choices: Iterable[str], limit: int = 5) -> None:
        self._choices: list[str] = list(dict.fromkeys(choices))
        self._folded = [fold(c).replace("_", " ") for c in self._choices]
        self._limit = limit
        self._grams: dict[str, list[int]] = {}
        for index, folded in enumerate(self._folded):
            for gram in _grams(folded):
                self._grams.setdefault(gram, []).append(index)
        self._cache: dict[str, list[str]] = {}

    def suggest(self, query: str) -> list[str]:
        """Up to ``limit`` choices that look like ``query``."""
        if query not in self._cache:
            self._cache[query] = self._work_out(query)
        return self._cache[query]

    def _work_out(self, query: str) -> list[str]:
        needle = fold(query).replace("_", " ")
        if not needle:
            return []
        contained = [i for i, f in enumerate(self._folded) if needle in f]
        rare = max(8, len(self._choices) // 20)  # pieces shared by many choices say nothing
        votes: dict[int, int] = {}
        for gram in _grams(needle):
            bucket = self._grams.get(gram, [])
            if len(bucket) <= rare:
                for index in bucket:
                    votes[index] = votes.get(index, 0) + 1
        pool = sorted(votes, key=lambda i: -votes[i])[:200]
        by_fold = {self._folded[i]: self._choices[i] for i in pool}
        close = [by_fold[hit] for hit in difflib.get_close_matches(needle, list(by_fold), n=self._limit, cutoff=0.6)]
        ranked = [self._choices[i] for i in contained] + close
        return list(dict.fromkeys(ranked))[: self._limit]


def _grams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def suggest(query: str, choices: Iterable[str], limit: int = 5) -> list[str]:
    """Choices that look like ``query`` (see :class:`Suggester`; build one to reuse its index).

    >>> suggest("Ha Gang", ["Hà Giang", "Hà Nam", "Cà Mau"])
    ['Hà Giang', 'Hà Nam']
    """
    return Suggester(choices, limit).suggest(query)
