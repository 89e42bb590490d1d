"""The Repeat & load section's words and chart rows."""

from __future__ import annotations

from collections import Counter

from playground.qa.repeat import RepeatReport, SeedReport
from playground.qa.sweep import Sample, SweepReport, summarize
from playground.ui.load_view import repeat_markdown, sweep_frames, sweep_markdown


def test_repeat_words_keep_cold_starts_apart() -> None:
    report = RepeatReport([0.1, 0.2], Counter({"a": 2}), [], [3.5], 4.0)
    text = repeat_markdown(report)
    assert "2 warm calls" in text and "(all identical)" in text and "Cold starts" in text
    seeded = SeedReport(RepeatReport(outputs=Counter({"a": 1, "b": 1})), report)
    assert "seed makes the outputs identical" in repeat_markdown(seeded)


def test_sweep_rows_for_the_charts_and_the_table() -> None:
    ok = [Sample(200, 0.1), Sample(200, 0.3), Sample(503, 2.0, cold=True)]
    report = SweepReport([summarize(1, ok, 1.0), summarize(2, ok, 0.5)], None, 1.5)
    latency, throughput, table = sweep_frames(report)
    assert set(latency["series"]) == {"p50", "p95"} and len(latency) == 4
    assert list(throughput["requests/s"]) == [2.0, 4.0]
    assert table[0][:3] == [1, 3, 2] and table[0][10] == 1
    assert "2 cold start(s)" in sweep_markdown(report)
