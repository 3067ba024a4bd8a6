"""Which movement an HMPPS prisoner event describes, and why the gateway ignores some.

Facts taken from public code (read 2026-12-02; no code copied):

[1] ministryofjustice/hmpps-prisoner-search, hmpps-prisoner-search-indexer/src/main/kotlin/.../
    services/events/HmppsDomainEventEmitter.kt: event types `prisoner-offender-search.prisoner
    .received` / `.released`; received reasons NEW_ADMISSION, READMISSION,
    READMISSION_SWITCH_BOOKING, TRANSFERRED, RETURN_FROM_COURT, TEMPORARY_ABSENCE_RETURN,
    POST_MERGE_ADMISSION; released reasons TEMPORARY_ABSENCE_RELEASE, RELEASED_TO_HOSPITAL,
    RELEASED, SENT_TO_COURT, TRANSFERRED; no movement reason code in the event.
    PrisonerMovementsEventService.kt: a transfer gives a released TRANSFERRED (prisonId = the
    prison left) and, on arrival, a received TRANSFERRED (prisonId = the new prison); READMISSION
    is an admission on the same booking after an inactive-out status.
[2] ministryofjustice/prison-offender-events, src/main/kotlin/.../services/
    ReceivePrisonerReasonCalculator.kt: received reasons ADMISSION, TEMPORARY_ABSENCE_RETURN,
    RETURN_FROM_COURT, TRANSFERRED; ReleasePrisonerReasonCalculator.kt: released reasons
    UNKNOWN, TEMPORARY_ABSENCE_RELEASE, RELEASED_TO_HOSPITAL (movement reason HP), RELEASED,
    SENT_TO_COURT, TRANSFERRED; HMPPSDomainEventsEmitter.kt: event types `prison-offender-events
    .prisoner.received` / `.released`, with `nomisMovementReasonCode` in additionalInformation;
    PrisonApiService.kt: recall admission codes L (licence revoked), Y (recall from DTO),
    B (recall from HDC); transfer-in codes INT, TRNCRT, TRNTAP.
[3] ministryofjustice/hmpps-welcome-people-into-prison-api, .../model/arrivals/
    ValidImprisonmentStatusAndMovementReasons.kt: the movement reasons of a "Recalled"
    reception: Y, ETRLR, ETRRIE, ETB, B, H, 24, L (a later version adds ETRB).
[4] ministryofjustice/prison-api, src/main/resources/db/migration/data/
    R__1_13__MOVEMENT_REASONS.sql (reference data): ADM 24 "Recall from Intermittent Custody",
    B "Recall From HDC", L "Licence Revokee", Y "Recall from DTO".
"""

from __future__ import annotations

from enum import StrEnum


class Movement(StrEnum):
    ADMISSION = "admission"  # a new custody episode
    RECALL = "recall"  # back into custody with a recall movement reason code
    READMISSION = "readmission"  # back on an existing booking, no recall code: admission-like
    TRANSFER = "transfer"
    RELEASE = "release"
    COURT = "court"
    TEMPORARY_ABSENCE = "temporary_absence"
    HOSPITAL = "hospital"
    OTHER = "other"


# [2] L, Y, B; [3] and [4] add 24, ETRLR, ETRRIE, ETRB, ETB, H (all "Recalled" receptions).
RECALL_CODES = frozenset({"L", "Y", "B", "24", "ETRLR", "ETRRIE", "ETRB", "ETB", "H"})
# Named in our brief as recall codes; not found in the public code read above: confirm or drop.
UNCONFIRMED_RECALL_CODES = frozenset({"PD", "ELR"})

RECEIVED = {
    "NEW_ADMISSION": Movement.ADMISSION,  # [1]
    "POST_MERGE_ADMISSION": Movement.ADMISSION,  # [1] admission following a record merge
    "ADMISSION": Movement.ADMISSION,  # [2] new or re-admission alike
    "READMISSION": Movement.READMISSION,  # [1]
    "READMISSION_SWITCH_BOOKING": Movement.READMISSION,  # [1]
    "TRANSFERRED": Movement.TRANSFER,  # [1] [2]
    "RETURN_FROM_COURT": Movement.COURT,  # [1] [2]
    "TEMPORARY_ABSENCE_RETURN": Movement.TEMPORARY_ABSENCE,  # [1] [2]
}
RELEASED = {
    "RELEASED": Movement.RELEASE,  # [1] [2]
    "RELEASED_TO_HOSPITAL": Movement.HOSPITAL,  # [1] [2]
    "SENT_TO_COURT": Movement.COURT,  # [1] [2]
    "TEMPORARY_ABSENCE_RELEASE": Movement.TEMPORARY_ABSENCE,  # [1] [2]
    "TRANSFERRED": Movement.TRANSFER,  # [1] [2]
}
IGNORED = {
    ("received", Movement.COURT): "a return from court: the custody episode goes on",
    ("received", Movement.TEMPORARY_ABSENCE): "a return from temporary absence: the custody "
    "episode goes on",
    ("released", Movement.COURT): "sent to court: the person is expected back (a release at "
    "court comes as its own RELEASED event)",
    ("released", Movement.TEMPORARY_ABSENCE): "released on temporary licence: the person is "
    "due back",
    ("released", Movement.HOSPITAL): "released to a secure hospital (restricted patient): not "
    "a release into the community",
    ("released", Movement.TRANSFER): "the departure leg of a transfer: the receiving prison's "
    "received event (reason TRANSFERRED) moves the case",
}


def classify(direction: str, reason: str, code: str | None) -> tuple[Movement, str | None]:
    """The movement an event describes, and why the gateway ignores it (None: act on it).

    `direction` is "received" or "released"; `code` the NOMIS movement reason code, if sent.
    An admission-like arrival with a recall code is a recall; READMISSION without one is
    treated like an admission (the search API's `recall`/`legalStatus` may tell more).
    """
    table = RECEIVED if direction == "received" else RELEASED
    movement = table.get(reason)
    if movement is None:
        return Movement.OTHER, f"{direction} with reason {reason[:40]!r}, which we do not act on"
    recall_codes = RECALL_CODES | UNCONFIRMED_RECALL_CODES
    if movement in (Movement.ADMISSION, Movement.READMISSION) and code in recall_codes:
        return Movement.RECALL, None
    return movement, IGNORED.get((direction, movement))
