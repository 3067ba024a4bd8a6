"""GET /reference: regions, prisons and CJIT areas, with the mailboxes messages go to."""

from __future__ import annotations

from fastapi import APIRouter

from resettlement.api.deps import Caller, ReferenceDep
from resettlement.api.schemas import AreaOut, PrisonOut, ReferenceOut, RegionOut
from resettlement.mailboxes import AreaMailboxes, PrisonMailboxes, RegionMailboxes

router = APIRouter(tags=["reference"])


@router.get("/reference", response_model=ReferenceOut)
def reference(_caller: Caller, ref: ReferenceDep) -> ReferenceOut:
    boxes = ref.mailboxes
    return ReferenceOut(
        regions=[
            RegionOut(
                code=r.code,
                name=r.name,
                **boxes.regions.get(r.code, RegionMailboxes()).model_dump(),
            )
            for r in ref.regions.values()
        ],
        prisons=[
            PrisonOut(
                code=p.code,
                name=p.name,
                region=p.region,
                **boxes.prisons.get(p.code, PrisonMailboxes()).model_dump(),
            )
            for p in ref.prisons.values()
        ],
        areas=[
            AreaOut(
                code=a.code,
                name=a.name,
                region=a.region,
                **boxes.areas.get(a.code, AreaMailboxes()).model_dump(),
            )
            for a in ref.areas.values()
        ],
    )
