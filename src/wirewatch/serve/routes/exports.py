"""Exports over HTTP: the GDELT and PLOVER event files streamed, and each store table as
Parquet. The formats are wirewatch/exports.py's; this is how a tool (or `wirewatch export`
while this service owns the store, wirewatch/remote.py) gets them without the store file.
Reader token: an export is a read."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from starlette.background import BackgroundTask

from wirewatch import exports
from wirewatch.serve.routes.common import Deps

_MEDIA = {"gdelt": "text/tab-separated-values; charset=utf-8",
          "plover": "application/x-ndjson; charset=utf-8"}


def add(app: FastAPI, deps: Deps) -> None:
    """GET /export/events?format=gdelt|plover, GET /export/tables, GET /export/tables/{t}."""

    @app.get("/export/events", dependencies=[Depends(deps.auth_reader)])
    def export_events(format: str = Query(..., pattern="^(gdelt|plover)$")  # noqa: A002
                      ) -> StreamingResponse:
        cur = deps.reader.cursor()

        def chunks() -> Iterator[bytes]:
            try:
                for chunk in exports.event_lines(cur, format):
                    yield chunk.encode("utf-8")
            finally:
                cur.close()

        suffix = "tsv" if format == "gdelt" else "jsonl"
        return StreamingResponse(chunks(), media_type=_MEDIA[format], headers={
            "Content-Disposition": f'attachment; filename="events.{format}.{suffix}"'})

    @app.get("/export/tables", dependencies=[Depends(deps.auth_reader)])
    def export_tables() -> JSONResponse:
        return JSONResponse({"tables": deps.reader.read(exports.store_tables)})

    @app.get("/export/tables/{table}", dependencies=[Depends(deps.auth_reader)])
    def export_table(table: str) -> FileResponse:
        fd, name = tempfile.mkstemp(prefix="wirewatch-export-", suffix=".parquet")
        os.close(fd)
        target = Path(name)
        try:
            rows = deps.reader.read(exports.export_table, table, target)
        except ValueError as err:
            target.unlink(missing_ok=True)
            raise HTTPException(404, str(err)) from err
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return FileResponse(target, media_type="application/vnd.apache.parquet",
                            filename=f"{table}.parquet", headers={"X-Rows": str(rows)},
                            background=BackgroundTask(target.unlink, missing_ok=True))
