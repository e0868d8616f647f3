"""A hostile article page, through the stages the crawl runs, then into a feed: every string is
cleaned and capped once at the boundary, and the feed stays valid XML a reader parses."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

import feedparser
import pytest

from crawler.core.boundary import LIMITS, cap, clean, clean_url
from crawler.process import process_page
from output.feeds import build_feed

URL = "https://nhandan.vn/hoi-nghi-so-ket-cong-tac-dang-post990001.html"
SENTENCE = "Hội nghị sơ kết công tác xây dựng Đảng ở cơ sở trong năm 2026 của tỉnh."
RLO, PDF, LRI = "\u202e", "\u202c", "\u2066"


def _page(title: str, paragraphs: list[str], canonical: str, image: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><meta charset='utf-8'>"
        f'<link rel="canonical" href="{canonical}">'
        f'<meta property="og:image" content="{image}">'
        '<meta property="article:published_time" content="2026-11-20T08:30:00+07:00">'
        "<meta property='og:type' content='article'>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def test_controls_bidi_and_script_never_reach_the_article() -> None:
    title = f"Hội nghị {RLO}ạk ơs{PDF} <script>alert('xss-title')</script>sơ kết\x01 công tác"
    paragraphs = [f"{SENTENCE} {LRI}Đoạn {i}\x0b với\ufffe ký tự lạ.\u0000" for i in range(40)]
    art = process_page(_page(title, paragraphs, URL + "&#x1;", "javascript:alert(1)"), URL)
    assert art.title == "Hội nghị ạk ơs sơ kết công tác"
    for field in (art.title, art.text, art.summary, art.body_html, art.canonical_url):
        assert not any(c in field for c in (RLO, PDF, LRI, "\x01", "\x0b", "\ufffe", "\x00"))
    assert art.canonical_url == URL
    assert art.image is None
    assert art.field_sources["cut/image"] == "invalid"


def test_a_huge_title_and_100000_paragraphs_are_capped_and_the_feed_is_valid() -> None:
    title = "Tiêu đề " * 125_000  # 1 MB
    paragraphs = [f"{SENTENCE} Đoạn số {i}." for i in range(100_000)]
    art = process_page(_page(title, paragraphs, URL, "https://nhandan.vn/a.jpg"), URL)
    assert len(art.title) <= LIMITS["title"]
    assert art.title.startswith("Tiêu đề Tiêu đề")
    assert len(art.text) <= LIMITS["text"]
    assert len(art.body_html) <= LIMITS["body_html"]
    assert int(art.field_sources["cut/title"]) > 900_000
    assert int(art.field_sources["cut/text"]) > 7_000_000
    assert art.text.startswith(SENTENCE)
    row = art.record()
    row["published"] = row["published"] or datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
    data = build_feed(
        [row], title="t", description="d", self_url="https://x.org/feed.xml", home="https://x.org/"
    )
    assert len(data) < 2_000_000
    ElementTree.fromstring(data)  # well-formed
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.entries[0].title == art.title


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://nhandan.vn/a-post1.html", "https://nhandan.vn/a-post1.html"),
        ("https://nhandan.vn/a-post1.html\x01", "https://nhandan.vn/a-post1.html"),
        ("javascript:alert(1)", None),
        ("/relative/path.html", None),
        ("https://", None),
        ("https://nhandan.vn/a b.html", None),
        ("https://nhandan.vn/" + "a" * 3000, None),
        ("", None),
    ],
)
def test_urls_are_http_urls_of_sane_length_or_nothing(raw: str, expected: str | None) -> None:
    assert clean_url(raw) == expected


def test_cap_cuts_at_a_word_and_clean_keeps_vietnamese() -> None:
    assert cap("một hai ba bốn", 9) == "một hai"
    assert cap("ngắn", 10) == "ngắn"
    text = "Đảng bộ tỉnh Quảng Trị\n\nđoàn kết\tthống nhất"
    assert clean(text) == text  # tabs and line breaks stay: only invisible controls go
