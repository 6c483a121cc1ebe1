"""The web app of ``xlinked serve`` (Starlette): the page, the HTTP API, the guards.

HTTP contract (``docs/serve.md``):

- ``GET /``: the app; ``GET /static/...``: its script and style sheet.
- ``GET /api/pedigree``: the opened family as a native JSON document.
- ``PUT /api/pedigree``: a native JSON document; validated and saved to the opened
  file atomically (200), or 422 with ``problems``, each naming the person and the
  field, the file left untouched.
- ``GET /api/risks``: what ``xlinked risk FILE --format json`` prints for the saved
  family (query: ``mode``, ``preset``, ``mutation_rate``, ``child=MOTHER:FATHER:SEX``).
- ``GET /api/drawing.svg``: the saved family drawn (query: ``mode``, ``risks=0``).
- ``POST /api/evaluate``, ``/api/edit``, ``/api/explain``, ``/api/import``,
  ``/api/export``: what the page uses on the family being edited (not saved).

Guards: the ``Host`` header must name this machine (no DNS rebinding), an ``Origin``
must be this app's, requests that change anything must be JSON (so another site
cannot post a form), bodies are limited in size, and no path of the file system
is ever taken from a request: the only file read or written is the opened one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import io as xio
from .._atomic import replacing
from .._input import parse_json
from ..cli._model import DEFAULT_MODE
from ..errors import ReadError, XlinkedError
from ..io import native
from . import _edits, _work
from ._work import Options

__all__ = ["MAX_BODY", "Opened", "create_app", "open_family"]

#: Largest request body accepted, in bytes (an imported file, a document).
MAX_BODY = 5 * 1024 * 1024

STATIC = Path(__file__).parent / "static"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")

#: The HPO term the panel's check boxes write for each IPEX feature (the drawing
#: also knows the other terms and words of each, which tick the same box).
FEATURE_TERMS = {"enteropathy": "HP:0002024", "type 1 diabetes": "HP:0100651",
                 "dermatitis": "HP:0000964", "thyroiditis": "HP:0100646"}

_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'")
_HEADERS = [
    (b"content-security-policy", _CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass
class Opened:
    """The family the app was started on, and where saving writes it.

    ``document`` is the saved family (native mapping); ``path`` the file opened
    (may not exist yet: a new family); ``save_to`` the native file that Save
    writes (``path`` itself for YAML/JSON, else a new ``.yaml`` beside it).
    """

    path: Path
    save_to: Path
    document: dict[str, Any]
    format: str
    warnings: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: the comment lines that open the YAML file, written back above the saved family
    header: str = ""

    @property
    def saved_format(self) -> str:
        return "json" if self.save_to.suffix.lower() == ".json" else "yaml"


def open_family(path: str | Path | None, *, today: str | None = None) -> Opened:
    """Open ``path`` (any readable format), or start a new family.

    With no path, the new family is saved to ``family.yaml`` in the current
    folder (``family-2.yaml`` ... when that exists). A native file that does
    not validate is opened as it is, for its problems to be fixed in the app.

    Raises
    ------
    ReadError, PedigreeError
        The file cannot be read (or, not native, does not make a pedigree).
    """
    if path is None:
        target = _free(Path("family.yaml"))
        return Opened(target, target, _edits.new_document(today=today), "yaml")
    path = Path(path)
    if not path.exists():
        if path.suffix.lower() not in (".yaml", ".yml", ".json"):
            raise ReadError("no such file (a new family must be a .yaml or .json file)",
                                source=str(path))
        return Opened(path, path, _edits.new_document(today=today), "yaml")
    text = xio._read_text(path)
    kind = xio.detect_format(path, text)
    if kind in ("yaml", "json"):
        data = native.parse_text(text, source=str(path))
        try:
            doc = native.to_dict(native.from_dict(data, source=str(path)))
        except XlinkedError:
            if not isinstance(data, dict):
                raise
            doc = data  # opened as written: the page lists its problems
        return Opened(path, path, doc, kind, header=leading_comments(text) if kind == "yaml"
                      else "")
    ped, warnings = xio.load(path, kind)
    save_to = _free(path.with_suffix(".yaml"))
    return Opened(path, save_to, native.to_dict(ped), kind, list(warnings))


def leading_comments(text: str) -> str:
    """The comment lines (and blank lines between them) that open a YAML text.

    >>> leading_comments("# Family X\\n# counsellor: A. B.\\n\\nxlinked: 1\\n# later\\n")
    '# Family X\\n# counsellor: A. B.\\n'
    """
    head = []
    for line in text.lstrip("\ufeff").splitlines():
        if line.startswith("#"):
            head.append(line)
        elif line.strip():
            break
    return "".join(f"{line}\n" for line in head)


def _free(path: Path) -> Path:
    n = 1
    out = path
    while out.exists():
        n += 1
        out = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return out


# -- guards ------------------------------------------------------------------------


class _TooLarge(Exception):
    pass


class Guard:
    """Refuse foreign origins, non-JSON changes and large bodies; add security headers."""

    def __init__(self, app: ASGIApp, *, hosts: set[str], port: int | None,
                 max_body: int) -> None:
        self.app = app
        self.hosts = hosts
        self.port = port
        self.max_body = max_body

    def own(self, origin: str) -> bool:
        """Whether ``origin`` is this app's: http, one of its host names, its port."""
        try:
            url = urlsplit(origin)
            port = url.port or 80
        except ValueError:
            return False
        return (url.scheme == "http" and (url.hostname or "") in self.hosts
                and (self.port is None or port == self.port) and url.path in ("", "/"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        origin = headers.get("origin")
        if origin is not None and not self.own(origin):
            await _plain(send, 403, f"refused: foreign origin {origin}")
            return
        method = scope["method"]
        if method not in ("GET", "HEAD", "OPTIONS"):
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if kind != "application/json":
                await _plain(send, 415, "send JSON (Content-Type: application/json)")
                return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _plain(send, 413, f"request too large (limit {self.max_body} bytes)")
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        async def secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in _HEADERS if k not in names]
            await send(message)

        try:
            await self.app(scope, limited, secured)
        except _TooLarge:
            if not started:
                await _plain(send, 413, f"request too large (limit {self.max_body} bytes)")


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *_HEADERS]})
    await send({"type": "http.response.body", "body": body})


# -- the app -------------------------------------------------------------------------


def _options(source: Any, default_mode: str = DEFAULT_MODE) -> Options:
    """Model options from query parameters or a JSON body (defaults as ``xlinked draw``'s)."""
    get = source.get
    children: list[tuple[str | None, str | None, str]] = []
    raw = source.getlist("child") if hasattr(source, "getlist") else (get("children") or [])
    for spec in raw:
        if isinstance(spec, str):
            from ..cli._model import parse_child as _parse_child

            try:
                children.append(_parse_child(spec))
            except Exception as exc:  # click.BadParameter
                raise XlinkedError(f"child: {getattr(exc, 'message', exc)}") from None
        elif isinstance(spec, list) and len(spec) == 3:
            children.append((spec[0] or None, spec[1] or None, str(spec[2])))
        else:
            raise XlinkedError(f"child: expected MOTHER:FATHER:SEX, got {spec!r}")
    return Options(mode=get("mode") or default_mode, preset=get("preset") or None,
                   mutation_rate=get("mutation_rate") or None, children=tuple(children))


def _error(exc: XlinkedError, status: int = 422) -> JSONResponse:
    return JSONResponse({"problems": _work.problem_list(exc)}, status_code=status)


async def _json(request: Request) -> Any:
    """The request's JSON, read by the same rules as a file's (no duplicate keys, no
    ``NaN``, limited nesting: ``docs/limits.md``)."""
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(f"the request is not UTF-8 (byte {exc.start})") from None
    return parse_json(text, source="request")


def create_app(opened: Opened, *, port: int | None = None, hosts: tuple[str, ...] = LOCAL_HOSTS,
               max_body: int = MAX_BODY) -> Starlette:
    """The Starlette app serving ``opened``.

    ``hosts`` are the names the ``Host`` header may give (this machine's by
    default); an ``Origin`` header must name one of them and ``port``, the port
    served (``None``: any port).
    """
    names = {h.strip("[]") for h in hosts}

    def source() -> str:
        return str(opened.path)

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    async def info(request: Request) -> Response:
        from ..draw._labels import IPEX_FEATURES

        return JSONResponse({
            "file": str(opened.path), "save_to": str(opened.save_to),
            "format": opened.format, "exists": opened.save_to.exists(),
            "warnings": opened.warnings,
            "read_formats": list(xio.FORMATS),
            "export_formats": _export_formats(),
            "features": [{"name": name, "term": FEATURE_TERMS.get(name, sorted(terms)[0]),
                          "same": sorted(terms | words)}
                         for name, terms, words in IPEX_FEATURES],
        })

    async def get_pedigree(request: Request) -> Response:
        return JSONResponse(opened.document)

    async def put_pedigree(request: Request) -> Response:
        try:
            doc = await _json(request)
            ped = _work.check(doc)
        except XlinkedError as exc:
            return _error(exc)
        text = native.dumps(ped, as_json=opened.saved_format == "json")
        if opened.saved_format == "yaml":  # the file's opening comments stay (not the others)
            text = opened.header + text

        def save() -> None:
            with opened.lock, replacing(opened.save_to) as tmp:
                tmp.write_text(text, encoding="utf-8", newline="\n")
            opened.document = native.to_dict(ped)

        try:
            await run_in_threadpool(save)
        except OSError as exc:
            return JSONResponse({"problems": [{"person": None, "field": None, "where": "",
                                               "message": f"{opened.save_to}: cannot save: "
                                                          f"{exc.strerror or exc}"}]},
                                status_code=500)
        return JSONResponse({"saved": str(opened.save_to), "document": opened.document})

    def _saved() -> Any:
        return _work.check(opened.document, source=source())

    async def get_risks(request: Request) -> Response:
        try:
            options = _options(request.query_params, "float")  # as ``xlinked risk``
            ped = _saved()
            data = await run_in_threadpool(_work.risk_json, ped, options, source())
        except XlinkedError as exc:
            return _error(exc)
        return JSONResponse(data)

    async def get_drawing(request: Request) -> Response:
        try:
            options = _options(request.query_params)
            ped = _saved()

            def picture() -> str:
                result = None
                if request.query_params.get("risks", "1") != "0":
                    result = _work.risks(ped, options)
                return _work.drawing_svg(ped, result, options.children)

            svg = await run_in_threadpool(picture)
        except XlinkedError as exc:
            return _error(exc)
        return Response(svg, media_type="image/svg+xml")

    async def evaluate(request: Request) -> Response:
        try:
            body = await _json(request)
            options = _options(body)
        except XlinkedError as exc:
            return _error(exc, 400)
        out = await run_in_threadpool(_work.evaluate, body.get("document"), options,
                                      source=source())
        return JSONResponse(out)

    async def edit(request: Request) -> Response:
        try:
            body = await _json(request)
            doc = _edits.apply(body.get("document") or {}, body.get("edit") or {})
        except (XlinkedError, _edits.EditError) as exc:
            return JSONResponse({"problems": [{"person": None, "field": None, "where": "",
                                               "message": str(exc)}]}, status_code=422)
        return JSONResponse({"document": doc})

    async def explain(request: Request) -> Response:
        try:
            body = await _json(request)
            options = _options(body)
            ped = _work.check(body.get("document"))
            pid = body.get("id")
            if not isinstance(pid, str) or pid not in ped:
                raise XlinkedError(f"no individual {pid!r} in the family")
            out = await run_in_threadpool(_work.explanation, ped, pid, options)
        except XlinkedError as exc:
            return _error(exc)
        return JSONResponse(out)

    async def import_file(request: Request) -> Response:
        try:
            body = await _json(request)
            doc, warnings, kind = _read_upload(body)
        except XlinkedError as exc:
            return _error(exc)
        return JSONResponse({"document": doc, "warnings": warnings, "format": kind})

    async def export(request: Request) -> Response:
        try:
            body = await _json(request)
            options = _options(body)
            ped = _work.check(body.get("document"))
            kind = str(body.get("format", ""))
            data, media, name, lost = await run_in_threadpool(
                _export, ped, kind, options, opened.save_to.stem)
        except XlinkedError as exc:
            return _error(exc)
        return Response(data, media_type=media, headers={
            "content-disposition": f'attachment; filename="{name}"',
            "x-xlinked-warnings": json.dumps(lost),
        })

    routes = [
        Route("/", page),
        Route("/api/info", info),
        Route("/api/pedigree", get_pedigree, methods=["GET"]),
        Route("/api/pedigree", put_pedigree, methods=["PUT"]),
        Route("/api/risks", get_risks),
        Route("/api/drawing.svg", get_drawing),
        Route("/api/evaluate", evaluate, methods=["POST"]),
        Route("/api/edit", edit, methods=["POST"]),
        Route("/api/explain", explain, methods=["POST"]),
        Route("/api/import", import_file, methods=["POST"]),
        Route("/api/export", export, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    allowed = sorted(names | set(hosts))
    middleware = [
        Middleware(Guard, hosts=names, port=port, max_body=max_body),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed),
    ]
    return Starlette(routes=routes, middleware=middleware)


def _read_upload(body: Any) -> tuple[dict[str, Any], list[str], str]:
    """An uploaded file (``{"filename", "text"}``) read in any format, as a native document."""
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        raise XlinkedError("expected {\"filename\": ..., \"text\": ...}")
    name = Path(str(body.get("filename") or "upload")).name
    text = body["text"]
    if not text.strip():
        raise ReadError("the file is empty", source=name)
    kind = xio.detect_format(name, text) if Path(name).suffix else xio.detect_format("x", text)
    family = body.get("family")
    # the rules for other people's files: no preset file is read from this machine
    ped, warnings = xio.loads(text, kind, source=name,
                              family=family if isinstance(family, str) else None,
                              preset_files=False)
    return native.to_dict(ped), list(warnings), kind


_MEDIA = {"yaml": "application/yaml", "json": "application/json", "svg": "image/svg+xml",
          "png": "image/png", "pdf": "application/pdf", "html": "text/html"}
_SUFFIX = {"yaml": ".yaml", "json": ".json", "ped": ".ped", "pedigreejs": ".pedigreejs.json",
           "canrisk": ".canrisk", "csv": ".csv", "tsv": ".tsv", "gedcom": ".ged",
           "ga4gh": ".ga4gh.json", "phenopackets": ".phenopackets.json"}


def _export_formats() -> list[str]:
    return [*_SUFFIX, "svg", "png", "pdf", "report-html", "report-pdf"]


def _export(ped: Any, kind: str, options: Options,
            stem: str) -> tuple[bytes, str, str, list[str]]:
    if kind in _SUFFIX:
        text, lost = xio.dumps(ped, kind)
        notes = [f"{kind.upper()} cannot hold {what}; left out" for what in lost]
        return text.encode("utf-8"), _MEDIA.get(kind, "text/plain"), stem + _SUFFIX[kind], notes
    if kind in ("svg", "png", "pdf"):
        import tempfile

        from ..draw import write as draw_to

        try:
            result = _work.risks(ped, options)
        except XlinkedError:
            result = None
        with tempfile.TemporaryDirectory() as folder, _work._DRAW_LOCK:
            target = Path(folder) / f"{stem}.{kind}"
            lost = draw_to(ped, target, risks=result)  # warnings, e.g. a PNG too wide to read
            data = target.read_bytes()
        return data, _MEDIA[kind], f"{stem}.{kind}", lost
    if kind in ("report-html", "report-pdf"):
        import tempfile

        from .._report import report

        suffix = kind.split("-")[1]
        model = _work._model(ped, options)
        with tempfile.TemporaryDirectory() as folder, _work._DRAW_LOCK:
            target = Path(folder) / f"{stem}-report.{suffix}"
            text, _ = xio.dumps(ped, "yaml")  # the family as edited, hashed in the header
            report(ped, target, model, mode=options.mode, children=list(options.children),
                   source=f"{stem}.yaml", source_bytes=text.encode("utf-8"))
            data = target.read_bytes()
        return data, _MEDIA[suffix], target.name, []
    raise XlinkedError(f"cannot export {kind!r} (known: {', '.join(_export_formats())})")
