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
from datetime import datetime, timedelta
from typing import Any

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


#: The string is a date form we know, naming an impossible date: no fallback may guess.
IMPOSSIBLE = object()


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


def _parse_time(s: str) -> tuple[int, int, int] | None:
    m = _TIME.search(s)
    if not m:
        return None
    h, mi, se = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    if h > 23 or mi > 59 or se > 59:
        return None
    period = _PERIOD.search(s)
    ampm = _AMPM.search(s)
    if ampm and ampm.group(1) == "p" and h < 12:
        h += 12
    elif ampm and ampm.group(1) == "a" and h == 12:
        h = 0
    elif not ampm and period and period.group(1) in ("chiều", "tối") and h < 12:
        h += 12
    elif not ampm and period and period.group(1) in ("đêm", "khuya") and 6 <= h < 12:
        h += 12
    return h, mi, se


def _zone(s: str) -> Any:
    m = _ZONE.search(s)
    if not m:
        return VN
    from datetime import timezone

    sign = 1 if m.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))


def _fast(s: str, ref: datetime) -> Parsed | object | None:
    """Strict patterns; None when the string is not one of the known forms."""
    if _ISO.match(s):
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
        has_time = len(s) > 10
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=VN)
        return Parsed(dt, "minute" if has_time else "day")
    if re.match(r"^[a-z]{3}, \d{1,2} [a-z]{3} \d{4}", s) or re.match(
        r"^\d{1,2} [a-z]{3} \d{4} \d", s
    ):
        try:
            dt = email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError):
            dt = None
        if dt is not None:
            return Parsed(dt if dt.tzinfo else dt.replace(tzinfo=VN), "minute")
    if s in ("vừa xong", "vừa mới", "mới đây", "just now"):
        return Parsed(ref, "minute")
    m = _RELATIVE.search(s)
    if m:
        return Parsed(ref - int(m.group(1)) * _UNITS[m.group(2)], "minute")
    for word, back in _DAY_WORDS.items():
        if word in s:
            day = (ref.astimezone(VN) - timedelta(days=back)).date()
            t = _parse_time(s.replace(word, " "))
            h, mi, se = t or (0, 0, 0)
            dt = datetime(day.year, day.month, day.day, h, mi, se, tzinfo=VN)
            return Parsed(dt, "minute" if t else "day")

    zone = _zone(s)
    s = _ZONE.sub(" ", s)
    s = _LABELS.sub("", s)
    s = _WEEKDAY.sub(" ", s)
    m = _DMY_WORDS.search(s)
    if m:
        day, month, y = int(m.group(1)), int(m.group(2)), m.group(3)
    elif m := _DMY_FULL.search(s):
        day, month, y = int(m.group(1)), int(m.group(3)), m.group(4)
    elif m := _DMY.search(s):
        day, month, y = int(m.group(1)), int(m.group(2)), None
    else:
        return None
    rest = s[: m.start()] + " " + s[m.end() :]
    if y:
        year = _fix_year(int(y))
    else:
        ymd = _latest_not_after(day, month, ref)
        if ymd is None:
            return IMPOSSIBLE
        year = ymd[0]
    t = _parse_time(rest)
    h, mi, se = t or (0, 0, 0)
    try:
        dt = datetime(year, month, day, h, mi, se, tzinfo=zone)
    except ValueError:
        return IMPOSSIBLE
    return Parsed(dt, "minute" if t else "day")


_dateparser_ready = False


def warm_up() -> None:
    """dateparser's first call loads its language data (~1 s): pay it once, at start-up."""
    global _dateparser_ready
    if not _dateparser_ready:
        import dateparser

        dateparser.parse("1 tháng 1 năm 2020", languages=["vi", "en"])
        _dateparser_ready = True


def _slow(s: str, ref: datetime) -> Parsed | None:
    import dateparser

    warm_up()
    settings: dict[str, Any] = {
        "DATE_ORDER": "DMY",
        "TIMEZONE": "Asia/Ho_Chi_Minh",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": ref.astimezone(VN).replace(tzinfo=None),
        "STRICT_PARSING": False,
    }
    dt = dateparser.parse(s, languages=["vi", "en"], settings=settings)
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN)
    has_time = bool(re.search(r"\d\s*[:h]\s*\d", s))
    return Parsed(dt, "minute" if has_time else "day")


def parse_date_ex(text: str, reference: datetime | None = None) -> Parsed | None:
    """parse_date with the precision the string gave."""
    if not text or not text.strip():
        return None
    ref = (reference or utcnow()).astimezone(VN)
    s = clean(text)
    if not re.search(r"\d|vừa|hôm|mới đây|just now", s):
        return None
    fast = _fast(s, ref)
    if fast is IMPOSSIBLE:
        return None
    result = fast if isinstance(fast, Parsed) else _slow(s, ref)
    if result is None:
        return None
    if result.value - ref > timedelta(days=1):
        return None
    return result


def parse_date(text: str, reference: datetime | None = None) -> datetime | None:
    """One date string as shown on a page -> aware datetime, or None when it names no date."""
    p = parse_date_ex(text, reference)
    return p.value if p else None


_CUE = re.compile(
    r"(?:^|[.;:!?]\s+|\n)\(?\s*(?:(?:sáng|trưa|chiều|tối|đêm|rạng sáng)\s+(?:nay\s+)?)?"
    r"(?:(?:hôm\s+)?ngày\s+)?(\d{1,2})\s*[/\-–.]\s*(\d{1,2})(?:\s*[/\-–.]\s*(\d{4}))?\s*\)?"
    r"(?=[\s,:.)])"
)
_PAREN_DATE = re.compile(r"\((\d{1,2})[./\-](\d{1,2})(?:[./\-](\d{4}))?\)")
_CUE_WORD = re.compile(r"^\(?\s*(?:sáng|trưa|chiều|tối|đêm|rạng sáng|ngày|hôm)|^\(")


def find_date(text: str, reference: datetime) -> datetime | None:
    """The event date inside running text ("Chiều 10/5, …"), anchored on a cue word.

    Low confidence: only used when a page offers nothing better. The day is returned at 00:00
    Vietnam time; a missing year is the latest such date not after the reference.
    """
    from crawler.core.clean import DATELINE

    head = text[:400]
    mark = DATELINE.match(head)
    if mark:
        head = head[mark.end() :]
    s = clean(head)
    for m in list(_CUE.finditer(s)) + list(_PAREN_DATE.finditer(s)):
        head = s[m.start() : m.end()].lstrip(".;:!?\n ")
        if not _CUE_WORD.match(head):
            continue
        day, month = int(m.group(1)), int(m.group(2))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        ref = reference.astimezone(VN)
        if m.group(3):
            year = int(m.group(3))
        else:
            ymd = _latest_not_after(day, month, ref)
            if ymd is None:
                continue
            year = ymd[0]
        try:
            dt = datetime(year, month, day, tzinfo=VN)
        except ValueError:
            continue
        if dt - ref <= timedelta(days=1):
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


def resolve(item: Any) -> Any:
    """Stage 2: published/modified from the item's date candidates, and which source gave it."""

    a = vars(item)
    hints = a.get("hints") or {}
    ref = a.get("fetched_at") or utcnow()
    cands = list(hints.get("dates") or [])
    for k in ("feed_date", "listing_date"):
        if hints.get(k):
            cands.append((k.replace("_date", ":date"), hints[k]))
    got = choose(cands, ref)
    if got is None and hints.get("lead"):
        base = ref
        for k in ("feed_date", "listing_date"):
            if hints.get(k):
                base = parse_date(hints[k], ref) or base
        lead_day = find_date(hints["lead"], base)
        if lead_day:
            got = (lead_day, "text:lead")
    if got:
        a["published"], a["date_source"] = got
        a["field_sources"] = {**(a.get("field_sources") or {}), "published": got[1]}
    from crawler.core.provinces import former_for

    a["former_province"] = former_for(
        a.get("province"), a.get("former_province"), a.get("published")
    )
    mod = choose(list(hints.get("modified") or []), ref)
    if mod and a.get("published") and mod[0] >= a["published"]:
        a["modified"] = mod[0]
    return item
