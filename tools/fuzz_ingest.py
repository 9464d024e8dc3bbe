"""Coverage-guided fuzzing of the readers and the clean stage with atheris (libFuzzer).

    .venv/bin/python tools/fuzz_ingest.py -runs=100000 -max_len=65536 [CORPUS_DIR ...]

Each input is split by atheris into a format (text, html, jsonl, json, csv, ...) and bytes, read
by ``read_document`` as a file of that format would be, and every article it yields is cleaned and
language-checked.  Any exception is a crash (libFuzzer saves the input as ``crash-*``): a reader must
turn every input into articles or rejects.  tests/test_fuzz.py runs a bounded number of runs in CI;
``-runs`` and a corpus directory (start it from tests/data) make a long run.
"""

from __future__ import annotations

import sys
from typing import get_args

import atheris

with atheris.instrument_imports(include=["backchannel"]):
    from backchannel.ingest.readers import InputMeta, read_document
    from backchannel.ingest.sniff import InputKind
    from backchannel.model import Article, Reject
    from backchannel.settings import Settings
    from backchannel.stages.clean import clean_article
    from backchannel.stages.language import check_language

KINDS: list[InputKind] = list(get_args(InputKind))
SETTINGS = Settings(max_input_bytes=256 * 1024, max_text_chars=50_000, max_html_depth=60)


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    kind = provider.PickValueInList(KINDS)
    payload = provider.ConsumeBytes(provider.remaining_bytes())
    items = list(read_document(payload, "in", kind, InputMeta(), SETTINGS))
    if not items:
        raise AssertionError(f"no article or reject for {len(payload)} bytes read as {kind}")
    for item in items:
        if isinstance(item, Article):
            result = clean_article(item, SETTINGS)
            if isinstance(result, Article):
                result.text.encode("utf-8")  # storable: no lone surrogates
                check_language(result, SETTINGS)
        elif not isinstance(item, Reject):
            raise AssertionError(f"not an article or a reject: {item!r}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
