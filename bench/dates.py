"""parse_date against dateparser.parse with the same settings, same run, on the date table
(tests/date_cases.json, the table tests/test_dates.py asserts, read as data), then on new
strings of every form (bench/date_forms.py: the held-out check, instants known by construction).

Prints mean and p99 microseconds per call and the ratio, then the exactness of both parsers
form by form (find_date for the lead forms, which dateparser has no counterpart for).
dateparser's first call (language data loading) is paid before timing for both, as the
pipeline pays it once at start-up.
Run: .venv/bin/python bench/dates.py [per_form]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dateparser  # noqa: E402

from bench.date_forms import FORMS, Sample, generate, is_exact  # noqa: E402
from bench.date_forms import REF as GENERATED_REF  # noqa: E402
from crawler.core.dates import find_date, parse_date, warm_up  # noqa: E402

TABLE = json.loads((ROOT / "tests" / "date_cases.json").read_text(encoding="utf-8"))
REF: str = TABLE["ref"]
CASES: list[tuple[str, str | None]] = [(t, e) for g in TABLE["groups"].values() for t, e in g]
ROUNDS = 20


def timed(fn: Callable[[str], object], texts: list[str]) -> list[float]:
    out = []
    for _ in range(ROUNDS):
        for t in texts:
            t0 = time.perf_counter_ns()
            fn(t)
            out.append((time.perf_counter_ns() - t0) / 1000)
    return out


def _settings(ref: datetime) -> dict[str, object]:
    return {
        "DATE_ORDER": "DMY",
        "TIMEZONE": "Asia/Ho_Chi_Minh",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": ref.replace(tzinfo=None),
    }


def _ours(s: Sample) -> datetime | None:
    if s.kind == "find":
        return find_date(s.text, GENERATED_REF)
    return parse_date(s.text, GENERATED_REF)


def _theirs(s: Sample) -> datetime | None:
    got: datetime | None = dateparser.parse(
        s.text, languages=["vi", "en"], settings=_settings(GENERATED_REF)
    )
    return got


def held_out(per_form: int) -> None:
    """Exactness form by form on strings no table holds, and the time per string."""
    samples = generate(seed=int(time.time()), per_form=per_form)
    print(f"\nnew strings: {per_form} per form, {len(samples)} in all (seed from the clock)")
    print(f"{'form':<36} {'partywire':>9} {'dateparser':>10}")
    total = [0, 0]
    t_ours = t_theirs = 0.0
    for form, kind, _ in FORMS:
        group = [s for s in samples if s.form == form]
        t0 = time.perf_counter()
        ours = sum(is_exact(s, _ours(s)) for s in group)
        t1 = time.perf_counter()
        theirs = sum(is_exact(s, _theirs(s)) for s in group) if kind == "parse" else None
        t2 = time.perf_counter()
        if kind == "parse":
            t_ours, t_theirs = t_ours + t1 - t0, t_theirs + t2 - t1
        total[0] += ours
        total[1] += len(group)
        shown = f"{theirs / len(group):>10.1%}" if theirs is not None else f"{'—':>10}"
        print(f"{form:<36} {ours / len(group):>9.1%} {shown}")
    print(f"{'all':<36} {total[0] / total[1]:>9.1%}")
    n = sum(1 for s in samples if s.kind == "parse")
    print(
        f"parse forms, µs per string: partywire {t_ours / n * 1e6:.1f}, "
        f"dateparser {t_theirs / n * 1e6:.1f} ({t_theirs / t_ours:.1f}x)"
    )


def main() -> None:
    ref = datetime.fromisoformat(REF)
    texts = [t for t, _ in CASES]
    settings = _settings(ref)
    warm_up()
    ours = timed(lambda t: parse_date(t, ref), texts)
    base = timed(lambda t: dateparser.parse(t, languages=["vi", "en"], settings=settings), texts)
    right = sum(
        1
        for t, e in CASES
        if (parse_date(t, ref) or None) == (datetime.fromisoformat(e) if e else None)
    )
    rows = [("partywire parse_date", ours), ("dateparser.parse", base)]
    print(f"{len(texts)} date strings x {ROUNDS} rounds")
    print(f"{'parser':<22} {'mean µs':>9} {'p99 µs':>9} {'ratio':>7}")
    for name, xs in rows:
        p99 = statistics.quantiles(xs, n=100)[98]
        ratio = statistics.mean(base) / statistics.mean(xs)
        print(f"{name:<22} {statistics.mean(xs):>9.1f} {p99:>9.1f} {ratio:>6.1f}x")
    print(f"parse_date exact on {right}/{len(CASES)} cases")
    held_out(int(sys.argv[1]) if len(sys.argv) > 1 else 200)


if __name__ == "__main__":
    main()
