"""The runner finds the *_bench.py scripts, passes --quick through and sums up."""

from __future__ import annotations

from pathlib import Path

import pytest
import run

PASSING = '''
import sys
def main(argv):
    print("passing ran with", argv)
    return 0
if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
'''
MISSING = 'import sys\nprint("missing target")\nsys.exit(3)\n'
BROKEN = 'raise RuntimeError("boom")\n'


@pytest.fixture
def bench_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "benchmarks"
    folder.mkdir()
    (folder / "a_bench.py").write_text(PASSING)
    (folder / "b_bench.py").write_text(MISSING)
    (folder / "c_bench.py").write_text(BROKEN)
    (folder / "generate.py").write_text(BROKEN)  # not a benchmark: never run
    return folder


def test_runs_every_benchmark_with_quick_and_sums_up(
        bench_dir: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert run.main(["--quick", "--dir", str(bench_dir)]) == 1
    out = capfd.readouterr().out
    assert "passing ran with ['--quick']" in out and "missing target" in out
    summary = out.split("== summary ==")[1].splitlines()[1:]
    assert [line.split()[0] for line in summary] == ["a_bench", "b_bench", "c_bench"]
    assert summary[0].endswith("ok") and summary[1].endswith("target missed")
    assert summary[2].endswith("failed (1)")


def test_missed_targets_alone_exit_3(bench_dir: Path) -> None:
    (bench_dir / "c_bench.py").unlink()
    assert run.main(["--dir", str(bench_dir)]) == 3


def test_only_runs_the_named_benchmarks(bench_dir: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert run.main(["a", "--dir", str(bench_dir)]) == 0
    out = capfd.readouterr().out
    assert "passing ran with []" in out and "missing target" not in out


def test_find_benchmarks_of_the_real_folder_are_scripts_named_bench() -> None:
    scripts = run.find_benchmarks(run.HERE)
    assert all(s.name.endswith("_bench.py") for s in scripts)
    assert run.find_benchmarks(run.HERE, ["no-such-benchmark"]) == []
