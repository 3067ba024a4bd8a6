"""What every client of another system says about a failed connection or a "come back later".

Shared by the CJIT, Notify and HMPPS clients: a connection error in a few words (never a URL,
header or body), and the wait a `Retry-After` header asks for.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests

# The causes worth naming; anything else is named by its exception class.
_KNOWN_CAUSES = ("Connection refused", "Connection reset", "Name or service not known")


def short_reason(exc: requests.ConnectionError) -> str:
    """The underlying cause in a few words (e.g. 'Connection refused')."""
    text = str(exc.args[0] if exc.args else exc)
    for marker in _KNOWN_CAUSES:
        if marker in text:
            return marker
    return type(exc).__name__


def retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), if usable."""
    text = (value or "").strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
