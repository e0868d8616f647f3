"""Vietnamese text normalisation: NFC, clean spaces, and a fold() key for matching.

Pages mix NFC and NFD (decomposed tone marks look identical but compare unequal), sprinkle NBSP
and zero-width characters, and spell tone placement two ways ("hoà"/"hòa", "uỷ"/"ủy"). Stored
text is NFC with ordinary spaces; fold() erases the rest of the differences for dedup.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from crawler.core.items import Article
from crawler.core.legacy import repair

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HSPACE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def nfc(text: str) -> str:
    """Pages mix NFC and NFD; stored text is NFC so equal words compare equal."""
    return unicodedata.normalize("NFC", text)


def normalize_text(text: str) -> str:
    """NFC; NBSP and odd spaces become one space; zero-width and control characters go.

    Line breaks survive: paragraphs are separated by a blank line and that structure matters.
    """
    if not text:
        return text
    t = nfc(repair(text))
    t = _ZERO_WIDTH.sub("", t)
    t = _CONTROL.sub("", t)
    t = t.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_HSPACE.sub(" ", line).strip() for line in t.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def normalize_line(text: str) -> str:
    """One-line fields (title, author): all whitespace, line breaks included, is one space."""
    return re.sub(r"\s+", " ", normalize_text(text or "")).strip()


# Old-style tone placement ("oà", "uỷ") -> new style ("òa", "ủy"), applied before tones go,
# so fold() is equal for both spellings even where accents are kept in other keys.
_OLD_TONES = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_OLD_RE = re.compile("|".join(_OLD_TONES))


def new_tone_placement(text: str) -> str:
    """One spelling for "hoà"/"hòa", "uỷ"/"ủy", so a search or a match finds both."""
    return _OLD_RE.sub(lambda m: _OLD_TONES[m.group(0)], nfc(text))


def _strip_table() -> dict[int, str]:
    """Every precomposed Latin letter -> its base letter: one translate() instead of NFD and a
    per-character loop (fold runs on every block, several times per page)."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d"}
    for cp in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = "".join(
            c for c in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(c)
        )
        if base and base != chr(cp) and base.isascii():
            table[cp] = base.lower()
    for cp in range(0x300, 0x370):  # stray combining marks (NFD input)
        table[cp] = ""
    return table


_STRIP = _strip_table()
_SPACE_RUN = re.compile(r"\s+")


def _fold(text: str) -> str:
    t = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text)).lower()
    return _SPACE_RUN.sub(" ", t.translate(_STRIP)).strip()


_fold_line = lru_cache(maxsize=8192)(_fold)


def fold(text: str) -> str:
    """Matching key: NFC, lower case, tone marks and diacritics removed, đ->d, spaces collapsed.

    Lines are memoised (the cleaning rules fold each block several times); whole articles are
    not, so a long crawl never holds thousands of texts in the cache."""
    return _fold_line(text) if len(text) < 500 else _fold(text)


fold.cache_clear = _fold_line.cache_clear  # type: ignore[attr-defined]


def _line(value: str | None) -> str | None:
    """An optional one-line field: normalised when set, left None when not."""
    return normalize_line(value) if value else value


def _unique_lines(values: list[str]) -> list[str]:
    """Authors and tags: normalised, empties dropped, and a name given twice (once in NFD,
    once with an NBSP) kept once, in page order."""
    seen: list[str] = []
    for v in (normalize_line(x) for x in values):
        if v and v not in seen:
            seen.append(v)
    return seen


def normalize_record(item: Article) -> Article:
    """Stage 3: every stored text field NFC with ordinary spaces, whatever the page mixed in, so
    feeds, dedup and search never see two spellings of one word."""
    item.title = normalize_line(item.title)
    item.outlet = normalize_line(item.outlet)
    item.section = _line(item.section)
    item.source = _line(item.source)
    item.province = _line(item.province)
    item.former_province = _line(item.former_province)
    item.summary = normalize_text(item.summary)
    item.text = normalize_text(item.text)
    if item.body_html:
        item.body_html = _CONTROL.sub("", _ZERO_WIDTH.sub("", nfc(item.body_html)))
    item.authors = _unique_lines(item.authors)
    item.tags = _unique_lines(item.tags)
    return item
