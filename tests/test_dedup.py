"""One story, one item: canonical URLs, the labelled "same story" set, the cluster index
(in memory, rebuilt from the store, shared through the real Redis), and the unified feed."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import feedparser
import numpy as np
import pytest

from crawler.core.canonical import canonical, normalize_url
from crawler.core.cluster import (
    BANDS,
    CONTAINMENT,
    FACTS,
    LSH_THRESHOLD,
    LSH_WEIGHTS,
    ROWS,
    ClusterIndex,
    MemoryBands,
    cluster_records,
    containment,
    doc,
    facts,
    shingles,
    signature,
    sweep,
)
from crawler.storage import Store
from crawler.syndication import RedisBands, index_for
from output.publish import publish_all
from tests.conftest import run_cli
from tests.dedup_pairs import pairs

PAIRS = pairs()


@pytest.mark.parametrize(
    ("variant", "want"),
    [
        (
            "http://www.nhandan.vn/a-post1.html?utm_source=fb&utm_medium=x#top",
            "https://nhandan.vn/a-post1.html",
        ),
        ("https://m.baocantho.com.vn/a-a1.html", "https://baocantho.com.vn/a-a1.html"),
        (
            "https://baoquangtri.vn/xay-dung-dang/202611/a-1f2e3d4/",
            "https://baoquangtri.vn/xay-dung-dang/202611/a-1f2e3d4",
        ),
        (
            "https://nhandan.vn:443/a-post1.html?fbclid=abc&zarsrc=30",
            "https://nhandan.vn/a-post1.html",
        ),
        ("https://baocantho.com.vn/print/a-a1.html", "https://baocantho.com.vn/a-a1.html"),
        ("https://amp.nhandan.vn/a-post1.html", "https://nhandan.vn/a-post1.html"),
        ("https://nhandan.vn/a-post1.html/amp", "https://nhandan.vn/a-post1.html"),
        ("https://tinh.vn/news?id=5&b=2", "https://tinh.vn/news?b=2&id=5"),
    ],
)
def test_url_variants_normalise_to_one(variant: str, want: str) -> None:
    assert normalize_url(variant) == want


def test_declared_canonical_only_when_it_belongs_to_the_site() -> None:
    url = "https://nhandan.vn/a-post1.html?utm_source=x"
    assert canonical(url, ["https://nhandan.vn/a-post1.html", ""]) == (
        "https://nhandan.vn/a-post1.html",
        "link:canonical",
    )
    assert canonical(
        url, ["https://other.vn/copy.html", "https://www.nhandan.vn/a-post1.html"]
    ) == ("https://nhandan.vn/a-post1.html", "og:url")
    assert canonical(url, ["https://other.vn/copy.html", ""]) == (
        "https://nhandan.vn/a-post1.html",
        "url",
    )


def test_labelled_set_precision_and_recall() -> None:
    kinds = {k for *_, k in PAIRS}
    assert len(PAIRS) >= 60 and kinds == {"syndicated", "url-variant", "same-template", "follow-up"}
    ((t, p, r),) = sweep([x[:5] for x in PAIRS], [CONTAINMENT])
    print(f"labelled pairs: {len(PAIRS)}; at containment {t}: precision {p:.3f}, recall {r:.3f}")
    assert p >= 0.98 and r >= 0.95


def test_threshold_sits_in_the_gap_the_labelled_set_shows() -> None:
    docs = [(doc(a, b), doc(c, d), same, kind) for a, b, c, d, same, kind in PAIRS]
    text = [(containment(x[0], y[0]), same) for x, y, same, _ in docs]
    worst_same = min(s for s, y in text if y)
    best_other = max(s for s, y in text if not y)
    print(f"text: same story >= {worst_same:.2f}; different stories <= {best_other:.2f}")
    assert best_other < CONTAINMENT < worst_same


def test_facts_threshold_sits_in_the_gap_the_labelled_set_shows() -> None:
    """The claim of cluster.FACTS: same-story pairs agree on all their numbers, same-template
    events on far fewer than FACTS of them. (A follow-up repeats the original's background,
    numbers included, so it is told apart by its text, not by this check.)"""
    nums: dict[str, list[float]] = {}
    for sa, ta, sb, tb, _same, kind in PAIRS:
        fa, fb = doc(sa, ta)[1], doc(sb, tb)[1]
        if len(fa) > 1 and len(fb) > 1:  # fewer than two numbers: the check abstains
            nums.setdefault(kind, []).append(containment(fa, fb))
    same_story = nums["syndicated"] + nums["url-variant"]
    template = nums["same-template"]
    # the check must really apply: every same-template pair and nearly every copy has numbers
    assert len(template) == sum(1 for p in PAIRS if p[5] == "same-template")
    assert len(same_story) >= 0.9 * sum(1 for p in PAIRS if p[4])
    same_min, template_max = min(same_story), max(template)
    print(f"numbers: same story >= {same_min:.2f}; same template <= {template_max:.2f}")
    assert same_min == 1.0
    assert template_max < FACTS <= same_min


def test_index_places_every_pair_right() -> None:
    """LSH candidates + confirmation, as the crawl uses them."""
    wrong = []
    for i, (sa, ta, sb, tb, same, kind) in enumerate(PAIRS):
        idx = ClusterIndex()
        a = idx.place(f"a{i}", doc(sa, ta))
        b = idx.place(f"b{i}", doc(sb, tb))
        if (a.cluster == b.cluster) != same:
            wrong.append((i, kind))
    assert not wrong


def test_boilerplate_lines_do_not_count() -> None:
    text = "Đoạn một của bài viết có đủ nhiều từ để tạo shingle.\n\nĐoạn hai cũng vậy, dài vừa đủ."
    noisy = text + "\n\nTheo TTXVN\n\nẢnh: Phương Hoa/TTXVN\n\nTin liên quan"
    assert np.array_equal(shingles("", text), shingles("", noisy))
    assert np.array_equal(
        shingles("(CTO) - Sáng 1/1, hội nghị khai mạc tại hội trường.", ""),
        shingles("Sáng 1/1, hội nghị khai mạc tại hội trường.", ""),
    )


def test_clusters_cli(tmp_path: Path) -> None:
    (sa, ta, sb, tb, _, _), (sc, tc, sd, td, _, _) = (
        PAIRS[0],
        next(p for p in PAIRS if p[5] == "same-template"),
    )
    recs = [
        {"url": "https://a.vn/1", "summary": sa, "text": ta, "published": "2026-11-01T08:00"},
        {"url": "https://b.vn/1", "summary": sb, "text": tb, "published": "2026-11-01T09:00"},
        {"url": "https://c.vn/1", "summary": sc, "text": tc, "published": "2026-11-02T08:00"},
        {"url": "https://d.vn/1", "summary": sd, "text": td, "published": "2026-11-02T09:00"},
    ]
    for i, r in enumerate(recs):
        (tmp_path / f"{i}.json").write_text(json.dumps(r, ensure_ascii=False))
    out = run_cli("clusters", *[str(tmp_path / f"{i}.json") for i in range(4)])
    assert out.returncode == 0, out.stderr
    assert sorted(json.loads(out.stdout)) == [
        ["https://a.vn/1", "https://b.vn/1"],
        ["https://c.vn/1"],
        ["https://d.vn/1"],
    ]
    assert cluster_records(recs) == json.loads(out.stdout)
    (tmp_path / "bad.json").write_text("{nope")
    bad = run_cli("clusters", str(tmp_path / "bad.json"))
    assert bad.returncode == 2 and "bad.json: not JSON" in bad.stderr


def test_demo_story_once_in_unified_feed_and_in_each_outlet_feed(
    replayed_db: str, tmp_path: Path
) -> None:
    publish_all(Store(replayed_db), tmp_path, "https://feeds.example.org/")
    ttxvn = "https://baotintuc.vn/thoi-su/dang-uy-cac-co-quan-dang-trung-uong-trien-khai-nhiem-vu-nam-2027-20261119172500123.htm"
    cantho = "https://baocantho.com.vn/dang-uy-cac-co-quan-dang-trung-uong-trien-khai-nhiem-vu-nam-2027-a201522.html"
    feed = feedparser.parse(str(tmp_path / "feed.xml"))
    assert feed.bozo == 0
    links = [e.link for e in feed.entries]
    assert ttxvn in links and cantho not in links  # the agency published first
    entry = next(e for e in feed.entries if e.link == ttxvn)
    assert "Cũng đăng trên" in entry.content[0].value and cantho in entry.content[0].value
    stored = len(Store(replayed_db).latest())
    assert len(feed.entries) == stored - 1
    for site, url in (("baotintuc", ttxvn), ("baocantho", cantho)):
        own = feedparser.parse(str(tmp_path / "sites" / f"{site}.xml"))
        assert url in [e.link for e in own.entries]


def test_cluster_keeps_its_id_when_it_grows_and_index_rebuilds_from_store(
    replayed_db: str, tmp_path: Path
) -> None:
    import shutil

    db_file = tmp_path / "pw.db"
    shutil.copy(replayed_db.removeprefix("sqlite:///"), db_file)
    store = Store(f"sqlite:///{db_file}")
    ttxvn = next(r for r in store.latest() if r["site"] == "baotintuc" and "2027" in r["title"])
    cid = ttxvn["cluster"]
    idx = index_for(store)  # rebuilt from the stored signatures of the window
    assert len(idx.bands) == store.count()  # the replayed crawl stored them all just now
    assert not idx.local  # signatures only: shingles are read from the store when needed
    # a third outlet reposts the story later, with its own sapo and a cut paragraph
    text = "\n\n".join([*ttxvn["text"].split("\n\n")[:-1], "Theo TTXVN"])
    placed = idx.place("https://tinh.dcs.vn/news/x/repost-1.html", doc("", text))
    assert placed.cluster == cid
    again = index_for(store).place(ttxvn["canonical_url"], doc(ttxvn["summary"], ttxvn["text"]))
    assert again.cluster == cid


def test_shared_redis_index_across_processes(pg_url: str) -> None:
    """Two crawler processes on one PostgreSQL store find each other's articles via Redis."""
    import redis

    from crawler.core import cluster

    base = f"pw-test-{uuid.uuid4().hex[:8]}"
    r = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    store = Store(pg_url)
    (sa, ta, sb, tb, _, _) = PAIRS[0]
    d_a = doc(sa, ta)
    store.upsert(
        [
            {
                "url": "https://a.vn/1",
                "canonical_url": "https://a.vn/1",
                "site": "x",
                "title": "A",
                "text": ta,
                "shingles": d_a[0].tobytes(),
                "facts": d_a[1].tobytes(),
            }
        ]
    )
    store.set_cluster("https://a.vn/1", "https://a.vn/1")

    def loader(keys):  # type: ignore[no-untyped-def]
        out = {}
        for k in keys:  # the other process's article, read from the shared store
            row = store.cluster_row(k)
            if row and row[0]:
                sh, fa = (np.frombuffer(x or b"", dtype=np.uint32) for x in row[:2])
                out[k] = (sh, fa), row[2]
        return out

    try:
        params = {"host": "127.0.0.1"}
        one = cluster.ClusterIndex(RedisBands(base.encode(), params), loader=loader)
        one.add("https://a.vn/1", d_a, "https://a.vn/1")
        two = cluster.ClusterIndex(RedisBands(base.encode(), params), loader=loader)
        assert "https://a.vn/1" not in two.local  # nothing shared in memory
        placed = two.place("https://b.vn/1", doc(sb, tb))
        assert placed.cluster == "https://a.vn/1" and placed.matched == "https://a.vn/1"
        assert "https://b.vn/1" in one.bands  # and the first process now sees the second's
        assert any(True for _ in r.scan_iter(f"{base}*")), "the LSH tables live in Redis"
    finally:
        for k in r.scan_iter(f"{base}*"):
            r.delete(k)


def test_same_page_twice_in_a_crawl_keeps_the_richer_copy() -> None:
    from datetime import UTC, datetime

    from scrapy.exceptions import DropItem

    from crawler.core.dedup import keys
    from crawler.core.items import Article
    from pipelines.dedup import DedupPipeline

    def item(url: str, text: str, published: datetime | None) -> Article:
        return Article(
            url=url,
            site="nhandan",
            title="T",
            text=text,
            published=published,
            hints={"canonical": "https://nhandan.vn/a-post1.html"},
        )

    p = DedupPipeline()

    def crawl_sees(a: Article) -> Article:  # keys are the core stage before the pipeline
        return p.process_item(keys(a))

    crawl_sees(item("https://nhandan.vn/a-post1.html?utm_source=x", "Ngắn.", None))
    richer = item(
        "https://m.nhandan.vn/a-post1.html",
        "Ngắn. Và dài hơn nhiều.",
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert crawl_sees(richer) is richer
    with pytest.raises(DropItem):
        crawl_sees(item("https://nhandan.vn/a-post1.html", "Ngắn.", None))
    with pytest.raises(DropItem):  # same text under another URL: one copy per crawl
        crawl_sees(
            Article(
                url="https://nhandan.vn/print/b.html",
                site="nhandan",
                title="T",
                text="Ngắn. Và dài hơn nhiều.",
            )
        )


def test_signatures_are_datasketchs_own() -> None:
    """Computed without a MinHash object, the values are datasketch's, bit for bit (stores
    written by earlier releases keep theirs, and revision 0005 carries them over)."""
    from datasketch import MinHash

    for sa, ta, *_ in PAIRS[:12]:
        sh = doc(sa, ta)[0]
        m = MinHash(num_perm=128, hashfunc=lambda x: x, scheme="affine32")
        m.update_batch(sh.tolist())
        assert np.array_equal(signature(sh), m.hashvalues)
    empty = MinHash(num_perm=128, hashfunc=lambda x: x, scheme="affine32").hashvalues
    assert np.array_equal(signature(np.array([], dtype=np.uint32)), empty)


def test_the_constants_are_datasketchs_without_importing_it() -> None:
    """The bands and permutations written out in crawler.core.cluster are what datasketch
    itself computes (its LSH's optimum for the threshold and weights, its MinHash's seed-1
    permutations), and a crawl's import of the index does not pull datasketch (nor scipy)."""
    import subprocess  # lazy: only this test starts a fresh interpreter
    import sys  # lazy: as above

    from datasketch import MinHash, MinHashLSH

    from crawler.core import cluster

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=128, weights=LSH_WEIGHTS)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)
    a, b = MinHash(num_perm=128, hashfunc=lambda x: x, scheme="affine32").permutations
    assert np.array_equal(cluster._A, a) and np.array_equal(cluster._B, b)
    probe = (
        "import sys, pipelines.store, crawler.syndication; "
        "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "[]"


def test_doc_is_shingles_and_facts_from_one_pass() -> None:
    for sa, ta, sb, tb, *_ in PAIRS:
        for s, t in ((sa, ta), (sb, tb)):
            sh, fa = doc(s, t)
            assert np.array_equal(sh, shingles(s, t)) and np.array_equal(fa, facts(s, t))


def test_the_bands_are_the_weighted_setting_and_keep_every_same_story_pair() -> None:
    """21 bands of 6 rows: what datasketch finds best for threshold 0.6 weighted 0.3/0.7 against
    false negatives (its unweighted 18 x 7 makes a pair at Jaccard 0.74, the labelled set's
    lowest same-story pair, a candidate only 90% of the time). Every same-story pair is a
    candidate, and passes the signature pre-filter; most template look-alikes do not."""
    assert (BANDS, ROWS) == (21, 6) and LSH_WEIGHTS == (0.3, 0.7)
    kept = {True: 0, False: 0}
    for sa, ta, sb, tb, same, _ in PAIRS:
        bands = MemoryBands()
        a, b = signature(doc(sa, ta)[0]), signature(doc(sb, tb)[0])
        bands.insert("a", a, 0.0)
        if same:
            assert bands.candidates(b) == ["a"] and bands.near(b, LSH_THRESHOLD) == ["a"]
        kept[same] += bands.near(b, LSH_THRESHOLD) == ["a"]
    others = sum(1 for p in PAIRS if not p[4])
    print(f"pre-filtered candidates: {kept[True]} same-story pairs, {kept[False]}/{others} others")
    assert kept[False] <= others // 4


def test_memory_bands_remove_prune_and_compact() -> None:
    """Entries come and go (failed writes, the window moving on) through merges and
    compactions; the rest are still found, the gone never."""
    sigs = {f"k{i}": signature(doc(p[0], p[1])[0]) for i, p in enumerate(PAIRS)}
    bands = MemoryBands()
    bands.MERGE = 8  # merge and compact often
    for i, (k, s) in enumerate(sigs.items()):
        assert bands.insert(k, s, float(i)) and not bands.insert(k, s, float(i))
    assert bands.remove("k3") and not bands.remove("k3")
    assert bands.prune(10.0) == 9  # k0..k9 but k3, already gone
    assert len(bands) == len(sigs) - 10
    for i, (k, s) in enumerate(sigs.items()):
        assert (k in bands.near(s, 0.99)) == (i >= 10)
    assert bands.insert_many(["k0", "k11"], np.stack([sigs["k0"], sigs["k11"]]), [50, 50]) == 1
    assert "k0" in bands.near(sigs["k0"], 0.99)
