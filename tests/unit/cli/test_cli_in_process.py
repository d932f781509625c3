"""The command line in process (click's runner): outputs, exit codes, validation. The program
as users run it (`python -m generator` in a process of its own) is tested in
tests/e2e/test_cli.py."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ROOT
from generator.cli import main


def test_stdout_output_and_validation(tmp_path):
    result = CliRunner().invoke(main, ["merge", "--specs", str(ROOT / "specs"), "-o", "-", "--validate", "--quiet"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["openapi"] == "3.1.0"
