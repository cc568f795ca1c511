"""Articles: the list, one article's analysis document, and the push endpoint
(`POST /articles`: read the body here, parse and hand to the intake through serve/push.py
`Pushes`, answer once the articles are in the durable inbox)."""

from __future__ import annotations

import asyncio
import time

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.params import MAX_OFFSET
from wirewatch.serve.push import JSON_TYPES, TEXT_TYPES, Pushes
from wirewatch.serve.routes.common import Deps
from wirewatch.serve.routes.feeds import feeds_with_health


def add(app: FastAPI, deps: Deps) -> None:
    """GET /articles, GET /articles/{id}, POST /articles."""
    engine, worker, metrics = deps.engine, deps.worker, deps.metrics
    settings = deps.settings
    max_body, body_timeout = settings.max_body, settings.body_timeout
    pushes = Pushes(engine, worker, settings)

    @app.get("/articles")
    def list_articles(
        q: str | None = None, outlet: str | None = None, language: str | None = None,
        since: str | None = None, until: str | None = None,
        limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
        order: str = Query("published", pattern="^(published|arrival)$"),
    ) -> JSONResponse:
        items = deps.read(Q.articles.articles, search=deps.reader.search, q=q, outlet=outlet,
                          language=language, since=since, until=until, limit=limit,
                          offset=offset, order=order)
        return deps.page("articles", items, offset=offset, feeds=feeds_with_health(app, deps))

    @app.get("/articles/{article_id}")
    def get_article(article_id: str) -> JSONResponse:
        return deps.one(Q.articles.article, article_id, "article")

    @app.post("/articles", status_code=202, dependencies=[Depends(deps.auth)])
    async def post_articles(request: Request) -> JSONResponse:
        """Push one article or a batch (JSON/JSONL with the JSONL field names), or raw
        text/HTML. Answers once the articles are in the durable inbox."""
        ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_body:
            raise HTTPException(413, f"body larger than {max_body} bytes")
        if ctype not in JSON_TYPES + TEXT_TYPES:
            raise HTTPException(415, f"unsupported content type {ctype!r}; use JSON, text or HTML")
        body = bytearray()
        deadline = time.monotonic() + body_timeout
        chunks = request.stream().__aiter__()
        while True:
            try:  # a client that stalls mid-body holds a connection for body_timeout at most
                chunk = await asyncio.wait_for(chunks.__anext__(),
                                               max(0.0, deadline - time.monotonic()))
            except StopAsyncIteration:
                break
            except TimeoutError as exc:
                raise HTTPException(408, f"request body not received within {body_timeout:g} s"
                                    ) from exc
            body.extend(chunk)
            if len(body) > max_body:
                raise HTTPException(413, f"body larger than {max_body} bytes")
        data = bytes(body)
        if not data.strip():
            raise HTTPException(400, "empty body")
        kind = {"text/plain": "txt", "text/html": "html", "application/xhtml+xml": "html",
                "application/json": "json"}.get(ctype, "jsonl")
        articles, rejects = await pushes.parse(data, kind, ctype)  # serve/push.py
        if not articles:
            raise HTTPException(422, {"error": "no article found",
                                      "rejects": [{"reason": r.reason, "detail": r.detail}
                                                  for r in rejects]})
        await pushes.hand_in(articles, rejects)  # 429/503, or the articles are in the inbox
        with metrics.lock:
            metrics.accepted += len(articles)
        return JSONResponse({"ids": [a.id for a in articles], "accepted": len(articles),
                             "rejected": [{"reason": r.reason, "detail": r.detail}
                                          for r in rejects]}, status_code=202)

