"""The syndication index of a store: where a new article's story is found, kept in step with the
store across processes, over a window of recent articles.

An article is placed in a story and written inside one transaction holding the store's placement
lock (`Store.placing`), after the index has absorbed what other processes stored since it last
looked; so two processes storing two copies of one story at once make one story. A Redis index
records how far it has absorbed which store, and how far it has been pruned.

Only a window holds signatures: the articles first stored within the last `days` (14 by
default, `PARTYWIRE_INDEX_DAYS`). Syndicated copies follow the original within hours or days,
so an index of a year of archive cost memory and start-up time (199-227 s and 9.6 GiB at 1M
articles, issue 14) and found nothing more. An older article is still met: by its URL
(`Store.find`) and by its fingerprint, the exact text hash every article carries (`twin`).

Where signatures live: a table of the window's entries, `syndication_window` (article id,
first_fetched, shingles, facts, signature; revision 0005), pruned past the window, instead of
three blobs beside every stored article forever. The window is what the index reads (one indexed
range at start-up, no scan of the archive), the rows it deletes are gone from the store, and the
articles table no longer grows by ~3 KB an article for clustering it will never do again.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from redis import Redis
from redis.connection import parse_url as _redis_parse_url
from redis.exceptions import RedisError
from sqlalchemy import Column, Index, Integer, LargeBinary, Table, bindparam, func, select
from sqlalchemy.engine import Connection

from crawler.core.cluster import (
    NUM_PERM,
    ClusterIndex,
    Doc,
    Known,
    Placed,
    Signature,
    arr,
    band_hashes,
    estimated_jaccard,
    sig_bytes,
    signature,
)
from crawler.core.timez import utcnow
from crawler.storage import Store, UTCDateTime, articles, metadata, upsertable

logger = logging.getLogger(__name__)

#: The window's length when the crawl sets none (`PARTYWIRE_INDEX_DAYS`).
DAYS = 14

#: The index's entries, one per article first stored within the window (revision 0005).
window = Table(
    "syndication_window",
    metadata,
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    Column("first_fetched", UTCDateTime, nullable=False),
    Column("shingles", LargeBinary, nullable=False),
    Column("facts", LargeBinary, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Index("ix_syndication_window_first_fetched", "first_fetched"),
)

#: redis-py ships this untyped; it returns the keyword arguments of `redis.Redis`.
_parse_redis_url: Callable[[str], dict[str, Any]] = _redis_parse_url


def _redis_config(store: Store, redis_url: str | None) -> dict[str, Any] | None:
    """The Redis index's key space, one per store so two stores never mix."""
    if not redis_url:
        return None
    basename = "partywire:" + store.engine.url.render_as_string(hide_password=True)
    return {"basename": basename.encode(), "redis": _parse_redis_url(redis_url)}


def redis_bands(store: Store, redis_url: str) -> RedisBands:
    """The shared LSH of a store in Redis."""
    config = _redis_config(store, redis_url)
    assert config is not None
    return RedisBands(config["basename"], config["redis"])


#: Lua of `RedisBands`: KEYS are always (ids, next, urls, sigs, entry bands, ages, buckets).
_REMOVE_ONE = """
local function remove_one(id, url)
  local tag = struct.pack('<I4', tonumber(id))
  local fields = redis.call('HGET', KEYS[5], id) or ''
  for i = 1, #fields, 8 do
    local f = string.sub(fields, i, i + 7)
    local v = redis.call('HGET', KEYS[7], f) or ''
    for j = 1, #v, 4 do
      if string.sub(v, j, j + 3) == tag then
        v = string.sub(v, 1, j - 1) .. string.sub(v, j + 4)
        break
      end
    end
    if v == '' then redis.call('HDEL', KEYS[7], f) else redis.call('HSET', KEYS[7], f, v) end
  end
  redis.call('HDEL', KEYS[1], url)
  redis.call('HDEL', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  redis.call('HDEL', KEYS[5], id)
  redis.call('ZREM', KEYS[6], id)
end
"""
_INSERT = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
local id = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1], id)
redis.call('HSET', KEYS[3], id, ARGV[1])
redis.call('HSET', KEYS[4], id, ARGV[2])
redis.call('HSET', KEYS[5], id, ARGV[4])
redis.call('ZADD', KEYS[6], ARGV[3], id)
local tag = struct.pack('<I4', id)
for i = 1, #ARGV[4], 8 do
  local f = string.sub(ARGV[4], i, i + 7)
  redis.call('HSET', KEYS[7], f, (redis.call('HGET', KEYS[7], f) or '') .. tag)
end
return 1
"""
_REMOVE = (
    _REMOVE_ONE
    + """
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return 0 end
remove_one(id, ARGV[1])
return 1
"""
)
_PRUNE = (
    _REMOVE_ONE
    + """
local ids = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', '(' .. ARGV[1], 'LIMIT', 0, ARGV[2])
for _, id in ipairs(ids) do remove_one(id, redis.call('HGET', KEYS[3], id) or '') end
return #ids
"""
)


class RedisBands:
    """The same LSH in Redis, shared by every process of a store: seven keys under the
    store's basename (`<basename>:lsh:*`), each entry a number, its band hashes fields of one
    Redis hash whose values are the numbers packed (4 bytes each), so an entry costs ~2.5 KB
    (datasketch's layout took 11.5 KB), an insert is one Lua call and a query one round trip
    (two for entries the process has not met)."""

    PRUNE_BATCH = 500
    #: Entries a process keeps (~0.6 KB each): more than a window of a million a year.
    KEPT = 100_000

    def __init__(self, basename: bytes, params: Mapping[str, Any]) -> None:
        self.redis: Redis = Redis(**params)
        names = (b"ids", b"next", b"urls", b"sigs", b"bands", b"ages", b"buckets")
        self.keys = [basename + b":lsh:" + n for n in names]
        self._insert = self.redis.register_script(_INSERT)
        self._remove = self.redis.register_script(_REMOVE)
        self._prune = self.redis.register_script(_PRUNE)
        self._kept: dict[int, tuple[str, bytes]] = {}

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(self.redis.hexists(self.keys[0], key))

    def __len__(self) -> int:
        return int(self.redis.hlen(self.keys[0]))

    def insert(self, key: str, sig: Signature, age: float) -> bool:
        """File one entry, atomically (one Lua call); False when the key is filed already."""
        fields = band_hashes(sig).astype(">u8").tobytes()
        return bool(self._insert(keys=self.keys, args=[key, sig.tobytes(), age, fields]))

    def insert_many(self, keys: Sequence[str], sigs: npt.NDArray[np.uint32], ages: Any) -> int:
        """Many entries in one round trip (a catch-up); how many were new."""
        fields = band_hashes(sigs).astype(">u8")
        pipe = self.redis.pipeline(transaction=False)
        for key, sig, age, f in zip(keys, sigs, np.asarray(ages).tolist(), fields, strict=True):
            self._insert(keys=self.keys, args=[key, sig.tobytes(), age, f.tobytes()], client=pipe)
        return sum(int(x) for x in pipe.execute())

    def _ids(self, sig: Signature) -> list[int]:
        """The numbers of the entries sharing a band with `sig`: one round trip, the buckets'
        packed numbers unpacked here by numpy (not by Lua, in Redis's one thread)."""
        raw = band_hashes(sig).astype(">u8").tobytes()  # as `insert` wrote them
        fields = [raw[i : i + 8] for i in range(0, len(raw), 8)]
        found: list[Any] = self.redis.hmget(self.keys[6], fields)
        packed = b"".join(bytes(v) for v in found if v)
        ids: list[int] = np.unique(np.frombuffer(packed, dtype="<u4")).tolist()
        return ids

    def _entries(self, ids: list[int]) -> list[tuple[str, bytes]]:
        """(URL, signature) of each entry, from what the process keeps: an entry never
        changes under its number, template look-alikes are met again and again, and reading
        hundreds of them a placement was most of its time. Those taken out are left out."""
        missing = [i for i in ids if i not in self._kept]
        if missing:
            pipe = self.redis.pipeline(transaction=False)
            pipe.hmget(self.keys[2], missing)
            pipe.hmget(self.keys[3], missing)
            urls, sigs = pipe.execute()
            if len(self._kept) > self.KEPT:
                self._kept.clear()
            for i, u, g in zip(missing, urls, sigs, strict=True):
                if u and g:
                    self._kept[i] = (bytes(u).decode(), bytes(g))
        return [self._kept[i] for i in ids if i in self._kept]

    def candidates(self, sig: Signature) -> list[str]:
        """Every entry sharing a band with `sig`, as `MemoryBands.candidates`."""
        return [u for u, _ in self._entries(self._ids(sig))]

    def near(self, sig: Signature, threshold: float) -> list[str]:
        """As `MemoryBands.near`: one round trip when the process has met the candidates."""
        held = self._entries(self._ids(sig))
        if not held:
            return []
        many = np.frombuffer(b"".join(g for _, g in held), dtype=np.uint32)
        keep = estimated_jaccard(sig, many.reshape(-1, NUM_PERM)) >= threshold
        return [u for (u, _), k in zip(held, keep.tolist(), strict=True) if k]

    def remove(self, key: str) -> bool:
        """Take one entry out of every bucket it is in (one Lua call)."""
        return bool(self._remove(keys=self.keys, args=[key]))

    def prune(self, before: float) -> int:
        """Take out the entries older than `before`, a batch per call so Redis is never held
        long; how many."""
        n = 0
        while True:
            done = int(self._prune(keys=self.keys, args=[before, self.PRUNE_BATCH]))
            n += done
            if done < self.PRUNE_BATCH:
                return n

    def clear(self) -> None:
        """Delete the seven keys: the whole index, however many entries it held."""
        self.redis.delete(*self.keys)


#: Raise a recorded number, never lower it (processes catching up may finish out of order); the
#: first advance, from nothing, also names the store the index mirrors.
_ADVANCE = """
local synced = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > synced then
  redis.call('SET', KEYS[1], ARGV[1])
  if synced == 0 and ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2]) end
end
return 0
"""
#: The layout of this release's Redis index (`crawler.core.cluster.RedisBands`).
LAYOUT = "bands-2"


class _LocalSync:
    """How far this process's own index has absorbed its store, which store that was, and up
    to when it has been pruned."""

    def __init__(self) -> None:
        self.synced: int | None = None
        self.store = ""
        self.pruned = 0.0

    def state(self) -> tuple[int | None, str | None]:
        return self.synced, self.store

    def layout_ok(self) -> bool:
        return True

    def begin(self) -> None:
        if self.synced is None:
            self.synced = 0

    def advance(self, top: int, identity: str) -> None:
        if top > (self.synced or 0):
            if not self.synced and identity:
                self.store = identity
            self.synced = top

    def pruned_to(self, before: float) -> None:
        self.pruned = max(self.pruned, before)

    def reset(self, index: ClusterIndex) -> None:
        index.clear()
        self.synced, self.store = 0, ""


def _glob(raw: bytes) -> bytes:
    return re.sub(rb"([\[\]*?\\])", rb"\\\1", raw)


class _RedisSync:
    """The same, recorded in Redis beside the index's keys (`<basename>:synced_id`, `:store`,
    `:pruned`, `:layout`), so every process sharing the index knows how far it is, whichever
    process got it there, and a run without Redis in between is caught up, not ignored."""

    def __init__(self, basename: bytes, params: dict[str, Any]) -> None:
        self.redis: Redis = Redis(**params)
        self.basename = basename
        names = (b":synced_id", b":store", b":pruned", b":layout")
        self.keys = [basename + n for n in names]
        self._advance = self.redis.register_script(_ADVANCE)

    def state(self) -> tuple[int | None, str | None]:
        synced, store = self.redis.mget(self.keys[:2])
        if isinstance(store, bytes):
            store = store.decode()
        return (None if synced is None else int(synced)), store

    def layout_ok(self) -> bool:
        """This release's layout; or nothing yet, not even an older release's datasketch keys."""
        synced, layout = self.redis.mget([self.keys[0], self.keys[3]])
        if layout is not None:
            return layout in (LAYOUT, LAYOUT.encode())
        return synced is None and not self.redis.exists(self.basename + b"_keys")

    def begin(self) -> None:
        self.redis.set(self.keys[0], 0, nx=True)
        self.redis.set(self.keys[3], LAYOUT)

    def advance(self, top: int, identity: str) -> None:
        self._advance(keys=self.keys[:2], args=[top, identity])

    def pruned_to(self, before: float) -> None:
        self._advance(keys=[self.keys[2], self.keys[2]], args=[int(before), ""])

    @property
    def pruned(self) -> float:
        return float(self.redis.get(self.keys[2]) or 0)

    def reset(self, index: ClusterIndex) -> None:
        """Delete exactly this index's keys, and what an older release's datasketch index
        left under this basename, however many articles they held; then start from nothing."""
        base = _glob(self.basename)
        for pattern in (base + b"_bucket_*", base + b"_keys*"):
            names = list(self.redis.scan_iter(match=pattern, count=1000))
            for start in range(0, len(names), 1000):
                self.redis.delete(*names[start : start + 1000])
        index.clear()
        self.redis.delete(*self.keys)
        self.begin()


#: Articles absorbed per query when an index catches up from far behind (start-up).
CATCH_UP_BATCH = 5000

# The statements of a placement, built once (building one costs more than SQLite running it).
_A, _W = articles.c, window.c
_JOINED = window.join(articles, _A.id == _W.article_id)
#: The window rows after an article id, in id order: what an index that has seen up to it lacks.
#: The window table alone, read along its primary key (joined to the articles, PostgreSQL without
#: fresh statistics hashed the whole articles table for each batch: 0.8 s a batch at 100k).
_SINCE = (
    select(_W.article_id, _W.signature, _W.first_fetched)
    .where(_W.article_id > bindparam("start"))
    .order_by(_W.article_id)
    .limit(bindparam("n"))
)
#: The canonical URLs (the index's keys) of the articles of an id range: a batch's window rows
#: span a tight range (ids are taken as articles are first stored, as first_fetched is), read
#: along the primary key. Naming its 5,000 ids instead (IN, expanded) spent 1.9 of the 4.5 s
#: a start-up took at 1,000,000 stored on PostgreSQL in expanding and splitting the statement.
_KEYS = select(_A.id, _A.canonical_url).where(_A.id.between(bindparam("lo"), bindparam("hi")))
#: What the index compares candidates by, read for the few the signatures keep.
_DOCS = (
    select(_A.canonical_url, _A.cluster, _W.shingles, _W.facts)
    .select_from(_JOINED)
    .where(_A.canonical_url.in_(bindparam("keys", expanding=True)))
)


def _keys_of(conn: Connection, ids: list[int]) -> dict[int, str]:
    """The canonical URL of each of these article ids (ascending), read as one id range."""
    if not ids:
        return {}
    wanted = set(ids)
    rows = conn.execute(_KEYS, {"lo": ids[0], "hi": ids[-1]})
    return {r[0]: r[1] for r in rows if r[0] in wanted}


#: `StoreIndex.place(twin=ASK)`: the caller has not looked the fingerprint up; the index does.
ASK: Final[tuple[str, str]] = ("", "")

#: How often a long-running process prunes its index and the window table (seconds).
PRUNE_EVERY = 3600.0


def stale_reason(
    synced: int | None,
    recorded: str | None,
    identity: str,
    top: int,
    empty: bool,
    layout_ok: bool = True,
) -> str | None:
    """Why an index cannot be trusted for this store, or None when it can: it was laid out by
    an older release, it says nothing of what it mirrors, it has absorbed more than the store
    holds (the store was restored or made anew), or its first article is not the store's."""
    if not layout_ok:
        return "it was made by an older release (another layout)"
    if synced is None:
        return None if empty else "it records no store it mirrors (made by an older release)"
    if synced > top:
        return f"it has absorbed articles up to id {synced}, the store ends at id {top}"
    if synced and recorded != identity:
        return f"it mirrors another store at this URL (first article {recorded!r})"
    return None


class StoreIndex(ClusterIndex):
    """The syndication index of one store, kept in step with it across processes.

    An article is placed inside `placing()`: under the store's placement lock the index first
    absorbs what other processes stored since it last looked (the window rows above the highest
    article id it has seen), then the caller places and writes, the index writes the window
    rows of what was placed, and the commit releases the lock. So two processes storing two
    copies of one story at once are one after the other, and the second sees the first's copy.
    Without Redis the index is this process's own; with Redis it is shared, and Redis records
    how far it has absorbed the store, which store that is, and how far it was pruned.

    The index holds band hashes and signatures only; a candidate's shingles and facts are read
    from the window table when its signature makes it a likely match (about one a placement).

    One thread at a time (the process's store thread): a placement's connection is held here."""

    def __init__(
        self,
        store: Store,
        redis_url: str | None = None,
        days: int = DAYS,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        config = _redis_config(store, redis_url)
        bands = RedisBands(config["basename"], config["redis"]) if config else None
        super().__init__(bands, loader=self._load)
        self.store, self.days, self.clock = store, days, clock
        self.sync: _LocalSync | _RedisSync = (
            _RedisSync(config["basename"], config["redis"]) if config else _LocalSync()
        )
        self._conn: Connection | None = None
        self._placed: list[str] | None = None
        self._pending: dict[str, tuple[Doc, Signature]] = {}
        self._last_prune = 0.0
        self._synced = 0  # how far the index was when the placement began
        self._loading: tuple[float, int] | None = None  # (started, rows read) of `load_step`

    @contextmanager
    def _reading(self, conn: Connection | None = None) -> Iterator[Connection]:
        """The placement's connection (it sees what the placement wrote), else a new one."""
        conn = conn or self._conn
        if conn is not None:
            yield conn
            return
        with self.store.engine.connect() as own:
            yield own

    def cutoff(self) -> datetime:
        """The oldest first_fetched the window holds."""
        return self.clock() - timedelta(days=self.days)

    def _load(self, keys: Sequence[str]) -> dict[str, Known]:
        if not keys:
            return {}
        with self._reading() as conn:
            rows = conn.execute(_DOCS, {"keys": list(keys)}).all()
        return {r[0]: ((arr(r[2]), arr(r[3])), r[1] or r[0]) for r in rows}

    def add(self, key: str, d: Doc, cluster: str, sig: Signature | None = None) -> bool:
        """File the article and keep its window row for the end of the placement; no copy in
        memory (the window table has it)."""
        sig = signature(d[0]) if sig is None else sig
        inserted = self.file(key, sig, self.clock().timestamp())
        if self._placed is not None:
            self._pending[key] = (d, sig)
            if inserted:
                self._placed.append(key)
        return inserted

    def twin(self, key: str, fingerprint: str) -> tuple[str, str] | None:
        """(canonical URL, cluster) of the first stored article with exactly this text, however
        old: a copy of an article outside the window still joins its story."""
        with self._reading() as conn:
            return self.store.lookup([], key, fingerprint, conn=conn)[1]

    def place(
        self,
        key: str,
        d: Doc,
        sig: Signature | None = None,
        fingerprint: str = "",
        twin: tuple[str, str] | None = ASK,
    ) -> Placed:
        """As `ClusterIndex.place`, and first by fingerprint: the same text stored before,
        in the window or not, is the same story. `twin` is that article when the caller has
        looked it up already (`Store.lookup`), else the index asks."""
        found = (self.twin(key, fingerprint) if fingerprint else None) if twin is ASK else twin
        if found is not None and key not in self.bands:
            self.add(key, d, found[1], sig)
            return Placed(found[1], found[0], 1.0)
        return super().place(key, d, sig)

    def _stale(self, conn: Connection | None = None) -> str | None:
        synced, recorded = self.sync.state()
        identity, top = self.store.identity(conn)
        empty = len(self.bands) == 0
        return stale_reason(synced, recorded, identity, top, empty, self.sync.layout_ok())

    def open(self) -> StoreIndex:
        """Start-up: `check`, then `load`."""
        return self.check().load()

    def check(self) -> StoreIndex:
        """An index that does not describe this store is emptied (under the lock, so no
        placement meets it half-rebuilt). Quick (a few reads), and it reaches the store and
        Redis, so a crawl learns at once that either is down."""
        if self._stale() is not None:
            with self.store.placing() as conn:
                reason = self._stale(conn)
                if reason is not None:
                    where = self.store.engine.url.render_as_string(hide_password=True)
                    logger.warning("%s: syndication index rebuilt: %s", where, reason)
                    self.sync.reset(self)
        return self

    def load(self) -> StoreIndex:
        """The window pruned, then absorbed as far as the index lacks it, a batch at a time
        without the lock (a placement catches up the rest). With Redis that is only what was
        stored since the last process looked; without, the whole window (~1.2 s at 1M stored,
        which a crawl spends beside its first downloads: `load_step`)."""
        self._loading = None
        while not self.load_step():
            pass
        return self

    def load_step(self) -> bool:
        """One batch of `load` (the first prunes); True once the window is loaded. A crawl's
        store thread runs one batch per turn, so the reads of its other components (the pages
        of earlier crawls, which the first requests wait for) take turns with it."""
        if self._loading is None:
            self._loading = (time.monotonic(), 0)
            self.sync.begin()
            self.prune()
            return False
        t0, read = self._loading
        got = self.catch_up(batch=CATCH_UP_BATCH)
        self._loading = (t0, read + got)
        if got == CATCH_UP_BATCH:
            return False
        logger.info(
            "syndication index: %d articles of the last %d days, %d read, in %.1f s",
            len(self.bands),
            self.days,
            read + got,
            time.monotonic() - t0,
        )
        return True

    def prune(self, conn: Connection | None = None) -> int:
        """Take the entries older than the window out of the index and the window table;
        how many left the index."""
        before = self.cutoff()
        q = window.delete().where(window.c.first_fetched < before)
        if conn is not None:
            conn.execute(q)
        else:
            with self.store.engine.begin() as own:
                own.execute(q)
        n = self.bands.prune(before.timestamp())
        self.sync.pruned_to(before.timestamp())
        self._last_prune = time.monotonic()
        return n

    def catch_up(self, conn: Connection | None = None, batch: int | None = None) -> int:
        """Absorb the window rows stored since the index last looked; how many it read."""
        start = self._synced = self.sync.state()[0] or 0
        with self._reading(conn) as cx:
            rows = cx.execute(_SINCE, {"start": start, "n": batch or 1 << 62}).all()
            cutoff = self.cutoff()
            young = [r for r in rows if r[2] >= cutoff]  # older ones are pruned at start-up
            keys = _keys_of(cx, [r[0] for r in young])
        if not rows:
            return 0
        young = [r for r in young if r[0] in keys]
        if young:
            sigs = np.frombuffer(b"".join(r[1] for r in young), dtype=np.uint32)
            ages = [r[2].timestamp() for r in young]
            self.bands.insert_many([keys[r[0]] for r in young], sigs.reshape(-1, NUM_PERM), ages)
        top = self._synced = rows[-1][0]
        self.sync.advance(top, self.store.identity(conn)[0] if start == 0 else "")
        return len(rows)

    def keep(self, conn: Connection) -> None:
        """The window rows of what this placement placed so far, beside the articles it wrote
        (the placement does it at its end; a caller writing several articles in one placement
        after each, so the next one's candidates include it). Each is one statement that reads
        the article's id and first_fetched as it writes the row and returns the id (a separate
        read of the ids was one more round trip per article)."""
        pending, self._pending = self._pending, {}
        ids = []
        for key, (d, sig) in pending.items():
            params = {
                "key": key,
                "now": self.clock(),
                "shingles": d[0].tobytes(),
                "facts": d[1].tobytes(),
                "signature": sig_bytes(sig),
            }
            ids += [r[0] for r in conn.execute(self._window_write(), params)]
        if not ids:
            return
        # caught up before this placement, and its articles' ids were taken under the lock:
        # the index has absorbed everything up to the highest of them
        self.sync.advance(max(ids), self.store.identity(conn)[0] if not self._synced else "")

    @cache  # noqa: B019 (one index per store and process: `index_for`)
    def _window_write(self) -> Any:
        """One article's window row, written from its stored row, in the store's dialect: an
        updated article's replaces it."""
        source = select(
            _A.id,
            func.coalesce(_A.first_fetched, bindparam("now", type_=UTCDateTime)),
            bindparam("shingles", type_=LargeBinary),
            bindparam("facts", type_=LargeBinary),
            bindparam("signature", type_=LargeBinary),
        ).where(_A.canonical_url == bindparam("key"))
        stmt = upsertable(self.store.engine, window).from_select(
            ["article_id", "first_fetched", "shingles", "facts", "signature"], source
        )
        ex = stmt.excluded
        keep = {c: ex[c] for c in ("first_fetched", "shingles", "facts", "signature")}
        stmt = stmt.on_conflict_do_update(index_elements=["article_id"], set_=keep)
        return stmt.returning(window.c.article_id)

    @contextmanager
    def placing(self) -> Iterator[Connection]:
        """The critical section of a placement: caught up, then the caller's place and write on
        the connection it yields, the window rows of what it placed, committed at the end. A
        write that fails takes back what it placed, so the index never offers a candidate no
        stored row backs."""
        placed: list[str] = []
        try:
            with self.store.placing() as conn:
                self._conn = conn
                if time.monotonic() - self._last_prune > PRUNE_EVERY:
                    self.prune(conn)
                self.catch_up(conn)
                self._placed, self._pending = placed, {}
                yield conn
                self.keep(conn)
        except BaseException:
            with suppress(RedisError):  # Redis down: the dangling key is skipped when met
                for key in placed:
                    self.forget(key)
            raise
        finally:
            self._conn, self._placed, self._pending = None, None, {}


_INDEXES: dict[tuple[str, str | None], StoreIndex] = {}


def index_for(
    store: Store, redis_url: str | None = None, days: int = DAYS, *, load: bool = True
) -> StoreIndex:
    """One index per store and process, over the window of the last `days`, built from the
    stored signatures (no recomputation); with Redis, shared by every process. Each call
    checks it still mirrors this store and catches it up (unless `load` is false: the caller
    runs `load()` when it suits), so a crawl starts from what the store holds now."""
    key = (str(store.engine.url), redis_url)
    if key not in _INDEXES:
        _INDEXES[key] = StoreIndex(store, redis_url, days)
    index = _INDEXES[key]
    index.days, index.store = days, store  # the caller's engine, not one it disposed since
    return index.open() if load else index.check()
