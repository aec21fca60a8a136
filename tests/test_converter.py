"""The converter: strict scalars, pendulum dates in Vietnam time, references resolved in a registry."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from ducs.converter import Registry, get_converter, make_converter
from ducs.errors import ReferenceProblem
from ducs.model import Observation, Province, Scope, Source
from ducs.periods import Period
from ducs.vocab import Pillar


def test_numbers_written_as_text_are_refused_with_a_hint() -> None:
    with pytest.raises(ValueError, match="write Vietnamese '3.552' as 3552"):
        get_converter().structure("3.552", float)


def test_booleans_are_not_numbers() -> None:
    with pytest.raises(ValueError, match="expected a number"):
        get_converter().structure(True, float)


def test_unknown_is_none_for_optional_values() -> None:
    assert get_converter().structure("unknown", pendulum.Date | None) is None


def test_publication_moment_moves_into_vietnam_time() -> None:
    moment = get_converter().structure(
        dt.datetime(2022, 4, 27, 11, 54, tzinfo=dt.timezone.utc), pendulum.DateTime | pendulum.Date | None)
    assert moment.isoformat() == "2022-04-27T18:54:00+07:00"


def test_periods_and_enums_structure_from_text() -> None:
    assert get_converter().structure("Q1-2022", Period) == Period.parse("2022-Q1")
    assert get_converter().structure("digital_society", Pillar) is Pillar.DIGITAL_SOCIETY
    with pytest.raises(ValueError, match="expected one of 'digital_government'"):
        get_converter().structure("economy", Pillar)


def test_a_reference_needs_records_to_refer_to() -> None:
    with pytest.raises(ReferenceProblem, match="make_converter"):
        get_converter().structure("province:Hà Giang", Scope)


def test_references_resolve_in_the_registry_given(ds) -> None:
    converter = make_converter(Registry.of(ds))
    scope = converter.structure("province:ha giang", Scope)
    assert isinstance(scope.province, Province) and scope.province.key == "02@2008"
    with pytest.raises(ReferenceProblem, match="ambiguous"):
        converter.structure("province:Lào Cai", Scope)
    with pytest.raises(ReferenceProblem, match="did you mean: Hà Giang"):
        converter.structure("province:Ha Gang", Scope)


def test_two_loads_use_two_registries(tmp_path) -> None:
    """A converter is made per registry: records of one load never leak into another."""
    first, second = Registry(), Registry()
    first.add(Source, "a", Source("a", "web_page", "p", "t", None, None))  # type: ignore[arg-type]
    assert make_converter(first).structure("a", Observation.__attrs_attrs__.sources.type.__args__[0]).source.id == "a"
    with pytest.raises(ReferenceProblem, match="no source with key 'a'"):
        make_converter(second).structure("a#¶1", Observation.__attrs_attrs__.sources.type.__args__[0])


def test_unstructured_observation_loads_back(ds) -> None:
    converter = make_converter(Registry.of(ds))
    obs = ds.observations.get("doc003-laocai-portal-share")
    assert converter.structure(converter.unstructure(obs), Observation) == obs
