from crawler.core.provinces import NATIONAL
from spiders.families import notes
from spiders.families.generic import GenericSpider

_ROW = "sites.tsv tapchicongsan.org.vn (public crawler config)"


class TapchicongsanSite(GenericSpider):
    """A Liferay portal. The tsv's '2018' in every article path is literal (2020s articles carry
    it too): not a publication year."""

    name = "tapchicongsan"
    outlet = "Tạp chí Cộng sản"
    province = NATIONAL
    kind = "national-organ"
    evidence = "unverified"  # URL forms from public code; no page seen
    home = "https://www.tapchicongsan.org.vn/"
    article_pattern = (
        r"^/web/guest/[^/]+/-/2018/\d+/(?:[^/]+\.aspx|view_content)$"
        r"|^/media-story/-/asset_publisher/[^/]+/content/[^/]+$"
    )
    listings = ("https://www.tapchicongsan.org.vn/web/guest/chinh-tri-xay-dung-dang",)
    evidence_notes = notes(
        article_pattern=f"{_ROW} article_url_pattern '/web/guest/{{section}}/-/2018/{{id}}/"
        "{slug}.aspx; /web/guest/{section}/-/2018/{id}/view_content; /media-story/-/"
        "asset_publisher/{portlet}/content/{slug}'",
        listings=f"{_ROW} listing_url_pattern '/web/guest/chinh-tri-xay-dung-dang'",
    )
