"""The store at scale: bulk-load N synthetic merged events, then time the queries the API serves.

    .venv/bin/python bench/store.py [--n 10000000] [--out DIR] [--keep] [--seed 1] [--runs 10] [--reuse]

Generates N merged events in numpy/pyarrow (no Python loop per row): 200 countries drawn with a
Zipf-like weight (1/rank), so a busy pair such as RUS-USA has hundreds of thousands of events and
most pairs a handful; 1-3 countries per event (one actor, the rest recipients; sometimes a named
person besides), the 16 PLOVER types and the statuses with skewed weights, event dates over 20
years (day, month, year or unknown precision), 1-5 sources each with their outlet, url and ids,
and evidence sentences drawn from the words of the bundled readouts.  The JSON columns have the
shape the pipeline writes, so the file size is close to a real store's.

Loads ``merged_events``, ``merged_event_actors`` and ``event_pairs`` (the tables the timeline,
pair, network and pairs queries read; not ``events``, ``event_merges`` or ``articles``) into a
file made by ``Store(path)``, so the schema is the project's, with ``INSERT INTO ... SELECT``
from registered Arrow tables in chunks of ``--chunk`` rows.  Rows go in arrival order, as
``Store.write`` appends them: events by first report, each event's actor and pair rows with it.

Then opens the file read-only, as the API does per request, and times each query (warm-up, then
``--runs`` runs): median and p95 in ms and the ratio to the 100 ms goal; the read-only open; and
a request as the API serves it (open, timeline, close).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from backchannel import queries
from backchannel.model import EVENT_TYPES, STATUSES
from backchannel.store import _TABLES, EventFilter, Store

ROOT = Path(__file__).resolve().parents[1]
GOAL_MS = 100.0
N_COUNTRIES = 200
#: the busiest countries first (Zipf rank 1, 2, ...); the others follow in the resource's order
HEAD = ("USA", "RUS", "UKR", "CHN", "GBR", "FRA", "DEU", "TUR", "ISR", "IRN", "IND", "JPN", "POL", "SAU",
        "QAT", "BLR", "SYR", "KOR", "PRK", "ITA")  # fmt: skip
TYPE_WEIGHTS = (6, 30, 12, 1, 6, 5, 1, 6, 10, 5, 3, 3, 4, 2, 2, 4)  # CONSULT, SUPPORT, ACCUSE lead
STATUS_WEIGHTS = (80, 10, 4, 4, 2)
MODES = (None, "phone", "visit", "meet", "multilateral", "third-party")
MODE_WEIGHTS = (55, 20, 8, 10, 5, 2)
PRECISIONS = ("day", "month", "year", "unknown")
PRECISION_WEIGHTS = (60, 15, 5, 20)
FIRST_DAY = date(2005, 1, 1)
DAYS = (date(2024, 12, 31) - FIRST_DAY).days + 1
EPOCH_OFFSET = (FIRST_DAY - date(1970, 1, 1)).days
#: each byte's two hex digits, as the two bytes of a uint16
HEX_PAIRS = np.frombuffer("".join(f"{i:02x}" for i in range(256)).encode(), dtype=np.uint16)
MONTHS = pa.array(["January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December"])  # fmt: skip
ROLES = ("President", "Foreign Minister", "Prime Minister", "Defence Minister", "Ambassador", "spokesperson")


def _weights(values: tuple[int, ...] | np.ndarray) -> np.ndarray:
    w = np.asarray(values, dtype=np.float64)
    return np.asarray(w / w.sum())


def _draw(rng: np.random.Generator, p: np.ndarray, size: int | tuple[int, ...]) -> np.ndarray:
    """Indices drawn with probabilities ``p`` (``rng.choice(len(p), size, p=p)``, several times faster)."""
    return np.minimum(np.searchsorted(np.cumsum(p), rng.random(size), side="right"), len(p) - 1)


def _strings(values: list[str] | tuple[str | None, ...]) -> pa.Array:
    return pa.array(values, pa.string())


def _cat(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation; a null part makes the result null."""
    return pc.binary_join_element_wise(*parts, "")


def _join(parts: list[pa.Array], sep: str = ", ") -> pa.Array:
    """Element-wise join of the non-null parts ("" where all are null).  pyarrow 26's
    ``binary_join_element_wise(..., null_handling="skip")`` drops the rows whose parts are all
    null (the result comes back shorter, misaligned), so it is used only when the first part has
    no nulls."""
    if parts[0].null_count == 0:
        return pc.binary_join_element_wise(*parts, sep, null_handling="skip")
    out = parts[0]
    for part in parts[1:]:
        out = pc.if_else(pc.is_null(out), part, pc.if_else(pc.is_null(part), out, _cat(out, sep, part)))
    return pc.fill_null(out, "")


def _num(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


def _hex_ids(rng: np.random.Generator, prefix: str, n: int, width: int = 20) -> pa.Array:
    """``n`` ids like the store's (``me_`` + 20 hex digits), random, built as one buffer."""
    size = len(prefix) + width
    data = np.empty((n, size), dtype=np.uint8)
    data[:, : len(prefix)] = np.frombuffer(prefix.encode(), dtype=np.uint8)
    random = np.frombuffer(rng.bytes(n * width // 2), dtype=np.uint8).reshape(n, width // 2)
    data[:, len(prefix) :] = HEX_PAIRS[random].view(np.uint8).reshape(n, width)
    offsets = np.arange(0, (n + 1) * size, size, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _take(values: pa.Array, index: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """``values[index]``, null where ``mask`` is true."""
    return values.take(pa.array(index, mask=mask))


def _dates(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), pa.int32(), mask=mask).view(pa.date32())


class Corpus:
    """What the generator draws names and words from: the country resource and the readouts."""

    def __init__(self) -> None:
        folder = resources.files("backchannel.resources") / "actors"
        rows = [json.loads(line) for line in (folder / "countries.jsonl").read_text("utf-8").splitlines()]
        names = {r["code"]: r["name"] for r in rows if "code" in r and len(r["code"]) == 3}
        ranked = [*HEAD, *(c for c in names if c not in HEAD)][:N_COUNTRIES]
        self.codes = sorted(ranked)  # index order = code order, so a pair (a, b) with a < b is idx_a < idx_b
        self.country_codes = _strings(self.codes)
        self.country_names = _strings([names[c] for c in self.codes])
        self.country_weights = _weights(1.0 / (1 + np.array([ranked.index(c) for c in self.codes])))
        readouts = ROOT / "examples" / "corpus" / "readouts.jsonl"
        texts = [json.loads(line)["text"] for line in readouts.read_text(encoding="utf-8").splitlines()]
        words = Counter(w.replace("\\", "").replace('"', "") for t in texts for w in re.findall(r"\S+", t))
        self.words = _strings(list(words))
        self.word_weights = _weights(np.array(list(words.values()), dtype=np.float64))
        people = [json.loads(line) for line in (folder / "people.jsonl").read_text("utf-8").splitlines()]
        self.people = _strings([p["name"] for p in people if "name" in p][:500])
        outlets = [
            json.loads(line).get("outlet")
            for line in (folder / "outlets.jsonl").read_text("utf-8").splitlines()
        ]
        made = [f"{w.lower()}-news.com" for w in list(words)[:2000] if w.isalpha()][:400]
        self.outlets = _strings([o for o in outlets if o] + made)
        self.outlet_weights = _weights(1.0 / np.arange(1, len(self.outlets) + 1))


class WordStream:
    """A long text of words drawn by their frequency in the readouts; sentences are windows of it."""

    def __init__(self, corpus: Corpus, rng: np.random.Generator, size: int = 1 << 22) -> None:
        cdf = np.cumsum(corpus.word_weights)
        picked = corpus.words.take(pa.array(np.minimum(np.searchsorted(cdf, rng.random(size)), len(cdf) - 1)))
        spaced = pc.binary_join_element_wise(picked, " ", "")
        offsets = np.frombuffer(spaced.buffers()[1], dtype=np.int32)[spaced.offset : spaced.offset + size + 1]
        self.text = np.frombuffer(spaced.buffers()[2], dtype=np.uint8)
        self.starts = offsets.astype(np.int64)


class Events:
    """The skeleton of N merged events as integer columns, in arrival (first report) order."""

    def __init__(self, n: int, rng: np.random.Generator, corpus: Corpus) -> None:
        self.n = n
        k = (_draw(rng, _weights((15, 75, 10)), n) + 1).astype(np.int8)  # countries per event
        cty = _draw(rng, corpus.country_weights, (n, 3)).astype(np.int16)
        while True:  # redraw until each event's countries are distinct
            dup = (cty[:, 0] == cty[:, 1]) & (k >= 2) | (
                (cty[:, 2] == cty[:, 0]) | (cty[:, 2] == cty[:, 1])
            ) & (k == 3)
            if not dup.any():
                break
            cty[dup] = _draw(rng, corpus.country_weights, (int(dup.sum()), 3))
        cty[np.arange(3)[None, :] >= k[:, None]] = np.iinfo(np.int16).max
        cty.sort(axis=1)  # countries sorted by code, the unused slots last
        cty[cty == np.iinfo(np.int16).max] = -1
        precision = _draw(rng, _weights(PRECISION_WEIGHTS), n).astype(np.int8)
        day = rng.integers(0, DAYS, size=n) + EPOCH_OFFSET
        first = day + np.minimum(rng.geometric(0.3, size=n) - 1, 60)
        order = np.argsort(first, kind="stable")  # arrival order: as a chronological archive is ingested
        self.k, self.cty, self.precision, self.day, self.first = (
            k[order],
            cty[order],
            precision[order],
            day[order],
            first[order],
        )
        self.actor_slot = (rng.random(n) * self.k).astype(np.int8)  # which country acts, the others receive
        self.person = (rng.random(n) < 0.3) & (self.k < 3)  # a named person besides the actor's state
        self.event_type = _draw(rng, _weights(TYPE_WEIGHTS), n).astype(np.int8)
        self.status = _draw(rng, _weights(STATUS_WEIGHTS), n).astype(np.int8)
        self.mode = _draw(rng, _weights(MODE_WEIGHTS), n).astype(np.int8)
        self.future = rng.random(n) < 0.03
        self.n_sources = np.minimum(rng.geometric(0.55, size=n), 5).astype(np.int8)
        self.ids = _hex_ids(rng, "me_", n)
        self.article_ids = _hex_ids(rng, "ar_", n)  # each merged event's first report
        # the day an event counts on in a timeline: its earliest date, else its first report
        month = self.day.astype("datetime64[D]").astype("datetime64[M]")
        year = self.day.astype("datetime64[D]").astype("datetime64[Y]")
        self.earliest = np.select(
            [self.precision == 0, self.precision == 1, self.precision == 2],
            [
                self.day,
                month.astype("datetime64[D]").astype(np.int64),
                year.astype("datetime64[D]").astype(np.int64),
            ],
            -1,
        )
        self.latest = np.select(
            [self.precision == 0, self.precision == 1, self.precision == 2],
            [
                self.day,
                (month + 1).astype("datetime64[D]").astype(np.int64) - 1,
                (year + 1).astype("datetime64[D]").astype(np.int64) - 1,
            ],
            -1,
        )
        self.pair_day = np.where(self.earliest >= 0, self.earliest, self.first)

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every event's country pairs (a < b) as (event index, a, b), in arrival order; none for a
        future event (contacts that took place, as the store's ``_pair_rows`` writes them)."""
        parts = []
        for i, j in ((0, 1), (0, 2), (1, 2)):
            rows = np.flatnonzero((self.k > j) & ~self.future)
            parts.append((rows, self.cty[rows, i], self.cty[rows, j]))
        event = np.concatenate([p[0] for p in parts])
        order = np.argsort(event, kind="stable")
        return (
            event[order],
            np.concatenate([p[1] for p in parts])[order],
            np.concatenate([p[2] for p in parts])[order],
        )


def _actor_json(corpus: Corpus, country: np.ndarray, valid: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """One country actor object per row (null where not ``valid``)."""
    n = len(country)
    idx = np.where(valid, country, 0)
    start = rng.integers(0, 4000, size=n)
    names = _take(corpus.country_names, idx, ~valid)
    return _cat('{"text": "', names, '", "name": null, "country": "', _take(corpus.country_codes, idx),
                '", "sector": "GOV", "role": null, "start": ', _num(start), ', "end": ',
                _num(start + pc.utf8_length(names).to_numpy(zero_copy_only=False)), "}")  # fmt: skip


def _person_json(
    corpus: Corpus, country: np.ndarray, valid: np.ndarray, rng: np.random.Generator
) -> pa.Array:
    n = len(country)
    person = _take(corpus.people, rng.integers(0, len(corpus.people), size=n), ~valid)
    role = _take(_strings(ROLES), rng.integers(0, len(ROLES), size=n))
    start = rng.integers(0, 4000, size=n)
    return _cat('{"text": "', person, '", "name": "', person, '", "country": "',
                _take(corpus.country_codes, np.where(valid, country, 0)), '", "sector": "GOV", "role": "', role,
                '", "start": ', _num(start), ', "end": ', _num(start + 20), "}")  # fmt: skip


def _sentences(
    words: WordStream, n: int, rng: np.random.Generator, low: int = 12, high: int = 40
) -> pa.Array:
    """``n`` evidence sentences: windows of ``low``-``high`` words at random places in the stream."""
    length = rng.integers(low, high + 1, size=n)
    first = rng.integers(0, len(words.starts) - high - 1, size=n)
    begin = words.starts[first]
    size = words.starts[first + length] - 1 - begin  # without the last word's space
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(size, out=offsets[1:])
    gather = np.arange(offsets[-1], dtype=np.int64) + np.repeat(begin - offsets[:-1], size)
    data = words.text[gather]
    return pa.Array.from_buffers(
        pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    ).cast(pa.string())


def merged_events_chunk(
    ev: Events, lo: int, hi: int, corpus: Corpus, words: WordStream, rng: np.random.Generator
) -> pa.Table:
    n = hi - lo
    k, cty, slot = ev.k[lo:hi], ev.cty[lo:hi], ev.actor_slot[lo:hi]
    rows = np.arange(n)
    acting = cty[rows, slot]
    r1, r2 = np.where(slot == 0, 1, 0), np.where(slot == 2, 1, 2)
    actor = _cat("[", _join([_actor_json(corpus, acting, np.ones(n, bool), rng),
                             _person_json(corpus, acting, ev.person[lo:hi], rng)]), "]")  # fmt: skip
    recipient = _cat("[", _join([_actor_json(corpus, cty[rows, np.minimum(r1, 2)], r1 < k, rng),
                                 _actor_json(corpus, cty[rows, r2], r2 < k, rng)]), "]")  # fmt: skip
    located = rng.random(n) < 0.4
    place = cty[rows, rng.integers(0, 3, size=n) % k]
    location = _cat('{"text": "', _take(corpus.country_names, place, ~located), '", "name": null, "country": "',
                    _take(corpus.country_codes, place), '", "lat": null, "lon": null}')  # fmt: skip
    precision = ev.precision[lo:hi]
    earliest, latest = ev.earliest[lo:hi], ev.latest[lo:hi]
    day_iso = pc.cast(_dates(ev.day[lo:hi]), pa.string())
    date_value = pc.if_else(pa.array(precision == 0), day_iso, pc.if_else(
        pa.array(precision == 1), pc.utf8_slice_codeunits(day_iso, 0, 7), pc.utf8_slice_codeunits(day_iso, 0, 4)))  # fmt: skip
    date_value = pc.if_else(pa.array(precision == 3), pa.scalar(None, pa.string()), date_value)
    month_of = ev.day[lo:hi].astype("datetime64[D]").astype("datetime64[M]")
    month_name, year = _take(MONTHS, month_of.astype(np.int64) % 12), pc.utf8_slice_codeunits(day_iso, 0, 4)
    day_text = _cat(month_name, " ", _num((ev.day[lo:hi] - month_of.astype("datetime64[D]").astype(np.int64)) + 1),
                    ", ", year)  # fmt: skip
    date_text = pc.if_else(pa.array(precision == 0), day_text, pc.if_else(
        pa.array(precision == 1), _cat(month_name, " ", year), year))  # fmt: skip
    date_text = pc.if_else(pa.array(precision == 3), pa.scalar(None, pa.string()), date_text)
    status = _take(_strings(STATUSES), ev.status[lo:hi])
    article_ids = ev.article_ids.slice(lo, n)
    outlet = _take(corpus.outlets, _draw(rng, corpus.outlet_weights, n))
    attribution = _cat('[{"kind": "media", "name": "', outlet, '"}]')
    first_iso = pc.cast(_dates(ev.first[lo:hi]), pa.string())
    # one object per source (1-5 an event), joined per event as a list
    per_event = ev.n_sources[lo:hi].astype(np.int32)
    event_of = np.repeat(np.arange(n), per_event)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(per_event, out=offsets[1:])
    first_source = np.zeros(len(event_of), dtype=bool)
    first_source[offsets[:-1]] = True
    m = len(event_of)
    source_outlet = _take(corpus.outlets, _draw(rng, corpus.outlet_weights, m))
    source_outlet = pc.if_else(pa.array(first_source), outlet.take(pa.array(event_of)), source_outlet)
    source_article = pc.if_else(
        pa.array(first_source), article_ids.take(pa.array(event_of)), _hex_ids(rng, "ar_", m)
    )
    reason = pc.if_else(pa.array(first_source), "first report", "same story")
    source = _cat(
        '{"article_id": "', source_article, '", "outlet": "', source_outlet, '", "url": "https://', source_outlet,
        "/news/", _hex_ids(rng, "", m, 8), '", "published": "', first_iso.take(pa.array(event_of)),
        '", "event_id": "', _hex_ids(rng, "ev_", m), '", "story_id": "', _hex_ids(rng, "st_", m),
        '", "attribution": [{"kind": "media", "name": "', source_outlet, '"}], "status": "',
        status.take(pa.array(event_of)), '", "reason": "', reason, '"}')  # fmt: skip
    sources = _cat("[", pc.binary_join(pa.ListArray.from_arrays(offsets, source), ", "), "]")
    start = rng.integers(0, 4000, size=n)
    sentence = _sentences(words, n, rng)
    end = start + pc.utf8_length(sentence).to_numpy(zero_copy_only=False)
    flat = cty[cty >= 0]
    offsets = np.concatenate([[0], np.cumsum(k, dtype=np.int32)]).astype(np.int32)  # of the countries
    none = pa.array(np.zeros(n, bool))
    columns: dict[str, Any] = {
        "id": ev.ids.slice(lo, n),
        "article_id": article_ids,
        "event_type": _take(_strings(EVENT_TYPES), ev.event_type[lo:hi]),
        "mode": _take(_strings(MODES), ev.mode[lo:hi]),
        "context": pa.ListArray.from_arrays(np.zeros(n + 1, np.int32), pa.array([], pa.string())),
        "actor": actor,
        "recipient": recipient,
        "location": location,
        "date_text": date_text,
        "date_value": date_value,
        "date_precision": _take(_strings(PRECISIONS), precision),
        "date_earliest": _dates(earliest, earliest < 0),
        "date_latest": _dates(latest, latest < 0),
        "status": status,
        "announced": pa.nulls(n, pa.bool_()),
        "status_statements": pa.array(np.full(n, "[]", dtype=object), pa.string()),
        "attribution": attribution,
        "intermediary": pa.array(np.full(n, "[]", dtype=object), pa.string()),
        "negated": none,
        "hypothetical": none,
        "future": pa.array(ev.future[lo:hi]),
        "evidence": _cat('[{"text": "', sentence, '", "start": ', _num(start), ', "end": ', _num(end), "}]"),
        "sources": sources,
        "confidence": pa.array(np.round(rng.uniform(0.5, 1.0, size=n), 2)),
        "trigger": _cat('{"text": "met", "start": ', _num(start + 10), ', "end": ', _num(start + 13), "}"),
        "first_reported": _dates(ev.first[lo:hi]),
        "countries": pa.ListArray.from_arrays(offsets, corpus.country_codes.take(pa.array(flat))),
        "n_sources": pa.array(ev.n_sources[lo:hi].astype(np.int32)),
    }
    return pa.Table.from_pydict(columns, schema=_TABLES["merged_events"])


def merged_event_actors_chunk(
    ev: Events, lo: int, hi: int, corpus: Corpus, rng: np.random.Generator
) -> pa.Table:
    """One row per actor and recipient: the acting country, a person (sometimes), the others."""
    n = hi - lo
    k, cty, slot = ev.k[lo:hi], ev.cty[lo:hi], ev.actor_slot[lo:hi]
    rows = np.arange(n)
    r1, r2 = np.where(slot == 0, 1, 0), np.where(slot == 2, 1, 2)
    parts = [  # (event rows, part, position, country, is a person)
        (rows, "actor", 0, cty[rows, slot], False),
        (rows[ev.person[lo:hi]], "actor", 1, cty[rows, slot][ev.person[lo:hi]], True),
        (rows[r1 < k], "recipient", 0, cty[rows[r1 < k], r1[r1 < k]], False),
        (rows[r2 < k], "recipient", 1, cty[rows[r2 < k], r2[r2 < k]], False),
    ]
    event = np.concatenate([p[0] for p in parts])
    order = np.argsort(event, kind="stable")
    country = np.concatenate([p[3] for p in parts])[order]
    person = np.concatenate([np.full(len(p[0]), p[4]) for p in parts])[order]
    m = len(event)
    people = _take(corpus.people, rng.integers(0, len(corpus.people), size=m), ~person)
    text = pc.if_else(pa.array(person), people, _take(corpus.country_names, country))
    start = rng.integers(0, 4000, size=m)
    columns = {
        "event_id": ev.ids.take(pa.array(event[order] + lo)),
        "article_id": ev.article_ids.take(pa.array(event[order] + lo)),
        "part": pa.array(
            np.concatenate([np.full(len(p[0]), p[1], dtype=object) for p in parts])[order], pa.string()
        ),
        "position": pa.array(np.concatenate([np.full(len(p[0]), p[2], np.int32) for p in parts])[order]),
        "text": text,
        "name": people,
        "country": _take(corpus.country_codes, country),
        "sector": pa.array(np.full(m, "GOV", dtype=object), pa.string()),
        "role": _take(_strings(ROLES), rng.integers(0, len(ROLES), size=m), ~person),
        "start": pa.array(start.astype(np.int32)),
        "end": pa.array((start + pc.utf8_length(text).to_numpy(zero_copy_only=False)).astype(np.int32)),
    }
    return pa.Table.from_pydict(columns, schema=_TABLES["merged_event_actors"])


def event_pairs_chunk(ev: Events, pairs: tuple[np.ndarray, np.ndarray, np.ndarray], lo: int, hi: int,
                      corpus: Corpus) -> pa.Table:  # fmt: skip
    event, a, b = (p[lo:hi] for p in pairs)
    columns = {
        "a": _take(corpus.country_codes, a),
        "b": _take(corpus.country_codes, b),
        "merged_id": ev.ids.take(pa.array(event)),
        "event_type": _take(_strings(EVENT_TYPES), ev.event_type[event]),
        "status": _take(_strings(STATUSES), ev.status[event]),
        "day": _dates(ev.pair_day[event]),
    }
    schema = _TABLES["event_pairs"]
    if "span" in schema.names:  # newer stores: days the event's date range covers (0 for a report's day)
        columns["span"] = pa.array(np.array([0, 30, 364, 0], dtype=np.int32)[ev.precision[event]])
    return pa.Table.from_pydict(columns, schema=schema)


def _timed(make: Callable[[int, int], pa.Table], lo: int, hi: int) -> tuple[pa.Table, float]:
    t0 = time.perf_counter()
    return make(lo, hi), time.perf_counter() - t0


def _chunks(n: int, size: int) -> Iterator[tuple[int, int]]:
    for lo in range(0, n, size):
        yield lo, min(n, lo + size)


def load(path: Path, n: int, seed: int, chunk: int) -> None:
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    corpus = Corpus()
    ev = Events(n, rng, corpus)
    words = WordStream(corpus, rng)
    pairs = ev.pairs()
    skeleton = time.perf_counter() - start
    print(f"skeleton: {n:,} events, {len(pairs[0]):,} pairs in {skeleton:.1f} s "
          f"(RUS-USA: {_pair_count(ev, pairs, corpus, 'RUS', 'USA'):,} events)")  # fmt: skip
    print(f"{'table':20} {'rows':>12} {'generate s':>11} {'insert s':>9} {'rows/s':>11}")
    total_rows, total_insert, total_generate = 0, 0.0, 0.0
    wall = time.perf_counter()
    with Store(path) as store:
        con = store.con.cursor()  # the Store's connection has _check_version's result still open
        plans: list[tuple[str, int, Callable[[int, int], pa.Table]]] = [
            ("merged_events", n, lambda lo, hi: merged_events_chunk(ev, lo, hi, corpus, words, rng)),
            ("merged_event_actors", n, lambda lo, hi: merged_event_actors_chunk(ev, lo, hi, corpus, rng)),
            ("event_pairs", len(pairs[0]), lambda lo, hi: event_pairs_chunk(ev, pairs, lo, hi, corpus)),
        ]
        for table, rows, make in plans:
            generate, insert, count = 0.0, 0.0, 0
            # the next chunk is generated (pyarrow, numpy: the GIL released) while DuckDB inserts this one
            with ThreadPoolExecutor(1) as pool:
                bounds = list(_chunks(rows, chunk))
                pending = pool.submit(_timed, make, *bounds[0])
                for number in range(len(bounds)):
                    batch, seconds = pending.result()
                    if number + 1 < len(bounds):
                        pending = pool.submit(_timed, make, *bounds[number + 1])
                    t0 = time.perf_counter()
                    con.register("_chunk", batch)
                    columns = ", ".join(f'"{c}"' for c in batch.schema.names)
                    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _chunk").fetchall()
                    con.unregister("_chunk")
                    insert += time.perf_counter() - t0
                    generate += seconds
                    count += batch.num_rows
                    del batch
            print(f"{table:20} {count:12,} {generate:11.1f} {insert:9.1f} {count / insert:11,.0f}")
            total_rows += count
            total_insert += insert
            total_generate += generate
        t0 = time.perf_counter()
        con.execute("CHECKPOINT").fetchall()
        con.close()
        checkpoint = time.perf_counter() - t0
    total_insert += checkpoint
    wall = time.perf_counter() - wall
    size = path.stat().st_size
    print(f"{'total':20} {total_rows:12,} {total_generate:11.1f} {total_insert:9.1f} {total_rows / total_insert:11,.0f}"
          f"   (insert includes the final checkpoint, {checkpoint:.1f} s)")  # fmt: skip
    print(f"load: {n:,} events in {wall:.1f} s wall ({n / wall:,.0f} events/s; generating overlaps inserting), "
          f"{total_insert:.1f} s in DuckDB ({n / total_insert:,.0f} events/s); "
          f"file {size / 1e6:,.1f} MB, {size / n:,.0f} bytes per event")  # fmt: skip
    t0 = time.perf_counter()
    with Store(path) as store:  # what ingest does after a run that grew the pairs by a tenth
        store.optimize()
    print(f"optimize (event_pairs rewritten in pair order, as ingest does): {time.perf_counter() - t0:.1f} s")


def _pair_count(ev: Events, pairs: tuple[np.ndarray, np.ndarray, np.ndarray], corpus: Corpus, x: str,
                y: str) -> int:  # fmt: skip
    a, b = corpus.codes.index(min(x, y)), corpus.codes.index(max(x, y))
    return int(((pairs[1] == a) & (pairs[2] == b)).sum())


def _time(run: Callable[[], Any], runs: int, warmup: int = 1) -> tuple[list[float], Any]:
    out = None
    for _ in range(warmup):
        out = run()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = run()
        times.append((time.perf_counter() - t0) * 1000)
    return times, out


def _size(out: Any) -> str:
    return (
        f"{out.num_rows:,} rows" if isinstance(out, pa.Table) else f"{out:,}" if isinstance(out, int) else "-"
    )


def measure(path: Path, runs: int) -> None:
    pair = EventFilter(countries=("RUS", "USA"))

    def request() -> pa.Table:
        with Store(path, read_only=True) as fresh:
            return queries.timeline(fresh, "RUS", "USA", unit="month")

    def open_only() -> None:
        Store(path, read_only=True).close()

    with Store(path, read_only=True) as store:
        cases: list[tuple[str, Callable[[], Any]]] = [
            ("open read-only", open_only),
            ("timeline RUS-USA month", lambda: queries.timeline(store, "RUS", "USA", unit="month")),
            ("timeline RUS-USA week", lambda: queries.timeline(store, "RUS", "USA", unit="week")),
            ("timeline RUS-anyone month", lambda: queries.timeline(store, "RUS", unit="month")),
            ("request: open+timeline", request),
            ("events RUS,USA limit 100", lambda: queries.events(store, pair, limit=100)),
            ("count_events RUS,USA", lambda: queries.count_events(store, pair)),
            ("network country", lambda: queries.network(store)),
            ("pairs", lambda: queries.pairs(store)),
        ]
        print(f"\n{'query (' + str(runs) + ' runs after a warm-up)':32} {'result':>14} {'median ms':>10} "
              f"{'p95 ms':>9} {'median/100ms':>13}")  # fmt: skip
        for name, run in cases:
            times, out = _time(run, runs)
            median = statistics.median(times)
            p95 = float(np.percentile(times, 95))
            print(f"{name:32} {_size(out):>14} {median:10.1f} {p95:9.1f} {median / GOAL_MS:13.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="merged events to generate")
    parser.add_argument("--out", type=Path, help="directory for the store (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the store (and a temporary --out)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=10, help="timed runs per query, after one warm-up")
    parser.add_argument("--chunk", type=int, default=1_000_000, help="rows per insert")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the queries on the store a --keep run left in --out (no load)",
    )
    parser.add_argument("--optimize", action="store_true", help="with --reuse: run Store.optimize first")
    args = parser.parse_args()
    if args.reuse and not args.out:
        parser.error("--reuse needs the --out of a --keep run")
    out = args.out or Path(tempfile.mkdtemp(prefix="bench_store_"))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"bench_{args.n}.duckdb"
    if path.exists() and not args.reuse:
        path.unlink()
    try:
        if args.reuse:
            size = path.stat().st_size
            print(f"reusing {path}: {size / 1e6:,.1f} MB, {size / args.n:,.0f} bytes per event")
            if args.optimize:
                t0 = time.perf_counter()
                with Store(path) as store:
                    store.optimize()
                print(f"optimize: {time.perf_counter() - t0:.1f} s")
        else:
            load(path, args.n, args.seed, args.chunk)
        measure(path, args.runs)
    finally:
        if args.keep or args.reuse:
            print(f"kept {path}")
        elif args.out:
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
