"""Search over the archive: a reader's query read from URL parameters (hostile ones refused in one
line or matched as plain text), and Store.search on SQLite (FTS5) and on the real PostgreSQL
(tsvector), one code path: tone- and diacritic-insensitive, newest first, filters AND-ed, keyset
pages that cover everything once.

The articles are synthetic; every expected list is worked out from their titles and texts."""

from __future__ import annotations

import base64
import sqlite3
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crawler.search import (
    MAX_INDEXED,
    MAX_LIMIT,
    BadQuery,
    Query,
    format_cursor,
    index_text,
    parse_cursor,
    parse_query,
    phrases,
    province_name,
)
from crawler.storage import Store

VN = timezone(timedelta(hours=7))
#: a cursor as format_cursor would write it, but of a time with no zone
NAIVE = base64.urlsafe_b64encode(b"2026-03-03 02:30:00\nhttps://a.vn/1").decode().rstrip("=")
T0 = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


# -- parse_query: what a URL may ask ------------------------------------------------------------


def test_no_parameters_and_empty_form_fields_are_no_filter() -> None:
    assert parse_query({}) == Query()
    empty = {"q": "", "province": " ", "site": "", "kind": "", "limit": "", "before": ""}
    assert parse_query(empty) == Query(limit=50)
    assert parse_query({"utm_source": "rss", "q": "Đảng"}) == Query(q="Đảng")


def test_every_parameter_is_read() -> None:
    cursor = format_cursor(datetime(2026, 3, 3, 9, 30, tzinfo=VN), "https://a.vn/x?a=1&b=2")
    got = parse_query(
        {
            "q": "  chuyển đổi số ",
            "province": "can-tho",
            "site": "baocantho",
            "kind": "newspaper",
            "limit": "200",
            "before": cursor,
        }
    )
    assert got == Query(
        q="chuyển đổi số",
        province="can-tho",
        site="baocantho",
        kind="newspaper",
        limit=200,
        before=(datetime(2026, 3, 3, 2, 30, tzinfo=UTC), "https://a.vn/x?a=1&b=2"),
    )


def test_q_arrives_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "xây dựng Đảng")
    assert nfd != "xây dựng Đảng"
    assert parse_query({"q": nfd}).q == "xây dựng Đảng"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "abc"}, "limit: 'abc' is not a whole number from 1 to 200"),
        ({"limit": "0"}, "limit: 0 is not a whole number from 1 to 200"),
        ({"limit": "201"}, "limit: 201 is not a whole number from 1 to 200"),
        ({"limit": "-5"}, "limit: '-5' is not a whole number from 1 to 200"),
        ({"limit": "5_0"}, "limit: '5_0' is not a whole number from 1 to 200"),
        ({"limit": "1e3"}, "limit: '1e3' is not a whole number from 1 to 200"),
        ({"limit": "99999999999999999999"}, "limit: '99999999999999999999' is not a whole"),
        ({"q": "x" * 10_000}, "q: 10000 characters, at most 500"),
        ({"q": "x" * 501}, "q: 501 characters, at most 500"),
        ({"q": "xây\x00dựng"}, "q: control character U+0000 in 'xây\\x00dựng'"),
        ({"q": "a\nb"}, "q: control character U+000A"),
        ({"q": "xây \udcc3 dựng"}, "q: not valid UTF-8"),
        ({"q": "x\ufffd"}, "q: not valid UTF-8"),
        ({"site": "a\x1bb"}, "site: control character U+001B"),
        ({"province": "p" * 101}, "province: 101 characters, at most 100"),
        ({"kind": "blog"}, "kind: 'blog' is not one of party-portal, newspaper, news-agency, "),
        ({"before": "not a cursor!"}, "before: 'not a cursor!' is not a cursor this feed gave"),
        ({"before": "aGVsbG8"}, "before: 'aGVsbG8' is not a cursor this feed gave"),  # "hello"
        ({"before": NAIVE}, f"before: {NAIVE[:40]!r}... is not a cursor this feed gave"),
        ({"before": "x" * 4000}, "before: 'xxxxxxxx"),
    ],
)
def test_a_bad_parameter_is_one_line_naming_it(params: dict[str, str], message: str) -> None:
    with pytest.raises(BadQuery) as bad:
        parse_query(params)
    said = str(bad.value)
    assert said.startswith(message)
    assert "\n" not in said and len(said) < 120


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "'",
        '" OR 1=1 --',
        "'; DROP TABLE articles; --",
        "NEAR(xây dựng, 2)",
        "xây*",
        "^xây",
        "title:xây",
        "xây AND dựng OR NOT Đảng",
        "{search_text}: x",
        "( ) [ ] \\ % _ - + * ?",
        "\u200b\u00a0",
    ],
)
def test_quotes_sql_and_fts_syntax_are_just_text(q: str) -> None:
    assert parse_query({"q": q}).q == q.strip()


def test_a_cursor_goes_there_and_back() -> None:
    at = datetime(2026, 3, 3, 9, 30, 15, 123456, tzinfo=VN)
    url = "https://báo.vn/tin+tức?id=1&x=é#frag"
    cursor = format_cursor(at, url)
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert parse_cursor(cursor) == (datetime(2026, 3, 3, 2, 30, 15, 123456, tzinfo=UTC), url)


def test_a_query_made_in_code_is_checked_too() -> None:
    with pytest.raises(BadQuery, match="limit: 201"):
        Query(limit=MAX_LIMIT + 1)
    with pytest.raises(BadQuery, match="limit: '5'"):
        Query(limit="5")  # type: ignore[arg-type]
    with pytest.raises(BadQuery, match="before: the cursor's time has no time zone"):
        Query(before=(datetime(2026, 1, 1), "https://a.vn/1"))
    with pytest.raises(BadQuery, match="q: not valid UTF-8"):
        Query(q="\ud800")
    assert Query(q="   ").q is None


def test_phrases_are_folded_words() -> None:
    assert phrases("xây dựng Đảng") == ["xay dung dang"]
    assert phrases('"Xây dựng Đảng", Cần Thơ; “chuyển đổi số”') == [
        "xay dung dang",
        "can tho",
        "chuyen doi so",
    ]
    assert phrases('" OR 1=1 --') == ["or 1 1"]
    assert phrases("NEAR(xây dựng, 2)") == ["near xay dung", "2"]
    assert phrases("hoà") == phrases("hòa") == ["hoa"]
    assert phrases("Uỷ ban") == phrases("Ủy ban") == ["uy ban"]
    assert phrases("!!! -- ' ") == []
    assert phrases("a, a") == ["a"]


def test_index_text_is_title_summary_and_text_folded() -> None:
    assert index_text("Xây dựng Đảng", "", "Hoà bình.\n\nTP.HCM, 3/3") == (
        "xay dung dang hoa binh tp hcm 3 3"
    )
    assert index_text(None, None, None) == ""


def test_index_text_is_cut_at_a_word_end() -> None:
    words = [f"w{i:06d}" for i in range(40_000)]  # 7 characters and a space each
    got = index_text("", "", " ".join(words))
    assert len(got) <= MAX_INDEXED and got.split(" ") == words[: (MAX_INDEXED + 1) // 8]
    exactly = "a" * (MAX_INDEXED - 3) + " bc"
    assert index_text("", "", exactly) == exactly
    assert index_text("", "", "a" + exactly) == "a" * (MAX_INDEXED - 2)


def test_a_province_is_its_name_or_its_slug() -> None:
    assert province_name("can-tho") == "Cần Thơ"
    assert province_name("Can Tho") == "Cần Thơ"
    assert province_name(unicodedata.normalize("NFD", "Cần Thơ")) == "Cần Thơ"
    assert province_name("Cần Thơ") == "Cần Thơ"
    assert province_name("toan-quoc") == "Toàn quốc"
    assert province_name("Hòa Bình") == "Hòa Bình"  # a former province: looked for as given


# -- Store.search on both backends --------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "sqlite":
        return Store(f"sqlite:///{tmp_path / 'pw.db'}")
    return Store(request.getfixturevalue("pg_url"))


def art(key: str, hours: float | None, **kw: Any) -> dict[str, Any]:
    url = f"https://{kw.pop('site', 'nhandan')}.vn/{key}"
    base: dict[str, Any] = {
        "url": url,
        "canonical_url": url,
        "site": url.split("/")[2].removesuffix(".vn"),
        "outlet": "Báo",
        "province": "Toàn quốc",
        "title": f"Tin {key}",
        "summary": "",
        "text": "Nội dung khác.",
        "published": None if hours is None else T0 + timedelta(hours=hours),
        "fetched_at": T0 + timedelta(days=2),
    }
    base.update(kw)
    return base


#: key -> what it holds; "xây dựng Đảng" is in A (title), B (text, upper case, NFD), C (summary)
CORPUS = [
    art("a", 5, site="baocantho", province="Cần Thơ", title="Nâng cao công tác xây dựng Đảng"),
    art("b", 4, text=unicodedata.normalize("NFD", "Hội nghị bàn về XÂY DỰNG ĐẢNG năm 2026.")),
    art(
        "c",
        3,
        site="cantho",
        province="Cần Thơ",
        summary="Xây dựng Đảng và hệ thống chính trị",
    ),
    art("e", 2, site="baocantho", province="Cần Thơ", title="Đảng bộ xây dựng nông thôn mới"),
    art("f", 1, title="Giữ vững hoà bình"),
    art("g", 0, text="Tổ hòa giải ở cơ sở."),
    art("h", None, title="Xây dựng Đảng (bài chưa có ngày)"),
]


def keys(rows: list[dict[str, Any]]) -> list[str]:
    return [r["canonical_url"].rsplit("/", 1)[1] for r in rows]


def test_xay_dung_dang_finds_the_articles_of_xay_dung_dang(store: Store) -> None:
    store.upsert(CORPUS)
    # newest first; e has the words in another order, h has no date
    assert keys(store.search(Query(q="xay dung dang"))) == ["a", "b", "c"]
    assert keys(store.search(Query(q="xây dựng Đảng"))) == ["a", "b", "c"]
    assert keys(store.search(Query(q="XÂY DỰNG ĐẢNG"))) == ["a", "b", "c"]
    assert keys(store.search(Query(q="dang xay dung"))) == []
    assert keys(store.search(Query(q="xay dung"))) == ["a", "b", "c", "e"]
    assert store.newest(Query(q="xay dung dang")) == T0 + timedelta(hours=5)


def test_either_tone_placement_finds_both(store: Store) -> None:
    store.upsert(CORPUS)
    assert keys(store.search(Query(q="hoà"))) == ["f", "g"]
    assert keys(store.search(Query(q="hòa"))) == ["f", "g"]
    assert keys(store.search(Query(q="hoa binh"))) == ["f"]
    assert keys(store.search(Query(q="hoà giải"))) == ["g"]


def test_several_phrases_must_all_be_there(store: Store) -> None:
    store.upsert(CORPUS)
    assert keys(store.search(Query(q='"xây dựng Đảng", hệ thống'))) == ["c"]
    assert keys(store.search(Query(q="xây dựng, nông thôn"))) == ["e"]
    assert keys(store.search(Query(q="hoà, xây dựng"))) == []


def test_filters_are_anded(store: Store) -> None:
    store.upsert(CORPUS)
    q = "xay dung dang"
    assert keys(store.search(Query(q=q, province="can-tho"))) == ["a", "c"]
    assert keys(store.search(Query(q=q, province="Cần Thơ", site="cantho"))) == ["c"]
    assert keys(store.search(Query(q=q, site="nhandan"))) == ["b"]
    assert keys(store.search(Query(q=q, site="cantho", province="Toàn quốc"))) == []
    assert keys(store.search(Query(province="can-tho"))) == ["a", "c", "e"]
    assert keys(store.search(Query())) == ["a", "b", "c", "e", "f", "g"]
    assert store.newest(Query(site="cantho")) == T0 + timedelta(hours=3)
    assert store.newest(Query(site="nowhere")) is None


def test_kind_is_the_sites_of_that_kind(store: Store) -> None:
    store.upsert(CORPUS)
    newspapers = ["baocantho", "cantho"]
    got = store.search(Query(q="xay dung", kind="newspaper"), kind_sites=newspapers)
    assert keys(got) == ["a", "c", "e"]
    got = store.search(Query(kind="newspaper", site="cantho"), kind_sites=newspapers)
    assert keys(got) == ["c"]
    assert store.search(Query(kind="news-agency"), kind_sites=[]) == []
    assert store.newest(Query(kind="news-agency"), kind_sites=[]) is None
    with pytest.raises(ValueError, match=r"kind 'newspaper': Store\.search needs the sites"):
        store.search(Query(kind="newspaper"))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"', None),  # no word: nothing
        ("'", None),
        ('" OR 1=1 --', []),  # the words "or 1 1": in no article
        ("'; DROP TABLE articles; --", []),
        ("NEAR(xây dựng Đảng)", []),  # "near" is a word here, not an operator
        ("xây*", ["a", "b", "c", "e"]),  # the word "xay", not a prefix
        ("xâ*", []),
        ("^xây dựng Đảng", ["a", "b", "c"]),
        ("title:xây", []),  # the words "title xay"
        ("xây AND dựng", []),  # "xay and dung": the phrase is not there
        ("NOT Đảng", []),
        ("{search_text}: xây", []),
        ("( ) [ ] \\ % _ - + * ?", None),
        ("%", None),
        ("\u200b", None),
    ],
)
def test_hostile_q_is_matched_as_words(store: Store, q: str, expected: list[str] | None) -> None:
    store.upsert(CORPUS)
    query = parse_query({"q": q})
    got = keys(store.search(query))
    # None: no word in q, so nothing matches (not everything)
    assert got == ([] if expected is None else expected)
    if expected is None:
        assert store.newest(query) is None
    assert store.count() == len(CORPUS)


def test_the_longest_q_allowed_is_answered(store: Store) -> None:
    store.upsert(CORPUS)
    long_q = ("xây dựng Đảng " * 40)[:500]
    assert keys(store.search(parse_query({"q": long_q}))) == []
    many = ", ".join(["xây dựng Đảng"] * 30)  # one phrase, said 30 times
    assert len(many) <= 500
    assert keys(store.search(parse_query({"q": many}))) == ["a", "b", "c"]
    words = ",".join(f"w{i}" for i in range(120))  # 120 phrases, AND-ed
    assert len(words) <= 500
    assert store.search(parse_query({"q": words})) == []


def test_rows_are_articles_without_the_index_text(store: Store) -> None:
    store.upsert(CORPUS)
    row = store.search(Query(q="hoa binh"))[0]
    assert "search_text" not in row
    assert row["title"] == "Giữ vững hoà bình" and row["published"] == T0 + timedelta(hours=1)
    assert "search_text" not in (store.get(row["canonical_url"]) or {})


def test_an_enormous_text_is_stored_and_found_by_its_beginning(store: Store) -> None:
    """3 MB of distinct words: PostgreSQL's tsvector would refuse it whole (over 1 MB)."""
    huge = " ".join(f"w{i}" for i in range(400_000))
    store.upsert([art("big", 1, text=f"Mở đầu. {huge} kết thúc")])
    stored = store.get("https://nhandan.vn/big")
    assert stored is not None and stored["text"].endswith(" kết thúc")  # the text is all kept
    assert keys(store.search(Query(q="mo dau w0 w1"))) == ["big"]
    assert keys(store.search(Query(q="ket thuc"))) == []  # past the indexed part


def _paged(store: Store, query: Query) -> list[list[str]]:
    pages: list[list[str]] = []
    while True:
        rows = store.search(query)
        if not rows:
            return pages
        pages.append(keys(rows))
        last = rows[-1]
        cursor = parse_cursor(format_cursor(last["published"], last["canonical_url"]))
        query = Query(q=query.q, site=query.site, limit=query.limit, before=cursor)


def test_keyset_pages_are_disjoint_and_cover_everything(store: Store) -> None:
    # 13 dated articles, several at the same instant (the cursor's URL breaks the ties), 2 undated
    many = [
        art(f"p{i:02d}", i // 3, text="Chuyển đổi số ở cơ sở." if i % 2 else "Tin khác.")
        for i in range(13)
    ]
    store.upsert([*many, art("u1", None), art("u2", None, text="Chuyển đổi số.")])
    everything = [f"p{i:02d}" for i in sorted(range(13), key=lambda i: (-(i // 3), i))]
    pages = _paged(store, Query(limit=4))
    assert [len(p) for p in pages] == [4, 4, 4, 1]
    assert [k for p in pages for k in p] == everything
    assert everything[:4] == ["p12", "p09", "p10", "p11"]  # the newest hour first, then by URL
    odd = [k for k in everything if int(k[1:]) % 2]
    pages = _paged(store, Query(q="chuyển đổi số", limit=2))
    assert [k for p in pages for k in p] == odd and len(pages) == 3
    assert len({k for p in pages for k in p}) == len(odd)
    # after the last of the hour-1 articles (p03, p04, p05): the newest left is at hour 0
    assert store.newest(Query(before=(T0 + timedelta(hours=1), "https://nhandan.vn/p05"))) == T0
    after_p03 = Query(before=(T0 + timedelta(hours=1), "https://nhandan.vn/p03"))
    assert store.newest(after_p03) == T0 + timedelta(hours=1)
    assert keys(store.search(after_p03)) == ["p04", "p05", "p00", "p01", "p02"]


def test_a_recrawl_that_found_less_keeps_the_stored_text_searchable(store: Store) -> None:
    store.upsert(CORPUS)
    c = CORPUS[2]
    store.upsert([{**c, "summary": "", "title": "", "text": "Văn bản mới về cải cách hành chính."}])
    stored = store.get(c["canonical_url"])
    assert stored is not None and stored["summary"] == "Xây dựng Đảng và hệ thống chính trị"
    assert keys(store.search(Query(q="he thong chinh tri"))) == ["c"]  # the kept summary
    assert keys(store.search(Query(q="cai cach hanh chinh"))) == ["c"]  # the new text
    assert keys(store.search(Query(q="noi dung khac", site="cantho"))) == []  # the old text


def test_a_recrawl_with_new_words_is_found_by_them_only(store: Store) -> None:
    store.upsert(CORPUS)
    f = CORPUS[4]
    store.upsert([{**f, "title": "Giữ vững độc lập", "summary": "Tóm tắt.", "text": "Bài viết."}])
    assert keys(store.search(Query(q="hoa binh"))) == []
    assert keys(store.search(Query(q="doc lap"))) == ["f"]
    store.set_cluster(f["canonical_url"], CORPUS[0]["canonical_url"])
    assert keys(store.search(Query(q="doc lap"))) == ["f"]


def test_a_correction_is_found_by_its_new_words(store: Store) -> None:
    store.upsert(CORPUS)
    a = CORPUS[0]
    previous = store.get(a["canonical_url"])
    assert previous is not None
    store.replace({**a, "title": "Đổi mới phương thức lãnh đạo", "text": "Đã sửa."}, previous)
    assert keys(store.search(Query(q="phuong thuc lanh dao"))) == ["a"]
    assert keys(store.search(Query(q="xay dung dang"))) == ["b", "c"]
    assert [r["title"] for r in store.revisions(a["canonical_url"])] == [a["title"]]


def test_a_deleted_article_leaves_the_sqlite_index(tmp_path: Path) -> None:
    """The FTS5 table follows `articles` by triggers, whatever deletes the row."""
    db = tmp_path / "pw.db"
    store = Store(f"sqlite:///{db}")
    store.upsert(CORPUS)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM articles WHERE canonical_url LIKE '%/a'")
        # FTS5's own consistency check against its content table: raises when out of step
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    assert keys(store.search(Query(q="xay dung dang"))) == ["b", "c"]
    store.upsert([CORPUS[0]])
    assert keys(store.search(Query(q="xay dung dang"))) == ["a", "b", "c"]
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
