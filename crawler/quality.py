"""Extraction quality against a gold text: token precision/recall/F1 and leaked lines.

Tokens are whitespace-split words of the NFC text (multiset overlap), as in trafilatura's own
evaluation; a leaked line is an output paragraph that the gold text does not contain.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawler.core.normalize import fold
from crawler.process import decode, process_page
from crawler.replay import read_warc
from crawler.sites import get_site, site_for_url


def reader_text(summary: str, text: str) -> str:
    """What a reader is shown: the sapo, unless the text already opens with it, then the text."""
    lead = summary if summary and not text.startswith(summary) else ""
    return "\n".join(x for x in (lead, text) if x)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    leaks: int


def tokens(text: str) -> Counter[str]:
    """Words as a multiset: order-free, so a moved paragraph costs nothing and a lost or
    leaked one costs its words."""
    return Counter(unicodedata.normalize("NFC", text).split())


def score(output: str, gold: str) -> Score:
    """Token precision, recall and F1 of `output` against `gold`, and its leaked lines (which
    F1 alone would forgive when they are short)."""
    out, ref = tokens(output), tokens(gold)
    common = sum((out & ref).values())
    p = common / max(1, sum(out.values()))
    r = common / max(1, sum(ref.values()))
    f = 2 * p * r / (p + r) if p + r else 0.0
    gold_f = fold(gold)
    leaks = sum(1 for line in output.split("\n") if line.strip() and fold(line) not in gold_f)
    return Score(p, r, f, leaks)


@dataclass(frozen=True)
class GoldPage:
    site: str
    family: str
    url: str
    html: str
    gold: str  # summary + text, as a reader should get them
    authors: list[str]


def gold_pages(recorded: Path) -> Iterator[GoldPage]:
    """Every recorded article page of every registered site, with its expected text."""
    for exp_file in sorted(recorded.glob("*/expected.json")):
        site = exp_file.parent.name
        cls = get_site(site)
        pages = {p.url: p for p in read_warc(exp_file.parent / "pages.warc")}
        for e in json.loads(exp_file.read_text(encoding="utf-8")):
            page = pages[e["url"]]
            headers = {k: v for k, v in page.headers}
            yield GoldPage(
                site=site,
                family=cls.family if cls else "generic",
                url=e["url"],
                html=decode(page.body, e["url"], headers),
                gold=reader_text(e["summary"], e["text"]),
                authors=e["authors"],
            )


def ours(page: GoldPage) -> tuple[str, list[str]]:
    """What the crawl gives a reader of the page: the same stages, without Scrapy."""
    a = process_page(page.html, page.url, site=page.site)
    return reader_text(a.summary, a.text), a.authors


# --- Real pages: gold read off the pages in ../shared/corpus, kept as field values ------------

#: The fields every gold file of a real page must have (`notes` may say where each came from).
GOLD_FIELDS: dict[str, type] = {
    "file": str,
    "url": str,
    "title": str,
    "published": str,
    "authors": list,
    "summary": str,
    "paragraphs": list,
    "must_not_appear": list,
}
_OPTIONAL = {"notes"}
_NON_EMPTY = ("file", "url", "title", "published", "paragraphs", "must_not_appear")


class GoldError(ValueError):
    """A gold file that cannot be scored against: named, with the cause."""


@dataclass(frozen=True)
class RealGold:
    file: str  # the corpus file it was read off
    url: str
    title: str
    published: datetime  # to the minute, as the page shows it
    authors: list[str]
    summary: str
    paragraphs: list[str]
    must_not_appear: list[str]

    @property
    def gold(self) -> str:
        """The reader text, built the way `reader_text` builds ours."""
        return reader_text(self.summary, "\n\n".join(self.paragraphs))


def _strings(name: str, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise GoldError(f"{name}: {key} must be a list of strings")
    return value


def _string(name: str, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise GoldError(f"{name}: {key} must be a string")
    return value


def _check_fields(name: str, raw: object) -> tuple[dict[str, str], dict[str, list[str]]]:
    if not isinstance(raw, dict):
        raise GoldError(f"{name}: not a JSON object")
    missing = [k for k in GOLD_FIELDS if k not in raw]
    unknown = sorted(set(raw) - set(GOLD_FIELDS) - _OPTIONAL)
    if missing or unknown:
        raise GoldError(f"{name}: missing fields {missing}, unknown fields {unknown}")
    texts = {k: _string(name, k, raw[k]) for k, kind in GOLD_FIELDS.items() if kind is str}
    lists = {k: _strings(name, k, raw[k]) for k, kind in GOLD_FIELDS.items() if kind is list}
    empty = [k for k in _NON_EMPTY if not (texts.get(k) or lists.get(k))]
    if empty:
        raise GoldError(f"{name}: {', '.join(empty)} empty")
    return texts, lists


def _minute(name: str, value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise GoldError(f"{name}: published {value!r} is not ISO 8601") from None
    if when.tzinfo is None or when.second or when.microsecond:
        raise GoldError(f"{name}: published {value!r} must be zoned and to the minute")
    return when


def read_gold(path: Path) -> RealGold:
    """One gold file, or a GoldError: an incomplete gold file would score anything as right."""
    try:
        s, ls = _check_fields(path.name, json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as e:
        raise GoldError(f"{path.name}: not JSON ({e})") from None
    g = RealGold(
        file=s["file"],
        url=s["url"],
        title=s["title"],
        published=_minute(path.name, s["published"]),
        authors=ls["authors"],
        summary=s["summary"],
        paragraphs=ls["paragraphs"],
        must_not_appear=ls["must_not_appear"],
    )
    if path.name != f"{g.file}.json":
        raise GoldError(f"{path.name}: names corpus file {g.file!r}; the gold file is <file>.json")
    for line in [g.title, g.summary, *g.authors, *g.paragraphs, *g.must_not_appear]:
        if line != unicodedata.normalize("NFC", line) or "\n" in line or line != line.strip():
            raise GoldError(f"{path.name}: {line[:40]!r} is not one trimmed NFC line")
    return g


def corpus_articles(readme: Path) -> dict[str, str]:
    """The article pages of the corpus README table: file -> the page URL it gives, where that
    URL is an article of its registered site (listings and feeds are not)."""
    out = {}
    for row in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0].startswith("`"):
            continue
        name, url = cells[0].strip("`"), (cells[1].split() or [""])[0]
        cls = site_for_url(url) if url.startswith("http") else None
        if cls is not None and cls().is_article(url):
            out[name] = url
    return out


def gold_problems(gold_dir: Path, corpus: Path) -> list[str]:
    """Why the real-page gold set is not complete, one line each (none when it is): a bad gold
    file, one for a page the corpus does not have, and a real article left without gold."""
    articles = corpus_articles(corpus / "README.md")
    problems, covered = [], set()
    for path in sorted(gold_dir.glob("*.json")):
        try:
            g = read_gold(path)
        except GoldError as e:
            problems.append(str(e))
            continue
        covered.add(g.file)
        if not (corpus / g.file).is_file():
            problems.append(f"{path.name}: the corpus has no file {g.file}")
        elif g.file not in articles:
            problems.append(f"{path.name}: {g.file} is not an article row of the corpus README")
        elif articles[g.file] != g.url:
            problems.append(f"{path.name}: url {g.url} is not the README's {articles[g.file]}")
    for name in sorted(set(articles) - covered):
        problems.append(
            f"{name}: a real article of the corpus README has no {gold_dir / name}.json"
        )
    return problems


def real_golds(gold_dir: Path) -> list[RealGold]:
    return [read_gold(p) for p in sorted(gold_dir.glob("*.json"))]


@dataclass(frozen=True)
class RealResult:
    """One real page against its gold: text score, the exact fields, and the banned lines hit."""

    gold: RealGold
    score: Score
    title: str
    published: datetime | None
    authors: list[str]
    banned: list[str]

    @property
    def instant_ok(self) -> bool:
        p = self.published
        return p is not None and p.replace(second=0, microsecond=0) == self.gold.published

    @property
    def fields_ok(self) -> bool:
        g = self.gold
        return self.title == g.title and self.instant_ok and self.authors == g.authors


def banned_lines(text: str, must_not_appear: list[str]) -> list[str]:
    """The boilerplate lines of the page that reached the text (matched folded, anywhere)."""
    folded = fold(text)
    return [m for m in must_not_appear if fold(m) in folded]


def judge_real(g: RealGold, html: str) -> RealResult:
    """The page through the same stages as a crawl, held to its gold."""
    a = process_page(html, g.url)
    text = reader_text(a.summary, a.text)
    return RealResult(
        g,
        score(text, g.gold),
        a.title,
        a.published,
        a.authors,
        banned_lines(text, g.must_not_appear),
    )
