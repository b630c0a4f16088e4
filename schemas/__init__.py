"""The output contract: Arrow schemas of every dataset."""

from schemas import datasets  # noqa: F401  (defines the base schemas the others extend)
