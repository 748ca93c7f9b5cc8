"""The Starlette application: one route per page, each page with a ``.json`` twin.

``create_app("readout.db")`` returns an ASGI app that only reads the database
(``file:…?mode=ro``). HTML pages render the dict their view function returns; the
twin (same path + ``.json``; ``/index.json`` for ``/``) returns that dict as JSON and is
what the page's charts fetch.
"""

from __future__ import annotations

import logging
import mimetypes
import sqlite3
import time
from pathlib import Path
from typing import Any

import anyio
from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from readout.errors import Errors, ReadoutError
from readout.store.places import resolve
from readout.web import campaigns, views
from readout.web.highlight import path_part

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent

# No inline scripts anywhere: charts live in /static/charts.js, so the policy can forbid
# every other script source (a second line of defence behind escaping). Plotly injects
# <style> elements, hence 'unsafe-inline' for styles only.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
# Each SQL statement of a request stops after this long (as Datasette's sql_time_limit_ms), so
# one costly page cannot hold a worker thread, or the database, while other readers wait.
QUERY_TIME_LIMIT_MS = 1000


def limited(conn: sqlite3.Connection, ms: int) -> sqlite3.Connection:
    """Make SQLite interrupt any statement of ``conn`` that runs for ``ms`` milliseconds
    (``sqlite3.OperationalError: interrupted``), checked every 1,000 virtual-machine steps.

    Counted in the thread's CPU time from the statement's start (the trace callback marks it):
    on a busy machine a cheap query may wait for a core, a runaway one still burns its own.
    """
    if ms:
        budget = ms / 1000
        started = [time.thread_time()]
        conn.set_trace_callback(lambda _sql: started.__setitem__(0, time.thread_time()))
        conn.set_progress_handler(lambda: time.thread_time() - started[0] > budget, 1000)
    return conn


def plotly_js() -> Path:
    """plotly.min.js as shipped inside the ``plotly`` Python package (no CDN)."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def _strip_html(obj: Any) -> Any:
    """The JSON twin without pre-rendered HTML (its facts are all there as spans)."""
    if isinstance(obj, dict):
        return {k: _strip_html(v) for k, v in obj.items() if k != "html"}
    if isinstance(obj, list):
        return [_strip_html(v) for v in obj]
    return obj


_MAX_OFFSET = 2**31 - 1


def int_param(value: str | None, name: str, default: int, low: int, high: int) -> int:
    """A whole-number query parameter within ``low..high``; a 400 with the catalogue's message otherwise."""
    if value is None or not value.strip():
        return default
    v = value.strip()
    if not (v.isascii() and v.lstrip("-").isdigit() and len(v) <= 20) or not low <= int(v) <= high:
        raise HTTPException(400, ReadoutError(Errors.E206, option=name, low=low, high=high, value=v[:40]).message)
    return int(v)


def create_app(db: str | Path, *, time_limit_ms: int = QUERY_TIME_LIMIT_MS) -> Starlette:
    """The app over ``db``; ``time_limit_ms`` bounds each request's SQL (0: no limit)."""
    corpus = views.Corpus(db)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["path"] = path_part
    env.globals["fmt_ratio"] = lambda v: "–" if v is None else f"{v:.2f}"

    async def run(view, *args: Any, **kwargs: Any) -> dict[str, Any]:  # noqa: ANN001
        def call() -> dict[str, Any]:
            conn = limited(corpus.connect(), time_limit_ms)
            try:
                return view(corpus, conn, *args, **kwargs)
            finally:
                conn.close()

        try:
            return await anyio.to_thread.run_sync(call)
        except views.NotFound as exc:
            raise HTTPException(404, f"not found: {exc}") from None
        except sqlite3.OperationalError as exc:
            if "interrupted" not in str(exc):
                raise
            raise HTTPException(503, f"this page took longer than the {time_limit_ms} ms query limit: "
                                     "narrow the search or the filters") from None
        except ReadoutError as exc:  # E105: the stored analyses are behind the documents
            raise HTTPException(503 if exc.code == "E105" else 400, exc.message) from None
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        except OverflowError:  # a number in the URL past what SQLite holds
            raise HTTPException(400, "a number in the address is too large") from None

    def respond(request: Request, template: str, data: dict[str, Any], as_json: bool) -> Response:
        if as_json:
            return JSONResponse(_strip_html(data), headers=HEADERS)
        html = env.get_template(template).render(d=data, request=request, db_name=corpus.path.name)
        return HTMLResponse(html, headers=HEADERS)

    def twin(value: str) -> tuple[str, bool]:
        return (value[:-5], True) if value.endswith(".json") else (value, False)

    async def index(request: Request) -> Response:
        data = await run(views.overview)
        return respond(request, "index.html", data, request.url.path == "/index.json")

    async def search(request: Request) -> Response:
        qp = request.query_params
        limit = int_param(qp.get("limit"), "limit", 1000, 1, 10_000)
        per_page = int_param(qp.get("per_page"), "per_page", views.PAGE_SIZE, 1, 1000)
        data = await run(views.search_page, (qp.get("q") or "").strip(),
                         {k: (qp.get(k) or "").strip() or None for k in views.SEARCH_FILTERS},
                         sort=qp.get("sort") or "score", limit=limit, page=int_param(qp.get("page"), "page", 1, 1, _MAX_OFFSET), per_page=per_page)
        return respond(request, "search.html", data, request.url.path.endswith(".json"))

    async def document(request: Request) -> Response:
        doc_id, as_json = twin(request.path_params["id"])
        mark = None
        if m := request.query_params.get("mark"):
            a, sep, b = m.partition("-")
            if not sep:
                raise HTTPException(400, "mark must be START-END")
            mark = (int_param(a, "mark start", 0, 0, _MAX_OFFSET), int_param(b, "mark end", 0, 0, _MAX_OFFSET))
        data = await run(views.document_page, doc_id, mark)
        return respond(request, "document.html", data, as_json)

    async def raw(request: Request) -> Response:
        doc_id = request.path_params["id"]

        def fetch() -> tuple[bytes, str | None] | None:
            conn = limited(corpus.connect(), time_limit_ms)
            try:
                if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'document_raw'").fetchone() is None:
                    # a store from before migration 0010, served read-only as it is
                    return conn.execute("SELECT raw, encoding FROM documents WHERE id = ?", (doc_id,)).fetchone()
                return conn.execute("SELECT r.raw, d.encoding FROM documents d LEFT JOIN document_raw r "
                                    "ON r.doc_no = d.doc_no WHERE d.id = ?", (doc_id,)).fetchone()
            finally:
                conn.close()

        try:
            row = await anyio.to_thread.run_sync(fetch)
        except sqlite3.OperationalError as exc:
            raise HTTPException(503, f"the database could not answer in time: {exc}") from None
        if row is None or row[0] is None:
            raise HTTPException(404, f"no raw input stored for {doc_id}")
        body, enc = row
        # Always text/plain (nosniff): raw HTML pages are shown as source, never rendered.
        charset = enc if enc and enc.lower() not in ("binary", "unknown") else "utf-8"
        return Response(body, media_type=f"text/plain; charset={charset}", headers=HEADERS)

    async def formulation(request: Request) -> Response:
        value, as_json = twin(request.path_params["value"])
        data = await run(views.formulation_page, value, request.query_params.getlist("also"))
        return respond(request, "formulation.html", data, as_json)

    async def echo(request: Request) -> Response:
        qp = request.query_params
        terms = [t.strip() for raw in qp.getlist("term") for t in raw.replace("，", ",").split(",") if t.strip()]
        docs = [d.strip() for raw in qp.getlist("doc") for d in raw.split(",") if d.strip()]
        top = int_param(qp.get("top"), "top", 20, 1, 200)
        data = await run(views.echo_page, docs, terms, top)
        return respond(request, "echo.html", data, request.url.path.endswith(".json"))

    async def events_list(request: Request) -> Response:
        qp = request.query_params
        data = await run(campaigns.events_page, {k: (qp.get(k) or "").strip() or None for k in campaigns.EVENT_FILTERS},
                         after=qp.get("after") or None)
        return respond(request, "events.html", data, request.url.path.endswith(".json"))

    async def campaign(request: Request) -> Response:
        qp = request.query_params
        data = await run(campaigns.campaign_page, (qp.get("term") or "").strip(), (qp.get("launch") or "").strip() or None)
        return respond(request, "campaign.html", data, request.url.path.endswith(".json"))

    async def official(request: Request) -> Response:
        name, as_json = twin(request.path_params["name"])
        data = await run(views.official_page, name, int_param(request.query_params.get("page"), "page", 1, 1, _MAX_OFFSET))
        return respond(request, "official.html", data, as_json)

    async def region(request: Request) -> Response:
        code, as_json = twin(request.path_params["code"])
        if not code.isdigit():  # a name: /regions/天津 is /regions/120000
            try:
                place = resolve(code)
            except ReadoutError as exc:
                raise HTTPException(404, exc.message) from None
            if place.code is None:
                raise HTTPException(404, f"{place.name} has no region page (no GB/T 2260 code)")
            return RedirectResponse(f"/regions/{place.code}{'.json' if as_json else ''}", 307, headers=HEADERS)
        data = await run(views.region_page, code, int_param(request.query_params.get("page"), "page", 1, 1, _MAX_OFFSET))
        return respond(request, "region.html", data, as_json)

    async def reuse(request: Request) -> Response:
        qp = request.query_params
        family = int_param(qp.get("family"), "family", 0, 0, _MAX_OFFSET) or None
        data = await run(views.reuse_page, family, int_param(qp.get("page"), "page", 1, 1, _MAX_OFFSET))
        return respond(request, "reuse.html", data, request.url.path.endswith(".json"))

    async def plotly(request: Request) -> Response:
        return FileResponse(plotly_js(), media_type="text/javascript",
                            headers={"Cache-Control": "max-age=86400", **HEADERS})

    async def error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.endswith(".json"):
            return JSONResponse({"error": exc.detail, "status": exc.status_code}, exc.status_code, headers=HEADERS)
        html = env.get_template("error.html").render(status=exc.status_code, detail=exc.detail, request=request,
                                                     db_name=corpus.path.name)
        return HTMLResponse(html, exc.status_code, headers=HEADERS)

    mimetypes.add_type("text/javascript", ".js")
    routes = [
        Route("/", index), Route("/index.json", index),
        Route("/search", search), Route("/search.json", search),
        Route("/documents/{id}/raw", raw), Route("/documents/{id}", document),
        Route("/formulations/{value:path}", formulation),
        Route("/echo", echo), Route("/echo.json", echo),
        Route("/events", events_list), Route("/events.json", events_list),
        Route("/campaign", campaign), Route("/campaign.json", campaign),
        Route("/officials/{name:path}", official),
        Route("/regions/{code}", region),
        Route("/reuse", reuse), Route("/reuse.json", reuse),
        Route("/static/plotly.min.js", plotly),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    # Starlette types a handler as taking any Exception; ours is registered for HTTPException only
    app = Starlette(routes=routes, exception_handlers={HTTPException: error})  # type: ignore[dict-item]
    app.state.corpus = corpus
    return app
