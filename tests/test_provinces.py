"""Provinces across the 2025 merger: lookups, eras, lineage."""

from __future__ import annotations

import pytest

import ducs
from ducs.errors import NotFoundError
from ducs.vocab import ProvinceKind


@pytest.fixture(scope="module")
def provinces() -> ducs.dataset.ProvinceCollection:
    return ducs.load().provinces


def test_both_eras_are_loaded(provinces) -> None:
    assert len(provinces) == 97
    assert len(provinces.as_of("2022-04-27")) == 63
    assert len(provinces.as_of("2025-06-30")) == 63
    assert len(provinces.as_of("2025-07-01")) == 34
    assert len(provinces.as_of("2026-01-01")) == 34
    assert len(provinces.era(2008)) == 63 and len(provinces.era(2025)) == 34


@pytest.mark.parametrize("spelling", ["Hà Giang", "ha giang", "HA GIANG", "02", "02@2008", "Tỉnh Hà Giang"])
def test_lookup_accepts_every_spelling_of_a_name(provinces, spelling: str) -> None:
    province = provinces.get(spelling)
    assert (province.key, province.name_vi, province.kind) == ("02@2008", "Hà Giang", ProvinceKind.PROVINCE)


def test_miss_suggests_close_names(provinces) -> None:
    with pytest.raises(NotFoundError, match="did you mean: Hà Giang") as caught:
        provinces.get("Ha Gang")
    assert isinstance(caught.value, LookupError)


def test_name_in_both_eras_means_the_unit_in_force_at_the_cutoff(provinces) -> None:
    assert provinces.get("lao cai").key == "15@2025"  # the default day is the data's cut-off
    assert provinces.get("Lào Cai", as_of="2022-04-27").code == "10"
    assert provinces.get("lao cai", as_of="2026-01-01").code == "15"
    assert provinces.get("Lào Cai", era=2008).key == "10@2008"
    for name in ("Hà Nội", "Hanoi", "Huế", "Ho Chi Minh City", "44"):
        assert provinces.get(name).era == 2025, name
    with pytest.raises(NotFoundError, match="no era 1975; did you mean: 2008, 2025"):
        provinces.get("Lào Cai", era=1975)


def test_common_aliases_resolve(provinces) -> None:
    for alias in ("HCMC", "TP HCM", "TP.HCM", "Sài Gòn", "Saigon", "Hanoi", "Hue", "Danang"):
        assert provinces.get(alias).era == 2025, alias
    assert provinces.get("HCMC", era=2008).key == "79@2008"


def test_a_name_not_in_force_says_where_it_went(provinces) -> None:
    with pytest.raises(NotFoundError, match=r"Yên Bái \(15@2008\) was merged into Lào Cai \(15@2025\) on 2025-07-01"):
        provinces.get("Yên Bái", as_of="2026-01-01")
    assert provinces.get("Yên Bái").key == "15@2008"  # one unit of that name: no day needed


def test_reused_code_is_resolved_by_era(provinces) -> None:
    assert provinces.get("44", as_of="2022-01-01").name_vi == "Quảng Bình"
    assert provinces.get("44", as_of="2026-01-01").name_vi == "Quảng Trị"
    assert provinces.get("44@2025").predecessor_keys == ("45@2008", "44@2008")
    assert [p.name_vi for p in provinces.get("44@2025").predecessors] == ["Quảng Trị", "Quảng Bình"]


def test_merged_province_links_to_its_successor_and_back(provinces) -> None:
    ha_giang = provinces.get("Hà Giang")
    assert ha_giang.successor.name_vi == "Tuyên Quang" and ha_giang.successor_key == "08@2025"
    assert {p.name_vi for p in ha_giang.successor.predecessors} == {"Hà Giang", "Tuyên Quang"}
    assert provinces.get("Hà Nội", as_of="2022-01-01").successor.key == "01@2025"
    assert provinces.get("Huế", as_of="2026-01-01").key == "46@2025"
    assert provinces.get("Thừa Thiên Huế").key == "46@2008"
    for unit in provinces.era(2008):
        assert unit.successor is not None and unit.successor.era == 2025


def test_search_matches_folded_substrings_and_not_empty_text(provinces) -> None:
    assert {p.key for p in provinces.search("giang")} >= {"02@2008", "89@2008", "91@2008", "24@2008"}
    assert provinces.search("") == []
