"""`readout serve`: the real server on a real database, checked with httpx and headless Chromium.

The database holds the bundled example, the dev corpus (when ../shared is present) and a
hand-made article whose text contains ``<script>`` and ``<img onerror>`` markup.
Screenshots of every page go to tests/artifacts/.
"""

from __future__ import annotations

import html
import json
import re
import socket
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

MARKUP = ('测试文章：标记注入\n2019年9月10日，天津市委书记李鸿忠主持召开会议。<script>window.__pwned=1</script>'
          '会议强调，要<img src=x onerror="window.__pwned=2">坚持“不忘初心、牢记使命”。\n'
          '<b>粗体</b>不应加粗。\n')
# The same formulation in March 2013 and October 2017 and never between: its chart must show every month between.
GAP_STORIES = [{"title": "北京召开座谈会", "pub_date": "2013-03-05",
                "text": "北京召开座谈会\n3月4日，北京市委召开座谈会，强调要做到“两个维护”。"},
               {"title": "北京召开推进会", "pub_date": "2017-10-09",
                "text": "北京召开推进会\n10月8日，北京市委召开推进会，要求坚决做到“两个维护”。"}]
NUM = re.compile(r'<span class="num" data-key="([^"]+)">([^<]*)</span>')


# -- fixtures -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from readout.store import ingest

    tmp = tmp_path_factory.mktemp("web")
    (tmp / "inject").mkdir()
    (tmp / "inject" / "markup.txt").write_text(MARKUP, encoding="utf-8")
    (tmp / "inject" / "gaps.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in GAP_STORIES),
                                               encoding="utf-8")
    db = tmp / "web.db"
    paths = [EXAMPLES, tmp / "inject"]
    has_dev = (DEV / "gold.jsonl").exists()
    if has_dev:
        paths.append(DEV)
    rep = ingest(paths, db)
    assert rep.added >= 2
    from readout.analyze.materialise import analyze

    analyze(db)  # the stored analyses the pages read (reuse families)
    conn = sqlite3.connect(db)
    seed = conn.execute("SELECT id FROM documents WHERE source LIKE '%theme-education-roundup%'").fetchone()[0]
    markup = conn.execute("SELECT id FROM documents WHERE source LIKE '%markup.txt'").fetchone()[0]
    conn.close()
    return {"path": db, "seed": seed, "markup": markup, "dev": has_dev}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serving(db: Path):
    """``readout serve``'s app on a real uvicorn server in a thread; yields its base URL."""
    import uvicorn

    from readout.web.app import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                        log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(web_db: dict):
    with _serving(web_db["path"]) as url:
        yield url


@pytest.fixture(scope="session")
def client(server: str):
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


def pages(web_db: dict) -> dict[str, str]:
    """Every page (screenshot name → path), each with a .json twin."""
    return {
        "overview": "/",
        "search": "/search?q=" + quote("主题教育"),
        "document": f"/documents/{web_db['seed']}",
        "document-markup": f"/documents/{web_db['markup']}",
        "formulation": "/formulations/" + quote("主题教育") + "?also=" + quote("不忘初心、牢记使命"),
        "echo": f"/echo?doc={web_db['seed']}",
        "echo-all": "/echo",
        "official": "/officials/" + quote("李鸿忠"),
        "region": "/regions/120000",
        "reuse": "/reuse",
        "events": "/events?region=" + quote("天津"),
        "campaign": "/campaign?term=" + quote("主题教育") + "&launch=2019-09-06",
    }


def twin_of(path: str) -> str:
    p = urlsplit(path)
    base = "/index" if p.path == "/" else p.path
    return base + ".json" + (f"?{p.query}" if p.query else "")


def resolve(data, key: str):  # noqa: ANN001, ANN201
    for part in key.split("."):
        if part == "#":  # the length of a list
            data = len(data)
        elif isinstance(data, list):
            data = data[int(part)]
        else:
            data = data[part]
    return data


# -- JSON twins ---------------------------------------------------------------------------

def test_every_page_number_equals_its_json_twin(client: httpx.Client, web_db: dict) -> None:
    for name, path in pages(web_db).items():
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        assert page.headers["content-type"].startswith("text/html")
        data = client.get(twin_of(path))
        assert data.status_code == 200 and data.headers["content-type"].startswith("application/json"), path
        d = data.json()
        shown = NUM.findall(page.text)
        if name != "reuse" or d.get("stored"):  # no families stored: the page only says how to build them
            assert len(shown) >= 3, f"{name}: page shows too few numbers"
        for key, text in shown:
            want = resolve(d, key)
            assert html.unescape(text) == ("–" if want is None else str(want)), (name, key)


def test_counts_agree_with_the_database(client: httpx.Client, web_db: dict) -> None:
    conn = sqlite3.connect(web_db["path"])
    n_docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    d = client.get("/index.json").json()
    assert d["counts"]["documents"] == n_docs
    assert sum(s["documents"] for s in d["sources"]) == n_docs
    assert sum(c["documents"] for c in d["calendar"]) + d["undated"] == n_docs
    # KWIC: every occurrence of the query, as a substring scan of the stored texts finds them
    q = "主题教育"
    want = sum(text.count(q) + (title.count(q) if not text.startswith(title) else 0)
               for title, text in conn.execute("SELECT title, text FROM documents"))
    s = client.get("/search.json", params={"q": q, "per_page": 1000}).json()
    assert s["total_hits"] == want == len(s["hits"])
    assert all(h["hit"] == q for h in s["hits"])
    assert sum(m["hits"] for m in s["by_month"]) == want
    # the document's side lists are the stored rows
    doc = client.get(f"/documents/{web_db['seed']}.json").json()
    for table, key in (("events", "events"), ("statements", "statements"), ("formulations", "formulations"),
                       ("document_officials", "officials")):
        n = conn.execute(f"SELECT count(*) FROM {table} WHERE document_id = ?", (web_db["seed"],)).fetchone()[0]
        assert doc["counts"][key] == n == len(doc[key]), table
    for f in doc["formulations"]:
        assert doc["text"][f["start"]:f["end"]] == f["text"]
    conn.close()


def test_sorted_concordance_and_filters(client: httpx.Client) -> None:
    s = client.get("/search.json", params={"q": "主题教育", "sort": "left"}).json()
    lefts = [h["left"][::-1] for h in s["hits"]]
    assert lefts == sorted(lefts) and len(lefts) > 5
    r = client.get("/search.json", params={"q": "主题教育", "sort": "right"}).json()
    assert [h["right"] for h in r["hits"]] == sorted(h["right"] for h in r["hits"])
    tj = client.get("/search.json", params={"q": "主题教育", "region": "120000"}).json()
    assert tj["hits"] and all((h["region_code"] or "").startswith("120000") for h in tj["hits"])
    assert tj["total_hits"] < s["total_hits"]
    assert client.get("/search.json", params={"q": "x", "from": "2019-13-01"}).status_code == 400


def test_events_and_campaign_pages(client: httpx.Client, web_db: dict) -> None:
    ev = client.get("/events.json", params={"region": "天津"}).json()
    assert ev["rows"] and {r["region_name"] for r in ev["rows"]} == {"天津市"}
    assert ev["rows"] == client.get("/events.json", params={"region": "12"}).json()["rows"]
    every = client.get("/events.json").json()
    dates = [r["date"] for r in every["rows"]]
    assert dates == sorted(dates)
    if every["next"]:  # the next page starts where this one ended
        nxt = client.get(every["next"].replace("/events?", "/events.json?")).json()
        assert nxt["rows"][0]["date"] >= dates[-1]
    c = client.get("/campaign.json", params={"term": "主题教育", "launch": "2019-09-06"}).json()
    seed_rows = [r for r in c["rows"] if r["document_id"] == web_db["seed"]]
    assert len(seed_rows) == 10  # the seed's ten provincial meetings
    assert all(r["leader"] and r["post"] and r["lag_days"] in (3, 4) for r in seed_rows)
    for r in seed_rows[:3]:  # each row's link opens its lines, marked
        text = client.get(f"/documents/{r['document_id']}.json").json()["text"]
        assert "?mark=" in r["href"] and text[r["start"]:r["end"]].find("主题教育") >= 0
        for e in r["echoes"][:3]:
            assert text[e["start"]:e["end"]] == e["text"]
    assert client.get("/regions/" + quote("天津"), follow_redirects=False).headers["location"] == "/regions/120000"
    fam = client.get("/reuse.json").json()
    assert fam["stored"] and fam["fresh"] and fam["families"]
    docs = [f["documents"] for f in fam["families"]]
    assert docs == sorted(docs, reverse=True) and not any("新闻联播）：" in f["text"] for f in fam["families"])
    assert client.get("/events.json", params={"region": "火星"}).status_code == 400
    assert client.get("/events.json", params={"from": "2019-13-01"}).status_code == 400


def test_read_only_local_and_safe_headers(client: httpx.Client, web_db: dict) -> None:
    from readout.cli import main
    from readout.cli.web import serve_command

    assert main.commands["serve"] is serve_command
    host = next(p for p in serve_command.params if p.name == "host")
    assert host.default == "127.0.0.1"
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000 and b"plotly" in js.content[:2000].lower()
    raw = client.get(f"/documents/{web_db['markup']}/raw")
    assert raw.headers["content-type"].startswith("text/plain") and raw.headers["x-content-type-options"] == "nosniff"
    assert b"<script>window.__pwned=1</script>" in raw.content
    assert client.get("/documents/0000000000000000").status_code == 404
    assert client.get("/officials/" + quote("无此人")).status_code == 404
    assert client.get("/documents/0000000000000000.json").json()["status"] == 404
    # the app opens the file read-only: a write through its connection is refused
    from readout.web.views import Corpus

    ro = Corpus(web_db["path"]).connect()
    with pytest.raises(sqlite3.OperationalError):
        ro.execute("DELETE FROM documents")
    ro.close()


def test_markup_is_escaped_in_html(client: httpx.Client, web_db: dict) -> None:
    page = client.get(f"/documents/{web_db['markup']}").text
    article = page.split('<article class="text"', 1)[1].split("</article>", 1)[0]
    assert "<script" not in article and "<img" not in article and "<b>" not in article
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in article
    kwic = client.get("/search", params={"q": "__pwned"}).text
    assert "<script>window" not in kwic and "&lt;script&gt;" in kwic


# -- browser ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                    "(run scripts/ensure-browser.sh as root, or apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):  # noqa: ANN001, ANN201
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
    pg = ctx.new_page()
    pg.set_default_timeout(15000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.errors = errors
    yield pg
    ctx.close()


def _open(page, url: str) -> None:  # noqa: ANN001
    page.goto(url)
    if page.query_selector("[data-chart]"):
        page.wait_for_selector("body[data-charts]", state="attached")
        assert page.get_attribute("body", "data-charts") == "ready"


def test_every_page_renders_with_charts_and_screenshots(page, server: str, web_db: dict) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in pages(web_db).items():
        _open(page, server + path)
        assert page.title().endswith("readout"), name
        n_charts = len(page.query_selector_all("[data-chart] .main-svg"))
        if name in ("overview", "search", "formulation", "echo", "campaign"):
            assert n_charts >= 1, f"{name}: no chart drawn"
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    assert not page.errors, page.errors


def test_heatmap_cell_opens_its_kwic_lines(page, server: str) -> None:  # noqa: ANN001
    _open(page, server + "/formulations/" + quote("主题教育"))
    cell = page.locator("#heatmap-table td.cell a").first
    href = cell.get_attribute("href")
    region = page.locator("#heatmap-table td.cell").first.locator("xpath=ancestor::tr/th").inner_text()
    cell.click()
    page.wait_for_url("**/search?**")
    q = parse_qs(urlsplit(href).query)
    assert q["formulation"] == ["主题教育"] and q["region"] and q["from"] and q["to"]
    rows = page.locator("tr.hitrow")
    assert rows.count() >= 1
    for i in range(rows.count()):
        row = rows.nth(i)
        assert "主题教育" in row.locator("td.hit").inner_text()
        assert row.locator("td").nth(4).inner_text() == region
        date = row.locator("td.date").inner_text()
        assert q["from"][0] <= date <= q["to"][0]
    page.screenshot(path=str(ARTIFACTS / "heatmap-click.png"))


def test_echo_cell_opens_its_kwic_lines(page, server: str, web_db: dict) -> None:  # noqa: ANN001
    _open(page, f"{server}/echo?doc={web_db['seed']}")
    regions = page.locator("#echo-table tbody th").all_inner_texts()
    assert len(regions) == 10  # the seed's ten provinces
    cell = page.locator("#echo-table td.cell a").nth(3)
    formulation = cell.get_attribute("data-formulation")
    count = int(cell.inner_text())
    cell.click()
    page.wait_for_url("**/search?**")
    hits = page.locator("tr.hitrow td.hit").all_inner_texts()
    assert len(hits) == count
    assert all(h == formulation or formulation.replace("、", "") in h.replace("、", "") for h in hits)


def test_campaign_row_opens_its_marked_lines(page, server: str) -> None:  # noqa: ANN001
    _open(page, server + "/campaign?term=" + quote("主题教育"))
    link = page.locator("#campaign-table a.lines").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/documents/**")
    a, b = (int(x) for x in parse_qs(urlsplit(href).query)["mark"][0].split("-"))
    marked = "".join(page.locator("article .k-hit").all_inner_texts())
    assert len(marked) == b - a and marked


def test_official_in_document_opens_their_page(page, server: str, web_db: dict) -> None:  # noqa: ANN001
    _open(page, f"{server}/documents/{web_db['seed']}")
    link = page.locator("aside.facts a.official-link").first
    name = link.inner_text()
    link.click()
    page.wait_for_url("**/officials/**")
    assert page.locator("h1.official-name").inner_text() == name
    # and from the article text itself
    _open(page, f"{server}/documents/{web_db['seed']}")
    mention = page.locator("article a.k-official").first
    name = mention.inner_text()
    mention.click()
    page.wait_for_url("**/officials/**")
    assert page.locator("h1.official-name").inner_text() in name


def test_fact_jumps_to_its_span(page, server: str, web_db: dict) -> None:  # noqa: ANN001
    _open(page, f"{server}/documents/{web_db['seed']}")
    jump = page.locator("aside.facts a.jump[href^='#st-']").first
    anchor = jump.get_attribute("href")[1:]
    jump.click()
    lit = page.locator(".target")
    assert lit.count() >= 1
    assert anchor in (lit.first.get_attribute("data-s") or "").split()


def test_markup_in_article_is_not_executed(page, server: str, web_db: dict) -> None:  # noqa: ANN001
    _open(page, f"{server}/documents/{web_db['markup']}")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    text = page.locator("article.text").inner_text()
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert page.locator("article.text img, article.text script, article.text b").count() == 0
    page.screenshot(path=str(ARTIFACTS / "document-markup.png"))
    _open(page, server + "/search?q=" + quote("__pwned"))
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("tr.hitrow").count() >= 2


def test_overview_title_is_plain_and_coverage_tables_show(page, server: str) -> None:  # noqa: ANN001
    """The coverage section once sat inside <title>: the tab read as HTML and its tables never showed."""
    _open(page, server + "/")
    assert page.title() == "Overview · readout"
    section = page.locator("section", has=page.locator("h2", has_text="Coverage details"))
    assert section.is_visible()
    assert section.locator("table.data").first.is_visible()
    assert section.locator("table.data").first.locator("tbody tr").count() >= 1


def test_formulation_chart_has_every_month_on_its_axis(page, server: str) -> None:  # noqa: ANN001
    """The x-axis once listed only months with hits, so 2013-03 stood next to 2017-10."""
    from readout.web.views import months_between

    _open(page, server + "/formulations/" + quote("两个维护"))
    xs = page.evaluate("document.getElementById('chart-series').data[0].x")
    ys = page.evaluate("document.getElementById('chart-series').data[0].y")
    assert "2013-03" in xs and "2017-10" in xs
    assert xs == months_between(xs[0], xs[-1])  # no month skipped
    assert ys[xs.index("2014-06")] == 0  # an empty month is drawn as zero, not left out


def test_pages_degrade_to_tables_without_javascript(browser, server: str) -> None:  # noqa: ANN001
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    try:
        pg = ctx.new_page()
        pg.goto(server + "/formulations/" + quote("主题教育"))
        assert pg.locator("#heatmap-table td.cell a").count() >= 1
        assert pg.locator("#heatmap-table").is_visible()
        assert not pg.locator("#chart-heatmap").is_visible()  # empty chart boxes take no room
        pg.goto(server + "/")
        assert pg.locator("table.data").first.is_visible()
    finally:
        ctx.close()


def test_raw_link_serves_a_store_from_before_migration_0010(tmp_path):
    """Served read-only, an older store (raw bytes still in documents) keeps its raw link."""
    from readout.store import ingest

    db = tmp_path / "old.db"
    seed = EXAMPLES / "2019-09-theme-education-roundup.txt"
    ingest([seed], db)
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE documents ADD COLUMN raw BLOB")
    conn.execute("UPDATE documents SET raw = (SELECT r.raw FROM document_raw r WHERE r.doc_no = documents.doc_no)")
    conn.execute("DROP TABLE document_raw")
    conn.commit()
    (did,) = conn.execute("SELECT id FROM documents").fetchone()
    conn.close()
    with _serving(db) as url:
        r = httpx.get(f"{url}/documents/{did}/raw", timeout=60)
    assert r.status_code == 200 and r.content == seed.read_bytes()
