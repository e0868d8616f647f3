"""Pages for the five seed outlets, built from ../shared/seeds at test and demo time.

The seeds are what a naive scraper kept of five real articles (third-party text: it is read from
../shared and never copied into this repository). Each is laid out here inside a page of its
outlet's family, with its leftovers where such pages put them: captions under photos (and
again in alt text), trailer boxes, reader-comment boxes, ad and footer lines, and words the
scraper glued across tags as adjacent inline elements. The expected record is derived from the
seed text by the per-seed spec below, never from the extractor's output.

Run: python -m tests.recorded._author.seeds ../shared var/seeds
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from crawler.core.normalize import normalize_line
from crawler.replay import write_warc
from crawler.sites import get_site

from . import templates as t
from .build import FIXED_DATE, generated, page, start_pages
from .content import BAOTINTUC
from .model import Photo, Story


@dataclass
class Seed:
    file: str
    site: str
    url: str
    published: str
    title: str | None  # None: the seed's first line is its title
    layout: Callable[[list[str], Story], None]  # puts the seed lines into the story
    expected: dict[str, object] = field(default_factory=dict)


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def _glue_markup(para: str, glued: dict[str, str]) -> tuple[str, str]:
    """(markup with each glued spot split into adjacent elements, text as a reader reads it)."""
    html, text = escape(para, quote=False), para
    for bad, good in glued.items():
        left, right = good.split(" ", 1) if " " in good else (good, "")
        html = html.replace(
            escape(bad, quote=False),
            f"{escape(left, quote=False)}</span>\n<span>{escape(right, quote=False)}",
        )
        text = text.replace(bad, good)
    return f"<span>{html}</span>", text


# -- per-seed layouts -------------------------------------------------------------------------
def layout_000(lines: list[str], s: Story) -> None:
    *paras, byline = lines
    s.sapo, s.paragraphs = paras[0], paras[1:]
    s.byline, s.authors = byline, [byline]


GLUED_001 = {
    "đảng viênluôn": "đảng viên luôn",
    "01chi bộ": "01 chi bộ",
    "trực thuộc;kịp": "trực thuộc; kịp",
    "năm 2021của": "năm 2021 của",
    "tronglãnh đạo": "trong lãnh đạo",
    "chính trị;việc": "chính trị; việc",
}


def layout_001(lines: list[str], s: Story) -> None:
    title, date_line, *rest = lines
    assert rest[-1] == "Các tin khác", rest[-1]
    body, byline = rest[:-2], rest[-2]
    s.title, s.sapo, s.byline, s.authors = title, body[0], byline, [byline]
    paras: list[str] = []
    for para in body[1:]:
        # "thiết thực.Hội nghị": two paragraphs the scraper ran together
        parts = re.split(r"(?<=thiết thực\.)(?=Hội nghị)", para)
        for part in parts:
            markup, text = _glue_markup(part, GLUED_001)
            if markup != f"<span>{escape(part, quote=False)}</span>":
                s.raw[len(paras)] = markup
            paras.append(text)
    s.paragraphs = paras
    s.date_line = date_line  # type: ignore[attr-defined]
    s.trailer_html = (
        '<div class="other-news"><h3>Các tin khác</h3><ul><li><a class="title5" '
        'href="https://baoquangtri.vn/xay-dung-dang/202110/hoi-nghi-khac-a1b2c3d/">'
        "Một hội nghị khác của Đảng ủy Khối</a></li></ul></div>"
    )


def layout_002(lines: list[str], s: Story) -> None:
    title, lead, *rest = lines
    trailers = ["Xem thêm", "Video", "Đọc báo in"]
    assert rest[-3:] == trailers, rest[-3:]
    rest = rest[:-3]
    paras: list[str] = []
    photos: dict[int, Photo] = {}
    i = 0
    while i < len(rest):
        if i + 1 < len(rest) and rest[i] == rest[i + 1]:  # a caption, printed twice
            photos[len(paras) - 1] = Photo(
                f"https://bbk.baothainguyen.vn/img/{len(photos)}.jpg", rest[i]
            )
            i += 2
            continue
        paras.append(rest[i])
        i += 1
    s.title, s.sapo, s.paragraphs, s.photos = title, lead, paras, photos
    s.photos = {k: v for k, v in photos.items() if k >= 0}
    if -1 in photos:  # a photo right under the sapo: before the first paragraph
        s.photos[-1] = photos[-1]
    s.byline, s.authors = "", []
    s.trailer_html = (
        '<div class="box-more"><h3 class="box-heading">Xem thêm</h3></div>'
        '<div class="box-video"><h3 class="box-heading">Video</h3></div>'
        '<div class="box-print"><a href="https://bbk.baothainguyen.vn/bao-in/">'
        "Đọc báo in</a></div>"
    )


def layout_003(lines: list[str], s: Story) -> None:
    *body, byline, trailer = lines
    assert trailer == "Ý kiến bạn đọc", trailer
    s.sapo = body[0]
    paras: list[str] = []
    photos: dict[int, Photo] = {}
    for ln in body[1:]:
        if ln.endswith("|"):
            photos[len(paras) - 1] = Photo(
                f"https://tinhuybinhphuoc.vn/uploads/{len(photos)}.jpg", ln
            )
        else:
            paras.append(ln)
    s.paragraphs, s.byline, s.authors = paras, byline, ["Thanh Giang", "Văn Hương"]
    s.photos = photos
    s.trailer_html = (
        '<div class="comment-box"><h3>Ý kiến bạn đọc</h3><form><textarea></textarea></form></div>'
    )


def layout_004(lines: list[str], s: Story) -> None:
    title, lead, placeholder, caption, *rest = lines
    assert placeholder == "Chú thích ảnh"
    cut = rest.index("TTXVN/Báo Tin tức")
    body, after = rest[:cut], rest[cut + 1 :]
    related_title, _dup, related_lead, *footer = after
    s.title, s.sapo, s.paragraphs = title, lead, body
    credit = caption[caption.index("Ảnh:") :]
    s.photos = {
        -1: Photo(
            "https://cdnmedia.baotintuc.vn/seed/004.jpg",
            caption[: caption.index("Ảnh:")].strip(),
            credit,
        )
    }
    s.byline, s.authors = "TTXVN/Báo Tin tức", ["TTXVN/Báo Tin tức"]
    s.related = [
        (
            "https://baotintuc.vn/thoi-su/hoi-nghi-mo-rong-lan-thu-20-20200520120000000.htm",
            related_title,
        )
    ]
    s.trailer_html = (
        f'<div class="tinlienquan"><p class="sapo">{escape(related_lead)}</p></div>'
        + "".join(f'<p class="footer-line">{escape(x)}</p>' for x in footer)
    )


SEEDS = [
    Seed(
        "000_931ffd6c67644658.txt",
        "thainguyen_dcs",
        "https://thainguyen.dcs.vn/news/xay-dung-dang/tong-ket-cong-tac-chi-dao-dai-hoi-dang-cap-co-so-7301.html",
        "2020-08-10T17:05:00+07:00",
        "Đảng ủy Khối các cơ quan tỉnh tổng kết công tác chỉ đạo đại hội Đảng cấp cơ sở",
        layout_000,
    ),
    Seed(
        "001_1c0cf8326da353b2.txt",
        "baoquangtri",
        "https://baoquangtri.vn/xay-dung-dang/202110/hoi-nghi-ban-chap-hanh-lan-thu-5-nhiem-ky-2020-2025-3f2a1c9/",
        "2021-10-18T08:43:00+07:00",
        None,
        layout_001,
    ),
    Seed(
        "002_09a1d6e2057134c0.txt",
        "bbk_baothainguyen",
        "https://bbk.baothainguyen.vn/dang-uy-cac-co-quan-tinh-so-ket-giua-nhiem-ky-2020-2025-post301877.html",
        "2023-05-10T17:30:00+07:00",
        None,
        layout_002,
    ),
    Seed(
        "003_8775d9b0c7bf92f4.txt",
        "tinhuybinhphuoc",
        "https://tinhuybinhphuoc.vn/news/xay-dung-dang/ban-to-chuc-tinh-uy-so-ket-cong-tac-9-thang-2023-8812.html",
        "2023-09-29T11:20:00+07:00",
        "Ban Tổ chức Tỉnh ủy sơ kết công tác xây dựng Đảng 9 tháng đầu năm 2023",
        layout_003,
    ),
    Seed(
        "004_288488f3007ba409.txt",
        "baotintuc",
        "https://baotintuc.vn/thoi-su/to-chuc-tot-dai-hoi-dang-bo-cac-cap-20200528183000456.htm",
        "2020-05-28T18:30:00+07:00",
        None,
        layout_004,
    ),
]

RENDER = {
    "nukeviet": t.nukeviet_article,
    "ym": t.ym_article,
    "epi-mcms": t.epi_article,
    "ttxvn": t.ttxvn_article,
}


def build(shared: Path, out: Path) -> list[dict[str, object]]:
    """Write out/<site>.warc for every seed outlet; return the expected records."""
    out.mkdir(parents=True, exist_ok=True)
    expected = []
    for seed in SEEDS:
        raw = (shared / "seeds" / seed.file).read_text(encoding="utf-8")
        lines = _lines(raw)
        s = Story(
            url=seed.url,
            title=seed.title or "",
            published=seed.published,
            sapo="",
            paragraphs=[],
            byline="",
            authors=[],
        )
        seed.layout(lines, s)
        cls = get_site(seed.site)
        assert cls is not None
        html = RENDER[cls.family](s, cls.outlet, cls.home)
        if hasattr(s, "date_line"):  # the page shows the date only as the seed does
            html = re.sub(r'(<span class="post-date">)[^<]*', rf"\g<1>{s.date_line}", html)
            html = re.sub(r'<meta property="article:published_time"[^>]*>', "", html)
        pages = [page(seed.url, html)]
        if seed.site != "baotintuc":  # the site's listing, now with the seed article on it
            _, stories = generated(seed.site)
            listing = start_pages(cls)[0]
            if cls.family == "nukeviet":
                listing_html = t.nukeviet_listing([s, *stories], cls.home)
            elif cls.family == "ym":
                listing_html = t.ym_listing([s, *stories], cls.home)
            else:
                listing_html = t.epi_listing([s, *stories], cls.outlet, cls.home, "Chính trị")
            pages.append(page(listing, listing_html))
        else:
            pages.append(
                page(
                    "https://baotintuc.vn/xay-dung-dang-1623ct472/trang-2.htm",
                    t.ttxvn_listing([BAOTINTUC[1], s], cls.home, None),
                )
            )
        write_warc(out / f"seed-{seed.site}.warc", pages, fixed_date=FIXED_DATE)
        text = "\n\n".join(normalize_line(p) for p in s.paragraphs)
        expected.append(
            {
                "site": seed.site,
                "seed": seed.file,
                "url": seed.url,
                "title": normalize_line(s.title),
                "published": seed.published,
                "authors": s.authors,
                "summary": normalize_line(s.sapo),
                "text": text,
                "leftovers": LEFTOVERS[seed.file],
            }
        )
    (out / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return expected


#: What the naive scraper leaked, per seed: none of it may reach a record.
LEFTOVERS = {
    "000_931ffd6c67644658.txt": ["Hằng Nga"],
    "001_1c0cf8326da353b2.txt": [
        "Các tin khác",
        "Xuân Hiền",
        "viênluôn",
        "2021của",
        "tronglãnh",
        "01chi",
        ";kịp",
        ";việc",
        "thực.Hội",
    ],
    "002_09a1d6e2057134c0.txt": [
        "Xem thêm",
        "Video",
        "Đọc báo in",
        "Quanh cảnh Hội nghị.",
        "Đại biểu thảo luận về những nhiệm vụ",
    ],
    "003_8775d9b0c7bf92f4.txt": [
        "Ý kiến bạn đọc",
        "Thanh Giang – Văn Hương",
        " |",
        "chủ trì hội nghị |",
    ],
    "004_288488f3007ba409.txt": [
        "Chú thích ảnh",
        "Ảnh: TTXVN",
        "TTXVN/Báo Tin tức",
        "Hội nghị mở rộng lần thứ 20",
        "Rao vặt",
        "Các đơn vị thông tin của TTXVN",
        "Ngày 20/5, tại Hà Nội",
    ],
}


if __name__ == "__main__":
    shared, out = Path(sys.argv[1]), Path(sys.argv[2])
    if not (shared / "seeds").is_dir():
        print(f"no seeds in {shared}/seeds: seed outlet pages not built")
        sys.exit(0)
    for e in build(shared, out):
        print(f"seed {e['seed']} -> {e['site']}: {e['url']}")
