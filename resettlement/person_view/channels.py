"""How the person's link reaches them: the one seam for it.

Today the link is printed on a slip at the gate (`slip`: staff print the page that shows it, or
copy it), so there is nothing to send. Once notifications exist (GOV.UK Notify, issue #13) an
`sms` sender registers itself in `SENDERS`: it texts the link to the number the person consented
to be texted on, as a notification of kind `person_link` that never stores the link's secret in
its body (the secret is shown once; only its hash is kept). Until then `sms` is refused (422).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from sqlmodel import Session

from resettlement.errors import InvalidInput
from resettlement.person_view.commands import IssuedLink


class LinkChannel(StrEnum):
    slip = "slip"
    sms = "sms"


# What sends a link by each channel other than the slip: (session, the link as made) -> None.
LinkSender = Callable[[Session, IssuedLink], None]
SENDERS: dict[LinkChannel, LinkSender] = {}


def deliver(session: Session, issued: IssuedLink, channel: LinkChannel) -> None:
    """Send the link by `channel` in the same transaction as it was made (a slip: nothing)."""
    if channel == LinkChannel.slip:
        return
    sender = SENDERS.get(channel)
    if sender is None:
        raise InvalidInput.one("send_by", f"{channel.value} is not available yet: print the slip")
    sender(session, issued)
