"""HTML pages: main text, title, site name and date with trafilatura.

Fills (before cleaning) the story text, and ``Article.title``,
``Article.source`` (the site name), ``Article.url`` and the HTML date that
``published`` may use.

Nothing of the page is executed or rendered: trafilatura parses it with lxml
and drops <script>, <style>, <noscript>, forms and event-handler attributes;
only text nodes of the main content come out. Links are not extracted, so no
``javascript:`` URL reaches the text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..yamlload import safe_yaml

_HTML_SIGNS = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<p[\s>]|<div[\s>]"
    r"|<script[\s>]|<br\s*/?>|<span[\s>]|<h[1-6][\s>]|<iframe[\s>]|<style[\s>]",
    re.IGNORECASE,
)
# Several tags are needed before text counts as HTML: one "<p>" in a news
# story is a typo, a page has dozens. Active content is different: a single
# script, style or frame is parsed as HTML so that it is dropped, never kept
# as story text.
_MIN_TAGS = 2
_ACTIVE = re.compile(r"<(script|style|iframe|object|embed)[\s>]|<[a-z][^>]*\son\w+\s*=", re.IGNORECASE)
# Elements whose content is never text of the page.
_NOT_TEXT = "//script|//style|//noscript|//template|//iframe|//object|//embed|//svg|//head"
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table article section header footer "
    "blockquote figcaption pre aside nav main".split()
)


@dataclass
class HtmlContent:
    text: str
    title: str | None = None
    sitename: str | None = None
    url: str | None = None
    date: str | None = None


def looks_like_html(text: str) -> bool:
    head = text[:5000]
    if re.match(r"\s*(<!doctype\s+html|<html[\s>])", head, re.IGNORECASE) or _ACTIVE.search(text):
        return True
    return len(_HTML_SIGNS.findall(head)) >= _MIN_TAGS


# A region holding more than this share of the page's text is the story's
# container, even when its class says "related" or "comments".
_MAX_REGION_SHARE = 0.5


@functools.cache
def _regions() -> tuple[frozenset[str], re.Pattern[str]]:
    data = safe_yaml(
        resources.files(__package__).joinpath("data", "boilerplate.yaml").read_text("utf-8")
    )["html_regions"]
    return frozenset(data["tags"]), re.compile(data["class_or_id"], re.IGNORECASE)


def _without_side_regions(html: str):
    """The page's tree without sidebars, navigation, footers and comment sections (None: unparsable)."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    body = tree.find("body")
    total = len((body if body is not None else tree).text_content()) or 1
    tags, names = _regions()
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "head", "body"):
            continue
        label = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag.lower() in tags or names.search(label):
            if len(element.text_content()) <= total * _MAX_REGION_SHARE:
                doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return tree


# Characters XML forbids in text (C0 controls but tab and line ends, lone surrogates, U+FFFE/FFFF):
# lxml refuses to hold them, so trafilatura fails on a page that has one; they mean nothing in a page.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def extract_html(html: str, url: str | None = None) -> HtmlContent:
    """Main text and metadata of an HTML page (empty text when it has none)."""
    import trafilatura

    html = _NOT_XML.sub("", html)
    tree = _without_side_regions(html)
    page = tree if tree is not None else html
    # no extensive date search: it reads dates anywhere in the page
    metadata = trafilatura.extract_metadata(
        page, default_url=url, date_config={"extensive_search": False, "original_date": True}
    )
    document = trafilatura.bare_extraction(
        page,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_recall=True,
    )
    text = (document.text or "") if document is not None else ""
    if not text.strip():
        # trafilatura's own fallback: the JSON-LD articleBody or the <p> texts;
        # then all text outside scripts (a fragment too small for either)
        _, text, _ = trafilatura.baseline(html)
        text = text or _all_text(html)
    return HtmlContent(
        text=text,
        title=metadata.title or None,
        sitename=metadata.sitename or None,
        url=metadata.url or url,
        date=metadata.date or None,
    )


def _all_text(html: str) -> str:
    """Every text node outside scripts, styles and the like; one line per block element."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in tree.xpath(_NOT_TEXT):
        element.drop_tree()
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    return tree.text_content()
