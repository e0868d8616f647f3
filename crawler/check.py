"""`partywire check`: one row per recorded article of a site, and pinning its expected JSON.

The expected JSON pins every persistent field of an article (`Article.field_names()`, but the
fetch time), a few derived facts a reader checks at a glance (first and last paragraph, text
length), and the story the article belongs to once every recorded site is crawled together
(`cluster`: the sorted URLs of the recorded articles in its cluster, itself included). Pinning
refuses an article that a reader could not use (no title, no date, no text) or that carries
boilerplate, unless told to accept it: a pinned mistake is a mistake every later run defends.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.core.clean import is_footer, is_trailer
from crawler.core.cluster import cluster_records
from crawler.core.items import Article, to_json
from crawler.core.timez import VN
from crawler.devtools import RECORDED
from crawler.process import decode, process_page
from crawler.replay import Archive
from crawler.sites import get_site, registry

#: Persistent fields that are not a property of the article but of one run, so never pinned.
PER_RUN = {"fetched_at": "the instant the page was fetched: different in every crawl"}
#: Facts derived from the text, pinned for the reader of a diff, not for the machine.
DERIVED = ("first_paragraph", "last_paragraph", "text_length")
#: Leading keys of an expected record, so a diff opens with what a reader checks first.
_LEAD = ("url", "title", "published", "authors", "source", "summary", *DERIVED[:2], "text")


def pinned_fields() -> list[str]:
    """Every key of an expected record, in the order it is written."""
    persistent = [f for f in Article.field_names() if f not in PER_RUN]
    rest = [f for f in persistent if f not in _LEAD]
    return [*_LEAD, DERIVED[2], *rest, "cluster"]


@dataclass
class Row:
    """One recorded article as `check` prints it, with the record it would pin."""

    url: str
    title: str
    published: str
    authors: str
    paragraphs: int
    paths: str
    leaks: list[str]
    ok: bool
    record: dict[str, Any]


def expected_record(art: Article) -> dict[str, Any]:
    """The expected JSON of one article (without its cluster, which needs every site)."""
    rec = to_json(art.record())
    paras = art.text.split("\n\n") if art.text else []
    rec.update(
        first_paragraph=paras[0] if paras else "",
        last_paragraph=paras[-1] if paras else "",
        text_length=len(art.text),
    )
    order = pinned_fields()
    return {k: rec[k] for k in order if k in rec}


def played(site: str) -> list[Article]:
    """The recorded article pages of one site, through the same stages as a crawl."""
    cls = get_site(site)
    if cls is None:
        raise ValueError(f"site {site!r} is not registered (see `partywire sites`)")
    folder = RECORDED / site
    if not (folder / "pages.warc").exists():
        raise ValueError(f"site {site}: no recorded pages in {folder} (run `partywire record`)")
    spider = cls()
    return [
        process_page(decode(rec.body, rec.url, dict(rec.headers)), rec.url, site=site)
        for rec in Archive(folder / "pages.warc").pages.values()
        if rec.status == 200 and spider.is_article(rec.url)
    ]


def stories(site: str, own: list[dict[str, Any]]) -> dict[str, list[str]]:
    """URL -> the sorted URLs of its story, when every recorded site is crawled together.

    The other sites take part with the articles they have pinned (each site's own check holds
    its pins to its pages, and the registry walk holds the crawl to all of them), which keeps
    one check from replaying every recorded page."""
    records = list(own)
    for other in sorted(registry()):
        if other != site:
            records += load_expected(RECORDED / other / "expected.json").values()
    out: dict[str, list[str]] = {}
    for group in cluster_records(records):
        for url in group:
            out[url] = sorted(group)
    return out


def load_expected(path: Path) -> dict[str, dict[str, Any]]:
    """The pinned records by URL; a file that cannot be one is named with its cause."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    if not isinstance(data, list):
        kind = type(data).__name__
        raise ValueError(f"{path}: not a JSON list of article records (a {kind})")
    out = {}
    for i, e in enumerate(data):
        if not isinstance(e, dict) or not isinstance(e.get("url"), str):
            raise ValueError(f"{path}: record {i} is not an article record (no url)")
        out[e["url"]] = e
    return out


def _row(art: Article, record: dict[str, Any], expected: dict[str, Any] | None) -> Row:
    leaks = [p for p in art.text.split("\n\n") if is_trailer(p) or is_footer(p)]
    paths = ",".join(
        f"{k}={v}"
        for k, v in sorted(art.field_sources.items())
        if k in ("title", "summary", "text", "authors", "published")
    )
    return Row(
        url=art.url,
        title=art.title,
        published=art.published.astimezone(VN).isoformat() if art.published else "-",
        authors=", ".join(art.authors) or "-",
        paragraphs=len(art.text.split("\n\n")),
        paths=paths,
        leaks=leaks,
        ok=expected == record and not leaks,
        record=record,
    )


def check(site: str) -> list[Row]:
    """Play the recorded article pages of one site through the pipeline and compare."""
    arts = played(site)
    expected = load_expected(RECORDED / site / "expected.json")
    records = [expected_record(a) for a in arts]
    story = stories(site, records)
    for rec in records:
        rec["cluster"] = story.get(rec["url"], [rec["url"]])
    return [_row(a, r, expected.get(a.url)) for a, r in zip(arts, records, strict=True)]


_NEEDED = {"title": "title", "published": "publication date", "text": "text"}


def problems(row: Row) -> list[str]:
    """Why an article must not be pinned as it is: what a reader would miss or be shown."""
    rec = row.record
    out = [f"no {what}" for k, what in _NEEDED.items() if not rec.get(k)]
    if row.leaks:
        out.append(f"{len(row.leaks)} boilerplate line(s) leaked, first {row.leaks[0][:60]!r}")
    return out


def update_expected(site: str, rows: list[Row], accept: bool = False) -> str:
    """Pin the rows as the site's expected JSON and return the diff; refuse (writing nothing) a
    row that leaks or lacks a title, a date or text, unless `accept`."""
    bad = [(r.url, p) for r in rows if (p := problems(r))]
    if bad and not accept:
        url, why = bad[0]
        more = f" (and {len(bad) - 1} more article(s))" if len(bad) > 1 else ""
        raise ValueError(
            f"site {site}: {url}: not pinned: {'; '.join(why)}{more}; fix the site's rules, "
            "or pass --accept to pin it anyway"
        )
    path = RECORDED / site / "expected.json"
    old = path.read_text(encoding="utf-8") if path.exists() else "[]\n"
    records = [r.record for r in sorted(rows, key=lambda r: r.url)]
    new = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    path.write_text(new, encoding="utf-8")
    return "".join(
        difflib.unified_diff(
            old.splitlines(True),
            new.splitlines(True),
            str(path) + " (before)",
            str(path) + " (after)",
        )
    )
