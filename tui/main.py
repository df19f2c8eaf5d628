"""The `newsreader` console script: headless commands, or the reader."""

from __future__ import annotations

import sys

from index.cli import COMMANDS


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        from index.cli import main as cli_main

        return cli_main(args)
    from tui.launch import launch

    return launch(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
