import contextlib
import socket
import threading

import pytest


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers: a database or cache that hangs."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            held.append(connection)  # kept open, and never written to

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    with contextlib.suppress(OSError):
        server.shutdown(socket.SHUT_RDWR)
    server.close()
    for connection in held:
        connection.close()
