"""Adding a site: `partywire new-site`, `record` and `check` (see docs/adding-a-site.md)."""

from __future__ import annotations

import difflib
import importlib
import json
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.provinces import NATIONAL, check_unit
from crawler.replay import Archive, Recorded, write_warc

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "tests" / "recorded"
SITES_DIR = ROOT / "spiders" / "sites"


def families() -> dict[str, tuple[str, str]]:
    """family name -> (module, class) for every family base class under spiders/families."""
    import spiders.families as fam
    from spiders.base import NewsSpider

    out = {}
    for m in pkgutil.iter_modules(fam.__path__):
        mod = importlib.import_module(f"spiders.families.{m.name}")
        for obj in vars(mod).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, NewsSpider)
                and obj is not NewsSpider
                and obj.__module__ == mod.__name__
            ):
                out[obj.family] = (mod.__name__, obj.__name__)
    return out


def _class_name(name: str) -> str:
    return "".join(p.capitalize() for p in re.split(r"[^a-zA-Z0-9]+", name) if p) + "Site"


def new_site(
    name: str,
    url: str,
    family: str,
    province: str,
    outlet: str | None = None,
    kind: str | None = None,
    listing: str | None = None,
    feed: str | None = None,
    evidence: str = "unverified",
    former: str | None = None,
) -> list[Path]:
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,40}", name):
        raise ValueError(f"site name {name!r}: use lower-case letters, digits and _")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r}: not an http(s) home URL")
    fams = families()
    if family not in fams:
        raise ValueError(f"family {family!r} is not one of: {', '.join(sorted(fams))}")
    province = NATIONAL if province.lower() in ("national", NATIONAL.lower()) else province
    check_unit(province)
    target = SITES_DIR / f"{name}.py"
    if target.exists():
        raise ValueError(f"{target}: site {name!r} already exists")
    home = f"{parts.scheme}://{parts.netloc}/"
    module, cls = fams[family]
    lines = [
        *(["from crawler.provinces import NATIONAL"] if province == NATIONAL else []),
        f"from {module} import {cls}",
        "",
        "",
        f"class {_class_name(name)}({cls}):",
        f'    name = "{name}"',
        f'    outlet = "{outlet or parts.netloc}"',
        f"    province = {'NATIONAL' if province == NATIONAL else repr(province)}",
    ]
    if kind:
        lines.append(f'    kind = "{kind}"')
    if former:
        lines.append(f'    former_province = "{former}"')
    lines += [
        f'    evidence = "{evidence}"  # verified: structure seen on a real page; family: same CMS',
        f'    home = "{home}"',
        f"    feeds = ({json.dumps(feed, ensure_ascii=False)},)" if feed else "    feeds = ()",
        f"    listings = ({json.dumps(listing or home, ensure_ascii=False)},)",
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = RECORDED / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "expected.json").write_text("[]\n", encoding="utf-8")
    return [target, folder / "expected.json"]


def record(site: str, n: int = 3, out: Path | None = None) -> Path:
    """Crawl a live site with an HTTP cache of every response, then pack the responses of its
    feed/listing pages and first N articles into tests/recorded/<site>/pages.warc."""
    import tempfile

    from crawler.runner import crawl

    cache = Path(tempfile.mkdtemp(prefix="pw-record-"))
    crawl(
        [site],
        db=f"sqlite:///{cache / 'rec.db'}",
        limit=n,
        overrides={
            "HTTPCACHE_ENABLED": True,
            "HTTPCACHE_DIR": str(cache / "http"),
            "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.DummyPolicy",
        },
    )
    pages = list(_cached_pages(cache / "http"))
    if not pages:
        raise ValueError(f"site {site}: nothing was fetched (is the web reachable?)")
    target = out or RECORDED / site / "pages.warc"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_warc(target, pages)
    return target


def _cached_pages(cache: Path) -> Any:
    import pickle

    for meta in cache.rglob("pickled_meta"):
        d = meta.parent
        info = pickle.loads(meta.read_bytes())  # our own cache files
        headers = []
        for line in (d / "response_headers").read_bytes().decode("latin-1").split("\r\n"):
            if ": " in line:
                k, v = line.split(": ", 1)
                headers.append((k, v))
        yield Recorded(
            info["response_url"], int(info["status"]), headers, (d / "response_body").read_bytes()
        )


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
    from crawler.process import decode, process_page
    from crawler.sites import get_site
    from crawler.timez import VN
    from pipelines.clean import is_footer, is_trailer

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


def update_expected(site: str, rows: list[Row]) -> str:
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


def pack(site: str, pairs: list[str]) -> tuple[Path, int]:
    """Pages saved by hand (a browser's "save page") -> the site's recorded pages.

    Each pair is URL=FILE; pages already recorded for the site are kept unless the same URL is
    packed again."""
    from crawler.replay import read_warc

    folder = RECORDED / site
    if not folder.is_dir():
        raise ValueError(f"site {site}: no folder {folder} (run `partywire new-site` first)")
    target = folder / "pages.warc"
    pages = {p.url: p for p in read_warc(target)} if target.exists() else {}
    for pair in pairs:
        url, sep, file = pair.partition("=")
        if not sep or not url.startswith(("http://", "https://")):
            raise ValueError(f"{pair!r}: expected URL=FILE with an http(s) URL")
        try:
            body = Path(file).read_bytes()
        except OSError as exc:
            raise ValueError(f"{file}: cannot read ({exc.strerror})") from exc
        is_feed = file.endswith((".xml", ".rss", ".atom")) or body.lstrip()[:5] == b"<?xml"
        ctype = "application/rss+xml" if is_feed else "text/html"
        pages[url] = Recorded(
            url, 200, [("Content-Type", ctype), ("Content-Length", str(len(body)))], body
        )
    write_warc(target, pages.values())
    return target, len(pages)
