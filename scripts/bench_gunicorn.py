"""gunicorn as production runs it (DEBUG off, 2 workers of 4 threads), for the benchmarks that
measure through HTTP: `with serving(port, env={...}):` starts it on 127.0.0.1, waits for
/healthz, prints its log if the benchmark fails, and stops it."""

import contextlib
import http.client
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_LIKE = {
    "DEBUG": "false",
    "SECRET_KEY": "bench",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "STATIC_MANIFEST": "false",
    "LOG_LEVEL": "WARNING",
}


def wait_until_up(server: subprocess.Popen[str], port: int) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


@contextlib.contextmanager
def serving(port: int, *, env: Mapping[str, str] | None = None) -> Iterator[None]:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "coaching.wsgi:application",
        "--worker-class",
        "gthread",
        "--workers",
        "2",
        "--threads",
        "4",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    environment = {**os.environ, **PRODUCTION_LIKE, **(env or {})}
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, text=True
        )
        try:
            wait_until_up(server, port)
            yield
        except Exception:
            log.seek(0)
            print(f"gunicorn's log:\n{log.read()[-3000:]}", file=sys.stderr)
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
