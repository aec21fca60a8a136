"""The bundled data: the public API contract and real values from the sources."""

from __future__ import annotations

import json

import pendulum
import pytest

import ducs
from ducs.errors import NotFoundError
from ducs.vocab import PartOfDay, Pillar, Qualifier, SessionFormat, SteeringHead

DOCS = ("000_352dfded16563b3a.txt", "001_8aa653c3a6fcf66d.txt", "002_28688bbaa89dd632.txt",
        "003_f6b367151ac29e37.txt", "004_0982cbb948ff2fc6.txt")


def test_collections_are_iterable_sized_and_keyed(ds) -> None:
    for name in ("sessions", "provinces", "indicators", "observations", "targets", "plans", "sources"):
        collection = getattr(ds, name)
        assert len(collection) == len(list(collection)) > 0
    assert ds.plans.get(2022).year == 2022
    assert ds.sources.get("000_352dfded16563b3a.txt").publisher.startswith("Đài Phát thanh")
    assert ds.indicators.get("dti_score").unit == "score"
    with pytest.raises(NotFoundError, match="did you mean"):
        ds.indicators.get("portal_integrated_service_count")
    with pytest.raises(LookupError):
        ds.sessions.get(4)  # no session is numbered 4: the 2022-12-25 meeting's number is unknown


def test_committee_chair_founding_and_standing_agency_come_from_the_decision(ds) -> None:
    assert ds.committee.chair.name == "Phạm Minh Chính"
    assert ds.committee.founded == pendulum.date(2021, 9, 24)
    assert ds.committee.founded_by.key == "1619/QĐ-TTg"
    assert ds.committee.standing_agency.startswith("Ministry of Information and Communications")
    successor = ds.committee.successor
    assert successor.key == "gsc-2025" and successor.founded == pendulum.date(2025, 3, 13)
    assert successor.founded_by.key == "598/QĐ-TTg"
    assert [s.number for s in successor.sessions()] == [1, 2, 3, 4, 5]


def test_sessions_of_the_national_committee(ds) -> None:
    assert len(ds.sessions) == 10
    assert ds.sessions.get(10).date == pendulum.date(2025, 2, 6)
    one, two = ds.sessions.get(1), ds.sessions.get(2)
    assert (one.date, one.part_of_day, one.format) == (pendulum.date(2021, 11, 30), PartOfDay.AFTERNOON, SessionFormat.ONLINE)
    assert (two.date, two.part_of_day, two.format) == (pendulum.date(2022, 4, 27), PartOfDay.MORNING, SessionFormat.HYBRID)
    assert str(two.reviews) == "2022-Q1"
    assert any("003" in text and "000" in text for text in two.disagreements)
    assert {p.province.name_vi for p in two.connection_points} == {"Hà Giang", "Lào Cai"}
    assert ds.sessions.get(5).start == pendulum.datetime(2023, 2, 25, 8, 0, tz="Asia/Ho_Chi_Minh")
    unnumbered = ds.sessions.get("ncdt-2022-12-25")
    assert unnumbered.number is None and unnumbered.date == pendulum.date(2022, 12, 25)
    an_giang = [p for p in one.connection_points if p.province is not None]
    assert [a.name for p in an_giang for a in p.attendees] == ["Nguyễn Thanh Bình", "Trần Anh Thư"]
    assert an_giang[0].province.name_vi == "An Giang"


def test_figures_of_the_second_session(ds) -> None:
    figures = {obs.key: obs for obs in ds.sessions.get(2).figures()}
    lao_cai = ds.provinces.get("Lào Cai", as_of="2022-04-27")
    share = figures["doc003-laocai-portal-share"]
    assert (share.value, share.scope.province, share.period.end) == (81.7, lao_cai, pendulum.date(2022, 4, 27))
    assert figures["doc003-laocai-portal-services"].value == 1305
    assert figures["doc003-laocai-portal-rank"].value == 3
    assert figures["doc003-portal-services"].value == 3552
    accounts = figures["doc003-portal-accounts-q1"]
    assert (accounts.value, accounts.qualifier, str(accounts.period)) == (167000, Qualifier.MORE_THAN, "2022-Q1")
    revenue = figures["doc003-digital-economy-revenue-q1"]
    assert (revenue.value, revenue.qualifier, revenue.indicator.unit) == (53, Qualifier.ABOUT, "billion_usd")
    trained = figures["doc000-officials-trained-q1"]
    assert (trained.value, trained.qualifier) == (1000, Qualifier.NEARLY)
    assert figures["doc003-portal-synced-q1"].value == 14_000_000
    assert figures["doc003-portal-payments-value-q1"].value == 366


def test_province_profile_carries_its_dt_day_steering_head_and_resolutions(ds) -> None:
    ha_giang = ds.provinces.get("ha giang")
    assert (ha_giang.dt_day.month, ha_giang.dt_day.day, ha_giang.dt_day.since) == (8, 28, 2022)
    assert ha_giang.steering_committee.head is SteeringHead.PARTY_SECRETARY
    assert ha_giang.resolutions[0].number == "18" and ha_giang.resolutions[0].issued is None
    quang_tri = ds.provinces.get("Quảng Trị", as_of="2022-09-16")
    assert quang_tri.resolutions[0].number == "02-NQ/TU"
    assert quang_tri.resolutions[0].issued == pendulum.date(2021, 11, 4)
    lao_cai = ds.provinces.get("Lào Cai", as_of="2022-04-27")
    assert lao_cai.steering_committee.head_name == "Đặng Xuân Phong"
    led = [p.name_vi for p in ds.provinces.era(2008)
           if p.steering_committee and p.steering_committee.head is SteeringHead.PARTY_SECRETARY]
    assert sorted(led) == sorted(["Lào Cai", "Hà Giang", "Ninh Thuận", "Sóc Trăng", "Bến Tre", "Bình Định"])
    assert {o.value for o in quang_tri.observations("internet_user_share")} == {89}


def test_sources_and_unknown_dates(ds) -> None:
    published = {doc: ds.sources.get(doc).published for doc in DOCS}
    assert published["002_28688bbaa89dd632.txt"] is None and published["003_f6b367151ac29e37.txt"] is None
    assert published["000_352dfded16563b3a.txt"] == pendulum.datetime(2022, 4, 27, 18, 54, tz="Asia/Ho_Chi_Minh")
    for doc in DOCS:
        assert ds.sources.get(doc).records(), doc


def test_every_fact_bearing_record_cites_a_source(ds) -> None:
    for collection in (ds.observations, ds.targets, ds.all_sessions, ds.tasks, ds.plans, ds.committees, ds.themes):
        for record in collection:
            assert record.sources, record


def test_observation_filter_narrows_by_province_period_scope_and_source(ds) -> None:
    lao_cai = ds.provinces.get("10@2008")
    assert {o.key for o in ds.observations.filter(province=lao_cai, period="2022-04-27")} >= {
        "doc003-laocai-portal-share", "doc003-laocai-portal-services"}
    q1 = ds.observations.filter(period="2022-Q1", scope="national", source="003_f6b367151ac29e37.txt")
    assert len(q1) >= 7
    early = ds.observations.filter(indicator="fibre_household_share", as_of="2022-06-30")
    assert [str(o.period) for o in early] == ["2021", "2022-03", "2022-H1"]
    assert len(ds.observations.filter(session=2)) >= 20


def test_plan_2022_has_18_tasks_declared_by_decision_27(ds) -> None:
    plan = ds.plans.get(2022)
    assert (plan.tasks_declared, plan.decision.key, plan.signed) == (18, "27/QĐ-UBQGCĐS", pendulum.date(2022, 3, 15))
    tasks = plan.tasks
    assert len(tasks) == 18
    assert [t.number for t in tasks[:7]] == [1, 2, 3, 4, 5, 6, 7]
    assert tasks[0].title_vi == "Phổ cập điện thoại thông minh và cáp quang băng thông rộng toàn dân"
    assert sum(1 for t in tasks if t.title_en is None and t.title_vi is None) == 4  # tasks 15-18 unknown
    assert "Bộ Công an" in tasks[1].lead_agency
    smartphone = ds.targets.get("smartphone_population_share")
    assert (smartphone.value, smartphone.comparator.value, str(smartphone.deadline)) == (85, ">=", "2022")
    assert smartphone in tasks[0].targets


def test_reference_figures_and_lineage_are_pinned(ds) -> None:
    fibre_end_2022 = ds.observations.filter(indicator="fibre_household_share", period="2022-12")[0]
    assert (fibre_end_2022.value, fibre_end_2022.estimate) == (74.5, True)
    assert ds.provinces.get("Hà Giang").successor.name_vi == "Tuyên Quang"
    lao_cai = ds.provinces.get("Lào Cai", as_of="2022-01-01")
    assert [o.value for o in lao_cai.dti() if o.indicator.key == "dti_rank" and str(o.period) == "2022"] == [38]
    da_nang = ds.provinces.get("Đà Nẵng", as_of="2022-01-01")
    assert [o.value for o in da_nang.observations("dti_score") if str(o.period) == "2022"] == [0.8002]
    ranks = ds.observations.filter(indicator="dti_rank", period="2022", scope="province")
    by_rank = sorted(o.value for o in ranks if o.denominator == 63)
    assert len(by_rank) == 63 and by_rank.count(15) == 2 and 16 not in by_rank
    assert len(ds.provinces.as_of("2022-04-27")) == 63 and len(ds.provinces.as_of("2026-01-01")) == 34
    merged_lao_cai = ds.provinces.get("Lào Cai", as_of="2026-01-01")
    assert [(o.value, o.denominator) for o in merged_lao_cai.dti() if o.indicator.key == "dti_rank"] == [(14, 34)]
    assert ds.themes.get(2023).theme_vi.startswith("Năm Dữ liệu số quốc gia")


def test_pillar_vocabulary(ds) -> None:
    pillars = {i.pillar for i in ds.indicators}
    assert {Pillar.DIGITAL_GOVERNMENT, Pillar.DIGITAL_ECONOMY, Pillar.DIGITAL_SOCIETY} <= pillars
    assert Pillar.DIGITAL_GOVERNMENT.label_vi == "Chính phủ số"


def test_unstructured_records_structure_back_outside_a_load(ds) -> None:
    from ducs.converter import Registry, make_converter

    converter = make_converter(Registry.of(ds))
    for obs in list(ds.observations)[:50]:
        data = json.loads(json.dumps(ducs.unstructure(obs), ensure_ascii=False))
        assert converter.structure(data, ducs.model.Observation) == obs
    session = ds.sessions.get(2)
    again = converter.structure(json.loads(json.dumps(ducs.unstructure(session))), ducs.model.Session)
    assert again == session


AGGREGATORS = ("baomoi", "123docz", "studylib", "scribd", "marimbapop", "vietnam.vn", "tothethao")


def _on_site(host: str, site: str) -> bool:
    """True if ``host`` is the site or one of its subdomains ("thoibaotaichinhvietnam.vn" is not "vietnam.vn")."""
    if "." not in site:  # a bare name such as "baomoi" matches any of its domains
        return site in host.split(".")
    return host == site or host.endswith("." + site)


def test_no_high_confidence_record_rests_only_on_mirrors(ds) -> None:
    from urllib.parse import urlsplit

    for collection in (ds.observations, ds.targets, ds.all_sessions, ds.documents, ds.tasks, ds.committees):
        for record in collection:
            if record.confidence.value != "high":
                continue
            hosts = [urlsplit(ref.source.url).hostname or "" if ref.source.url else None for ref in record.sources]
            only_mirrors = all(h is not None and any(_on_site(h, a) for a in AGGREGATORS) for h in hosts)
            assert not only_mirrors, (record.key, hosts)


def test_lineage_queries_only_when_asked(ds) -> None:
    merged = ds.provinces.get("Lào Cai", as_of="2026-01-01")
    own = merged.observations("dti_rank")
    both = merged.observations("dti_rank", include_predecessors=True)
    assert {o.scope.province.key for o in own} == {"15@2025"}
    assert {o.scope.province.key for o in both} == {"15@2025", "10@2008", "15@2008"}


def test_citations_of_the_five_documents_carry_a_locator(ds) -> None:
    from ducs.dataset import _citations

    for collection in (ds.observations, ds.all_sessions, ds.provinces, ds.plans, ds.tasks, ds.documents, ds.committees):
        for record in collection:
            for ref in _citations(record):
                if ref.source.id in DOCS:
                    assert ref.locator.startswith(("¶", "caption")), (record.key, str(ref))
