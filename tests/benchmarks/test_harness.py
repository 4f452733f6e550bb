"""The timing harness: what it measures and how it reports it."""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

import harness
import pytest
from harness import Metric, Row, Timing, format_report, measure, run_command


def test_measure_times_each_run_and_keeps_best_and_median() -> None:
    calls: list[float] = []

    def work() -> None:
        calls.append(time.perf_counter())
        time.sleep(0.01)

    timing = measure(work, repeat=3, warmup=1)
    assert len(calls) == 4 and len(timing.times) == 3
    assert 0.01 <= timing.best <= timing.median and timing.peak_memory is None


def test_measure_with_memory_reports_the_peak_of_python_allocations() -> None:
    timing = measure(lambda: bytearray(8_000_000), repeat=1, memory=True)
    assert timing.peak_memory is not None and 8_000_000 <= timing.peak_memory < 9_000_000


def test_run_command_times_a_process_and_its_own_peak_memory() -> None:
    grow = "x = bytearray(60_000_000); x[::4096] = b'1' * len(x[::4096])"
    big = run_command([sys.executable, "-c", grow], repeat=2)
    small = run_command([sys.executable, "-c", "pass"], repeat=2)
    assert len(big.times) == 2 and big.best > 0
    assert big.peak_memory and small.peak_memory
    assert big.peak_memory - small.peak_memory > 50_000_000
    # not the size of this (test) process, which holds far more than a bare interpreter
    assert small.peak_memory < 30_000_000


def test_run_command_refuses_an_unexpected_exit_code_unless_allowed() -> None:
    failing = [sys.executable, "-c", "import sys; sys.exit('config file not found')"]
    with pytest.raises(harness.CommandError,
                       match="exited with 1; its stderr ends:\nconfig file not found"):
        run_command(failing, repeat=1)
    assert len(run_command(failing, repeat=1, ok_codes=(0, 1)).times) == 1
    with pytest.raises(harness.CommandError, match="(?s)exited with 127.*no-such-command: No such file"):
        run_command(["no-such-command"], repeat=1)


@pytest.mark.parametrize(("seconds", "text"), [
    (0.000_85, "850 µs"), (0.004_2, "4.2 ms"), (0.03, "30 ms"), (0.41, "0.41 s"),
    (12.34, "12.3 s"), (192.0, "3.2 min"),
])
def test_seconds_read_naturally(seconds: float, text: str) -> None:
    assert harness.format_seconds(seconds) == text


def test_a_row_reports_its_ratio_to_the_reference_and_its_target() -> None:
    row = Row("diff 5,000 clauses", Timing((0.5, 0.41)), "git diff --word-diff",
              Timing((0.03, 0.04)), target=1.0)
    assert row.ratio == pytest.approx(0.41 / 0.03)
    assert row.ok is True
    assert Row("x", Timing((2.0,)), target=1.0).ok is False
    assert Row("x", Timing((2.0,)), "ref", Timing((1.0,)), target_ratio=1.5).ok is False
    assert Row("x", Timing((1.2,)), "ref", Timing((1.0,)), target_ratio=1.5).ok is True
    assert Row("x", Timing((1.2,))).ok is None and Row("x", Timing((1.2,))).ratio is None


def test_report_prints_an_aligned_table() -> None:
    rows: list[Row | Metric] = [
        Row("diff 5,000 clauses", Timing((0.41,)), "git diff --word-diff", Timing((0.03,)),
            target=1.0),
        Row("site 500 x 3", Timing((30.0,), 300_000_000), "plain mkdocs", Timing((25.0,)),
            target_ratio=1.5),
        Metric("word accuracy", 98.7, "%", ">= 98 %", True),
    ]
    out = io.StringIO()
    harness.report(rows, title="== demo ==", file=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "== demo =="
    assert lines[1].split() == ["diff", "5,000", "clauses", "0.41", "s", "git", "diff",
                                "--word-diff", "30", "ms", "ratio", "13.7x", "target", "<1",
                                "s", "ok"]
    assert "ratio 1.2x" in lines[2] and "target <=1.5x" in lines[2] and "300 MB peak" in lines[2]
    # columns line up: each timed row's reference starts at the same place
    assert lines[1].index("git diff") == lines[2].index("plain mkdocs")
    assert lines[3].split() == ["word", "accuracy", "98.7", "%", "target", ">=", "98", "%", "ok"]
    assert format_report(rows, title="== demo ==") == out.getvalue().rstrip("\n")


def test_json_form_and_exit_code(tmp_path: Path) -> None:
    rows: list[Row | Metric] = [Row("a", Timing((1.0, 3.0, 2.0)), target=0.5),
                                Metric("b", 1.0)]
    harness.write_json(rows, tmp_path / "out.json")
    data = json.loads((tmp_path / "out.json").read_text())
    assert data[0]["best"] == 1.0 and data[0]["median"] == 2.0 and data[0]["ok"] is False
    assert data[1] == {"name": "b", "value": 1.0, "unit": "", "target": None, "ok": None}
    assert harness.exit_code(rows) == harness.TARGET_MISSED == 3 and harness.exit_code(rows[1:]) == 0
