from spiders.families.dcs import DcsSpider


class TphcmDangcongsanSite(DcsSpider):
    """sites.tsv: 'dangcongsan platform (image path /DATA/72/IMAGES/YYYY/MM/)', site id 72 (public
    code mention): the platform's URL forms and byline are its family's; no listing or feed of
    this portal has evidence, so the crawl starts at the home page."""

    name = "tphcm_dangcongsan"
    outlet = "Cổng TTĐT Đảng bộ TP Hồ Chí Minh"
    province = "Hồ Chí Minh"
    kind = "party-portal"
    evidence = "family"  # same platform as dangcongsan.vn (sites.tsv cms_family)
    home = "https://tphcm.dangcongsan.vn/"
