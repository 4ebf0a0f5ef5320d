"""Synthetic SKOS vocabularies of any size, with realistic structure, for benchmarks.

``python bench/synthetic.py 50000 out.ttl`` writes one; ``vocabulary(n)`` returns the Turtle text.
"""

from __future__ import annotations

import random
import sys

WORDS = (
    "customer experience journey loyalty churn retention satisfaction effort score rate value "
    "feedback survey channel touchpoint service support success advocacy empathy insight persona "
    "segment market brand promise moment truth onboarding renewal upsell cross sell revenue cost "
    "agent ticket resolution handle time response queue chat email voice social mobile digital "
    "omnichannel personalisation analytics sentiment text speech emotion friction pain point gain "
    "design research interview panel community forum knowledge base self help automation bot"
).split()


def vocabulary(n: int, seed: int = 7) -> str:
    """Turtle for ``n`` concepts: a broader tree (fan-out ~8), related links, labels and definitions."""
    rng = random.Random(seed)
    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             "@prefix ex: <http://example.org/synthetic/> .", "",
             'ex:scheme a skos:ConceptScheme ; skos:prefLabel "Synthetic vocabulary"@en .']
    for i in range(n):
        words = rng.sample(WORDS, 3)
        label = " ".join(words).capitalize() + f" {i}"
        parts = [f"ex:c{i} a skos:Concept", "skos:inScheme ex:scheme", f'skos:prefLabel "{label}"@en',
                 f'skos:altLabel "{words[2]} {words[0]} {i}"@en',
                 f'skos:definition "The {words[0]} of {words[1]} as seen in {" ".join(rng.sample(WORDS, 4))}."@en']
        if i < 8:
            parts.append("skos:topConceptOf ex:scheme")
        else:
            parent = rng.randrange(0, i) if rng.random() < 0.2 else (i - 8) // 8
            parts.append(f"skos:broader ex:c{parent}")
        if i > 10 and rng.random() < 0.3:
            parts.append(f"skos:related ex:c{rng.randrange(0, i - 1)}")
        lines.append(" ;\n    ".join(parts) + " .")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    size, target = int(sys.argv[1]), sys.argv[2]
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(vocabulary(size))
