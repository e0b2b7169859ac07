"""HTML pages: trafilatura's main text, title, site name and date; sidebars never give the date."""

from __future__ import annotations

from frontlines.ingest import article_from_string
from frontlines.ingest.html import looks_like_html

P1 = (
    "Taliban fighters captured the centre of Dand-e-Ghori district in Baghlan province on "
    "Sunday after two days of fighting, provincial officials said."
)
P2 = "Nine members of the security forces were killed and 14 wounded, the police spokesman said."
BODY = f"<article><h1>Dand-e-Ghori falls</h1><p>{P1}</p><p>{P2}</p></article>"
SIDEBAR = (
    '<aside><h3>Related</h3><ul><li><a href="/a">Kunduz clashes</a> '
    '<time datetime="2024-04-27">27 Apr, 2024</time></li></ul></aside>'
    '<div class="related-stories"><time datetime="2024-04-28">28 Apr, 2024</time> Other story</div>'
)


def page(head: str = "", body: str = BODY, after: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}{after}</body></html>"


def test_text_title_site_and_metadata_date():
    article = article_from_string(page(
        '<title>Dand-e-Ghori falls | Example News</title>'
        '<meta property="og:site_name" content="Example News">'
        '<meta property="og:title" content="Dand-e-Ghori falls">'
        '<meta property="article:published_time" content="2021-06-21T18:00:00+04:30">',
        after=SIDEBAR,
    ))
    assert article.text == f"{P1}\n\n{P2}"
    assert article.title == "Dand-e-Ghori falls"
    assert article.source == "Example News"
    assert (article.published, article.published_from) == ("2021-06-21", "html")


def test_a_sidebar_date_is_never_the_publication_date():
    article = article_from_string(page("<title>Dand-e-Ghori falls</title>", after=SIDEBAR))
    assert article.published is None
    assert "2024" not in article.text and "Kunduz clashes" not in article.text


def test_a_date_line_printed_above_the_story_is_used():
    body = f"<article><h1>Dand-e-Ghori falls</h1><p>Tuesday, 22 June 2021 9:15 AM</p><p>{P1}</p><p>{P2}</p></article>"
    article = article_from_string(page("<title>t</title>", body=body, after=SIDEBAR))
    assert (article.published, article.published_from) == ("2021-06-22", "dateline")
    assert article.text == f"{P1}\n\n{P2}"


def test_input_date_beats_the_page_date():
    html = page('<meta property="article:published_time" content="2021-06-21">')
    article = article_from_string(html, published="2021-06-23")
    assert (article.published, article.published_from) == ("2021-06-23", "input")


def test_story_container_named_like_a_sidebar_is_kept():
    html = page(
        '<meta property="article:published_time" content="2021-07-12">',
        body=f'<div class="comments main"><p>{P1}</p><p>{P2}</p></div>',
    )
    article = article_from_string(html)
    assert P1 in article.text and article.published == "2021-07-12"


def test_fragment_without_page_structure():
    article = article_from_string(f"<p>{P1}</p><p>{P2}</p>")
    assert article.text == f"{P1}\n\n{P2}"


def test_html_sniffing():
    assert looks_like_html(page())
    assert looks_like_html(f"<p>{P1}</p><p>{P2}</p>")
    assert looks_like_html(f"{P1} <script>alert(1)</script>")
    assert not looks_like_html(f"{P1} The <b> key was pressed.")
    assert not looks_like_html(P1)
