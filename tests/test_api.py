"""The REST API against a real uvicorn server (``backchannel serve``) on a free loopback port, over a
real DuckDB file built from the bundled seeds and corpus: every route, pagination, validation, the
read-only default, the ingest token, and SQL-injection attempts in every text parameter."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from backchannel.model import Article
from backchannel.store import Store
from serving import BACKCHANNEL, Server

if TYPE_CHECKING:
    pass

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def database(examples_db: Path) -> Path:
    return examples_db


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[Server]:
    running = Server(database)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


# -- every route ------------------------------------------------------------------------------


def test_api_health_docs_and_openapi(client: httpx.Client, database: Path) -> None:
    health = _ok(client.get("/api/health"))
    with Store(database, read_only=True) as store:
        assert health["counts"] == store.counts()
    assert health["ingest"] is False
    assert client.get("/docs").status_code == 200
    paths = set(_ok(client.get("/openapi.json"))["paths"])
    assert {"/api/events", "/api/events/{event_id}", "/api/timeline", "/api/network", "/api/pairs", "/api/articles",
            "/api/articles/{article_id}", "/api/channels", "/api/stories", "/api/merges", "/api/ingest"} <= paths  # fmt: skip


def test_api_events_filters(client: httpx.Client) -> None:
    every = _ok(client.get("/api/events", params={"limit": 1000}))
    assert every["total"] == len(every["items"]) > 0
    pair = _ok(client.get("/api/events", params=[("country", "usa"), ("country", "RUS")]))
    assert pair["total"] > 0 and all({"RUS", "USA"} <= set(e["countries"]) for e in pair["items"])
    ankara = _ok(
        client.get("/api/events", params={"text": "ankara", "type": "consult", "status": "unconfirmed"})
    )
    assert [e["location"]["name"] for e in ankara["items"]] == ["Ankara"]
    assert ankara["items"][0]["evidence"][0]["text"]  # nested parts come as JSON, not strings
    dated = _ok(client.get("/api/events", params={"since": "2022-11-01", "until": "2022-11-30"}))
    assert dated["total"] >= 1 and all(
        (e["date_earliest"] or "9999") <= "2022-11-30" for e in dated["items"] if e["date_earliest"]
    )
    phone = _ok(client.get("/api/events", params={"mode": "phone"}))
    assert phone["total"] > 0 and {e["mode"] for e in phone["items"]} == {"phone"}
    named = _ok(client.get("/api/events", params={"actor": "zelensk"}))
    assert named["total"] > 0
    unmerged = _ok(client.get("/api/events", params={"merged": "false"}))
    assert unmerged["total"] >= every["total"]


def test_api_events_pagination(client: httpx.Client) -> None:
    total = _ok(client.get("/api/events", params={"limit": 1}))["total"]
    seen = []
    for offset in range(0, total, 7):
        page = _ok(client.get("/api/events", params={"limit": 7, "offset": offset}))
        assert page["total"] == total and page["offset"] == offset and len(page["items"]) <= 7
        seen += [e["id"] for e in page["items"]]
    assert len(seen) == len(set(seen)) == total  # no event twice, none missing
    assert _ok(client.get("/api/events", params={"offset": total}))["items"] == []


def test_api_event_and_article_detail(client: httpx.Client) -> None:
    [ankara] = _ok(client.get("/api/events", params={"text": "Ankara", "type": "CONSULT"}))["items"]
    event = _ok(client.get(f"/api/events/{ankara['id']}"))
    [report] = event["reports"]
    assert report["outlet"] == "moonofalabama.org" and report["evidence"][0]["text"]
    article = _ok(client.get(f"/api/articles/{report['article_id']}"))
    assert article["text"].startswith(article["title"])
    evidence = report["evidence"][0]
    assert article["text"][evidence["start"] : evidence["end"]] == evidence["text"]
    assert any(e["merged_id"] == ankara["id"] for e in article["events"])
    assert article["quotes"] and all(
        q["speaker"] is None or "country" in q["speaker"] for q in article["quotes"]
    )
    per_article = _ok(client.get(f"/api/events/{event['reports'][0]['event_id']}"))
    assert per_article["merged_id"] == ankara["id"]


def test_api_timeline_network_pairs_lists(client: httpx.Client) -> None:
    pairs = _ok(client.get("/api/pairs"))["items"]
    assert pairs and pairs[0]["events"] >= pairs[-1]["events"]
    a, b = pairs[0]["a"], pairs[0]["b"]
    months = _ok(client.get("/api/timeline", params=[("country", a), ("country", b)]))["items"]
    assert (
        months and 0 < sum(r["events"] for r in months) <= pairs[0]["events"]
    )  # undated events have no month
    weeks = _ok(client.get("/api/timeline", params=[("country", a), ("country", b), ("unit", "week")]))[
        "items"
    ]
    assert sum(r["events"] for r in weeks) == sum(r["events"] for r in months)
    one = _ok(client.get("/api/timeline", params={"country": a}))["items"]
    assert sum(r["events"] for r in one) >= sum(r["events"] for r in months)
    edges = _ok(client.get("/api/network"))["items"]
    assert (
        _ok(client.get("/api/network", params={"merged": "false"}))["items"] == edges
    )  # always real-world events
    by_actor = _ok(client.get("/api/network", params={"actor": "putin"}))["items"]
    assert by_actor
    assert _ok(client.get("/api/network", params={"actor": "putin", "merged": "false"}))["items"] == by_actor
    assert client.get("/api/network", params={"min_events": 10**24}).status_code == 422
    assert (
        _ok(client.get("/api/timeline", params={"country": a, "merged": "false"}))["items"]
        == _ok(client.get("/api/timeline", params={"country": a}))["items"]
    )
    assert edges and all(e["source"] < e["target"] for e in edges)
    assert _ok(client.get("/api/network", params={"level": "actor", "min_events": 1}))["items"]
    articles = _ok(client.get("/api/articles", params={"limit": 5}))
    assert articles["total"] > 5 and len(articles["items"]) == 5 and "text" not in articles["items"][0]
    channels = _ok(client.get("/api/channels"))["items"]
    assert any(c["channel_type"] == "hotline" for c in channels)
    assert isinstance(_ok(client.get("/api/stories"))["items"], list)
    assert isinstance(_ok(client.get("/api/merges"))["items"], list)


def test_api_timeline_of_an_actor_counts_each_of_its_contacts_once(client: httpx.Client) -> None:
    putin = _ok(client.get("/api/timeline", params={"actor": "putin"}))
    assert putin["countries"] == [] and putin["actor"] == "putin"
    counted = sum(r["events"] for r in putin["items"])
    events = _ok(client.get("/api/events", params={"actor": "putin", "limit": 1000}))["items"]
    # each event once, however many pairs of countries it has; undated ones are in no month
    assert 0 < counted <= sum(1 for e in events if len(e["countries"]) > 1)
    with_rus = _ok(client.get("/api/timeline", params={"actor": "putin", "country": "RUS"}))["items"]
    assert with_rus == putin["items"]  # every Putin contact has Russia in it
    assert _ok(client.get("/api/timeline", params={"actor": "no such person"}))["items"] == []


# -- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "params", "says"),
    [
        ("/api/events", {"since": "2022-13-45"}, "since"),
        ("/api/events", {"until": "yesterday"}, "until"),
        ("/api/events", {"since": "2022-12-01", "until": "2022-01-01"}, "after"),
        ("/api/events", {"country": "XXX"}, "country"),
        ("/api/events", {"country": "Russia"}, "country"),
        ("/api/events", {"type": "HUG"}, "type"),
        ("/api/events", {"status": "rumoured"}, "status"),
        ("/api/events", {"mode": "Phone Call!"}, "mode"),
        ("/api/events", {"limit": 0}, "limit"),
        ("/api/events", {"limit": 100000}, "limit"),
        ("/api/events", {"offset": -1}, "offset"),
        ("/api/timeline", {}, "country"),
        ("/api/timeline", {"country": "ZZZ"}, "country"),
        ("/api/timeline", {"country": "RUS", "unit": "year"}, "unit"),
        ("/api/network", {"level": "planet"}, "level"),
        ("/api/events", {"offset": 10**24}, "offset"),
        ("/api/articles", {"offset": 2**63}, "offset"),
        ("/api/timeline", [("country", "RUS"), ("country", "rus")], "twice"),
    ],
)
def test_api_bad_parameters_are_422_with_a_message(
    client: httpx.Client, route: str, params: Any, says: str
) -> None:
    response = client.get(route, params=params)  # type: ignore[arg-type]
    assert response.status_code == 422, response.text
    assert says in response.text


def test_api_unknown_ids_are_404(client: httpx.Client) -> None:
    for route in ("/api/events/me_0000", "/api/articles/ar_0000"):
        response = client.get(route)
        assert response.status_code == 404 and "no " in response.json()["detail"]


INJECTIONS = [
    "'; DROP TABLE events; --",
    '" OR 1=1 --',
    "x' UNION SELECT id, text FROM articles --",
    "%' OR '%'='",
    "1); DELETE FROM merged_events; --",
    "\\'; ATTACH '/tmp/evil.duckdb' AS evil; --",
]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_api_sql_injection_in_every_text_parameter_is_inert(
    client: httpx.Client, database: Path, attack: str
) -> None:
    before = _ok(client.get("/api/health"))["counts"]
    for name in ("actor", "text"):  # free text: matched as text, nothing found
        assert _ok(client.get("/api/events", params={name: attack}))["total"] == 0
    for name in ("country", "type", "status", "mode"):  # codes: refused
        assert client.get("/api/events", params={name: attack}).status_code == 422
    assert client.get("/api/timeline", params={"country": attack}).status_code == 422
    assert client.get("/api/network", params={"level": attack}).status_code == 422
    for route in ("/api/events/", "/api/articles/"):
        assert client.get(route + attack).status_code in (404, 422)
    assert _ok(client.get("/api/health"))["counts"] == before


# -- read-only by default, ingest only with the token --------------------------------------------


def test_api_is_read_only_by_default(client: httpx.Client) -> None:
    response = client.post("/api/ingest", json={"articles": [{"text": "Putin met Erdogan in Sochi."}]})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    for method in ("put", "delete", "patch"):
        assert getattr(client, method)("/api/events").status_code == 405


def test_api_ingest_needs_the_token(database: Path, tmp_path: Path) -> None:
    copy = tmp_path / "writable.duckdb"
    shutil.copy(database, copy)
    server = Server(copy, "--ingest-token", TOKEN)
    try:
        body = {"articles": [{"text": "Turkish President Recep Tayyip Erdogan met Russian President Vladimir "
                                      "Putin in Sochi on Friday to discuss grain exports.",
                              "title": "Erdogan meets Putin in Sochi", "outlet": "example.com",
                              "published": "2022-08-05"}]}  # fmt: skip
        with httpx.Client(base_url=server.url, timeout=120) as c:
            before = _ok(c.get("/api/health"))
            assert before["ingest"] is True
            assert c.post("/api/ingest", json=body).status_code == 401
            assert (
                c.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
            )
            assert c.post("/api/ingest", json=body, headers={"Authorization": TOKEN}).status_code == 401
            assert c.post("/api/ingest", json={"articles": []}, headers=_bearer()).status_code == 422
            with ThreadPoolExecutor(4) as pool:  # reads while the ingest writes: committed data, no 500
                reads = [
                    pool.submit(c.get, route) for route in ("/api/health", "/api/stories", "/api/merges") * 8
                ]
                done = _ok(c.post("/api/ingest", json=body, headers=_bearer()))
                assert {r.result().status_code for r in reads} == {200}
            assert done["stored"] == 1 and done["events"] >= 1
            again = _ok(c.post("/api/ingest", json=body, headers=_bearer()))
            assert again["stored"] == 0 and again["already_stored"] == 1
            after = _ok(c.get("/api/health"))["counts"]
            assert after["articles"] == before["counts"]["articles"] + 1
            found = _ok(
                c.get("/api/events", params=[("country", "TUR"), ("country", "RUS"), ("text", "Sochi")])
            )
            assert found["total"] >= 1
            # the server is the database's one writer: another process is refused with a message
            reader = subprocess.run([str(BACKCHANNEL), "events", "--db", str(copy)], capture_output=True, text=True,
                                    timeout=120)  # fmt: skip
            assert reader.returncode == 2 and "another process" in reader.stderr
            assert "Traceback" not in reader.stderr
    finally:
        server.stop()


def _bearer() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def test_api_binds_loopback_by_default(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    outside = _non_loopback_address()
    if outside is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://{outside}:{server.port}/api/health", timeout=2)


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent: only picks the outgoing interface
            address = str(s.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_api_store_built_from_examples(database: Path) -> None:
    with Store(database, read_only=True) as store:
        assert store.counts()["articles"] >= 40
        assert all(isinstance(a, Article) for a in store.articles(limit=3))
