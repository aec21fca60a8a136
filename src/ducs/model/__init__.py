"""The domain model: frozen, slotted attrs classes linked as objects once loaded.

The model knows nothing of loading; ``ducs.loader`` builds and links these records.
"""

from ducs.model._base import REF, Graph, RefMarker, graph_of
from ducs.model.committee import (
    Committee,
    ConnectionPoint,
    MembershipChange,
    Office,
    Person,
    Session,
    YearTheme,
)
from ducs.model.indicators import NATIONAL, Indicator, Observation, Scope
from ducs.model.kinds import KINDS, Kind
from ducs.model.places import DtDay, Province, ProvinceNames, Resolution, SteeringCommittee
from ducs.model.plans import Milestone, Plan, Target, Task
from ducs.model.sources import Document, Source, SourceRef

__all__ = [
    "KINDS",
    "NATIONAL",
    "REF",
    "Committee",
    "ConnectionPoint",
    "Document",
    "DtDay",
    "Graph",
    "Indicator",
    "Kind",
    "MembershipChange",
    "Milestone",
    "Observation",
    "Office",
    "Person",
    "Plan",
    "Province",
    "ProvinceNames",
    "RefMarker",
    "Resolution",
    "Scope",
    "Session",
    "Source",
    "SourceRef",
    "SteeringCommittee",
    "Target",
    "Task",
    "YearTheme",
    "graph_of",
]
