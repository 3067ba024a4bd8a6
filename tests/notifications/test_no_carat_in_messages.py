"""No message carries CARAT or health data: markers planted in everything CARAT writes (and in
the prison's notes) for people who consented to share with the CJIT, every kind of message
caused and sent to the Notify stand-in, and every request it received read in full."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from resettlement.access.visibility import MESSAGE_FIELDS
from resettlement.vocabulary import NotificationKind, SpectrumStage
from tests.conftest import NOW
from tests.factories import (
    accommodation_body,
    received_case,
    release_event,
)
from tests.notifications.helpers import enqueue, horizon, notify_policy, outbox, send

TOMORROW_10AM = (NOW + timedelta(days=1)).replace(hour=10)
SECRET = ("CARATNOTE", "CARATCARE", "CARATSECTION", "CARATAPPT", "HACSNOTE")


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def _person(api: Any, tag: str, *, days_to_release: int) -> tuple[str, str]:
    """A person with a marker in every place CARAT (or the prison) writes free text."""
    case_id = received_case(api, at=NOW - timedelta(days=30), release_in_days=30 + days_to_release)
    number = _ok(api.get(f"/cases/{case_id}"))["prison_number"]
    hacs = {
        "housing_status": "nfa",
        "threatened_with_homelessness": True,
        "duty_to_refer_consent": True,
        "notes": f"HACSNOTE{tag}",
    }
    _ok(api.post(f"/cases/{case_id}/hacs-assessment", json=hacs))
    carat = {
        "drug_need": True,
        "spectrum_stage": "recently_abstinent_vulnerable",
        "consent_share_cjit": True,
        "triage_outcome": "comprehensive_assessment",
        "care_plan": f"CARATCARE{tag}",
        "notes": f"CARATNOTE{tag}",
    }
    _ok(api.post(f"/cases/{case_id}/carat-assessment", json=carat))
    section = {
        "summary": f"CARATSECTION{tag}",
        "appointments": [{"what": f"CARATAPPT{tag}", "when": TOMORROW_10AM.isoformat()}],
    }
    _ok(api.put(f"/cases/{case_id}/release-plan/sections/carat", json={"content": section}))
    referral = {"local_authority": "E08000021", "referred_on": NOW.date().isoformat()}
    _ok(api.post(f"/cases/{case_id}/duty-to-refer", json=referral | {"reference": f"LA-{tag}"}))
    contact = {"mobile_number": "07700 900123", "sms_consent": True}
    _ok(api.put(f"/cases/{case_id}/contact", json=contact))
    return case_id, number


def test_no_request_notify_received_holds_carat_or_health_data(api, notify_configured):
    _person(api, "ESCALATED", days_to_release=10)
    late, late_number = _person(api, "LATE", days_to_release=40)
    met, met_number = _person(api, "MET", days_to_release=40)
    start = NOW.date() + timedelta(days=60)
    _ok(api.put(f"/cases/{met}/accommodation", json=accommodation_body(start=start)))
    _ok(api.post("/events", json=release_event(late_number, at=NOW - timedelta(days=3))))
    _ok(api.post("/events", json=release_event(met_number, at=NOW - timedelta(hours=3))))
    handover = _ok(api.get(f"/cases/{met}"))["handover"]["id"]
    accepted = {"worker": "Sam Lee", "first_appointment": TOMORROW_10AM.isoformat()}
    _ok(api.post(f"/handovers/{handover}/accept", json=accepted, user="newcastle"))
    consents = _ok(api.get(f"/cases/{late}"))["consents"]
    (share,) = [c for c in consents if c["kind"] == "share_cjit" and c["given"]]
    _ok(api.post(f"/cases/{late}/consents/{share['id']}/withdraw"))  # after its handover
    _ok(api.post(f"/cases/{met}/person-link", json={"send_by": "sms"}))  # texted to the person
    from resettlement.daily import run_sweeps
    from resettlement.policy import get_policy

    horizon(NOW.date())
    run_sweeps(NOW.date(), get_policy())  # the SLA sweep: the late handover is overdue
    policy = notify_policy(notify_configured)
    enqueue(policy)
    send(policy)
    assert {m.kind for m in outbox() if m.status == "sent"} == set(NotificationKind)
    bodies = [r.body for r in notify_configured.received if r.method == "POST"]
    assert len(bodies) == len(outbox()) > 6
    for body in bodies:
        assert not [s for s in SECRET if s in body], body
        stages = [s.value for s in SpectrumStage] + ["abstinent", "treatment", "drug"]
        assert not [s for s in stages if s in body.lower()], body
    for sent in notify_configured.sent:
        assert set(sent.personalisation) <= MESSAGE_FIELDS
