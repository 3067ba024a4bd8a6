"""The person's own pages, in English or Welsh (`?lang=cy`): their one-time link asks for their
date of birth, then shows their plan in plain words for a short session.

No staff sign-in here: the link's secret and the right date of birth are the key, once. The
session's token lives in a cookie of its own (HttpOnly, SameSite=Strict, this page only); the
plan is read through person_view (visibility applied); every use is audited there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from resettlement import clock
from resettlement.needs.catalogue import get_catalogue
from resettlement.person_view import commands as links
from resettlement.person_view.content import get_person_page, nation_of
from resettlement.person_view.reads import own_plan
from resettlement.person_view.rules import LinkState
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case
from resettlement.vocabulary import Role
from resettlement.web import forms
from resettlement.web.auth import Form
from resettlement.web.person_words import LANGUAGES, say, say_date
from resettlement.web.render import render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
PLAN_PATH = "/your-plan"
COOKIE = "resettle_person"
GONE = 410


def _lang(value: str | None) -> str:
    return value if value in LANGUAGES else "en"


def _page(
    request: Request, template: str, lang: str, context: dict[str, Any], status: int = 200
) -> Response:
    words = {
        "lang": lang,
        "t": lambda key, **values: say(key, lang, **values),
        "d": lambda value: say_date(value, lang),
        "here": request.url.path,
        "offer_welsh": lang == "cy",
    }
    return render(request, template, {**words, **context}, status)


def _gone(request: Request, lang: str, *, session_ended: bool = False) -> Response:
    prefix = "ended" if session_ended else "gone"
    context = {"title": f"{prefix}_title", "body": f"{prefix}_body"}
    return _page(request, "person_gone.html", lang, context, GONE)


def _welsh_area(secret: str) -> bool:
    with session_scope(write=False) as session:
        case = links.case_of_link(session, secret)
    return case is not None and nation_of(case.destination_area) == "wales"


@router.get(PLAN_PATH)
def plan_page(request: Request, lang: str | None = None) -> Response:
    chosen = _lang(lang)
    token = request.cookies.get(COOKIE)
    with session_scope() as session:
        link = links.link_of_session(session, token, clock.now()) if token else None
        case = session.get(Case, link.case_id) if link else None
        plan = None
        if link is not None and case is not None:
            plan = own_plan(session, case, get_catalogue(), maker=Role(link.maker_role))
        area = case.destination_area if case else None
    if plan is None:
        return _gone(request, chosen, session_ended=True)
    catalogue, content = get_catalogue(), get_person_page()
    nation = nation_of(area)

    def need_words(pathway: str, code: str) -> str:
        entry = catalogue.get(pathway, code)
        return entry.person.say(chosen) if entry else code.replace("_", " ")

    brought = [catalogue.get(b["pathway"], b["need"]) for b in plan["bring"]]
    context = {
        "plan": plan,
        "need_words": need_words,
        "bring": [w.say(chosen) for w in content.bring]
        + [e.bring.say(chosen) for e in brought if e and e.bring],
        "helplines": [
            {"name": h.name.say(chosen), "number": h.number} for h in content.helplines_for(nation)
        ],
        "offer_welsh": chosen == "cy" or nation == "wales",
    }
    return _page(request, "person_plan.html", chosen, context)


@router.get("/p/{secret}")
def link_page(request: Request, secret: str, lang: str | None = None) -> Response:
    chosen = _lang(lang)
    with session_scope(write=False) as session:
        state = links.state_of(links.link_of(session, secret), clock.now())
    if state != LinkState.usable:
        return _gone(request, chosen)
    context = {"offer_welsh": chosen == "cy" or _welsh_area(secret), "error": None}
    return _page(request, "person_sign_in.html", chosen, context)


def _date_of_birth(form: Any) -> tuple[date | None, str | None, dict[str, str]]:
    """The date typed, or the key of the problem with it; and the values as typed."""
    state = forms.read(form, [], dates=["dob"])
    typed = dict(state.values)
    if not any(typed.values()):
        return None, "dob_missing", typed
    value = forms.date_value(state, "dob")
    if value is None:
        return None, "dob_invalid", typed
    return date.fromisoformat(value), None, typed


@router.post("/p/{secret}")
def link_submit(request: Request, secret: str, form: Form) -> Response:
    chosen = _lang(form.get("lang") if isinstance(form.get("lang"), str) else None)  # type: ignore[arg-type]
    born, problem, typed = _date_of_birth(form)
    now, rules = clock.now(), get_policy().person_link
    if born is not None:
        with session_scope() as session:
            result = links.sign_in(
                session, secret=secret, date_of_birth=born, now=now, policy=rules
            )
        if result.outcome == links.Outcome.not_usable:
            return _gone(request, chosen)
        if result.outcome == links.Outcome.signed_in and result.session_token:
            return _signed_in(request, result.session_token, chosen, rules.session_minutes)
        problem = "dob_wrong"
        message = say(problem, chosen, n=result.attempts_left)
    else:
        message = say(problem or "dob_missing", chosen)
    context = {
        "offer_welsh": chosen == "cy" or _welsh_area(secret),
        "error": message,
        "values": typed,
        "error_list": [("dob-day", message)],
    }
    return _page(request, "person_sign_in.html", chosen, context, 422)


def _signed_in(request: Request, token: str, lang: str, minutes: int) -> Response:
    response = RedirectResponse(f"{PLAN_PATH}?lang={lang}", status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=minutes * 60,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=PLAN_PATH,
    )
    return response
