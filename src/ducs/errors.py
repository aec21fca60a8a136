"""Exceptions raised by ducs. Every ducs error derives from :class:`DucsError`.

>>> err = FixtureError([Problem("sessions.toml", "session[1].date", "expected a date (got 'soon')")])
>>> print(err)
1 problem in the fixtures:
  sessions.toml$.session[1].date: expected a date (got 'soon')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "AmbiguousError",
    "DucsError",
    "FixtureError",
    "MissingExtraError",
    "NotFoundError",
    "Problem",
    "ReferenceProblem",
    "RuleViolation",
    "did_you_mean",
]


def did_you_mean(suggestions: Sequence[str]) -> str:
    """The one "did you mean" text: ``"; did you mean: a, b?"``, or "" without suggestions.

    >>> did_you_mean(["Hà Giang", "Hà Nam"])
    '; did you mean: Hà Giang, Hà Nam?'
    >>> did_you_mean([])
    ''
    """
    return f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""


class DucsError(Exception):
    """Base class of every exception ducs raises on purpose."""


@attrs.frozen
class Problem:
    """One problem found in a fixture file: where it is, what was expected, which rule says so.

    ``path`` is the place in the file (``observation[3].value``), ``record`` the key of the
    record when it has one, ``line`` and ``column`` where the reader knows them, ``rule`` the id
    of a rule of :data:`ducs.rules.RULES`.

    >>> print(Problem("a.toml", "observation[0].value", "expected a number", record="o1", rule="field.type"))
    a.toml$.observation[0].value: expected a number [record 'o1'] (rule field.type)
    """

    file: str
    path: str
    message: str
    record: str | None = None
    rule: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}$.{self.path}" if self.path else self.file
        if self.line is not None:
            where += f" (line {self.line}" + (f", column {self.column})" if self.column is not None else ")")
        record = f" [record {self.record!r}]" if self.record is not None else ""
        rule = f" (rule {self.rule})" if self.rule else ""
        return f"{where}: {self.message}{record}{rule}"

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form used by ``ducs validate --json``."""
        return {"file": self.file, "record": self.record, "field": self.path, "line": self.line,
                "column": self.column, "rule": self.rule or None, "message": self.message}


class FixtureError(DucsError, ValueError):
    """Fixture files could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the fixtures:"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


class NotFoundError(DucsError, LookupError):
    """A lookup found nothing; ``suggestions`` holds close keys or names.

    >>> raise NotFoundError("province", "Ha Gang", ["Hà Giang"])
    Traceback (most recent call last):
    ...
    ducs.errors.NotFoundError: no province 'Ha Gang'; did you mean: Hà Giang?
    """

    def __init__(self, kind: str, key: object, suggestions: Sequence[str] = (), *, detail: str = "") -> None:
        self.kind = kind
        self.key = key
        self.suggestions = tuple(suggestions)
        self.detail = detail
        super().__init__(self._message())

    def _message(self) -> str:
        detail = f" {self.detail}" if self.detail else ""
        return f"no {self.kind} {self.key!r}{detail}{did_you_mean(self.suggestions)}"

    def __str__(self) -> str:  # LookupError would quote the message like a KeyError
        return str(self.args[0])


class AmbiguousError(NotFoundError):
    """A lookup matched several records (e.g. a province name used in two eras)."""

    def __init__(self, kind: str, key: object, candidates: Sequence[str], hint: str = "") -> None:
        self.hint = hint
        super().__init__(kind, key, candidates)

    def _message(self) -> str:
        extra = f" {self.hint}" if self.hint else ""
        return f"{self.kind} {self.key!r} is ambiguous: it matches {', '.join(self.suggestions)}.{extra}"


class RuleViolation(DucsError, ValueError):
    """A value breaks a validation rule; ``rule`` is its id in :data:`ducs.rules.RULES`."""

    def __init__(self, message: str, rule: str = "field.type") -> None:
        super().__init__(message)
        self.rule = rule


class ReferenceProblem(RuleViolation):
    """A fixture refers to a record that does not exist, or names one ambiguously."""

    def __init__(self, message: str, rule: str = "ref.unknown") -> None:
        super().__init__(message, rule)


class MissingExtraError(DucsError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"this feature needs {module!r}, which is not installed; "
            f"install it with: pip install 'ducs[{extra}]'"
        )
