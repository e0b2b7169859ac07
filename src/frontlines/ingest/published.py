"""The publication date. Fills ``Article.published`` and ``Article.published_from``.

Sources, first that gives a full date wins:

1. ``input``    the article's own field (a jsonl ``published``, the API argument)
2. ``option``   the ``--published`` option given for the whole batch
3. ``html``     the page's metadata, as found by trafilatura (htmldate)
4. ``dateline`` a date stamp or dateline printed before the story
                ("Tuesday, 04 May 2021 4:10 PM", "KABUL, Afghanistan (Jan. 25, 2013)")
                or opening one of its first paragraphs; else the date ending a photo
                caption above the story ("..., Badghis province, July 7, 2021")

Dates printed after the story starts (sidebars, "related stories", teasers)
are never used: ``clean`` only hands over the lines before the first story
paragraph, and only the opening of the first paragraph is read for a dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError
from .dates import NEWS_YEARS, dateline, parse_date

# A dateline opens the story; a byline or standfirst may come before it.
_OPENING_PARAGRAPHS = 3


@dataclass
class Published:
    date: str | None = None
    source: str | None = None
    warnings: list[str] = field(default_factory=list)
    undated: str | None = None  # why no date was found (None when there is one)


def parse_option(value: str | None) -> str | None:
    """The ``--published`` option as an ISO date; a value that is no date is an error."""
    if value is None:
        return None
    iso = parse_date(value)
    if iso is None:
        raise InputError(f"--published {value!r} is not a date (use YYYY-MM-DD, years {NEWS_YEARS.start}-{NEWS_YEARS.stop - 1})")
    return iso


def resolve_published(
    field_value: object,
    option: str | None,
    html_date: str | None,
    header_dates: list[str],
    text: str,
    caption_dates: list[str] | None = None,
) -> Published:
    """Pick the publication date by the order above; note unreadable values."""
    result = Published()
    if field_value not in (None, ""):
        iso = parse_date(str(field_value)) if isinstance(field_value, str) else None
        if iso:
            return Published(iso, "input")
        result.warnings.append(f"published field {field_value!r} is not a date of {NEWS_YEARS.start}-{NEWS_YEARS.stop - 1}; ignored")
    if option:
        result.date, result.source = option, "option"
        return result
    if html_date:
        iso = parse_date(html_date)
        if iso:
            result.date, result.source = iso, "html"
            return result
    unread: list[str] = []  # dates printed before the story that give no full date
    for candidate in header_dates:
        found = dateline(candidate)
        iso = parse_date(found[1] if found else candidate)
        if iso:
            result.date, result.source = iso, "dateline"
            return result
        unread.append(found[1] if found else candidate)
    for paragraph in text.split("\n\n")[:_OPENING_PARAGRAPHS]:
        found = dateline(paragraph)
        iso = parse_date(found[1]) if found else None
        if iso:
            result.date, result.source = iso, "dateline"
            return result
        if found:
            unread.append(found[1])
    for caption in caption_dates or []:
        iso = parse_date(caption)
        if iso:
            result.date, result.source = iso, "dateline"
            return result
    result.undated = _why_undated(unread, bool(result.warnings))
    return result


def _why_undated(unread: list[str], bad_field: bool) -> str:
    """One phrase: why an article has no publication date."""
    if unread:
        first = " ".join(unread[0].split())[:40]
        if not re.search(r"\b\d{4}\b", first):
            return f"its dateline {first!r} has no year"
        return f"its dateline {first!r} cannot be read as a date"
    if bad_field:
        return "its published field is not a date"
    return "no published field, --published option, HTML date or dated dateline"
