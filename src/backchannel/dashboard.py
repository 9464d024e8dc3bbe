"""The web dashboard: static files in ``web/`` served by the API's own FastAPI app (no build step,
no CDN), and the security headers every response of the page carries.

The page is ``web/index.html`` at ``/``; its script, style and vendored libraries are under
``/static/``.  Every string in the page comes from the inputs (article text, titles, names) and is
untrusted: ``app.js`` renders it as text nodes only, and the Content-Security-Policy below forbids
inline scripts, inline event handlers, ``javascript:`` URLs, plugins and framing, so a string that
slipped through as markup still could not run.  FastAPI's own ``/docs`` page (which loads Swagger
UI from a CDN with an inline script) keeps its default headers.
"""

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

WEB_DIR = Path(__file__).resolve().parent / "web"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
#: FastAPI's interactive docs load Swagger UI / ReDoc from a CDN with inline scripts
_OWN_HEADERS = ("/docs", "/redoc")


def mount_dashboard(app: FastAPI) -> None:
    """Serve the dashboard at ``/`` and ``/static/``, and add the security headers to every
    response but the interactive API docs."""
    if not (WEB_DIR / "index.html").is_file():
        raise FileNotFoundError(f"the dashboard's files are missing: {WEB_DIR / 'index.html'} not found")

    @app.middleware("http")
    async def _security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith(_OWN_HEADERS):
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})  # fmt: skip

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
