"""The dashboard in a real browser: Playwright drives Debian's Chromium (``/usr/bin/chromium``, never
a downloaded browser) against a real ``backchannel serve`` over a DuckDB file built from the seeds,
a deterministic subset of the shared corpus (every ``CORPUS_EVERY``-th release) and a hostile
article (``tests/hostile/xss_article.jsonl``).  Without ../shared the bundled ``examples/`` stand in
for seeds and corpus.  One server and one browser per module; screenshots go to
``test-output/screenshots/``.

When Chromium is missing the module runs ``tools/install_chromium.sh`` (root and apt-get only);
when it still cannot be had, every browser test skips with the script's reason."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from serving import Server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from backchannel.pipeline import Pipeline

pytestmark = pytest.mark.xdist_group("browser")  # one server and one browser (with --dist loadgroup)

REPO_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_DIR.parent / "shared"
CHROMIUM = Path(os.environ.get("BACKCHANNEL_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = REPO_DIR / "test-output" / "screenshots"
HOSTILE = REPO_DIR / "tests" / "hostile" / "xss_article.jsonl"
#: every 40th release of ../shared/corpus (45 of 1796): the whole corpus takes about 8 CPU-minutes to ingest
CORPUS_EVERY = 40
READY = "main[data-state=ready]"
SCRIPT_FLAG = "() => window.__xss"


# -- fixtures: Chromium, database, server, browser ---------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium, installed by the project's script when missing; skips with its reason."""
    if not os.access(CHROMIUM, os.X_OK):
        script = REPO_DIR / "tools" / "install_chromium.sh"
        done = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=1200)
        if not os.access(CHROMIUM, os.X_OK):
            reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no reason given"]
            pytest.skip(f"browser tests need Chromium at {CHROMIUM}: {reason[0]}")
    return CHROMIUM


def _inputs(tmp: Path) -> list[Path]:
    """The seeds and a deterministic corpus subset from ../shared, else the bundled examples."""
    seeds, corpus = SHARED_DIR / "seeds", SHARED_DIR / "corpus" / "kremlin_zelenskyy_2022.jsonl"
    if not ((seeds / "manifest.jsonl").is_file() and corpus.is_file()):
        return [REPO_DIR / "examples", HOSTILE]
    subset = tmp / f"corpus_every_{CORPUS_EVERY}.jsonl"
    with corpus.open(encoding="utf-8") as lines:
        subset.write_text(
            "".join(line for i, line in enumerate(lines) if i % CORPUS_EVERY == 0), encoding="utf-8"
        )
    return [seeds, subset, HOSTILE]


@pytest.fixture(scope="module")
def web_db(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from backchannel.store import Store

    tmp = tmp_path_factory.mktemp("web")
    path = tmp / "web.duckdb"
    with Store(path) as store:
        store.write(list(pipeline.extract(_inputs(tmp))))
    return path


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[Server]:
    running = Server(web_db)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: Chromium's sandbox cannot start as root (CI containers run as root)
        launched = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        yield launched
        launched.close()


class Watched:
    """A page with what must never happen recorded: dialogs (alert), page errors, CSP violations."""

    def __init__(self, page: Page, base: str) -> None:
        self.page, self.base = page, base
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', "
            "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )

    def open(self, fragment: str = "") -> Page:
        self.page.goto(self.base + "/" + fragment)
        return self.ready()

    def ready(self) -> Page:
        self.page.wait_for_selector(READY, timeout=30_000)
        return self.page

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    watched = Watched(context.new_page(), server.url)
    yield watched
    assert watched.errors == [], f"script errors in the page: {watched.errors}"
    context.close()


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _texts(page: Page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def _navigate(watched: Watched, action: Any) -> Page:
    """Run ``action`` (a click or submit that changes the view) and wait for the new view."""
    page = watched.page
    before = page.evaluate("() => location.hash")
    action()
    page.wait_for_function("h => location.hash !== h", arg=before, timeout=10_000)
    return watched.ready()


# -- the page without a browser: headers and what the script may not do ------------------------


def test_web_every_dashboard_response_has_the_security_policy(api: httpx.Client) -> None:
    for path in ("/", "/static/app.js", "/static/app.css", "/static/vendor/d3.min.js", "/api/pairs"):
        response = api.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "object-src 'none'" in policy and "unsafe" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in api.get("/docs").headers  # Swagger UI's inline script and CDN
    assert api.get("/").headers["content-type"].startswith("text/html")
    assert api.get("/static/app.js").headers["content-type"].split(";")[0] in (
        "text/javascript",
        "application/javascript",
    )


def test_web_page_has_no_inline_script_and_never_parses_data_as_markup() -> None:
    web = REPO_DIR / "src" / "backchannel" / "web"
    html = (web / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> in index.html"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler in index.html"
    assert not re.search(r"\bstyle\s*=", html), "inline style in index.html"
    script = (web / "app.js").read_text(encoding="utf-8")
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        ".html(",
    ):
        assert sink not in script, f"app.js uses {sink}"


# -- in the browser ----------------------------------------------------------------------------


def test_web_dashboard_opens_on_the_top_pair(page: Watched, api: httpx.Client) -> None:
    top = _ok(api.get("/api/pairs", params={"limit": 1}))["items"][0]
    view = page.open()
    assert view.inner_text("#selection") == f"{top['a']} – {top['b']}"
    for panel in ("#timeline", "#network", "#events"):
        view.wait_for_selector(f"{panel}[data-state=ready]")
    timeline = _ok(api.get("/api/timeline", params=[("country", top["a"]), ("country", top["b"])]))["items"]
    bars = view.locator("#timeline rect.bar")
    assert bars.count() == len(timeline) > 0
    assert {(b["period"], b["event_type"], b["status"]) for b in timeline} == {
        (r.get_attribute("data-period"), r.get_attribute("data-type"), r.get_attribute("data-status"))
        for r in bars.all()
    }
    total = _ok(api.get("/api/events", params=[("country", top["a"]), ("country", top["b"]), ("limit", 1)]))[
        "total"
    ]
    assert view.inner_text("#event-total") == str(total)
    assert view.locator("#network g.node").count() >= 2
    assert view.locator(f'#network g.node.selected[data-node="{top["a"]}"]').count() == 1
    page.shot("dashboard")


def test_web_changing_the_pair_updates_timeline_and_list(page: Watched, api: httpx.Client) -> None:
    second = _ok(api.get("/api/pairs", params={"limit": 2}))["items"][1]
    view = page.open()
    _navigate(page, lambda: view.click(f'#pairs button[data-pair="{second["a"]}-{second["b"]}"]'))
    assert view.inner_text("#selection") == f"{second['a']} – {second['b']}"
    timeline = _ok(api.get("/api/timeline", params=[("country", second["a"]), ("country", second["b"])]))[
        "items"
    ]
    assert view.locator("#timeline rect.bar").count() == len(timeline)
    assert sorted(
        {r.get_attribute("data-period") for r in view.locator("#timeline rect.bar").all()}
    ) == sorted({b["period"] for b in timeline})
    countries = _texts(view, "#events td.countries")
    assert countries and all({second["a"], second["b"]} <= set(c.split(" – ")) for c in countries)
    # typing a pair into the form does the same
    view.fill("input[name=a]", second["b"].lower())
    view.fill("input[name=b]", second["a"])
    _navigate(page, lambda: view.click("#filters button[type=submit]"))
    assert view.inner_text("#selection") == f"{second['b']} – {second['a']}"
    page.shot("pair_changed")


def test_web_event_page_highlights_the_evidence_in_the_article(page: Watched, api: httpx.Client) -> None:
    view = page.open()
    first = view.locator("#events tr.event-row").first
    event_id = first.get_attribute("data-event-id")
    _navigate(page, lambda: first.locator("td").nth(3).click())
    assert view.evaluate("() => location.hash") == f"#/event/{event_id}"
    event = _ok(api.get(f"/api/events/{event_id}"))
    report = next(r for r in event["reports"] if r["article_id"] == event["article_id"])
    marks = view.locator("#article-text mark.evidence")
    assert marks.count() >= 1
    marked = " ".join(_texts(view, "#article-text mark.evidence"))
    for evidence in report["evidence"]:
        assert " ".join(evidence["text"].split()) in " ".join(marked.split())
    assert (
        view.locator("mark.evidence:not(.key)").count() == marks.count()
    )  # every mark is inside the article text
    article = _ok(api.get(f"/api/articles/{report['article_id']}"))
    assert view.inner_text("#article-text").split() == article["text"].split()  # the whole text, as text
    # the first mark was scrolled into view inside the text box
    assert view.evaluate(
        "() => { const m = document.querySelector('#article-text mark.evidence').getBoundingClientRect();"
        " const box = document.querySelector('#article-text').getBoundingClientRect();"
        " return m.top >= box.top - 1 && m.top <= box.bottom; }"
    )
    outlets = _texts(view, "#sources tbody tr td:first-child")
    assert outlets == [r["outlet"] or "—" for r in event["reports"]]
    page.shot("event")


def test_web_event_page_shows_place_quotes_and_statements(page: Watched, api: httpx.Client) -> None:
    items = _ok(api.get("/api/events", params={"limit": 1000}))["items"]
    placed = next((e for e in items if (e["location"] or {}).get("lat") is not None), None)
    if placed is None:
        pytest.skip("no stored event has coordinates")
    view = page.open(f"#/event/{placed['id']}")
    lat, lon = placed["location"]["lat"], placed["location"]["lon"]
    assert view.inner_text("#coordinates") == f"{lat:.2f}, {lon:.2f}"
    assert view.locator("#where svg.map circle.place").count() == 1
    quoted = next((e for e in items if _ok(api.get(f"/api/events/{e['id']}"))["quotes"]), None)
    if quoted is not None:
        detail = _ok(api.get(f"/api/events/{quoted['id']}"))
        view = page.open(f"#/event/{quoted['id']}")
        speakers = _texts(view, "#quotes .speaker")
        assert len(speakers) == len(detail["quotes"])
        name = detail["quotes"][0]["speaker"]["name"] if detail["quotes"][0]["speaker"] else None
        assert name is None or name in speakers[0]


def test_web_filter_by_type_lists_only_that_type(page: Watched, api: httpx.Client) -> None:
    view = page.open()
    types = [
        t for t in (r.get_attribute("data-type") for r in view.locator("#events tr.event-row").all()) if t
    ]
    wanted = max(set(types), key=types.count)
    view.select_option("select[name=type]", wanted)
    _navigate(page, lambda: view.click("#filters button[type=submit]"))
    rows = view.locator("#events tr.event-row")
    assert rows.count() >= 1 and {r.get_attribute("data-type") for r in rows.all()} == {wanted}
    a, b = view.input_value("input[name=a]"), view.input_value("input[name=b]")
    expected = _ok(
        api.get("/api/events", params=[("country", a), ("country", b), ("type", wanted), ("limit", 1)])
    )
    assert view.inner_text("#event-total") == str(expected["total"])
    assert {r.get_attribute("data-type") for r in view.locator("#timeline rect.bar").all()} == {wanted}
    page.shot("filtered_by_type")


def test_web_network_node_click_filters_timeline_and_list(page: Watched, api: httpx.Client) -> None:
    view = page.open()
    top = _ok(api.get("/api/pairs", params={"limit": 1}))["items"][0]
    node = view.locator(f'#network g.node[data-node="{top["b"]}"] circle')
    _navigate(page, lambda: node.click())
    assert view.inner_text("#selection") == f"{top['b']} and any country"
    countries = _texts(view, "#events td.countries")
    assert countries and all(top["b"] in c.split(" – ") for c in countries)
    expected = _ok(api.get("/api/events", params={"country": top["b"], "limit": 1}))["total"]
    assert view.inner_text("#event-total") == str(expected)
    timeline = _ok(api.get("/api/timeline", params={"country": top["b"]}))["items"]
    assert view.locator("#timeline rect.bar").count() == len(timeline)
    assert view.locator(f'#network g.node.selected[data-node="{top["b"]}"]').count() == 1
    page.shot("network_node")


def test_web_brush_on_the_timeline_narrows_the_list(page: Watched) -> None:
    view = page.open()
    box = view.locator("#timeline svg").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    view.mouse.move(box["x"] + box["width"] * 0.3, y)
    view.mouse.down()
    view.mouse.move(box["x"] + box["width"] * 0.7, y, steps=5)
    _navigate(page, lambda: view.mouse.up())
    since, until = view.input_value("input[name=since]"), view.input_value("input[name=until]")
    assert since and until and since < until
    assert view.locator("#clear-range").count() == 1
    for row in view.locator("#events tr.event-row").all():
        shown = row.locator("td").first.inner_text()
        days = re.findall(r"\d{4}-\d{2}-\d{2}", shown)
        assert not days or days[0] <= until  # no event starts after the range


def test_web_actor_timeline(page: Watched, api: httpx.Client) -> None:
    view = page.open()
    view.fill("input[name=actor]", "Putin")
    _navigate(page, lambda: view.click("#filters button[type=submit]"))
    assert view.inner_text("#selection") == "actor “Putin”"
    timeline = _ok(api.get("/api/timeline", params={"actor": "Putin"}))["items"]
    assert view.locator("#timeline rect.bar").count() == len(timeline)
    expected = _ok(api.get("/api/events", params={"actor": "Putin", "limit": 1}))["total"]
    assert view.inner_text("#event-total") == str(expected)


def test_web_channels_page_lists_standing_channels(page: Watched, api: httpx.Client) -> None:
    channels = _ok(api.get("/api/channels", params={"limit": 50}))
    view = page.open("#/channels")
    assert view.inner_text("#channel-total") == str(channels["total"])
    rows = view.locator("#channels tr.channel-row")
    assert rows.count() == len(channels["items"])
    assert _texts(view, "#channels tr.channel-row td:first-child") == [
        c["channel_type"] for c in channels["items"]
    ]
    if channels["items"]:
        page.shot("channels")


def test_web_hostile_article_is_shown_as_text_and_runs_nothing(page: Watched, api: httpx.Client) -> None:
    found = _ok(api.get("/api/events", params={"text": "window.__xss", "limit": 10}))["items"]
    assert found, "the hostile article gave no event"
    event_id, article_id = found[0]["id"], found[0]["article_id"]
    article = _ok(api.get(f"/api/articles/{article_id}"))
    assert "<script>" in article["text"] and "javascript:" in article["url"]
    a, b = found[0]["countries"][:2]
    view = page.open(f"#/?a={a}&b={b}&text=window.__xss")
    assert "alert('script ran')</script>" in view.inner_text("#events")  # the evidence, cut to 240 characters
    view = page.open(f"#/event/{event_id}")
    text = view.inner_text("#article-text")
    for literal in ("<script>window.__xss", "<img src=x onerror=", 'href="javascript:', "<svg onload="):
        assert literal in text
    assert "<img src=x onerror=" in view.inner_text("#article h2")  # the title, as text
    assert "<script>window.__xss = 1</script>example.org" in view.inner_text("#sources")  # the outlet
    assert "javascript:window.__xss" in view.inner_text("#sources")  # the URL, not as a link
    view = page.open(f"#/article/{article_id}")
    assert "<svg onload=" in view.inner_text("#article-text")
    assert view.locator("#article-text mark.quote").count() >= 1
    time.sleep(0.5)  # an onerror or onload would fire by now
    assert view.evaluate(SCRIPT_FLAG) is None
    assert view.evaluate("() => window.__csp") == []  # nothing even tried to run
    assert view.locator("a[href^='javascript']").count() == 0
    assert view.locator("main script, main img, main iframe, main object, main embed").count() == 0
    assert view.locator("main svg[onload], main [onerror]").count() == 0
    assert page.dialogs == []
    page.shot("hostile_article")


def test_web_script_in_the_page_would_be_blocked_by_the_policy(page: Watched) -> None:
    """The policy is live, not only a header: markup forced into the page does not run."""
    view = page.open()
    blocked = view.evaluate(
        "async () => { const d = document.createElement('div');"
        " d.setAttribute('data-x', '1'); document.body.append(d);"
        " const s = document.createElement('script'); s.textContent = 'window.__xss = 1'; document.body.append(s);"
        " await new Promise(r => setTimeout(r, 200)); return [window.__xss, window.__csp]; }"
    )
    assert blocked[0] is None and any("script-src" in v for v in blocked[1])
    page.errors.clear()


def test_web_unknown_event_shows_the_reason(page: Watched) -> None:
    view = page.page
    view.goto(page.base + "/#/event/me_nonexistent")
    view.wait_for_selector("main[data-state=error]")
    assert "no event" in view.inner_text("main")
