"""The consent filter (pure): without consent_share_cjit no drug-treatment text leaves, anywhere.

Drug-treatment text is generated from Greek letters and everything else from Latin letters and
digits, so any Greek text found in a filtered packet can only have come from the CARAT data,
the spectrum stage or the plan's carat section: the property is exact, not probabilistic.
"""

import json
import logging
import re
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from integrations.cjit import CjitServerError
from resettlement.handover.delivery import send_with_retries
from resettlement.handover.packet import PacketSources, build_packet
from resettlement.policy import get_policy
from resettlement.reads.redact import (
    NOT_GIVEN,
    WITHHELD,
    filter_case_view,
    filter_packet,
    scrub_text,
    sensitive_terms,
)
from resettlement.vocabulary import SpectrumStage

GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

greek_word = st.text(alphabet=GREEK, min_size=3, max_size=12)
plain = st.text(alphabet=LATIN + " ,", max_size=20)
word = st.text(alphabet=LATIN, min_size=1, max_size=12)
when = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)).map(date.isoformat)


def sentences_of(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[.;!?\n]+", text) if len(p.strip()) >= 3]


def strings_in(value: Any) -> list[str]:
    """Every string in a JSON-like value, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (str(k), *strings_in(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def assert_nothing_leaks(output: Any, secrets: list[str]) -> None:
    texts = [*strings_in(output), json.dumps(output, ensure_ascii=False), json.dumps(output)]
    for secret in secrets:
        for piece in (secret, *sentences_of(secret)):
            assert not any(piece in text for text in texts), piece


@st.composite
def drug_treatment_text(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(st.lists(greek_word, min_size=1, max_size=3), min_size=1, max_size=3))
    return ". ".join(" ".join(s) for s in sentences)


@st.composite
def free_text(draw: st.DrawFn, secrets: list[str]) -> str:
    """Staff text that may copy drug-treatment text (whole, or one sentence of it)."""
    copies = [p for s in secrets for p in (s, *sentences_of(s))]
    parts = st.one_of(plain, st.sampled_from(copies)) if copies else plain
    return "".join(draw(st.lists(parts, max_size=4)))


@st.composite
def section(draw: st.DrawFn, secrets: list[str]) -> dict[str, Any]:
    text = free_text(secrets)
    appointments = st.fixed_dictionaries({"what": text, "when": when, "where": text})
    return draw(
        st.fixed_dictionaries(
            {"summary": text, "appointments": st.lists(appointments, max_size=2)},
            optional={"notes": text, "first_night_address": text},
        )
    )


@st.composite
def sources(draw: st.DrawFn, consent: bool) -> tuple[PacketSources, list[str]]:
    secrets = draw(st.lists(drug_treatment_text(), min_size=1, max_size=4))
    carat = {
        "drug_need": draw(st.booleans()),
        "notes": secrets[0],
        "care_plan": draw(st.sampled_from(secrets)),
        "triage_outcome": draw(st.sampled_from(secrets)),
        "history": secrets,
    }
    spectrum = draw(st.sampled_from(list(SpectrumStage)))
    carat_section = {
        "summary": draw(st.sampled_from(secrets)),
        "appointments": [{"what": secrets[-1], "when": draw(when), "where": secrets[0]}],
    }
    parties = draw(st.lists(st.sampled_from(["hacs", "probation", "cjit"]), unique=True))
    sections = {p: draw(section(secrets)) for p in parties} | {"carat": carat_section}
    src = PacketSources(
        case_id=draw(word),
        person={"given_name": draw(word), "family_name": draw(word), "gender": draw(word)},
        released_at=datetime(2026, 12, 24, 10, tzinfo=UTC),
        release_date=date(2026, 12, 24),
        release_date_type="CRD",
        on_licence=draw(st.booleans()),
        prison={"code": "DMI", "name": "HMP Durham"},
        area={"code": "E08000021", "name": "Newcastle upon Tyne"},
        housing_resolved=draw(st.booleans()),
        consent_share_cjit=consent,
        accommodation={"address": draw(word), "provider": draw(word)},
        plan={"version": 1, "status": "agreed", "agreed_at": None},
        plan_sections=sections,
        carat_assessment=carat,
        spectrum_stage=spectrum.value,
    )
    return src, [*secrets, spectrum.value, spectrum.value.replace("_", " ")]


@given(sources(consent=False))
def test_without_consent_no_drug_treatment_text_appears_anywhere_in_the_packet(drawn):
    src, secrets = drawn
    packet = build_packet(src)
    assert packet["drug_treatment"] == NOT_GIVEN
    assert_nothing_leaks(packet, secrets)


@given(sources(consent=False))
def test_without_consent_the_always_shared_facts_are_still_all_there(drawn):
    src, _ = drawn
    withheld = build_packet(src)
    full = build_packet(PacketSources(**{**src.__dict__, "consent_share_cjit": True}))
    for key in ("person", "release", "cjit_area", "accommodation", "case_id"):
        assert withheld[key] == full[key]
    assert len(withheld["appointments"]) == len(full["appointments"])
    assert "carat" not in withheld["release_plan"]["sections"]


@given(sources(consent=True))
def test_with_consent_the_drug_treatment_details_are_shared(drawn):
    src, _ = drawn
    packet = build_packet(src)
    shared = packet["drug_treatment"]
    assert shared["consent"] == "given"
    assert shared["carat_assessment"] == src.carat_assessment
    assert shared["spectrum_stage"] == src.spectrum_stage
    assert shared["plan_section"] == src.plan_sections["carat"]


def test_the_packet_says_consent_was_not_given_and_keeps_its_appointments():
    src = PacketSources(
        case_id="c1",
        person={"given_name": "Aled"},
        released_at=datetime(2026, 12, 24, 10, tzinfo=UTC),
        release_date=date(2026, 12, 24),
        release_date_type="CRD",
        on_licence=True,
        prison={"code": "DMI", "name": "HMP Durham"},
        area=None,
        housing_resolved=True,
        consent_share_cjit=False,
        plan={"version": 2, "status": "agreed", "agreed_at": None},
        plan_sections={
            "probation": {"appointments": [{"what": "Probation induction", "when": "2026-12-29"}]},
            "carat": {"appointments": [{"what": "Methadone script", "when": "2026-12-24"}]},
        },
        carat_assessment={"notes": "uses heroin daily"},
        spectrum_stage="chaotic_using",
    )
    packet = build_packet(src)
    assert packet["drug_treatment"] == {"consent": "not_given"}
    assert packet["appointments"] == [
        {"party": "probation", "what": "Probation induction", "when": "2026-12-29"}
    ]
    assert "Methadone" not in json.dumps(packet) and "heroin" not in json.dumps(packet)


def test_a_copy_of_carat_notes_in_another_section_is_withheld_but_the_rest_kept():
    terms = sensitive_terms({"notes": "Uses heroin daily. Wants rehab"})
    text = "Housing ok; uses HEROIN DAILY; wants rehab"
    assert scrub_text(text, terms) == f"Housing ok; {WITHHELD}; {WITHHELD}"


def test_spectrum_stage_names_are_always_withheld_from_free_text():
    terms = sensitive_terms(None)
    assert scrub_text("currently in treatment at Lifeline", terms) == (
        f"currently {WITHHELD} at Lifeline"
    )


def test_a_packet_already_filtered_is_left_as_it_is():
    packet = {"person": {"given_name": "A"}, "drug_treatment": dict(NOT_GIVEN)}
    assert filter_packet(filter_packet(packet, consent=False), consent=False) == packet


@st.composite
def case_views(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    secrets = draw(st.lists(drug_treatment_text(), min_size=1, max_size=3))
    text = free_text(secrets)
    spectrum = draw(st.sampled_from(list(SpectrumStage))).value
    hacs_notes, task_title, check_notes, event_note = (draw(text) for _ in range(4))
    view = {
        "id": "case-1",
        "spectrum_stage": spectrum,
        "consent_share_cjit": False,
        "assessments": [
            {"id": "a1", "kind": "hacs", "data": {"notes": hacs_notes}},
            {"id": "a2", "kind": "carat", "data": {"notes": secrets, "spectrum_stage": spectrum}},
        ],
        "consents": [],
        "accommodation": None,
        "referral": None,
        "release_plan": {
            "version": 2,
            "sections": {"hacs": {"summary": hacs_notes}, "carat": {"summary": secrets[-1]}},
            "previous_versions": [{"version": 1, "sections": {"carat": {"summary": secrets[0]}}}],
        },
        "tasks": [{"id": 1, "kind": "tenancy_at_risk", "title": task_title}],
        "handover": {
            "id": "h1",
            "packet": {"drug_treatment": {"consent": "given", "carat_assessment": secrets}},
        },
        "tenancy_checks": [{"id": "t1", "notes": check_notes}],
        "timeline": [
            {"seq": 1, "kind": "carat_assessment_recorded", "data": {"drug_need": True}},
            {"seq": 2, "kind": "note", "data": {"text": event_note}},
        ],
    }
    return view, [*secrets, spectrum, spectrum.replace("_", " ")]


@given(case_views())
def test_a_cjit_worker_reading_a_case_without_consent_sees_no_drug_treatment_text(drawn):
    view, secrets = drawn
    filtered = filter_case_view(view, consent=False)
    assert filtered["spectrum_stage"] is None
    assert [a["kind"] for a in filtered["assessments"]] == ["hacs"]
    assert "carat" not in filtered["release_plan"]["sections"]
    assert filtered["handover"]["packet"]["drug_treatment"] == NOT_GIVEN
    assert filtered["timeline"][0]["data"] != {"drug_need": True}
    assert_nothing_leaks(filtered, secrets)


@given(case_views())
def test_with_consent_a_cjit_worker_reads_the_case_unchanged(drawn):
    view, _ = drawn
    assert filter_case_view(view, consent=True) == view


class EchoingClient:
    """A CJIT client (same interface as the real one) whose failures repeat what it was sent."""

    def send_handover(self, base_url: str, *, handover_id: str, packet: dict) -> str:
        raise CjitServerError(json.dumps(packet, ensure_ascii=False), status_code=500)

    def close(self) -> None:
        pass


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@given(sources(consent=False))
def test_without_consent_no_drug_treatment_text_reaches_delivery_errors_or_log_lines(drawn):
    src, secrets = drawn
    rules = get_policy().handover.model_copy(update={"delivery_max_attempts": 2})
    lines = Lines()
    logger = logging.getLogger("resettlement.handover.delivery")
    logger.addHandler(lines)
    previous, logger.level = logger.level, logging.DEBUG
    try:
        outcome = send_with_retries(
            EchoingClient(),
            "http://127.0.0.1:9",
            handover_id="h-1",
            area="E08000021",
            packet=build_packet(src),
            rules=rules,
            sleep=lambda _s: None,
        )
    finally:
        logger.removeHandler(lines)
        logger.setLevel(previous)
    assert outcome.error is not None and len(lines.lines) == 2
    assert_nothing_leaks([outcome.error, *lines.lines], secrets)
