"""New date strings of every form the date parser knows, each with the instant it denotes.

The held-out check of issue 10 ("on Vietnamese date strings of the forms above that the project
has not seen, >= 99 % exact"): a seeded random datetime is formatted the way one kind of page,
feed or lead writes it (varied padding, separators, spacing, weekday prefixes and labels), and
the expected value is that datetime itself, cut to what the string shows — never what the
parser says. Read by tests/test_dates.py (the assertion) and bench/dates.py (the table).

Reference (crawl time) for every string: `REF`, the date table's.
"""

from __future__ import annotations

import email.utils
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from dateutil.relativedelta import relativedelta

VN = timezone(timedelta(hours=7))
REF = datetime(2026, 11, 21, 10, 0, tzinfo=VN)
_OLDEST = datetime(2012, 1, 1, tzinfo=VN)


@dataclass(frozen=True)
class Sample:
    """One generated string: `kind` "parse" (parse_date: the instant, offset included) or
    "find" (find_date on running text: the day, or None when the text names no event day)."""

    form: str
    kind: str
    text: str
    expected: datetime | None


_WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_WEEKDAYS_NUM = ("Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "CN")
_WEEKDAYS_SHORT = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LABELS = ("", "", "Cập nhật: ", "Ngày đăng: ", "Đăng lúc: ", "Xuất bản: ", "Thời gian: ")
_SPACES = (" ", " ", " ", "\u00a0", "  ")


def _when(rng: random.Random, oldest: datetime = _OLDEST, newest: datetime = REF) -> datetime:
    """A random instant to the second, Vietnam time, between the two."""
    span = int((newest - oldest).total_seconds())
    return oldest + timedelta(seconds=rng.randrange(span))


def _recent_day(rng: random.Random) -> datetime:
    """A day of the 360 before the reference: its yearless form names it unambiguously."""
    return _day(REF - timedelta(days=rng.randrange(360)))


def _day(dt: datetime) -> datetime:
    return dt.replace(hour=0, minute=0, second=0, microsecond=0)


def _minute(dt: datetime) -> datetime:
    return dt.replace(second=0, microsecond=0)


def _num(rng: random.Random, n: int) -> str:
    """A day, month or hour, zero-padded or not, as pages vary."""
    return f"{n:02d}" if rng.random() < 0.6 else str(n)


def _sp(rng: random.Random) -> str:
    return rng.choice(_SPACES)


def _weekday(rng: random.Random, dt: datetime) -> str:
    """A weekday prefix in one of the spellings pages use, or none."""
    table = rng.choice((_WEEKDAYS_VI, _WEEKDAYS_NUM, _WEEKDAYS_SHORT, _WEEKDAYS_EN, ()))
    if not table:
        return ""
    name = table[dt.weekday()]
    name = name.upper() if rng.random() < 0.1 else name
    return name + rng.choice((", ", " ", ", ngày "))


def _dmy(rng: random.Random, dt: datetime, sep: str | None = None) -> str:
    s = sep or rng.choice("/-.")
    return f"{_num(rng, dt.day)}{s}{_num(rng, dt.month)}{s}{dt.year}"


def _hm(rng: random.Random, dt: datetime) -> str:
    return f"{_num(rng, dt.hour)}:{dt.minute:02d}"


def _twelve(dt: datetime) -> tuple[int, str]:
    """(hour on a 12-hour clock, "AM"/"PM"): 0:30 is 12:30 AM, 12:30 is 12:30 PM."""
    return (dt.hour % 12 or 12), ("AM" if dt.hour < 12 else "PM")


# --- parse_date forms: (text, expected instant) -------------------------------------------


def _date_time(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng)
    sep = rng.choice((" ", " - ", " | ", ", ", " lúc "))
    text = f"{rng.choice(_LABELS)}{_weekday(rng, dt)}{_dmy(rng, dt)}{sep}{_hm(rng, dt)}"
    return text.replace(" ", _sp(rng)), _minute(dt)


def _time_date(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng)
    sep = rng.choice((" ", " | ", " - ", ", ", " ngày "))
    return f"{rng.choice(_LABELS)}{_hm(rng, dt)}{sep}{_dmy(rng, dt)}", _minute(dt)


def _nhandan(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng)
    wd = _WEEKDAYS_VI[dt.weekday()]
    return f"{wd}, ngày {dt.day:02d}/{dt.month:02d}/{dt.year} - {dt:%H:%M}", _minute(dt)


def _comma_ngay(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng)
    return f"{dt:%H:%M}, ngày {_dmy(rng, dt, '-')}", _minute(dt)


def _date_only(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng)
    return f"{rng.choice(_LABELS)}{_weekday(rng, dt)}{_dmy(rng, dt)}", _day(dt)


def _seconds(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng).replace(microsecond=0)
    return f"{_dmy(rng, dt, '/')} {dt:%H:%M:%S}", dt


def _words(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng)
    day = f"ngày {dt.day} tháng {dt.month} năm {dt.year}"
    if rng.random() < 0.5:
        return f"{rng.choice(_LABELS)}{day}", _day(dt)
    return f"{dt.hour} giờ {dt.minute:02d} phút {day}", _minute(dt)


def _hour_words(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng)
    h = f"{dt.hour}{rng.choice('hg')}{dt.minute:02d}"
    first = rng.random() < 0.5
    return (f"{h} {_dmy(rng, dt)}" if first else f"{_dmy(rng, dt)} {h}"), _minute(dt)


def _iso(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng).replace(microsecond=0)
    style = rng.randrange(4)
    if style == 0:
        return dt.isoformat(), dt
    if style == 1:
        return f"{dt:%Y-%m-%dT%H:%M:%S}+0700", dt
    if style == 2:
        utc = dt.astimezone(UTC)
        return f"{utc:%Y-%m-%dT%H:%M:%S}Z", utc
    return f"{dt:%Y-%m-%d %H:%M:%S}", dt  # no zone: Vietnam time


def _rfc822(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng).replace(microsecond=0)
    text = email.utils.format_datetime(dt)  # "... +0700"
    if rng.random() < 0.5:
        text = text[:-2] + ":" + text[-2:]  # "+07:00", as nhandan.vn and sggp.org.vn write it
    return text, dt


def _net_en_us(rng: random.Random) -> tuple[str, datetime]:
    """baochinhphu.vn's feed and hanoimoi.vn's meta: month first whatever the numbers."""
    dt = _when(rng).replace(microsecond=0)
    h, half = _twelve(dt)
    half = rng.choice((half, half, half.lower(), f"{half[0]}.{half[1]}.".lower()))
    gap = rng.choice((" ", " ", "", "\u00a0"))
    return f"{rng.choice(_LABELS)}{dt.month}/{dt.day}/{dt.year} {h}:{dt:%M:%S}{gap}{half}", dt


def _vi_vn(rng: random.Random) -> tuple[str, datetime]:
    """.NET vi-VN: day first, 12-hour clock with SA (sáng) / CH (chiều)."""
    dt = _when(rng).replace(microsecond=0)
    h, half = _twelve(dt)
    sa_ch = rng.choice(("SA", "SA", "sa")) if half == "AM" else rng.choice(("CH", "CH", "ch"))
    if rng.random() < 0.5:
        return f"{dt:%d/%m/%Y} {h}:{dt:%M:%S} {sa_ch}", dt
    return f"{dt:%d/%m/%Y} {h}:{dt:%M} {sa_ch}", _minute(dt)


def _ampm_first(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng)
    h, half = _twelve(dt)
    return f"{h}:{dt:%M} {rng.choice((half, half.lower()))} {_dmy(rng, dt, '/')}", _minute(dt)


def _month_first_settled(rng: random.Random) -> tuple[str, datetime]:
    """M/D/YYYY with a day above 12: the numbers alone say month first."""
    dt = _when(rng, newest=REF - timedelta(days=31))  # a new day in its month stays past
    dt = dt.replace(day=rng.randrange(13, 29))
    return f"{dt.month}/{dt.day}/{dt.year} {dt:%H:%M}", _minute(dt)


def _year_first(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng)
    sep = rng.choice("/.-")
    ymd = f"{dt.year}{sep}{_num(rng, dt.month)}{sep}{_num(rng, dt.day)}"
    if rng.random() < 0.5:
        return ymd, _day(dt)
    return f"{ymd} {dt:%H:%M}", _minute(dt)


def _zone_note(rng: random.Random) -> tuple[str, datetime]:
    dt = _when(rng)
    note = rng.choice(("(GMT+7)", "GMT+7", "(UTC+07:00)", "(GMT+07)"))
    return f"{_dmy(rng, dt, '/')} {dt:%H:%M} {note}", _minute(dt)


def _relative(rng: random.Random) -> tuple[str, datetime]:
    unit, step = rng.choice(
        (
            ("phút", relativedelta(minutes=1)),
            ("giờ", relativedelta(hours=1)),
            ("tiếng", relativedelta(hours=1)),
            ("ngày", relativedelta(days=1)),
            ("tuần", relativedelta(weeks=1)),
            ("tháng", relativedelta(months=1)),
            ("năm", relativedelta(years=1)),
        )
    )
    n = rng.randrange(1, 13)
    return f"{rng.choice(('', 'Cập nhật '))}{n} {unit} trước", REF - n * step


def _day_word(rng: random.Random) -> tuple[str, datetime]:
    back = rng.randrange(3)
    word = ("Hôm nay", "Hôm qua", "Hôm kia")[back]
    day = _day(REF - timedelta(days=back))
    t = day + timedelta(minutes=rng.randrange(24 * 60))
    if back == 0 and t > REF:
        t = day + timedelta(minutes=rng.randrange(10 * 60))
    return f"{word} {t:%H:%M}", t


# --- find_date forms: (running text, expected day or None) ---------------------------------

_RESTS = (
    "Ban Thường vụ Tỉnh ủy tổ chức hội nghị sơ kết",
    "Đảng ủy Khối các cơ quan tỉnh làm việc với đoàn công tác",
    "tại Hà Nội, Ban Bí thư gặp mặt đại biểu",
)
_PARTS = ("Sáng", "Chiều", "Tối", "Ngày", "Trưa", "Sáng ngày", "Chiều ngày")


def _lead_cue(rng: random.Random) -> tuple[str, datetime | None]:
    day = _recent_day(rng)
    dm = f"{_num(rng, day.day)}{rng.choice('/-')}{_num(rng, day.month)}"
    return f"{rng.choice(_PARTS)} {dm}, {rng.choice(_RESTS)}.", day


def _lead_cue_year(rng: random.Random) -> tuple[str, datetime | None]:
    day = _day(_when(rng))
    return f"(PV) - {rng.choice(_PARTS)} {_dmy(rng, day, '/')}, {rng.choice(_RESTS)}.", day


def _lead_range(rng: random.Random) -> tuple[str, datetime | None]:
    first = _day(_when(rng, newest=REF - timedelta(days=12)))
    last = first + timedelta(days=rng.randrange(1, 10))
    a = f"{first.day:02d}/{first.month:02d}"
    b = f"{last.day:02d}/{last.month:02d}/{last.year}"
    if first.year != last.year:
        a += f"/{first.year}"
    link = rng.choice((" đến ngày ", " đến ", " tới ngày ", " - "))
    return f"Từ ngày {a}{link}{b}, {rng.choice(_RESTS)}.", first


def _lead_pair(rng: random.Random) -> tuple[str, datetime | None]:
    day = _recent_day(rng)
    while day.day > 27 or day + timedelta(days=1) > REF:
        day = _recent_day(rng)
    nxt = day.day + 1
    return f"Trong 2 ngày ({day.day} và {nxt}/{day.month}), {rng.choice(_RESTS)}.", day


def _lead_dotted(rng: random.Random) -> tuple[str, datetime | None]:
    day = _recent_day(rng)
    return f"Hội nghị được tổ chức vào ngày {day.day}.{day.month}. tại hội trường.", day


def _lead_words(rng: random.Random) -> tuple[str, datetime | None]:
    day = _day(_when(rng))
    words = f"ngày {day.day} tháng {day.month} năm {day.year}"
    return f"Buổi lễ diễn ra trọng thể {words} tại Quảng trường.", day


def _lead_trap(rng: random.Random) -> tuple[str, datetime | None]:
    """A document's number and date, and an effective date: no event day."""
    day = _day(_when(rng))
    code = rng.choice(("TT-BGDĐT", "NĐ-CP", "QĐ-TTg", "TT-BCT", "KL/TW"))
    number = f"{rng.randrange(1, 200)}/{day.year}/{code}"
    body = rng.choice(
        (
            f"Chính phủ ban hành Nghị định số {number} ngày {_dmy(rng, day, '/')} quy định",
            f"Bộ ban hành Thông tư {number} ngày {day.day} tháng {day.month} năm {day.year}",
            f"Thông tư có hiệu lực thi hành từ ngày {_dmy(rng, day, '/')}.",
            f"Giấy phép số {rng.randrange(100, 999)}/GP-BTTTT, cấp ngày {_dmy(rng, day, '-')}",
        )
    )
    return f"(Chinhphu.vn) - {body}", None


Maker = Callable[[random.Random], tuple[str, datetime | None]]

#: (form, kind, maker), one line of the bench table each.
FORMS: tuple[tuple[str, str, Maker], ...] = (
    ("d/m/y + time, weekday, label", "parse", _date_time),
    ("time + d/m/y", "parse", _time_date),
    ("Thứ X, ngày dd/mm/yyyy - HH:MM", "parse", _nhandan),
    ("HH:MM, ngày dd-mm-yyyy", "parse", _comma_ngay),
    ("d/m/y only", "parse", _date_only),
    ("d/m/y HH:MM:SS", "parse", _seconds),
    ("ngày … tháng … năm …", "parse", _words),
    ("8h43 / 8g43", "parse", _hour_words),
    ("ISO 8601", "parse", _iso),
    ("RFC 822", "parse", _rfc822),
    (".NET en-US M/D/YYYY h:mm:ss AM", "parse", _net_en_us),
    ("vi-VN dd/MM/yyyy h:mm SA/CH", "parse", _vi_vn),
    ("h:mm AM/PM d/m/y", "parse", _ampm_first),
    ("M/D/YYYY, day > 12", "parse", _month_first_settled),
    ("year first", "parse", _year_first),
    ("zone note GMT+7", "parse", _zone_note),
    ("N … trước", "parse", _relative),
    ("hôm nay/qua/kia HH:MM", "parse", _day_word),
    ("lead: cue d/m", "find", _lead_cue),
    ("lead: cue d/m/y", "find", _lead_cue_year),
    ("lead: range", "find", _lead_range),
    ("lead: (21 và 22/8)", "find", _lead_pair),
    ("lead: vào ngày 10.10.", "find", _lead_dotted),
    ("lead: ngày … tháng … năm …", "find", _lead_words),
    ("lead: document/licence trap", "find", _lead_trap),
)


def generate(seed: int = 10, per_form: int = 200) -> list[Sample]:
    """`per_form` new strings of every form, the same ones for the same seed."""
    rng = random.Random(seed)
    return [Sample(form, kind, *maker(rng)) for form, kind, maker in FORMS for _ in range(per_form)]


def day_of(dt: datetime) -> date:
    """The Vietnam calendar day of an instant."""
    return dt.astimezone(VN).date()


def is_exact(sample: Sample, got: datetime | None) -> bool:
    """A "parse" sample needs the very instant and offset; a "find" sample the very day (or
    nothing when it names none)."""
    want = sample.expected
    if got is None or want is None:
        return got is None and want is None
    if sample.kind == "find":
        return day_of(got) == day_of(want)
    return got == want and got.utcoffset() == want.utcoffset()
