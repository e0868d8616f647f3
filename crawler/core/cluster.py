"""One story, one cluster: the same report syndicated by several outlets, found with MinHash LSH
(datasketch) over shingles of the fold()ed text and confirmed by exact shingle containment.

Only what a reader came for is compared: byline and source lines ("Theo TTXVN"), photo credits,
box titles and dateline marks are left out, so a republished copy with a new title, another
caption, a "Theo TTXVN" line or a paragraph cut still matches. Party news is formulaic, so the
confirmation is strict: two conferences written from the same template share whole sentences
but not their names and numbers, and stay two stories. The two thresholds were chosen on the
labelled pairs in tests/dedup_pairs.py (see `sweep` and bench/dedup.py), not guessed.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

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


def shingles(summary: str, text: str) -> Hashes:
    """Sorted unique 32-bit hashes of the word 4-grams of the folded content lines."""
    hs: set[int] = set()
    for line in content_lines(summary, text):
        words = _WORD.findall(fold(line))
        if len(words) < SHINGLE:
            if words:
                hs.add(zlib.crc32(" ".join(words).encode()))
            continue
        for i in range(len(words) - SHINGLE + 1):
            hs.add(zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()))
    return np.array(sorted(hs), dtype=np.uint32)


def facts(summary: str, text: str) -> Hashes:
    """Sorted unique hashes of the numbers in the content lines: what tells two events apart."""
    nums = set(_NUM.findall(" ".join(content_lines(summary, text))))
    return np.array(sorted({zlib.crc32(n.encode()) for n in nums}), dtype=np.uint32)


def facts_agree(a: Hashes, b: Hashes) -> bool:
    """Template look-alikes share sentences, not numbers: two texts whose numbers mostly differ
    are two events, however alike they read. With fewer than two numbers on one side there is
    nothing to tell them apart by, and the text alone decides."""
    if len(a) < 2 or len(b) < 2:  # too few numbers to tell anything
        return True
    return containment(a, b) >= FACTS


Doc = tuple[Hashes, Hashes]  # (shingles, facts)


def doc(summary: str, text: str) -> Doc:
    """Both keys of an article at once: the store keeps them so a later crawl compares
    without re-reading the text."""
    return shingles(summary, text), facts(summary, text)


def _identity(x: int) -> int:
    """The shingles are already 32-bit hashes: MinHash must not hash them again."""
    return x


SCHEME = "affine32"  # 32-bit shingle hashes in, 32-bit signature values out


def signature(sh: Hashes) -> MinHash:
    """The MinHash the LSH index files an article under; computed once per article and stored,
    so rebuilding the index after a restart never recomputes it."""
    m = MinHash(num_perm=NUM_PERM, hashfunc=_identity, scheme=SCHEME)
    if len(sh):
        m.update_batch(sh.tolist())
    return m


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


@dataclass
class Placed:
    """Where an article went: its cluster, the article that confirmed it (None when it starts a
    new cluster) and the containment that did, for logs and stats."""

    cluster: str
    matched: str | None
    score: float


class ClusterIndex:
    """LSH over every stored article; in memory, or in Redis when several crawler processes
    share one store. `loader(key)` fetches (shingles, cluster) of an article this process has not
    seen (the store is the truth; the index only finds candidates).

    This class knows nothing of other processes: keeping it in step with the store, and placing
    under the store's lock so two processes never both miss each other's copy, is
    `crawler.syndication.StoreIndex`'s work."""

    def __init__(
        self,
        storage_config: Mapping[str, object] | None = None,
        loader: Callable[[str], tuple[Doc, str] | None] | None = None,
    ) -> None:
        self.storage = storage_config
        self.lsh = self._lsh()
        self.local: dict[str, tuple[Doc, str]] = {}
        self.loader = loader

    def _lsh(self) -> MinHashLSH:
        return MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, storage_config=self.storage)

    def clear(self) -> None:
        """Start again from nothing, when what the index held no longer describes its store.
        In memory that is all; a Redis index's keys are its owner's to delete first."""
        self.lsh = self._lsh()
        self.local.clear()

    def __contains__(self, key: str) -> bool:
        return key in self.local or self.lsh.__contains__(key)

    def add(self, key: str, d: Doc, cluster: str, sig: MinHash | None = None) -> bool:
        """File an article already placed (rebuilding from the store, or after `place`);
        inserting a key twice would make datasketch raise, so a known key is not re-inserted.
        True when the key is new to the LSH: what a failed write must take back (`forget`)."""
        inserted = self.file(key, sig or signature(d[0]))
        self.local[key] = (d, cluster)
        return inserted

    def file(self, key: str, sig: MinHash) -> bool:
        """Only the LSH entry, no local copy: with Redis the store is read for candidates, so a
        process need not hold every article in memory. True when the key was new."""
        if key in self.lsh:
            return False
        self.lsh.insert(key, sig)
        return True

    def forget(self, key: str) -> None:
        """Take back an article whose write failed: left in, it would be a candidate that no
        stored row backs, and a copy matched to it would name a story that does not exist."""
        if key in self.lsh:
            self.lsh.remove(key)
        self.local.pop(key, None)

    def _get(self, key: str) -> tuple[Doc, str] | None:
        if key in self.local:
            return self.local[key]
        return self.loader(key) if self.loader else None

    def best_match(
        self, d: Doc, sig: MinHash | None = None, exclude: str | None = None
    ) -> tuple[str | None, float]:
        """The confirmed candidate with the highest containment (None when none confirms)."""
        best, score = None, 0.0
        for cand in self.lsh.query(sig or signature(d[0])):
            if cand == exclude:
                continue
            got = self._get(cand)
            if got is None:
                continue
            s = containment(d[0], got[0][0])
            if s > score and s >= CONTAINMENT and facts_agree(d[1], got[0][1]):
                best, score = cand, s
        return best, score

    def place(self, key: str, d: Doc, sig: MinHash | None = None) -> Placed:
        """The cluster of a new article: a confirmed match's, or a new one named after it.
        An article already placed keeps its cluster, so a cluster's id (the feed guid) never
        changes when it grows."""
        known = self._get(key)
        if known is not None and key in self.lsh:
            return Placed(known[1], None, 1.0)
        sig = sig or signature(d[0])
        match, score = self.best_match(d, sig, exclude=key)
        cluster = key
        if match is not None:
            got = self._get(match)
            assert got is not None
            cluster = got[1]
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


SIG_DTYPE = signature(np.array([], dtype=np.uint32)).hashvalues.dtype


def sig_bytes(sig: MinHash) -> bytes:
    """The signature as the store keeps it, in one fixed dtype so `sig_from` reads it back."""
    values: Hashes = sig.hashvalues.astype(SIG_DTYPE)
    return values.tobytes()


def sig_from(raw: bytes) -> MinHash:
    """A stored signature back as a MinHash, so the index is rebuilt without the texts."""
    return MinHash(
        num_perm=NUM_PERM,
        hashfunc=_identity,
        scheme=SCHEME,
        hashvalues=np.frombuffer(raw, dtype=SIG_DTYPE).copy(),
    )


def arr(raw: bytes | None) -> Hashes:
    """Stored shingles or facts back as an array; a row stored without them reads as empty."""
    return np.frombuffer(raw or b"", dtype=np.uint32)
