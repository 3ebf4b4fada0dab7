"""A local llama.cpp HTTP server (OpenAI-compatible) from the `xllamacpp` wheel, for the tests
and benchmarks that exercise the provider against a real server, and for anyone who wants one:

    python -m carsales.content.generation.llamacpp_server MODEL.gguf [--port N] [--threads N]
        [--api-key KEY]

`xllamacpp` is a development dependency, imported only in the server's own process. Started by
`llamacpp_server()`, that process serves until its standard input closes, so a parent that dies
(even by SIGKILL) takes its server with it instead of leaving it holding cores.
"""

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

_READY_PREFIX = "listening "


class ServerStartError(RuntimeError):
    """The server did not come up; the message carries the end of its log."""


@contextmanager
def llamacpp_server(
    model: Path,
    *,
    threads: int = 2,
    context: int = 2048,
    parallel: int = 1,
    api_key: str | None = None,
    startup_timeout_s: float = 60.0,
) -> Iterator[str]:
    """Serve `model` on a free loopback port until the block ends; yields the API base URL
    (http://127.0.0.1:PORT/v1) once /health answers. With `api_key`, requests must carry it as
    a Bearer token."""
    command = [
        sys.executable,
        "-m",
        __name__,
        str(model),
        "--port",
        "0",  # the server picks a free port and reports it: no race with other processes
        "--threads",
        str(threads),
        "--context",
        str(context),
        "--parallel",
        str(parallel),
        "--exit-on-stdin-eof",
    ]
    if api_key:
        command += ["--api-key", api_key]  # like llama-server's own flag: for test keys
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(  # noqa: S603 - our own module, by the current interpreter
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        try:
            base = _wait_until_ready(process, startup_timeout_s, log)
            yield f"{base}/v1"
        finally:
            _stop(process)


def _wait_until_ready(process: subprocess.Popen[str], timeout_s: float, log: IO[str]) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout_s
    # The child prints its address after the model loaded; reading blocks only until then,
    # or until it exits (EOF).
    line = process.stdout.readline()
    if not line.startswith(_READY_PREFIX):
        raise ServerStartError(f"llama.cpp server did not start: {_tail(log)}")
    base = line[len(_READY_PREFIX) :].strip()
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return base
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise ServerStartError(f"llama.cpp server at {base} never became healthy: {_tail(log)}")


def _tail(log: IO[str]) -> str:
    log.seek(0)
    return log.read()[-2000:] or "(no output)"


def _stop(process: subprocess.Popen[str]) -> None:
    if process.stdin is not None:
        process.stdin.close()  # the child's signal to exit
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)
    if process.stdout is not None:
        process.stdout.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a GGUF model with llama.cpp's server.")
    parser.add_argument("model", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--context", type=int, default=2048, help="tokens, all slots together")
    parser.add_argument("--parallel", type=int, default=1, help="requests decoded at once")
    parser.add_argument("--api-key", help="require this Bearer token")
    parser.add_argument(
        "--exit-on-stdin-eof", action="store_true", help="stop when standard input closes"
    )
    args = parser.parse_args(argv)

    import xllamacpp  # a development dependency, needed only here

    params = xllamacpp.CommonParams()
    params.model.path = str(args.model)
    params.hostnames = [args.host]
    params.port = args.port
    params.n_ctx = args.context
    params.n_parallel = args.parallel
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    params.warmup = False  # a first request pays for it instead; start-up stays about 1 s
    params.verbosity = -1
    if args.api_key:
        params.api_keys = [args.api_key]
    server = xllamacpp.Server(params)  # serves from its own threads until the process ends
    sys.stdout.write(f"{_READY_PREFIX}{server.listening_address}\n")
    sys.stdout.flush()
    if args.exit_on_stdin_eof:
        sys.stdin.read()
    else:
        threading.Event().wait()  # until a signal ends the process


if __name__ == "__main__":
    main()
