"""Staff make the person's one-time link from the case page: the same service as POST
/cases/{id}/person-link. The link is shown once, on a slip to print and give at the gate (its
secret is never stored); for a person returning to Wales the slip offers the Welsh page too."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from resettlement.person_view.content import nation_of
from resettlement.person_view.inputs import PersonLinkIn
from resettlement.reads.summary import CaseSummary
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case
from resettlement.web.auth import Form, Viewer
from resettlement.web.render import render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.post("/cases/{case_id}/person-link")
def make_link(request: Request, case_id: str, viewer: Viewer, form: Form) -> Response:
    base = str(request.base_url)
    body = PersonLinkIn.model_validate({"send_by": form.get("send_by") or "slip"})
    with session_scope() as session:
        issued = body.apply(session, principal=viewer, case_id=case_id, base_url=base)
        case = session.get(Case, issued.case_id)
        assert case is not None
        summary = CaseSummary.of(case).model_dump(mode="json")
        welsh = nation_of(case.destination_area) == "wales"
    context = {"case": summary, "link": issued, "welsh": welsh, "texted": body.send_by == "sms"}
    return render(request, "person_link.html", context, 201)
