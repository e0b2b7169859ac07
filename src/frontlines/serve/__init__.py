"""``frontlines serve``: the store for people (pages) and programs (a JSON API), on uvicorn.

    frontlines serve --db frontlines.db                    # http://127.0.0.1:8000/
    frontlines serve --db frontlines.db --watch feeds.opml # and keep the store fed from news feeds
    frontlines serve --db frontlines.db --workers 4        # four server processes on one port

Modules: :mod:`.app` builds the ASGI application and its error shape,
:mod:`.routes` the JSON API (``/api``, schema at ``/openapi.json``),
:mod:`.pages` the pages, :mod:`.reader` the read-only queries, :mod:`.stream`
the streamed exports, :mod:`.schemas` the shapes of the answers, :mod:`.params`
the shapes of the parameters, :mod:`.latency` the watcher's latency.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RequestError
from .app import DB_VARIABLE, TOKEN_VARIABLE, create_app

log = logging.getLogger(__name__)


@dataclass
class Service:
    """The server (one process, or a supervisor of worker processes) and, with feeds to watch,
    its watcher thread on the same store (in this process: one watcher, whatever the workers)."""

    server: Any  # uvicorn.Server
    watcher: Any = None  # frontlines.watch.Watcher

    def run(self) -> None:
        """Serve until interrupted (Ctrl-C, SIGTERM, or ``server.should_exit``); the watcher stops with it."""
        if self.watcher is not None:
            self.watcher.start_thread()
        try:
            config = self.server.config
            if config.workers > 1:
                from uvicorn.supervisors import Multiprocess

                Multiprocess(config, sockets=[config.bind_socket()]).run()
            else:
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
    workers: int = 1,
) -> Service:
    """The service, ready to :meth:`Service.run` (``frontlines serve``).

    With ``workers`` > 1, uvicorn starts that many processes sharing the port; each builds
    the app with :func:`.app.from_environment` from the store path (and write token) this
    process passes in its environment.
    """
    import uvicorn

    if workers < 1:
        raise RequestError(f"--workers must be 1 or more, got {workers}")
    app = create_app(db, write_token=write_token)  # the store made ready once, before any worker
    watcher = None
    if watch:
        from ..watch import Watcher

        watcher = Watcher(watch, db=app.state.db_path, interval=interval, settings=watch_settings)
    target: Any = app
    if workers > 1:
        os.environ[DB_VARIABLE] = str(app.state.db_path)
        if app.state.write_token is not None:
            os.environ[TOKEN_VARIABLE] = app.state.write_token
        target = "frontlines.serve.app:from_environment"
    config = uvicorn.Config(target, factory=workers > 1, workers=workers, host=host, port=port,
                            log_level=log_level, http="h11", loop="asyncio", proxy_headers=False,
                            server_header=False, lifespan="off")
    return Service(uvicorn.Server(config), watcher)


def serve(db: str | Path | None = None, **options: Any) -> None:
    """Run the service until interrupted; with ``watch``, a watcher thread feeds the same store."""
    build(db, **options).run()


__all__ = ["DB_VARIABLE", "TOKEN_VARIABLE", "Service", "build", "create_app", "serve"]
