"""A TCP proxy that can stop passing bytes, as a paused (SIGSTOPped) server behaves.

Before :meth:`StallingProxy.stall` it forwards every connection to the upstream server; after,
it keeps accepting connections and holding the open ones, and passes nothing either way: the
client's writes succeed, its reads never return. That is what a PostgreSQL that froze, or a
network that drops packets silently, looks like to the application.
"""

from __future__ import annotations

import select
import socket
import threading


class StallingProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self._upstream = (upstream_host, upstream_port)
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self._listener.settimeout(0.1)
        self._stalled = threading.Event()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []

    @property
    def port(self) -> int:
        port: int = self._listener.getsockname()[1]
        return port

    def start(self) -> StallingProxy:
        self._spawn(self._accept)
        return self

    def stall(self) -> None:
        self._stalled.set()

    def close(self) -> None:
        self._closed.set()
        for thread in self._threads:
            thread.join(timeout=2)
        for sock in self._sockets:
            sock.close()
        self._listener.close()

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            self._sockets.append(client)
            if self._stalled.is_set():
                continue  # accepted, and never a word
            upstream = socket.create_connection(self._upstream)
            self._sockets.append(upstream)
            self._spawn(self._pump, client, upstream)

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        while not self._closed.is_set():
            if self._stalled.is_set():
                self._closed.wait(0.05)
                continue
            readable, _, _ = select.select(list(peers), [], [], 0.05)
            for sock in readable:
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    client.close()
                    upstream.close()
                    return
                peers[sock].sendall(data)
