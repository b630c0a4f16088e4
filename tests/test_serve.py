"""`blueprints serve --cron` registers a scheduled deployment and its runs do the job."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pyarrow.dataset as ds
import pytest
from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness

from tests.conftest import REPO
from tests.wp_server import WPServer, blueprint_ids, corpus

DEPLOYMENT = "blueprints-scheduled/scheduled"


@pytest.fixture(scope="module", autouse=True)
def prefect_backend():
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no calls off 127.0.0.1
        with prefect_test_harness(server_startup_timeout=120):
            yield


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_registers_cron_deployment_whose_runs_crawl_and_extract(tmp_path):
    posts, pages = corpus(synthetic=2)
    with WPServer(posts, pages) as site, get_client(sync_client=True) as client:
        env = {
            **os.environ,
            "PREFECT_API_URL": PREFECT_API_URL.value(),
            "PREFECT_RUNNER_POLL_FREQUENCY": "1",
            "PYTHONPATH": str(REPO),
        }
        argv = [sys.executable, "-m", "cli.main", "serve", "--cron", "0 6 * * *"]
        argv += ["--from-wp", site.base_url, "--rate", "0", "--contact", "ops@example.org"]
        argv += ["--raw-dir", str(tmp_path / "raw"), "--output-dir", str(tmp_path / "out")]
        log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed in finally
        proc = subprocess.Popen(argv, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
        try:
            deployment = _wait(lambda: _deployment(client), 90, "the deployment")
            (schedule,) = deployment.schedules
            assert schedule.schedule.cron == "0 6 * * *" and schedule.active
            assert deployment.entrypoint == "flows.serve.scheduled_run"
            assert deployment.parameters["crawl"]["wp"] == site.base_url
            assert deployment.parameters["raw_dir"] == str(tmp_path / "raw")

            run = client.create_flow_run_from_deployment(deployment.id)
            state = _wait(lambda: _final_state(client, run.id), 120, "the served run")
            assert state.is_completed(), (tmp_path / "serve.log").read_text()[-3000:]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            log.close()
    articles = ds.dataset(tmp_path / "out" / "articles", format="parquet").to_table()
    assert sorted(articles.column("article_id").to_pylist()) == sorted(
        posts[i]["slug"] for i in blueprint_ids(posts)
    )
    assert all("ops@example.org" in h.headers["user-agent"] for h in site.hits())


def _deployment(client):
    try:
        return client.read_deployment_by_name(DEPLOYMENT)
    except Exception:  # not registered yet: ObjectNotFound
        return None


def _final_state(client, run_id):
    state = client.read_flow_run(run_id).state
    return state if state and state.is_final() else None
