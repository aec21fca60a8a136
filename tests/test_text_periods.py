"""Vietnamese folding and periods."""

from __future__ import annotations

import pendulum
import pytest

from ducs.periods import Period, PeriodKind, to_date
from ducs.text import close_matches, fold, nfc


@pytest.mark.parametrize("spelling", ["Hà Giang", "ha giang", "HA GIANG", "Ha Giang", "Tỉnh Hà Giang", "  hà   giang "])
def test_fold_accepts_ascii_and_case_variants(spelling: str) -> None:
    assert fold(spelling) == "ha giang"


def test_fold_maps_d_with_stroke_and_city_prefix() -> None:
    assert fold("Đà Nẵng") == fold("TP. Đà Nẵng") == fold("Thành phố Đà Nẵng") == "da nang"


def test_nfc_composes_decomposed_text() -> None:
    decomposed = "Lào Cai".encode().decode()  # already NFC; build NFD explicitly
    import unicodedata

    assert nfc(unicodedata.normalize("NFD", decomposed)) == "Lào Cai"


def test_close_matches_suggest_vietnamese_names() -> None:
    assert close_matches("Lao Kai", ["Lào Cai", "Cà Mau", "Bắc Kạn"])[0] == "Lào Cai"


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2022", PeriodKind.YEAR, "2022-01-01", "2022-12-31"),
        ("2022-H1", PeriodKind.HALF, "2022-01-01", "2022-06-30"),
        ("2022-H2", PeriodKind.HALF, "2022-07-01", "2022-12-31"),
        ("2022-Q1", PeriodKind.QUARTER, "2022-01-01", "2022-03-31"),
        ("Q4-2022", PeriodKind.QUARTER, "2022-10-01", "2022-12-31"),
        ("2024-02", PeriodKind.MONTH, "2024-02-01", "2024-02-29"),
        ("2022-04-27", PeriodKind.DAY, "2022-04-27", "2022-04-27"),
    ],
)
def test_period_parse(text: str, kind: PeriodKind, start: str, end: str) -> None:
    period = Period.parse(text)
    assert (period.kind, period.start.isoformat(), period.end.isoformat()) == (kind, start, end)
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize("text", ["2022-Q5", "2022-H3", "2022-13", "2022-02-30", "22", "Q1 2022", ""])
def test_period_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="expected a period"):
        Period.parse(text)


def test_period_order_and_as_of_rule() -> None:
    q1, year = Period.parse("2022-Q1"), Period.parse("2022")
    assert sorted([year, q1]) == [q1, year]
    assert q1.ended_by(pendulum.date(2022, 3, 31)) and not q1.ended_by(pendulum.date(2022, 3, 30))


def test_to_date_uses_vietnam_time() -> None:
    late_utc = pendulum.datetime(2022, 6, 3, 18, 30, tz="UTC")
    assert to_date(late_utc) == pendulum.date(2022, 6, 4)
    with pytest.raises(ValueError):
        to_date("03/06/2022")
