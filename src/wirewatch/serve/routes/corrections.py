"""Analyst corrections over HTTP: PATCH an event, entity or quote; list and undo corrections.

The rules live in corrections.py (one module for the API, the CLI and the dashboard); here a
route only checks the caller's role (an editor or admin corrects; serve/roles.py), runs the
correction on the engine's writer thread (off the event loop) and announces it on `/stream`
as a `correction` message.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from wirewatch import corrections as C  # noqa: N812
from wirewatch.params import MAX_OFFSET
from wirewatch.serve.encode import jsonable
from wirewatch.serve.push import sse
from wirewatch.serve.roles import Caller
from wirewatch.serve.routes.common import Deps

MAX_PATCH = 64 * 1024


def add(app: FastAPI, deps: Deps) -> None:
    """PATCH /events/{id}, /entities/{id}, /quotes/{id}; GET /corrections,
    /corrections/annotations; DELETE /corrections/{id}."""
    corrector = C.Corrector(deps.engine)

    def announce(action: str, recs: list[dict[str, Any]]) -> None:
        for rec in recs:
            deps.hub.publish(sse("correction", jsonable({"action": action, **rec})))

    corrector.on_corrected.append(announce)

    async def body_of(request: Request) -> Any:
        raw = await request.body()
        if len(raw) > MAX_PATCH:
            raise HTTPException(413, f"body larger than {MAX_PATCH} bytes")
        try:
            import json

            return json.loads(raw or b"null")
        except (ValueError, UnicodeDecodeError, RecursionError) as err:
            raise HTTPException(400, f"malformed JSON: {err}") from err

    async def patch(kind: str, target: str, request: Request, who: Caller) -> JSONResponse:
        body = await body_of(request)
        try:
            recs = await run_in_threadpool(corrector.patch, kind, target, body, who.name)
        except C.CorrectionError as err:
            raise HTTPException(err.status, str(err)) from err
        return JSONResponse({"corrections": jsonable(recs)})

    editor = Depends(deps.auth_editor)

    @app.patch("/events/{event_id}")
    async def patch_event(event_id: str, request: Request, who: Caller = editor
                          ) -> JSONResponse:
        """Correct an event (`<article_id>:<idx>`): type, mode, source, target, modality,
        place, date, not_event, background (+ reason)."""
        return await patch("event", event_id, request, who)

    @app.patch("/entities/{entity_id}")
    async def patch_entity(entity_id: str, request: Request, who: Caller = editor
                           ) -> JSONResponse:
        """Correct an entity (its `id` in the article document) in every article: country,
        sector, type, merge_into (another entity id), not_actor (+ reason)."""
        return await patch("entity", entity_id, request, who)

    @app.patch("/quotes/{quote_id}")
    async def patch_quote(quote_id: str, request: Request, who: Caller = editor
                          ) -> JSONResponse:
        """Correct a quote (`<article_id>:<idx>`): speaker, speaker_country, not_quote."""
        return await patch("quote", quote_id, request, who)

    @app.get("/corrections")
    def list_corrections(kind: str | None = Query(None, pattern="^(event|entity|quote)$"),
                         target: str | None = None, article_id: str | None = None,
                         active: bool | None = None, who: str | None = None,
                         limit: int = Query(100, ge=1, le=1000),
                         offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> JSONResponse:
        """The audit trail, newest first (undone ones too, with `undone_at`)."""
        items = deps.read(C.listing, kind=kind, target=target, article_id=article_id,
                          active=active, who=who, limit=limit, offset=offset)
        return JSONResponse({"corrections": items, "count": len(items), "offset": offset})

    @app.get("/corrections/annotations", dependencies=[Depends(deps.auth_reader)])
    def correction_annotations() -> JSONResponse:
        """The event and quote corrections as annotation documents (with their articles:
        a reader token), what `wirewatch corrections export` writes."""
        return JSONResponse({"documents": deps.read(C.annotation_documents)})

    @app.delete("/corrections/{correction_id}")
    async def undo_correction(correction_id: str, who: Caller = editor) -> JSONResponse:
        """Undo a correction: the machine's value comes back everywhere."""
        try:
            rec = await run_in_threadpool(corrector.undo, correction_id, who.name)
        except C.CorrectionError as err:
            raise HTTPException(err.status, str(err)) from err
        return JSONResponse({"correction": jsonable(rec)})
