"""The loader: a good folder loads; every kind of bad input fails with file, record and field."""

from __future__ import annotations

from pathlib import Path

import pytest

import ducs
from ducs.errors import FixtureError
from tests.helpers import (
    GOOD,
    INDICATORS,
    OBSERVATIONS,
    PROVINCES,
    SOURCES,
    TARGETS,
    problems_of,
    write,
)


def test_good_folder_loads_and_links(tmp_path: Path) -> None:
    ds = ducs.load(write(tmp_path, GOOD))
    obs = ds.observations.get("o1")
    assert obs.value == 81.7
    assert obs.scope.province is ds.provinces.get("10@2008")
    assert obs.indicator is ds.indicators.get("services_share")
    assert str(obs.sources[0]) == "doc.txt#¶6"
    assert ds.observations.get("o2").qualifier is ducs.vocab.Qualifier.MORE_THAN
    assert ds.sources.get("undated.txt").published is None
    assert ds.sources.get("doc.txt").published.hour == 18
    assert ds.targets.get("t1").indicator is obs.indicator
    assert ds.provinces.get("10@2008").successor is ds.provinces.get("15@2025")


def test_folder_is_loaded_afresh_each_time(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD)
    assert ducs.load(folder) is not ducs.load(folder)


# Each case: a file to change, the new text, and a fragment every problem list must contain.
BAD_CASES = {
    "vietnamese decimal comma": (
        "observations.toml", OBSERVATIONS.replace("value = 81.7", 'value = "81,7"'),
        "observations.toml$.observation[0].value: expected a number (got '81,7'); write Vietnamese",
    ),
    "unknown indicator": (
        "observations.toml", OBSERVATIONS.replace('indicator = "services_share"\nvalue = 81.7', 'indicator = "service_share"\nvalue = 81.7'),
        "observations.toml$.observation[0].indicator: no indicator with key 'service_share'; did you mean: services_share?",
    ),
    "bad period": (
        "observations.toml", OBSERVATIONS.replace('period = "2021"', 'period = "2021-Q5"'),
        "observations.toml$.observation[1].period: expected a period",
    ),
    "unknown source": (
        "observations.toml", OBSERVATIONS.replace('sources = ["undated.txt"]', 'sources = ["missing.txt"]'),
        "observations.toml$.observation[1].sources[0]: no source with key 'missing.txt'",
    ),
    "missing required field": (
        "indicators.toml", INDICATORS.replace('unit = "percent"\n', ""),
        "indicators.toml$.indicator[0].unit: required field missing",
    ),
    "unexpected field": (
        "indicators.toml", INDICATORS.replace("limit = 100", "limit = 100\ncolour = 'red'"),
        "indicators.toml$.indicator[0]: unexpected field(s): colour [record 'services_share']",
    ),
    "bad enum": (
        "indicators.toml", INDICATORS.replace("digital_government", "digital_govt"),
        "indicators.toml$.indicator[0].pillar: expected one of 'digital_government'",
    ),
    "bad direction": (
        "indicators.toml", INDICATORS.replace('"higher"', '"up"'),
        "indicators.toml$.indicator[0].direction: expected 'higher', 'lower' or 'neutral' (got 'up')",
    ),
    "ambiguous province name": (
        "observations.toml", OBSERVATIONS.replace('scope = "province:10@2008"\nsources = ["doc.txt#¶6"]', 'scope = "province:Lào Cai"\nsources = ["doc.txt#¶6"]'),
        "observations.toml$.observation[0].scope: province 'Lào Cai' is ambiguous (10@2008, 15@2025)",
    ),
    "duplicate key": (
        "observations.toml", OBSERVATIONS.replace('key = "o2"', 'key = "o1"'),
        "observations.toml$.observation[1].key: duplicate key 'o1'",
    ),
    "invalid toml": (
        "targets.toml", "[[target]\nkey = ",
        "targets.toml (line 1, column 9): not valid TOML",
    ),
    "bad date": (
        "sources.toml", SOURCES.replace('published = "unknown"', 'published = "2022-02-30"'),
        "sources.toml$.source[1].published: expected a real calendar date (got '2022-02-30')",
    ),
    "text where a number was expected": (
        "provinces.toml", PROVINCES.replace("era = 2008", 'era = "2008"'),
        "provinces.toml$.province[0].era: expected a whole number (got '2008')",
    ),
    "no sources on a fact": (
        "observations.toml", OBSERVATIONS.replace('sources = ["undated.txt"]', "sources = []"),
        "observations.toml$.observation[1].sources: at least one source is required",
    ),
    "range without upper bound": (
        "targets.toml", TARGETS.replace('comparator = ">="', 'comparator = "range"'),
        "targets.toml$.target[0].high: a range target needs 'high'",
    ),
    "comparator contradicts direction": (
        "targets.toml", TARGETS.replace('comparator = ">="', 'comparator = "<="'),
        "targets.toml$.target[0].comparator: '<=' contradicts indicator 'services_share'",
    ),
    "duplicate period in a series": (
        "observations.toml", OBSERVATIONS.replace('period = "2021"', 'period = "2022-04-27"'),
        "'services_share' for province:Lào Cai already has a value for a period ending 2022-04-27",
    ),
    "broken lineage": (
        "provinces.toml", PROVINCES.replace('successor = "15@2025"', 'successor = "99@2025"'),
        "no province with key '99@2025'",
    ),
    "wrong table in a file": (
        "targets.toml", TARGETS.replace("[[target]]", "[[targets]]"),
        "targets.toml$.targets: unexpected table; targets.toml holds [[target]] records",
    ),
    "unknown written as empty text": (
        "sources.toml", SOURCES.replace('published = "unknown"', 'published = ""'),
        "sources.toml$.source[1].published: expected a date",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_names_file_record_and_field(tmp_path: Path, case: str) -> None:
    file_name, text, fragment = BAD_CASES[case]
    folder = write(tmp_path, {**GOOD, file_name: text})
    problems = problems_of(folder)
    assert any(fragment in problem for problem in problems), problems


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    bad_obs = OBSERVATIONS.replace("value = 81.7", 'value = "81,7"').replace('period = "2021"', 'period = "x"')
    bad_ind = INDICATORS.replace('"higher"', '"up"')
    problems = problems_of(write(tmp_path, {**GOOD, "observations.toml": bad_obs, "indicators.toml": bad_ind}))
    assert len(problems) >= 3


def test_unexpected_file_and_missing_meta(tmp_path: Path) -> None:
    files = {name: text for name, text in GOOD.items() if name != "meta.toml"}
    files["observation.toml"] = OBSERVATIONS
    problems = problems_of(write(tmp_path, files))
    assert any(p.startswith("meta.toml: missing") for p in problems)
    assert any(p.startswith("observation.toml: unexpected file") for p in problems)


def test_not_a_folder(tmp_path: Path) -> None:
    assert "not a folder of fixtures" in problems_of(tmp_path / "nowhere")[0]


def test_failed_load_leaves_nothing_behind(tmp_path: Path) -> None:
    bundled = ducs.load()
    folder = write(tmp_path, {**GOOD, "indicators.toml": INDICATORS.replace('"higher"', '"up"')})
    with pytest.raises(FixtureError):
        ducs.load(folder)
    assert ducs.load() is bundled
    assert "services_share" not in bundled.indicators


def test_fixture_error_is_a_ducs_error_and_value_error(tmp_path: Path) -> None:
    folder = write(tmp_path, {**GOOD, "targets.toml": "oops ="})
    with pytest.raises(ducs.DucsError):
        ducs.load(folder)
    with pytest.raises(ValueError):
        ducs.load(folder)


def test_two_values_of_one_series_ending_on_one_day_are_rejected_naming_both(tmp_path: Path) -> None:
    """"2022" and "2022-12" both end on 2022-12-31: the loader refuses it, before any query."""
    observations = OBSERVATIONS + """
[[observation]]
key = "o3"
indicator = "services_share"
value = 70
period = "2022"
scope = "province:10@2008"
sources = ["doc.txt"]

[[observation]]
key = "o4"
indicator = "services_share"
value = 71
period = "2022-12"
scope = "province:10@2008"
sources = ["doc.txt"]
"""
    problems = problems_of(write(tmp_path, {**GOOD, "observations.toml": observations}))
    assert len(problems) == 1
    assert problems[0].startswith("observations.toml$.observation[3].period: ")
    assert "'o3'" in problems[0] and "'o4'" in problems[0] and "2022-12-31" in problems[0]


def test_every_rule_is_listed_in_the_fixture_docs() -> None:
    import ducs.rules

    text = (Path(__file__).resolve().parent.parent / "docs" / "fixtures.md").read_text(encoding="utf-8")
    for rule in ducs.rules.RULES:
        assert f"| `{rule}` |" in text, rule
