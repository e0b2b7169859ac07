"""The map in a real headless Chromium: it renders, and article text executes nothing.

Debian's chromium is used (``make install-test`` installs it; Playwright's
own browser download does not work offline). Tests skip when it is absent.
Set FRONTLINES_SCREENSHOT=docs/map.png to refresh the README's screenshot
from the bundled example articles.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES
from fusion_fixtures import ARMY, TALIBAN, Report, district_reports, store_with, strike_reports

from frontlines.export.map import build_map

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

PAYLOADS = (
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'onerror'\">",
    "<a href=\"javascript:window.__pwned='href'\">click</a>",
)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (make install-test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-date]", state="attached")  # set by the first redraw
    return page, problems


def test_map_loads_with_markers_and_slider_and_no_console_errors(browser, tmp_path):
    with store_with(district_reports() + strike_reports(), str(tmp_path / "s.db")) as store:
        build_map(tmp_path / "map.html", store=store)
    page, problems = _open(browser, tmp_path / "map.html")
    assert page.locator("#date-slider").count() == 1
    assert page.locator("#map path.leaflet-interactive").count() == 16  # 10 events + 6 districts
    assert page.locator(".fl-label").count() == 6
    assert page.locator("#date-label").text_content() == "2021-07-27"
    image = page.screenshot(path=str(tmp_path / "map.png"))
    assert len(image) > 20_000

    # move the slider to 20 July 2021: Kaldar is Taliban-held (red), Qala-e-Naw government (blue)
    page.evaluate("""() => { const s = document.getElementById('date-slider');
        s.value = (Date.parse('2021-07-20') - Date.parse('2015-10-25')) / 86400000;
        s.dispatchEvent(new Event('input')); }""")
    assert page.locator("#date-label").text_content() == "2021-07-20"
    colours = page.evaluate("""() => Object.fromEntries(window.frontlinesMap.districts.map(
        d => [d.district.name, d.marker.options.color]))""")
    assert colours["Kaldar"] == "#c92a2a" and colours["Qala-e-Naw"] == "#1f5fbf"
    fill = page.evaluate("""() => window.frontlinesMap.districts.find(
        d => d.district.name === 'Nad-e Ali').marker.options.fillColor""")
    assert fill.startswith("#")  # 20 July: before the claim; hatched only from 27 July

    page.evaluate("() => window.frontlinesMap.events.find(e => e.event.id === 'strikes-pajhwok-e0').marker.openPopup()")
    popup = page.locator(".fl-popup").inner_text()
    assert "Air/drone strike" in popup and "10 (range 10\u201311)" in popup and "Pajhwok; Tolo" in popup
    assert "An airstrike hit a wedding party in Nad-e Ali district" in popup
    assert problems == []


def test_article_payloads_execute_nothing_and_show_as_text(browser, tmp_path):
    sentence = "Taliban fighters attacked a checkpoint in Kaldar on Monday, killing 5 soldiers " + " ".join(PAYLOADS)
    r = Report("xss", "2021-07-27", PAYLOADS[1], [sentence], url="javascript:window.__pwned='url'")
    r.event(0, "Armed clash", "2021-07-26", "Kaldar", TALIBAN, ARMY, fatalities=5)
    r.events[0].notes = PAYLOADS[0]
    claim = Report("xss2", "2021-07-28", "AFP", ["The Taliban claimed Kaldar " + PAYLOADS[2]],
                   url="https://example.org/report?a=<b>&c=\"d\"")
    claim.event(0, "Non-state actor overtakes territory", "2021-07-27", "Kaldar", TALIBAN, ARMY,
                claim="claimed", claimed_by=PAYLOADS[0])
    with store_with([r, claim], str(tmp_path / "s.db")) as store:
        build_map(tmp_path / "map.html", store=store, title=PAYLOADS[0])
    page, problems = _open(browser, tmp_path / "map.html")
    shown = []
    for kind in ("events", "districts"):
        count = page.evaluate(f"() => window.frontlinesMap.{kind}.length")
        for n in range(count):
            page.evaluate(f"() => window.frontlinesMap.{kind}[{n}].marker.openPopup()")
            shown.append(page.locator(".fl-popup").last.inner_text())
            assert page.locator(".fl-popup img, .fl-popup script").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#title").text_content() == PAYLOADS[0]
    text = "\n".join(shown)
    for payload in PAYLOADS:
        assert payload in text  # shown as text, character for character
    assert page.locator("#panel img, #panel script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    links = page.eval_on_selector_all(".fl-popup a", "els => els.map(a => a.href)")
    assert all(link.startswith("https://example.org/") for link in links)
    assert problems == []


def test_map_of_the_bundled_example_articles(browser, tmp_path):
    """The README's screenshot: the example articles through the whole pipeline."""
    if not EXAMPLES.is_dir():
        pytest.skip("examples/articles not present")
    from frontlines.api import extract_to
    from frontlines.store import Store

    db = tmp_path / "examples.db"
    with open(os.devnull, "w") as sink:
        extract_to([str(EXAMPLES)], db=str(db), out=sink, workers=1)
    with Store.open(db) as store:
        summary = build_map(tmp_path / "map.html", store=store, title="Frontlines - example articles")
    assert summary.events > 0 and summary.districts > 0
    page, problems = _open(browser, tmp_path / "map.html")
    assert page.locator("#map path.leaflet-interactive").count() >= summary.events
    # country borders drawn offline beneath the data (not clickable)
    assert page.locator("#map path:not(.leaflet-interactive)").count() >= 3
    # show one district's timeline with its evidence, as a reader would click it
    page.evaluate("""() => { const ds = window.frontlinesMap.districts.slice().sort(
        (a, b) => b.district.states.length - a.district.states.length);
        if (ds.length) ds[0].marker.openPopup(); }""")
    target = os.environ.get("FRONTLINES_SCREENSHOT")
    page.screenshot(path=target or str(tmp_path / "examples.png"))
    assert problems == []
