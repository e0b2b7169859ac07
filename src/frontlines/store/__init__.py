"""Stage 5, store: the SQLite store of articles and events (see ``store.db``).

    with Store.open(path) as store:      # path None: the user's data directory
        store.add_article(article)       # "new" | "duplicate"
        store.replace_events(doc_id, events)

Other stages keep their tables in the same file: ``register_schema(name,
steps)`` at import time, or ``store.apply_schema(name, steps)``, then use
``store.connection`` (and ``store.transaction()`` for writes).
"""

from .db import Store, default_path, register_schema

__all__ = ["Store", "default_path", "register_schema"]
