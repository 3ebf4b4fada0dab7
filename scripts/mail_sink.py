"""An SMTP server for end-to-end tests: every message it accepts is saved as an .eml file.

    E2E_MAIL_DIR=/tmp/mail E2E_SMTP_PORT=8025 .venv/bin/python scripts/mail_sink.py

E2E_MAIL_DIR defaults to a new temporary folder and E2E_SMTP_PORT to 8025; the folder is
printed on start. Tests read the newest file there to follow a reset or invitation link.
With --exit-with-parent the sink stops when the process that started it ends, which lets
scripts/e2e-server.sh `exec` the API server and still leave no sink behind.
"""

import argparse
import itertools
import os
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class SaveToFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._numbers = itertools.count(1)

    async def handle_DATA(self, _server: SMTP, _session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        name = f"{time.time_ns()}-{next(self._numbers):04d}.eml"
        # Written under another name first, so a test polling the folder never reads half a file.
        partial = self.folder / f".{name}.partial"
        partial.write_bytes(content)
        partial.rename(self.folder / name)
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description="SMTP sink for end-to-end tests")
    parser.add_argument("--exit-with-parent", action="store_true")
    args = parser.parse_args()

    folder = Path(os.environ.get("E2E_MAIL_DIR") or tempfile.mkdtemp(prefix="carsales-mail-"))
    folder.mkdir(parents=True, exist_ok=True)
    port = int(os.environ.get("E2E_SMTP_PORT") or 8025)

    stop = threading.Event()

    def request_stop(*_args: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    controller = Controller(SaveToFolder(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"mail sink on 127.0.0.1:{port}, saving to {folder}", flush=True)
    parent = os.getppid()
    try:
        # Once the parent is gone this process is re-parented, and getppid() changes.
        while not stop.wait(0.5):
            if args.exit_with_parent and os.getppid() != parent:
                break
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
