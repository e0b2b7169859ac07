"""Frontlines: conflict news to structured, geocoded, evidence-linked events.

Python API (mirrors the command line):

    import frontlines
    events = frontlines.extract(text_or_html, published="2021-07-27")
    answer = frontlines.control(district="Kaldar", at="2021-07-20", db="my.db")
    answer.districts[0].at      # who held it that day, with the evidence and why
"""

from .fusion.query import control
from .models import Article, ControlState, Event, Evidence, Place
from .pipeline import extract

__version__ = "0.1.0"
__all__ = ["Article", "ControlState", "Event", "Evidence", "Place", "control", "extract", "__version__"]
