"""The interactive API documentation at /api/docs, with Swagger UI served from this app.

FastAPI's default page loads Swagger UI from a CDN, which the Content-Security-Policy
(`script-src 'self'`) rightly blocks, leaving the page blank. The files come from the
`fastapi-offline` package (Swagger UI 5, which reads OpenAPI 3.1), served under /api/docs/assets.
"""

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_PATH = "/api/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"
ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"


def install_docs(app: FastAPI) -> None:
    """Serve the documentation page; create the app with `docs_url=None`."""
    openapi_url = app.openapi_url
    assert openapi_url is not None

    # A plain route, as FastAPI's own docs page is: not an API endpoint.
    async def docs(_request: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - API",
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_PATH}/favicon.png",
        )

    app.add_route(DOCS_PATH, docs, include_in_schema=False)
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
