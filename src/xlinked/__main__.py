"""``python -m xlinked``: the command-line tool."""

from xlinked.cli import main

main()
