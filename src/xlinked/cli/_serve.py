"""``xlinked serve``: the family editor in the browser."""

from __future__ import annotations

import datetime

import click

from ..errors import XlinkedError
from . import SOURCE_KEY


@click.command(epilog="""\b
Examples:
  xlinked serve                                  (a new family, saved to family.yaml)
  xlinked serve examples/pedigrees/isolated-case.yaml
  xlinked serve family.ped --port 9000 --no-browser
""")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=str))
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port to listen on (default: the first free one from 8765).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this machine by default.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
def serve(file: str | None, port: int | None, host: str, no_browser: bool) -> None:
    """Build and edit a family in the browser; risks and drawing update as you go.

    Opens FILE (any format 'xlinked formats' reads) or, with no FILE, starts a
    new family from the consultand. Save writes FILE atomically when it is a
    native .yaml/.json file, else a new .yaml file beside it. Needs the web
    extra: pip install 'xlinked[web]'. Stop with Ctrl-C.
    """
    try:
        from ..serve import open_family, run
    except ModuleNotFoundError as exc:
        raise XlinkedError(f"xlinked serve needs the web extra ({exc.name} is missing): "
                           "pip install 'xlinked[web]'") from None
    ctx = click.get_current_context()
    if file is not None:
        ctx.meta[SOURCE_KEY] = file
    opened = open_family(file, today=datetime.date.today().isoformat())
    for warning in opened.warnings:
        click.echo(f"warning: {file}: {warning}", err=True)

    def announce(url: str) -> None:
        click.echo(f"xlinked serve: {url}  (editing {opened.path}; Save writes "
                   f"{opened.save_to}; Ctrl-C stops)", err=True)

    run(opened, host=host, port=port, open_browser=not no_browser, announce=announce)


COMMANDS = [serve]
