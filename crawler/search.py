"""What a reader asks of the archive: a Query, read from URL parameters, and the folded text both
backends search.

Readers type Vietnamese with or without tone marks, in either tone placement ("hoà"/"hòa"), and
paste titles; so the text searched is `fold(title, summary, text)` cut into letter-and-digit tokens
and joined by single spaces (`index_text`), and a query is cut the same way (`phrases`). The same
tokens reach SQLite FTS5 and PostgreSQL's tsvector, so both find the same articles.

A query is one or more phrases, every one of which an article must contain, its words adjacent and
in order: Vietnamese words are several syllables ("chuyển đổi số"), and matching the syllables
anywhere in the text would find nearly everything. Commas, semicolons and double quotes separate
phrases (`"xây dựng Đảng", Cần Thơ`). Nothing else in q has a meaning: quotes, SQL, FTS operators
(NEAR, AND, *, ^, :) are punctuation between words or words themselves, never syntax, because the
backends only ever receive tokens made of letters and digits.

This module reads no database: `crawler.storage.Store.search` turns a Query into SQL.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from crawler.core.normalize import fold, nfc
from crawler.core.provinces import NATIONAL, UNITS, slugify
from crawler.core.timez import to_utc

#: The most items one page of a feed or a search gives; older ones are reached with `before`.
MAX_LIMIT = 200
DEFAULT_LIMIT = 50
#: Longer than any phrase a person searches for; a longer q is a mistake or an attack.
MAX_Q = 500
#: Site and province names are short (the columns hold 100 characters).
MAX_NAME = 100
#: A cursor holds a timestamp and a canonical URL (the column holds 2048 characters).
MAX_CURSOR = 3000

#: The most characters of an article's text that are searched: its first 30,000 words or so, far
#: past any article's end, and within PostgreSQL's 1 MB tsvector (a longer one fails the write).
MAX_INDEXED = 200_000

#: The kinds of outlet the registry knows (spiders.base.KINDS; the store layer cannot import it).
KINDS = ("party-portal", "newspaper", "news-agency", "national-organ")

_TOKEN = re.compile(r"[^\W_]+")
_PHRASE_BREAK = re.compile('["“”„,;]')
_CURSOR_CHARS = re.compile(r"[A-Za-z0-9_-]+")
_LIMIT = re.compile(r"[0-9]{1,6}")


class BadQuery(ValueError):
    """A reader's query that cannot be answered: one line naming the parameter and the cause."""


def _shown(value: str) -> str:
    """A value as an error message quotes it: short, with control characters escaped."""
    return repr(value) if len(value) <= 40 else repr(value[:40]) + "..."


def _checked(name: str, value: str, longest: int) -> str:
    """NFC text without what no reader types and no database accepts: control characters (NUL
    is refused by PostgreSQL), lone surrogates (not encodable as UTF-8) and U+FFFD (what a
    decoder put where the bytes were not UTF-8)."""
    if len(value) > longest:
        raise BadQuery(f"{name}: {len(value)} characters, at most {longest}")
    for ch in value:
        if "\ud800" <= ch <= "\udfff" or ch == "\ufffd":
            raise BadQuery(f"{name}: not valid UTF-8")
        if unicodedata.category(ch) == "Cc":
            raise BadQuery(f"{name}: control character U+{ord(ch):04X} in {_shown(value)}")
    return nfc(value)


@dataclass(frozen=True)
class Query:
    """One page of articles: filters AND-ed, newest first, after the `before` cursor.

    Checked when made, so no Query can reach a database with a value it would choke on."""

    q: str | None = None
    province: str | None = None
    site: str | None = None
    kind: str | None = None
    limit: int = DEFAULT_LIMIT
    before: tuple[datetime, str] | None = None

    def __post_init__(self) -> None:
        for name, longest in (("q", MAX_Q), ("province", MAX_NAME), ("site", MAX_NAME)):
            value = getattr(self, name)
            if value is not None:
                value = _checked(name, value, longest).strip() or None
                object.__setattr__(self, name, value)
        if self.kind is not None and self.kind not in KINDS:
            raise BadQuery(f"kind: {_shown(self.kind)} is not one of {', '.join(KINDS)}")
        if type(self.limit) is not int or not 1 <= self.limit <= MAX_LIMIT:
            raise BadQuery(f"limit: {self.limit!r} is not a whole number from 1 to {MAX_LIMIT}")
        if self.before is not None:
            object.__setattr__(self, "before", _checked_cursor(*self.before))


def _checked_cursor(published: datetime, canonical_url: str) -> tuple[datetime, str]:
    if published.tzinfo is None:
        raise BadQuery("before: the cursor's time has no time zone")
    return to_utc(published), _checked("before", canonical_url, MAX_CURSOR)


def format_cursor(published: datetime, canonical_url: str) -> str:
    """The `before` value that continues after this item: opaque to readers and URL-safe as it
    is (a '+' of an ISO offset would come back as a space)."""
    raw = f"{to_utc(published).isoformat()}\n{canonical_url}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def parse_cursor(value: str) -> tuple[datetime, str]:
    """The (published, canonical_url) a `format_cursor` value holds; BadQuery for anything else."""
    bad = BadQuery(f"before: {_shown(value)} is not a cursor this feed gave")
    if len(value) > MAX_CURSOR or not _CURSOR_CHARS.fullmatch(value):
        raise bad
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("utf-8")
        stamp, url = raw.split("\n", 1)
        published = datetime.fromisoformat(stamp)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad from None
    if published.tzinfo is None or not url:
        raise bad
    return _checked_cursor(published, url)


def _param(params: Mapping[str, str], name: str) -> str | None:
    """A parameter as a GET form sends it: an empty field is no filter at all."""
    value = params.get(name)
    return value if value and value.strip() else None


def _limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    value = value.strip()
    if not _LIMIT.fullmatch(value):
        raise BadQuery(f"limit: {_shown(value)} is not a whole number from 1 to {MAX_LIMIT}")
    return int(value)


def parse_query(params: Mapping[str, str]) -> Query:
    """The Query of a feed URL's parameters (q, province, site, kind, limit, before); others are
    ignored, as readers and proxies add their own. BadQuery names the first bad parameter."""
    before = _param(params, "before")
    return Query(
        q=_param(params, "q"),
        province=_param(params, "province"),
        site=_param(params, "site"),
        kind=_param(params, "kind"),
        limit=_limit(_param(params, "limit")),
        before=parse_cursor(before.strip()) if before else None,
    )


def tokens(text: str) -> list[str]:
    """Folded words: what is indexed and what is looked for (letters and digits only)."""
    return _TOKEN.findall(fold(text))


def index_text(title: str | None, summary: str | None, text: str | None) -> str:
    """The text an article is found by: its title, summary and text, folded, one space between
    words. Written by the store beside the article, indexed by the backend as it is; cut to
    MAX_INDEXED at a word's end."""
    found = " ".join(tokens("\n".join(p for p in (title, summary, text) if p)))
    if len(found) <= MAX_INDEXED:
        return found
    return found[: MAX_INDEXED + 1].rsplit(" ", 1)[0]


def phrases(q: str) -> list[str]:
    """The phrases of a query as index_text spells them; [] when q has no word at all."""
    out = [" ".join(tokens(part)) for part in _PHRASE_BREAK.split(q)]
    return list(dict.fromkeys(p for p in out if p))


def fts5_match(found: list[str]) -> str:
    """An FTS5 MATCH expression: each phrase double-quoted (its tokens hold no quote), AND-ed."""
    return " AND ".join(f'"{p}"' for p in found)


def province_name(value: str) -> str:
    """The province as the store names it: a unit's slug ("can-tho") or any spelling of its name
    ("Can Tho", NFD) gives its name ("Cần Thơ"); anything else is looked for as given."""
    slug = slugify(value)
    for name in (*UNITS, NATIONAL):
        if slugify(name) == slug:
            return name
    return value
