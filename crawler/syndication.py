"""The syndication index of a store: where a new article's story is found, kept in step with the
store across processes.

An article is placed in a story and written inside one transaction holding the store's placement
lock (`Store.placing`), after the index has absorbed what other processes stored since it last
looked; so two processes storing two copies of one story at once make one story. A Redis index
records how far it has absorbed which store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from redis import Redis
from redis.connection import parse_url as _redis_parse_url
from redis.exceptions import RedisError
from sqlalchemy.engine import Connection

from crawler.core.cluster import ClusterIndex, Doc, arr, sig_from, signature
from crawler.storage import Store

logger = logging.getLogger(__name__)


#: redis-py ships this untyped; it returns the keyword arguments of `redis.Redis`.
_parse_redis_url: Callable[[str], dict[str, Any]] = _redis_parse_url


def _redis_config(store: Store, redis_url: str | None) -> dict[str, Any] | None:
    """datasketch's Redis storage, one key space per store so two stores never mix."""
    if not redis_url:
        return None
    basename = "partywire:" + store.engine.url.render_as_string(hide_password=True)
    return {"type": "redis", "basename": basename.encode(), "redis": _parse_redis_url(redis_url)}


#: Raise the absorbed id, never lower it (processes catching up may finish out of order); the
#: first advance, from nothing, also names the store the index mirrors.
_ADVANCE = """
local synced = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > synced then
  redis.call('SET', KEYS[1], ARGV[1])
  if synced == 0 and ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2]) end
end
return 0
"""


class _LocalSync:
    """How far this process's own index has absorbed its store, and which store that was."""

    def __init__(self) -> None:
        self.synced: int | None = None
        self.store = ""

    def state(self) -> tuple[int | None, str | None]:
        return self.synced, self.store

    def begin(self) -> None:
        if self.synced is None:
            self.synced = 0

    def advance(self, top: int, identity: str) -> None:
        if top > (self.synced or 0):
            if not self.synced and identity:
                self.store = identity
            self.synced = top

    def reset(self, index: ClusterIndex) -> None:
        index.clear()
        self.synced, self.store = 0, ""


class _RedisSync:
    """The same, recorded in Redis beside datasketch's keys (`<basename>:synced_id`,
    `<basename>:store`), so every process sharing the index knows how far it is, whichever
    process got it there, and a run without Redis in between is caught up, not ignored."""

    def __init__(self, basename: bytes, params: dict[str, Any]) -> None:
        self.redis: Redis = Redis(**params)
        self.keys = [basename + b":synced_id", basename + b":store"]
        self._advance = self.redis.register_script(_ADVANCE)

    def state(self) -> tuple[int | None, str | None]:
        synced, store = self.redis.mget(self.keys)
        if isinstance(store, bytes):
            store = store.decode()
        return (None if synced is None else int(synced)), store

    def begin(self) -> None:
        self.redis.set(self.keys[0], 0, nx=True)

    def advance(self, top: int, identity: str) -> None:
        self._advance(keys=self.keys, args=[top, identity])

    def reset(self, index: ClusterIndex) -> None:
        """Delete exactly this index's keys (each datasketch storage lists its own), however
        many articles it held, then start it again from nothing."""
        storages: list[Any] = [index.lsh.keys, *index.lsh.hashtables]
        for storage in storages:
            names = [bytes(k) for k in storage.redis_keys()] + [storage.redis_key(b"")]
            for start in range(0, len(names), 1000):
                self.redis.delete(*names[start : start + 1000])
        self.redis.delete(*self.keys)
        index.clear()
        self.redis.set(self.keys[0], 0)


#: Articles absorbed per query when an index catches up from far behind (start-up).
CATCH_UP_BATCH = 5000


def stale_reason(
    synced: int | None, recorded: str | None, identity: str, top: int, empty: bool
) -> str | None:
    """Why an index cannot be trusted for this store, or None when it can: it says nothing of
    what it mirrors (made by an older release), it has absorbed more than the store holds
    (the store was restored or made anew), or its first article is not the store's."""
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
    absorbs what other processes stored since it last looked (the articles above the highest id
    it has seen), then the caller places and writes, and the commit releases the lock. So two
    processes storing two copies of one story at once are one after the other, and the second
    sees the first's copy. Without Redis the index is this process's own; with Redis it is
    shared, and Redis records how far it has absorbed the store and which store that is.

    One thread at a time (the process's store thread): a placement's connection is held here."""

    def __init__(self, store: Store, redis_url: str | None = None) -> None:
        config = _redis_config(store, redis_url)
        super().__init__(config, loader=self._load)
        self.store = store
        self.sync: _LocalSync | _RedisSync = (
            _RedisSync(config["basename"], config["redis"]) if config else _LocalSync()
        )
        self._conn: Connection | None = None
        self._placed: list[str] | None = None

    def _load(self, key: str) -> tuple[Doc, str] | None:
        row = self.store.cluster_row(key, conn=self._conn)
        if row is None or row[0] is None:
            return None
        return (arr(row[0]), arr(row[1])), row[2] or key

    def add(self, key: str, d: Doc, cluster: str, sig: Any = None) -> bool:
        inserted = super().add(key, d, cluster, sig)
        if inserted and self._placed is not None:
            self._placed.append(key)
        return inserted

    def _stale(self, conn: Connection | None = None) -> str | None:
        synced, recorded = self.sync.state()
        identity, top = self.store.identity(conn)
        return stale_reason(synced, recorded, identity, top, self.lsh.is_empty())

    def open(self) -> StoreIndex:
        """Start-up: an index that does not describe this store is emptied (under the lock, so
        no placement meets it half-rebuilt), then it absorbs what it lacks, a batch at a time
        without the lock (a placement catches up the rest)."""
        if self._stale() is not None:
            with self.store.placing() as conn:
                reason = self._stale(conn)
                if reason is not None:
                    where = self.store.engine.url.render_as_string(hide_password=True)
                    logger.warning("%s: syndication index rebuilt: %s", where, reason)
                    self.sync.reset(self)
        self.sync.begin()
        while self.catch_up(batch=CATCH_UP_BATCH) == CATCH_UP_BATCH:
            pass
        return self

    def catch_up(self, conn: Connection | None = None, batch: int | None = None) -> int:
        """Absorb the articles stored since the index last looked; how many it absorbed."""
        start = self.sync.state()[0] or 0
        top, n = start, 0
        for id_, key, sh, facts, sig, cluster in self.store.cluster_rows_since(start, conn, batch):
            shingles = arr(sh)
            minhash = sig_from(sig) if sig else signature(shingles)
            if isinstance(self.sync, _RedisSync):
                self.file(key, minhash)  # the store is read for candidates: no local copy
            else:
                self.add(key, (shingles, arr(facts)), cluster or key, minhash)
            top, n = id_, n + 1
        if top > start:
            self.sync.advance(top, self.store.identity(conn)[0] if start == 0 else "")
        return n

    @contextmanager
    def placing(self) -> Iterator[Connection]:
        """The critical section of a placement: caught up, then the caller's place and write on
        the connection it yields, committed at the end. A write that fails takes back what it
        placed, so the index never offers a candidate no stored row backs."""
        placed: list[str] = []
        try:
            with self.store.placing() as conn:
                self._conn = conn
                self.catch_up(conn)
                self._placed = placed
                yield conn
        except BaseException:
            with suppress(RedisError):  # Redis down: the dangling key is skipped when met
                for key in placed:
                    self.forget(key)
            raise
        finally:
            self._conn, self._placed = None, None


_INDEXES: dict[tuple[str, str | None], StoreIndex] = {}


def index_for(store: Store, redis_url: str | None = None) -> StoreIndex:
    """One index per store and process, built from the stored signatures (no recomputation);
    with Redis, shared by every process. Each call checks it still mirrors this store and
    catches it up, so a crawl starts from what the store holds now."""
    key = (str(store.engine.url), redis_url)
    if key not in _INDEXES:
        _INDEXES[key] = StoreIndex(store, redis_url)
    return _INDEXES[key].open()
