"""Rejected inputs with their reason codes: the list, and `POST /rejects` for the inputs a
local `wirewatch ingest` refused while this service owns the store (wirewatch/remote.py), so
they are listed by `wirewatch rejects` as when the CLI stores them itself."""

from __future__ import annotations

from typing import Any

from fastapi import Body, Depends, FastAPI, HTTPException, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.model import Reject
from wirewatch.serve.routes.common import Deps

MAX_REJECTS = 1000  # per request


def add(app: FastAPI, deps: Deps) -> None:
    """GET /rejects; POST /rejects (admin)."""

    @app.get("/rejects")
    def list_rejects(limit: int = Query(100, ge=1, le=1000)) -> JSONResponse:
        return JSONResponse({"rejects": deps.read(Q.rejects.rejects, limit=limit)})

    @app.post("/rejects", status_code=202, dependencies=[Depends(deps.auth)])
    def record_rejects(rejects: list[dict[str, Any]] = Body(..., embed=True)  # noqa: B008
                       ) -> JSONResponse:
        if len(rejects) > MAX_REJECTS:
            raise HTTPException(413, f"at most {MAX_REJECTS} rejects per request")
        items: list[Reject] = []
        for r in rejects:
            origin, reason = r.get("origin"), r.get("reason")
            if not isinstance(origin, str) or not isinstance(reason, str) or not reason:
                raise HTTPException(422, "each reject needs a string origin and reason")
            items.append(Reject(origin=origin[:2000], reason=reason[:64],
                                detail=str(r.get("detail") or "")[:2000]))
        deps.engine.record_rejects(items, wait=False)
        return JSONResponse({"recorded": len(items)}, status_code=202)
