"""The audit trail: every read, list, write, export and refused read, with who, when, via what
and which credential; GET /audit for admins; a hash chain whose tampering is named."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlmodel import Session, col
from typer.testing import CliRunner

from resettlement.access.audit_chain import seal_all, verify
from resettlement.cli.main import app
from resettlement.storage.db import session_scope
from resettlement.storage.tables import AuditEntry
from tests.conftest import NOW
from tests.factories import FAR_AREA, FAR_PRISON, hacs_body, received_case


def _rows(db, **where):
    with Session(db.engine) as session:
        query = select(AuditEntry).order_by(col(AuditEntry.id))
        for name, value in where.items():
            query = query.where(getattr(AuditEntry, name) == value)
        return session.exec(query).scalars().all()


def test_lists_reads_writes_and_refusals_are_audited_with_who_how_and_which_token(api, db):
    case_id = received_case(api, at=NOW)
    api.get("/tasks", user="durham")
    api.get(f"/cases/{case_id}", user="rom-ne")
    api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body(), user="durham-hacs")
    api.get(f"/cases/{case_id}", user="cardiff")
    seen = {(r.username, r.kind, r.action, r.via) for r in _rows(db, case_id=case_id)}
    assert ("durham", "read", "list_tasks", "api") in seen
    assert ("rom-ne", "read", "read", "api") in seen
    assert ("durham-hacs", "write", "hacs_assessment", "api") in seen
    assert ("cardiff", "refused", "read", "api") in seen
    tokens = {r.credential for r in _rows(db, case_id=case_id)}
    assert all(t and t.startswith("token:") and len(t) == len("token:") + 12 for t in tokens)
    assert not any(api.tokens[u] in str(tokens) for u in api.tokens)  # never the secret


def test_get_audit_lists_oldest_first_by_case_and_user_for_admins_only(api, db):
    case_id = received_case(api, at=NOW)
    api.get(f"/cases/{case_id}", user="durham")
    api.get(f"/cases/{case_id}", user="rom-ne")
    body = api.get(f"/audit?case_id={case_id}").json()
    assert [(i["user"], i["action"], i["via"]) for i in body["items"]][-2:] == [
        ("durham", "read", "api"),
        ("rom-ne", "read", "api"),
    ]
    assert body["total"] == len(body["items"]) and all(i["at"] for i in body["items"])
    only = api.get("/audit?user=rom-ne").json()
    assert {i["user"] for i in only["items"]} == {"rom-ne"}
    assert api.get("/audit", user="rom-ne").status_code == 403
    assert api.get("/audit", user="durham").status_code == 403


def test_an_admin_sees_on_the_case_page_who_has_read_it(api, web, db):
    case_id = received_case(api, at=NOW)
    api.get(f"/cases/{case_id}", user="rom-ne")
    web.sign_in("admin")
    page = web.get(f"/cases/{case_id}").text
    assert 'data-testid="read-by"' in page and "rom-ne" in page
    web.sign_in("durham")
    assert 'data-testid="read-by"' not in web.get(f"/cases/{case_id}").text


def test_the_chain_is_intact_after_requests_and_verify_says_so(api, db):
    case_id = received_case(api, at=NOW)
    for user in ("durham", "rom-ne", "newcastle"):
        api.get(f"/cases/{case_id}", user=user)
    with session_scope() as session:
        seal_all(session)
    with session_scope(write=False) as session:
        verdict = verify(session)
    assert verdict.intact and verdict.checked >= 4 and verdict.unsealed == 0
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def _sealed_trail(api, db) -> list[AuditEntry]:
    case_id = received_case(api, at=NOW)
    for user in ("durham", "rom-ne", "newcastle", "admin"):
        api.get(f"/cases/{case_id}", user=user)
    with session_scope() as session:
        seal_all(session)
    return _rows(db)


def test_a_changed_row_is_named_by_audit_verify(api, db):
    rows = _sealed_trail(api, db)
    target = rows[2]
    with session_scope() as session:
        session.execute(
            update(AuditEntry).where(col(AuditEntry.id) == target.id).values(username="nobody")
        )
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"first bad row: {target.id}" in result.output


def test_a_removed_row_is_named_by_the_row_after_it(api, db):
    rows = _sealed_trail(api, db)
    with session_scope() as session:
        session.execute(delete(AuditEntry).where(col(AuditEntry.id) == rows[1].id))
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"first bad row: {rows[2].id}" in result.output


def test_removing_the_last_rows_shows_against_the_chain_head(api, db):
    rows = _sealed_trail(api, db)
    with session_scope() as session:
        session.execute(delete(AuditEntry).where(col(AuditEntry.id) == rows[-1].id))
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1 and "removed" in result.output


def test_each_request_writes_its_read_rows_in_one_insert_and_seals_them(api, db):
    for _ in range(3):
        received_case(api, at=NOW)
    api.get("/cases", user="durham")
    with Session(db.engine) as session:
        unsealed = session.execute(
            select(func.count()).select_from(AuditEntry).where(col(AuditEntry.chain_seq).is_(None))
        ).scalar_one()
    assert unsealed == 0
    listed = _rows(db, username="durham", action="list")
    assert len(listed) == 3 and len({r.at for r in listed}) == 1


def test_out_of_scope_reads_of_a_case_that_exists_are_refusals_and_of_none_are_nothing(api, db):
    case_id = received_case(api, at=NOW, prison=FAR_PRISON, area=FAR_AREA)
    assert api.get(f"/cases/{case_id}", user="durham").status_code == 404
    assert api.get("/cases/no-such-case", user="durham").status_code == 404
    refused = _rows(db, kind="refused")
    assert [(r.username, r.case_id) for r in refused] == [("durham", case_id)]
