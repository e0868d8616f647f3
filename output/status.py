"""The operator's view of the sites: one row per site, worst first, for `partywire status`,
`status.html` and `alerts.xml` (an RSS feed of state changes an operator subscribes to).

The rows are computed from the history at the moment they are shown, so a site that went quiet
reads `stale` without waiting for its next poll; what the scheduler saved after its last run
(next poll, consecutive failures, disabled) is shown as saved.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator

from crawler.core.health import assess
from crawler.core.timez import VN
from crawler.history import Alert, History
from output.feeds import write_file, xml_safe

#: worst first: what needs an operator comes at the top of the table
SEVERITY = {"failing": 0, "degraded": 1, "stale": 2, "disabled": 3, "new": 4, "ok": 5}


@dataclass(frozen=True)
class StatusRow:
    site: str
    state: str
    reason: str
    last_success: datetime | None
    last_new_article: datetime | None
    articles_7d: int
    consecutive_failures: int
    next_poll: datetime | None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        for k, v in out.items():
            if isinstance(v, datetime):
                out[k] = v.isoformat()
        return out


def status_rows(hist: History, sites: Iterable[str], now: datetime) -> list[StatusRow]:
    """One row per site; a site that was never crawled is `new`."""
    saved = hist.states()
    rows = []
    for site in sites:
        st = saved.get(site)
        last_new = hist.last_new_article(site)
        if st is not None and st.disabled:
            state, reason = "disabled", st.reason
        else:
            health = assess(hist.runs(site), now, last_new_article=last_new)
            state, reason = health.state, health.reason
        rows.append(
            StatusRow(
                site=site,
                state=state,
                reason=reason,
                last_success=st.last_success if st else None,
                last_new_article=last_new,
                articles_7d=hist.articles_since(site, now - timedelta(days=7)),
                consecutive_failures=st.consecutive_failures if st else 0,
                next_poll=st.next_poll if st else None,
            )
        )
    rows.sort(key=lambda r: (SEVERITY.get(r.state, 9), r.site))
    return rows


def shown(dt: datetime | None) -> str:
    """Vietnam time to the minute, as operators there read it."""
    return dt.astimezone(VN).strftime("%Y-%m-%d %H:%M") if dt else "—"


_CELLS = ("site", "state", "reason", "last_success", "last_new_article", "articles_7d",
          "consecutive_failures", "next_poll")  # fmt: skip
_HEADS = ("Trang", "Trạng thái", "Lý do", "Lần tốt gần nhất", "Bài mới gần nhất", "Bài 7 ngày",
          "Lỗi liên tiếp", "Lần sau")  # fmt: skip


def _cell(row: StatusRow, name: str) -> str:
    v = getattr(row, name)
    return html.escape(shown(v) if isinstance(v, datetime) or v is None else str(v))


def render_html(rows: list[StatusRow], now: datetime, alerts_href: str = "alerts.xml") -> str:
    """A static page that needs no JavaScript: readable where the operator is."""
    head = "".join(f"<th>{h}</th>" for h in _HEADS)
    body = "\n".join(
        f'<tr class="{r.state}">' + "".join(f"<td>{_cell(r, c)}</td>" for c in _CELLS) + "</tr>"
        for r in rows
    )
    counts = ", ".join(
        f"{sum(1 for r in rows if r.state == s)} {s}"
        for s in SEVERITY
        if any(r.state == s for r in rows)
    )
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>partywire — tình trạng các trang</title>
<link rel="alternate" type="application/rss+xml" title="partywire alerts" href="{alerts_href}">
<style>
body{{font-family:system-ui,sans-serif;margin:1rem}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}}
tr.failing{{background:#fdd}}tr.degraded{{background:#ffe6cc}}tr.stale{{background:#ffc}}
tr.disabled{{background:#eee}}
</style></head><body>
<h1>partywire — tình trạng các trang</h1>
<p>{html.escape(counts)} · cập nhật {shown(now)} · <a href="{alerts_href}">cảnh báo (RSS)</a></p>
<table><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table></body></html>
"""


def alerts_feed(alerts: list[Alert], base_url: str) -> bytes:
    """One item per change of a site's state, newest first; the guid is the alert's own id,
    so a reader shows each change once."""
    base = base_url.rstrip("/") + "/"
    fg = FeedGenerator()
    fg.title("partywire — cảnh báo")
    fg.description("Thay đổi trạng thái của các trang được thu thập")
    fg.link(href=base + "alerts.xml", rel="self")
    fg.link(href=base + "status.html", rel="alternate")
    fg.language("vi")
    fg.generator("partywire")
    for a in alerts:
        fe = fg.add_entry(order="append")
        fe.title(xml_safe(f"{a.site}: {a.old_state or 'new'} → {a.new_state}"))
        fe.link(href=base + "status.html")
        fe.guid(f"{base}alerts/{a.id}", permalink=False)
        fe.pubDate(a.at.astimezone(VN))
        fe.description(xml_safe(a.reason or a.new_state))
    if alerts:
        fg.lastBuildDate(alerts[0].at.astimezone(VN))
    data: bytes = fg.rss_str(pretty=True)
    return data


def write_status(
    hist: History, sites: Iterable[str], outdir: str | Path, base_url: str, now: datetime
) -> list[Path]:
    """status.html and alerts.xml beside the feeds; each rewritten only when it changed."""
    out = Path(outdir)
    rows = status_rows(hist, sites, now)
    page = render_html(rows, now).encode("utf-8")
    write_file(out / "status.html", page)
    write_file(out / "alerts.xml", alerts_feed(hist.alerts(), base_url))
    return [out / "status.html", out / "alerts.xml"]
