"""An address the web app has no page for answers with its 404 page, not the overview."""

from pathlib import Path

import httpx
from fastapi import FastAPI

from carsales.frontend import mount_frontend


async def test_unknown_addresses_get_the_not_found_page(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("overview")
    (tmp_path / "404.html").write_text("page not found")
    (tmp_path / "training").mkdir()
    (tmp_path / "training" / "index.html").write_text("training")
    app = FastAPI()
    mount_frontend(app, tmp_path)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert (await client.get("/")).text == "overview"
        page = await client.get("/training/?id=abc")
        assert (page.status_code, page.text) == (200, "training")
        missing = await client.get("/no-such-page/")
        assert (missing.status_code, missing.text) == (404, "page not found")
