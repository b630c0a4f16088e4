"""Crawl options for `ingest`/`run`, and the `serve` command; kept out of cli/main.py.

Why a module of its own: the web sources bring many options (politeness knobs,
listing filters) and a scheduling command; main.py stays a thin dispatcher.
Every option also reads an environment variable, so a scheduled deployment
can be configured without editing its command line.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sources.http import DEFAULT_CONTACT, CrawlConfig
from sources.wordpress import DEFAULT_SEARCH

if TYPE_CHECKING:
    from flows.crawl import CrawlJob


class UsageError(ValueError):
    """A bad option value: exit code 2."""


def add_crawl_options(
    parser: argparse.ArgumentParser, sources: argparse._MutuallyExclusiveGroup
) -> None:
    sources.add_argument(
        "--from-wp",
        metavar="BASE_URL",
        help="crawl a WordPress site's REST API (wp-json/wp/v2/posts)",
    )
    sources.add_argument(
        "--from-urls", metavar="FILE", help="fetch the article pages listed one a line"
    )
    sources.add_argument(
        "--sitemap",
        metavar="SITE_URL",
        help="fetch the role-blueprint pages listed in the site's /wp-sitemap.xml (or this .xml)",
    )
    env = os.environ.get
    web = parser.add_argument_group("web crawling (--from-wp, --from-urls, --sitemap)")
    web.add_argument(
        "--search",
        default=env("BLUEPRINTS_WP_SEARCH", DEFAULT_SEARCH),
        help=f'WordPress search term (env BLUEPRINTS_WP_SEARCH, default "{DEFAULT_SEARCH}"; "" for none)',
    )
    web.add_argument(
        "--category",
        type=int,
        default=int(env("BLUEPRINTS_WP_CATEGORY")) if env("BLUEPRINTS_WP_CATEGORY") else None,
        help="WordPress category id (env BLUEPRINTS_WP_CATEGORY)",
    )
    web.add_argument(
        "--contact",
        default=env("BLUEPRINTS_CONTACT", DEFAULT_CONTACT),
        help="URL or e-mail named in the User-Agent (env BLUEPRINTS_CONTACT)",
    )
    web.add_argument(
        "--rate",
        type=float,
        default=float(env("BLUEPRINTS_RATE", "1")),
        help="request starts per second per site, 0 for unpaced (env BLUEPRINTS_RATE, default 1)",
    )
    web.add_argument(
        "--concurrency",
        type=int,
        default=int(env("BLUEPRINTS_CONCURRENCY", "2")),
        help="requests in flight at once (env BLUEPRINTS_CONCURRENCY, default 2)",
    )


def crawl_job(args: argparse.Namespace) -> CrawlJob | None:
    """The crawl the options ask for, or None when the source is not the web."""
    from flows.crawl import CrawlJob

    wp, urls_file, sitemap = (getattr(args, k, None) for k in ("from_wp", "from_urls", "sitemap"))
    if not (wp or urls_file or sitemap):
        return None
    for url in (wp, sitemap):
        if url and urlsplit(url).scheme not in ("http", "https"):
            raise UsageError(f"{url!r} is not an http(s) URL")
    if urls_file and not Path(urls_file).is_file():
        raise UsageError(f"--from-urls {urls_file} is not a file")
    if args.rate < 0 or args.concurrency < 1:
        raise UsageError("--rate must be >= 0 and --concurrency >= 1")
    config = CrawlConfig(contact=args.contact, rate=args.rate, concurrency=args.concurrency)
    return CrawlJob(
        wp=wp,
        search=args.search or None,
        category=args.category,
        urls_file=str(Path(urls_file).resolve()) if urls_file else None,
        sitemap=sitemap,
        config=config,
    )


def add_serve_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    serve = sub.add_parser(
        "serve", help="serve ingest+extract on a schedule (Prefect; needs PREFECT_API_URL)"
    )
    serve.add_argument("--cron", required=True, help='cron schedule, e.g. "0 6 * * *"')
    serve.add_argument("--timezone", default="UTC", help="time zone of the cron schedule")
    serve.add_argument("--name", default="scheduled", help="deployment name (default scheduled)")
    group = serve.add_mutually_exclusive_group()
    group.add_argument("--from-dir", type=Path, help="load local files (any supported format)")
    add_crawl_options(serve, group)
    return serve


def serve_command(args: argparse.Namespace, crawl: CrawlJob | None) -> int:
    """Register the deployment and run scheduled runs until interrupted."""
    from flows.serve import check_cron, serve

    try:
        check_cron(args.cron, args.timezone)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    serve(
        cron=args.cron,
        timezone=args.timezone,
        name=args.name,
        raw_dir=args.raw_dir,
        output_dir=args.output_dir,
        from_dir=args.from_dir,
        crawl=crawl,
    )
    return 0
