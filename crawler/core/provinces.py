"""The 34 provincial-level units in force since 1 July 2025, and the 63 they were formed from.

Articles published before the merger still name the former province, so an item carries both:
the unit it belongs to now (for per-province feeds) and the former province it was written in.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

#: The day the merger took effect (Nghị quyết 202/2025/QH15), midnight Vietnam time.
MERGER = datetime(2025, 6, 30, 17, 0, tzinfo=UTC)

#: unit -> former provinces it was formed from (the unit itself first when it kept its name).
UNITS: dict[str, tuple[str, ...]] = {
    "Hà Nội": ("Hà Nội",),
    "Huế": ("Thừa Thiên Huế",),
    "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"),
    "Hồ Chí Minh": ("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Lai Châu": ("Lai Châu",),
    "Điện Biên": ("Điện Biên",),
    "Sơn La": ("Sơn La",),
    "Lạng Sơn": ("Lạng Sơn",),
    "Quảng Ninh": ("Quảng Ninh",),
    "Thanh Hóa": ("Thanh Hóa",),
    "Nghệ An": ("Nghệ An",),
    "Hà Tĩnh": ("Hà Tĩnh",),
    "Cao Bằng": ("Cao Bằng",),
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"),
    "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"),
    "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Gia Lai": ("Gia Lai", "Bình Định"),
    "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"),
    "Tây Ninh": ("Tây Ninh", "Long An"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"),
    "An Giang": ("An Giang", "Kiên Giang"),
}

#: former province -> unit it belongs to now.
FORMER_TO_UNIT: dict[str, str] = {f: u for u, fs in UNITS.items() for f in fs}

#: Pseudo-province for outlets with national scope; they get no province feed of their own.
NATIONAL = "Toàn quốc"


def slugify(name: str) -> str:
    """ASCII slug for file names and URLs: "Đắk Lắk" -> "dak-lak"."""
    s = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def check_unit(name: str | None) -> str | None:
    """Reject a province that is not one of the 34 units, so a typo never makes a stray feed."""
    if name is None or name == NATIONAL:
        return name
    if name not in UNITS:
        raise ValueError(f"province {name!r} is not one of the 34 provincial units")
    return name


def former_for(unit: str | None, former: str | None, published: datetime | None) -> str | None:
    """The former province an article names: only for articles that predate the merger."""
    if not unit or unit == NATIONAL or former is None:
        return None
    if published is not None and published >= MERGER:
        return None
    return former
