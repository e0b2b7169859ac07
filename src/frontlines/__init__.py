"""Frontlines: conflict news to structured, geocoded, evidence-linked events.

Python API (mirrors the command line):

    import frontlines
    events = frontlines.extract(text_or_html, published="2021-07-27")
"""

from .models import Article, Event, Evidence, Place
from .pipeline import extract

__version__ = "0.1.0"
__all__ = ["Article", "Event", "Evidence", "Place", "extract", "__version__"]
