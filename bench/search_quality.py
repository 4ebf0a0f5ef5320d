"""Search quality on the judged queries: ``python bench/search_quality.py [--readme]``.

Prints hit@3 and MRR per vocabulary, and each query that missed the top 3. ``--readme`` writes the
figures into README.md between the ``search-quality`` markers.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from search_judgements import evaluate, figures  # noqa: E402 - from tests/, put on the path above

import cxkg  # noqa: E402

YKL = ROOT.parent / "shared" / "vocabularies" / "ykl" / "ykl-skos-2021-12-01.ttl"


def main(write_readme: bool) -> None:
    glossaries = {"bundled": cxkg.load()}
    if YKL.exists():
        glossaries["ykl"] = cxkg.load(YKL)
    results = evaluate(glossaries)
    for result in results:
        if not result.rank or result.rank > 3:
            print(f"miss  rank {result.rank}  {result.judgement.vocabulary}/{result.judgement.kind}  "
                  f"{result.judgement.query!r} -> {', '.join(result.top)}")
    lines = ["| vocabulary | queries | hit@3 | MRR |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {name} | {count} | {hit3:.2f} | {mrr:.2f} |" for name, (count, hit3, mrr) in figures(results).items()]
    table = "\n".join(lines)
    print(table)
    if write_readme:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        block = f"<!-- search-quality:start -->\n{table}\n<!-- search-quality:end -->"
        readme.write_text(re.sub(r"<!-- search-quality:start -->.*?<!-- search-quality:end -->", block, text,
                                 flags=re.S), encoding="utf-8")


if __name__ == "__main__":
    main("--readme" in sys.argv[1:])
