"""One story, one cluster: the same report syndicated by several outlets, found with MinHash LSH
over shingles of the fold()ed text and confirmed by exact shingle containment.

Only what a reader came for is compared: byline and source lines ("Theo TTXVN"), photo credits,
box titles and dateline marks are left out, so a republished copy with a new title, another
caption, a "Theo TTXVN" line or a paragraph cut still matches. Party news is formulaic, so the
confirmation is strict: two conferences written from the same template share whole sentences
but not their names and numbers, and stay two stories. The two thresholds were chosen on the
labelled pairs in tests/dedup_pairs.py (see `sweep` and bench/dedup.py), not guessed.

The signatures are datasketch's MinHash (scheme affine32, the same values bit for bit), computed
here with one shared permutations array: a datasketch MinHash object regenerates its 1 KB of
permutations each time one is made, which was two thirds of rebuilding an index from stored
signatures (issue 14). The LSH itself is ours (`MemoryBands`, `RedisBands`): datasketch keeps a
Python set or a Redis set per bucket, ~7 KB an article in memory and 11.5 KB in Redis, and asks
Redis once per band; here an article costs its band hashes and its signature, and a query is
one binary search (or one Redis call, `crawler.syndication.RedisBands`).
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from crawler.core.clean import DATELINE, is_footer, is_trailer, looks_like_name_line
from crawler.core.normalize import fold

NUM_PERM = 128
SHINGLE = 4
#: LSH: Jaccard above which a stored article becomes a candidate. On the labelled pairs every
#: same-story pair has Jaccard >= 0.74 and every other pair <= 0.55; 0.6, weighted against
#: false negatives, keeps the former and spares the confirmation step most template look-alikes.
LSH_THRESHOLD = 0.6
LSH_WEIGHTS = (0.3, 0.7)  # (false positive, false negative)
#: Confirmation: share of the shorter article's shingles found in the other. On the labelled
#: pairs, same-template events reach 0.72 and syndicated copies start at 0.95: 0.85 sits in
#: the middle of that gap (tests/test_dedup.py re-derives the gap on every run).
CONTAINMENT = 0.85
#: Facts check: share of the numbers (counts, dates, percentages) of the article with fewer
#: numbers found in the other. Same-story pairs agree fully (1.0); same-template events, whose
#: sentences may be 85% identical, agree on at most 0.33 of their numbers.
FACTS = 0.6
_NUM = re.compile(r"\d+(?:[.,/]\d+)*")

_WORD = re.compile(r"\w+", re.UNICODE)
_CREDIT = re.compile(r"^\(?\s*(ảnh|nguồn|theo|video|đồ họa)\b", re.I)


#: LSH: (bands, rows per band), what datasketch's MinHashLSH finds best for LSH_THRESHOLD with
#: LSH_WEIGHTS: 21 x 6, where its unweighted default (18 x 7) made only 90% of the pairs at the
#: labelled set's lowest same-story Jaccard (0.74) candidates. Written out, not asked of
#: datasketch at import: importing it pulls scipy, ~1.1 s of every crawl process's start-up
#: (tests/test_dedup.py asks datasketch and checks every pair).
BANDS, ROWS = 21, 6


def content_lines(summary: str, text: str) -> list[str]:
    """The lines a reader came for: no bylines, credits, box titles or dateline marks."""
    out = []
    for i, line in enumerate([summary, *text.split("\n")]):
        line = line.strip()
        if not line:
            continue
        if i <= 1:
            m = DATELINE.match(line)
            if m:
                line = line[m.end() :].strip()
        words = line.split()
        if len(words) < 6 and (looks_like_name_line(line) or _CREDIT.match(line)):
            continue
        if is_trailer(line) or is_footer(line):
            continue
        out.append(line)
    return out


#: Sorted unique 32-bit hashes (of shingles or of numbers), as stored in the database.
Hashes = npt.NDArray[np.uint32]
#: A MinHash signature: NUM_PERM 32-bit values.
Signature = npt.NDArray[np.uint32]


def _line_shingles(words: list[str]) -> list[int]:
    """The CRC-32 of each run of SHINGLE words joined by one space, hashed as slices of the
    line encoded once (joining and encoding each shingle anew was half of the hashing)."""
    joined = " ".join(words)
    raw = joined.encode()
    ascii_only = len(raw) == len(joined)  # folded text nearly always is
    ends = list(accumulate(len(w) + 1 if ascii_only else len(w.encode()) + 1 for w in words))
    starts = [0, *ends]
    view, crc = memoryview(raw), zlib.crc32
    return [
        crc(view[starts[i] : ends[i + SHINGLE - 1] - 1]) for i in range(len(words) - SHINGLE + 1)
    ]


def _shingles_of(lines: list[str]) -> Hashes:
    hs: list[int] = []
    for line in lines:
        words = _WORD.findall(fold(line))
        if len(words) >= SHINGLE:
            hs += _line_shingles(words)
        elif words:
            hs.append(zlib.crc32(" ".join(words).encode()))
    return _sorted_unique(np.array(hs, dtype=np.uint32))


def _sorted_unique(a: Hashes) -> Hashes:
    """np.unique's result, by a sort and a mask: np.unique hashes first, 3x slower on a few
    hundred values (numpy 2.4)."""
    a.sort()
    return a[np.concatenate(([True], a[1:] != a[:-1]))] if len(a) else a


def _facts_of(lines: list[str]) -> Hashes:
    nums = set(_NUM.findall(" ".join(lines)))
    return np.array(sorted({zlib.crc32(n.encode()) for n in nums}), dtype=np.uint32)


def shingles(summary: str, text: str) -> Hashes:
    """Sorted unique 32-bit hashes of the word 4-grams of the folded content lines."""
    return _shingles_of(content_lines(summary, text))


def facts(summary: str, text: str) -> Hashes:
    """Sorted unique hashes of the numbers in the content lines: what tells two events apart."""
    return _facts_of(content_lines(summary, text))


def facts_agree(a: Hashes, b: Hashes) -> bool:
    """Template look-alikes share sentences, not numbers: two texts whose numbers mostly differ
    are two events, however alike they read. With fewer than two numbers on one side there is
    nothing to tell them apart by, and the text alone decides."""
    if len(a) < 2 or len(b) < 2:  # too few numbers to tell anything
        return True
    return containment(a, b) >= FACTS


Doc = tuple[Hashes, Hashes]  # (shingles, facts)


def doc(summary: str, text: str) -> Doc:
    """Both keys of an article from one pass over its content lines (picking the lines is a
    fifth of a crawl's CPU per article, issue 14)."""
    lines = content_lines(summary, text)
    return _shingles_of(lines), _facts_of(lines)


SCHEME = "affine32"  # 32-bit shingle hashes in, 32-bit signature values out
#: datasketch's permutations for NUM_PERM and seed 1 (`MinHash._init_permutations`, scheme
#: affine32: odd multipliers, then offsets, from one RandomState), generated once for every
#: signature without importing datasketch (tests/test_dedup.py compares them with its own).
_GEN = np.random.RandomState(1)
_A = _GEN.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_B = _GEN.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)


def _fmix32(h: Hashes) -> Hashes:
    """MurmurHash3's finalizer, which datasketch's affine32 scheme applies before permuting."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature(sh: Hashes) -> Signature:
    """The MinHash of an article's shingles, as datasketch computes it, without a MinHash
    object; computed once per article and kept with it while it is in the index's window."""
    if not len(sh):
        return _EMPTY.copy()
    hv = _fmix32(np.asarray(sh, dtype=np.uint32)).reshape(-1, 1)
    phv: Signature = (hv * _A + _B).min(axis=0)
    return phv


#: One odd 64-bit multiplier per (band, row): a band's ROWS values weigh into one 64-bit hash,
#: each band under its own multipliers, so one sorted array (or one Redis hash) holds them all.
_MIX = (
    np.random.RandomState(14).randint(0, 1 << 62, size=(BANDS, ROWS), dtype=np.uint64) * 2 + 1
).astype(np.uint64)


def band_hashes(sigs: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """The BANDS bucket hashes of one signature (shape (BANDS,)) or of many ((n, BANDS))."""
    cut = sigs[..., : BANDS * ROWS].astype(np.uint64)
    v = cut.reshape(*sigs.shape[:-1], BANDS, ROWS)
    out: npt.NDArray[np.uint64] = (v * _MIX).sum(axis=-1, dtype=np.uint64)
    return out


def estimated_jaccard(sig: Signature, many: npt.NDArray[np.uint32]) -> npt.NDArray[np.float64]:
    """Share of equal signature values: MinHash's estimate of each Jaccard similarity."""
    est: npt.NDArray[np.float64] = (many == sig).mean(axis=-1)
    return est


def containment(a: Hashes, b: Hashes) -> float:
    """Share of the smaller set found in the larger: a copy with a paragraph cut is still wholly
    contained in the original, where Jaccard would punish the cut."""
    if not len(a) or not len(b):
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / min(len(a), len(b))


def same_story(a: Doc, b: Doc) -> bool:
    """The confirmation an LSH candidate must pass: the text contained, and the numbers agreeing."""
    return containment(a[0], b[0]) >= CONTAINMENT and facts_agree(a[1], b[1])


class Bands(Protocol):
    """An LSH over signatures, each entry with its age (seconds since the epoch) so the
    entries older than a window can be taken out: `MemoryBands`, or the Redis one
    (`crawler.syndication.RedisBands`) several processes share."""

    def insert(self, key: str, sig: Signature, age: float) -> bool:
        """File one entry; False when the key is filed already."""

    def insert_many(self, keys: Sequence[str], sigs: npt.NDArray[np.uint32], ages: Any) -> int:
        """File many (a catch-up); how many were new."""

    def remove(self, key: str) -> bool:
        """Take one entry out; False when it was not there."""

    def prune(self, before: float) -> int:
        """Take out the entries older than `before`; how many."""

    def candidates(self, sig: Signature) -> list[str]:
        """Every entry sharing a band with `sig`."""

    def near(self, sig: Signature, threshold: float) -> list[str]:
        """The candidates whose signatures estimate a Jaccard of at least `threshold`."""

    def clear(self) -> None:
        """Nothing filed any more."""

    def __contains__(self, key: object) -> bool: ...
    def __len__(self) -> int: ...


class MemoryBands:
    """The LSH of one process: the band hashes of every entry in one sorted array (8 bytes and
    a slot each) and the signatures in one matrix, so a query is one binary search and one
    vectorised comparison. New entries wait in a small dict until `MERGE` of them are merged."""

    MERGE = 2048

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Nothing filed: a slot per entry, `keys[slot]` None once the entry is removed."""
        self.keys: list[str | None] = []
        self.slots: dict[str, int] = {}
        self.sigs = np.empty((0, NUM_PERM), dtype=np.uint32)
        self.ages = np.empty(0, dtype=np.float64)
        self._hashes = np.empty(0, dtype=np.uint64)
        self._owners = np.empty(0, dtype=np.int64)
        self._merged = 0
        self._recent: dict[int, list[int]] = {}

    def __contains__(self, key: object) -> bool:
        return key in self.slots

    def __len__(self) -> int:
        return len(self.slots)

    def _grow(self, n: int) -> None:
        need = len(self.keys) + n
        if need <= len(self.sigs):
            return
        cap = max(need, len(self.sigs) * 5 // 4, 1024)  # 1.25x: the matrix is most of it
        sigs = np.empty((cap, NUM_PERM), dtype=np.uint32)
        sigs[: len(self.keys)] = self.sigs[: len(self.keys)]
        ages = np.empty(cap, dtype=np.float64)
        ages[: len(self.keys)] = self.ages[: len(self.keys)]
        self.sigs, self.ages = sigs, ages

    def insert(self, key: str, sig: Signature, age: float) -> bool:
        """File one entry (a placement); False when the key is filed already."""
        if key in self.slots:
            return False
        self._grow(1)
        slot = len(self.keys)
        self.keys.append(key)
        self.slots[key] = slot
        self.sigs[slot], self.ages[slot] = sig, age
        for h in band_hashes(sig).tolist():
            self._recent.setdefault(h, []).append(slot)
        if slot + 1 - self._merged >= self.MERGE:
            self._merge()
        return True

    def insert_many(self, keys: Sequence[str], sigs: npt.NDArray[np.uint32], ages: Any) -> int:
        """Many entries at once (start-up): their band hashes computed in one numpy pass."""
        fresh = [i for i, k in enumerate(keys) if k not in self.slots]
        if not fresh:
            return 0
        self._grow(len(fresh))
        start = len(self.keys)
        for n, i in enumerate(fresh):
            self.keys.append(keys[i])
            self.slots[keys[i]] = start + n
        self.sigs[start : start + len(fresh)] = sigs[fresh]
        self.ages[start : start + len(fresh)] = np.asarray(ages, dtype=np.float64)[fresh]
        self._merge()
        return len(fresh)

    def _merge(self) -> None:
        top = len(self.keys)
        new = band_hashes(self.sigs[self._merged : top]).ravel()
        owners = np.repeat(np.arange(self._merged, top, dtype=np.int64), BANDS)
        hashes = np.concatenate([self._hashes, new])
        order = np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        self._owners = np.concatenate([self._owners, owners])[order]
        self._merged, self._recent = top, {}

    def _slots(self, sig: Signature) -> npt.NDArray[np.int64]:
        qh = band_hashes(sig)
        lo = np.searchsorted(self._hashes, qh, "left")
        hi = np.searchsorted(self._hashes, qh, "right")
        parts = [self._owners[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
        parts += [np.array(self._recent[h]) for h in qh.tolist() if h in self._recent]
        if not parts:
            return np.empty(0, dtype=np.int64)
        slots = np.unique(np.concatenate(parts))
        return slots[~np.isnan(self.ages[slots])]

    def candidates(self, sig: Signature) -> list[str]:
        """Every entry sharing a band with `sig`: what the LSH alone offers (bench/dedup.py)."""
        return [self.keys[s] or "" for s in self._slots(sig).tolist()]

    def near(self, sig: Signature, threshold: float) -> list[str]:
        """The candidates whose signature estimates a Jaccard of at least `threshold`: the LSH
        approximates that cut; the signatures make it exact enough to load only those."""
        slots = self._slots(sig)
        keep = slots[estimated_jaccard(sig, self.sigs[slots]) >= threshold]
        return [self.keys[s] or "" for s in keep.tolist()]

    def remove(self, key: str) -> bool:
        """Take one entry out; the arrays are compacted once most slots are dead."""
        slot = self.slots.pop(key, None)
        if slot is None:
            return False
        self.keys[slot], self.ages[slot] = None, np.nan  # NaN: a dead slot, never pruned again
        if len(self.keys) > 2 * len(self.slots) + self.MERGE:
            self._compact()
        return True

    def prune(self, before: float) -> int:
        """Take out the entries older than `before`; how many."""
        top = len(self.keys)
        old = np.flatnonzero(self.ages[:top] < before).tolist()
        gone = [k for s in old if (k := self.keys[s]) is not None]
        for k in gone:
            del self.slots[k]
        for s in old:
            self.keys[s], self.ages[s] = None, np.nan
        if gone:
            self._compact()
        return len(gone)

    def _compact(self) -> None:
        live = [s for s, k in enumerate(self.keys) if k is not None]
        keys = [self.keys[s] for s in live]
        sigs, ages = self.sigs[live], self.ages[live]
        self.clear()
        self.insert_many([k for k in keys if k is not None], sigs, ages)


@dataclass
class Placed:
    """Where an article went: its cluster, the article that confirmed it (None when it starts a
    new cluster) and the containment that did, for logs and stats."""

    cluster: str
    matched: str | None
    score: float


#: What the index compares a candidate by: its (shingles, facts) and its cluster.
Known = tuple[Doc, str]
#: Reads the candidates this process does not hold (the store is the truth) in one go.
Loader = Callable[[Sequence[str]], Mapping[str, Known]]


class ClusterIndex:
    """LSH over the articles placed, in memory, or in Redis when several crawler processes
    share one store (`bands`: `crawler.syndication.RedisBands`). `loader(keys)` fetches
    (doc, cluster) of the candidates this process has no copy of.

    This class knows nothing of other processes, nor of the store: keeping it in step with the
    store, to a window of time, and placing under the store's lock so two processes never both
    miss each other's copy, is `crawler.syndication.StoreIndex`'s work."""

    def __init__(self, bands: Bands | None = None, loader: Loader | None = None) -> None:
        self.bands: Bands = MemoryBands() if bands is None else bands
        self.local: dict[str, Known] = {}
        self.loader = loader

    def clear(self) -> None:
        """Start again from nothing, when what the index held no longer describes its store."""
        self.bands.clear()
        self.local.clear()

    def __contains__(self, key: str) -> bool:
        return key in self.local or key in self.bands

    def add(self, key: str, d: Doc, cluster: str, sig: Signature | None = None) -> bool:
        """File an article already placed (after `place`); a known key is not filed twice.
        True when the key is new to the LSH: what a failed write must take back (`forget`)."""
        inserted = self.file(key, signature(d[0]) if sig is None else sig)
        self.local[key] = (d, cluster)
        return inserted

    def file(self, key: str, sig: Signature, age: float | None = None) -> bool:
        """Only the LSH entry, no local copy (candidates are read through `loader`). True when
        the key was new."""
        return self.bands.insert(key, sig, time.time() if age is None else age)

    def forget(self, key: str) -> None:
        """Take back an article whose write failed: left in, it would be a candidate that no
        stored row backs, and a copy matched to it would name a story that does not exist."""
        self.bands.remove(key)
        self.local.pop(key, None)

    def _get(self, keys: Sequence[str]) -> dict[str, Known]:
        got = {k: self.local[k] for k in keys if k in self.local}
        missing = [k for k in keys if k not in got]
        if missing and self.loader is not None:
            got.update(self.loader(missing))
        return got

    @staticmethod
    def _best(
        d: Doc, found: Mapping[str, Known], exclude: str | None
    ) -> tuple[str | None, float, str | None]:
        """(key, containment, cluster) of the confirmed candidate with the highest containment."""
        best, score, cluster = None, 0.0, None
        for cand, (got, cl) in found.items():
            if cand == exclude:
                continue
            s = containment(d[0], got[0])
            if s > score and s >= CONTAINMENT and facts_agree(d[1], got[1]):
                best, score, cluster = cand, s, cl
        return best, score, cluster

    def best_match(
        self, d: Doc, sig: Signature | None = None, exclude: str | None = None
    ) -> tuple[str | None, float]:
        """The confirmed candidate with the highest containment (None when none confirms)."""
        sig = signature(d[0]) if sig is None else sig
        near = [k for k in self.bands.near(sig, LSH_THRESHOLD) if k != exclude]
        best, score, _ = self._best(d, self._get(near), exclude)
        return best, score

    def place(self, key: str, d: Doc, sig: Signature | None = None) -> Placed:
        """The cluster of a new article: a confirmed match's, or a new one named after it.
        An article already placed keeps its cluster, so a cluster's id (the feed guid) never
        changes when it grows. (Placed already is told by its own entry among the near ones,
        read with them: no question of its own to Redis or the store.)"""
        if key in self.local:
            return Placed(self.local[key][1], None, 1.0)
        sig = signature(d[0]) if sig is None else sig
        found = self._get(self.bands.near(sig, LSH_THRESHOLD))
        if key in found:
            return Placed(found[key][1], None, 1.0)
        match, score, cluster = self._best(d, found, exclude=key)
        cluster = cluster or key
        self.add(key, d, cluster, sig)
        return Placed(cluster, match if cluster != key else None, score)


def cluster_records(records: Iterable[dict[str, Any]]) -> list[list[str]]:
    """Group article records (as `partywire extract` prints them) into stories: lists of URLs,
    earliest publication first."""
    index = ClusterIndex()
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(records, key=lambda r: (r.get("published") or "", r["url"])):
        key = r.get("canonical_url") or r["url"]
        placed = index.place(key, doc(r.get("summary") or "", r.get("text") or ""))
        groups.setdefault(placed.cluster, []).append(r)
    return [[r["url"] for r in g] for g in groups.values()]


def sweep(
    pairs: list[tuple[str, str, str, str, bool]], values: Iterable[float]
) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) of "same story" on labelled pairs
    (summary_a, text_a, summary_b, text_b, same) for each containment threshold."""
    scores = [
        (containment(shingles(sa, ta), shingles(sb, tb)), same) for sa, ta, sb, tb, same in pairs
    ]
    out = []
    for t in values:
        tp = sum(1 for s, y in scores if s >= t and y)
        fp = sum(1 for s, y in scores if s >= t and not y)
        fn = sum(1 for s, y in scores if s < t and y)
        out.append((t, tp / max(1, tp + fp), tp / max(1, tp + fn)))
    return out


def sig_bytes(sig: Signature) -> bytes:
    """The signature as the store keeps it (NUM_PERM uint32, native order), read by `sig_from`."""
    return np.asarray(sig, dtype=np.uint32).tobytes()


def sig_from(raw: bytes) -> Signature:
    """A stored signature back as an array (a view of the bytes, no copy)."""
    return np.frombuffer(raw, dtype=np.uint32)


def arr(raw: bytes | None) -> Hashes:
    """Stored shingles or facts back as an array; a row stored without them reads as empty."""
    return np.frombuffer(raw or b"", dtype=np.uint32)
