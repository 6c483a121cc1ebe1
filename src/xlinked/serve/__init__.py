"""``xlinked serve``: build and edit a family in the browser, risks and drawing updating.

A local web app (Starlette, served by uvicorn; the ``[web]`` extra). :func:`create_app`
gives the ASGI app for a family opened with :func:`open_family`; :func:`run`
serves it on this machine and opens the browser. The HTTP API is described in
``docs/serve.md``.

>>> opened = open_family(None, today="2025-01-15")
>>> opened.document["individuals"]
[{'id': '1', 'sex': 'F'}]
"""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable

from ._app import LOCAL_HOSTS, MAX_BODY, Opened, create_app, open_family

__all__ = ["MAX_BODY", "Opened", "bind", "create_app", "open_family", "run"]

DEFAULT_PORT = 8765


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket on ``host``: ``port``, or the first free of 8765-8784 when ``None``.

    Raises
    ------
    OSError
        The port (or every port tried) is taken, or the host is not this machine's.
    """
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    tries = [port] if port is not None else list(range(DEFAULT_PORT, DEFAULT_PORT + 20))
    last: OSError | None = None
    for p in tries:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), p))
        except OSError as exc:
            sock.close()
            last = exc
            continue
        sock.listen(128)
        sock.set_inheritable(True)
        return sock
    assert last is not None
    raise last


def run(opened: Opened, *, host: str = "127.0.0.1", port: int | None = None,
        open_browser: bool = True, announce: Callable[[str], None] = lambda _: None) -> None:
    """Serve ``opened`` until interrupted; ``announce`` gets the address to open."""
    import uvicorn

    sock = bind(host, port)
    actual = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if ":" in host.strip("[]") else host
    hosts = LOCAL_HOSTS if host in LOCAL_HOSTS else (*LOCAL_HOSTS, shown)
    app = create_app(opened, port=actual, hosts=hosts)
    url = f"http://{shown}:{actual}/"
    announce(url)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    if open_browser:
        def opener() -> None:
            while not server.started and not server.should_exit:
                threading.Event().wait(0.05)
            if server.started:
                webbrowser.open(url)
        threading.Thread(target=opener, daemon=True).start()
    server.run(sockets=[sock])
