"""Closed vocabularies of ducs: every enum a fixture or a query may name.

This module imports nothing from ducs, so every other room may import it.

>>> Pillar("digital_government").label_vi
'Chính phủ số'
>>> Comparator(">=").implied_direction
<Direction.HIGHER_IS_BETTER: 1>
>>> Status.NOT_MET.is_assessed
True
"""

from __future__ import annotations

import enum

__all__ = ["Comparator", "Confidence", "Direction", "Match", "MilestoneKind", "PartOfDay", "Pillar", "Profile", "ProvinceKind", "Qualifier", "ScopeKind", "SessionFormat", "SourceKind", "Status", "SteeringHead", "Tense"]


class Pillar(enum.StrEnum):
    """The three pillars of the national programme, plus its cross-cutting foundations.

    The national programme (Decision 749/QĐ-TTg) rests on three pillars; the plans and the
    provincial DT index also group work under foundations that serve all three.

    Examples:
        >>> [p.value for p in Pillar if not p.is_foundation]
        ['digital_government', 'digital_economy', 'digital_society']
        >>> Pillar.DIGITAL_GOVERNMENT.label_en
        'digital government'
    """

    DIGITAL_GOVERNMENT = "digital_government"
    DIGITAL_ECONOMY = "digital_economy"
    DIGITAL_SOCIETY = "digital_society"
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure"
    DIGITAL_INSTITUTIONS = "digital_institutions"
    DIGITAL_HUMAN_RESOURCES = "digital_human_resources"
    CYBER_SECURITY = "cyber_security"
    DIGITAL_AWARENESS = "digital_awareness"
    CROSS_CUTTING = "cross_cutting_foundation"

    @property
    def is_foundation(self) -> bool:
        """True for a cross-cutting foundation, False for one of the three pillars."""
        return self not in _MAIN_PILLARS

    @property
    def label_vi(self) -> str:
        """Vietnamese label (national wording; provinces say "chính quyền số")."""
        return _PILLAR_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _PILLAR_LABELS[self][1]


_MAIN_PILLARS = frozenset(
    {Pillar.DIGITAL_GOVERNMENT, Pillar.DIGITAL_ECONOMY, Pillar.DIGITAL_SOCIETY}
)
_PILLAR_LABELS: dict[Pillar, tuple[str, str]] = {
    Pillar.DIGITAL_GOVERNMENT: ("Chính phủ số", "digital government"),
    Pillar.DIGITAL_ECONOMY: ("Kinh tế số", "digital economy"),
    Pillar.DIGITAL_SOCIETY: ("Xã hội số", "digital society"),
    Pillar.DIGITAL_INFRASTRUCTURE: ("Hạ tầng số", "digital infrastructure"),
    Pillar.DIGITAL_INSTITUTIONS: ("Thể chế số", "digital institutions"),
    Pillar.DIGITAL_HUMAN_RESOURCES: ("Nhân lực số", "digital human resources"),
    Pillar.CYBER_SECURITY: ("An toàn thông tin mạng", "cyber-security"),
    Pillar.DIGITAL_AWARENESS: ("Nhận thức số", "digital awareness"),
    Pillar.CROSS_CUTTING: ("Nền tảng chung", "cross-cutting foundation"),
}


class Direction(enum.IntEnum):
    """Which way an indicator should move: +1 higher is better, -1 lower is better.

    ``NEUTRAL`` (0) marks a descriptive quantity (a number of districts, of tasks in a plan, of
    connected provinces): neither way is better, so no progress is assessed on it.
    """

    HIGHER_IS_BETTER = 1
    LOWER_IS_BETTER = -1
    NEUTRAL = 0


class Comparator(enum.StrEnum):
    """How a target compares the indicator's value with the target value.

    ``=`` means "reach": it behaves as ``>=`` when higher is better and ``<=`` otherwise.
    ``rank_within`` is a rank number where lower is better ("top N").
    """

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="
    RANGE = "range"
    RANK_WITHIN = "rank_within"
    QUALITATIVE = "qualitative"

    @property
    def implied_direction(self) -> Direction | None:
        """The direction the comparison implies, or None when it implies none."""
        if self in (Comparator.GE, Comparator.GT):
            return Direction.HIGHER_IS_BETTER
        if self in (Comparator.LE, Comparator.LT, Comparator.RANK_WITHIN):
            return Direction.LOWER_IS_BETTER
        return None


class Qualifier(enum.StrEnum):
    """How exact a reported figure is, as the source words it.

    Vietnamese reports say "trên" (more than), "hơn" (over), "khoảng" (about),
    "gần" (nearly), "ít nhất" (at least), "dưới" (less than); ducs keeps that word.
    """

    EXACT = "exact"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    ABOUT = "about"
    NEARLY = "nearly"
    LESS_THAN = "less_than"
    UP_TO = "up_to"

    @property
    def symbol(self) -> str:
        """A short mark for printing next to a value ("" for exact)."""
        return _QUALIFIER_SYMBOLS[self]


_QUALIFIER_SYMBOLS = {
    Qualifier.EXACT: "",
    Qualifier.MORE_THAN: ">",
    Qualifier.AT_LEAST: "≥",
    Qualifier.ABOUT: "~",
    Qualifier.NEARLY: "≲",
    Qualifier.LESS_THAN: "<",
    Qualifier.UP_TO: "≤",
}


class Match(enum.StrEnum):
    """Whether an observation measures exactly what its target measures, or a proxy."""

    EXACT = "exact"
    PROXY = "proxy"
    NONE = "none"


class Confidence(enum.StrEnum):
    """How well a fact is supported (high: official or two independent sources)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class SessionFormat(enum.StrEnum):
    """How a committee session was held."""

    ONLINE = "online"
    HYBRID = "hybrid"
    IN_PERSON = "in_person"


class PartOfDay(enum.StrEnum):
    """Part of the day when only that is known (Vietnamese reports say "sáng", "chiều")."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class ScopeKind(enum.StrEnum):
    """What an observation or target is about: the whole country, a province or an agency."""

    NATIONAL = "national"
    PROVINCE = "province"
    AGENCY = "agency"


class ProvinceKind(enum.StrEnum):
    """Province (tỉnh) or centrally-run city (thành phố trực thuộc trung ương)."""

    PROVINCE = "province"
    MUNICIPALITY = "municipality"


class SteeringHead(enum.StrEnum):
    """Who heads a provincial DT steering committee."""

    PARTY_SECRETARY = "party_secretary"
    PEOPLES_COMMITTEE_CHAIR = "peoples_committee_chair"


class SourceKind(enum.StrEnum):
    """What kind of thing a source is."""

    NEWS_REPORT = "news_report"
    WEB_PAGE = "web_page"
    LEGAL_DOCUMENT = "legal_document"
    DATASET = "dataset"


class Status(enum.StrEnum):
    """Progress status labels (see docs/progress.md for the method).

    Two tenses: before a deadline the forward-looking labels say whether the trend will get
    there (on track, moderate, insufficient, deterioration); from the deadline on only a
    verdict is given (met, partly met for a group, not met). ``not_assessable`` means no
    evidence, and ``insufficient_evidence`` a group whose evidence covers less than half of
    its members: neither is "not achieved".

    Examples:
        >>> Status.ON_TRACK.is_forward_looking, Status.NOT_MET.is_forward_looking
        (True, False)
        >>> Status.INSUFFICIENT_EVIDENCE.is_assessed
        False
    """

    TARGET_MET = "target_met"
    PARTLY_MET = "partly_met"
    ON_TRACK = "on_track"
    MODERATE = "moderate"
    INSUFFICIENT = "insufficient"
    DETERIORATION = "deterioration"
    NOT_MET = "not_met"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    NOT_ASSESSABLE = "not_assessable"

    @property
    def is_assessed(self) -> bool:
        """False for ``not_assessable`` and ``insufficient_evidence``: no verdict is given."""
        return self not in (Status.NOT_ASSESSABLE, Status.INSUFFICIENT_EVIDENCE)

    @property
    def is_forward_looking(self) -> bool:
        """True for the labels that speak of a trend towards a deadline still ahead."""
        return self in (Status.ON_TRACK, Status.MODERATE, Status.INSUFFICIENT, Status.DETERIORATION)

    @property
    def label_en(self) -> str:
        """The label in words."""
        return self.value.replace("_", " ")

    @property
    def label_vi(self) -> str:
        """The label in Vietnamese words.

        Examples:
            >>> Status.NOT_MET.label_vi, Status.ON_TRACK.label_vi
            ('không đạt', 'đúng tiến độ')
        """
        return _STATUS_LABELS_VI[self]


_STATUS_LABELS_VI: dict[Status, str] = {
    Status.TARGET_MET: "đạt mục tiêu",
    Status.PARTLY_MET: "đạt một phần",
    Status.ON_TRACK: "đúng tiến độ",
    Status.MODERATE: "tiến triển vừa phải",
    Status.INSUFFICIENT: "tiến triển chưa đủ",
    Status.DETERIORATION: "đi xuống",
    Status.NOT_MET: "không đạt",
    Status.INSUFFICIENT_EVIDENCE: "chưa đủ bằng chứng",
    Status.NOT_ASSESSABLE: "không đánh giá được",
}


class MilestoneKind(enum.StrEnum):
    """What a dated event proves: the outcome a task or target asks for, or a step towards it.

    Only outcomes decide a status; steps are evidence of activity, shown beside it.
    """

    OUTCOME = "outcome"
    STEP = "step"


class Tense(enum.StrEnum):
    """Whether a result looks ahead to a deadline or back at one that has passed."""

    PROSPECTIVE = "prospective"
    RETROSPECTIVE = "retrospective"


class Profile(enum.StrEnum):
    """Threshold profile for the growth ratio: UNSD Progress Chart 2022 or Open SDG 2.4."""

    UNSD = "unsd"
    OPENSDG = "opensdg"
