"""Prefect flows: orchestration only; parsing lives in extractors/, I/O in sources/ and storage/."""
