"""The web page in a real browser (Playwright driving Debian's Chromium), as a person uses it:
open `/`, filter to one province, search, follow a story to its outlet, find the feed links and
the OPML; on a phone's screen too. Screenshots are kept in var/artifacts/browser/.

The outlets' sites are never reached: every request off the local server is answered by the
test (page.route) and recorded, so following a story asserts where the browser went."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from crawler.storage import Store
from tests.conftest import ROOT
from tests.test_server import copy_store, folded_words, serving

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "var" / "artifacts" / "browser"


def _skip(reason: str) -> None:
    print(f"SKIP: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def base(replayed_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = copy_store(replayed_db, tmp_path_factory.mktemp("browser") / "pw.db")
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        _skip(f"{CHROMIUM} is absent: apt-get install chromium (make test does, as root)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield b
        b.close()


def shot(page: Page, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    print(f"screenshot: {path}")
    return path


class Outside:
    """Answers every request that leaves the local server, and remembers it."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.requested: list[str] = []

    def __call__(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.base):
            route.continue_()
            return
        self.requested.append(url)
        route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            body="<!doctype html><title>outlet</title><p>the outlet's page</p>",
        )


def story_meta(page: Page) -> list[str]:
    return [m.inner_text() for m in page.locator("article.story p.meta").all()]


def submit(page: Page) -> dict[str, list[str]]:
    """Press "Lọc" and wait for the page it asks for; its query parameters."""
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    return parse_qs(urlsplit(page.url).query)


def open_home(page: Page, base: str) -> None:
    page.goto(base)
    assert page.title().startswith("partywire")
    assert page.locator("article.story").count() > 10
    assert "Cũng đăng trên" in page.locator("main").inner_text()
    crawl = page.locator("p.crawl time").inner_text()
    assert re.fullmatch(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}", crawl), crawl
    shot(page, "01-home")


def filter_to_province(page: Page, store: Store) -> list[dict[str, Any]]:
    """Pick Cần Thơ in the form, as a person does; its articles."""
    page.select_option("select[name=province]", label="Cần Thơ")
    assert submit(page).get("province") == ["can-tho"]
    metas = story_meta(page)
    want = [a for a in store.latest() if a["province"] == "Cần Thơ"]
    assert len(metas) == len(want), metas
    assert all("Cần Thơ" in m for m in metas), metas
    shot(page, "02-province-can-tho")
    return want


def search(page: Page, base: str, within: list[dict[str, Any]]) -> None:
    """Search without tone marks, keeping the province: the marked text is found, only it, and
    the feed of this view carries the search."""
    page.fill("input[name=q]", "xay dung dang")
    q = submit(page)
    assert q.get("q") == ["xay dung dang"] and q.get("province") == ["can-tho"]
    titles = {t.inner_text() for t in page.locator("a.story-link").all()}
    found = {
        a["title"]
        for a in within
        if " xay dung dang " in folded_words(" ".join((a["title"], a["summary"], a["text"])))
    }
    assert 0 < len(found) < len(within), "the search narrows the province's stories"
    assert titles == found
    shot(page, "03-search")
    rss = page.get_by_role("link", name="RSS").first.get_attribute("href") or ""
    assert rss.startswith(base + "feed.xml?") and "q=xay+dung+dang" in rss
    feed = page.request.get(rss)
    assert feed.ok and feed.headers["content-type"].startswith("application/rss+xml")
    assert all(t in feed.text() for t in found)


def follow_story(page: Page, store: Store, outside: Outside) -> str:
    """Click the first story: the browser goes to the outlet's own article (answered here)."""
    link = page.locator("a.story-link").first
    href, title = link.get_attribute("href") or "", link.inner_text()
    stored = [a for a in store.latest() if a["title"] == title]
    assert len(stored) == 1 and href == stored[0]["url"]
    link.click()
    page.wait_for_url(href)
    assert page.url == href and outside.requested[-1] == href
    assert page.locator("p").inner_text() == "the outlet's page"
    page.go_back()
    page.wait_for_load_state()
    return href


def find_feeds(page: Page, base: str) -> None:
    """Every province and outlet has its feeds in three formats; the OPML is there."""
    page.goto(base)
    opml = page.get_by_role("link", name="Tất cả nguồn tin (OPML)")
    assert opml.get_attribute("href") == base + "feeds.opml"
    r = page.request.get(base + "feeds.opml")
    assert r.ok and "<opml" in r.text()
    can_tho = page.locator("#province-can-tho")
    can_tho.scroll_into_view_if_needed()
    hrefs = [a.get_attribute("href") for a in can_tho.locator("a.feed").all()]
    want = [f"{base}{p}.{fmt}" for p in ("provinces/can-tho", "sites/baocantho")
            for fmt in ("xml", "atom", "json")]  # fmt: skip
    assert [h for h in want if h not in hrefs] == []
    for url in want:
        assert page.request.get(url).ok, url
    alternates = [el.get_attribute("href") for el in page.locator("head link[rel=alternate]").all()]
    assert base + "feed.xml" in alternates and base + "provinces/can-tho.xml" in alternates
    shot(page, "04-feeds")


def test_a_person_filters_searches_follows_a_story_and_finds_the_feeds(
    browser: Browser, base: str, replayed_db: str
) -> None:
    store = Store(replayed_db)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    outside = Outside(base)
    ctx.route("**/*", outside)
    page = ctx.new_page()
    open_home(page, base)
    search(page, base, filter_to_province(page, store))
    href = follow_story(page, store, outside)
    find_feeds(page, base)
    assert outside.requested == [href], "nothing else left the server"
    ctx.close()


def test_the_page_reads_on_a_phone(browser: Browser, base: str) -> None:
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    ctx.route("**/*", Outside(base))
    page = ctx.new_page()
    page.goto(base)
    # no sideways scrolling, text at a readable size, the form usable
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('a.story-link')).fontSize)"
    )
    assert size >= 16
    box = page.locator("input[name=q]").bounding_box()
    assert box is not None and box["width"] >= 200
    shot(page, "05-phone", full_page=False)  # what the screen shows first
    ctx.close()
