"""Regenerate docs/cli.md from the command line's own --help (run: make docs).

    .venv/bin/python tools/cli_reference.py [--check]

With --check it exits 1 when docs/cli.md is out of date (tests/test_docs.py runs that check).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import typer.main
from typer.testing import CliRunner

from backchannel.cli import app

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "cli.md"


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def render() -> str:
    runner = CliRunner()
    parts = [
        "# Command line reference\n",
        "Generated from `--help` by `tools/cli_reference.py`; do not edit by hand.\n",
    ]
    for name in [None, *command_names()]:
        args = [name, "--help"] if name else ["--help"]
        result = runner.invoke(
            app, args, env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}, color=False
        )
        title = f"backchannel {name}" if name else "backchannel"
        parts.append(f"## `{title}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: run tools/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
