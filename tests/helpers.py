"""Shared builders for tests: a small valid fixture folder as TOML text, and helpers to write it.

Each constant is one fixture file of a tiny dataset (two sources, two Lào Cai units of two
eras, one indicator, observations, a target). Tests copy ``GOOD`` and change one file.
"""

from __future__ import annotations

import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

import ducs
from ducs.errors import FixtureError

T = TypeVar("T")

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


# --- a fuller valid folder: every kind of record, for the bad-input corpus (tests/corpus/) -------
# GOOD plus one or two records of each other kind, and a second file for several kinds (so a
# problem must name the file it is really in, not "<kind>.toml").

SOURCES_WEB = """
[[source]]
id = "web-1"
kind = "web_page"
publisher = "Web press"
title = "A page"
published = 2022-05-01
language = "en"
url = "https://example.org/a"

[[source]]
id = "web-2"
kind = "web_page"
publisher = "Web press"
title = "Another page"
published = 2022-05-02
language = "en"
url = "https://example.org/b"
"""
DOCUMENTS = """
[[document]]
key = "1/QĐ-TTg"
kind = "decision"
title_vi = "unknown"
title_en = "A decision founding the committee"
issued = 2021-09-24
issuer = "Prime Minister"
observed_day = { month = 10, day = 10 }
sources = ["doc.txt"]
"""
PROVINCES_EXTRA = """
[[province]]
key = "02@2008"
code = "02"
era = 2008
name_vi = "Hà Giang"
name_ascii = "Ha Giang"
name_en = "Ha Giang"
kind = "province"
region = "Northern Midlands and Mountains"
phone_code = "219"
valid_from = "unknown"
valid_to = 2025-06-30
successor = "08@2025"
dt_day = { month = 8, day = 28, since = 2022, sources = ["doc.txt"] }
events = [{ date = 2022-08-28, description = "First DT day", sources = ["doc.txt"] }]
sources = ["doc.txt"]

[[province]]
key = "08@2025"
code = "08"
era = 2025
name_vi = "Tuyên Quang"
name_ascii = "Tuyen Quang"
name_en = "Tuyen Quang"
kind = "province"
region = "unknown"
phone_code = "unknown"
valid_from = 2025-07-01
valid_to = "unknown"
predecessors = ["02@2008"]
sources = ["doc.txt"]
"""
INDICATORS_EXTRA = """
[[indicator]]
key = "egov_rank"
name_vi = "unknown"
name_en = "E-government rank among provinces"
unit = "rank"
pillar = "digital_government"
direction = "lower"

[[indicator]]
key = "dti_score"
name_vi = "unknown"
name_en = "DTI score"
unit = "score"
pillar = "cross_cutting_foundation"
direction = "higher"
limit = 1000

[[indicator]]
key = "digital_enterprises"
name_vi = "unknown"
name_en = "Digital technology enterprises"
unit = "enterprises"
pillar = "digital_economy"
direction = "higher"

[[indicator]]
key = "district_count"
name_vi = "unknown"
name_en = "Number of districts"
unit = "districts"
pillar = "cross_cutting_foundation"
direction = "neutral"

[[indicator]]
key = "fibre_gso"
name_vi = "unknown"
name_en = "Households with fibre (statistics office)"
unit = "percent"
pillar = "digital_infrastructure"
direction = "higher"
limit = 100
concept = "fibre_households"
measure = "Household survey of the statistics office"

[[indicator]]
key = "fibre_mic"
name_vi = "unknown"
name_en = "Households with fibre (ministry)"
unit = "percent"
pillar = "digital_infrastructure"
direction = "higher"
limit = 100
concept = "fibre_households"
measure = "Subscriptions reported to the ministry"
"""
COMMITTEES = """
[[committee]]
key = "ncdt"
name_vi = "Ủy ban Quốc gia về chuyển đổi số"
name_en = "National Committee on Digital Transformation"
chair = { name = "Chair Person", role = "Prime Minister" }
standing_agency = "Ministry of Information and Communications"
founded = 2021-09-24
founded_by = "1/QĐ-TTg"
member_count_reported = 16
sources = ["doc.txt"]
"""
THEMES = """
[[theme]]
year = 2022
theme_vi = "unknown"
theme_en = "Digital data"
sources = ["doc.txt"]
"""
SESSIONS = """
[[session]]
key = "ncdt-1"
committee = "ncdt"
number = 1
date = 2021-11-30
part_of_day = "afternoon"
format = "online"
chair = { name = "Chair Person", role = "Prime Minister" }
connected_localities = 63
sources = ["doc.txt"]

[[session]]
key = "ncdt-2"
committee = "ncdt"
number = 2
date = 2022-04-27
time = "09:00"
format = "hybrid"
chair = { name = "Chair Person", role = "Prime Minister" }
reviews = "2022-Q1"
sources = ["doc.txt", "https://example.org/a"]

[[session.connection_points]]
place = "Hà Giang"
province = "02@2008"
attendees = [{ name = "A Person", role = "Chair of the People's Committee" }]
sources = ["doc.txt"]
"""
OBSERVATIONS_PLAN = """
[[observation]]
key = "p1"
indicator = "services_share"
value = 75
period = "2022"
session = "ncdt-2"
target = "t2"
match = "exact"
scope = "national"
sources = ["doc.txt"]

[[observation]]
key = "p2"
indicator = "fibre_gso"
value = 70
period = "2022"
target = "t2"
match = "proxy"
scope = "national"
sources = ["web-1"]

[[observation]]
key = "p3"
indicator = "egov_rank"
value = 3
denominator = 63
period = "2022"
scope = "province:Hà Giang"
sources = ["doc.txt"]

[[observation]]
key = "p4"
indicator = "dti_score"
value = 512.5
period = "2022"
scope = "province:02@2008"
sources = ["doc.txt"]

[[observation]]
key = "p5"
indicator = "digital_enterprises"
value = 1305
denominator = 1598
period = "2022"
scope = "national"
sources = ["doc.txt"]

[[observation]]
key = "p6"
indicator = "services_share"
value = 40
period = "2024"
scope = "province:08@2025"
restated = true
sources = ["doc.txt"]
"""
TARGETS_PLAN = """
[[target]]
key = "t2"
indicator = "services_share"
comparator = ">="
value = 80
deadline = "2022"
baseline = "2021"
title_en = "80% of services integrated by 2022"
plan = 2022
set_by = "1/QĐ-TTg"
scope = "national"
sources = ["doc.txt"]

[[target]]
key = "t3"
indicator = "egov_rank"
comparator = "rank_within"
value = 10
deadline = "2025"
title_en = "Among the ten best"
scope = "national"
sources = ["doc.txt"]

[[target]]
key = "t4"
indicator = "fibre_gso"
comparator = "range"
value = 70
high = 90
deadline = "2025"
title_en = "Between 70 and 90 %"
scope = "national"
sources = ["doc.txt"]

[[target]]
key = "t5"
indicator = "services_share"
comparator = "qualitative"
value = "unknown"
deadline = "unknown"
title_en = "A platform in operation"
scope = "national"
sources = ["doc.txt"]
"""
PLANS = """
[[plan]]
key = "ncdt-2022"
year = 2022
title_vi = "Kế hoạch hoạt động năm 2022"
title_en = "2022 activity plan"
tasks_declared = 2
decision = "1/QĐ-TTg"
signed = 2022-03-15
targets_declared = 1
sources = ["doc.txt"]

[[plan]]
key = "ncdt-2023"
year = 2023
title_vi = "Kế hoạch hoạt động năm 2023"
title_en = "2023 activity plan"
tasks_declared = "unknown"
sources = ["doc.txt"]
"""
TASKS = """
[[task]]
key = "2022-T01"
plan = 2022
number = 1
title_vi = "Nhiệm vụ một"
title_en = "Task one"
lead_agency = "unknown"
pillar = "digital_government"
targets = ["t2"]
sources = ["doc.txt"]

[[task]]
key = "2022-T02"
plan = 2022
number = 2
title_vi = "unknown"
title_en = "Task two"
lead_agency = "Ministry of Public Security"
pillar = "unknown"
sources = ["doc.txt"]
"""
MILESTONES = """
[[milestone]]
key = "m1"
date = 2022-06-01
achieved = true
kind = "outcome"
description = "The database was put into operation"
task = "2022-T02"
sources = ["doc.txt"]

[[milestone]]
key = "m2"
date = 2022-09-01
achieved = false
kind = "step"
description = "A campaign was launched"
target = "t5"
sources = ["doc.txt"]
"""
EXTRA = {
    "sources-web.toml": SOURCES_WEB,
    "documents.toml": DOCUMENTS,
    "provinces-extra.toml": PROVINCES_EXTRA,
    "indicators-extra.toml": INDICATORS_EXTRA,
    "committees.toml": COMMITTEES,
    "themes.toml": THEMES,
    "sessions.toml": SESSIONS,
    "observations-plan.toml": OBSERVATIONS_PLAN,
    "targets-plan.toml": TARGETS_PLAN,
    "plans.toml": PLANS,
    "tasks.toml": TASKS,
    "milestones.toml": MILESTONES,
}
# Every kind of record, valid: the base of every corpus case.
GOOD_FULL = {**GOOD, **EXTRA}


def within(seconds: float, call: Callable[[], T]) -> T:
    """``call()``, run in a daemon thread: its result or its exception, or a test failure if it hangs.

    A load that blocks (a FIFO, a device, a runaway loop) must fail the test, not the test run.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = call()
        except BaseException as exc:  # re-raised in the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"did not finish within {seconds} s (hung)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
