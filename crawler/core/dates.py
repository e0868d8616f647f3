"""Vietnamese dates to the minute.

Pages write dates in dozens of ways ("Thứ Hai, 18-10-2021 8:43", "08/01/2026 - 18:21",
"Cập nhật: 14 giờ 02 phút ngày 29 tháng 9 năm 2023 (GMT+7)", "2 giờ trước"). dateparser handles
many but returns nothing once a label is in front and is slow, so strict patterns for the forms
pages really use come first; dateparser (languages vi/en, day-month-year) is the fallback.
Every result is aware; a string without a zone is Vietnam time. Always day-month-year unless ISO.
"""

from __future__ import annotations

import email.utils
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from enum import Enum

from crawler.core.clean import DATELINE
from crawler.core.items import Article
from crawler.core.provinces import former_for
from crawler.core.timez import VN, utcnow

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.I,
)
_ISO_ZONE = re.compile(r"([+-]\d{2})(\d{2})$")
_LABELS = re.compile(
    r"^(?:(?:cập nhật|ngày đăng|đăng lúc|đăng ngày|ngày xuất bản|xuất bản|thời gian|"
    r"ngày cập nhật|posted|published|updated)(?: lúc| ngày| vào)?\s*:?\s*)+"
)
_WEEKDAY = re.compile(
    r"\b(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|t[2-7]|cn|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|wed|thu|fri|sat|sun)\b\.?,?"
)
_ZONE = re.compile(r"\(?\s*(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*\)?")
_PERIOD = re.compile(r"\b(sáng|trưa|chiều|tối|đêm|khuya|rạng sáng)\b")
_AMPM = re.compile(r"\b([ap])\.?\s?m\.?\b")
_TIME = re.compile(
    r"(?<![\d/.\-])(\d{1,2})\s*(?:(?:giờ|:|h|g)\s*(\d{1,2})?\s*(?:phút|p)?"
    r"(?:\s*:\s*(\d{1,2})(?:\.\d+)?)?)(?![\d/])"
)
_DMY_FULL = re.compile(r"(?<![\d:])(\d{1,2})\s*([/\-.–])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d:])")
_DMY = re.compile(r"(?<![\d:])(\d{1,2})\s*[/\-.–]\s*(\d{1,2})(?![\d:])()")
_DMY_WORDS = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})(?:\s*(?:năm|,|/)?\s*(\d{4}))?")
_RELATIVE = re.compile(r"(\d+)\s*(giây|phút|giờ|tiếng|ngày|tuần|tháng|năm)\s*(?:trước|qua)")
_DAY_WORDS = {"hôm nay": 0, "hôm qua": 1, "hôm kia": 2}
_UNITS = {
    "giây": timedelta(seconds=1),
    "phút": timedelta(minutes=1),
    "giờ": timedelta(hours=1),
    "tiếng": timedelta(hours=1),
    "ngày": timedelta(days=1),
    "tuần": timedelta(weeks=1),
    "tháng": timedelta(days=30),
    "năm": timedelta(days=365),
}


@dataclass(frozen=True)
class Parsed:
    """A date and how much of it the string gave: 'minute' (time of day known) or 'day'."""

    value: datetime
    precision: str


def clean(text: str) -> str:
    """NFC, one kind of space, lower case: the form every pattern below is written for."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().lower()


def _fix_year(y: int) -> int:
    return y + 2000 if y < 100 else y


def _latest_not_after(day: int, month: int, ref: datetime) -> tuple[int, int, int] | None:
    """A date with no year: the latest such date not after the reference."""
    for year in range(ref.year, ref.year - 8, -1):  # 29/2 needs a leap year
        try:
            d = datetime(year, month, day, tzinfo=VN)
        except ValueError:
            continue
        if d.date() <= ref.astimezone(VN).date():
            return year, month, day
    return None


def _twelve_hour(s: str, h: int) -> int:
    """ "8:30 PM" and "8 giờ tối" are 20:30; a bare "8:30" stays morning."""
    ampm = _AMPM.search(s)
    if ampm:
        if ampm.group(1) == "p" and h < 12:
            return h + 12
        if ampm.group(1) == "a" and h == 12:
            return 0
        return h
    period = _PERIOD.search(s)
    if period is None:
        return h
    if period.group(1) in ("chiều", "tối") and h < 12:
        return h + 12
    if period.group(1) in ("đêm", "khuya") and 6 <= h < 12:
        return h + 12
    return h


def _parse_time(s: str) -> tuple[int, int, int] | None:
    """The time of day in a date string; None when there is none or it cannot be a time."""
    m = _TIME.search(s)
    if not m:
        return None
    h, mi, se = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    if h > 23 or mi > 59 or se > 59:
        return None
    return _twelve_hour(s, h), mi, se


def _zone(s: str) -> tzinfo:
    """An explicit "GMT+7" / "(UTC-05:00)"; otherwise the page is in Vietnam time."""
    m = _ZONE.search(s)
    if not m:
        return VN
    sign = 1 if m.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))


class Refusal(Enum):
    """Why the fast path gave no date although it knew the form."""

    IMPOSSIBLE = "impossible"


#: The string is a date form we know, naming an impossible date: no fallback may guess.
IMPOSSIBLE = Refusal.IMPOSSIBLE

#: What one strict pattern makes of a string: a date, a refusal, or None (not its form).
Fast = Parsed | Refusal | None


def _at(year: int, month: int, day: int, t: tuple[int, int, int] | None, zone: tzinfo) -> Fast:
    """The instant, to the minute when a time was given; a day that does not exist is refused."""
    h, mi, se = t or (0, 0, 0)
    try:
        dt = datetime(year, month, day, h, mi, se, tzinfo=zone)
    except ValueError:
        return IMPOSSIBLE
    return Parsed(dt, "minute" if t else "day")


def _iso(s: str, ref: datetime) -> Fast:
    """ISO 8601 as metadata writes it, including the "+0700" and "+07" zone forms."""
    if not _ISO.match(s):
        return None
    iso = s.upper().replace(" ", "T", 1) if "t" not in s else s.upper()
    iso = iso.replace(" ", "")
    if re.search(r"T.*[+-]\d{4}$", iso):
        iso = _ISO_ZONE.sub(r"\1:\2", iso)
    elif re.search(r"T.*[+-]\d{2}$", iso):
        iso += ":00"
    try:
        dt = datetime.fromisoformat(iso.replace(",", "."))
    except ValueError:
        return IMPOSSIBLE
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN)
    return Parsed(dt, "minute" if len(s) > 10 else "day")


_RFC822 = re.compile(r"[a-z]{3}, \d{1,2} [a-z]{3} \d{4}|\d{1,2} [a-z]{3} \d{4} \d")


def _rfc822(s: str, ref: datetime) -> Fast:
    """Feed dates ("Sat, 17 Oct 2026 10:00:00 +0700"); one that does not parse falls through."""
    if not _RFC822.match(s):
        return None
    try:
        dt = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError):
        return None
    return Parsed(dt if dt.tzinfo else dt.replace(tzinfo=VN), "minute")


_JUST_NOW = ("vừa xong", "vừa mới", "mới đây", "just now")


def _relative(s: str, ref: datetime) -> Fast:
    """ "2 giờ trước", "vừa xong": counted back from the crawl time, the page's own "now"."""
    if s in _JUST_NOW:
        return Parsed(ref, "minute")
    m = _RELATIVE.search(s)
    if not m:
        return None
    return Parsed(ref - int(m.group(1)) * _UNITS[m.group(2)], "minute")


def _day_word(s: str, ref: datetime) -> Fast:
    """ "Hôm qua 08:15": the day from the crawl time, the time from the string."""
    for word, back in _DAY_WORDS.items():
        if word in s:
            day = (ref.astimezone(VN) - timedelta(days=back)).date()
            return _at(day.year, day.month, day.day, _parse_time(s.replace(word, " ")), VN)
    return None


#: (pattern, group of the day, of the month, of the year): words first, then d/m/y, then d/m.
_DAY_MONTH = ((_DMY_WORDS, 1, 2, 3), (_DMY_FULL, 1, 3, 4), (_DMY, 1, 2, 3))


def _day_month(s: str) -> tuple[int, int, str | None, str] | None:
    """(day, month, year as written or None, the rest of the string where the time is)."""
    for pattern, gd, gm, gy in _DAY_MONTH:
        m = pattern.search(s)
        if m:
            rest = s[: m.start()] + " " + s[m.end() :]
            return int(m.group(gd)), int(m.group(gm)), m.group(gy) or None, rest
    return None


def _numeric(s: str, ref: datetime) -> Fast:
    """Day-month(-year) dates with labels, weekday, zone and time of day around them."""
    zone = _zone(s)
    s = _WEEKDAY.sub(" ", _LABELS.sub("", _ZONE.sub(" ", s)))
    found = _day_month(s)
    if found is None:
        return None
    day, month, written, rest = found
    if written:
        year = _fix_year(int(written))
    else:
        ymd = _latest_not_after(day, month, ref)
        if ymd is None:
            return IMPOSSIBLE
        year = ymd[0]
    return _at(year, month, day, _parse_time(rest), zone)


_FORMS = (_iso, _rfc822, _relative, _day_word, _numeric)


def _fast(s: str, ref: datetime) -> Fast:
    """Strict patterns, in order; None when the string is not one of the known forms."""
    for form in _FORMS:
        got = form(s, ref)
        if got is not None:
            return got
    return None


_dateparser_ready = False


def warm_up() -> None:
    """dateparser's first call loads its language data (~1 s): pay it once, at start-up."""
    global _dateparser_ready
    if not _dateparser_ready:
        import dateparser  # lazy: start-up (dateparser and its language data load slowly)

        dateparser.parse("1 tháng 1 năm 2020", languages=["vi", "en"])
        _dateparser_ready = True


def _slow(s: str, ref: datetime) -> Parsed | None:
    """dateparser, for the forms no strict pattern knows ("November 19, 2026 5:25 PM")."""
    import dateparser  # lazy: start-up (dateparser and its language data load slowly)

    warm_up()
    settings: dict[str, object] = {
        "DATE_ORDER": "DMY",
        "TIMEZONE": "Asia/Ho_Chi_Minh",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": ref.astimezone(VN).replace(tzinfo=None),
        "STRICT_PARSING": False,
    }
    dt: datetime | None = dateparser.parse(s, languages=["vi", "en"], settings=settings)
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN)
    has_time = bool(re.search(r"\d\s*[:h]\s*\d", s))
    return Parsed(dt, "minute" if has_time else "day")


def parse_date_ex(text: str, reference: datetime | None = None) -> Parsed | None:
    """parse_date with the precision the string gave, so `choose` can prefer a date known to
    the minute over one known only to the day."""
    if not text or not text.strip():
        return None
    ref = (reference or utcnow()).astimezone(VN)
    s = clean(text)
    if not re.search(r"\d|vừa|hôm|mới đây|just now", s):
        return None
    fast = _fast(s, ref)
    if isinstance(fast, Refusal):
        return None
    result = fast if isinstance(fast, Parsed) else _slow(s, ref)
    if result is None:
        return None
    if result.value - ref > timedelta(days=1):
        return None
    return result


def parse_date(text: str, reference: datetime | None = None) -> datetime | None:
    """One date string as shown on a page -> aware datetime, or None when it names no date.

    The reference is the crawl time: relative dates count back from it, a date without a year
    is the latest one not after it, and a date more than a day after it is refused (a page
    cannot report from the future; such a value is a misread, not a scoop)."""
    p = parse_date_ex(text, reference)
    return p.value if p else None


_CUE = re.compile(
    r"(?:^|[.;:!?]\s+|\n)\(?\s*(?:(?:sáng|trưa|chiều|tối|đêm|rạng sáng)\s+(?:nay\s+)?)?"
    r"(?:(?:hôm\s+)?ngày\s+)?(\d{1,2})\s*[/\-–.]\s*(\d{1,2})(?:\s*[/\-–.]\s*(\d{4}))?\s*\)?"
    r"(?=[\s,:.)])"
)
_PAREN_DATE = re.compile(r"\((\d{1,2})[./\-](\d{1,2})(?:[./\-](\d{4}))?\)")
_CUE_WORD = re.compile(r"^\(?\s*(?:sáng|trưa|chiều|tối|đêm|rạng sáng|ngày|hôm)|^\(")


def _cue_day(m: re.Match[str], ref: datetime) -> datetime | None:
    """The day one cue match names, or None when it is no possible date."""
    day, month = int(m.group(1)), int(m.group(2))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    if m.group(3):
        year = int(m.group(3))
    else:
        ymd = _latest_not_after(day, month, ref)
        if ymd is None:
            return None
        year = ymd[0]
    try:
        return datetime(year, month, day, tzinfo=VN)
    except ValueError:
        return None


def find_date(text: str, reference: datetime) -> datetime | None:
    """The event date inside running text ("Chiều 10/5, …"), anchored on a cue word.

    Low confidence: only used when a page offers nothing better. The day is returned at 00:00
    Vietnam time; a missing year is the latest such date not after the reference.
    """
    head = text[:400]
    mark = DATELINE.match(head)
    if mark:
        head = head[mark.end() :]
    s = clean(head)
    ref = reference.astimezone(VN)
    for m in list(_CUE.finditer(s)) + list(_PAREN_DATE.finditer(s)):
        if not _CUE_WORD.match(s[m.start() : m.end()].lstrip(".;:!?\n ")):
            continue
        dt = _cue_day(m, ref)
        if dt is not None and dt - ref <= timedelta(days=1):
            return dt
    return None


def choose(candidates: list[tuple[str, str]], reference: datetime) -> tuple[datetime, str] | None:
    """The first candidate known to the minute; else the first known to the day.

    Order is the caller's (metadata, visible date line, feed/listing). A date-only value in the
    metadata ("2026-01-08") must not win over a visible "08/01/2026 - 18:21" of the same day.
    """
    day_only: tuple[datetime, str] | None = None
    for source, raw in candidates:
        p = parse_date_ex(raw, reference)
        if p is None:
            continue
        if p.precision == "minute":
            if day_only and day_only[0].astimezone(VN).date() != p.value.astimezone(VN).date():
                # the minute-precise value disagrees with an earlier day: trust the earlier
                continue
            return p.value, source
        day_only = day_only or (p.value, source)
    return day_only


def _candidates(item: Article) -> list[tuple[str, str]]:
    """The page's own dates first, then what the feed or listing said about the article."""
    cands: list[tuple[str, str]] = list(item.hints.get("dates") or [])
    feed: str | None = item.hints.get("feed_date")
    listing: str | None = item.hints.get("listing_date")
    if feed:
        cands.append(("feed:date", feed))
    if listing:
        cands.append(("listing:date", listing))
    return cands


def _from_lead(item: Article, ref: datetime) -> tuple[datetime, str] | None:
    """Last resort: the day the lead names ("Chiều 10/5, …"), a yearless one read relative to
    the feed or listing date when there is one (an old article crawled late keeps its year)."""
    lead: str | None = item.hints.get("lead")
    if not lead:
        return None
    base = ref
    feed: str | None = item.hints.get("feed_date")
    listing: str | None = item.hints.get("listing_date")
    for raw in (feed, listing):
        if raw:
            base = parse_date(raw, ref) or base
    day = find_date(lead, base)
    return (day, "text:lead") if day else None


def resolve(item: Article) -> Article:
    """Stage 2: published/modified from the item's date candidates, and which source gave it.

    The former province depends on the date (only articles from before the 2025 merger name
    one), so it is settled here, once the date is known."""
    ref = item.fetched_at or utcnow()
    got = choose(_candidates(item), ref) or _from_lead(item, ref)
    if got:
        item.published, item.date_source = got
        item.field_sources = {**item.field_sources, "published": got[1]}
    item.former_province = former_for(item.province, item.former_province, item.published)
    mod = choose(list(item.hints.get("modified") or []), ref)
    if mod and item.published and mod[0] >= item.published:
        item.modified = mod[0]
    return item
