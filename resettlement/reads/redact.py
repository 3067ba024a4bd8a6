"""The consent filter: drug-treatment details leave the prison side only with consent_share_cjit.

Drug-treatment details are the CARAT assessment, the spectrum-of-need stage and the release
plan's `carat` section. Without consent they are removed (a packet says
`"drug_treatment": {"consent": "not_given"}` instead), and every copy of their text in a
free-text field elsewhere (other plan sections, notes, timeline data) is replaced by
`[withheld]`; a field that still holds a copy after that is withheld whole. Every spectrum stage
name is always treated as drug-treatment text. Pieces shorter than `MIN_TERM` characters are too
short to identify anything and are not hunted for. Pure functions: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from resettlement.vocabulary import SpectrumStage

WITHHELD = "[withheld]"
NOT_GIVEN: dict[str, str] = {"consent": "not_given"}
MIN_TERM = 3
DRUG_TREATMENT_WORDS = ("carat", "spectrum", "drug")
# A sentence or a line of a drug-treatment text is hunted for on its own as well as whole.
_PIECES = re.compile(r"[\r\n.;!?]+")
# Keys whose values identify or date a record: never free text, never rewritten.
_STRUCTURAL_KEYS = frozenset(
    {"id", "seq", "kind", "party", "status", "team", "episode", "version", "area", "prison"}
)
_STRUCTURAL_SUFFIXES = ("_id", "_at", "_on", "_by", "_date", "_key")

Keep = Callable[[str], bool]


def spectrum_names() -> frozenset[str]:
    """Every spectrum-of-need stage, as a code and in words."""
    return frozenset(
        name for stage in SpectrumStage for name in (stage.value, stage.value.replace("_", " "))
    )


def _strings(value: Any, *, keys: bool = False) -> Iterator[str]:
    """Every string value inside a JSON-like value (and the keys, when asked)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if keys:
                yield str(key)
            yield from _strings(item, keys=keys)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item, keys=keys)


def sensitive_terms(*sources: Any) -> frozenset[str]:
    """The text to hunt for: every string value in the sources, each line and sentence too.

    Keys are field names ("notes"), not what the person told CARAT: they are not hunted for.
    """
    terms = set(spectrum_names())
    for text in _strings(list(sources)):
        for piece in (text, *_PIECES.split(text)):
            piece = piece.strip()
            # A piece of the marker itself could never be scrubbed away: skip it.
            if len(piece) >= MIN_TERM and piece.casefold() not in WITHHELD.casefold():
                terms.add(piece)
    return frozenset(terms)


@lru_cache(maxsize=256)
def _pattern(terms: frozenset[str]) -> re.Pattern[str]:
    longest_first = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in longest_first), re.IGNORECASE)


def scrub_text(text: str, terms: frozenset[str]) -> str:
    """Replace every copy of a term in a free text; withhold the text whole if any survives."""
    if not terms:
        return text
    cleaned = _pattern(terms).sub(WITHHELD, text)
    folded = cleaned.casefold()
    if any(term.casefold() in folded for term in terms):
        return WITHHELD
    return cleaned


def is_structural(key: str) -> bool:
    return key in _STRUCTURAL_KEYS or key.endswith(_STRUCTURAL_SUFFIXES)


def _never(_key: str) -> bool:
    return False


def scrub(value: Any, terms: frozenset[str], *, keep: Keep = _never) -> Any:
    """A copy of a JSON-like value with every free text scrubbed (keys too, except `keep`)."""
    if isinstance(value, str):
        return scrub_text(value, terms)
    if isinstance(value, list | tuple):
        return [scrub(item, terms, keep=keep) for item in value]
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = scrub_text(str(key), terms)
            while name in out:  # two keys withheld alike must not overwrite each other
                name += "'"
            out[name] = item if keep(str(key)) else scrub(item, terms, keep=keep)
        return out
    return value


def filter_packet(packet: dict[str, Any], *, consent: bool) -> dict[str, Any]:
    """The packet as it may leave: whole with consent; without, no drug-treatment detail.

    The packet's identity, release, area and accommodation fields are structured facts that
    always leave; the release plan sections and appointments are free text and are scrubbed.
    """
    if consent:
        return packet
    terms = sensitive_terms(packet.get("drug_treatment"))
    out = {k: v for k, v in packet.items() if k != "drug_treatment"}
    for key in ("release_plan", "appointments"):
        if key in out:
            out[key] = scrub(out[key], terms, keep=is_structural)
    out["drug_treatment"] = dict(NOT_GIVEN)
    return out


def mentions_drug_treatment(texts: Iterable[str]) -> bool:
    folded = " ".join(texts).casefold()
    return any(word in folded for word in DRUG_TREATMENT_WORDS)


def _without_carat_section(plan: dict[str, Any] | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    out = dict(plan)
    out["sections"] = {p: s for p, s in (plan.get("sections") or {}).items() if p != "carat"}
    if "previous_versions" in plan:
        out["previous_versions"] = [_without_carat_section(v) for v in plan["previous_versions"]]
    return out


def _plans(plan: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [plan, *(plan.get("previous_versions") or [])] if plan else []


def _withheld_event(event: dict[str, Any]) -> dict[str, Any]:
    texts = [str(event.get("kind", "")), *_strings(event.get("data"), keys=True)]
    if mentions_drug_treatment(texts):
        return {**event, "data": {"withheld": "no consent to share drug-treatment details"}}
    return event


# Sections of the case view that hold free text written by staff.
_FREE_TEXT_SECTIONS = (
    "assessments",
    "consents",
    "referral",
    "release_plan",
    "tasks",
    "tenancy_checks",
    "timeline",
)


def filter_case_view(view: dict[str, Any], *, consent: bool) -> dict[str, Any]:
    """A case as a CJIT worker may read it: without consent, no drug-treatment detail."""
    if consent:
        return view
    assessments = view.get("assessments") or []
    carat = [a.get("data") for a in assessments if a.get("kind") == "carat"]
    plan = view.get("release_plan")
    carat_sections = [(p.get("sections") or {}).get("carat") for p in _plans(plan)]
    handover = view.get("handover")
    sent = handover.get("packet", {}).get("drug_treatment") if handover else None
    terms = sensitive_terms(carat, view.get("spectrum_stage"), carat_sections, sent)
    out = dict(view)
    out["assessments"] = [a for a in assessments if a.get("kind") != "carat"]
    out["spectrum_stage"] = None
    out["release_plan"] = _without_carat_section(plan)
    out["timeline"] = [_withheld_event(e) for e in view.get("timeline") or []]
    for key in _FREE_TEXT_SECTIONS:
        if out.get(key) is not None:
            out[key] = scrub(out[key], terms, keep=is_structural)
    if handover:
        out["handover"] = {**handover, "packet": filter_packet(handover["packet"], consent=False)}
    return out
