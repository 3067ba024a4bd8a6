"""GET /reference: regions, prisons and CJIT areas."""

from __future__ import annotations

from fastapi import APIRouter

from resettlement.api.deps import Caller, ReferenceDep
from resettlement.api.schemas import CodeName, ReferenceOut, RegionalCodeName

router = APIRouter(tags=["reference"])


@router.get("/reference", response_model=ReferenceOut)
def reference(_caller: Caller, ref: ReferenceDep) -> ReferenceOut:
    return ReferenceOut(
        regions=[CodeName(code=r.code, name=r.name) for r in ref.regions.values()],
        prisons=[
            RegionalCodeName(code=p.code, name=p.name, region=p.region)
            for p in ref.prisons.values()
        ],
        areas=[
            RegionalCodeName(code=a.code, name=a.name, region=a.region) for a in ref.areas.values()
        ],
    )
