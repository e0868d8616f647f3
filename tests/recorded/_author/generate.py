"""Formulaic Party-news articles for the recorded pages of sites with no hand-written content.

Party news is formulaic: conference reports, admissions of new members, inspections, study of
resolutions. These are composed from sentence templates with slots (organ, place, numbers,
names), deterministically from the site name, so every site gets its own articles and
regenerating gives the same pages. Two articles share templates but never their facts: the
"same template, different event" case that deduplication must keep apart.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from crawler.core.provinces import slugify

from .model import Photo, Story

VN = timezone(timedelta(hours=7))

#: The templates and slot values, as data (bench/dedup.py reads the same file).
FORMULA = json.loads(Path(__file__).with_name("formula.json").read_text(encoding="utf-8"))
ORGANS: list[str] = FORMULA["organs"]
EVENTS: list[tuple[str, str]] = [(t, lead) for t, lead in FORMULA["events"]]
COMMUNES: list[str] = FORMULA["communes"]
GIVEN: list[str] = FORMULA["given"]
MIDDLE: list[str] = FORMULA["middle"]
FAMILY: list[str] = FORMULA["family"]
PERIODS: list[str] = FORMULA["periods"]
DAYS: list[str] = FORMULA["days"]
PERIOD_WORDS: list[str] = FORMULA["period_words"]
BODY: list[str] = FORMULA["body"]
TITLES: list[str] = FORMULA["titles"]
CITIES = set(FORMULA["cities"])


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16))


def person(r: random.Random) -> str:
    return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"


def fill_slots(
    r: random.Random, place: str, organ: str, commune: str, published: datetime
) -> dict[str, object]:
    """The values an event's sentences are written with, drawn in one fixed order: the pages
    and the benches that compose more articles of the same kind (bench/dedup.py) draw alike."""
    return dict(
        period=r.choice(PERIODS),
        year=published.year - (1 if published.month < 3 else 0),
        day_name=f"{published.day}/{published.month}",
        commune=commune,
        place=place,
        organ=organ,
        person=person(r),
        person2=person(r),
        title=r.choice(TITLES),
        n1=r.randint(120, 2900),
        n2=r.randint(40, 600),
        n3=r.randint(12, 240),
        n4=r.randint(8, 180),
        n5=r.randint(300, 9000),
        n6=r.randint(5, 40),
        n7=r.randint(10, 90),
        n8=r.randint(6, 60),
        pct=r.randint(70, 99),
        pct2=r.randint(90, 99),
        deadline=f"{r.randint(1, 28)}/12/{published.year}",
        period_word=r.choice(PERIOD_WORDS),
    )


def story(
    site: str,
    index: int,
    url_for: Callable[[str, int], str],
    place: str,
    published: datetime,
    mark: str = "",
) -> Story:
    """One article of `site`; `url_for(slug, n)` builds its URL in the site's pattern."""
    r = _rng(f"{site}/{index}")
    organ = r.choice(ORGANS)
    if place in CITIES:
        organ = organ.replace("Tỉnh ủy", "Thành ủy").replace("tỉnh", "thành phố")
        place = "TP Hồ Chí Minh" if place == "Hồ Chí Minh" else place
    commune = r.choice(COMMUNES)
    event_title, event_lead = r.choice(EVENTS)
    slots = fill_slots(r, place, organ, commune, published)
    title = f"{organ} {place} {event_title.format(**slots)}"
    title = title[0].upper() + title[1:]
    day = r.choice(DAYS)
    lead = (
        f"{mark}{day} {published.day}/{published.month}, {organ} {place} tổ chức "
        f"{event_lead.format(**slots)}."
    )
    sentences = r.sample(BODY, 7)
    paras = []
    i = 0
    for size in (2, 2, 2, 1):
        paras.append(" ".join(s.format(**slots) for s in sentences[i : i + size]))
        i += size
    author = (
        f"{r.choice(GIVEN).upper()} {r.choice(GIVEN).upper()}"
        if r.random() < 0.5
        else f"{r.choice(MIDDLE)} {r.choice(GIVEN)}"
    )
    slug = slugify(title)[:70].rstrip("-")
    photos = (
        {
            1: Photo(
                url_for("photo", index) + ".jpg",
                f"Quang cảnh {event_lead.split(' ')[0]} tại {place}.",
            )
        }
        if r.random() < 0.7
        else {}
    )
    return Story(
        url=url_for(slug, index),
        title=title,
        published=published.isoformat(),
        sapo=lead,
        paragraphs=paras,
        byline=author,
        authors=[author],
        photos=photos,
        section="Xây dựng Đảng",
        tags=[place, "xây dựng Đảng"],
        related=[
            (
                url_for("lien-quan", 900 + index),
                f"{organ} {place} họp định kỳ tháng {(published.month % 12) + 1}",
            )
        ],
    )


def publish_times(site: str, n: int = 2) -> list[datetime]:
    r = _rng(site + "/times")
    base = datetime(2026, 11, 10, tzinfo=VN)
    return sorted(
        base + timedelta(days=r.randint(0, 10), hours=r.randint(6, 21), minutes=r.randint(0, 59))
        for _ in range(n)
    )
