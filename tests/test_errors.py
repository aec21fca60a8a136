"""Errors: one base class, structured attributes, messages that say what was expected."""

from __future__ import annotations

import inspect

import pytest

from ducs import errors
from ducs.errors import AmbiguousError, DucsError, FixtureError, NotFoundError, Problem, ReferenceProblem


def test_every_error_class_sits_under_ducs_error() -> None:
    classes = [obj for _name, obj in inspect.getmembers(errors, inspect.isclass)
               if issubclass(obj, BaseException)]
    assert classes and all(issubclass(cls, DucsError) for cls in classes)


def test_not_found_names_the_kind_key_and_suggestions() -> None:
    err = NotFoundError("province", "Ha Gang", ["Hà Giang"])
    assert (err.kind, err.key, err.suggestions) == ("province", "Ha Gang", ("Hà Giang",))
    assert str(err) == "no province 'Ha Gang'; did you mean: Hà Giang?"
    assert isinstance(err, LookupError)


def test_ambiguous_keeps_its_candidates_through_the_parent_init() -> None:
    err = AmbiguousError("province", "Lào Cai", ["10@2008", "15@2025"], "Pass as_of=<date>.")
    assert isinstance(err, NotFoundError)
    assert err.suggestions == ("10@2008", "15@2025") and err.hint == "Pass as_of=<date>."
    assert str(err) == "province 'Lào Cai' is ambiguous: it matches 10@2008, 15@2025. Pass as_of=<date>."


def test_fixture_error_lists_every_problem_with_its_place() -> None:
    err = FixtureError([Problem("a.toml", "x[0].y", "bad"), Problem("b.toml", "", "worse")])
    assert str(err).splitlines() == ["2 problems in the fixtures:", "  a.toml$.x[0].y: bad", "  b.toml: worse"]
    assert isinstance(err, ValueError)


def test_reference_problem_is_a_ducs_error() -> None:
    with pytest.raises(DucsError):
        raise ReferenceProblem("no source with key 'x'")


def test_did_you_mean_is_empty_without_suggestions() -> None:
    assert errors.did_you_mean(()) == ""
    assert errors.did_you_mean(["a"]) == "; did you mean: a?"
