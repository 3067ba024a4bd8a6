"""Consent on needs as pure rules: drugs and health needs, notes by who holds the need, task
titles about them, timeline entries, and what the person's own page may show."""

from __future__ import annotations

import pytest

from resettlement.access.visibility import (
    EVERYTHING,
    event_visible,
    redact_for_person,
    redact_needs,
    task_visible,
    view_for,
)
from resettlement.vocabulary import Role

CJIT_NO = view_for(Role.cjit_worker, consent_share_cjit=False)
CJIT_YES = view_for(Role.cjit_worker, consent_share_cjit=True)
ROM = view_for(Role.rom, consent_share_cjit=False)


def need(pathway: str, owner: str, note: str = "NOTE") -> dict:
    return {"pathway": pathway, "owner": owner, "updates": [{"status": "met", "note": note}]}


@pytest.mark.parametrize("pathway", ["drugs_alcohol", "health"])
def test_a_cjit_worker_gets_drugs_and_health_needs_only_with_consent(pathway):
    needs = [need("accommodation", "hacs"), need(pathway, "probation")]
    assert [n["pathway"] for n in redact_needs(needs, CJIT_NO)] == ["accommodation"]
    assert [n["pathway"] for n in redact_needs(needs, CJIT_YES)] == ["accommodation", pathway]
    assert not task_visible("probation", CJIT_NO, pathway)
    assert task_visible("probation", CJIT_NO, "accommodation")
    assert not event_visible({"kind": "need_recorded", "data": {"pathway": pathway}}, CJIT_NO)


def test_notes_on_a_need_follow_who_holds_it():
    carat, hacs, cjit = (
        need("drugs_alcohol", "carat"),
        need("finance_id", "hacs"),
        need("finance_id", "cjit"),
    )
    assert redact_needs([carat], ROM)[0]["updates"][0]["note"] is None  # CARAT's words
    assert redact_needs([hacs], ROM)[0]["updates"][0]["note"] == "NOTE"
    assert redact_needs([hacs], CJIT_NO)[0]["updates"][0]["note"] is None  # a custody note
    assert redact_needs([cjit], CJIT_NO)[0]["updates"][0]["note"] == "NOTE"  # its own
    assert redact_needs([carat], EVERYTHING) == [carat]


def test_the_persons_page_carries_no_staff_text_and_no_more_than_its_maker_may_see():
    plan = {
        "sleep": {"address": "1 High St", "notes": "STAFF"},
        "appointments": [
            {"party": "carat", "what": "CARATWORDS", "when": "2027-01-01", "where": "Hope"},
            {"party": "probation", "what": "Induction", "when": "2027-01-02", "summary": "S"},
        ],
        "needs": [{"pathway": "health", "need": "gp"}, {"pathway": "finance_id", "need": "id"}],
        "bring": [{"pathway": "health", "need": "gp"}],
    }
    full = redact_for_person(plan, EVERYTHING)
    assert "notes" not in full["sleep"] and "summary" not in full["appointments"][1]
    assert full["appointments"][0] == {
        "party": "carat",
        "what": None,
        "when": "2027-01-01",
        "where": "Hope",
    }
    assert len(full["needs"]) == 2
    capped = redact_for_person(plan, CJIT_NO)
    assert [a["party"] for a in capped["appointments"]] == ["probation"]
    assert capped["needs"] == [{"pathway": "finance_id", "need": "id"}] and capped["bring"] == []
