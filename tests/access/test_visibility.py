"""Visibility (pure): what each audience may see of a case, by what the data is.

CARAT's words are generated from Greek letters and every other text from Latin letters and
digits, so any Greek text found in what a caller receives can only have come from CARAT's
records: the property is exact, not probabilistic. Staff text elsewhere is never searched for
CARAT's words: the rule goes by where the data sits (access/visibility.py).
"""

import json
import logging
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrations.cjit import CjitServerError
from resettlement.access.visibility import (
    EVERYTHING,
    NOT_GIVEN,
    View,
    redact_case,
    redact_packet,
    view_for,
)
from resettlement.handover.delivery import send_with_retries
from resettlement.handover.packet import PacketSources, build_packet
from resettlement.policy import get_policy
from resettlement.vocabulary import Role, SpectrumStage

GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщ"  # the prison's own notes: another alphabet again
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


def free_text(_secrets: list[str]) -> st.SearchStrategy[str]:
    """Another team's words (never CARAT's)."""
    return plain


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


def test_a_packet_already_withheld_is_left_as_it_is():
    packet = {"person": {"given_name": "A"}, "drug_treatment": dict(NOT_GIVEN)}
    cjit = view_for(Role.cjit_worker, consent_share_cjit=False)
    assert redact_packet(redact_packet(packet, cjit), cjit) == packet


@given(sources(consent=True))
def test_a_rom_reads_the_drug_treatment_facts_of_a_packet_but_not_carats_words(drawn):
    src, _ = drawn
    rom = view_for(Role.rom, consent_share_cjit=True)
    packet = redact_packet(build_packet(src), rom)
    shared = packet["drug_treatment"]
    assert shared["spectrum_stage"] == src.spectrum_stage
    assert shared["carat_assessment"]["drug_need"] == src.carat_assessment["drug_need"]
    for field in ("notes", "care_plan"):
        assert shared["carat_assessment"][field] is None
    assert shared["plan_section"] == {"content_withheld": True} and shared["appointments"] == []


@pytest.mark.parametrize(
    ("role", "consent", "expected"),
    [
        (Role.admin, False, EVERYTHING),
        (Role.prison_staff, False, EVERYTHING),
        (Role.cjit_worker, True, EVERYTHING),
        (Role.cjit_worker, False, View(False, False, False)),
        (Role.rom, False, View(drug_treatment=True, carat_text=False, custody_notes=True)),
        (Role.rom, True, View(drug_treatment=True, carat_text=False, custody_notes=True)),
    ],
)
def test_the_one_decision_of_who_sees_what(role, consent, expected):
    assert view_for(role, consent_share_cjit=consent) == expected


@st.composite
def case_views(draw: st.DrawFn) -> tuple[dict[str, Any], list[str], list[str]]:
    """A case view with CARAT's words (Greek) only where CARAT writes, and the prison's
    assessment notes (Cyrillic: they may mention treatment too) in the HACS assessment."""
    secrets = draw(st.lists(drug_treatment_text(), min_size=1, max_size=3))
    custody_note = draw(st.text(alphabet=CYRILLIC, min_size=3, max_size=20))
    spectrum = draw(st.sampled_from(list(SpectrumStage))).value
    text = plain
    view = {
        "id": "case-1",
        "spectrum_stage": spectrum,
        "consent_share_cjit": False,
        "assessments": [
            {"id": "a1", "kind": "hacs", "data": {"notes": custody_note, "housing": draw(text)}},
            {
                "id": "a2",
                "kind": "carat",
                "data": {
                    "notes": secrets[0],
                    "care_plan": secrets[-1],
                    "spectrum_stage": spectrum,
                    "drug_need": True,
                },
            },
        ],
        "consents": [],
        "accommodation": None,
        "referral": None,
        "release_plan": {
            "version": 2,
            "sections": {"hacs": {"summary": draw(text)}, "carat": {"summary": secrets[-1]}},
            "previous_versions": [{"version": 1, "sections": {"carat": {"summary": secrets[0]}}}],
        },
        "tasks": [
            {"id": 1, "kind": "tenancy_at_risk", "team": "cjit", "title": draw(text)},
            {"id": 2, "kind": "carat_triage_due", "team": "carat", "title": secrets[0]},
        ],
        "handover": {
            "id": "h1",
            "packet": {
                "drug_treatment": {
                    "consent": "given",
                    "carat_assessment": {"drug_need": True, "notes": secrets[0]},
                    "plan_section": {"summary": secrets[-1]},
                    "appointments": [{"what": secrets[0]}],
                }
            },
        },
        "tenancy_checks": [{"id": "t1", "notes": draw(text)}],
        "timeline": [
            {"seq": 1, "kind": "carat_assessment_recorded", "data": {"messages": secrets}},
            {"seq": 2, "kind": "release_plan_signed", "data": {"party": "carat", "n": secrets}},
            {"seq": 3, "kind": "note", "data": {"text": draw(text)}},
        ],
        "needs": [
            {"pathway": "drugs_alcohol", "need": secrets[0]},
            {"pathway": "health", "need": secrets[-1]},
            {"pathway": "finance_id", "need": draw(text)},
        ],
    }
    names = [spectrum, spectrum.replace("_", " ")]
    return view, [*secrets, custody_note, *names], secrets


@given(case_views())
def test_a_cjit_worker_reading_a_case_without_consent_gets_nothing_of_carats(drawn):
    view, forbidden, _ = drawn
    seen = redact_case(view, view_for(Role.cjit_worker, consent_share_cjit=False))
    assert seen["spectrum_stage"] is None
    assert [a["kind"] for a in seen["assessments"]] == ["hacs"]
    assert "carat" not in seen["release_plan"]["sections"]
    assert [t["team"] for t in seen["tasks"]] == ["cjit"]
    assert [n["pathway"] for n in seen["needs"]] == ["finance_id"]
    assert seen["handover"]["packet"]["drug_treatment"] == NOT_GIVEN
    assert [e["kind"] for e in seen["timeline"]] == ["withheld", "withheld", "note"]
    assert_nothing_leaks(seen, forbidden)


@given(case_views())
def test_a_rom_reads_the_case_without_carats_words_but_with_the_facts(drawn):
    view, _, secrets = drawn
    seen = redact_case(view, view_for(Role.rom, consent_share_cjit=False))
    assert seen["spectrum_stage"] == view["spectrum_stage"]
    carat = next(a for a in seen["assessments"] if a["kind"] == "carat")
    assert carat["data"]["drug_need"] is True and carat["data"]["notes"] is None
    assert seen["release_plan"]["sections"]["carat"] == {"content_withheld": True}
    for text in (view["assessments"][0]["data"]["notes"],):
        assert text in json.dumps(seen, ensure_ascii=False)  # the prison's notes: a ROM reads them
    assert_nothing_leaks(
        [seen["assessments"], seen["release_plan"], seen["handover"]], [secrets[0], secrets[-1]]
    )


@given(case_views())
def test_with_consent_a_cjit_worker_reads_the_case_unchanged(drawn):
    view, _, _ = drawn
    assert redact_case(view, view_for(Role.cjit_worker, consent_share_cjit=True)) == view


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
