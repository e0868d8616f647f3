"""Regenerate the recorded pages: `python -m tests.recorded._author.build`.

Writes tests/recorded/<site>/pages.warc (the pages, as WARC response records with their original
URL, status and headers) and tests/recorded/<site>/expected.json (what the crawl must return for
each article, derived from the content, never from the extractor's output).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

from crawler.replay import Recorded, write_warc

from . import templates as t
from .content import BAOCANTHO, BAOTINTUC, NHANDAN
from .model import Story

ROOT = Path(__file__).resolve().parent.parent
HTML = [("Content-Type", "text/html; charset=utf-8"), ("Server", "nginx")]
RSS = [("Content-Type", "application/rss+xml; charset=utf-8")]


def page(
    url: str, body: str, headers: list[tuple[str, str]] = HTML, status: int = 200, gz: bool = False
) -> Recorded:
    data = body.encode("utf-8")
    hdrs = list(headers)
    if gz:
        data = gzip.compress(data, mtime=0)
        hdrs.append(("Content-Encoding", "gzip"))
    hdrs.append(("Content-Length", str(len(data))))
    return Recorded(url=url, status=status, headers=hdrs, body=data)


def expected(s: Story) -> dict[str, object]:
    paras = ([s.sapo] if s.sapo_in_body else []) + s.paragraphs
    return {
        "url": s.url,
        "title": s.title,
        "published": s.published,
        "authors": s.authors,
        "source": s.source,
        "summary": s.sapo,
        "first_paragraph": paras[0],
        "last_paragraph": paras[-1],
        "text": "\n\n".join(paras),
        "text_length": len("\n\n".join(paras)),
    }


def nhandan() -> list[Recorded]:
    home = "https://nhandan.vn/"
    name = "Báo Nhân Dân điện tử"
    a, b = NHANDAN
    return [
        page(
            "https://nhandan.vn/robots.txt",
            "User-agent: *\nDisallow: /print.html\n",
            [("Content-Type", "text/plain")],
        ),
        page(f"{home}rss/chinhtri.rss", t.rss([a], "Nhân Dân - Chính trị", home), RSS),
        page(f"{home}xay-dung-dang/", t.epi_listing([b, a], name, home, "Xây dựng Đảng")),
        page(a.url, t.epi_article(a, name, home)),
        page(b.url, t.epi_article(b, name, home), gz=True),
    ]


def baocantho() -> list[Recorded]:
    home = "https://baocantho.com.vn/"
    a, b = BAOCANTHO
    return [
        page(
            f"{home}robots.txt",
            "User-agent: *\nDisallow: /print/\n",
            [("Content-Type", "text/plain")],
        ),
        page(f"{home}rss/cate/thoi-su/", t.rss([b, a], "Báo Cần Thơ - Thời sự", home), RSS),
        page(f"{home}thoi-su/", t.aid_listing([b, a], home, "thoi-su")),
        page(a.url, t.aid_article(a, "Báo Cần Thơ", home)),
        page(b.url, t.aid_article(b, "Báo Cần Thơ", home)),
    ]


def baotintuc() -> list[Recorded]:
    home = "https://baotintuc.vn/"
    a, b = BAOTINTUC
    p1 = f"{home}xay-dung-dang-1623ct472.htm"
    p2 = f"{home}xay-dung-dang-1623ct472/trang-2.htm"
    return [
        page(p1, t.ttxvn_listing([a], home, "/xay-dung-dang-1623ct472/trang-2.htm")),
        page(p2, t.ttxvn_listing([b], home, None)),
        page(a.url, t.ttxvn_article(a, "Báo Tin tức", home)),
        page(b.url, t.ttxvn_article(b, "Báo Tin tức", home)),
    ]


SITES: dict[str, tuple[Callable[[], list[Recorded]], list[Story]]] = {
    "nhandan": (nhandan, NHANDAN),
    "baocantho": (baocantho, BAOCANTHO),
    "baotintuc": (baotintuc, BAOTINTUC),
}


def main() -> None:
    for site, (make, stories) in SITES.items():
        folder = ROOT / site
        folder.mkdir(parents=True, exist_ok=True)
        n = write_warc(folder / "pages.warc", make())
        (folder / "expected.json").write_text(
            json.dumps([expected(s) for s in stories], ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        print(f"{site}: {n} pages, {len(stories)} articles")


if __name__ == "__main__":
    main()
