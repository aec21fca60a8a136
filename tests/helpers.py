"""Shared builders for tests: a small valid fixture folder as TOML text, and helpers to write it.

Each constant is one fixture file of a tiny dataset (two sources, two Lào Cai units of two
eras, one indicator, observations, a target). Tests copy ``GOOD`` and change one file.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import ducs
from ducs.errors import FixtureError

META = """
[dataset]
title = "test"
data_version = "2026-01-01"
cutoff = 2025-12-31
"""
SOURCES = """
[[source]]
id = "doc.txt"
kind = "news_report"
publisher = "Test press"
title = "A report"
published = 2022-04-27T18:54:00+07:00
language = "vi"

[[source]]
id = "undated.txt"
kind = "news_report"
publisher = "Other press"
title = "Another"
published = "unknown"
language = "vi"
"""
PROVINCES = """
[[province]]
key = "10@2008"
code = "10"
era = 2008
name_vi = "Lào Cai"
name_ascii = "Lao Cai"
name_en = "Lao Cai"
kind = "province"
region = "Northern Midlands and Mountains"
phone_code = "214"
valid_from = "unknown"
valid_to = 2025-06-30
successor = "15@2025"
sources = ["doc.txt"]

[[province]]
key = "15@2025"
code = "15"
era = 2025
name_vi = "Lào Cai"
name_ascii = "Lao Cai"
name_en = "Lao Cai"
kind = "province"
region = "unknown"
phone_code = "214"
valid_from = 2025-07-01
valid_to = "unknown"
predecessors = ["10@2008"]
sources = ["doc.txt"]
"""
INDICATORS = """
[[indicator]]
key = "services_share"
name_vi = "unknown"
name_en = "Share of services integrated"
unit = "percent"
pillar = "digital_government"
direction = "higher"
limit = 100
"""
OBSERVATIONS = """
[[observation]]
key = "o1"
indicator = "services_share"
value = 81.7
period = "2022-04-27"
scope = "province:10@2008"
sources = ["doc.txt#¶6"]

[[observation]]
key = "o2"
indicator = "services_share"
value = 60
qualifier = "more_than"
period = "2021"
scope = "province:10@2008"
sources = ["undated.txt"]
"""
TARGETS = """
[[target]]
key = "t1"
indicator = "services_share"
comparator = ">="
value = 90
deadline = "2025"
title_en = "90% of services integrated"
scope = "province:10@2008"
sources = ["doc.txt"]
"""
GOOD = {
    "meta.toml": META,
    "sources.toml": SOURCES,
    "provinces.toml": PROVINCES,
    "indicators.toml": INDICATORS,
    "observations.toml": OBSERVATIONS,
    "targets.toml": TARGETS,
}


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(FixtureError) as caught:
        ducs.load(folder)
    return [str(problem) for problem in caught.value.problems]
