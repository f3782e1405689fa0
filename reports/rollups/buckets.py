"""Fixed, log-spaced histogram buckets for durations, and percentiles from them.

Bucket i holds durations in [EDGES[i], EDGES[i + 1]) seconds; each edge is
about 1.25 times the one before (from 1 second to beyond two years), so a
percentile read from the histogram lies in the bucket of the exact value or the
one next to it: within 25 % of it.
"""

import bisect
import math
from collections.abc import Mapping

EDGES: tuple[int, ...] = tuple(sorted({0, *(int(1.25**i) for i in range(0, 82))}))
RATIO = 1.25


def bucket_of(seconds: float) -> int:
    """The index of the bucket holding this many seconds (negative ones in 0)."""
    return max(bisect.bisect_right(EDGES, seconds) - 1, 0)


def bucket_key(seconds: float) -> str:
    return f"{bucket_of(seconds):02d}"


def _order_statistic(histogram: Mapping[int, int], rank: int) -> float:
    """The rank-th smallest duration (0-based), placed evenly inside its bucket."""
    seen = 0
    for index in sorted(histogram):
        count = histogram[index]
        if count <= 0:
            continue
        if rank < seen + count:
            low = EDGES[index]
            high = EDGES[index + 1] if index + 1 < len(EDGES) else low * RATIO
            return low + (high - low) * (rank - seen + 0.5) / count
        seen += count
    raise ValueError(rank)


def percentile(histogram: Mapping[int, int], fraction: float) -> int | None:
    """The fraction's percentile, interpolated between order statistics as
    percentile_cont does, each order statistic estimated inside its bucket."""
    total = sum(count for count in histogram.values() if count > 0)
    if total <= 0:
        return None
    position = fraction * (total - 1)
    low = math.floor(position)
    value = _order_statistic(histogram, low)
    if position > low:
        value += (_order_statistic(histogram, low + 1) - value) * (position - low)
    return round(value)
