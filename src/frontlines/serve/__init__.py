"""``frontlines serve``: the store for people (pages) and programs (a JSON API), on uvicorn.

    frontlines serve --db frontlines.db                    # http://127.0.0.1:8000/
    frontlines serve --db frontlines.db --watch feeds.opml # and keep the store fed from news feeds

Modules: :mod:`.app` builds the ASGI application and its error shape,
:mod:`.routes` the JSON API (``/api``, schema at ``/openapi.json``),
:mod:`.pages` the pages, :mod:`.reader` the read-only queries, :mod:`.stream`
the streamed exports, :mod:`.schemas` the shapes of the answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .app import TOKEN_VARIABLE, create_app

log = logging.getLogger(__name__)


@dataclass
class Service:
    """The server and, with feeds to watch, its watcher thread on the same store."""

    server: Any  # uvicorn.Server
    watcher: Any = None  # frontlines.watch.Watcher

    def run(self) -> None:
        """Serve until interrupted (Ctrl-C, SIGTERM, or ``server.should_exit``); the watcher stops with it."""
        if self.watcher is not None:
            self.watcher.start_thread()
        try:
            self.server.run()
        finally:
            if self.watcher is not None:
                self.watcher.stop()


def build(
    db: str | Path | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    write_token: str | None = None,
    watch: list[str] | None = None,
    interval: float | None = None,
    watch_settings: Any = None,
    log_level: str = "info",
) -> Service:
    """The service, ready to :meth:`Service.run` (``frontlines serve``)."""
    import uvicorn

    app = create_app(db, write_token=write_token)
    watcher = None
    if watch:
        from ..watch import Watcher

        watcher = Watcher(watch, db=app.state.db_path, interval=interval, settings=watch_settings)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, http="h11", loop="asyncio",
                            proxy_headers=False, server_header=False, lifespan="off")
    return Service(uvicorn.Server(config), watcher)


def serve(db: str | Path | None = None, **options: Any) -> None:
    """Run the service until interrupted; with ``watch``, a watcher thread feeds the same store."""
    build(db, **options).run()


__all__ = ["TOKEN_VARIABLE", "Service", "build", "create_app", "serve"]
