"""The documentation keeps up with the code: the CLI reference is current and every command is
described in the README."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _cli_reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "tools" / "cli_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["cli_reference"] = module
    spec.loader.exec_module(module)
    return module


def test_docs_cli_reference_is_current() -> None:
    reference = _cli_reference()
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == reference.render(), (
        "docs/cli.md is stale: run .venv/bin/python tools/cli_reference.py"
    )


def test_docs_readme_describes_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _cli_reference().command_names():
        assert re.search(rf"backchannel {name}\b", readme), f"README.md does not show `backchannel {name}`"


def test_docs_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)
