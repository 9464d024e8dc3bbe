"""Records built by hand for the model and store tests: an article with one of everything."""

from __future__ import annotations

from backchannel.model import (
    Actor,
    Article,
    Attribution,
    Channel,
    Event,
    EventDate,
    Evidence,
    Location,
    Quote,
    Sentence,
    Source,
    StatusStatement,
    Timex,
    Token,
    content_id,
)

TEXT = (
    "U.S.-Russian Intelligence Chiefs Discuss Ukraine\n\nToday, November 14, negotiations between the "
    "Russian and American delegations are taking place in Ankara. Sergei Naryshkin flew to Ankara. "
    "Dmitry Peskov said that he could neither confirm nor deny the information."
)


def _span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def make_event(article_id: str = "ar_test") -> Event:
    """An event with every part filled, built by hand (also used by the store tests)."""
    naryshkin, delegations = _span("Sergei Naryshkin"), _span("American delegations")
    peskov = _span("Dmitry Peskov said that he could neither confirm nor deny the information.")
    evidence = _span("negotiations between the Russian and American delegations are taking place in Ankara")
    return Event(
        id=content_id("ev", article_id, "CONSULT", evidence),
        article_id=article_id,
        event_type="CONSULT",
        mode="third-party",
        context=["intelligence", "diplomatic"],
        actor=[
            Actor(
                "Sergei Naryshkin",
                "Sergei Naryshkin",
                "RUS",
                "SPY",
                "Director of the Foreign Intelligence Service",
                *naryshkin,
            ),
        ],
        recipient=[
            Actor(
                text="American delegations",
                country="USA",
                sector="GOV",
                start=delegations[0],
                end=delegations[1],
            )
        ],
        location=Location(text="Ankara", name="Ankara", country="TUR", lat=39.92, lon=32.85),
        date=EventDate(
            text="Today, November 14",
            value="2022-11-14",
            precision="day",
            earliest="2022-11-14",
            latest="2022-11-14",
        ),
        status="unconfirmed",
        announced=False,
        status_statements=[
            StatusStatement(
                actor=Actor(name="Dmitry Peskov", country="RUS", sector="GOV"),
                stance="neither_confirm_nor_deny",
                evidence=Evidence(TEXT[peskov[0] : peskov[1]], *peskov),
            )
        ],
        attribution=[Attribution("media", "Kommersant"), Attribution("self")],
        intermediary=[Actor(name="Recep Tayyip Erdogan", country="TUR", sector="GOV", role="President")],
        negated=False,
        hypothetical=False,
        future=False,
        evidence=[Evidence(TEXT[evidence[0] : evidence[1]], *evidence)],
        sources=[Source(article_id, "moonofalabama.org", None, "2022-11-14")],
        confidence=0.87,
    )


def make_article() -> Article:
    article = Article(
        path="seeds/ankara.txt",
        title="U.S.-Russian Intelligence Chiefs Discuss Ukraine",
        outlet="moonofalabama.org",
        url=None,
        published="2022-11-14",
        language="en",
        source_id="row-7",
        text=TEXT,
    )
    article.id = content_id("ar", TEXT)
    start, end = _span("Today, November 14")
    quote_start, quote_end = _span("he could neither confirm nor deny the information")
    article.events = [make_event(article.id)]
    article.timexes = [
        Timex(
            content_id("tx", article.id, start), article.id, TEXT[start:end], start, end, "2022-11-14", "day"
        )
    ]
    article.quotes = [
        Quote(
            content_id("qt", article.id, quote_start),
            article.id,
            TEXT[quote_start:quote_end],
            quote_start,
            quote_end,
            speaker=Actor(text="Dmitry Peskov", name="Dmitry Peskov", country="RUS", sector="GOV"),
            cue="said",
            event_id=article.events[0].id,
        )
    ]
    article.channels = [
        Channel(
            content_id("ch", article.id),
            article.id,
            "intelligence chiefs",
            parties=[
                Actor(name="Sergei Naryshkin", country="RUS", sector="SPY"),
                Actor(name="Bill Burns", country="USA", sector="SPY"),
            ],
            purpose="talks on Ukraine",
            state="used",
            evidence=[article.events[0].evidence[0]],
        )
    ]
    article.tokens = [Token(0, 0, 4, "U.S.", "U.S.", "PROPN", "NNP", "compound", 1)]
    article.sentences = [Sentence(0, 48, 0, 1)]
    article.raw = "raw input"
    return article
