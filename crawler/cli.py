"""The `partywire` command: crawl, run, worker, publish, sites, extract, discover."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from crawler.core.items import to_json
from crawler.settings import PARTYWIRE_BASE_URL, PARTYWIRE_FEED_SIZE, PARTYWIRE_OUTPUT

if TYPE_CHECKING:
    from crawler.runner import SiteResult

# Scrapy, SQLAlchemy, datasketch and trafilatura take seconds to import, so each command imports
# what it needs inside its function (`# lazy: start-up`): `partywire sites` never loads a database.

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: 128 + SIGPIPE: what a command killed by a closed pipe reports, so `set -o pipefail` sees it
EXIT_BROKEN_PIPE = 141


def _err(msg: str) -> None:
    print(f"partywire: error: {msg}", file=sys.stderr)


def _crawl_overrides(args: argparse.Namespace) -> dict[str, object]:
    """Scrapy's own per-spider INFO dump is noise in a summary meant to be read at a glance:
    warnings only unless `-v` (INFO) or `-vv` (DEBUG); `--log-file` keeps the log apart."""
    level = {0: os.environ.get("PARTYWIRE_LOG_LEVEL", "WARNING"), 1: "INFO"}.get(
        args.verbose, "DEBUG"
    )
    out: dict[str, object] = {"LOG_LEVEL": level}
    if args.log_file:
        out["LOG_FILE"] = args.log_file
    if getattr(args, "full", False):
        out["PARTYWIRE_INCREMENTAL"] = False
    return out


def _summary_row(r: SiteResult) -> dict[str, object]:
    f = r.figures
    return {
        "site": r.site,
        "outcome": r.outcome,
        "article_pages": int(f.get("pages/article", 0)),
        "new": int(f.get("new", 0)),
        "updated": int(f.get("updated", 0)),
        "unchanged": int(f.get("unchanged", 0)),
        "refused": int(f.get("refused", 0)),
        "not_modified": int(sum(v for k, v in f.items() if k.startswith("not_modified/"))),
        "errors": r.errors,
        "reason": r.reason,
    }


def print_summary(results: list[SiteResult], as_json: bool) -> None:
    """One row per site and a total; the reason of a site that did not do well on its row."""
    rows = [_summary_row(r) for r in results]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    cols = ("article_pages", "new", "updated", "unchanged", "refused", "errors")
    heads = ("pages", "new", "upd", "same", "refused", "errors")
    width = max((len(r.site) for r in results), default=4)
    print(f"{'site':<{width}}  {'outcome':<11}" + "".join(f"{h:>8}" for h in heads) + "  reason")
    for row in rows:
        nums = "".join(f"{row[c]!s:>8}" for c in cols)
        print(f"{row['site']!s:<{width}}  {row['outcome']!s:<11}{nums}  {row['reason']}")
    totals = "".join(f"{sum(int(str(r[c])) for r in rows):>8}" for c in cols)
    bad = sum(1 for r in rows if r["outcome"] == "failed")
    print(f"{'total':<{width}}  {f'{bad} failed':<11}{totals}")


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.runner import crawl  # lazy: start-up
    from crawler.storage import reachable  # lazy: start-up

    # a wrong database is one error now, not one per site; a store at an older schema is
    # reported per site by the store pipeline, with what to do
    reachable(args.db)

    results = crawl(
        args.sites or None,
        replay=args.replay,
        db=args.db,
        limit=args.limit,
        overrides=_crawl_overrides(args),
    )
    print_summary(list(results), args.json)
    failed = [r for r in results if r.outcome == "failed"]
    for r in failed:
        print(f"partywire: site {r.site} failed: {r.reason}", file=sys.stderr)
    stopped = [r for r in results if r.outcome == "interrupted"]
    if stopped:
        # what a shell reports for a command a signal stopped (130 for SIGINT, 143 for SIGTERM):
        # the crawl did not finish, whatever it stored
        _err(f"{stopped[0].reason}: {len(stopped)} sites did not finish; the next run goes on")
        return 128 + (stopped[0].signum or 15)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from crawler.storage import Store  # lazy: start-up
    from output.publish import PublishRefused  # lazy: start-up
    from output.server import publish_everything  # lazy: start-up

    store = Store(args.db)
    out = Path(args.output or PARTYWIRE_OUTPUT)
    try:
        written = publish_everything(
            store, out, args.base_url or PARTYWIRE_BASE_URL, PARTYWIRE_FEED_SIZE
        )
    except PublishRefused as exc:
        _err(str(exc))
        return EXIT_FAILED
    finally:
        store.engine.dispose()
    main_feed = written[0]
    feeds = [w for w in written if w.path.suffix in (".xml", ".atom", ".json")]
    changed = sum(1 for w in written if w.written)
    print(f"{main_feed.path}  {main_feed.items} items")
    print(
        f"{len(feeds)} feeds (RSS, Atom, JSON Feed) under {out}, {changed} of {len(written)} "
        f"files changed; {out}/index.html, feeds.opml, status.html, alerts.xml"
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


def cmd_status(args: argparse.Namespace) -> int:
    from crawler.core.timez import utcnow  # lazy: start-up
    from crawler.history import History  # lazy: start-up
    from crawler.sites import registry  # lazy: start-up
    from crawler.storage import Store  # lazy: start-up
    from output.status import shown, status_rows  # lazy: start-up

    reg = registry()
    unknown = [s for s in args.sites if s not in reg]
    if unknown:
        raise ValueError(f"unknown site(s): {', '.join(unknown)} (see `partywire sites`)")
    store = Store(args.db)
    try:
        rows = status_rows(History(store), args.sites or list(reg), utcnow())
    finally:
        store.engine.dispose()
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2))
    else:
        width = max((len(r.site) for r in rows), default=4)
        print(
            f"{'site':<{width}}  {'state':<9} {'last success':<16}  {'last new':<16}  "
            f"{'7d':>4} {'fails':>5}  {'next poll':<16}  reason"
        )
        for r in rows:
            print(
                f"{r.site:<{width}}  {r.state:<9} {shown(r.last_success):<16}  "
                f"{shown(r.last_new_article):<16}  {r.articles_7d:>4} "
                f"{r.consecutive_failures:>5}  {shown(r.next_poll):<16}  {r.reason}"
            )
    return EXIT_FAILED if any(r.state == "failing" for r in rows) else EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from crawler.service import ServiceConfig, run  # lazy: start-up
    from crawler.sites import registry  # lazy: start-up
    from crawler.storage import reachable  # lazy: start-up

    reg = registry()
    unknown = [s for s in args.sites if s not in reg]
    if unknown:
        raise ValueError(f"unknown site(s): {', '.join(unknown)} (see `partywire sites`)")
    for r in args.replay or []:
        if not Path(r).exists():
            raise ValueError(f"--replay {r}: no such file or folder")
    reachable(args.db)
    passed: list[str] = ["-v"] * args.verbose
    if args.log_file:
        passed += ["--log-file", args.log_file]
    if args.distributed and not args.redis:
        raise ValueError("run --distributed: no Redis (--redis URL or $PARTYWIRE_REDIS)")
    return run(
        ServiceConfig(
            db=args.db,
            output=args.output or PARTYWIRE_OUTPUT,
            base_url=args.base_url or PARTYWIRE_BASE_URL,
            feed_size=PARTYWIRE_FEED_SIZE,
            sites=list(args.sites),
            replay=list(args.replay or []),
            once=args.once,
            crawl_args=passed,
            distributed=args.distributed,
            redis=args.redis,
            queue=args.queue,
        )
    )


def _settings(pairs: list[str]) -> dict[str, object]:
    """`-s NAME=VALUE`, as Scrapy's own command line takes them; a VALUE that reads as JSON is
    taken as JSON, so a dict setting (DOWNLOADER_MIDDLEWARES) can be given too."""
    out: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"-s {pair!r}: not NAME=VALUE")
        try:
            out[name] = json.loads(value)
        except ValueError:
            out[name] = value
    return out


def cmd_worker(args: argparse.Namespace) -> int:
    from crawler.storage import reachable  # lazy: start-up
    from crawler.worker import WorkerConfig, run  # lazy: start-up

    if not args.redis:
        raise ValueError("worker: no Redis (--redis URL or $PARTYWIRE_REDIS)")
    if args.batch < 1:
        raise ValueError(f"--batch {args.batch}: at least 1")
    for r in args.replay or []:
        if not Path(r).exists():
            raise ValueError(f"--replay {r}: no such file or folder")
    reachable(args.db)
    return run(
        WorkerConfig(
            redis=args.redis,
            queue=args.queue,
            db=args.db,
            replay=[str(Path(r).resolve()) for r in args.replay or []],
            once=args.once,
            batch=args.batch,
            settings={**_crawl_overrides(args), **_settings(args.set)},
        )
    )


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn  # lazy: start-up

    from crawler.storage import reachable  # lazy: start-up
    from output.server import create_app  # lazy: start-up

    reachable(args.db)
    base = args.base_url or f"http://{args.host}:{args.port}/"
    app = create_app(args.db, base, feed_size=PARTYWIRE_FEED_SIZE)
    # behind a reverse proxy or CDN: it forwards the client's address and scheme
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=True, log_level="warning")
    return EXIT_OK


def cmd_db_check(args: argparse.Namespace) -> int:
    from crawler.history import History  # lazy: start-up
    from crawler.storage import Store, shown  # lazy: start-up

    store = Store(args.db)
    try:
        problems = History(store).integrity()
    finally:
        store.engine.dispose()
    for line in problems:
        print(f"partywire: {shown(args.db)}: {line}", file=sys.stderr)
    if problems:
        return EXIT_FAILED
    print(f"{shown(args.db)}: integrity ok")
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from crawler.storage import upgrade  # lazy: start-up

    print(upgrade(args.db))
    return EXIT_OK


def cmd_db_current(args: argparse.Namespace) -> int:
    from crawler.storage import current_revision  # lazy: start-up

    print(current_revision(args.db) or "none (an empty store, or one made before migrations)")
    return EXIT_OK


DB_HELP = "database URL (default: $PARTYWIRE_DB or sqlite:///var/partywire.db)"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # lazy: only for --version

    try:
        return version("partywire")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _crawl_options(c: argparse.ArgumentParser) -> None:
    """What `crawl` and `run` share: the sites, replay, and how much they log."""
    c.add_argument("sites", nargs="*", metavar="SITE")
    c.add_argument(
        "--replay",
        metavar="PATH",
        action="append",
        help="play recorded pages (WARC file or folder); may be repeated",
    )
    c.add_argument(
        "-v", "--verbose", action="count", default=0, help="Scrapy's log: -v INFO, -vv DEBUG"
    )
    c.add_argument("--log-file", metavar="FILE", help="write the log there instead of stderr")


def _queue_options(c: argparse.ArgumentParser) -> None:
    """What `run --distributed` and `worker` share: where the queue is."""
    c.add_argument(
        "--redis",
        metavar="URL",
        default=os.environ.get("PARTYWIRE_REDIS", ""),
        help="the Redis of the queue and the syndication index (default $PARTYWIRE_REDIS)",
    )
    c.add_argument(
        "--queue",
        metavar="PREFIX",
        default=os.environ.get("PARTYWIRE_QUEUE", "partywire"),
        help="prefix of the queue's Redis keys (default $PARTYWIRE_QUEUE or partywire)",
    )


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before and after the subcommand: each subcommand's copy defaults to
    # SUPPRESS, so it only sets the value when given there
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
    p = argparse.ArgumentParser(prog="partywire", description=__doc__)
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--version", action="version", version=f"partywire {_version()}")
    sub = p.add_subparsers(dest="command", required=True)

    def add(name: str, help: str, into: Any = sub) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = into.add_parser(name, help=help, parents=[common])
        return parser

    c = add("crawl", help="crawl sites (all by default) into the store")
    _crawl_options(c)
    c.add_argument("--limit", type=int, help="at most N articles per site")
    c.add_argument(
        "--full", action="store_true", help="fetch every article again (default: only new ones)"
    )
    c.add_argument("--json", action="store_true", help="the summary as JSON, one object a site")
    c.set_defaults(func=cmd_crawl)

    rn = add("run", help="the service: crawl each site when due, publish, repeat")
    _crawl_options(rn)
    rn.add_argument("--once", action="store_true", help="every due site once, then exit (cron)")
    rn.add_argument("--output", help="feeds folder (default output/public)")
    rn.add_argument("--base-url", help="public URL the feeds are served from")
    rn.add_argument(
        "--distributed",
        action="store_true",
        help="queue the due sites for `partywire worker` processes instead of crawling them",
    )
    _queue_options(rn)
    rn.set_defaults(func=cmd_run)

    wk = add("worker", help="crawl the sites `run --distributed` queues, until SIGTERM")
    _crawl_options(wk)
    _queue_options(wk)
    wk.add_argument("--once", action="store_true", help="exit when the queue has nothing to take")
    wk.add_argument(
        "--batch", type=int, default=4, help="sites crawled together in one process (default 4)"
    )
    wk.add_argument(
        "-s",
        dest="set",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="a Scrapy setting for the crawls; may be repeated",
    )
    wk.set_defaults(func=cmd_worker)

    st = add("status", help="each site's state, worst first; exit 1 if any fails")
    st.add_argument("sites", nargs="*", metavar="SITE")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_status)

    sv = add("serve", help="serve the feeds, search and the web page over HTTP")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--base-url", help="public URL readers use (default http://HOST:PORT/)")
    sv.set_defaults(func=cmd_serve)

    pub = add("publish", help="write the RSS feeds from the store")
    pub.add_argument("--output", help="folder (default output/public)")
    pub.add_argument("--base-url", help="public URL the feeds are served from")
    pub.set_defaults(func=cmd_publish)

    s = add("sites", help="list registered sites")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_sites)

    e = add("extract", help="extract one saved page; prints one JSON record")
    e.add_argument("file")
    e.add_argument("--url", required=True, help="the page's original URL")
    e.add_argument("--site", help="registered site (default: found from the URL)")
    e.set_defaults(func=cmd_extract)

    d = add(
        "discover",
        help="the article URLs a site's spider takes from one saved feed, sitemap or listing",
    )
    d.add_argument("site", metavar="SITE")
    d.add_argument("file", metavar="FILE")
    d.add_argument("--url", required=True, help="the file's original URL")
    d.set_defaults(func=cmd_discover)

    n = add("new-site", help="declare a new site (writes spiders/sites/NAME.py)")
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

    r = add("record", help="record a live site's pages into tests/recorded/SITE")
    r.add_argument("site")
    r.add_argument("--articles", type=int, default=3, help="how many articles (default 3)")
    r.set_defaults(func=cmd_record)

    cl = add("clusters", help="group article records (JSON) into stories")
    cl.add_argument("files", nargs="+", metavar="FILE.json")
    cl.set_defaults(func=cmd_clusters)

    pk = add("pack", help="saved pages (URL=FILE ...) -> tests/recorded/SITE")
    pk.add_argument("site")
    pk.add_argument("pages", nargs="+", metavar="URL=FILE")
    pk.set_defaults(func=cmd_pack)

    ch = add("check", help="play a site's recorded pages; one row per article")
    ch.add_argument("site")
    ch.add_argument("--update", action="store_true", help="rewrite expected.json, show diff")
    ch.add_argument(
        "--accept",
        action="store_true",
        help="with --update: pin rows that leak or lack a title, date or text anyway",
    )
    ch.set_defaults(func=cmd_check)

    db = add("db", help="the store's schema")
    dbs = db.add_subparsers(dest="db_command", required=True)
    up = add("upgrade", "migrate the store to this release's schema", dbs)
    up.set_defaults(func=cmd_db_upgrade)
    cur = add("current", "print the store's schema revision", dbs)
    cur.set_defaults(func=cmd_db_current)
    chk = add("check", "check the store's integrity; exit 1 on a problem", dbs)
    chk.set_defaults(func=cmd_db_check)
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
