"""Cost of mention finding per article, against the rest of extraction in the same run.

For every seed and sample document: the rest of extraction (decode, detect,
adapter, normalize, records without mentions) and `mention_rows` alone, with
five matcher variants: spaCy's stock English tokenizer or `simple_tokenizer`,
each with and without the alias key-word pre-filter, and the default again
with every text tokenised as its own Doc (`join=False`). Medians of repeated runs
(warm caches); "cold" is the first article through a freshly built matcher.
Also reports one-off setup costs (importing spaCy, building the matchers) and
whether every variant finds exactly the same mentions.

    python benchmarks/mentions_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors import mentions  # noqa: E402
from extractors.pipeline import extract  # noqa: E402
from extractors.records import article_rows  # noqa: E402
from tests.conftest import seeds_dir  # noqa: E402

VARIANTS = {
    "stock": {"tokenizer": "stock", "prefilter": False},
    "stock+filter": {"tokenizer": "stock", "prefilter": True},
    "simple": {"tokenizer": "simple", "prefilter": False},
    "simple+filter": {"tokenizer": "simple", "prefilter": True},  # the default
    "simple+filter per text": {"tokenizer": "simple", "prefilter": True, "join": False},
}


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def corpus() -> list[tuple[str, bytes]]:
    docs = [
        (f"sample {p.parent.name}/{p.stem[:20]}", p.read_bytes())
        for p in sorted((ROOT / "samples").glob("*/*"))
        if p.suffix in {".json", ".html", ".md", ".txt"}
    ]
    if seeds_dir().is_dir():
        docs += [(f"seed {p.name[:3]}", p.read_bytes()) for p in sorted(seeds_dir().iterdir())]
    return docs


def texts_of(rows: dict) -> list[str]:
    return [b["text"] for b in rows["blocks"]] + [c["value"] for c in rows["table_cells"]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    start = time.perf_counter()
    import spacy

    spacy.blank("en")
    import_ms = (time.perf_counter() - start) * 1000
    docs = corpus()
    rows = {name: article_rows(extract(data, "bench")) for name, data in docs}

    finders, build_ms, cold_ms = {}, {}, {}
    first = rows[docs[-1][0]] if docs else {}
    for name, kwargs in VARIANTS.items():
        start = time.perf_counter()
        finders[name] = mentions.Finder(**kwargs)
        build_ms[name] = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        finders[name].find(texts_of(first))
        cold_ms[name] = (time.perf_counter() - start) * 1000

    reference = {n: finders["stock"].find(texts_of(r)) for n, r in rows.items()}
    disagree = {
        v: sum(finders[v].find(texts_of(r)) != reference[n] for n, r in rows.items())
        for v in VARIANTS
    }

    header = " | ".join(f"{v} ms" for v in VARIANTS)
    print(f"| document | texts | passed filter | mentions | rest of extraction ms | {header} |")
    print("|---|---:|---:|---:|---:|" + "---:|" * len(VARIANTS))
    totals = dict.fromkeys(["rest", *VARIANTS], 0.0)
    default = finders["simple+filter"]
    for name, data in docs:
        r = rows[name]
        texts = texts_of(r)
        total = median_ms(lambda d=data: article_rows(extract(d, "bench")), args.repeat)
        own = median_ms(lambda r=r: mentions.mention_rows(r), args.repeat)
        rest = total - own if "mentions" in r else total
        totals["rest"] += rest
        cells = []
        for v in VARIANTS:
            ms = median_ms(lambda t=texts, f=finders[v]: f.find(t), args.repeat)
            totals[v] += ms
            cells.append(f"{ms:.1f}")
        passed = sum(map(default.may_match, texts))
        found = sum(map(len, default.find(texts)))
        print(f"| {name} | {len(texts)} | {passed} | {found} | {rest:.1f} | {' | '.join(cells)} |")
    n = len(docs)
    print(
        f"\nmean per article: rest of extraction {totals['rest'] / n:.1f} ms; "
        + ", ".join(f"{v} {totals[v] / n:.1f} ms" for v in VARIANTS)
    )
    print(f"import spaCy + blank('en'): {import_ms:.0f} ms (once per process)")
    print("build matchers: " + ", ".join(f"{v} {ms:.0f} ms" for v, ms in build_ms.items()))
    print(
        f"cold first article ({docs[-1][0]}): "
        + ", ".join(f"{v} {ms:.1f} ms" for v, ms in cold_ms.items())
    )
    print(
        f"gazetteer: {len(mentions.gazetteer())} entries; documents whose mentions differ "
        "from the stock tokenizer's: " + ", ".join(f"{v} {k}" for v, k in disagree.items())
    )


if __name__ == "__main__":
    main()
