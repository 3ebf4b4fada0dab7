"""Serves the built Next.js static export from the same origin as the API."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from starlette.requests import Request

from carsales.errors import NotFound

RESERVED_PREFIXES = ("api/", "socket.io", "metrics")
MISSING_BUILD_PAGE = """<!doctype html><html><head><title>Car Sales AI Assistant</title></head>
<body><h1>The web app is not built</h1><p>Run <code>make run</code> (or
<code>npm --prefix frontend run build</code>) to build it. The API is at
<a href="/api/docs">/api/docs</a>.</p></body></html>"""


def _resolve(root: Path, path: str) -> Path | None:
    """The file for a URL path inside root, or None; never a path outside root."""
    candidates = [path, f"{path}/index.html", f"{path}.html"] if path else ["index.html"]
    for candidate in candidates:
        target = (root / candidate).resolve()
        if target.is_relative_to(root) and target.is_file():
            return target
    return None


def mount_frontend(app: FastAPI, root: Path) -> None:
    root = root.resolve()

    # HEAD too: Next.js checks a page with HEAD before prefetching it.
    @app.api_route(
        "/{path:path}", methods=["GET", "HEAD"], include_in_schema=False, response_model=None
    )
    async def frontend(request: Request, path: str) -> FileResponse | HTMLResponse:
        path = path.strip("/")
        if path.startswith(RESERVED_PREFIXES):
            raise NotFound(f"No route for /{path}.")
        if not (root / "index.html").is_file():
            return HTMLResponse(MISSING_BUILD_PAGE, status_code=503)
        target = _resolve(root, path)
        if target is None:
            # Every page of the static export is a file (pages with ids read them from the
            # query string), so an address without one is unknown: Next.js's own 404 page, with
            # the status that says so, rather than the overview under a wrong address.
            not_found = root / "404.html"
            if not_found.is_file():
                return FileResponse(
                    not_found, status_code=404, headers={"Cache-Control": "no-cache"}
                )
            target = root / "index.html"
        cache = (
            "public, max-age=31536000, immutable"
            if path.startswith("_next/static/")
            else "no-cache"
        )
        return FileResponse(target, headers={"Cache-Control": cache})
