"""The ``frontline`` command: dispatches to one module per sub-command.

Each module in :mod:`frontline.commands` defines ``HELP`` (one line), ``add_arguments(parser)``
and ``run(args) -> int``. A user's mistake exits with status 2 and a one-line reason on stderr,
never a traceback (see DESIGN.md, "Command line contract").
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from geo.errors import FrontlineError, InputError

__all__ = ["COMMANDS", "main"]

#: Sub-command name -> module in frontline.commands.
COMMANDS = {
    "prepare": "prepare",
    "geocode": "geocode",
    "parse": "parse",
    "events": "events",
    "export": "export",
    "corpus": "corpus",
}


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line and exit with status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="frontline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(f"frontline.commands.{module_name}")
        except ModuleNotFoundError as err:
            if err.name != f"frontline.commands.{module_name}":
                raise
            continue  # a command not built yet is simply not offered
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except (InputError, FrontlineError, OSError, UnicodeDecodeError) as err:
        print(f"frontline {args.command}: error: {_one_line(err)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _one_line(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return " ".join(text.split())


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
