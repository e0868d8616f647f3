"""The real feeds and the real listing in ../shared/corpus give every item its exact instant.

The pages are third-party content, read from ../shared at test time (skipped, with the reason
printed, when absent). The instants below were read off the files by hand (the item's pubDate,
its weekday checked against the calendar; on the listing, each title attribute against the day-
first text beside it) — not taken from the parser.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

import lxml.html
import pytest
from lxml import etree

from crawler.core.dates import find_date, infer_order, parse_date, resolve
from crawler.core.items import Article, Hints
from tests.conftest import shared_path

#: A crawl time after every item; a date more than a day after it would be refused.
CRAWL = datetime.fromisoformat("2026-11-22T12:00:00+07:00")

#: Item pubDates in document order, as instants.
FEEDS = {
    "nhandan.vn__feed.rss": ["2026-09-14T18:48:23+07:00", "2026-09-14T18:31:08+07:00"],
    "sggp.org.vn__feed.rss": ["2026-09-23T17:02:29+07:00"],
    # .NET en-US, month first, no zone: Vietnam time
    "baochinhphu.vn__feed.rss": ["2026-09-14T18:44:00+07:00", "2026-09-13T20:01:00+07:00"],
}

#: The 19 dated items of the listing, in document order.
LISTING = [
    "2026-03-05T15:34:00+07:00",
    "2026-02-26T12:00:00+07:00",
    "2026-02-25T15:37:00+07:00",
    "2026-02-25T11:42:00+07:00",
    "2026-02-12T17:36:00+07:00",
    "2026-02-04T15:20:00+07:00",
    "2026-02-03T16:45:00+07:00",
    "2026-02-03T12:07:00+07:00",
    "2026-02-01T06:51:00+07:00",
    "2026-01-30T17:13:00+07:00",
    "2026-01-30T14:59:00+07:00",
    "2026-01-27T20:05:00+07:00",
    "2026-01-22T15:39:00+07:00",
    "2026-01-22T11:02:00+07:00",
    "2026-01-21T15:29:00+07:00",
    "2026-01-19T16:38:00+07:00",
    "2026-01-15T16:34:00+07:00",
    "2026-01-15T16:29:00+07:00",
    "2026-01-15T15:38:00+07:00",
]


def _items(name: str) -> list[etree._Element]:
    root = etree.parse(str(shared_path("corpus", name))).getroot()
    return list(root.iter("item"))


def _pub_dates(name: str) -> list[str]:
    return [(item.findtext("pubDate") or "").strip() for item in _items(name)]


def _want(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _same(got: datetime | None, want: datetime) -> bool:
    return got == want and got is not None and got.utcoffset() == want.utcoffset()


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_every_feed_item_gets_its_instant(name: str) -> None:
    texts = _pub_dates(name)
    assert len(texts) == len(FEEDS[name])
    order = infer_order(texts, CRAWL)
    for text, iso in zip(texts, FEEDS[name], strict=True):
        assert _same(parse_date(text, CRAWL), _want(iso)), text
        assert _same(parse_date(text, CRAWL, order), _want(iso)), (text, order)


def test_the_baochinhphu_feed_settles_month_first() -> None:
    assert infer_order(_pub_dates("baochinhphu.vn__feed.rss"), CRAWL) == "MDY"


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_the_dates_stage_dates_a_feed_item_from_its_pubdate_alone(name: str) -> None:
    """What the pipeline does with a feed item whose page gave no date: the feed's date."""
    order = infer_order(_pub_dates(name), CRAWL)
    for text, iso in zip(_pub_dates(name), FEEDS[name], strict=True):
        hints: dict[str, object] = {"feed_date": text}
        if order:
            hints["date_order"] = order
        item = Article(url=f"https://{name.split('__')[0]}/x", site=name.split("__")[0])
        item.fetched_at = CRAWL
        item.hints = cast(Hints, hints)
        got = resolve(item)
        assert _same(got.published, _want(iso)), text
        assert got.date_source == "feed:date"


def test_sggp_updated_is_the_modification_not_the_publication() -> None:
    (item,) = _items("sggp.org.vn__feed.rss")
    updated = (item.findtext("updated") or "").strip()
    assert _same(parse_date(updated, CRAWL), _want("2026-09-23T18:49:12+07:00"))


def test_running_text_in_real_feeds_names_the_day() -> None:
    """sggp's description says "vào chiều 23-9" and nhandan's second title "ngày 14/9", each
    of the day its pubDate gives; the year is not written and comes from the pubDate."""
    (sggp,) = _items("sggp.org.vn__feed.rss")
    desc = lxml.html.fromstring(sggp.findtext("description") or "").text_content()
    base = parse_date(sggp.findtext("pubDate") or "", CRAWL)
    assert base is not None
    assert find_date(desc, base) == _want("2026-09-23T00:00:00+07:00")
    title = _items("nhandan.vn__feed.rss")[1].findtext("title") or ""
    base = parse_date(_pub_dates("nhandan.vn__feed.rss")[1], CRAWL)
    assert base is not None
    assert find_date(title, base) == _want("2026-09-14T00:00:00+07:00")


def _listing() -> lxml.html.HtmlElement:
    return lxml.html.parse(str(shared_path("corpus", "baochinhphu.vn__listing.html"))).getroot()


def test_the_listing_title_attribute_and_text_give_the_same_instant() -> None:
    spans = _listing().cssselect("span.time-ago")
    titles = [s.get("title", "") for s in spans]
    texts = [s.text_content().strip() for s in spans]
    assert len(spans) == len(LISTING) == 19
    title_order, text_order = infer_order(titles, CRAWL), infer_order(texts, CRAWL)
    assert (title_order, text_order) == ("MDY", "DMY")
    for title, text, iso in zip(titles, texts, LISTING, strict=True):
        for order in (None, title_order):
            assert _same(parse_date(title, CRAWL, order), _want(iso)), (title, order)
        for order in (None, text_order):
            assert _same(parse_date(text, CRAWL, order), _want(iso)), (text, order)


def test_the_listing_sapos_name_no_event_day() -> None:
    """Read by hand: every date in these sapos is a legal document's date or number, an
    effective date ("có hiệu lực thi hành từ ngày 15/4/2026") or a month ("Tháng 2/2026");
    none is the day of an event, so none may become the article's date."""
    sapos = [el.text_content() for el in _listing().cssselect("[class*=sapo]")]
    sapos = [s for s in sapos if s.strip()]
    assert len(sapos) >= 19
    assert [s[:60] for s in sapos if find_date(s, CRAWL) is not None] == []
