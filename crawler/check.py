"""`partywire check`: one row per recorded article of a site, and pinning its expected JSON."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from crawler.devtools import RECORDED
from crawler.replay import Archive


@dataclass
class Row:
    url: str
    title: str
    published: str
    authors: str
    paragraphs: int
    paths: str
    leaks: list[str]
    ok: bool
    record: dict[str, Any]


def _expected_record(art: Any) -> dict[str, Any]:
    paras = art.text.split("\n\n") if art.text else []
    return {
        "url": art.url,
        "title": art.title,
        "published": art.published.isoformat() if art.published else None,
        "authors": art.authors,
        "source": art.source,
        "summary": art.summary,
        "first_paragraph": paras[0] if paras else "",
        "last_paragraph": paras[-1] if paras else "",
        "text": art.text,
        "text_length": len(art.text),
    }


def check(site: str) -> list[Row]:
    """Play the recorded article pages of one site through the pipeline and compare."""
    from crawler.core.clean import is_footer, is_trailer
    from crawler.core.timez import VN
    from crawler.process import decode, process_page
    from crawler.sites import get_site

    cls = get_site(site)
    if cls is None:
        raise ValueError(f"site {site!r} is not registered (see `partywire sites`)")
    folder = RECORDED / site
    if not (folder / "pages.warc").exists():
        raise ValueError(f"site {site}: no recorded pages in {folder} (run `partywire record`)")
    archive = Archive(folder / "pages.warc")
    expected = {e["url"]: e for e in json.loads((folder / "expected.json").read_text("utf-8"))}
    rows = []
    for rec in archive.pages.values():
        if not cls().is_article(rec.url) or rec.status != 200:
            continue
        art = process_page(decode(rec.body, rec.url, dict(rec.headers)), rec.url, site=site)
        got = _expected_record(art)
        leaks = [p for p in art.text.split("\n\n") if is_trailer(p) or is_footer(p)]
        paths = ",".join(
            f"{k}={v}"
            for k, v in sorted(art.field_sources.items())
            if k in ("title", "summary", "text", "authors", "published")
        )
        rows.append(
            Row(
                url=rec.url,
                title=art.title,
                published=art.published.astimezone(VN).isoformat() if art.published else "-",
                authors=", ".join(art.authors) or "-",
                paragraphs=len(art.text.split("\n\n")),
                paths=paths,
                leaks=leaks,
                ok=expected.get(rec.url) == got and not leaks,
                record=got,
            )
        )
    return rows


def update_expected(site: str, rows: list[Row], accept: bool = False) -> str:
    path = RECORDED / site / "expected.json"
    old = path.read_text(encoding="utf-8") if path.exists() else "[]\n"
    new = (
        json.dumps(
            [r.record for r in sorted(rows, key=lambda r: r.url)], ensure_ascii=False, indent=2
        )
        + "\n"
    )
    path.write_text(new, encoding="utf-8")
    return "".join(
        difflib.unified_diff(
            old.splitlines(True),
            new.splitlines(True),
            str(path) + " (before)",
            str(path) + " (after)",
        )
    )
