"""`GET /sql`: read-only SQL in the sandbox of serve/sql.py (docs/api.md)."""

from __future__ import annotations

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import Response

from wirewatch.serve.routes.common import Deps
from wirewatch.serve.sql import SqlRefused, SqlSandbox


def add(app: FastAPI, deps: Deps) -> None:
    """GET /sql (bearer token when one is set)."""
    settings = deps.settings
    sandbox = SqlSandbox(deps.reader.cursor, max_rows=settings.sql_rows,
                         timeout=settings.sql_timeout, max_bytes=settings.sql_max_bytes,
                         slots=settings.sql_slots)

    @app.get("/sql", dependencies=[Depends(deps.auth_reader)])
    def sql_endpoint(q: str = Query(..., max_length=20_000),
                     limit: int = Query(1000, ge=1, le=100_000)) -> Response:
        """Read-only SQL over the store in the sandbox of serve/sql.py (docs/api.md)."""
        try:
            result = sandbox.run(q, limit)
        except SqlRefused as err:
            headers = {"Retry-After": "1"} if err.status == 503 else None
            raise HTTPException(err.status, err.message, headers=headers) from err
        return Response(result.body, media_type="application/json")
