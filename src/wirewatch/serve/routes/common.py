"""What every route module is given: the engine and its reader, the intake worker, the SSE
hub, metrics, alert rules and settings (`Deps`), and the two helpers they share — `read` (one
`wirewatch.queries` call on its own cursor, JSON-ready, a bad parameter a 400) and `auth`
(the bearer token, for writes and /sql).

Why a dataclass instead of closures over `add_routes`' arguments: a new resource is one module
with an `add(app, deps)` function, and nothing else changes."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
from fastapi import Depends, HTTPException
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from wirewatch.config import Settings
from wirewatch.engine import Engine
from wirewatch.serve.encode import jsonable
from wirewatch.serve.push import Metrics
from wirewatch.serve.roles import Roles
from wirewatch.store.reader import Reader


@dataclass
class Deps:
    """The service's parts a route may use."""

    engine: Engine
    worker: Any  # engine.intake.Intake | None
    hub: Any  # routes.stream.StreamHub
    metrics: Metrics
    alerts: Any  # analytics.alerts.Alerts | None
    settings: Settings
    auth: Callable[..., Any] = field(init=False)
    roles: Roles = field(init=False)

    def __post_init__(self) -> None:
        # token roles (serve/roles.py): `auth` = admin (pushes), `auth_reader` (/sql),
        # `auth_editor` (corrections); the single `token` setting is an admin token
        self.roles = Roles.load(self.settings.token, self.settings.tokens,
                                getattr(self.engine.store, "data_dir", None))
        self.auth = self.roles.dependency("admin")
        self.auth_reader = self.roles.dependency("reader")
        self.auth_editor = self.roles.dependency("editor")

    @property
    def reader(self) -> Reader:
        return self.engine.store.reader

    def read(self, query: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`query(cursor, *args, **kwargs)` on its own cursor, as plain JSON values; a bad
        parameter (ValueError, a DuckDB conversion error) is a 400, not a 500."""
        try:
            return jsonable(self.reader.read(query, *args, **kwargs))
        except (ValueError, duckdb.ConversionException, duckdb.InvalidInputException) as err:
            raise HTTPException(400, str(err).splitlines()[0][:300]) from err

    def one(self, query: Callable[..., Any], key: str, what: str) -> JSONResponse:
        """One object by id (`query(cursor, key)`) as JSON, or 404 naming `what`."""
        doc = self.read(query, key)
        if doc is None:
            raise HTTPException(404, f"no {what} {key!r}")
        return JSONResponse(doc)

    @staticmethod
    def page(name: str, items: list[Any], **extra: Any) -> JSONResponse:
        """A list answer: `{name: items, "count": len(items), **extra}`."""
        return JSONResponse({name: items, "count": len(items), **extra})


def bearer_auth(token: str | None) -> Callable[..., None]:
    """A FastAPI dependency: no token configured = open; else `Authorization: Bearer <token>`
    (compared in constant time) or 401."""
    bearer = HTTPBearer(auto_error=False)

    def auth(cred: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:  # noqa: B008
        if token is None:
            return
        if cred is None or cred.scheme.lower() != "bearer" or not hmac.compare_digest(
                cred.credentials.encode(), token.encode()):
            raise HTTPException(401, "missing or invalid bearer token",
                                headers={"WWW-Authenticate": "Bearer"})

    return auth
