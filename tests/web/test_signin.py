"""Sign-in for people: argon2 passwords, a signed session cookie, CSRF on every form, sign-out,
and the API's roles and scopes on every page (requests over real HTTP on loopback)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from sqlalchemy import select
from sqlmodel import Session

from resettlement import clock
from resettlement.access.users import MAX_PASSWORD, add_user
from resettlement.errors import InvalidInput
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.storage.tables import AuditEntry
from resettlement.vocabulary import Role
from resettlement.web.session import COOKIE, SESSION_HOURS
from tests.conftest import NOW
from tests.factories import (
    FAR_AREA,
    FAR_PRISON,
    received_case,
)


def test_a_page_without_a_session_sends_the_person_to_sign_in_and_back(web, db):
    response = web.get("/cases?weeks=4", allow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/cases%3Fweeks%3D4"
    signed = web.post("/sign-in", {"username": "durham", "password": "x", "next": "/cases"})
    assert signed.status_code == 403  # no token yet: the sign-in page was never loaded
    web.get("/sign-in?next=/cases%3Fweeks%3D4")
    landed = web.post(
        "/sign-in",
        {"username": "durham", "password": "correct horse battery staple", "next": "/tasks"},
        allow_redirects=False,
    )
    assert landed.status_code == 303 and landed.headers["location"] == "/tasks"


def test_the_right_password_signs_in_and_shows_who_is_signed_in(web, db):
    page = web.sign_in("durham")
    assert page.status_code == 200 and page.url.endswith("/today")
    assert "Signed in as <strong>durham</strong>" in page.text
    assert "Prison resettlement team, HMP Durham" in page.text


def test_a_wrong_password_is_refused_with_an_error_summary_and_no_session(web, db):
    page = web.sign_in("durham", "not the password at all")
    assert page.status_code == 422
    assert "There is a problem" in page.text and 'href="#username"' in page.text
    assert "Enter a correct username and password" in page.text
    assert 'value="not the password' not in page.text  # a password is never echoed back
    assert web.get("/cases", allow_redirects=False).status_code == 303


def test_empty_fields_are_named_in_the_error_summary(web, db):
    web.get("/sign-in")
    page = web.post("/sign-in", {"username": "", "password": ""})
    assert page.status_code == 422
    assert "Enter your username" in page.text and "Enter your password" in page.text


def test_the_session_cookie_is_signed_httponly_samesite_lax_and_expires(web, db):
    web.get("/sign-in")
    response = web.post(
        "/sign-in",
        {"username": "durham", "password": "correct horse battery staple"},
        allow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert "Max-Age=" in cookie


def test_a_tampered_session_cookie_counts_as_signed_out(web, db):
    web.sign_in("durham")
    value = web.http.cookies.get(COOKIE)
    web.http.cookies.set(COOKIE, value[:-3] + ("aaa" if not value.endswith("aaa") else "bbb"))
    assert web.get("/cases", allow_redirects=False).status_code == 303


def test_a_form_without_the_csrf_token_is_refused_with_a_403_page(web, db):
    web.sign_in("durham")
    response = web.post("/sign-out", {"csrf_token": "forged"})
    assert response.status_code == 403 and "security token" in response.text
    assert web.get("/cases").status_code == 200  # still signed in: nothing happened


def test_signing_out_ends_the_session(web, db):
    web.sign_in("durham")
    page = web.post("/sign-out")
    assert page.url.endswith("/sign-in") and "You have signed out" in page.text
    assert web.get("/cases", allow_redirects=False).status_code == 303


def test_a_copy_of_the_cookie_taken_before_sign_out_signs_nobody_in_after_it(web, server_url, db):
    web.sign_in("durham")
    copied = web.http.cookies.get(COOKIE)
    web.post("/sign-out")
    with requests.Session() as other:
        other.cookies.set(COOKIE, copied)
        replayed = other.get(server_url + "/cases", allow_redirects=False, timeout=30)
    assert replayed.status_code == 303
    assert replayed.headers["location"].startswith("/sign-in")


def test_a_session_ends_after_its_hours_even_without_sign_out(web, db):
    web.sign_in("durham")
    with clock.frozen_at(NOW + timedelta(hours=SESSION_HOURS, seconds=1)):
        assert web.get("/cases", allow_redirects=False).status_code == 303


def test_a_case_outside_the_scope_is_a_404_page_audited_as_a_refused_read(api, web, db):
    case_id = received_case(api, at=NOW, prison=FAR_PRISON, area=FAR_AREA)
    web.sign_in("newcastle")
    page = web.get(f"/cases/{case_id}")
    assert page.status_code == 404 and "Page not found" in page.text
    with Session(db.engine) as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.username == "newcastle"))
        rows = rows.scalars().all()
    assert [(r.username, r.case_id, r.kind, r.via) for r in rows] == [
        ("newcastle", case_id, "refused", "web")
    ]
    assert rows[0].credential.startswith("session:")


def test_a_role_that_may_not_use_a_page_gets_a_403_page(api, web, db):
    case_id = received_case(api, at=NOW)
    web.sign_in("newcastle")
    assert web.get(f"/cases/{case_id}/hacs-assessment").status_code == 403
    assert web.get("/pipeline").status_code == 403


def test_every_read_of_a_case_page_is_audited_via_web(api, web, db):
    case_id = received_case(api, at=NOW)
    web.sign_in("durham")
    assert web.get(f"/cases/{case_id}").status_code == 200
    with Session(db.engine) as session:
        rows = session.exec(select(AuditEntry)).scalars().all()
    seen = {(r.username, r.case_id, r.via, r.action) for r in rows}
    assert ("durham", case_id, "web", "read") in seen
    assert ("durham", case_id, "web", "list_today") in seen  # the today page it was opened from


def test_the_api_still_takes_only_bearer_tokens(web, server_url, db):
    web.sign_in("admin")
    response = web.http.get(server_url + "/api/v1/cases", timeout=30)
    assert response.status_code == 401


def test_a_deactivated_user_is_signed_out_at_once(web, db):
    from sqlalchemy import update

    from resettlement.storage.tables import User

    web.sign_in("durham")
    with Session(db.engine) as session:
        session.execute(update(User).where(User.username == "durham").values(active=False))
        session.commit()
    assert web.get("/cases", allow_redirects=False).status_code == 303


def test_an_unknown_page_is_an_html_404_for_people_and_json_for_programs(server_url, web, db):
    page = web.get("/no-such-page", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "Page not found" in page.text
    api = web.http.get(server_url + "/api/v1/no-such-thing", timeout=30)
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}


def test_too_many_wrong_passwords_lock_the_username_for_a_while(web, db):
    rules = get_policy().sign_in
    for _ in range(rules.max_failures):
        assert web.sign_in("cardiff", "a wrong password").status_code == 422
    locked = web.sign_in("cardiff")  # even the right password, while locked
    assert locked.status_code == 422 and "Too many wrong passwords" in locked.text
    with clock.frozen_at(NOW + timedelta(minutes=rules.lockout_minutes, seconds=1)):
        assert web.sign_in("cardiff").status_code == 200


def test_the_lock_out_is_kept_in_the_database_so_every_api_node_sees_it(web, db):
    from resettlement.access.sign_in import locked_out

    rules = get_policy().sign_in
    for _ in range(rules.max_failures):
        web.sign_in("cardiff", "a wrong password")
    with Session(db.engine) as session:  # what another node, on the same database, asks
        assert locked_out(session, username="cardiff", rules=rules, now=NOW)
        assert not locked_out(session, username="durham", rules=rules, now=NOW)


def test_the_right_password_starts_the_count_of_wrong_ones_again(web, db):
    rules = get_policy().sign_in
    for _ in range(rules.max_failures - 1):
        web.sign_in("cardiff", "a wrong password")
    assert web.sign_in("cardiff").status_code == 200
    web.post("/sign-out")
    assert web.sign_in("cardiff", "a wrong password").status_code == 422
    assert web.sign_in("cardiff").status_code == 200  # one failure since: not locked


def test_a_password_over_the_limit_is_refused_by_name_not_cut_short_and_matched(web, db):
    typed = "correct horse battery staple" + "x" * MAX_PASSWORD
    page = web.sign_in("durham", typed)
    assert page.status_code == 422 and "There is a problem" in page.text
    assert f"Password must be {MAX_PASSWORD} characters or fewer" in page.text
    assert 'href="#password"' in page.text and 'value="durham"' in page.text
    assert "xxxxxxxxxx" not in page.text  # a password is never echoed back
    assert web.get("/cases", allow_redirects=False).status_code == 303


def test_a_password_longer_than_sign_in_takes_cannot_be_set(db):
    with pytest.raises(InvalidInput) as refused, session_scope() as session:
        add_user(
            session,
            username="long-password",
            role=Role.admin,
            scope=None,
            reference=get_reference(),
            password="y" * (MAX_PASSWORD + 1),
        )
    assert [p.field for p in refused.value.problems] == ["password"]
