"""The one vocabulary of labels: every code has plain words, dates and times read as words."""

from __future__ import annotations

import enum
import re

import resettlement.vocabulary as vocabulary
from resettlement.web import labels, timeline_words


def every_code() -> list[str]:
    """Every value of every enum in resettlement/vocabulary.py."""
    return sorted(
        {
            str(member.value)
            for thing in vars(vocabulary).values()
            if isinstance(thing, type)
            and issubclass(thing, enum.Enum)
            and thing.__module__ == vocabulary.__name__
            for member in thing
        }
    )


def test_every_code_of_the_vocabulary_has_words_without_underscores():
    for code in every_code():
        words = labels.label(code)
        assert "_" not in words and words[:1].isupper(), (code, words)


def test_codes_that_are_not_words_have_their_own_label():
    assert labels.label("nfa") == "No fixed abode"
    assert labels.label("abstinent_potentially_vulnerable") == "Abstinent, potentially vulnerable"
    assert labels.label("share_cjit", "consent") == "Share information with the CJIT"


def test_relative_days_read_as_people_say_them():
    assert [labels.relative_days(n) for n in (0, 1, -1, 5, -147)] == [
        "today",
        "tomorrow",
        "yesterday",
        "in 5 days",
        "147 days ago",
    ]


def test_a_timeline_entry_is_a_sentence_without_ids_or_iso_dates():
    text = timeline_words.sentence(
        "tenancy_check_recorded",
        {"check_id": "0d6f7c1e-3b1a-4b8e-9d1f-2a3b4c5d6e7f", "day_offset": 1, "outcome": "lost"},
    )
    assert text == "Tenancy check at day 1 recorded: lost."
    other = timeline_words.sentence("person_link_made", {"expires_at": "2026-07-09T23:59:59+01:00"})
    assert "2026-07-09" not in other and "9 July 2026" in other
    moved = timeline_words.sentence("stage_changed", {"from": "received", "to": "assessed"})
    assert moved == "Moved from received to assessed."
    assert not re.search(
        r"[a-z]_[a-z]", timeline_words.sentence("need_updated", {"status": "in_progress"})
    )


def test_the_timeline_is_newest_first():
    entries = timeline_words.entries(
        [
            {"kind": "received", "occurred_at": "2026-01-01T09:00:00+00:00", "data": {}},
            {"kind": "release_plan_opened", "occurred_at": "2026-02-01T09:00:00+00:00"},
        ]
    )
    assert [e["kind"] for e in entries] == ["release_plan_opened", "received"]
    assert entries[0]["who"] == "The system"
