"""A task links to the form that clears it only for a viewer whose route would let them in (the
same permission, access/permissions.may, asked with the action the form's route requires);
anyone else is sent to the case, never to a 403 page."""

from __future__ import annotations

import re

from resettlement.access.users import Principal
from resettlement.vocabulary import Role, Team
from resettlement.web.task_links import clear_link
from tests.conftest import NOW
from tests.factories import AREA, PRISON, REGION, hacs_body, received_case

CLEARS = re.compile(r'<a class="govuk-link govuk-body-s" href="([^"]+)">([^<]+)<span')


def _task_links(web, user: str) -> list[tuple[str, str]]:
    web.sign_in(user)
    page = web.get("/tasks?team=all&status=all")
    assert page.status_code == 200
    return [(href.replace("&amp;", "&"), text) for href, text in CLEARS.findall(page.text)]


def _world(api) -> str:
    """A reception (HACS and CARAT assessments due) and a referral to make (duty to refer)."""
    case_id = received_case(api, at=NOW, release_in_days=60)
    threatened = hacs_body(threatened_with_homelessness=True, duty_to_refer_consent=True)
    other = received_case(api, at=NOW, release_in_days=90)
    assert api.post(f"/cases/{other}/hacs-assessment", json=threatened).ok
    return case_id


def test_a_roms_task_list_sends_it_to_the_case_not_to_a_form_it_may_not_use(api, web, db):
    case_id = _world(api)
    links = _task_links(web, "rom-ne")
    hrefs = {href for href, _text in links}
    assert f"/cases/{case_id}" in hrefs
    assert not [h for h in hrefs if h.endswith(("-assessment", "/referral", "/accommodation"))]
    assert {text for _href, text in links} == {"Go to the case"}


def test_every_task_link_opens_for_the_viewer_of_each_role(api, web, db):
    _world(api)
    offered: set[str] = set()
    for user in ("durham-hacs", "durham-carat", "durham-probation", "newcastle", "rom-ne"):
        client = type(web)(web.base)
        links = _task_links(client, user)
        assert links, user
        for href, text in links:
            offered.add(f"{user} {text}")
            assert client.get(href.split("#")[0]).status_code == 200, (user, href)
    # those whose form it is get the form
    assert {"durham-hacs Record the HACS assessment", "durham-hacs Record the referral"} <= offered
    assert "durham-carat Record the CARAT assessment" in offered
    assert "durham-carat Record the HACS assessment" not in offered


def test_signing_the_release_plan_is_offered_to_the_tasks_party_and_admins_only():
    def link(who: Principal, team: str) -> tuple[str, str]:
        return clear_link(who, "release_plan_signoff", "c1", team)

    probation = Principal("p", Role.prison_staff, PRISON, Team.probation)
    hacs = Principal("h", Role.prison_staff, PRISON, Team.hacs)
    cjit = Principal("c", Role.cjit_worker, AREA)
    rom = Principal("r", Role.rom, REGION)
    admin = Principal("a", Role.admin, None)
    sign = ("Sign the release plan", "/cases/c1/release-plan")
    see = ("See the release plan", "/cases/c1/release-plan")
    assert link(probation, "probation") == sign and link(hacs, "probation") == see
    assert link(cjit, "cjit") == sign and link(cjit, "hacs") == see
    assert link(rom, "probation") == see and link(admin, "carat") == sign
    assert clear_link(rom, "hacs_assessment_due", "c1", "hacs") == ("Go to the case", "/cases/c1")
    assert clear_link(hacs, "hacs_assessment_due", "c1", "hacs")[1] == "/cases/c1/hacs-assessment"
