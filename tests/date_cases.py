"""The date table (tests/date_cases.json), for tests/test_dates.py.

The cases are data, read by the tests and by bench/dates.py alike, so the benchmark measures the
table the tests assert without importing the test package. Reference (crawl time) for every
case: `REF`. An expected value of None means the string names no date, or one that must be
refused (impossible, or more than a day after the reference).
"""

from __future__ import annotations

import json
from pathlib import Path

TABLE = Path(__file__).with_name("date_cases.json")
_DATA = json.loads(TABLE.read_text(encoding="utf-8"))

REF: str = _DATA["ref"]
#: (date string as a page prints it, ISO 8601 instant expected or None), group by group.
CASES: list[tuple[str, str | None]] = [
    (text, want) for group in _DATA["groups"].values() for text, want in group
]
#: (date string, the order its source declares, ISO 8601 instant expected).
DECLARED: list[tuple[str, str, str]] = [
    (text, order, want) for text, order, want in _DATA["declared_order"]["cases"]
]
#: (running text, the day `find_date` must give as YYYY-MM-DD, or None).
LEAD_CASES: list[tuple[str, str | None]] = [
    (text, day) for text, day in _DATA["find_date"]["cases"]
]
