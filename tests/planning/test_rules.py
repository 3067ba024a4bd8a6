"""Release-plan rules (pure): who signs, when it opens, who is chased, what a section holds."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from resettlement.planning.rules import (
    content_problems,
    is_agreed,
    parties_to_chase,
    plan_due_to_open,
    required_signers,
    sign_refusal,
)
from resettlement.policy import get_policy
from resettlement.vocabulary import PlanParty, Stage

RULES = get_policy().release_plan
TODAY = date(2026, 11, 24)


def test_probation_signs_only_when_the_person_will_be_on_licence():
    assert set(required_signers(False)) == {PlanParty.hacs, PlanParty.carat, PlanParty.cjit}
    assert PlanParty.probation in required_signers(True)


def test_a_plan_is_agreed_once_every_required_party_has_signed():
    assert is_agreed(False, {"hacs", "carat", "cjit"})
    assert not is_agreed(True, {"hacs", "carat", "cjit"})
    assert is_agreed(True, {"hacs", "carat", "cjit", "probation"})


def test_a_party_without_a_section_may_not_sign_and_is_told_to_write_it():
    refusal = sign_refusal(PlanParty.cjit, on_licence=False, sections={"hacs"})
    assert refusal is not None and "has not been written" in refusal
    assert sign_refusal(PlanParty.hacs, on_licence=False, sections={"hacs"}) is None


def test_probation_may_not_sign_for_a_person_not_on_licence():
    refusal = sign_refusal(PlanParty.probation, on_licence=False, sections={"probation"})
    assert refusal is not None and "on licence" in refusal


def test_the_plan_opens_eighty_four_days_before_release():
    release = TODAY + timedelta(days=RULES.opens_days_before_release)
    kw = {"stage": Stage.case_managed, "has_plan": False, "today": TODAY, "policy": RULES}
    assert plan_due_to_open(release_date=release, **kw)
    assert not plan_due_to_open(release_date=release + timedelta(days=1), **kw)
    assert not plan_due_to_open(release_date=None, **kw)


def test_a_case_with_a_plan_or_past_custody_planning_gets_no_new_plan():
    release = TODAY + timedelta(days=10)
    assert not plan_due_to_open(
        stage=Stage.case_managed, release_date=release, has_plan=True, today=TODAY, policy=RULES
    )
    for stage in (Stage.release_planning, Stage.plan_agreed, Stage.released):
        assert not plan_due_to_open(
            stage=stage, release_date=release, has_plan=False, today=TODAY, policy=RULES
        )


def test_unsigned_parties_are_chased_from_twenty_eight_days_before_release():
    release = TODAY + timedelta(days=RULES.signoff_days_before_release)
    kw = {
        "stage": Stage.release_planning,
        "on_licence": True,
        "signed": {"hacs"},
        "today": TODAY,
        "policy": RULES,
    }
    assert parties_to_chase(status="draft", release_date=release, **kw) == [
        PlanParty.carat,
        PlanParty.cjit,
        PlanParty.probation,
    ]
    assert parties_to_chase(status="draft", release_date=release + timedelta(days=1), **kw) == []
    assert parties_to_chase(status="agreed", release_date=release, **kw) == []
    released = kw | {"stage": Stage.released}
    assert parties_to_chase(status="draft", release_date=release, **released) == []


def test_a_section_must_say_something_and_may_not_set_system_fields():
    assert content_problems({}) == [("content", "must not be empty")]
    assert ("content.updated_by", "is set by the system") in content_problems(
        {"summary": "x", "updated_by": "me"}
    )


def test_appointments_need_what_and_a_when_with_an_offset():
    problems = content_problems(
        {
            "appointments": [
                {"what": "CJIT assessment", "when": "2027-01-05", "where": "Newcastle"},
                {"what": "", "when": "2027-01-05T10:00:00"},
                "GP",
            ]
        }
    )
    fields = [field for field, _ in problems]
    assert fields == [
        "content.appointments.1.what",
        "content.appointments.1.when",
        "content.appointments.2",
    ]
    assert content_problems({"appointments": "Monday"}) == [
        ("content.appointments", "must be a list of {what, when, where}")
    ]


@given(st.sets(st.sampled_from([p.value for p in PlanParty])), st.booleans())
def test_chased_parties_are_exactly_the_required_ones_not_yet_signed(signed, on_licence):
    chased = parties_to_chase(
        stage=Stage.plan_agreed,
        status="draft",
        release_date=TODAY,
        on_licence=on_licence,
        signed=signed,
        today=TODAY,
        policy=RULES,
    )
    assert {p.value for p in chased} == {p.value for p in required_signers(on_licence)} - signed
    assert is_agreed(on_licence, signed) == (not chased)
