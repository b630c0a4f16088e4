"""The `blueprints` command: argument parsing and the run summary; the work is in flows/."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cli.crawl_commands import UsageError, add_crawl_options, add_serve_parser, crawl_job


def _dirs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--raw-dir",
        type=Path,
        default=Path(os.environ.get("BLUEPRINTS_RAW_DIR", "raw")),
        help="raw store (env BLUEPRINTS_RAW_DIR, default raw/)",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=Path(os.environ.get("BLUEPRINTS_OUTPUT_DIR", "output")),
        help="datasets (env BLUEPRINTS_OUTPUT_DIR, default output/)",
    )


def _sources(parser: argparse.ArgumentParser, required: bool) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("--from-dir", type=Path, help="load local files (any supported format)")
    add_crawl_options(parser, group)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="blueprints", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest, then extract: the main job")
    _sources(run, required=False)
    ingest = sub.add_parser("ingest", help="load documents into the raw store")
    _sources(ingest, required=True)
    extract = sub.add_parser("extract", help="raw store -> Parquet datasets (only what changed)")
    reextract = sub.add_parser(
        "reextract", help="re-parse every raw document, report what changed, then publish"
    )
    reextract.add_argument("--dry-run", action="store_true", help="write the report only")
    query = sub.add_parser("query", help="run SQL over the datasets (each one a view)")
    query.add_argument("sql")
    query.add_argument("--snapshot", help="read an older snapshot by id")
    serve = add_serve_parser(sub)
    for command in (run, ingest, extract, reextract, query, serve):
        _dirs(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "query":
        from cli.query import run_query

        return run_query(args.sql, args.output_dir, args.snapshot)
    if getattr(args, "from_dir", None) is not None and not args.from_dir.is_dir():
        print(f"blueprints: --from-dir {args.from_dir} is not a directory", file=sys.stderr)
        return 2
    try:
        crawl = crawl_job(args)
        if args.command == "serve":
            from cli.crawl_commands import serve_command

            return serve_command(args, crawl)
    except UsageError as exc:
        print(f"blueprints: {exc}", file=sys.stderr)
        return 2
    from cli.summary import print_reextract, print_summary

    if args.command == "ingest":
        from flows.crawl import crawl_ingest
        from flows.ingest import ingest_dir_flow

        if crawl is not None:
            ingested = crawl_ingest(crawl, args.raw_dir)
        else:
            ingested = ingest_dir_flow(args.from_dir, args.raw_dir)
        print_summary(ingested, None)
        return 0 if not ingested.failed else 1
    if args.command == "reextract":
        from flows.reextract import reextract_flow

        result = reextract_flow(args.raw_dir, args.output_dir, dry_run=args.dry_run)
        print_reextract(result)
        return 0
    if args.command == "extract":
        from flows.extract import extract_flow

        summary = extract_flow(args.raw_dir, args.output_dir)
        print_summary(None, summary)
        return 0 if summary.snapshot else 1
    from flows.run import run_flow

    ingested, summary = run_flow(args.raw_dir, args.output_dir, args.from_dir, crawl)
    print_summary(ingested, summary)
    return 0 if summary.snapshot else 1


if __name__ == "__main__":
    sys.exit(main())
