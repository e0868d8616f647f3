"""Page templates per CMS family, mirroring the real pages' structure (class names, nesting,
the clutter around the article). Only structure is modelled; all text comes from content.py."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from html import escape as e

from .model import Photo, Story

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def dt(s: Story) -> datetime:
    return datetime.fromisoformat(s.published)


def rfc822(s: Story) -> str:
    return format_datetime(dt(s))


# --------------------------------------------------------------------------------------------
# EPI / mcms (nhandan.vn and the provincial papers on the same platform)
# --------------------------------------------------------------------------------------------
def _epi_photo(p: Photo) -> str:
    credit = f" ({e(p.credit)})" if p.credit else ""
    return (
        f'<table class="picture" align="center"><tbody><tr><td class="pic">'
        f'<img data-src="{e(p.src)}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" '
        f'alt="{e(p.caption)}" class="lazyload cms-photo"></td></tr>'
        f'<tr><td class="caption"><p>{e(p.caption)}{credit}</p></td></tr></tbody></table>\n'
    )


def epi_article(s: Story, site_name: str, home: str) -> str:
    body = []
    for i, para in [(-1, None), *enumerate(s.paragraphs)]:
        if para is not None:
            body.append(f"<p>{s.raw.get(i, e(para))}</p>\n")
        if i in s.photos:
            body.append(_epi_photo(s.photos[i]))
        if s.inline_related and i == 1:
            url, title = s.inline_related
            body.append(
                f'<div class="article-relate cms-relate-box"><h4 class="box-heading">'
                f'Xem thêm</h4><article class="story"><h2 class="story__heading">'
                f'<a class="cms-link" href="{e(url)}" title="{e(title)}">{e(title)}'
                f"</a></h2></article></div>\n"
            )
        if i == 2:
            body.append(
                '<div class="sda_middle"><div id="sdaWeb_SdaArticleMiddle" '
                'class="rennab fyi" data-position="Web_SdaArticleMiddle"></div></div>\n'
            )
    related = "".join(
        f'<article class="story"><h2 class="story__heading"><a class=" cms-link" '
        f'href="{e(u)}" title="{e(t)}"> {e(t)} </a></h2></article>'
        for u, t in s.related
    )
    tags = "".join(
        f'<a class="link" href="{home}tu-khoa/{i}-tag{i}.html" title="{e(t)}">{e(t)}</a> '
        for i, t in enumerate(s.tags)
    )
    d = dt(s)
    shown = f"{WEEKDAYS[d.weekday()]}, ngày {d:%d/%m/%Y - %H:%M}"
    ld = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "headline": s.title,
        "description": s.sapo,
        "datePublished": s.published,
        "dateModified": s.published,
        "author": {"@type": "Person", "name": s.byline},
        "publisher": {"@type": "Organization", "name": site_name},
    }
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{e(s.title)} | {e(site_name)}</title>
<meta name="description" content="{e(s.sapo)}"/>
<meta property="og:site_name" content="{e(site_name)}"/>
<meta property="og:type" content="article"/>
<meta property="og:url" content="{e(s.url)}"/>
<meta property="og:title" content="{e(s.title)}"/>
<meta property="og:description" content="{e(s.sapo)}"/>
<meta property="article:section" content="{e(s.section)}"/>
<meta property="article:tag" content="{e(",".join(s.tags))}"/>
<meta property="article:published_time" content="{s.published}"/>
<meta property="article:modified_time" content="{s.published}"/>
<link rel="canonical" href="{e(s.url)}?utm_source=cms" />
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script>var cmsConfig = {{"domain": "{home}"}};</script>
</head>
<body class="detail-normal">
<header class="site-header"><a href="/" class="logo" title="{e(site_name)}">{e(site_name)}</a>
<nav class="main-menu"><ul><li><a href="{home}chinhtri/">Chính trị</a></li>
<li><a href="{home}xay-dung-dang/">Xây dựng Đảng</a></li><li><a href="{home}kinhte/">Kinh tế</a></li>
<li><a href="{home}video/">Video</a></li><li><a href="{home}anh/">Ảnh</a></li></ul></nav></header>
<div class="site-body"><div class="container"><div class="article">
<div class="breadcrumb breadcrumb-detail"><h2 class="main"><a href="{home}xay-dung-dang/" class="active">{e(s.section)}</a></h2></div>
<div class="article__header"><h1 class="article__title cms-title "> {e(s.title)} </h1>
<div class="article__sapo cms-desc"> <p>{e(s.sapo)}</p> </div></div>
<div class="col"><div class="main-col content-col">
<div class="article__meta"><time class="time" datetime="{s.published}" data-format="full">{shown}</time>
<meta class="cms-date" itemprop="datePublished" content="{s.published}">
<div class="features article__social"><a href="javascript:void(0);" class="item fb" title="Facebook"><i class="ic-facebook"></i></a>
<a href="javascript:void(0);" class="print sendprint" title="Print"><i class="ic-print"></i></a></div></div>
<div class="article__body zce-content-body cms-body" itemprop="articleBody">
{"".join(body)}<div class="article__author"> <p class="name">{e(s.byline)}</p> </div>
</div>
<div class="article-footer"><div class="related-news"><h3 class="box-heading"><span class="title">Tin liên quan </span></h3>
<div class="box-content" data-source="related-news">{related}</div></div>
<div class="article__tag">{tags}</div>
<div class="wrap-comment" id="comment1" data-type="20"><h3>Ý kiến bạn đọc</h3></div>{s.trailer_html}</div>
</div>
<div class="sub-col sidebar-right"><div class="trending"><h3 class="box-heading"><span class="title">Tin đọc nhiều</span></h3>
<article class="story"><h2 class="story__heading"><a class="cms-link" href="{home}bai-doc-nhieu-post970001.html">Một bài đọc nhiều trong tuần</a></h2></article></div></div>
</div></div></div></div>
<footer class="site-footer"><p>Cơ quan chủ quản. Giấy phép số 000/GP-BTTTT. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer>
</body></html>
"""


def epi_listing(stories: list[Story], site_name: str, home: str, section: str) -> str:
    items = "".join(
        f'<article class="story"><figure class="story__thumb"><a class="cms-link" href="{e(s.url)}">'
        f'<img alt="{e(s.title)}" src="{home}thumb.jpg"></a></figure>'
        f'<h2 class="story__heading"><a class="cms-link" href="{e(s.url)}" title="{e(s.title)}">'
        f' {e(s.title)} </a></h2><div class="story__summary">{e(s.sapo)}</div></article>\n'
        for s in stories
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{e(section)} | {e(site_name)}</title></head>
<body><header class="site-header"><nav class="main-menu"><a href="{home}">Trang chủ</a></nav></header>
<div class="container"><h1 class="cate-title">{e(section)}</h1><div class="box-stream">{items}</div>
<div class="sidebar"><article class="story"><h2 class="story__heading"><a class="cms-link" href="{home}video/">Video</a></h2></article></div></div>
</body></html>"""


def rss(stories: list[Story], title: str, link: str) -> str:
    items = "".join(
        f"<item><title><![CDATA[{s.title}]]></title><link>{e(s.url)}</link>"
        f'<guid isPermaLink="true">{e(s.url)}</guid><pubDate>{rfc822(s)}</pubDate>'
        f"<description><![CDATA[{s.sapo}]]></description></item>\n"
        for s in stories
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{e(title)}</title><link>{e(link)}</link>
<description>{e(title)}</description><language>vi</language>
{items}</channel></rss>"""


# --------------------------------------------------------------------------------------------
# "-a<id>.html" family (baocantho.com.vn and others)
# --------------------------------------------------------------------------------------------
def aid_article(s: Story, site_name: str, home: str) -> str:
    d = dt(s)
    paras = ([s.sapo] if s.sapo_in_body else []) + s.paragraphs
    body = []
    for i, para in enumerate(paras):
        text = e(para)
        if i == 0 and para.startswith("(CTO)"):
            text = "<strong>(CTO)</strong>" + e(para[len("(CTO)") :])
        body.append(f'<p style="text-align: justify;">{text}</p>\n')
        k = i - (1 if s.sapo_in_body else 0)
        if k in s.photos:
            p = s.photos[k]
            body.append(
                f'<div class="AMN_res_mid"></div><p style="text-align: justify;">'
                f'<img title="{e(s.title)}" class="zoomimg" alt="" src="{e(p.src)}" '
                f'style="width: 700px; height: 436px;" /></p>\n'
                f'<p style="text-align: center;"><em><span style="text-align: justify;">'
                f"{e(p.caption)}</span></em></p>\n"
            )
    body.append(f'<p style="text-align: right;"><strong>{e(s.byline)}</strong></p>\n')
    tags = "".join(
        f'<a class="tag_item" title="{e(t)}" href="{home}tim-kiem/{e(t)}.html">{e(t)}</a>'
        for t in s.tags
    )
    related = "".join(
        f'<li class="news-img-left"><a class="b-title" href="{e(u)}"><h3>{e(t)}</h3></a></li>'
        for u, t in s.related
    )
    ld = {
        "@context": "https://schema.org/",
        "@type": "NewsArticle",
        "name": s.title,
        "datePublished": d.strftime("%Y-%m-%d"),
        "description": s.sapo,
    }
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{e(s.title)}</title>
<meta property="og:type" content="article" />
<meta property="og:url" content="{e(s.url)}" />
<meta property="og:title" content="{e(s.title)}" />
<meta property="og:description" content="{e(s.sapo)}" />
<link rel="canonical" href="{e(s.url)}" />
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head><body>
<div class="wappermenu"><ul class="nav-main"><li><a href="{home}">Trang chủ</a></li><li><a href="{home}thoi-su/">Thời sự</a></li>
<li><a href="{home}chinh-tri/">Chính trị</a></li><li><a href="{home}video/">Video</a></li></ul></div>
<div id="content"><div id="colcate1">
<div class="titlecate"><h1><a href="{home}news/thoi-su/">THỜI SỰ</a>
<span class="fw400"> > <a style="color:#b0b0b0;" href="{home}thoi-su/can-tho/">{e(s.section)}</a></span></h1></div>
<div id="clear" class="sharemxh detail-fb-like-share"><span class="pubdate 128">{d:%d/%m/%Y - %H:%M}</span>
<div class="fright"><a class="ashare btn-facebook" href="https://www.facebook.com/sharer/sharer.php?u={e(s.url)}">Chia sẻ Facebook</a>
<a href="javascript:void(0);" onclick="printPopup('{home}print/x.html');" title="Print" rel="nofollow"><span class="sprite icoprint"></span></a></div></div>
<h1 class="margintopbot10 fw700">{e(s.title)}&nbsp;<span class="sprite icophoto"></span></h1>
<div id="clear"></div>
<div id="newscontents">
<div class="content-fck slider-jsgallery 171">
{"".join(body)}</div>
</div>
<div id="linkshare"><div class="sharelike"><table border="0"><tr><td><b class="fs13">Chia sẻ bài viết</b></td></tr></table></div></div>
<div class="block_tag marginbottom10"><div class="txt_tag">Từ khóa</div>{tags}</div>
<div id="comment"><div class="titletd nobg"><a class="active fs13" href="javascript:void(0);"><b>BÌNH LUẬN</b></a></div>
<form method="POST" name="frmComments"><input type="text" name="txtname"/><textarea name="txtcontent"></textarea></form></div>
<div class="tinlienquan"><div class="catename">TIN LIÊN QUAN</div><ul>{related}</ul></div>
</div></div>
<div id="footer"><p>BÁO CẦN THƠ - CƠ QUAN CỦA ĐẢNG BỘ ĐẢNG CỘNG SẢN VIỆT NAM THÀNH PHỐ CẦN THƠ</p>
<p>Giấy phép số 000/GP-BTTTT. Tổng Biên tập: ...</p></div>
</body></html>
"""


def aid_listing(stories: list[Story], home: str, cat: str) -> str:
    items = "".join(
        f'<li class="news-img-left"><a class="img" href="{e(s.url)}"><img src="{home}thumb.webp"/></a>'
        f'<a class="b-title" href="{e(s.url)}"><h3>{e(s.title)}</h3></a>'
        f'<p class="b-content">{e(s.sapo)}</p></li>\n'
        for s in stories
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Thời sự</title>
</head>
<body><div class="wappermenu"><ul class="nav-main"><li><a href="{home}">Trang chủ</a></li></ul></div>
<div id="content"><div class="titlecate"><h1><a href="{home}{cat}/">THỜI SỰ</a></h1>
<a href="{home}rss/cate/{cat}/"><span class="sprite icorss"></span></a></div>
<ul class="listnews">{items}</ul></div></body></html>"""


# --------------------------------------------------------------------------------------------
# Báo Tin tức / TTXVN (ASP.NET WebForms)
# --------------------------------------------------------------------------------------------
def ttxvn_article(s: Story, site_name: str, home: str) -> str:
    d = dt(s)
    paras = []
    for i, para in enumerate(s.paragraphs):
        paras.append(f"<p>{e(para)}</p>\n")
        if i in s.photos:
            p = s.photos[i]
            paras.append(
                f'<table class="tplCaption" border="0" cellpadding="0" cellspacing="0">'
                f'<tr><td><img alt="Chú thích ảnh" src="{e(p.src)}" /></td></tr>'
                f'<tr><td><h2 class="desc_image slide_content">{e(p.caption)} '
                f"{e(p.credit)}</h2></td></tr></table>\n"
            )
    half = max(1, len(paras) // 2)
    extra = s.trailer_html
    related = "".join(
        f'<div class="item"><a class="title" href="{e(u)}">{e(t)}</a>'
        f'<a href="{e(u)}"><img alt="{e(t)}" src="{home}rel.jpg"/></a>'
        f'<h3><a href="{e(u)}">{e(t)}</a></h3><p class="sapo">Ngày 12/10, tại Hà Nội, hội nghị '
        f"mở rộng lần thứ 8 đã được tổ chức với sự tham dự của các đồng chí ủy viên.</p></div>"
        for u, t in s.related
    )
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": s.title,
        "datePublished": s.published,
        "description": s.sapo,
    }
    return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{e(s.title)} | Báo Tin tức - TTXVN</title>
<meta property="og:title" content="{e(s.title)}" /><meta property="og:url" content="{e(s.url)}" />
<meta name="description" content="{e(s.sapo)}" />
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head><body><form method="post" action="./Details.aspx" id="form1">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTk1MjQ=" />
<div class="header"><ul class="menu"><li><a href="{home}thoi-su-472ct0.htm">Thời sự</a></li>
<li><a href="{home}xay-dung-dang-1623ct472.htm">Xây dựng Đảng</a></li><li><a href="{home}video.htm">Video</a></li></ul></div>
<div class="main"><div class="breadcrumb"><a href="{home}">Trang chủ</a> <a class="active" href="{home}thoi-su-472ct0.htm">{e(s.section)}</a></div>
<h1 class="detail-title">{e(s.title)}</h1>
<div class="action-link"><div class="date"><span class="txt">{WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y %H:%M}</span></div>
<div class="sharebox"><a href="#">Chia sẻ</a><a href="#">In bài viết</a></div></div>
<div class="boxdetail"><h2 class="sapo">{e(s.sapo)}</h2>
<div class="contents"><div id="divfirst">{"".join(paras[:half])}</div>
<div id="divend">{"".join(paras[half:])}</div>
<div class="author">{e(s.byline)}</div>
<div class="tinlienquan">{related}</div>{extra}</div></div>
<div class="keyword"><span>Từ khóa:</span> <a href="{home}tag/dang-uy.htm">Đảng ủy</a></div>
<div class="listspecial"><ul><li><h3><a href="{home}thoi-su/tin-khac-20261001080000999.htm">Tin khác trong chuyên mục</a></h3></li></ul></div></div>
<div class="footer"><p>doanh nghiệp - Sản phẩm - Dịch vụ Thông cáo báo chí Rao vặt</p><p>Các đơn vị thông tin của TTXVN</p>
<p>© Bản quyền thuộc về Báo Tin tức - TTXVN</p></div></form></body></html>
"""


def ttxvn_listing(stories: list[Story], home: str, next_url: str | None) -> str:
    items = "".join(
        f'<li><a href="{e(s.url)}"><img src="{home}t.jpg"/></a><h3><a href="{e(s.url)}">'
        f"{e(s.title)}</a></h3><p>{e(s.sapo)}</p></li>\n"
        for s in stories
    )
    pager = (
        f'<div class="pager"><a class="next" href="{e(next_url)}" title="Tiếp">Tiếp</a></div>'
        if next_url
        else ""
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Xây dựng Đảng</title></head>
<body><div class="header"><ul class="menu"><li><a href="{home}">Trang chủ</a></li></ul></div>
<div class="main"><div class="listspecial"><ul>{items}</ul></div>{pager}</div></body></html>"""


# --------------------------------------------------------------------------------------------
# "/{cat}/{YYYYMM}/{slug}-{id}/" family (WordPress-like theme)
# --------------------------------------------------------------------------------------------
def ym_article(s: Story, site_name: str, home: str) -> str:
    d = dt(s)
    body = []
    for i, para in enumerate(s.paragraphs):
        body.append(f"<p>{e(para)}</p>\n")
        if i in s.photos:
            p = s.photos[i]
            body.append(
                f'<figure class="wp-caption aligncenter"><img src="{e(p.src)}" '
                f'alt="{e(p.caption)}" /><figcaption class="wp-caption-text">'
                f"{e(p.caption)}</figcaption></figure>\n"
            )
    related = "".join(f'<li><a class="title5" href="{e(u)}">{e(t)}</a></li>' for u, t in s.related)
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8" />
<title>{e(s.title)} - {e(site_name)}</title>
<meta property="og:title" content="{e(s.title)}" /><meta property="og:url" content="{e(s.url)}" />
<meta property="article:published_time" content="{s.published}" />
<link rel="canonical" href="{e(s.url)}" /></head>
<body class="post-template-default single"><div class="td-header-wrap"><ul class="menu">
<li><a href="{home}">Trang chủ</a></li><li><a href="{home}xay-dung-dang/">Xây dựng Đảng</a></li></ul></div>
<div class="breadcrumbs"><a href="{home}">Trang chủ</a> <a href="{home}xay-dung-dang/">Xây dựng Đảng</a></div>
<article class="post"><header><h1 class="entry-title">{e(s.title)}</h1>
<div class="meta"><span class="post-date">{WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y} | {d:%H:%M}</span></div></header>
<div class="desc">{e(s.sapo)}</div>
<div class="td-post-content">{"".join(body)}<p class="author" style="text-align:right"><strong>{e(s.byline)}</strong></p></div>
<div class="share-box"><span>Chia sẻ</span><a href="#">Facebook</a><a href="#">Zalo</a></div>
<div class="post-tags"><span>Từ khóa:</span> {"".join(f'<a href="{home}tag/{i}/">{e(t)}</a>' for i, t in enumerate(s.tags))}</div>
<div class="related-posts"><h4>Tin cùng chuyên mục</h4><ul>{related}</ul></div>{s.trailer_html}</article>
<footer class="td-footer"><p>Cơ quan của Đảng bộ tỉnh. Giấy phép hoạt động báo chí điện tử số 00/GP-BVHTTDL.</p></footer>
</body></html>"""


def ym_listing(stories: list[Story], home: str, next_url: str | None = None) -> str:
    items = "".join(
        f'<div class="item"><a class="title2" href="{e(s.url)}">{e(s.title)}</a>'
        f'<div class="desc">{e(s.sapo)}</div></div>\n'
        for s in stories
    )
    pager = (
        f'<div class="pagination"><a class="next page-numbers" href="{e(next_url)}">Sau</a></div>'
        if next_url
        else ""
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="UTF-8" /><title>Xây dựng Đảng</title></head>
<body><ul class="menu"><li><a href="{home}">Trang chủ</a></li></ul><div class="list">{items}</div>{pager}</body></html>"""


# --------------------------------------------------------------------------------------------
# NukeViet news module (provincial Party committee portals)
# --------------------------------------------------------------------------------------------
def nukeviet_article(s: Story, site_name: str, home: str) -> str:
    d = dt(s)
    body = []
    for i, para in [(-1, None), *enumerate(s.paragraphs)]:
        if para is not None:
            body.append(f'<p style="text-align: justify;">{s.raw.get(i, e(para))}</p>\n')
        if i in s.photos:
            p = s.photos[i]
            body.append(
                f'<p style="text-align: center;"><img alt="{e(p.caption)}" '
                f'src="{e(p.src)}" style="width: 600px;" /></p>\n'
                f'<p style="text-align: center;"><em>{e(p.caption)}</em></p>\n'
            )
    related = "".join(
        f'<li><a title="{e(t)}" href="{e(u)}">{e(t)}</a> '
        f'<span class="date">({d:%d/%m/%Y})</span></li>'
        for u, t in s.related
    )
    author = (
        f'<p class="author" style="text-align: right;"><strong>{e(s.byline)}</strong></p>'
        if not s.byline.startswith("Theo")
        else f'<p style="text-align: right;"><strong>Nguồn: </strong>{e(s.byline[5:])}</p>'
    )
    return f"""<!DOCTYPE html><html lang="vi" xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<title>{e(s.title)} - Tin tức - {e(site_name)}</title>
<meta name="description" content="{e(s.sapo)}" />
<meta property="og:title" content="{e(s.title)}" /><meta property="og:type" content="article" />
<meta property="og:url" content="{e(s.url)}" />
<link rel="canonical" href="{e(s.url)}" /></head>
<body><div id="header"><div class="logo"><a href="{home}">{e(site_name)}</a></div>
<ul id="menu-site-default"><li><a href="{home}">Trang nhất</a></li><li><a href="{home}news/">Tin tức</a></li>
<li><a href="{home}van-ban/">Văn bản</a></li><li><a href="{home}contact/">Liên hệ</a></li></ul></div>
<div class="breadcrumbs-wrap"><a href="{home}">Trang nhất</a> » <a href="{home}news/xay-dung-dang/">Xây dựng Đảng</a></div>
<div class="news_column"><div id="news_detail">
<h1>{e(s.title)}</h1><span class="time">{d:%H:%M %d/%m/%Y}</span>
<div class="control"><ul><li><a rel="nofollow" class="sendmail" title="Gửi bài viết qua email" href="javascript:void(0);"></a></li>
<li><a class="print" title="In ra" href="javascript: void(0)"></a></li></ul></div>
<div style="clear: both;"></div>
<div id="hometext">{e(s.sapo)}</div>
<div class="bodytext">{"".join(body)}</div>
{author}
<p class="copyright">Bản quyền thuộc {e(site_name)}</p></div>
<div class="keywords"><strong>Từ khóa: </strong>{", ".join(f'<a title="{e(t)}" href="{home}news/tag/{i}/"><em>{e(t)}</em></a>' for i, t in enumerate(s.tags))}</div>
<div id="idcomment"><ul class="control"><li><a href="javascript:void(0);"><strong>Xem phản hồi</strong></a></li></ul>
<div id="formcomment"><form><input type="text" id="commentname" /><textarea id="commentcontent"></textarea></form></div></div>
{s.trailer_html}<p><strong>Những tin mới hơn</strong></p><ul class="related">{related}</ul>
<p><strong>Những tin cũ hơn</strong></p><ul class="related"><li><a href="{home}news/xay-dung-dang/tin-cu-1001.html">Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 7</a></li></ul>
</div>
<div id="footer"><p>{e(site_name)} - Cơ quan chủ quản: Tỉnh ủy. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></div>
</body></html>"""


def nukeviet_listing(stories: list[Story], home: str, next_url: str | None = None) -> str:
    items = "".join(
        f'<div class="news_column"><h3><a href="{e(s.url)}" title="{e(s.title)}">'
        f"{e(s.title)}</a></h3><p>{e(s.sapo)}</p></div>\n"
        for s in stories
    )
    pager = (
        f'<ul class="pagination"><li><a rel="next" href="{e(next_url)}">Trang sau</a></li></ul>'
        if next_url
        else ""
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" /><title>Xây dựng Đảng</title></head>
<body><ul id="menu-site-default"><li><a href="{home}">Trang nhất</a></li></ul>{items}{pager}</body></html>"""


# --------------------------------------------------------------------------------------------
# dangcongsan.vn platform
# --------------------------------------------------------------------------------------------
def dcs_article(s: Story, site_name: str, home: str) -> str:
    d = dt(s)
    body = []
    for i, para in enumerate(s.paragraphs):
        body.append(f'<p style="text-align:justify">{e(para)}</p>\n')
        if i in s.photos:
            p = s.photos[i]
            body.append(
                f'<table class="image center"><tbody><tr><td><img src="{e(p.src)}" alt="" /></td></tr>'
                f'<tr><td class="image_desc">{e(p.caption)}</td></tr></tbody></table>\n'
            )
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": s.title,
        "datePublished": s.published,
        "description": s.sapo,
    }
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" />
<title>{e(s.title)}</title><meta property="og:title" content="{e(s.title)}" />
<meta property="og:url" content="{e(s.url)}" /><meta name="description" content="{e(s.sapo)}" />
<meta name="DC.Creator" content="{e(s.byline)}" />
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head>
<body><div class="header"><a class="logo" href="{home}">{e(site_name)}</a>
<ul class="nav"><li><a href="{home}xay-dung-dang/">Xây dựng Đảng</a></li><li><a href="{home}thoi-su/">Thời sự</a></li></ul></div>
<div class="detail"><h1 class="detail-title">{e(s.title)}</h1>
<div class="detail-time">{d:%H:%M} | {d:%d/%m/%Y}</div>
<div class="box-share"><a href="#">Chia sẻ</a><a href="#">In bài viết</a></div>
<div class="detail-sapo">{e(s.sapo)}</div>
<div class="detail-content">{"".join(body)}</div>
<div class="author">{e(s.byline)}</div>
<div class="detail-tags">Từ khóa: {", ".join(e(t) for t in s.tags)}</div>
<div class="related-news"><h3>Tin cùng chuyên mục</h3><ul>{"".join(f'<li><a href="{e(u)}">{e(t)}</a></li>' for u, t in s.related)}</ul></div>
</div><div class="footer"><p>Báo điện tử Đảng Cộng sản Việt Nam. Ghi rõ nguồn khi phát hành lại thông tin.</p></div>
</body></html>"""


def dcs_listing(stories: list[Story], home: str) -> str:
    items = "".join(
        f'<div class="news-item"><h2><a href="{e(s.url)}">{e(s.title)}</a></h2>'
        f"<p>{e(s.sapo)}</p></div>\n"
        for s in stories
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" /><title>Xây dựng Đảng</title></head>
<body><div class="list-news">{items}</div></body></html>"""


# --------------------------------------------------------------------------------------------
# Generic pages (CMS not seen on a real page): JSON-LD + OpenGraph + an <article>
# --------------------------------------------------------------------------------------------
def generic_article(s: Story, site_name: str, home: str, variant: int = 0) -> str:
    d = dt(s)
    body = []
    for i, para in enumerate(s.paragraphs):
        body.append(f"<p>{e(para)}</p>\n")
        if i in s.photos:
            p = s.photos[i]
            body.append(
                f'<figure class="image"><img src="{e(p.src)}" alt="{e(p.caption)}">'
                f"<figcaption>{e(p.caption)}</figcaption></figure>\n"
            )
    body.append(f'<p style="text-align: right;"><strong>{e(s.byline)}</strong></p>\n')
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": s.title,
        "datePublished": s.published,
        "dateModified": s.published,
        "description": s.sapo,
        "author": [{"@type": "Person", "name": a} for a in s.authors],
        "publisher": {"@type": "Organization", "name": site_name},
    }
    grid = "b-grid" if variant == 1 else "card"
    related = "".join(
        f'<div class="{grid}"><h3 class="{grid}__title"><a href="{e(u)}">{e(t)}</a></h3></div>'
        for u, t in s.related
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{e(s.title)} | {e(site_name)}</title>
<meta property="og:title" content="{e(s.title)}"><meta property="og:url" content="{e(s.url)}">
<meta property="og:description" content="{e(s.sapo)}"><meta property="og:site_name" content="{e(site_name)}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head>
<body><header><nav><ul><li><a href="{home}">Trang chủ</a></li><li><a href="{home}chinh-tri">Chính trị</a></li>
<li><a href="{home}xa-hoi">Xã hội</a></li><li><a href="{home}video">Video</a></li></ul></nav></header>
<main><div class="breadcrumb"><a href="{home}">Trang chủ</a> / <a href="{home}chinh-tri">Chính trị</a></div>
<article class="detail">
<h1 class="detail__title">{e(s.title)}</h1>
<div class="detail__meta"><time datetime="{s.published}">{d:%H:%M %d/%m/%Y}</time></div>
<div class="detail__summary"><p><strong>{e(s.sapo)}</strong></p></div>
<div class="detail__content">{"".join(body)}</div>
<div class="detail__share">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a></div>
</article>
<section class="related"><h2>Tin liên quan</h2>{related}</section>
<aside class="most-read"><h2>Đọc nhiều</h2><ul><li><a href="{home}tin-doc-nhieu-1.html">Một tin được đọc nhiều trong ngày</a></li></ul></aside>
</main><footer><p>{e(site_name)}. Giấy phép số 00/GP-BTTTT. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer>
</body></html>"""


def generic_listing(stories: list[Story], home: str) -> str:
    items = "".join(
        f'<article class="story"><h3><a href="{e(s.url)}">{e(s.title)}</a></h3>'
        f"<p>{e(s.sapo)}</p></article>\n"
        for s in stories
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Chính trị</title></head>
<body><nav><a href="{home}">Trang chủ</a> <a href="{home}video">Video</a></nav><main>{items}</main></body></html>"""


def sitemap_index(locs: list[str]) -> str:
    items = "".join(f"<sitemap><loc>{e(loc)}</loc></sitemap>" for loc in locs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns='
        f'"http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
    )


def news_sitemap(stories: list[Story], site_name: str) -> str:
    items = "".join(
        f"<url><loc>{e(s.url)}</loc><news:news><news:publication><news:name>{e(site_name)}"
        f"</news:name><news:language>vi</news:language></news:publication>"
        f"<news:publication_date>{s.published}</news:publication_date>"
        f"<news:title>{e(s.title)}</news:title></news:news></url>"
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
        'schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{items}</urlset>"
    )


def rss_dotnet(stories: list[Story], title: str, link: str) -> str:
    """An RSS feed as baochinhphu.vn writes it (corpus/baochinhphu.vn__feed.rss): links in
    CDATA, pubDate in the .NET en-US form 'M/D/YYYY h:mm:ss AM', month first, no zone."""
    items = "".join(
        f"<item>\n<title><![CDATA[{s.title}]]></title>\n"
        f"<description><![CDATA[{s.sapo}]]></description>\n"
        f"<link><![CDATA[{s.url}]]></link>\n<pubDate>{dotnet(s)}</pubDate>\n</item>\n"
        for s in stories
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title><![CDATA[{title}]]></title>
<link>{e(link)}</link>
{items}</channel>
</rss>"""


def dotnet(s: Story) -> str:
    d = dt(s)
    hour = d.hour % 12 or 12
    return f"{d.month}/{d.day}/{d.year} {hour}:{d:%M:%S} {'AM' if d.hour < 12 else 'PM'}"


def _charrefs(text: str) -> str:
    """Non-ASCII letters as HTML character references, as hanoimoi's JSON-LD writes names
    ("Thanh B&#236;nh", sites.tsv)."""
    return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in text)


# --------------------------------------------------------------------------------------------
# 'sc-longform' CMS (hanoimoi.vn). What sites.tsv names (the real article was held out):
# h1.sc-longform-header-title of two span.title-sub parts, span.sc-longform-header-author,
# span.sc-longform-header-date '28/01/2026 - 06:52', p.sc-longform-header-sapo inside the
# article container, text in div.b-maincontent div.entry > p, boxes div.c-box ("Bài liên
# quan"), .c-widget-tags, .c-share-detail, the copyright footer div.c-powered, meta
# article:published_time month first, JSON-LD datePublished ISO and names as character
# references. Where each box sits is not recorded: the copyright line reaches the text of a
# naive extractor (issue 10), so it is modelled at the end of the entry.
# --------------------------------------------------------------------------------------------
def sclongform_article(s: Story, site_name: str, home: str) -> str:
    d = dt(s)
    words = s.title.split(" ")
    half = len(words) // 2
    body = []
    for i, para in enumerate(s.paragraphs):
        body.append(f"<p>{e(para)}</p>\n")
        if i in s.photos:
            p = s.photos[i]
            body.append(
                f'<figure class="expNoEdit"><img src="{e(p.src)}" alt="{e(p.caption)}">'
                f"<figcaption>{e(p.caption)}</figcaption></figure>\n"
            )
    related = "".join(
        f'<div class="b-grid"><h3 class="b-grid__title"><a href="{e(u)}">{e(t)}</a></h3></div>'
        for u, t in s.related
    )
    tags = "".join(f'<a href="{home}tag/{i}">{e(t)}</a>' for i, t in enumerate(s.tags))
    ld = (
        '{"@context":"https://schema.org","@type":"NewsArticle","headline":'
        f'"{_charrefs(s.title)}","datePublished":"{s.published}","author":{{"@type":"Person",'
        f'"name":"{_charrefs(s.byline)}"}},"publisher":{{"@type":"Organization","name":'
        f'"{_charrefs(site_name)}"}}}}'
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{e(s.title)}</title>
<meta property="og:title" content="{e(s.title)}"><meta property="og:url" content="{e(s.url)}">
<meta property="og:description" content="{e(s.sapo)}">
<meta property="article:published_time" content="{d.month}/{d.day}/{d.year} {d.hour % 12 or 12}:{d:%M:%S} {"AM" if d.hour < 12 else "PM"}">
<script type="application/ld+json">{ld}</script></head>
<body><header class="c-header"><a class="logo" href="{home}">{e(site_name)}</a>
<ul class="c-menu"><li><a href="{home}chinh-tri">Chính trị</a></li><li><a href="{home}kinh-te">Kinh tế</a></li><li><a href="{home}do-thi">Đô thị</a></li></ul></header>
<main><div class="b-maincontent">
<div class="sc-longform-header">
<h1 class="sc-longform-header-title block-sc-title"><span class="title-sub">{e(" ".join(words[:half]))}</span>
<span class="title-sub">{e(" ".join(words[half:]))}</span></h1>
<div class="sc-longform-header-meta"><span class="sc-longform-header-author">{e(s.byline)}</span>
<span class="sc-longform-header-date block-sc-publish-time">{d:%d/%m/%Y - %H:%M}</span></div>
<p class="sc-longform-header-sapo block-sc-sapo">{e(s.sapo)}</p>
</div>
<div class="c-share-detail"><a href="#">Chia sẻ</a> <a href="#">Zalo</a></div>
<div class="entry">
{"".join(body)}<div class="c-powered"><p>(*) Không sao chép dưới mọi hình thức khi chưa có sự đồng ý bằng văn bản của Cơ quan Báo Hànộimới.</p></div>
</div>
<div class="c-widget-tags">{tags}</div>
<div class="c-box"><h2 class="c-box__title">Bài liên quan</h2>{related}</div>
</div></main>
<footer class="c-footer"><p>Báo Hànộimới - Cơ quan của Đảng bộ Cộng sản Việt Nam thành phố Hà Nội.</p></footer>
</body></html>"""


def sclongform_listing(stories: list[Story], home: str, section: str) -> str:
    """A section page in the b-grid classes sites.tsv names for this CMS's outlets."""
    items = "".join(
        f'<div class="b-grid"><div class="b-grid__img"><a href="{e(s.url)}"><img src="{home}t.jpg"></a></div>'
        f'<h3 class="b-grid__title"><a href="{e(s.url)}">{e(s.title)}</a></h3>'
        f'<div class="b-grid__desc">{e(s.sapo)}</div></div>\n'
        for s in stories
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{e(section)}</title></head>
<body><header class="c-header"><a href="{home}">Trang chủ</a></header><main>{items}</main></body></html>"""


# --------------------------------------------------------------------------------------------
# VCCorp-style CMS (baochinhphu.vn). The article was held out: sites.tsv names h1.detail-title,
# h2.detail-sapo with its "(Chinhphu.vn) -" prefix, div.detail-content.afcbc-body, an inline
# div[type=RelatedNewsBox] "Tham khảo thêm", div[data-role=publishdate] split by an icon, and an
# app-download block near the top of the article (its class and exact place are not known: it is
# modelled beside, not inside, the text). The date is written as the real listing writes its
# dates ('01/02/2026 06:51', day first). The byline is not named by the tsv: it is modelled as
# the bold last paragraph these outlets print. The listing is modelled on the real one
# (corpus/baochinhphu.vn__listing.html): div.box-stream-item[data-id], an image link and an
# h2 a.box-stream-link-title[data-linktype=newsdetail], relative hrefs, span.time-ago with the
# .NET date in its title, no pager link.
# --------------------------------------------------------------------------------------------
def vccorp_article(s: Story, site_name: str, home: str) -> str:
    d = dt(s)
    body = []
    for i, para in enumerate(s.paragraphs):
        body.append(f"<p>{e(para)}</p>\n")
        if i in s.photos:
            p = s.photos[i]
            body.append(
                f'<figure class="VCSortableInPreviewMode" type="Photo"><div><img src="{e(p.src)}" '
                f'alt="{e(p.caption)}"></div><figcaption class="PhotoCMS_Caption"><p>{e(p.caption)}'
                f"</p></figcaption></figure>\n"
            )
        if i == 1 and s.related:
            u, t = s.related[0]
            body.append(
                f'<div class="VCSortableInPreviewMode" type="RelatedNewsBox"><div>'
                f'<p class="title">Tham khảo thêm</p><ul><li><a href="{e(u)}" '
                f'data-linktype="newsdetail">{e(t)}</a></li></ul></div></div>\n'
            )
    body.append(f'<p style="text-align: right;"><b>{e(s.byline)}</b></p>\n')
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{e(s.title)}</title>
<meta property="og:title" content="{e(s.title)}"><meta property="og:url" content="{e(s.url)}">
<meta name="description" content="{e(s.sapo)}"></head>
<body><div class="header"><a class="logo" href="{home}">{e(site_name)}</a>
<ul class="menu"><li><a href="{home}chinh-tri.htm">Chính trị</a></li><li><a href="{home}tin-moi.htm">Mới Nhất</a></li></ul></div>
<div class="detail-container"><div class="detail-scroll"><div class="detail-social"><a href="#">Facebook</a></div></div>
<div class="detail-mcontent">
<h1 class="detail-title" data-role="title">{e(s.title)}</h1>
<div class="detail-time"><div data-role="publishdate">{d:%d/%m/%Y} <span class="icon-clock"></span> {d:%H:%M}</div></div>
<h2 class="detail-sapo" data-role="sapo">{e(s.sapo)}</h2>
<div class="app-download"><p class="text">Tải ứng dụng:</p><p class="bold">BÁO ĐIỆN TỬ CHÍNH PHỦ</p></div>
<div class="detail-cmain"><div class="detail-content afcbc-body" data-role="content">
{"".join(body)}</div></div>
<div class="detail-tag"><ul class="detail-tag-list">{"".join(f'<li><a href="{home}tag/{i}.htm">{e(t)}</a></li>' for i, t in enumerate(s.tags))}</ul></div>
</div></div>
<div class="footer"><p>Bản quyền thuộc Báo Điện tử Chính phủ.</p></div>
</body></html>"""


def vccorp_listing(stories: list[Story], home: str) -> str:
    items = "".join(
        f'<div class="box-stream-item" data-id="{s.url.rsplit("-", 1)[1][:-4]}">'
        f'<a class="box-stream-link-with-avatar" href="{e(_path(s.url, home))}" title="{e(s.title)}">'
        f'<img data-type="avatar" src="{home}t.jpg" class="box-stream-avatar"></a>'
        f'<div class="box-stream-content"><h2><a data-type="title" data-linktype="newsdetail" '
        f'class="box-stream-link-title" href="{e(_path(s.url, home))}" title="{e(s.title)}">'
        f'{e(s.title)}</a></h2><a class="box-stream-category" data-role="cate-name" '
        f'href="/chinh-sach-va-cuoc-song.htm">Chính sách và cuộc sống</a>'
        f'<span class="time-ago box-stream-time" title="{dotnet(s)}">{dt(s):%d/%m/%Y %H:%M}</span>'
        f'<p data-type="sapo" class="box-stream-sapo">{e(s.sapo)}</p></div></div>\n'
        for s in stories
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Chính sách mới</title>
<link rel="alternate" type="application/rss+xml" href="{home}chinh-sach-va-cuoc-song/chinh-sach-moi.rss"></head>
<body><div class="header"><ul class="menu"><li><a href="/chinh-tri.htm">Chính trị</a></li><li><a href="/tin-moi.htm">Mới Nhất</a></li>
<li><a href="/chu-de/vi-du-chu-de-274.htm">Chủ đề</a></li></ul></div>
<div class="list__lmain"><div class="box-stream">{items}</div>
<input type="hidden" id="hdZoneId" value="1021119"><a class="view-more" href="javascript:;">Xem thêm</a></div>
</body></html>"""


def _path(url: str, home: str) -> str:
    return "/" + url.removeprefix(home)
