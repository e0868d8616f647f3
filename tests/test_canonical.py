"""Canonical URLs, one rule at a time: each variant below is another address of the same page, and
every expected key is written out by hand from the rule it illustrates."""

from __future__ import annotations

import pytest

from crawler.core.canonical import canonical, normalize_url, registered

# baochinhphu.vn/chính-sách.htm: "í" is U+00ED (UTF-8 C3 AD), "á" is U+00E1 (UTF-8 C3 A1)
CHINH_SACH = "https://baochinhphu.vn/ch%C3%ADnh-s%C3%A1ch.htm"


@pytest.mark.parametrize(
    "variant",
    [
        "https://baochinhphu.vn/chính-sách.htm",
        "https://baochinhphu.vn/ch%C3%ADnh-s%C3%A1ch.htm",
        "https://baochinhphu.vn/ch%c3%adnh-s%c3%a1ch.htm",
        "https://baochinhphu.vn/ch%C3%adnh-s%c3%A1ch.htm",
        "https://baochinhphu.vn/chính-s%C3%A1ch.htm",
    ],
)
def test_unicode_and_percent_encoded_paths_are_one_key(variant: str) -> None:
    assert normalize_url(variant) == CHINH_SACH


def test_unicode_query_value_and_its_encoding_are_one_key() -> None:
    # "Đảng": Đ U+0110 = C4 90, ả U+1EA3 = E1 BA A3
    want = "https://tinh.vn/tim-kiem?q=%C4%90%E1%BA%A3ng"
    assert normalize_url("https://tinh.vn/tim-kiem?q=Đảng") == want
    assert normalize_url("https://tinh.vn/tim-kiem?q=%c4%90%e1%ba%a3ng") == want


def test_unreserved_characters_are_not_escaped() -> None:
    # %7E is "~" and %2D is "-": escaping them changes nothing (RFC 3986, 6.2.2.2)
    assert (
        normalize_url("https://tinh.vn/%7Etoa-soan/a%2Db.html")
        == "https://tinh.vn/~toa-soan/a-b.html"
    )


def test_escaped_slash_is_not_a_path_separator() -> None:
    assert normalize_url("https://tinh.vn/a%2fb.html") == "https://tinh.vn/a%2Fb.html"


def test_space_in_path_is_escaped_once() -> None:
    assert normalize_url("https://tinh.vn/tin tuc.html") == "https://tinh.vn/tin%20tuc.html"
    assert normalize_url("https://tinh.vn/tin%20tuc.html") == "https://tinh.vn/tin%20tuc.html"


def test_http_becomes_https() -> None:
    assert normalize_url("http://nhandan.vn/a-post1.html") == "https://nhandan.vn/a-post1.html"


@pytest.mark.parametrize("prefix", ["www.", "m.", "mobile.", "amp.", "WWW."])
def test_host_variant_prefix_goes(prefix: str) -> None:
    assert normalize_url(f"https://{prefix}nhandan.vn/a.html") == "https://nhandan.vn/a.html"


def test_only_a_leading_variant_prefix_goes() -> None:
    # "m." inside the host is part of the name, not a mobile variant
    assert normalize_url("https://tinh.m.vn/a.html") == "https://tinh.m.vn/a.html"
    assert normalize_url("https://mnews.vn/a.html") == "https://mnews.vn/a.html"


def test_host_case_folds_but_path_case_stays() -> None:
    assert normalize_url("https://NhanDan.VN/Tin-Tuc.html") == "https://nhandan.vn/Tin-Tuc.html"


def test_unicode_host_is_idna() -> None:
    # "báo.vn" in IDNA: the ASCII letters "bo" then the encoded "á" -> xn--bo-mia
    assert normalize_url("https://báo.vn/a.html") == "https://xn--bo-mia.vn/a.html"


@pytest.mark.parametrize(
    "param",
    [
        "utm_source=fb",
        "utm_campaign=x",
        "UTM_MEDIUM=x",
        "fbclid=abc",
        "gclid=abc",
        "zarsrc=30",
        "zalo_share=1",
        "gidzl=xyz",
        "_ga=1.2",
        "mc_cid=1",
        "ref=home",
        "source=rss",
        "cmpid=9",
        "itm_source=box",
    ],
)
def test_tracking_parameter_goes(param: str) -> None:
    assert normalize_url(f"https://tinh.vn/news?id=5&{param}") == "https://tinh.vn/news?id=5"
    assert normalize_url(f"https://tinh.vn/a.html?{param}") == "https://tinh.vn/a.html"


def test_a_parameter_that_only_looks_like_tracking_stays() -> None:
    # the rule names whole parameters: "reference" and "sources" are not "ref" and "source"
    got = normalize_url("https://tinh.vn/a?reference=1&sources=2&ref=3")
    assert got == "https://tinh.vn/a?reference=1&sources=2"


def test_query_is_sorted_and_blank_values_kept() -> None:
    assert normalize_url("https://tinh.vn/news?id=5&b=2") == "https://tinh.vn/news?b=2&id=5"
    assert normalize_url("https://tinh.vn/news?z=&a=1") == "https://tinh.vn/news?a=1&z="


def test_fragment_goes() -> None:
    assert normalize_url("https://nhandan.vn/a.html#binh-luan") == "https://nhandan.vn/a.html"


@pytest.mark.parametrize(
    "variant", ["https://nhandan.vn:443/a.html", "http://nhandan.vn:80/a.html"]
)
def test_default_port_goes(variant: str) -> None:
    assert normalize_url(variant) == "https://nhandan.vn/a.html"


def test_another_port_names_another_server_and_stays() -> None:
    assert normalize_url("http://tinh.vn:8080/a.html") == "https://tinh.vn:8080/a.html"


@pytest.mark.parametrize(
    "variant",
    [
        "https://baocantho.com.vn/print/a-a1.html",
        "https://baocantho.com.vn/amp/a-a1.html",
        "https://baocantho.com.vn/a-a1.html/amp",
        "https://baocantho.com.vn/a-a1.html.amp",
    ],
)
def test_print_and_amp_renderings_are_the_page(variant: str) -> None:
    assert normalize_url(variant) == "https://baocantho.com.vn/a-a1.html"


def test_print_segment_inside_the_path_goes() -> None:
    assert normalize_url("https://tinh.vn/tin/print/a.html") == "https://tinh.vn/tin/a.html"


def test_trailing_slash_goes_except_for_the_root() -> None:
    assert (
        normalize_url("https://tinh.vn/xay-dung-dang/a-1/") == "https://tinh.vn/xay-dung-dang/a-1"
    )
    assert normalize_url("https://tinh.vn/") == "https://tinh.vn/"
    assert normalize_url("https://tinh.vn") == "https://tinh.vn/"


def test_dot_segments_resolve() -> None:
    assert (
        normalize_url("https://tinh.vn/tin/../thoi-su/./a.html") == "https://tinh.vn/thoi-su/a.html"
    )


def test_surrounding_whitespace_goes() -> None:
    assert normalize_url("  https://nhandan.vn/a.html\n") == "https://nhandan.vn/a.html"


def test_every_rule_at_once() -> None:
    variant = "HTTP://M.BaoChinhPhu.VN:80/print/ch%c3%adnh-s%C3%A1ch.htm/?utm_source=zalo#top"
    assert normalize_url(variant) == CHINH_SACH


def test_a_broken_url_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match=r"https://tinh\.vn:abc/a\.html"):
        normalize_url("https://tinh.vn:abc/a.html")


def test_registered_host_is_the_site_whatever_the_variant() -> None:
    assert registered("M.Nhandan.VN:443") == "nhandan.vn"
    assert registered("www.baocantho.com.vn") == "baocantho.com.vn"


def test_declared_canonical_in_another_encoding_is_the_same_site() -> None:
    url = "https://báo.vn/a.html?utm_source=x"
    assert canonical(url, ["https://xn--bo-mia.vn/a.html", ""]) == (
        "https://xn--bo-mia.vn/a.html",
        "link:canonical",
    )


def test_declared_canonical_of_another_site_or_broken_is_ignored() -> None:
    url = "https://baochinhphu.vn/chính-sách.htm"
    assert canonical(url, ["https://other.vn/chinh-sach.htm", "https://baochinhphu.vn:x/"]) == (
        CHINH_SACH,
        "url",
    )
    assert canonical(url, ["/chinh-sach.htm", ""]) == (CHINH_SACH, "url")  # relative: no site
