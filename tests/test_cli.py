"""The command line, run as users run it: the installed ``backchannel`` script in a subprocess.

Each run that extracts loads the spaCy model (a few seconds), so runs are few and shared by tests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from backchannel.cli import app

BACKCHANNEL = Path(sys.executable).parent / "backchannel"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``backchannel ARGS`` with no BACKCHANNEL_* settings from the caller's environment."""
    assert BACKCHANNEL.exists(), f"{BACKCHANNEL} is missing: install the package into the venv (make install)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKCHANNEL_")}
    env["COLUMNS"] = "200"
    return subprocess.run(
        [str(BACKCHANNEL), *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def _records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


# --- extract ---------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["shared", "examples"])
def test_cli_extract_seeds_prints_two_article_records(
    request: pytest.FixtureRequest, repo_dir: Path, where: str
) -> None:
    seeds = request.getfixturevalue("seeds_dir") if where == "shared" else repo_dir / "examples" / "seeds"
    result = run("extract", f"{seeds}/", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    records = _records(result.stdout)
    articles = [r for r in records if r["kind"] == "article"]
    assert [(Path(a["path"]).name, a["published"], a["outlet"]) for a in articles] == [
        ("moscow_attaches_2022-03.txt", "2022-03-23", "kepplah.com"),
        ("ankara_talks_2022-11-14.txt", "2022-11-14", "moonofalabama.org"),
    ]
    assert not [r for r in records if r["kind"] == "reject"]  # the README beside the manifest is not read
    ids = {a["id"] for a in articles}
    assert all(r["article_id"] in ids for r in records if r["kind"] != "article")
    for article in articles:
        assert article["language"] == "en"
        assert "Leave a Reply" not in article["text"] and "Check Also" not in article["text"]
    assert "processed 2 article(s)" in result.stderr


def test_cli_extract_png_is_one_binary_reject(data_dir: Path) -> None:
    result = run("extract", data_dir / "pixel.png", "--format", "jsonl")
    assert result.returncode == 3, result.stderr  # nothing could be processed
    [record] = _records(result.stdout)
    assert record == {
        "kind": "reject",
        "path": str(data_dir / "pixel.png"),
        "reason": "BINARY",
        "message": "not a text file: PNG image",
        "article_id": None,
    }
    assert "rejected 1: BINARY 1" in result.stderr


# --- ingest and the stored rows --------------------------------------------------------------


def _stored_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if "stored" in line]
    assert len(lines) == 1, stderr
    return lines[0]


def test_cli_ingest_twice_stores_nothing_new(repo_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "seeds.duckdb"
    seeds = repo_dir / "examples" / "seeds"

    first = run("ingest", seeds, "--db", db)
    assert first.returncode == 0, first.stderr
    assert "stored 2 new, 0 already stored" in _stored_line(first.stderr)
    listed_first = run("articles", "--db", db, "--format", "jsonl")
    assert listed_first.returncode == 0, listed_first.stderr

    second = run("ingest", seeds, "--db", db)
    assert second.returncode == 0, second.stderr
    assert "stored 0 new, 2 already stored" in _stored_line(second.stderr)
    listed_second = run("articles", "--db", db, "--format", "jsonl")

    rows = _records(listed_first.stdout)
    assert _records(listed_second.stdout) == rows
    assert [(Path(r["path"]).name, r["published"]) for r in rows] == [
        ("moscow_attaches_2022-03.txt", "2022-03-23"),
        ("ankara_talks_2022-11-14.txt", "2022-11-14"),
    ]
    assert all(r["id"].startswith("ar_") and "text" not in r for r in rows)


@pytest.fixture(scope="module")
def bad_published_run(tmp_path_factory: pytest.TempPathFactory, repo_dir: Path) -> tuple[Path, Any]:
    db = tmp_path_factory.mktemp("bad_published") / "never.duckdb"
    return db, run("ingest", repo_dir / "examples" / "seeds", "--db", db, "--published", "2022-02-30")


def test_cli_bad_published_is_a_usage_error(bad_published_run: tuple[Path, Any]) -> None:
    _, result = bad_published_run
    assert result.returncode == 2
    assert "--published" in result.stderr and "2022-02-30" in result.stderr
    assert "not a date YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_cli_bad_published_leaves_no_database_behind(bad_published_run: tuple[Path, Any]) -> None:
    db, result = bad_published_run
    assert result.returncode == 2
    assert not db.exists()


# --- errors and help -------------------------------------------------------------------------


def test_cli_events_on_a_missing_database_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    result = run("events", "--db", missing)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and str(missing) in lines[0]
    assert "Traceback" not in result.stderr
    assert not missing.exists()


def _commands() -> dict[str, Any]:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def test_cli_help_lists_every_command_with_help_text() -> None:
    result = run("--help")
    assert result.returncode == 0, result.stderr
    section = result.stdout[result.stdout.index("Commands") :]  # plain or rich-boxed
    listed = {
        m[1]: m[2] for m in re.finditer(r"^[\s│|]*([a-z][\w-]*) {2,}(\S.*?)[\s│|]*$", section, re.MULTILINE)
    }
    commands = _commands()
    assert {"extract", "ingest", "articles", "events", "eval"} <= set(commands)
    assert set(listed) == set(commands)
    for name, command in commands.items():
        summary = (command.help or "").strip()
        assert summary, f"backchannel {name} has no help text"
        assert listed[name].rstrip(".") and summary.startswith(listed[name].rstrip(".")[:30]), (
            name,
            listed[name],
        )


@pytest.mark.parametrize("name", sorted(_commands()))
def test_cli_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    help_text = (_commands()[name].help or "").strip()
    assert help_text
    assert help_text.splitlines()[0] in " ".join(result.output.split())


# -- unexpected errors: one line without --debug, the traceback with it ----------------------


def _run_with_a_failing_store(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point in a subprocess, with ``Store.articles`` made to fail as a bug would:
    there is no known input that makes a command fail unexpectedly (each one found was fixed)."""
    code = (
        "import sys\n"
        "from backchannel import store\n"
        "def broken(self, **kwargs):\n"
        "    raise RuntimeError('cannot happen\\nsecond line of detail')\n"
        "store.Store.articles = broken\n"
        "from backchannel.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKCHANNEL_")}
    return subprocess.run([sys.executable, "-c", code, *args, "articles", "--db", str(db)],
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from backchannel.store import Store

    db = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    with Store(db):
        pass
    return db


def test_cli_unexpected_error_is_one_line_naming_the_command_with_exit_4(empty_db: Path) -> None:
    result = _run_with_a_failing_store(empty_db)
    assert result.returncode == 4
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "error: backchannel articles failed: RuntimeError: cannot happen "
        "(a bug: please report it; --debug shows the traceback)"
    ]


def test_cli_unexpected_error_with_debug_shows_the_traceback(empty_db: Path) -> None:
    result = _run_with_a_failing_store(empty_db, "--debug")
    assert result.returncode == 1  # Python's own exit for an uncaught exception
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: cannot happen" in result.stderr and "second line of detail" in result.stderr


def test_cli_path_that_cannot_be_written_is_a_one_line_error_with_exit_2(
    empty_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "no such directory" / "events.csv"
    result = run("export", out, "--format", "csv", "--db", empty_db)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "No such file or directory" in lines[0]
    assert "Traceback" not in result.stderr


def test_cli_huge_offset_is_a_usage_error_not_a_database_error(empty_db: Path) -> None:
    result = run("events", "--db", empty_db, "--offset", "99999999999999999999")
    assert result.returncode == 2
    assert "--offset" in result.stderr and "Traceback" not in result.stderr


def test_cli_reject_messages_with_markup_are_printed_as_they_are(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": "x", "published": "[/bold] [red]"}) + "\n", encoding="utf-8")
    result = run("ingest", rows, "--db", tmp_path / "db.duckdb")
    assert result.returncode == 3, result.stderr
    assert "[/bold] [red]" in result.stderr and "Traceback" not in result.stderr
