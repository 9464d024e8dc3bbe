"""Shared fixtures.  Nothing here loads a model at import or collection time: the spaCy pipeline is
loaded once per test session (per xdist worker), the first time a test asks for it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import hypothesis
import pytest

if TYPE_CHECKING:
    from spacy.language import Language

    from backchannel.pipeline import Pipeline

#: property-based and fuzz tests (test_fuzz.py): a small, reproducible number of examples in CI;
#: BACKCHANNEL_FUZZ_EXAMPLES=N runs N per test with fresh random examples each run
FUZZ_EXAMPLES = int(os.environ.get("BACKCHANNEL_FUZZ_EXAMPLES", "0")) or None
hypothesis.settings.register_profile(
    "backchannel",
    max_examples=FUZZ_EXAMPLES or 60,
    derandomize=FUZZ_EXAMPLES is None,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.data_too_large],
    print_blob=True,
)
hypothesis.settings.load_profile("backchannel")

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
SHARED_DIR = REPO_DIR.parent / "shared"


_MODEL_FIXTURES = {"nlp_model", "pipeline"}
_SHARED_FIXTURES = {"shared_dir", "seeds_dir"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by the fixtures they use, so ``-m "not model"`` runs the suite without spaCy."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _MODEL_FIXTURES:
            item.add_marker(pytest.mark.model)
        if names & _SHARED_FIXTURES:
            item.add_marker(pytest.mark.shared)


@pytest.fixture(scope="session")
def nlp_model() -> Language:
    """The English spaCy pipeline, loaded once per session."""
    from backchannel.stages.nlp import load_english_pipeline

    return load_english_pipeline()


@pytest.fixture(scope="session")
def pipeline(nlp_model: Language) -> Pipeline:
    """A ``Pipeline`` with default settings on the session's spaCy pipeline."""
    from backchannel.pipeline import Pipeline
    from backchannel.stages.nlp import NlpStage

    return Pipeline(nlp=NlpStage(nlp_model))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (seeds, gold files); skips the test when it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(
            f"../shared is absent: {SHARED_DIR} not found (clone the shared directory beside the repository)"
        )
    return SHARED_DIR


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not (seeds / "manifest.jsonl").is_file():
        pytest.skip(f"../shared is absent: {seeds / 'manifest.jsonl'} not found")
    return seeds


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """``tests/data``: small real inputs, one per reader and per reject path (see its README)."""
    return TESTS_DIR / "data"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO_DIR


@pytest.fixture(scope="session")
def examples_db(pipeline: Pipeline, repo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB file of everything in examples/ (seeds and corpus), built once per session; tests
    open it read-only."""
    from backchannel.store import Store

    path = tmp_path_factory.mktemp("examples") / "examples.duckdb"
    with Store(path) as store:
        store.write(list(pipeline.extract([repo_dir / "examples"])))
    return path
