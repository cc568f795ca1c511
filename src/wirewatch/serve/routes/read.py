"""`POST /read`: one `wirewatch.queries` function, run for a local client that cannot open the
store because this service holds it (the CLI's read commands, wirewatch/remote.py).

Why a generic route: the CLI asks the queries layer directly (a function, its arguments) and
must print exactly what it prints when it opens the store itself; a route per command would be
a second, drifting copy of every command's question. Only public functions of the
`wirewatch.queries` modules can be named (`remote.query_function`), each runs on its own
cursor, and values travel tagged (`remote.encode`), so datetimes stay datetimes. Reader token.
"""

from __future__ import annotations

import inspect
from typing import Any

import duckdb
from fastapi import Body, Depends, FastAPI, HTTPException
from fastapi.responses import JSONResponse

from wirewatch import remote
from wirewatch.params import BadParameter
from wirewatch.serve.routes.common import Deps


def add(app: FastAPI, deps: Deps) -> None:
    """POST /read (bearer token when one is set)."""

    @app.post("/read", dependencies=[Depends(deps.auth_reader)], include_in_schema=False)
    def read(query: str = Body(..., max_length=200), args: list[Any] = Body([]),  # noqa: B008
             kwargs: dict[str, Any] = Body({})) -> JSONResponse:  # noqa: B008
        fn = remote.query_function(query)
        if fn is None:
            raise HTTPException(404, f"no query {query!r}")
        call_args, call_kwargs = remote.decode(args), remote.decode(kwargs)
        if "search" in inspect.signature(fn).parameters:
            call_kwargs["search"] = deps.reader.search
        try:
            result = deps.reader.read(fn, *call_args, **call_kwargs)
        except BadParameter as err:
            return JSONResponse({"error": "bad_parameter", "name": err.name,
                                 "message": str(err).removeprefix(f"{err.name}: ")}, 400)
        except (TypeError, ValueError, duckdb.ConversionException,
                duckdb.InvalidInputException, duckdb.BinderException,
                duckdb.OutOfRangeException) as err:
            return JSONResponse({"error": "value",
                                 "message": str(err).strip().splitlines()[0][:300]
                                 if str(err).strip() else type(err).__name__}, 400)
        return JSONResponse(remote.encode_result(result))
