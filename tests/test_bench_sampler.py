"""The sampler's benchmark runs and reports every figure (no time is asserted)."""

from __future__ import annotations

from gendisc import bench_sampler


def test_sampler_cost_reports_every_figure():
    out = bench_sampler.sampler_cost(repeats=1, R=6, single=2)
    assert set(out) == {f"m{m}_p{n + 1}" for m, n in bench_sampler.SHAPES}
    for figures in out.values():
        assert figures["burn_in_steps"] >= 200
        assert "draws_per_second_batched_ball" in figures
        for key, value in figures.items():
            if key != "burn_in_steps":
                assert value["min"] > 0 and value["min"] <= value["median"] <= value["max"]
