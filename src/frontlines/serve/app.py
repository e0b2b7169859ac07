"""The ASGI application of ``frontlines serve``: the JSON API, the pages, one error shape.

    app = create_app("frontlines.db")                      # read-only
    app = create_app("frontlines.db", write_token="...")   # POST /api/articles with that bearer token

Errors: the library's typed errors (``frontlines.errors``) and the web
layer's own (bad parameters, unknown paths, methods) all become one JSON
shape under ``/api`` - ``{"error": {"code": "E850", "message": "...",
"status": 400}}`` - and a page saying the same elsewhere. No traceback
reaches a client: an unexpected failure is logged and answered with E000.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import (
    AuthError,
    ExportError,
    FrontlinesError,
    InputError,
    NotFoundError,
    RequestError,
    StoreError,
    TooLargeError,
    WritingDisabled,
)
from .reader import Reader

log = logging.getLogger(__name__)

TOKEN_VARIABLE = "FRONTLINES_WRITE_TOKEN"
DB_VARIABLE = "FRONTLINES_SERVE_DB"  # the store of each worker process (frontlines serve --workers N)

# HTTP status of each kind of library error (the first that matches, in order)
_STATUS: tuple[tuple[type[FrontlinesError], int], ...] = (
    (NotFoundError, 404),
    (WritingDisabled, 403),
    (AuthError, 401),
    (RequestError, 400),
    (ExportError, 400),
    (TooLargeError, 413),
    (InputError, 422),
    (StoreError, 503),
)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def status_of(exc: FrontlinesError) -> int:
    return next((status for kind, status in _STATUS if isinstance(exc, kind)), 400)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def error_response(request: Request, exc: FrontlinesError, status: int, headers: dict[str, str] | None = None) -> Response:
    message = " ".join(exc.message.split())[:500]
    if _wants_json(request):
        body = {"error": {"code": exc.code, "message": message, "status": status}}
        return JSONResponse(body, status_code=status, headers=headers)
    from .pages import error_page

    return HTMLResponse(error_page(exc.code, message, status), status_code=status, headers=headers)


def create_app(db: str | Path | None = None, *, write_token: str | None = None) -> FastAPI:
    """The service over the store ``db`` (created and brought up to date if needed).

    ``write_token`` (or the FRONTLINES_WRITE_TOKEN environment variable) enables
    ``POST /api/articles`` for requests bearing that token; without one, the
    service only reads.
    """
    from ..fusion.service import ensure_schema
    from ..store import Store
    from ..watch import state as watch_state

    with Store.open(db) as store:  # creates the file, applies every schema, fills the control tables
        ensure_schema(store)
        watch_state.ensure(store)  # the watcher's tables, read for its latency even before it runs
        path = store.path
    token = write_token if write_token is not None else os.environ.get(TOKEN_VARIABLE) or None
    app = FastAPI(
        title="Frontlines",
        version=__version__,
        description=(
            "Conflict events in ACLED's fields, fused across reports, with district control "
            "timelines; every record traced to the sentences behind it."
        ),
        docs_url=None,  # the interactive docs load their code from a CDN: the schema is at /openapi.json
        redoc_url=None,
        responses={400: {"model": _error_model()}, 404: {"model": _error_model()}},
    )
    app.state.reader = Reader(path)
    app.state.db_path = path
    app.state.write_token = token

    from .pages import router as pages_router
    from .routes import router as api_router

    app.include_router(api_router)
    app.include_router(pages_router)
    _install_error_handlers(app)
    _document_errors(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # noqa: ANN001, ANN202 - Starlette's signature
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > _max_body():
            error = TooLargeError(f"a request body of {int(declared):,} bytes is larger than the limit "
                                  f"of {_max_body():,}", origin="request")
            return error_response(request, error, 413)
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def from_environment() -> FastAPI:
    """The app of one uvicorn worker process (``frontlines serve --workers N``): the store at
    FRONTLINES_SERVE_DB, writable with FRONTLINES_WRITE_TOKEN when it is set."""
    return create_app(os.environ.get(DB_VARIABLE) or None)


def _max_body() -> int:
    """Largest request body read: an article at [ingest] max_article_bytes, JSON-escaped."""
    from ..ingest.decode import max_article_bytes

    return 2 * max_article_bytes() + 64_000


def _error_model():
    from .schemas import ErrorResponse

    return ErrorResponse


def _document_errors(app: FastAPI) -> None:
    """The schema says what the service answers to a bad parameter: a 400 with the error shape
    (FastAPI's generated schema would promise its own 422 shape, which the service never sends)."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = generate()
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    responses = operation.get("responses", {})
                    if "HTTPValidationError" in json.dumps(responses.get("422", {})):
                        del responses["422"]
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(FrontlinesError)
    async def library_error(request: Request, exc: FrontlinesError) -> Response:
        status = status_of(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return error_response(request, exc, status, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        from .params import explain

        problems = [explain(error) for error in exc.errors()[:3]]
        return error_response(request, RequestError("; ".join(problems) or "invalid request"), 400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            error: FrontlinesError = NotFoundError(f"no such page: {request.url.path[:200]}")
        else:
            error = RequestError(str(exc.detail))
        return error_response(request, error, exc.status_code, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s", request.url.path, exc_info=exc)
        return error_response(request, FrontlinesError("internal error (logged by the server)"), 500)
