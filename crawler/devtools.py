"""Adding a site: `partywire new-site`, `record` and `pack` (see docs/adding-a-site.md)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import spiders.families as fam
from crawler.core.provinces import NATIONAL, check_unit
from crawler.replay import Recorded, read_warc, write_warc
from crawler.runner import crawl
from spiders.base import NewsSpider

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "tests" / "recorded"
SITES_DIR = ROOT / "spiders" / "sites"


def families() -> dict[str, tuple[str, str]]:
    """family name -> (module, class) for every family base class under spiders/families."""
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


#: the note new-site writes for each declaration it is given: the command line is where the
#: URL came from, which is no evidence; tests/test_sites_evidence.py then asks for the
#: sites.tsv row or the real page that names it (docs/adding-a-site.md, "What each
#: declaration needs")
#: the project's line length (pyproject.toml), so a new declaration passes `make gates` as written
LINE_LENGTH = 100
GIVEN = "given to new-site by the developer; add the sites.tsv row or page that shows it"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _declarations(feed: str | None, listing: str | None) -> list[str]:
    """The feed and listing lines of a new site, each with its `evidence_notes` entry; one
    not given is not declared (with neither, the crawl starts at the home page)."""
    given = {"feeds": feed, "listings": listing}
    lines = [f"    {attr} = ({_quoted(url)},)" for attr, url in given.items() if url]
    if lines:
        lines.append("    evidence_notes = notes(")
        for attr in (a for a, url in given.items() if url):
            one = f'        {attr}="{GIVEN}",'
            long = [f"        {attr}=(", f'            "{GIVEN}"', "        ),"]
            lines += [one] if len(one) <= LINE_LENGTH else long
        lines.append("    )")
    return lines


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
        *(["from crawler.core.provinces import NATIONAL"] if province == NATIONAL else []),
        *(["from spiders.families import notes"] if feed or listing else []),
        f"from {module} import {cls}",
        "",
        "",
        f"class {_class_name(name)}({cls}):",
        f'    name = "{name}"',
        f"    outlet = {_quoted(outlet or parts.netloc)}",
        f"    province = {'NATIONAL' if province == NATIONAL else _quoted(province)}",
    ]
    if kind:
        lines.append(f'    kind = "{kind}"')
    if former:
        lines.append(f'    former_province = "{former}"')
    lines += [
        f'    evidence = "{evidence}"  # verified: structure seen on a real page; family: same CMS',
        f'    home = "{home}"',
        *_declarations(feed, listing),
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = RECORDED / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "expected.json").write_text("[]\n", encoding="utf-8")
    return [target, folder / "expected.json"]


def record(site: str, n: int = 3, out: Path | None = None) -> Path:
    """Crawl a live site, writing every response it fetched (robots.txt, feeds, listings and
    the first N articles) with its request into tests/recorded/<site>/pages.warc.

    The WARC is written by the same cache storage that replays it (PARTYWIRE_RECORD, see
    crawler/replay.py), so a recording holds exactly what the downloader received; it goes to
    a temporary file first and replaces the old recording only when something was fetched."""
    target = out or RECORDED / site / "pages.warc"
    with tempfile.TemporaryDirectory(prefix="pw-record-") as tmp:
        warc = Path(tmp) / "pages.warc"
        crawl(
            [site],
            db=f"sqlite:///{Path(tmp) / 'rec.db'}",  # the articles are not what is kept
            limit=n,
            overrides={"PARTYWIRE_RECORD": str(warc)},
        )
        if not warc.exists() or not read_warc(warc):
            raise ValueError(f"site {site}: nothing was fetched (is the web reachable?)")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(warc, target)
    return target


def pack(site: str, pairs: list[str]) -> tuple[Path, int]:
    """Pages saved by hand (a browser's "save page") -> the site's recorded pages.

    Each pair is URL=FILE; pages already recorded for the site are kept unless the same URL is
    packed again."""
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
