"""Crawl throughput against the local WordPress look-alike, politeness limits off.

Run: PYTHONPATH=. python benchmarks/crawl_bench.py [N_POSTS]; figures in docs/PERFORMANCE.md.
Prefect settings must be in the environment before Prefect is imported, hence E402.
"""

import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
from prefect.testing.utilities import prefect_test_harness

from flows.crawl import CrawlJob, crawl_ingest
from sources.http import CrawlConfig, PoliteClient
from sources.wordpress import WordPressSource
from tests.wp_server import WPServer, blueprint_ids, corpus

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300
with prefect_test_harness(server_startup_timeout=120):
    for conc in (2, 8):
        posts, pages = corpus(synthetic=N)
        with WPServer(posts, pages) as site:
            n = len(blueprint_ids(posts))
            cfg = CrawlConfig(rate=0, concurrency=conc, robots=True)
            # client only, no Prefect
            with PoliteClient(cfg) as c:
                src = WordPressSource(c, site.base_url)
                t = time.perf_counter()
                ids = [
                    r.id
                    for p in range(1, 100)
                    for r in (src.list_page(p, None).posts if p <= -(-n // 100) else [])
                ]
                with ThreadPoolExecutor(conc) as ex:
                    list(ex.map(src.fetch_post, ids))
                bare = time.perf_counter() - t
            tmp = Path(tempfile.mkdtemp())
            t = time.perf_counter()
            s = crawl_ingest(CrawlJob(wp=site.base_url, config=cfg), tmp / "raw")
            full = time.perf_counter() - t
            t = time.perf_counter()
            s2 = crawl_ingest(CrawlJob(wp=site.base_url, config=cfg), tmp / "raw")
            again = time.perf_counter() - t
            print(
                f"concurrency {conc}: {n} posts; client only {bare:.2f}s ({n / bare:.0f}/s); "
                f"ingest flow {full:.2f}s ({n / full:.1f}/s, {s.requests} requests, stored {s.added}); "
                f"second run {again:.2f}s, in-flow {s2.seconds:.2f}s, first in-flow {s.seconds:.2f}s ({s2.requests} requests)",
                flush=True,
            )
