"""The total work budget: `max_seconds` in [tool.sdkgen] stops any run that takes longer,
wherever it is, with exit 2 and a message naming the setting; nothing is written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli
from generator.common.limits import Limits
from generator.merge import document
from generator.settings import resolve_settings

ROOT = Path(__file__).resolve().parents[2]


def slow_stage(*args: object, **kwargs: object) -> None:
    time.sleep(30)  # a stage that does not end (a hang in a pass): the budget must end the run


@pytest.mark.parametrize("command", ["merge", "regenerate-sdk", "check"])
def test_a_run_past_its_budget_stops_with_exit_2_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.sdkgen]\nspecs = ["{ROOT / "specs"}"]\nout = "out"\noutput = "merged.json"\nreport = "report.md"\nmax_seconds = 1\n', encoding="utf-8"
    )
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(document, "stamp_version", slow_stage)
    started = time.monotonic()
    result = CliRunner().invoke(cli.main, [command])
    assert time.monotonic() - started < 20, "stopped by the budget, not by the stage"
    assert result.exit_code == 2, result.output
    assert "the run took longer than 1 s and was stopped; nothing was written" in result.stderr
    assert "`max_seconds` in [tool.sdkgen]" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "pyproject.toml"] and not any((tmp_path / "out").iterdir())


def test_the_budget_is_a_setting_checked_like_the_other_limits(tmp_path: Path) -> None:
    assert Limits().max_seconds == 600
    (tmp_path / "pyproject.toml").write_text("[tool.sdkgen]\nmax_seconds = 0\n", encoding="utf-8")
    problem = resolve_settings(tmp_path, {})
    assert "max_seconds must be a positive integer" in str(problem)


def test_the_timer_is_cleared_after_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli.main, ["merge", "-q", "-o", str(tmp_path / "m.json"), "--report", str(tmp_path / "r.md")])
    assert result.exit_code == 0, result.output
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)
