"""Distributed crawling: 1, 2 and 4 `partywire worker` processes on one replay corpus.

Each row is one round as an operator runs it: `partywire run --distributed --once` queues every
site in Redis, N workers (`partywire worker --once`) take them, each site leased in the store
and crawled in a worker's child process (scrapy-redis scheduler and duplicate filter in Redis,
the syndication index in Redis, the store in PostgreSQL), on a store and a Redis key prefix made
anew. The baseline is 1 worker, in the same run; a plain `partywire crawl` of every site in one
process, on the same PostgreSQL and Redis, is shown beside it.

Wall time runs from the first worker's start to the last one's end (the scheduler's publishing
is not in it); CPU and the crawl's peak RSS come from os.wait4 on each worker (its children's
included); a worker's own RSS is sampled from /proc while it runs. Each row checks the store:
every article of the corpus stored exactly once (rows = distinct canonical URLs = the corpus),
and the syndicated copies the corpus made (manifest.json) in one story. Redis bytes are the
`MEMORY USAGE` of every key of the row's prefix and of its store's syndication index; PostgreSQL
bytes the size of the row's schema.

The SIGKILL row: 2 workers, one SIGKILLed once a third of the corpus is stored; the other goes
on; then a second round (scheduler and 2 workers) crawls what the dead one held. Its check is
the same: nothing lost, nothing twice.

Corpus: var/bench/crawl-corpus (`python bench/crawl_corpus.py`: 2,350 articles of 47 sites),
else tests/recorded (94). PostgreSQL and Redis: $PARTYWIRE_TEST_PG and $PARTYWIRE_TEST_REDIS, as
the tests (127.0.0.1 by default).
The rows run interleaved, --repeat times (default 2), and each shows its fastest run with the
others' wall times: the load of other work on the machine only ever slows a run down.
Run: .venv/bin/python bench/workers.py [--workers 1,2,4] [--batch 4] [--repeat 2] [--no-kill]
[--no-plain]   (make bench-workers)
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import redis
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "var" / "bench" / "crawl-corpus"
RECORDED = ROOT / "tests" / "recorded"
PG_URL = os.environ.get("PARTYWIRE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("PARTYWIRE_TEST_REDIS", "redis://127.0.0.1:6379/0")
ENV = {**os.environ, "PARTYWIRE_LOG_LEVEL": "WARNING"}


@dataclass
class Corpus:
    path: Path
    urls: set[str]
    #: the syndicated copies: pairs of article URLs that must be one story
    pairs: list[tuple[str, str]]


def corpus() -> Corpus:
    manifest = CORPUS / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text(encoding="utf-8"))
        urls = {u for site in m["sites"].values() for u in site["articles"]}
        return Corpus(CORPUS, urls, [(a, b) for a, b in m["syndicated"]])
    urls = set()
    for f in RECORDED.glob("*/expected.json"):
        urls.update(r["url"] for r in json.loads(f.read_text(encoding="utf-8")))
    # tests/recorded's one syndicated pair: baotintuc carries baocantho's story
    return Corpus(RECORDED, urls, [])


@dataclass
class Row:
    label: str
    workers: int
    wall: float = 0.0
    cpu: float = 0.0
    crawl_peak_mb: float = 0.0
    worker_peak_mb: float = 0.0
    stored: int = 0
    distinct: int = 0
    missing: int = 0
    extra: int = 0
    pairs_together: int = 0
    pairs: int = 0
    redis_bytes: int = 0
    pg_bytes: int = 0
    crawls: int = 0
    resumed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.stored / self.wall if self.wall else 0.0

    @property
    def once(self) -> bool:
        return self.stored == self.distinct and not self.missing and not self.extra


@contextmanager
def schema(tag: str) -> Iterator[str]:
    name = f"pw_bench_{tag}_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(sa.text(f"CREATE SCHEMA {name}"))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as c:
            c.execute(sa.text(f"DROP SCHEMA {name} CASCADE"))
        admin.dispose()


def index_prefix(db: str) -> str:
    """The syndication index's Redis keys for this store (crawler.syndication's basename)."""
    return "partywire:" + sa.make_url(db).render_as_string(hide_password=True)


def forget(client: redis.Redis, db: str, prefix: str) -> None:
    for pattern in (f"{prefix}:*", f"{index_prefix(db)}*"):
        for key in client.scan_iter(match=pattern, count=1000):
            client.delete(key)


def cli(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def scheduler(db: str, prefix: str, out: Path) -> subprocess.Popen[bytes]:
    q = ("--redis", REDIS_URL, "--queue", prefix, "--output", str(out))
    return cli("run", "--distributed", "--once", "--db", db, *q)


def worker(db: str, prefix: str, c: Corpus, batch: int) -> subprocess.Popen[bytes]:
    q = ("--redis", REDIS_URL, "--queue", prefix, "--replay", str(c.path), "--batch", str(batch))
    return cli("worker", "--once", "--db", db, *q)


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) / 1024


class Watch:
    """Workers waited for by os.wait4 (CPU and peak RSS of each worker and its crawls), their
    own RSS sampled while they run."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.running: list[subprocess.Popen[bytes]] = []

    def add(self, p: subprocess.Popen[bytes]) -> None:
        self.running.append(p)

    def poll(self) -> None:
        for p in list(self.running):
            self.row.worker_peak_mb = max(self.row.worker_peak_mb, rss_mb(p.pid))
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid == 0:
                continue
            p.returncode = os.waitstatus_to_exitcode(status)
            self.running.remove(p)
            self.row.cpu += usage.ru_utime + usage.ru_stime
            self.row.crawl_peak_mb = max(self.row.crawl_peak_mb, usage.ru_maxrss / 1024)

    def wait(self) -> None:
        while self.running:
            self.poll()
            time.sleep(0.1)


def wait_queued(client: redis.Redis, prefix: str, sched: subprocess.Popen[bytes]) -> bool:
    """Whether the scheduler queued something; False when it found nothing due and exited."""
    while not client.zcard(f"{prefix}:due"):
        if sched.poll() is not None:
            return bool(client.zcard(f"{prefix}:due"))
        time.sleep(0.05)
    return True


def stored_count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("select count(*) from articles")).scalar_one())


def one_round(db: str, prefix: str, c: Corpus, n: int, batch: int, row: Row, out: Path) -> None:
    """The scheduler queues every site, then N workers crawl them all."""
    client = redis.Redis.from_url(REDIS_URL)
    sched = scheduler(db, prefix, out)
    if not wait_queued(client, prefix, sched):
        row.notes.append("nothing due")
        return
    watch = Watch(row)
    start = time.perf_counter()
    for _ in range(n):
        watch.add(worker(db, prefix, c, batch))
    watch.wait()
    row.wall += time.perf_counter() - start
    sched.wait()


def killed_round(db: str, prefix: str, c: Corpus, batch: int, row: Row, out: Path) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    sched = scheduler(db, prefix, out)
    if not wait_queued(client, prefix, sched):
        raise SystemExit(f"the scheduler queued nothing on a new store ({db})")
    watch = Watch(row)
    start = time.perf_counter()
    victim = worker(db, prefix, c, batch)
    watch.add(victim)
    watch.add(worker(db, prefix, c, batch))
    engine = sa.create_engine(db)
    try:
        while stored_count(engine) < len(c.urls) // 3 and victim in watch.running:
            watch.poll()
            time.sleep(0.1)
        if victim in watch.running:
            victim.send_signal(signal.SIGKILL)
            row.notes.append(f"SIGKILL at {stored_count(engine)} stored")
        watch.wait()
        row.wall += time.perf_counter() - start
        sched.wait()
        row.notes.append(f"{stored_count(engine)} stored after round 1")
    finally:
        engine.dispose()
    # the next round: what the dead worker held is due, its leases bind no one
    one_round(db, prefix, c, 2, batch, row, out)


def check(db: str, c: Corpus, row: Row) -> None:
    engine = sa.create_engine(db)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("select url, canonical_url, cluster from articles")).all()
            runs = conn.execute(sa.text("select figures from runs")).all()
            size = conn.execute(
                sa.text(
                    "select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c "
                    "join pg_namespace n on n.oid = c.relnamespace "
                    "where n.nspname = current_schema() and c.relkind = 'r'"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    urls = {r.url for r in rows}
    row.stored, row.distinct = len(rows), len({r.canonical_url for r in rows})
    row.missing, row.extra = len(c.urls - urls), len(urls - c.urls)
    story = {r.url: r.cluster or r.canonical_url for r in rows}
    row.pairs = len(c.pairs)
    row.pairs_together = sum(1 for a, b in c.pairs if a in story and story[a] == story.get(b))
    row.pg_bytes = int(size)
    row.crawls = len(runs)
    row.resumed = sum(int((f or {}).get("resumed", 0)) for (f,) in runs)


def redis_bytes(db: str, prefix: str) -> int:
    client = redis.Redis.from_url(REDIS_URL)
    total = 0
    for pattern in (f"{prefix}:*", f"{index_prefix(db)}*"):
        keys = list(client.scan_iter(match=pattern, count=1000))
        pipe = client.pipeline()
        for k in keys:
            pipe.memory_usage(k)
        total += sum(int(v or 0) for v in pipe.execute())
    return total


def measure(label: str, c: Corpus, n: int, batch: int, kill: bool, tmp: Path) -> Row:
    row = Row(label, n)
    prefix = f"pwbench-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(REDIS_URL)
    with schema(f"w{n}") as db:
        try:
            if kill:
                killed_round(db, prefix, c, batch, row, tmp / label)
            else:
                one_round(db, prefix, c, n, batch, row, tmp / label)
            check(db, c, row)
            row.redis_bytes = redis_bytes(db, prefix)
        finally:
            forget(client, db, prefix)
    return row


def plain(c: Corpus) -> Row:
    """`partywire crawl` of every site in one process, on PostgreSQL and the Redis index."""
    row = Row("plain crawl", 1)
    client = redis.Redis.from_url(REDIS_URL)
    with schema("plain") as db:
        try:
            env = {**ENV, "PARTYWIRE_REDIS": REDIS_URL}
            start = time.perf_counter()
            p = subprocess.Popen(
                [sys.executable, "-m", "crawler.cli", "crawl", "--db", db, "--replay", str(c.path)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, _, usage = os.wait4(p.pid, 0)
            row.wall = time.perf_counter() - start
            row.cpu = usage.ru_utime + usage.ru_stime
            row.crawl_peak_mb = usage.ru_maxrss / 1024
            check(db, c, row)
            row.redis_bytes = redis_bytes(db, "pwbench-none")
        finally:
            forget(client, db, "pwbench-none")
    return row


def table(rows: list[Row], base: Row, c: Corpus) -> None:
    print(f"corpus: {c.path.relative_to(ROOT)}, {len(c.urls)} articles, {len(c.pairs)} pairs")
    heads = (
        "run",
        "wall s",
        "art/s",
        "x 1 worker",
        "CPU s",
        "crawl MB",
        "worker MB",
        "stored once",
        "pairs in 1 story",
        "Redis B/art",
        "PG B/art",
        "runs",
        "resumed",
    )
    print(" | ".join(heads))
    print(" | ".join("---" for _ in heads))
    for r in rows:
        ok = "yes" if r.once else f"NO ({r.stored} rows, {r.missing} missing, {r.extra} extra)"
        cells = (
            r.label,
            f"{r.wall:.1f}",
            f"{r.rate:.1f}",
            f"{r.rate / base.rate:.2f}" if base.rate else "-",
            f"{r.cpu:.1f}",
            f"{r.crawl_peak_mb:.0f}",
            f"{r.worker_peak_mb:.0f}" if r.worker_peak_mb else "-",
            ok,
            f"{r.pairs_together}/{r.pairs}",
            f"{r.redis_bytes / max(r.stored, 1):.0f}",
            f"{r.pg_bytes / max(r.stored, 1):.0f}",
            str(r.crawls),
            str(r.resumed),
        )
        print(" | ".join(cells) + (f"  ({'; '.join(r.notes)})" if r.notes else ""))


def best(runs: list[Row]) -> Row:
    """The fastest of a configuration's repetitions, the others' wall times noted: other work
    on the machine only ever slows a run down."""
    fastest = min(runs, key=lambda r: r.wall)
    if len(runs) > 1:
        fastest.notes.insert(0, "walls " + ", ".join(f"{r.wall:.0f}" for r in runs))
        bad = [r for r in runs if not r.once or r.pairs_together != r.pairs]
        if bad:
            fastest.notes.append(f"{len(bad)} repetitions stored wrongly")
    return fastest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", default="1,2,4", help="worker counts (default 1,2,4)")
    ap.add_argument("--batch", type=int, default=4, help="sites per crawl process (default 4)")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each row, interleaved")
    ap.add_argument("--no-kill", action="store_true", help="leave out the SIGKILL row")
    ap.add_argument("--no-plain", action="store_true", help="leave out the plain crawl row")
    args = ap.parse_args()
    c = corpus()
    tmp = ROOT / "var" / "bench" / "workers"
    tmp.mkdir(parents=True, exist_ok=True)
    configs: list[tuple[str, int, bool]] = [
        (f"{n} worker{'s' if n > 1 else ''}", n, False) for n in map(int, args.workers.split(","))
    ]
    if not args.no_kill:
        configs.append(("2 workers, 1 SIGKILLed", 2, True))
    runs: dict[str, list[Row]] = {label: [] for label, _, _ in configs}
    if not args.no_plain:
        runs["plain crawl"] = []
    for _ in range(args.repeat):
        for label, n, kill in configs:
            runs[label].append(measure(label, c, n, args.batch, kill, tmp))
        if not args.no_plain:
            runs["plain crawl"].append(plain(c))
    rows = [best(r) for r in runs.values()]
    base = next((r for r in rows if r.label == "1 worker"), rows[0])
    print(f"batch {args.batch} site(s) per crawl process; the fastest of {args.repeat} runs each")
    table(rows, base, c)


if __name__ == "__main__":
    main()
