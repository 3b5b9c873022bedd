"""The dashboard in a real browser: Playwright driving Debian's chromium (never a downloaded
browser). Every page loads on the sample store, a filter is applied from the keyboard, an
event is followed to its article with the evidence highlighted, hostile article markup stays
inert, and nothing overflows a phone's width. Screenshots at 1280x800 and 390x844 are kept in
test-artifacts/screenshots/ (CI keeps the folder as an artefact).

Without chromium or the playwright package the tests skip on a developer's machine and FAIL
with CI=true: .ci/run installs chromium with apt.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import in_ci
from tests.web.conftest import HOSTILE_ID, LiveServer, fused_incident

CHROMIUM = os.environ.get("DYAD_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason}; with CI=true the browser tests may not be skipped (.ci/run installs chromium)",
                    pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (test extra)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(sample_db):
    """The app on a free loopback port, on the sample store and the real dyad.api analytics."""
    from dyad.web import create_app

    with LiveServer(create_app(str(sample_db), read_only=True)) as live:
        yield live.url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.on("dialog", lambda dialog: (tab.errors.append("dialog: " + dialog.message), dialog.dismiss()))
    yield tab
    context.close()


def shoot(tab, name: str) -> None:
    """Screenshots at desktop and phone sizes; at phone width nothing may overflow sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.set_viewport_size(DESKTOP)
    tab.screenshot(path=str(SHOTS / f"{name}-1280x800.png"))
    tab.set_viewport_size(PHONE)
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    tab.screenshot(path=str(SHOTS / f"{name}-390x844.png"))
    tab.set_viewport_size(DESKTOP)
    assert overflow <= 1, f"{name}: the page is {overflow}px wider than a 390px phone"


@pytest.fixture(scope="module")
def fused(read_store) -> dict:
    return fused_incident(read_store)


@pytest.mark.parametrize(("name", "path", "heading"), [
    ("overview", "/", "Overview"), ("events", "/events", "Events"), ("dyad", "/dyads/RUS:UKR", "Dyad RUS:UKR"),
    ("actor", "/actors/RUS", "Actor RUS"), ("network", "/network", "Network"),
    ("incidents", "/incidents", "Incidents"), ("article", f"/articles/{HOSTILE_ID}", "Border"),
])
def test_each_page_loads(page, server, name, path, heading):
    response = page.goto(server + path)
    assert response.status == 200
    assert heading in page.locator("h1").inner_text()
    assert page.locator("main svg, main table, main article").count() > 0
    shoot(page, name)
    assert page.errors == []


def test_incident_page_lists_its_reports(page, server, fused):
    assert page.goto(f"{server}/incidents/{fused['incident_id']}").status == 200
    reports = page.locator(".reports li")
    assert reports.count() == 2 and page.locator(".reports b.trigger").count() == 2
    shoot(page, "incident")
    second = fused["mentions"][1]
    page.locator(f'.reports a[href$="#ev-{second["event_id"]}"]').click()
    page.wait_for_url(f"**/articles/{second['article_id']}#ev-{second['event_id']}")
    mark = page.locator(f"mark.evidence:has(#ev-{second['event_id']})")
    assert mark.count() == 1 and mark.is_visible()
    assert mark.evaluate("m => getComputedStyle(m).outlineStyle") != "none"  # the :target outline
    shoot(page, "incident-followed")


def test_charts_render_bars_and_network_nodes(page, server):
    page.goto(server + "/")
    assert page.locator("main svg.chart rect").count() > 0
    assert page.locator("ol.top li a").count() > 0
    assert page.locator("main svg.chart rect.unread").count() > 0  # months with no article, not zero
    page.goto(server + "/network")
    assert page.locator("svg.network circle.node").count() >= 2
    assert page.locator("svg.network line.edge.conflict").count() >= 1
    page.locator("details summary").click()
    assert page.locator('details a[href="/dyads/VEN:GUY"]').is_visible()
    page.goto(server + "/dyads/VEN:GUY")
    assert page.locator("svg.chart circle.dot").count() == 1  # one month with records: one point, no line
    assert page.locator("svg.chart rect title", has_text="2024-10: 1 material conflict").count() == 1


def test_filter_from_the_keyboard_keeps_it_in_the_url(page, server):
    page.goto(server + "/events")
    page.locator("input[name=actor]").focus()
    page.keyboard.type("RUS")
    page.keyboard.press("Enter")
    page.wait_for_url("**/events?*actor=RUS*")
    rows = page.locator("table.events tbody tr")
    assert rows.count() > 0
    for i in range(rows.count()):
        assert "RUS" in rows.nth(i).inner_text()
    shared = page.url
    other = page.context.new_page()  # the URL alone reproduces the view
    other.goto(shared)
    assert other.locator("input[name=actor]").input_value() == "RUS"
    assert other.locator("table.events tbody tr").count() == rows.count()
    shoot(page, "events-filtered")


def test_a_bad_filter_says_which_parameter(page, server):
    response = page.goto(server + "/events?since=2024-13")
    assert response.status == 422
    assert "since" in page.locator("[role=alert]").inner_text()


def test_event_link_leads_to_its_highlighted_evidence(page, server):
    page.goto(server + "/events?actor=RUS")
    link = page.locator("table.events td.evidence a").first
    href = link.get_attribute("href")
    event_id = href.split("#ev-")[1]
    link.click()
    page.wait_for_url("**/articles/**")
    anchor = page.locator(f"#ev-{event_id}")
    assert anchor.count() == 1
    mark = page.locator(f"mark.evidence:has(#ev-{event_id})")
    assert mark.count() == 1 and mark.is_visible()
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("aside.codes li").count() >= 1
    assert page.locator("aside.codes .type").first.inner_text().isupper()
    shoot(page, "article-evidence")


def test_hostile_article_markup_is_inert(page, server):
    page.goto(f"{server}/articles/{HOSTILE_ID}")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    body = page.locator("article.body")
    assert body.locator("script, img").count() == 0
    assert page.locator("main img, main script, h1 b").count() == 0
    text = body.inner_text()
    assert "<script>window.__xss = 1</script>" in text
    assert '"><img src=x onerror="window.__xss = 2">' in text
    assert '"><img src=x onerror=alert(1)>' in page.locator("h1").inner_text()
    assert page.errors == []
    shoot(page, "article-hostile")


def test_keyboard_skip_link_and_focus(page, server):
    page.goto(server + "/events")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(3):
        page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
