"""Vietnamese dates to the minute.

Pages write dates in dozens of ways ("Thứ Hai, 18-10-2021 8:43", "08/01/2026 - 18:21",
"Cập nhật: 14 giờ 02 phút ngày 29 tháng 9 năm 2023 (GMT+7)", "2 giờ trước"). dateparser handles
many but returns nothing once a label is in front and is slow, so strict patterns for the forms
pages really use come first; dateparser (languages vi/en, day-month-year) is the fallback.
Every result is aware; a string without a zone is Vietnam time.

Day and month: Vietnamese pages write day first. A source may write month first (baochinhphu.vn's
feed prints .NET's en-US "9/14/2026 6:44:00 PM"), so the order is never a silent default: a
number above 12 settles it, a declared order (`order`, a site's or feed's `date_order`) settles
what the numbers leave open, the .NET en-US form is month first by construction, and a feed's
dates together settle it against the crawl time (`infer_order`). Only then is it day first.
"""

from __future__ import annotations

import calendar
import email.utils
import itertools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from enum import Enum
from typing import cast

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
_AMPM = re.compile(r"(?:\b|(?<=\d))([ap])\.?\s?m\.?\b|(?<=\d)\s?(sa|ch)\b")
#: sáng/chiều as Vietnamese software writes AM/PM ("2:15 CH"), only right after a number.
_SA_CH = {"sa": "a", "ch": "p"}
_TIME = re.compile(
    r"(?<![\d/.\-])(\d{1,2})\s*(?:(?:giờ|:|h|g)\s*(\d{1,2})?\s*(?:phút|p)?"
    r"(?:\s*:\s*(\d{1,2})(?:\.\d+)?)?)(?![\d/])"
)
_DMY_FULL = re.compile(r"(?<![\d:])(\d{1,2})\s*([/\-.–])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d:])")
_DMY = re.compile(r"(?<![\d:])(\d{1,2})\s*[/\-.–]\s*(\d{1,2})(?![\d:])()")
_YMD = re.compile(r"(?<![\d:/.])(\d{4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?![\d:/])")
#: .NET's en-US DateTime.ToString(): "M/D/YYYY h:mm:ss AM|PM", month first whatever the numbers.
#: (vi-VN renders "dd/MM/yyyy h:mm:ss SA|CH", day first: SA/CH says nothing about the order.)
_NET_EN_US = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2} ?[ap]\.?m\b")
#: "tháng 3/2026", "11/2026": a month, not a day; no day may be made up for it.
_MONTH_ONLY = re.compile(r"^(?:tháng\s*)?\d{1,2}\s*/\s*\d{4}$")
#: The day-month orders a source may declare.
ORDERS = ("DMY", "MDY")
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
}
#: Relative units counted in calendar months: "3 tháng trước" on 31 May is 28 or 29 February.
_MONTHS = {"tháng": 1, "năm": 12}


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


def _check_order(order: str | None) -> str | None:
    """A declared order is one of ORDERS; anything else is a caller's mistake, named."""
    if order is not None and order not in ORDERS:
        raise ValueError(f"date order {order!r} is not one of {', '.join(ORDERS)}")
    return order


def _months_back(ref: datetime, months: int) -> datetime:
    """The same day `months` calendar months earlier, clamped to the end of a shorter month."""
    total = ref.year * 12 + ref.month - 1 - months
    year, month = divmod(total, 12)
    day = min(ref.day, calendar.monthrange(year, month + 1)[1])
    return ref.replace(year=year, month=month + 1, day=day)


def _twelve_hour(s: str, h: int) -> int:
    """ "8:30 PM", "8:30 CH" and "8 giờ tối" are 20:30; a bare "8:30" stays morning."""
    ampm = _AMPM.search(s)
    if ampm:
        half = ampm.group(1) or _SA_CH[ampm.group(2)]
        if half == "p" and h < 12:
            return h + 12
        if half == "a" and h == 12:
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
    NO_DAY = "no day"


#: The string is a date form we know, naming an impossible date: no fallback may guess.
IMPOSSIBLE = Refusal.IMPOSSIBLE
#: The string names a month ("tháng 3/2026"), not a day: no fallback may pick one.
NO_DAY = Refusal.NO_DAY

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


def _iso(s: str, ref: datetime, order: str | None) -> Fast:
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


def _rfc822(s: str, ref: datetime, order: str | None) -> Fast:
    """Feed dates ("Sat, 17 Oct 2026 10:00:00 +0700"); one that does not parse falls through."""
    if not _RFC822.match(s):
        return None
    try:
        dt = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError):
        return None
    return Parsed(dt if dt.tzinfo else dt.replace(tzinfo=VN), "minute")


_JUST_NOW = ("vừa xong", "vừa mới", "mới đây", "just now")


def _relative(s: str, ref: datetime, order: str | None) -> Fast:
    """ "2 giờ trước", "vừa xong": counted back from the crawl time, the page's own "now"."""
    if s in _JUST_NOW:
        return Parsed(ref, "minute")
    m = _RELATIVE.search(s)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    if unit in _MONTHS:
        return Parsed(_months_back(ref, n * _MONTHS[unit]), "minute")
    return Parsed(ref - n * _UNITS[unit], "minute")


def _day_word(s: str, ref: datetime, order: str | None) -> Fast:
    """ "Hôm qua 08:15": the day from the crawl time, the time from the string."""
    for word, back in _DAY_WORDS.items():
        if word in s:
            day = (ref.astimezone(VN) - timedelta(days=back)).date()
            return _at(day.year, day.month, day.day, _parse_time(s.replace(word, " ")), VN)
    return None


@dataclass(frozen=True)
class _Found:
    """A date found in a string, its two numbers as written (day first unless `swappable` and
    the order says otherwise), the year as written, and the rest where the time of day is."""

    first: int
    second: int
    year: str | None
    rest: str
    swappable: bool


#: (pattern, group of the first number, of the second, of the year, whether the two numbers may
#: be month first): words first, then year-first, then d/m/y, then d/m.
_DAY_MONTH = (
    (_DMY_WORDS, 1, 2, 3, False),
    (_YMD, 4, 3, 1, False),
    (_DMY_FULL, 1, 3, 4, True),
    (_DMY, 1, 2, 3, True),
)


def _day_month(s: str) -> _Found | None:
    """The first date form the string holds, in the order of `_DAY_MONTH`."""
    for pattern, g1, g2, gy, swappable in _DAY_MONTH:
        m = pattern.search(s)
        if m:
            rest = s[: m.start()] + " " + s[m.end() :]
            return _Found(int(m.group(g1)), int(m.group(g2)), m.group(gy) or None, rest, swappable)
    return None


def _by_numbers(found: _Found) -> str | None:
    """The order a number above 12 forces: it cannot be a month. A yearless "9/13" is no
    month-first form pages use, so only a date with its year may be settled month first."""
    a, b = found.first, found.second
    if a > 12 >= b:
        return "DMY"
    if b > 12 >= a and found.year:
        return "MDY"
    return None


def _day_first(found: _Found, s: str, order: str | None) -> bool:
    """Numbers first (they cannot lie), then the source's declaration, then the form."""
    if not found.swappable:
        return True
    settled = _by_numbers(found) or order
    if settled:
        return settled == "DMY"
    return not (found.year and _NET_EN_US.search(s))


def _strip(s: str) -> str:
    """The string without zone note, labels and weekday, which say nothing about the day."""
    return _WEEKDAY.sub(" ", _LABELS.sub("", _ZONE.sub(" ", s)))


def _numeric(s: str, ref: datetime, order: str | None) -> Fast:
    """Numeric and worded dates with labels, weekday, zone and time of day around them."""
    zone = _zone(s)
    found = _day_month(_strip(s))
    if found is None:
        return None
    if _day_first(found, s, order):
        day, month = found.first, found.second
    else:
        day, month = found.second, found.first
    written, rest = found.year, found.rest
    if written:
        year = _fix_year(int(written))
    else:
        ymd = _latest_not_after(day, month, ref)
        if ymd is None:
            return IMPOSSIBLE
        year = ymd[0]
    return _at(year, month, day, _parse_time(rest), zone)


def _month_only(s: str, ref: datetime, order: str | None) -> Fast:
    """ "tháng 3/2026" names a month; dateparser would pick the reference's day in it."""
    return NO_DAY if _MONTH_ONLY.match(s) else None


_FORMS = (_iso, _rfc822, _relative, _day_word, _month_only, _numeric)


def _fast(s: str, ref: datetime, order: str | None = None) -> Fast:
    """Strict patterns, in order; None when the string is not one of the known forms."""
    for form in _FORMS:
        got = form(s, ref, order)
        if got is not None:
            return got
    return None


_dateparser_ready = False


def warm_up() -> None:
    """dateparser's first call loads its language data (~0.7 s of CPU): paid once, by the first
    date no strict pattern reads. Not at start-up: most crawls meet none (bench/crawl.py's
    2,350 pages: none), and a crawl process that warmed up for nothing spent 1.7 % of its CPU."""
    global _dateparser_ready
    if not _dateparser_ready:
        import dateparser  # lazy: start-up (dateparser and its language data load slowly)

        dateparser.parse("1 tháng 1 năm 2020", languages=["vi", "en"])
        _dateparser_ready = True


def _slow(s: str, ref: datetime, order: str | None = None) -> Parsed | None:
    """dateparser, for the forms no strict pattern knows ("November 19, 2026 5:25 PM")."""
    import dateparser  # lazy: start-up (dateparser and its language data load slowly)

    warm_up()
    settings: dict[str, object] = {
        "DATE_ORDER": order or "DMY",
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


def parse_date_ex(
    text: str, reference: datetime | None = None, order: str | None = None
) -> Parsed | None:
    """parse_date with the precision the string gave, so `choose` can prefer a date known to
    the minute over one known only to the day."""
    _check_order(order)
    if not text or not text.strip():
        return None
    ref = (reference or utcnow()).astimezone(VN)
    s = clean(text)
    if not re.search(r"\d|vừa|hôm|mới đây|just now", s):
        return None
    fast = _fast(s, ref, order)
    if isinstance(fast, Refusal):
        return None
    result = fast if isinstance(fast, Parsed) else _slow(s, ref, order)
    if result is None:
        return None
    if result.value - ref > timedelta(days=1):
        return None
    return result


def parse_date(
    text: str, reference: datetime | None = None, order: str | None = None
) -> datetime | None:
    """One date string as shown on a page -> aware datetime, or None when it names no date.

    The reference is the crawl time: relative dates count back from it, a date without a year
    is the latest one not after it, and a date more than a day after it is refused (a page
    cannot report from the future; such a value is a misread, not a scoop). `order` ("DMY" or
    "MDY") is what the source declares for day and month; None infers it from the string."""
    p = parse_date_ex(text, reference, order)
    return p.value if p else None


def _numeric_dates(texts: Sequence[str]) -> list[tuple[str, _Found]]:
    """(cleaned text, date) of the texts whose date is numeric with a year: the only ones whose
    day and month may be either way round. ISO and feed dates say nothing about the order."""
    out = []
    for text in texts:
        s = clean(text)
        if _ISO.match(s) or _RFC822.match(s):
            continue
        found = _day_month(_strip(s))
        if found and found.swappable and found.year:
            out.append((s, found))
    return out


def _monotone(values: list[datetime]) -> bool:
    """Feeds and listings are sorted by date, newest (or oldest) first."""
    pairs = list(itertools.pairwise(values))
    return all(a >= b for a, b in pairs) or all(a <= b for a, b in pairs)


#: A live feed's or listing's newest item is this close to the crawl time.
_FRESH = timedelta(days=7)


def _readings(texts: list[str], ref: datetime) -> dict[str, list[datetime]]:
    """Each order under which every date exists and none is after the crawl time."""
    out: dict[str, list[datetime]] = {}
    for order in ORDERS:
        got = [parse_date(t, ref, order) for t in texts]
        if all(got):
            out[order] = [d for d in got if d]
    return out


def _fresh(readings: dict[str, list[datetime]], ref: datetime) -> str | None:
    """The one order whose newest date is fresh when the other's is not. Nearness alone is no
    evidence ("05/03/2026" is nearer to November as 3 May): only a fresh list against a stale
    one is."""
    fresh = [o for o in ORDERS if abs(ref - max(readings[o])) <= _FRESH]
    return fresh[0] if len(fresh) == 1 else None


def _by_reference(texts: list[str], ref: datetime) -> str | None:
    """The order under which every date is possible and not after the crawl time; of two, the
    one that keeps the list sorted, then the one that makes the list fresh."""
    readings = _readings(texts, ref)
    if len(readings) < 2:
        return next(iter(readings), None)
    if readings["DMY"] == readings["MDY"]:
        return None  # "1/1", "5/5": either reading is the same day
    sorted_ = [o for o in ORDERS if _monotone(readings[o])]
    if len(sorted_) == 1:
        return sorted_[0]
    return _fresh(readings, ref)


def infer_order(texts: Sequence[str], reference: datetime) -> str | None:
    """The day-month order of all the dates one feed or listing prints, or None when they do
    not settle it (the caller then keeps each string's own reading, never a guess).

    One source writes one way: a number above 12 anywhere settles it for all; the .NET en-US
    form settles month first; otherwise the dates are read both ways against the crawl time.
    Dates that contradict each other (13/1 and 1/13 in one feed) settle nothing."""
    found = _numeric_dates(texts)
    if not found:
        return None
    settled = {o for _, f in found if (o := _by_numbers(f))}
    if len(settled) > 1:
        return None
    if settled:
        return settled.pop()
    if all(_NET_EN_US.search(s) for s, _ in found):
        return "MDY"
    return _by_reference([s for s, _ in found], reference.astimezone(VN))


_CUE = re.compile(
    r"(?:^|[.;:!?]\s+|\n)\(?\s*(?:(?:sáng|trưa|chiều|tối|đêm|rạng sáng)\s+(?:nay\s+)?)?"
    r"(?:(?:hôm\s+)?ngày\s+)?(\d{1,2})\s*[/\-–.]\s*(\d{1,2})(?:\s*[/\-–.]\s*(\d{4}))?\s*\)?"
    r"(?=[\s,:.)])"
)
_PAREN_DATE = re.compile(r"\((\d{1,2})[./\-](\d{1,2})(?:[./\-](\d{4}))?\)")
_CUE_WORD = re.compile(r"^\(?\s*(?:sáng|trưa|chiều|tối|đêm|rạng sáng|ngày|hôm)|^\(")
#: "vào ngày 10.10.", "vào chiều 23-9", "vào 30-6-2026", "Chứng khoán ngày 14/9:": a date
#: anywhere in a sentence, after "vào" or "ngày".
_VAO = re.compile(
    r"\b(?:vào\s+(?:(?:sáng|trưa|chiều|tối|đêm|rạng sáng)\s+)?(?:ngày\s+)?|ngày\s+)"
    r"(\d{1,2})\s*[./\-–]\s*(\d{1,2})(?:\s*[./\-–]\s*(\d{4}))?(?![\d/])"
)
#: "ngày 2 tháng 9 năm 2025" is a date wherever it stands.
_WORDS_ANY = re.compile(r"\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b")
#: "Từ ngày 02/10 đến ngày 06/10/2023", "(21 và 22/8)", "ngày 21-22/8": the first day counts,
#: its month and year carried from the end of the range when it leaves them out.
_RANGE = re.compile(
    r"(?:(?:\btừ\s+)?\bngày\s+|\btừ\s+|\()"
    r"(?P<d1>\d{1,2})(?:\s*[/.\-]\s*(?P<m1>\d{1,2})(?:\s*[/.\-]\s*(?P<y1>\d{4}))?)?"
    r"(?:\s*(?:đến|tới|và|–|—)\s*(?:ngày\s+)?|\s+-\s+(?:ngày\s+)?|-(?=\d{1,2}\s*[/.]))"
    r"(?P<d2>\d{1,2})\s*[/.\-]\s*(?P<m2>\d{1,2})(?:\s*[/.\-]\s*(?P<y2>\d{4}))?(?![\d/])"
)
#: What stands right before a date that is no event: a legal document's number ("Nghị định số
#: 42/2026/NĐ-CP ngày 26/01/2026", "Kết luận 21-KL/TW ngày ..."; a token with a digit, a slash
#: and a letter), a licence ("Giấy phép số 789/GP-BTTTT, cấp ngày ..."), an effective date
#: ("có hiệu lực thi hành từ ngày 15/4/2026").
_TRAP_BEFORE = re.compile(
    r"(?:\b(?:cấp|ban hành|ký|giấy phép|hiệu lực(?: thi hành)?(?: kể)? từ)"
    r"|(?<!\S)[\w\-]*\d[\w\-]*/[\w\-/.]*[a-zđ][\w\-/.]*|\bsố\s+\S+)"
    r"\s*,?\s*(?:ngày\s*)?$"
)


def _is_trap(s: str, start: int) -> bool:
    """True when the date at `start` belongs to a document number or a licence line."""
    return bool(_TRAP_BEFORE.search(s[max(0, start - 60) : start]))


def _oriented(a: int, b: int, order: str | None) -> tuple[int, int]:
    """(day, month) of two numbers of running text, day first unless the source says not."""
    return (b, a) if order == "MDY" else (a, b)


def _day_of(day: int, month: int, year: str | None, ref: datetime) -> datetime | None:
    """That day at 00:00 Vietnam time; a missing year is the latest one not after `ref`."""
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    if year:
        y = int(year)
    else:
        ymd = _latest_not_after(day, month, ref)
        if ymd is None:
            return None
        y = ymd[0]
    try:
        return datetime(y, month, day, tzinfo=VN)
    except ValueError:
        return None


def _cue_day(m: re.Match[str], ref: datetime, order: str | None = None) -> datetime | None:
    """The day one cue match names, or None when it is no possible date."""
    day, month = _oriented(int(m.group(1)), int(m.group(2)), order)
    return _day_of(day, month, m.group(3), ref)


def _range_day(m: re.Match[str], ref: datetime, order: str | None) -> datetime | None:
    """The first day of a range; a range whose first day is after its last is none."""
    d2, m2 = _oriented(int(m["d2"]), int(m["m2"]), order)
    if m["m1"]:
        d1, m1 = _oriented(int(m["d1"]), int(m["m1"]), order)
    else:
        d1, m1 = int(m["d1"]), m2
    backwards = (m1, d1) > (m2, d2)
    if backwards and not m["m1"]:
        return None  # "25 và 3/8" is two numbers, not a range of days
    year = m["y1"]
    if not year and m["y2"]:
        # "28/12 đến 3/1/2026": a range that ends in the new year starts in the old one
        year = str(int(m["y2"]) - 1) if backwards else m["y2"]
    return _day_of(d1, m1, year, ref)


#: A finder: every (position, day) one kind of text date gives.
Hits = Iterator[tuple[int, datetime]]


def _cue_hits(s: str, ref: datetime, order: str | None) -> Hits:
    """A date at the start of a sentence after a cue word ("Chiều 10/5, ...") or in brackets."""
    for m in list(_CUE.finditer(s)) + list(_PAREN_DATE.finditer(s)):
        if not _CUE_WORD.match(s[m.start() : m.end()].lstrip(".;:!?\n ")):
            continue
        day = _cue_day(m, ref, order)
        if day is not None:
            yield m.start(1), day


def _range_hits(s: str, ref: datetime, order: str | None) -> Hits:
    """The first day of each date range."""
    for m in _RANGE.finditer(s):
        day = _range_day(m, ref, order)
        if day is not None and not _is_trap(s, m.start()):
            yield m.start("d1"), day


def _anywhere_hits(s: str, ref: datetime, order: str | None) -> Hits:
    """ "vào ngày 10.10." and "ngày … tháng … năm …" inside a sentence, unless a document
    number or a licence stands before them."""
    for m in _VAO.finditer(s):
        day = _cue_day(m, ref, order)
        if day is not None and not _is_trap(s, m.start()):
            yield m.start(1), day
    for m in _WORDS_ANY.finditer(s):
        day = _day_of(int(m.group(1)), int(m.group(2)), m.group(3), ref)
        if day is not None and not _is_trap(s, m.start()):
            yield m.start(1), day


#: Finders in the order that breaks a tie at one position: a range before its first day alone.
_FINDERS = (_range_hits, _cue_hits, _anywhere_hits)


def find_date(text: str, reference: datetime, order: str | None = None) -> datetime | None:
    """The event date inside running text ("Chiều 10/5, …"), the first one the text names.

    Low confidence: only used when a page offers nothing better. The day is returned at 00:00
    Vietnam time; a missing year is the latest such date not after the reference (a range's
    first day takes the year its end names). Dates of document numbers and licences, and
    dates more than a day after the reference (deadlines), are not event dates.
    """
    _check_order(order)
    head = text[:400]
    mark = DATELINE.match(head)
    if mark:
        head = head[mark.end() :]
    s = clean(head)
    ref = reference.astimezone(VN)
    best: tuple[int, int, datetime] | None = None
    for rank, finder in enumerate(_FINDERS):
        for pos, day in finder(s, ref, order):
            if day - ref <= timedelta(days=1) and (best is None or (pos, rank) < best[:2]):
                best = (pos, rank, day)
    return best[2] if best else None


def choose(
    candidates: list[tuple[str, str]],
    reference: datetime,
    orders: Mapping[str, str] | None = None,
) -> tuple[datetime, str] | None:
    """The first candidate known to the minute; else the first known to the day.

    Order is the caller's (metadata, visible date line, feed/listing). A date-only value in the
    metadata ("2026-01-08") must not win over a visible "08/01/2026 - 18:21" of the same day.
    `orders` gives the day-month order a source declared, by candidate source ("feed:date").
    """
    day_only: tuple[datetime, str] | None = None
    for source, raw in candidates:
        p = parse_date_ex(raw, reference, (orders or {}).get(source))
        if p is None:
            continue
        if p.precision == "minute":
            if day_only and day_only[0].astimezone(VN).date() != p.value.astimezone(VN).date():
                # the minute-precise value disagrees with an earlier day: trust the earlier
                continue
            return p.value, source
        day_only = day_only or (p.value, source)
    return day_only


def declared_order(item: Article) -> str | None:
    """The day-month order discovery found for the feed or listing that gave the item's
    `feed_date`/`listing_date` (declared for the site or feed, or `infer_order` over all the
    feed's dates). It is that source's order only: the page's own date line may differ
    (baochinhphu.vn's listing prints "3/5/2026 3:34:00 PM" beside "05/03/2026 15:34")."""
    raw = cast(Mapping[str, object], item.hints).get("date_order")
    if raw is None:
        return None
    if not isinstance(raw, str) or raw not in ORDERS:
        raise ValueError(f"{item.url}: hint date_order {raw!r} is not one of {', '.join(ORDERS)}")
    return raw


#: The candidate sources a discovery `date_order` applies to.
_DISCOVERED = ("feed:date", "listing:date")


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


def _from_lead(item: Article, ref: datetime, order: str | None) -> tuple[datetime, str] | None:
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
            base = parse_date(raw, ref, order) or base
    day = find_date(lead, base)
    return (day, "text:lead") if day else None


def resolve(item: Article) -> Article:
    """Stage 2: published/modified from the item's date candidates, and which source gave it.

    The former province depends on the date (only articles from before the 2025 merger name
    one), so it is settled here, once the date is known."""
    ref = item.fetched_at or utcnow()
    order = declared_order(item)
    orders = dict.fromkeys(_DISCOVERED, order) if order else None
    got = choose(_candidates(item), ref, orders) or _from_lead(item, ref, order)
    if got:
        item.published, item.date_source = got
        item.field_sources = {**item.field_sources, "published": got[1]}
    item.former_province = former_for(item.province, item.former_province, item.published)
    mod = choose(list(item.hints.get("modified") or []), ref)
    if mod and item.published and mod[0] >= item.published:
        item.modified = mod[0]
    return item
