"""The `partywire` command: crawl, publish, sites, extract, discover."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from crawler.core.items import to_json
from crawler.settings import PARTYWIRE_BASE_URL, PARTYWIRE_FEED_SIZE, PARTYWIRE_OUTPUT

# Scrapy, SQLAlchemy, datasketch and trafilatura take seconds to import, so each command imports
# what it needs inside its function (`# lazy: start-up`): `partywire sites` never loads a database.

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: 128 + SIGPIPE: what a command killed by a closed pipe reports, so `set -o pipefail` sees it
EXIT_BROKEN_PIPE = 141


def _err(msg: str) -> None:
    print(f"partywire: error: {msg}", file=sys.stderr)


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.runner import crawl  # lazy: start-up
    from crawler.storage import reachable  # lazy: start-up

    # a wrong database is one error now, not one per site; a store at an older schema is
    # reported per site by the store pipeline, with what to do
    reachable(args.db)

    results = crawl(args.sites or None, replay=args.replay, db=args.db, limit=args.limit)
    width = max((len(r.site) for r in results), default=4)
    print(f"{'site':<{width}}  stored  pages  status")
    for r in results:
        print(f"{r.site:<{width}}  {r.stored:>6}  {r.pages:>5}  {'ok' if r.ok else 'FAILED'}")
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"partywire: site {r.site} failed: {r.reason}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from crawler.storage import Store  # lazy: start-up
    from output.publish import publish_all  # lazy: start-up

    store = Store(args.db)
    written = publish_all(
        store,
        args.output or PARTYWIRE_OUTPUT,
        args.base_url or PARTYWIRE_BASE_URL,
        PARTYWIRE_FEED_SIZE,
    )
    main_feed = written[0]
    print(f"{main_feed.path}  {main_feed.items} items")
    print(
        f"{len(written) - 1} more feeds under {main_feed.path.parent}/provinces and "
        f"{main_feed.path.parent}/sites"
    )
    return EXIT_OK


def cmd_sites(args: argparse.Namespace) -> int:
    from crawler.sites import registry  # lazy: start-up

    infos = [cls.info() for cls in registry().values()]
    if args.json:
        print(json.dumps(infos, ensure_ascii=False, indent=2))
        return EXIT_OK
    cols = ("name", "outlet", "province", "kind", "family", "evidence")
    widths = {c: max(len(c), *(len(str(i[c])) for i in infos)) for c in cols} if infos else {}
    print("  ".join(c.ljust(widths.get(c, len(c))) for c in cols))
    for i in infos:
        print("  ".join(str(i[c]).ljust(widths[c]) for c in cols))
    return EXIT_OK


def _saved_page(file: str, url: str) -> bytes | None:
    """The bytes of a page saved from a browser, or None after one error line: `extract` and
    `discover` take the same input and must refuse it the same way."""
    try:
        body = Path(file).read_bytes()
    except OSError as exc:
        _err(f"{file}: cannot read ({exc.strerror})")
        return None
    if not url.startswith(("http://", "https://")):
        _err(f"--url {url!r}: not an http(s) URL")
        return None
    return body


def cmd_extract(args: argparse.Namespace) -> int:
    from crawler.process import decode, process_page  # lazy: start-up

    body = _saved_page(args.file, args.url)
    if body is None:
        return EXIT_USAGE
    try:
        art = process_page(decode(body, args.url), args.url, site=args.site)
    except ValueError as exc:
        _err(f"{args.file}: {exc}")
        return EXIT_USAGE
    if not art.title or not art.text:
        _err(f"{args.file}: no article found in this page")
        return EXIT_FAILED
    print(json.dumps(to_json(art.record()), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_discover(args: argparse.Namespace) -> int:
    from crawler.discover import discover  # lazy: start-up

    body = _saved_page(args.file, args.url)
    if body is None:
        return EXIT_USAGE
    try:
        found, tally = discover(args.site, body, args.url)
    except ValueError as exc:
        _err(f"{args.file}: {exc}")
        return EXIT_USAGE
    for f in found:
        print(f.line())
    figures = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(tally.items()))
    print(f"partywire: {args.site}: {len(found)} article URLs ({figures})", file=sys.stderr)
    if not found:
        _err(f"{args.file}: the {args.site} spider takes no article from this file")
        return EXIT_FAILED
    return EXIT_OK


def cmd_new_site(args: argparse.Namespace) -> int:
    from crawler.devtools import new_site  # lazy: start-up

    for path in new_site(
        args.name,
        args.url,
        args.family,
        args.province,
        args.outlet,
        args.kind,
        args.listing,
        args.feed,
        args.evidence,
        args.former,
    ):
        print(f"wrote {path}")
    print(
        f"next: partywire record {args.name}  (or write tests/recorded/{args.name}/pages.warc)"
        f", then partywire check {args.name} --update"
    )
    return EXIT_OK


def cmd_record(args: argparse.Namespace) -> int:
    from crawler.devtools import record  # lazy: start-up

    path = record(args.site, args.articles)
    print(f"wrote {path}")
    return EXIT_OK


def cmd_clusters(args: argparse.Namespace) -> int:
    from crawler.core.cluster import cluster_records  # lazy: start-up

    records = []
    for f in args.files:
        try:
            data = json.loads(Path(f).read_text(encoding="utf-8"))
        except OSError as exc:
            _err(f"{f}: cannot read ({exc.strerror})")
            return EXIT_USAGE
        except ValueError as exc:
            _err(f"{f}: not JSON ({exc})")
            return EXIT_USAGE
        for rec in data if isinstance(data, list) else [data]:
            if not isinstance(rec, dict) or not rec.get("url"):
                _err(f"{f}: not an article record (no url field)")
                return EXIT_USAGE
            records.append(rec)
    print(json.dumps(cluster_records(records), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_pack(args: argparse.Namespace) -> int:
    from crawler.devtools import pack  # lazy: start-up

    path, n = pack(args.site, args.pages)
    print(f"wrote {path} ({n} pages)")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from crawler.check import check, update_expected  # lazy: start-up

    rows = check(args.site)
    if not rows:
        _err(f"site {args.site}: no article page among its recorded pages")
        return EXIT_FAILED
    print(f"{'ok':<4} {'published':<25} {'paras':>5}  {'authors':<22} title / paths / leaks")
    for r in rows:
        mark = "ok" if r.ok else ("new" if args.update else "DIFF")
        print(f"{mark:<4} {r.published:<25} {r.paragraphs:>5}  {r.authors[:22]:<22} {r.title}")
        print(f"{'':<36}{r.paths}")
        for leak in r.leaks:
            print(f"{'':<36}LEAK: {leak[:80]}")
    if args.update:
        diff = update_expected(args.site, rows, accept=args.accept)
        print(diff or "expected JSON unchanged")
        return EXIT_OK
    return EXIT_OK if all(r.ok for r in rows) else EXIT_FAILED


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from crawler.storage import upgrade  # lazy: start-up

    print(upgrade(args.db))
    return EXIT_OK


def cmd_db_current(args: argparse.Namespace) -> int:
    from crawler.storage import current_revision  # lazy: start-up

    print(current_revision(args.db) or "none (an empty store, or one made before migrations)")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="partywire", description=__doc__)
    p.add_argument(
        "--db", help="database URL (default: $PARTYWIRE_DB or sqlite:///var/partywire.db)"
    )
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("crawl", help="crawl sites (all by default) into the store")
    c.add_argument("sites", nargs="*", metavar="SITE")
    c.add_argument(
        "--replay",
        metavar="PATH",
        action="append",
        help="play recorded pages (WARC file or folder); may be repeated",
    )
    c.add_argument("--limit", type=int, help="at most N articles per site")
    c.set_defaults(func=cmd_crawl)

    pub = sub.add_parser("publish", help="write the RSS feeds from the store")
    pub.add_argument("--output", help="folder (default output/public)")
    pub.add_argument("--base-url", help="public URL the feeds are served from")
    pub.set_defaults(func=cmd_publish)

    s = sub.add_parser("sites", help="list registered sites")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_sites)

    e = sub.add_parser("extract", help="extract one saved page; prints one JSON record")
    e.add_argument("file")
    e.add_argument("--url", required=True, help="the page's original URL")
    e.add_argument("--site", help="registered site (default: found from the URL)")
    e.set_defaults(func=cmd_extract)

    d = sub.add_parser(
        "discover",
        help="the article URLs a site's spider takes from one saved feed, sitemap or listing",
    )
    d.add_argument("site", metavar="SITE")
    d.add_argument("file", metavar="FILE")
    d.add_argument("--url", required=True, help="the file's original URL")
    d.set_defaults(func=cmd_discover)

    n = sub.add_parser("new-site", help="declare a new site (writes spiders/sites/NAME.py)")
    n.add_argument("name")
    n.add_argument("url", help="the site's home URL")
    n.add_argument("--family", required=True, help="CMS family (see `partywire sites`)")
    n.add_argument("--province", required=True, help="one of the 34 units, or national")
    n.add_argument("--outlet", help="outlet name as readers know it")
    n.add_argument("--kind", choices=["party-portal", "newspaper", "news-agency", "national-organ"])
    n.add_argument("--listing", help="a listing page URL (default: the home page)")
    n.add_argument("--feed", help="an RSS/Atom feed URL")
    n.add_argument("--evidence", default="unverified", choices=["verified", "family", "unverified"])
    n.add_argument("--former", help="the pre-2025 province this outlet served, if merged")
    n.set_defaults(func=cmd_new_site)

    r = sub.add_parser("record", help="record a live site's pages into tests/recorded/SITE")
    r.add_argument("site")
    r.add_argument("--articles", type=int, default=3, help="how many articles (default 3)")
    r.set_defaults(func=cmd_record)

    cl = sub.add_parser("clusters", help="group article records (JSON) into stories")
    cl.add_argument("files", nargs="+", metavar="FILE.json")
    cl.set_defaults(func=cmd_clusters)

    pk = sub.add_parser("pack", help="saved pages (URL=FILE ...) -> tests/recorded/SITE")
    pk.add_argument("site")
    pk.add_argument("pages", nargs="+", metavar="URL=FILE")
    pk.set_defaults(func=cmd_pack)

    ch = sub.add_parser("check", help="play a site's recorded pages; one row per article")
    ch.add_argument("site")
    ch.add_argument("--update", action="store_true", help="rewrite expected.json, show diff")
    ch.add_argument(
        "--accept",
        action="store_true",
        help="with --update: pin rows that leak or lack a title, date or text anyway",
    )
    ch.set_defaults(func=cmd_check)

    db = sub.add_parser("db", help="the store's schema")
    dbs = db.add_subparsers(dest="db_command", required=True)
    up = dbs.add_parser("upgrade", help="migrate the store to this release's schema")
    up.set_defaults(func=cmd_db_upgrade)
    cur = dbs.add_parser("current", help="print the store's schema revision")
    cur.set_defaults(func=cmd_db_current)
    return p


def _store_failure(exc: Exception, db: str | None) -> str | None:
    """One line for a database that cannot be used, or None when `exc` is about something else.

    Imported here, only once something failed: a store error comes from code that loaded both."""
    from sqlalchemy.exc import SQLAlchemyError  # lazy: start-up (sites, extract never load it)

    from crawler.storage import StoreSchemaError, shown  # lazy: start-up

    if isinstance(exc, StoreSchemaError):
        return f"database {shown(db)}: {exc}"
    if isinstance(exc, SQLAlchemyError):
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"database {shown(db)}: {reason}"
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except Exception as exc:
        line = _store_failure(exc, args.db)
        if line is None:
            raise
        _err(line)
        return EXIT_FAILED


def entry(argv: list[str] | None = None) -> NoReturn:
    """`partywire`: main, plus a quiet end when the reader of stdout has gone (`| head`).

    Exit 141 rather than 0: the output was cut short, which is what `head` asked for but not what
    a script checking with `set -o pipefail` should take for success, and 141 is what any Unix
    tool killed by SIGPIPE reports. stdout is pointed at /dev/null so that the interpreter's own
    flush at exit does not raise a second time."""
    try:
        code = main(argv)
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_BROKEN_PIPE
    sys.exit(code)


if __name__ == "__main__":
    entry()
