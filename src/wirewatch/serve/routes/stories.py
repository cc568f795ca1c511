"""Stories (link/stories.py): read-only views over the story tables."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from wirewatch import queries as Q  # noqa: N812
from wirewatch.params import MAX_OFFSET
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """GET /stories, GET /stories/{id}."""

    @app.get("/stories")
    def list_stories(
        q: str | None = None, outlet: str | None = None, since: str | None = None,
        until: str | None = None, min_articles: int = Query(2, ge=1),
        limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> JSONResponse:
        items = deps.read(Q.stories.stories, q=q, outlet=outlet, since=since, until=until,
                          min_articles=min_articles, limit=limit, offset=offset)
        return deps.page("stories", items, offset=offset)

    @app.get("/stories/{story_id}")
    def get_story(story_id: str) -> JSONResponse:
        return deps.one(Q.stories.story, story_id, "story")
