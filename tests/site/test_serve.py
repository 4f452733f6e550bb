"""The test server stays silent when a browser drops a connection.

Its errors are printed by socketserver from the server's own thread, into whatever
stderr is current: CI once saw a BrokenPipeError traceback land in a CLI test that
asserts "no traceback" (stop 26).
"""

from __future__ import annotations

import socket
import struct
import time
from pathlib import Path

import pytest

from tests.site.conftest import serve_folder


def test_a_dropped_connection_prints_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "big.bin").write_bytes(b"x" * (16 << 20))
    served = serve_folder(tmp_path)
    url = next(served)
    port = int(url.rsplit(":", 1)[1].strip("/"))
    try:
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        assert client.recv(1024).startswith(b"HTTP/1.0 200")
        # Close at once with a reset, as a browser does when a page is closed mid-download.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        time.sleep(0.5)
    finally:
        served.close()
    assert capfd.readouterr().err == ""
