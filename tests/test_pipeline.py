"""The pipeline: every input accounted for, in order; failures become ERROR rejects; exit codes."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from spacy.language import Language

from backchannel.model import Article, Reject, RejectReason
from backchannel.pipeline import Pipeline, RunSummary
from backchannel.settings import Settings
from backchannel.stages.nlp import NlpStage

GOOD = (
    "The foreign ministers of Chile and Peru met in Lima on Monday and agreed to reopen the border crossing."
)
OTHER = "The prime ministers of Norway and Sweden spoke by phone on Friday about energy prices in the north."


def _outcome(item: Article | Reject) -> tuple[str, str]:
    return (item.path or "", "article" if isinstance(item, Article) else item.reason.value)


def test_pipeline_process_text_gives_a_parsed_english_article(pipeline: Pipeline) -> None:
    article = pipeline.process_text(GOOD, path="<lima>", published="2022-05-02", outlet="Example Wire")
    assert isinstance(article, Article)
    assert (article.path, article.published, article.outlet, article.language) == (
        "<lima>",
        "2022-05-02",
        "Example Wire",
        "en",
    )
    assert article.text == GOOD and article.id.startswith("ar_")
    assert article.tokens and article.sentences
    ministers = [(a.country, a.sector) for _, m, a in article.actor_mentions() if "ministers" in m.text]
    assert sorted(ministers) == [("CHL", "GOV"), ("PER", "GOV")]
    assert [(m.text, m.label) for m in article.mentions if m.label == "PLACE"] == [("Lima", "PLACE")]


def test_pipeline_extract_accounts_for_every_test_input(pipeline: Pipeline, data_dir: Path) -> None:
    items = list(pipeline.extract([data_dir]))
    d = str(data_dir)
    assert [_outcome(i) for i in items] == [
        (f"{d}/README.md", "UNSUPPORTED"),
        (f"{d}/capture.warc@0", "article"),
        (f"{d}/cp1252.txt", "article"),
        (f"{d}/empty.txt", "EMPTY"),
        (f"{d}/feed.rss", "UNSUPPORTED"),
        (f"{d}/german.txt", "NOT_ENGLISH"),
        (f"{d}/manifest/tokyo_talks.txt", "article"),
        (f"{d}/manifest/hotline.txt", "article"),
        (f"{d}/manifest/missing.txt", "NOT_FOUND"),
        (f"{d}/news_call.txt", "article"),
        (f"{d}/page.html", "article"),
        (f"{d}/pixel.png", "UNSUPPORTED"),
        (f"{d}/rows.csv:2", "article"),
        (f"{d}/rows.csv:5", "article"),
        (f"{d}/rows.json[0]", "article"),
        (f"{d}/rows.json[1]", "article"),
        (f"{d}/rows.jsonl:1", "article"),
        (f"{d}/rows.jsonl:2", "article"),
        (f"{d}/rows.jsonl:3", "MALFORMED"),
        (f"{d}/rows.jsonl:4", "MALFORMED"),
        (f"{d}/saved_page.txt", "article"),
        (f"{d}/undecodable.txt", "UNDECODABLE"),
        (f"{d}/utf16.txt", "article"),
    ]
    articles = [i for i in items if isinstance(i, Article)]
    assert all(a.language == "en" and a.tokens and a.sentences and a.raw is None for a in articles)
    assert len({a.id for a in articles}) == len(articles)
    german = next(i for i in items if i.path == f"{d}/german.txt")
    assert isinstance(german, Reject) and "'de'" in german.message

    summary = RunSummary()
    for item in items:
        summary.count(item)
    assert summary.processed == 14
    assert summary.rejected == {
        "EMPTY": 1,
        "NOT_ENGLISH": 1,
        "NOT_FOUND": 1,
        "MALFORMED": 2,
        "UNDECODABLE": 1,
    }
    assert summary.skipped == {"UNSUPPORTED": 3}
    assert summary.exit_code == 1


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("bad_text", "settings", "reason", "message"),
    [
        ("Die Bundesregierung hat am Freitag beschlossen, die Sanktionen gegen Russland zu verschärfen.",
         Settings(), RejectReason.NOT_ENGLISH, "'de'"),
        ("12 345 -- 67 / 89 -- 10 11 12", Settings(), RejectReason.EMPTY, "after cleaning"),
        (f"{GOOD}\n\n{OTHER}\n\n{GOOD.upper()}", Settings(max_text_chars=250), RejectReason.TOO_LARGE, "250"),
    ],
    ids=["not-english", "empty-after-cleaning", "text-too-large"],
)  # fmt: skip
def test_pipeline_reject_in_a_run_is_accounted_for_and_the_run_goes_on(
    nlp_model: Language, tmp_path: Path, bad_text: str, settings: Settings, reason: RejectReason, message: str
) -> None:
    pipeline = Pipeline(settings, nlp=NlpStage(nlp_model))
    paths = [
        _write(tmp_path, "a.txt", GOOD),
        _write(tmp_path, "bad.txt", bad_text),
        _write(tmp_path, "z.txt", OTHER),
    ]
    first, bad, last = pipeline.extract(paths)
    assert isinstance(first, Article) and isinstance(last, Article)
    assert isinstance(bad, Reject) and (bad.path, bad.reason) == (str(paths[1]), reason)
    assert message in bad.message


def test_pipeline_same_text_twice_is_a_duplicate_skip_naming_the_first(
    pipeline: Pipeline, data_dir: Path, tmp_path: Path
) -> None:
    original = data_dir / "news_call.txt"
    copy = shutil.copy(original, tmp_path / "copy.txt")
    respaced = _write(tmp_path, "respaced.txt", original.read_text(encoding="utf-8").replace("\u00a0", " "))
    first, again, respaced_again, other = pipeline.extract([original, copy, respaced, data_dir / "utf16.txt"])
    assert isinstance(first, Article) and isinstance(other, Article)
    for duplicate, path in ((again, copy), (respaced_again, respaced)):
        assert isinstance(duplicate, Reject)
        assert (duplicate.path, duplicate.reason, duplicate.article_id) == (
            str(path),
            RejectReason.DUPLICATE,
            first.id,
        )
        assert str(original) in duplicate.message
        assert duplicate.is_skip


def test_pipeline_process_text_does_not_deduplicate(pipeline: Pipeline) -> None:
    one, two = pipeline.process_text(GOOD), pipeline.process_text(GOOD)
    assert isinstance(one, Article) and isinstance(two, Article) and one.id == two.id


@pytest.mark.parametrize("override", [None, "2021-01-02"])
def test_pipeline_published_overrides_or_supplies_dates(
    pipeline: Pipeline, data_dir: Path, override: str | None
) -> None:
    paths = [
        data_dir / "manifest",
        data_dir / "page.html",
        data_dir / "rows.json",
        data_dir / "news_call.txt",
    ]
    articles = [i for i in pipeline.extract(paths, published=override) if isinstance(i, Article)]
    dates = {Path(a.path or "").name: a.published for a in articles}
    from_inputs = {
        "tokyo_talks.txt": "2022-05-23",  # manifest
        "hotline.txt": "2022-06-02",  # manifest
        "page.html": "2022-03-29",  # the page's meta tag
        "rows.json[0]": "2022-03-21",  # the row
        "rows.json[1]": "2022-03-22",
        "news_call.txt": None,  # nothing says
    }
    assert dates == (from_inputs if override is None else dict.fromkeys(from_inputs, override))


def _explode_on_lavrov(article: Article) -> Article:
    if "Lavrov" in article.text:
        raise ValueError("cannot code this actor")
    article.story_id = "seen"
    return article


def test_pipeline_failing_stage_is_an_error_reject_and_the_run_goes_on(
    nlp_model: Language, data_dir: Path
) -> None:
    calls: list[str] = []

    def record(article: Article) -> Article:
        calls.append(article.path or "")
        return article

    pipeline = Pipeline(nlp=NlpStage(nlp_model), stages=[_explode_on_lavrov, record])
    inputs = [data_dir / "utf16.txt", data_dir / "news_call.txt", data_dir / "cp1252.txt"]
    before, failed, after = pipeline.extract(inputs)
    assert isinstance(before, Article) and isinstance(after, Article)
    assert before.story_id == after.story_id == "seen"
    assert isinstance(failed, Reject)
    assert (failed.path, failed.reason) == (str(inputs[1]), RejectReason.ERROR)
    assert "_explode_on_lavrov" in failed.message and "cannot code this actor" in failed.message
    assert failed.article_id and failed.article_id.startswith("ar_")
    assert calls == [str(inputs[0]), str(inputs[2])]  # later stages skip the failed article
    assert not failed.is_skip


def test_pipeline_failing_clean_stage_is_an_error_reject(
    pipeline: Pipeline, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backchannel.pipeline as pipeline_module

    real_clean = pipeline_module.clean_article

    def clean(article: Article, settings: Settings | None = None) -> Article | Reject:
        if (article.path or "").endswith("news_call.txt"):
            raise KeyError("boom")
        return real_clean(article, settings)

    monkeypatch.setattr(pipeline_module, "clean_article", clean)
    first, failed, last = pipeline.extract(
        [data_dir / "utf16.txt", data_dir / "news_call.txt", data_dir / "cp1252.txt"]
    )
    assert isinstance(first, Article) and isinstance(last, Article)
    assert isinstance(failed, Reject) and failed.reason is RejectReason.ERROR
    assert "clean stage failed" in failed.message and "boom" in failed.message


class _PoisonedNlp(NlpStage):
    """Fails on the whole batch and on one article of it, like a model bug on one odd text."""

    def process(self, articles: Sequence[Article]) -> None:
        if any("Lavrov" in a.text for a in articles):
            raise RuntimeError("batch failed")
        super().process(articles)

    def process_one(self, article: Article) -> None:
        if "Lavrov" in article.text:
            raise RuntimeError("cannot parse this one")
        super().process_one(article)


def test_pipeline_nlp_failure_rejects_only_the_failing_article(nlp_model: Language, data_dir: Path) -> None:
    pipeline = Pipeline(nlp=_PoisonedNlp(nlp_model))
    first, failed, last = pipeline.extract(
        [data_dir / "utf16.txt", data_dir / "news_call.txt", data_dir / "cp1252.txt"]
    )
    assert isinstance(first, Article) and first.tokens
    assert isinstance(last, Article) and last.tokens
    assert isinstance(failed, Reject) and failed.reason is RejectReason.ERROR
    assert "nlp stage failed" in failed.message and failed.article_id


def test_pipeline_small_batches_keep_input_order(nlp_model: Language, data_dir: Path) -> None:
    pipeline = Pipeline(Settings(nlp_batch_size=2), nlp=NlpStage(nlp_model, batch_size=2))
    paths = [data_dir / n for n in ("rows.jsonl", "empty.txt", "utf16.txt", "rows.json", "news_call.txt")]
    outcomes = [_outcome(i) for i in pipeline.extract(paths)]
    assert [kind for _, kind in outcomes] == [
        "article", "article", "MALFORMED", "MALFORMED", "EMPTY", "article", "article", "article", "article",
    ]  # fmt: skip
    assert outcomes[-1][0] == str(data_dir / "news_call.txt")


# --- RunSummary ------------------------------------------------------------------------------


def _reject(reason: RejectReason) -> Reject:
    return Reject("x", reason, "m")


ARTICLE = Article(id="ar_1", text=GOOD)


@pytest.mark.parametrize(
    ("items", "code"),
    [
        ([ARTICLE], 0),
        ([ARTICLE, ARTICLE], 0),
        ([ARTICLE, _reject(RejectReason.DUPLICATE)], 0),  # skips do not count
        ([ARTICLE, _reject(RejectReason.UNSUPPORTED), _reject(RejectReason.UNSUPPORTED)], 0),
        ([ARTICLE, _reject(RejectReason.EMPTY)], 1),
        ([_reject(RejectReason.NOT_FOUND), ARTICLE, _reject(RejectReason.DUPLICATE)], 1),
        ([ARTICLE, _reject(RejectReason.ERROR)], 1),
        ([_reject(RejectReason.BINARY)], 3),
        ([_reject(RejectReason.MALFORMED), _reject(RejectReason.UNSUPPORTED)], 3),
        ([_reject(RejectReason.UNSUPPORTED)], 3),
        ([], 3),
    ],
    ids=[
        "one-article", "articles", "duplicate-skip", "unsupported-skips", "some-rejected",
        "rejected-and-skipped", "error", "only-rejected", "rejected-nothing-processed", "only-skipped",
        "no-input",
    ],
)  # fmt: skip
def test_run_summary_exit_code(items: list[Article | Reject], code: int) -> None:
    summary = RunSummary()
    for item in items:
        summary.count(item)
    assert summary.exit_code == code


def test_run_summary_counts_by_reason() -> None:
    summary = RunSummary()
    for item in [
        ARTICLE,
        _reject(RejectReason.EMPTY),
        _reject(RejectReason.EMPTY),
        _reject(RejectReason.DUPLICATE),
    ]:
        summary.count(item)
    assert (summary.processed, summary.rejected, summary.skipped) == (1, {"EMPTY": 2}, {"DUPLICATE": 1})
    assert (summary.total_rejected, summary.total_skipped) == (2, 1)
