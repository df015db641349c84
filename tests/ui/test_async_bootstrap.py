"""Regression guard for the PySide6 pin: 10+ concurrent httpx requests on the qasync loop, then a
clean interpreter exit. PySide6 6.12.0 aborted here with rc 134 ('Fatal Python error: bool_dealloc'); when this
passes on a newer release, the <6.12 pin in pyproject.toml can be lifted."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    import httpx, qasync
    from PySide6.QtWidgets import QApplication

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers()
            self.wfile.write(b"ok")
        def log_message(self, *a): pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"

    async def main():
        async with httpx.AsyncClient() as client:
            replies = await asyncio.gather(*(client.get(url) for _ in range(40)))
        assert all(r.status_code == 200 for r in replies)
        print("requests", len(replies))

    app = QApplication(sys.argv)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(main())
    server.shutdown()
    """
)


def test_concurrent_httpx_on_qasync_exits_cleanly(tmp_path: Path) -> None:
    script = tmp_path / "probe.py"
    script.write_text(SCRIPT)
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert "requests 40" in result.stdout
    assert "Fatal Python error" not in result.stderr
    assert "Traceback" not in result.stderr
