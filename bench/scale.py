"""What a store of 10k, 100k, 1M articles costs the processes that use it: crawl start-up time and
peak memory, placement latency, publish time and bytes, store size; SQLite and PostgreSQL.

Issue 14's "done when" is about 1M stored articles, so the store is filled with that many
synthetic but realistic rows: texts composed from the sentence templates the recorded pages are
written from (tests/recorded/_author/formula.json), a quarter of them republished copies of a
story another outlet stored minutes to days before (same cluster, the usual edits), published
over the year before the store was made, every outlet and province of the registry; shingles,
facts and signature computed as the store pipeline does. Filling is the slow part (executemany in
big transactions, texts composed on every core), so a SQLite store is kept under var/bench/scale/
keyed by N and schema revision and reused, or copied from the PostgreSQL store of the same N and
revision when there is one (made first in the same run, or left by --keep-pg): the same rows
without composing them again. PostgreSQL gets a schema of its own, dropped at the end unless
--keep-pg. Each measurement puts the store back as generated (rows above the generated ids and
the service tables the crawl wrote are deleted).

Run: .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--backends sqlite,postgresql]
Prints one table; each figure's ratio is against the smallest size of the same backend, same run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, MetaData, Table, delete, func, select, text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from crawler.core.cluster import doc, sig_bytes, signature  # noqa: E402
from crawler.core.dedup import fingerprint  # noqa: E402
from crawler.core.items import Article  # noqa: E402
from crawler.search import index_text  # noqa: E402
from crawler.sites import registry  # noqa: E402
from crawler.storage import (  # noqa: E402
    articles,
    head_revision,
    make_engine,
    metadata,
    upgrade,
)
from pipelines.store import StorePipeline  # noqa: E402

FORMULA = json.loads(
    (ROOT / "tests" / "recorded" / "_author" / "formula.json").read_text(encoding="utf-8")
)
VAR = ROOT / "var" / "bench" / "scale"
#: the replay corpus of every site (bench/crawl_corpus.py), crawled whole at each size
CORPUS = ROOT / "var" / "bench" / "crawl-corpus"
PG_ADMIN = os.environ.get("PARTYWIRE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
#: the site crawled on replay to time start-up (tests/recorded/<site>)
CRAWL_SITE = "nhandan"
#: rows composed per task and per transaction while filling
CHUNK = 5000
#: share of stored rows that are another outlet's copy of a story stored shortly before
COPY_SHARE = 0.25
YEAR = timedelta(days=365)
PLACEMENTS = 1000
#: placements stop after this long (a store that scans its table per article places a few)
PLACE_SECONDS = 120.0
#: the service tables a crawl writes to, emptied after each measurement (the generator fills none)
SERVICE_TABLES = ("pages", "revisions", "runs", "site_state", "alerts", "leases")


# --- composing the rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class Outlet:
    """A registered site as the rows need it."""

    name: str
    outlet: str
    province: str
    host: str


def outlets() -> list[Outlet]:
    out = []
    for name, cls in sorted(registry().items()):
        host = (cls.home or f"https://{name}.vn/").split("/")[2]
        out.append(Outlet(name, cls.outlet, cls.province or "Toàn quốc", host))
    return out


def _rand(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16))


def _person(r: random.Random) -> str:
    f = FORMULA
    return f"{r.choice(f['family'])} {r.choice(f['middle'])} {r.choice(f['given'])}"


def _slots(r: random.Random, place: str, organ: str, when: datetime) -> dict[str, object]:
    f = FORMULA
    return dict(
        period=r.choice(f["periods"]),
        year=when.year - (1 if when.month < 3 else 0),
        day_name=f"{when.day}/{when.month}",
        commune=r.choice(f["communes"]),
        place=place,
        organ=organ,
        person=_person(r),
        person2=_person(r),
        title=r.choice(f["titles"]),
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
        deadline=f"{r.randint(1, 28)}/12/{when.year}",
        period_word=r.choice(f["period_words"]),
    )


def compose(story: int, place: str, when: datetime) -> tuple[str, str, list[str]]:
    """(title, sapo, paragraphs) of one story, the same for the same story number."""
    f = FORMULA
    r = _rand(f"story{story}")
    organ = r.choice(f["organs"])
    event_title, event_lead = r.choice(f["events"])
    slots = _slots(r, place, organ, when)
    lead = f"{r.choice(f['days'])} {when.day}/{when.month}, {organ} {place} tổ chức "
    lead += event_lead.format(**slots) + "."
    sentences = r.sample(f["body"], 7)
    paras = [" ".join(x.format(**slots) for x in sentences[i : i + 2]) for i in (0, 2, 4)]
    paras.append(sentences[6].format(**slots))
    title = f"{organ} {place} {event_title.format(**slots)}"
    return title[0].upper() + title[1:], lead, paras


def republish(sapo: str, paras: list[str], r: random.Random) -> tuple[str, list[str]]:
    """Another outlet's copy: three of the edits outlets make when they republish."""
    paras = list(paras)
    edits = r.sample(["dateline", "source", "cut", "merge", "reword", "sapo_in_text"], 3)
    if "dateline" in edits:
        sapo = r.choice(["(Báo Nhân Dân) - ", "(ĐCSVN) - ", "(TTXVN) - ", "BBK - "]) + sapo
    if "reword" in edits:
        sapo = sapo.replace(" tổ chức ", " đã tổ chức ", 1).replace("Sáng ", "Sáng nay ", 1)
    if "cut" in edits and len(paras) > 2:
        paras = paras[:-1]
    if "merge" in edits and len(paras) > 2:
        paras = [paras[0] + " " + paras[1], *paras[2:]]
    if "source" in edits:
        paras += ["Ảnh: TTXVN", r.choice(["Theo TTXVN", "Theo Báo Nhân Dân"])]
    if "sapo_in_text" in edits:
        paras = [sapo, *paras]
    return sapo, paras


def origin(i: int) -> int:
    """The row whose story row i carries: itself, or the original it is a copy of."""
    while i > 0:
        r = _rand(f"copy{i}")
        if r.random() >= COPY_SHARE:
            return i
        i = max(0, i - r.randint(1, 60))
    return i


def when_of(i: int, n: int, end: datetime) -> datetime:
    """Row i's publication: rows spread evenly over the year before `end`, oldest first."""
    return end - YEAR * (n - i) / n


def url_of(i: int, sites: list[Outlet]) -> tuple[Outlet, str]:
    site = sites[_rand(f"site{i}").randrange(len(sites))]
    return site, f"https://{site.host}/bench/tin-{i}.html"


def row(i: int, n: int, end: datetime, sites: list[Outlet]) -> dict[str, Any]:
    """Stored row i of a store of n: what the store pipeline writes for such an article."""
    site, url = url_of(i, sites)
    o = origin(i)
    first_site, first_url = url_of(o, sites)
    r = _rand(f"row{i}")
    published = when_of(i, n, end)
    place = first_site.province if first_site.province != "Toàn quốc" else "Hà Nội"
    title, sapo, paras = compose(o, place, when_of(o, n, end))
    if o != i:
        sapo, paras = republish(sapo, paras, r)
    body = "\n\n".join(paras)
    shingles, facts = doc(sapo, body)
    fetched = published + timedelta(minutes=r.randint(3, 180))
    return {
        "canonical_url": url,
        "url": url,
        "site": site.name,
        "outlet": site.outlet,
        "province": site.province,
        "former_province": None,
        "title": title,
        "summary": sapo,
        "text": body,
        "body_html": "".join(f"<p>{p}</p>" for p in paras),
        "authors": [_person(r)],
        "source": first_site.outlet if o != i else None,
        "published": published,
        "modified": None,
        "date_source": "meta",
        "image": f"https://{site.host}/bench/anh-{i}.jpg",
        "section": "Xây dựng Đảng",
        "tags": ["xây dựng Đảng", place],
        "fetched_at": fetched,
        "fingerprint": fingerprint(title, body),
        "field_sources": {"title": "rules", "published": "meta"},
        "cluster": first_url,
        "shingles": shingles.tobytes(),
        "facts": facts.tobytes(),
        "minhash": sig_bytes(signature(shingles)),
        "first_fetched": fetched,
        "search_text": index_text(title, sapo, body),
    }


def rows(args: tuple[int, int, int, datetime]) -> list[dict[str, Any]]:
    """Rows [start, stop) of a store of n (one task of the pool)."""
    start, stop, n, end = args
    sites = outlets()
    return [row(i, n, end, sites) for i in range(start, stop)]


def fill(engine: Engine, n: int, end: datetime) -> float:
    """Insert rows 0..n-1 in transactions of CHUNK rows, composed on every core, at most two
    chunks ahead of the writer (a million rows would not fit in memory at once)."""
    t0 = time.perf_counter()
    insert = articles.insert()
    starts = list(range(0, n, CHUNK))
    with ProcessPoolExecutor(max(1, (os.cpu_count() or 1))) as pool:
        pending: list[Future[list[dict[str, Any]]]] = []
        for k, start in enumerate(starts):
            pending.append(pool.submit(rows, (start, min(n, start + CHUNK), n, end)))
            if len(pending) < 3 and k < len(starts) - 1:
                continue
            batch = pending.pop(0).result()
            with engine.begin() as conn:
                conn.execute(insert, batch)
            _progress(start, n, t0)
        for f in pending:
            with engine.begin() as conn:
                conn.execute(insert, f.result())
    return time.perf_counter() - t0


def _progress(done: int, n: int, t0: float) -> None:
    if n >= 100_000 and done % (CHUNK * 20) == 0:
        spent = time.perf_counter() - t0
        print(f"  filled {done:,}/{n:,} rows in {spent:.0f} s", file=sys.stderr, flush=True)


# --- the stores -----------------------------------------------------------------------------

#: The revision the generator fills (the articles table as the store pipeline wrote it then:
#: shingles, facts and signature on every row); the store is then upgraded to head as a user's
#: store is, so whatever a later revision moves elsewhere (0005: the syndication window) is
#: made by its own migration, not by a copy of it here.
FILLED_AT = "0004"


@dataclass
class Made:
    """A store ready to measure: its URL, how many rows the generator put in it, and how."""

    backend: str
    n: int
    url: str
    top: int
    end: datetime
    fill_s: float | None  # None: reused
    schema: str | None = None


def _marker(backend: str, n: int) -> Path:
    return VAR / f"{backend}-{n}-{head_revision()}.json"


def _same_rows(url: str, n: int, end: datetime) -> bool:
    """Whether the store holds what the generator makes now (three rows composed again and
    compared): a store made before the texts, shingles or signatures changed is made again."""
    sites = outlets()
    c = articles.c
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            for i in (0, n // 2, n - 1):
                want = row(i, n, end, sites)
                got = conn.execute(
                    select(c.title, c.search_text, c.shingles, c.facts, c.minhash).where(
                        c.canonical_url == want["canonical_url"]
                    )
                ).first()
                keys = ("title", "search_text", "shingles", "facts", "minhash")
                if got is None or tuple(got) != tuple(want[k] for k in keys):
                    return False
    finally:
        engine.dispose()
    return True


def _reusable(marker: Path, url: str, n: int) -> dict[str, Any] | None:
    if not marker.exists():
        return None
    meta: dict[str, Any] = json.loads(marker.read_text())
    return meta if _same_rows(url, n, datetime.fromisoformat(meta["end"])) else None


def sqlite_store(n: int) -> Made:
    """The SQLite store of n rows at head: reused when complete and as the generator makes it
    (upgraded first when made at an earlier revision), else made."""
    marker = _marker("sqlite", n)
    path = marker.with_suffix(".db")
    url = f"sqlite:///{path}"
    if not marker.exists():
        _upgraded(n, path, marker)
    meta = _reusable(marker, url, n) if path.exists() else None
    if meta is not None:
        return Made("sqlite", n, url, meta["top"], datetime.fromisoformat(meta["end"]), None)
    for stale in VAR.glob(f"sqlite-{n}-*"):
        stale.unlink()
    return _copied(n, url, marker) or _made("sqlite", n, url, marker)


def _copied(n: int, url: str, marker: Path) -> Made | None:
    """The SQLite store of n rows copied from the PostgreSQL one that --keep-pg left complete
    at the same revision, if any: the rows are the same either way, and composing a million
    of them takes about 20 minutes on two cores where copying them costs only the writes."""
    schema = f"pw_scale_{n}_{head_revision()}"
    source_url = f"{PG_ADMIN}?options=-csearch_path%3D{schema}"
    try:
        source_meta = _reusable(_marker("postgresql", n), source_url, n)
    except OperationalError:  # no PostgreSQL here, or no such schema
        return None
    if source_meta is None:
        return None
    print(f"  copying {schema} into {Path(url).name}…", file=sys.stderr, flush=True)
    VAR.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    upgrade(url)
    source, target = make_engine(source_url), make_engine(url)
    try:
        for table in metadata.sorted_tables:
            _copy_rows(source, target, table, t0)
        with target.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    finally:
        source.dispose()
        target.dispose()
    spent = time.perf_counter() - t0
    meta = {**source_meta, "fill_s": spent, "copied_from": schema}
    marker.write_text(json.dumps(meta))
    end = datetime.fromisoformat(meta["end"])
    return Made("sqlite", n, url, meta["top"], end, spent)


def _copy_rows(source: Engine, target: Engine, table: Table, t0: float) -> None:
    """Every row of one table, read in CHUNK-row batches from a server-side cursor."""
    with source.connect() as src:
        n = int(src.execute(select(func.count()).select_from(table)).scalar_one())
        result = src.execution_options(yield_per=CHUNK).execute(select(table))
        for k, part in enumerate(result.partitions()):
            with target.begin() as conn:
                conn.execute(table.insert(), [r._asdict() for r in part])
            _progress(k * CHUNK, n, t0)


def _upgraded(n: int, path: Path, marker: Path) -> None:
    """A complete store of an earlier schema revision, migrated as a user's store would be
    (`partywire db upgrade`) and renamed to this revision: a new migration costs a minute, not
    a million rows composed again."""
    for old in VAR.glob(f"sqlite-{n}-*.json"):
        db = old.with_suffix(".db")
        if old == marker or not db.exists() or _reusable(old, f"sqlite:///{db}", n) is None:
            continue
        print(f"  upgrading {db.name} to {head_revision()}…", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        upgrade(f"sqlite:///{db}")
        print(f"  upgraded in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        for suffix in ("-wal", "-shm"):  # gone after a clean close; moved with it if not
            if Path(f"{db}{suffix}").exists():
                Path(f"{db}{suffix}").rename(f"{path}{suffix}")
        db.rename(path)
        old.rename(marker)
        return


def pg_store(n: int) -> Made:
    """The PostgreSQL store of n rows, in a schema of its own (reused if --keep-pg left it)."""
    schema = f"pw_scale_{n}_{head_revision()}"
    url = f"{PG_ADMIN}?options=-csearch_path%3D{schema}"
    marker = _marker("postgresql", n)
    admin = make_engine(PG_ADMIN)
    try:
        with admin.begin() as c:
            there = c.execute(
                text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}
            ).first()
        meta = _reusable(marker, url, n) if there else None
        if meta is not None:
            end = datetime.fromisoformat(meta["end"])
            return Made("postgresql", n, url, meta["top"], end, None, schema)
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            c.execute(text(f"CREATE SCHEMA {schema}"))
    finally:
        admin.dispose()
    made = _made("postgresql", n, url, marker)
    made.schema = schema
    return made


def drop_pg(schema: str, marker: Path) -> None:
    """The bench's PostgreSQL schema dropped, and the record that it was complete."""
    engine = make_engine(PG_ADMIN)
    with engine.begin() as c:
        c.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()
    marker.unlink(missing_ok=True)


def _made(backend: str, n: int, url: str, marker: Path) -> Made:
    """A new store: made at FILLED_AT, filled, analysed, upgraded to head."""
    VAR.mkdir(parents=True, exist_ok=True)
    end = datetime.now(UTC).replace(microsecond=0)
    upgrade(url, to=FILLED_AT)
    engine = make_engine(url)
    print(f"  filling {backend} store of {n:,} rows…", file=sys.stderr, flush=True)
    spent = fill(engine, n, end)
    with engine.begin() as conn:
        top = int(conn.execute(select(func.max(articles.c.id))).scalar_one())
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    t0 = time.perf_counter()
    upgrade(url)
    spent += time.perf_counter() - t0
    meta = {"top": top, "end": end.isoformat(), "fill_s": spent}
    marker.write_text(json.dumps(meta))
    return Made(backend, n, url, top, end, spent)


def reset(made: Made) -> None:
    """Back to the rows the generator made: a measurement's own articles, what any table keeps
    of them by `article_id` (0005's syndication window), and the service rows its crawl
    remembered are deleted."""
    engine = make_engine(made.url)
    tables = MetaData()
    tables.reflect(engine)
    with engine.begin() as conn:
        for t in tables.tables.values():
            if "article_id" in t.c:
                conn.execute(delete(t).where(t.c.article_id > made.top))
        conn.execute(delete(articles).where(articles.c.id > made.top))
        for name in SERVICE_TABLES:
            conn.execute(delete(metadata.tables[name]))
    engine.dispose()


# --- the measurements ------------------------------------------------------------------------


@dataclass
class Figures:
    """One row of the table."""

    made: Made
    start_s: float | None = None
    ready_s: float | None = None
    start_rss_mb: float | None = None
    all_s: float | None = None
    all_mb: float | None = None
    load_s: float | None = None
    story_med_ms: float | None = None
    place_med_ms: float | None = None
    place_p99_ms: float | None = None
    placed_right: str = ""
    publish_s: float | None = None
    publish_mb: float | None = None
    store_mb: float | None = None


def startup(made: Made) -> tuple[float | None, float | None, float]:
    """A real one-site crawl on replay in its own process: seconds from its start until the
    downloader answers its first request (the engine's "Crawled (200)" debug line, read as it
    is written), until its syndication index has loaded the window (its "syndication index:"
    line; the first placement waits for it, the downloads do not), and the process's peak RSS
    in MB over the whole crawl."""
    env = {**os.environ, "PARTYWIRE_LOG_LEVEL": "DEBUG", "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", CRAWL_SITE]
    cmd += ["--replay", str(ROOT / "tests" / "recorded"), "--db", made.url]
    t0 = time.monotonic()
    p = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert p.stderr is not None
    first = ready = None
    tail: list[str] = []
    for line in p.stderr:
        if first is None and "Crawled (" in line:
            first = time.monotonic() - t0
        if ready is None and "syndication index: " in line:
            ready = time.monotonic() - t0
        tail = [*tail[-20:], line]
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0, 1) or first is None:
        print("".join(tail), file=sys.stderr)
    return first, ready, usage.ru_maxrss / 1024


def crawl_all(made: Made) -> tuple[float, float]:
    """`partywire crawl` of every site on the replay corpus of bench/crawl_corpus.py (2,350
    articles of 47 sites, whose stored articles at this size the crawl must know): seconds and
    peak RSS in MB. A store's growth shows here first: each site's crawl loads what it knows of
    the site."""
    if not (CORPUS / "manifest.json").exists():
        from crawl_corpus import PER_SITE, write  # lazy: only when the corpus is missing

        write(CORPUS, PER_SITE)
    env = {**os.environ, "PARTYWIRE_LOG_LEVEL": "WARNING"}
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--replay", str(CORPUS), "--db", made.url]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert p.stderr is not None
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    spent = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"crawl of every site failed: {err.decode()[-2000:]}")
    return spent, usage.ru_maxrss / 1024


def _query(k: int, made: Made, sites: list[Outlet]) -> tuple[Article, str | None]:
    """Placement k of the bench: even k another outlet's copy of a story stored in the last two
    days (its stored cluster expected), odd k a new story (expected to start its own)."""
    r = _rand(f"query{k}")
    when = made.end + timedelta(minutes=k)
    site = sites[r.randrange(len(sites))]
    url = f"https://{site.host}/bench/moi-{k}.html"
    if k % 2 == 0:
        recent = max(1, made.n * 2 // 365)
        i = made.n - 1 - r.randrange(min(recent, made.n))
        stored = row(i, made.n, made.end, sites)
        paras = stored["text"].split("\n\n")
        sapo, paras = republish(stored["summary"], paras, r)
        title, want = stored["title"], stored["cluster"]
    else:
        title, sapo, paras = compose(10**9 + k, site.province, when)
        want = None
    art = Article(
        url=url,
        site=site.name,
        outlet=site.outlet,
        province=site.province,
        canonical_url=url,
        title=title,
        summary=sapo,
        text="\n\n".join(paras),
        body_html="".join(f"<p>{p}</p>" for p in paras),
        authors=[_person(r)],
        published=when,
        fetched_at=when,
        fingerprint=fingerprint(title, "\n\n".join(paras)),
    )
    return art, want


class _Timed:
    """A method of one object timed at every call, its seconds added to `spent`."""

    def __init__(self, obj: Any, name: str, spent: list[float]) -> None:
        self.inner, self.spent = getattr(obj, name), spent
        setattr(obj, name, self)

    def __call__(self, *args: Any, **kw: Any) -> Any:
        t = time.perf_counter()
        try:
            return self.inner(*args, **kw)
        finally:
            self.spent[-1] += time.perf_counter() - t


def placement(made: Made) -> tuple[float, float, float, float, str]:
    """The store pipeline's own placement (find, place in the index, write, one transaction
    under the placement lock) of PLACEMENTS articles: seconds to open the store and its index,
    the median ms of finding each article's story (the stored look-up by URL and the index's
    placement, the two calls that read the store and the index), the median and p99 ms of the
    whole write through its commit, and how many were placed right."""
    pipe = StorePipeline(made.url)
    t0 = time.perf_counter()
    pipe.store, pipe.index = pipe._open()
    pipe.index.load()  # as the crawl's store thread does after opening the spider
    load = time.perf_counter() - t0
    story: list[float] = []
    _Timed(pipe.store, "lookup", story)
    _Timed(pipe.index, "place", story)
    sites = outlets()
    times, right = [], 0
    stop = time.perf_counter() + PLACE_SECONDS
    for k in range(PLACEMENTS):
        art, want = _query(k, made, sites)
        story.append(0.0)
        t = time.perf_counter()
        written = pipe._write(art)
        times.append((time.perf_counter() - t) * 1000)
        right += written.cluster == (want or art.canonical_url)
        if time.perf_counter() > stop:
            break
    pipe.store.engine.dispose()
    p99 = statistics.quantiles(times, n=100)[98] if len(times) > 1 else times[0]
    med_story = 1000 * statistics.median(story)
    return load, med_story, statistics.median(times), p99, f"{right}/{len(times)}"


def publish(made: Made) -> tuple[float, float]:
    """`partywire publish` into an empty folder: seconds, and MB of files written."""
    out = VAR / f"public-{made.backend}-{made.n}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "crawler.cli", "publish", "--db", made.url, "--output", str(out)]
    cmd += ["--base-url", "https://bench.example.org/"]
    env = {**os.environ, "PARTYWIRE_LOG_LEVEL": "WARNING"}
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    spent = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError(f"publish failed: {r.stderr[-2000:]}")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    shutil.rmtree(out, ignore_errors=True)
    return spent, size / 2**20


def store_mb(made: Made) -> float:
    """The store on disk: the SQLite file and its WAL; every relation of the PostgreSQL schema
    with its indexes and TOAST."""
    if made.backend == "sqlite":
        path = Path(made.url[len("sqlite:///") :])
        files = [path, Path(f"{path}-wal")]
        return sum(f.stat().st_size for f in files if f.exists()) / 2**20
    engine = make_engine(PG_ADMIN)
    with engine.connect() as c:
        q = text(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s "
            "AND c.relkind IN ('r', 'm')"
        )
        size = int(c.execute(q, {"s": made.schema}).scalar_one())
    engine.dispose()
    return size / 2**20


#: `--url-index`: the index `Store.find` needs to look an article up by its URL without reading
#: the table (no revision makes it yet), made for the placement measurement and dropped after
URL_INDEX = "ix_bench_articles_url"


def measure(made: Made, url_index: bool = False) -> Figures:
    fig = Figures(made)
    fig.store_mb = store_mb(made)
    reset(made)  # what an earlier crawl of the store left (its articles would be known)
    print(f"  {made.backend} {made.n:,}: crawl start-up…", file=sys.stderr, flush=True)
    fig.start_s, fig.ready_s, fig.start_rss_mb = startup(made)
    reset(made)
    print(f"  {made.backend} {made.n:,}: crawl of every site…", file=sys.stderr, flush=True)
    fig.all_s, fig.all_mb = crawl_all(made)
    reset(made)
    print(f"  {made.backend} {made.n:,}: placement…", file=sys.stderr, flush=True)
    engine = make_engine(made.url)
    if url_index:
        with engine.begin() as c:
            c.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {URL_INDEX} ON articles (url)")
    try:
        place = placement(made)
        fig.load_s, fig.story_med_ms, fig.place_med_ms, fig.place_p99_ms, fig.placed_right = place
    finally:
        if url_index:
            with engine.begin() as c:
                c.exec_driver_sql(f"DROP INDEX IF EXISTS {URL_INDEX}")
        engine.dispose()
    reset(made)
    print(f"  {made.backend} {made.n:,}: publish…", file=sys.stderr, flush=True)
    fig.publish_s, fig.publish_mb = publish(made)
    return fig


# --- the table -------------------------------------------------------------------------------

COLUMNS = (
    ("start s", "start_s", "{:.1f}"),
    ("ready s", "ready_s", "{:.1f}"),
    ("peak MB", "start_rss_mb", "{:.0f}"),
    ("all s", "all_s", "{:.1f}"),
    ("all MB", "all_mb", "{:.0f}"),
    ("index s", "load_s", "{:.1f}"),
    ("story ms", "story_med_ms", "{:.2f}"),
    ("write ms", "place_med_ms", "{:.2f}"),
    ("write p99", "place_p99_ms", "{:.1f}"),
    ("publish s", "publish_s", "{:.1f}"),
    ("written MB", "publish_mb", "{:.1f}"),
    ("store MB", "store_mb", "{:.0f}"),
)


def _cell(fig: Figures, base: Figures, attr: str, fmt: str) -> str:
    v, b = getattr(fig, attr), getattr(base, attr)
    if v is None:
        return "—"
    ratio = f" ({v / b:.1f}x)" if b and fig is not base else ""
    return fmt.format(v) + ratio


def table(figs: list[Figures]) -> str:
    head = ["backend", "articles", *(c[0] for c in COLUMNS), "placed right", "store made"]
    lines = []
    for fig in figs:
        base = next(f for f in figs if f.made.backend == fig.made.backend)
        made = "reused" if fig.made.fill_s is None else f"filled {fig.made.fill_s:.0f} s"
        cells = [fig.made.backend, f"{fig.made.n:,}"]
        cells += [_cell(fig, base, attr, fmt) for _, attr, fmt in COLUMNS]
        lines.append([*cells, fig.placed_right, made])
    widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head))]
    return "\n".join(
        "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *lines]
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000", help="stored articles, comma-separated")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--keep-pg", action="store_true", help="keep the PostgreSQL schemas")
    ap.add_argument("--fill-only", action="store_true", help="make the stores, measure nothing")
    ap.add_argument(
        "--url-index", action="store_true", help="place with an index on articles.url (trial)"
    )
    args = ap.parse_args()
    sizes = sorted(int(n) for n in args.sizes.split(","))
    backends = args.backends.split(",")
    stores: dict[tuple[str, int], Made] = {}
    figs = []
    try:
        for n in sizes:  # PostgreSQL's first: a SQLite store of the same size is copied from it
            for backend in sorted(backends, key=lambda b: b != "postgresql"):
                stores[backend, n] = sqlite_store(n) if backend == "sqlite" else pg_store(n)
        for backend in [] if args.fill_only else backends:
            for n in sizes:
                figs.append(measure(stores[backend, n], args.url_index))
                reset(stores[backend, n])
    finally:
        for (_, n), made in stores.items():
            if made.schema and not args.keep_pg:
                drop_pg(made.schema, _marker("postgresql", n))
    if figs:
        commit = subprocess.run(
            ["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"bench/scale.py at {commit[:70]}" + (" (+ uncommitted changes)" if dirty else ""))
        print(
            f"crawl: `partywire crawl {CRAWL_SITE} --replay tests/recorded`; placement: "
            f"{PLACEMENTS} articles (at most {PLACE_SECONDS:.0f} s), half copies of the last "
            "two days' stories" + (", with an index on articles.url" if args.url_index else "")
        )
        print(
            "start s: process start to first response; ready s: to the window loaded (the "
            "first placement waits for it, the downloads do not); all s / all MB: a crawl of "
            "every site (bench/crawl_corpus.py's 2,350 articles); index s: opening the index "
            "in the placement process"
        )
        print(
            "story ms: finding the story (Store.lookup + StoreIndex.place); write ms: the whole "
            "placement under the lock (find, place, both writes, commit)"
        )
        print(table(figs))


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1].isdigit():  # the store of N rows only
        print(sqlite_store(int(sys.argv[1])))
    else:
        main()
