"""Synthetic growth for benchmarks and for the tests that prove queries per page do not grow with the data.

Never loaded by the portal itself: `grow()` adds made-up evaluation years after the published ones, every
row under a source titled as synthetic, so nothing here can pass for a published figure.
"""

import random
from decimal import Decimal

from indices.models import Framework, Instance, Score, ScoreValue, Source

SYNTHETIC = "Synthetic benchmark data, not a published figure"


def grow(years=range(2026, 2036), seed: int = 2026) -> int:
    """Add a made-up score (and first-level values) for every instance in each of `years`; returns how many."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    source, _ = Source.objects.get_or_create(title=SYNTHETIC, defaults={"document": SYNTHETIC})
    instances = list(Instance.objects.values_list("code", flat=True))
    scores, parts = [], []
    for year in years:
        framework = Framework.objects.for_year(year)
        (facts,) = Framework.objects.filter(pk=framework.pk).facts()
        for code in instances:
            levels = {node.id: Decimal(f"{rng.uniform(1, 5):.2f}") for node in facts.top}
            index = sum(node.weight * levels[node.id] for node in facts.top) / 100
            score = Score(
                instance_id=code,
                year=year,
                value=index.quantize(Decimal("0.01")),
                framework=framework,
                source=source,
            )
            scores.append(score)
            parts += [(score, node_id, value) for node_id, value in levels.items()]
    Score.objects.bulk_create(scores, batch_size=1000)
    ScoreValue.objects.bulk_create(
        (ScoreValue(score=s, node_id=n, value=v) for s, n, v in parts), batch_size=2000
    )
    return len(scores)
