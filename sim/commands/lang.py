"""`--lang` for the commands that show text to a trainee (play, run, report, serve)."""

from __future__ import annotations

import argparse

from sim import i18n


def _lang(value: str) -> str:
    try:
        return i18n.check(value)
    except i18n.UnknownLanguage as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def add_lang_argument(p: argparse.ArgumentParser) -> None:
    """Add `--lang CODE` (validated: an unknown code is a usage error listing the known ones)."""
    p.add_argument(
        "--lang",
        metavar="CODE",
        type=_lang,
        default=None,
        help=f"language of the screens and reports: {', '.join(i18n.LANGUAGES)} "
        "(default: $SALESIM_LANG, else the scenario's locale, else the system's)",
    )


def ljust(text: str, width: int) -> str:
    """`text` padded to `width` terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


def rjust(text: str, width: int) -> str:
    """`text` right-aligned in `width` terminal cells."""
    from rich.cells import cell_len

    return " " * max(0, width - cell_len(text)) + text


def width(texts: list[str]) -> int:
    """The cells the widest of `texts` takes."""
    from rich.cells import cell_len

    return max((cell_len(t) for t in texts), default=0)


def use_language(args: argparse.Namespace, scenario_locale: str | None = None) -> str:
    """Switch to the language the command line, the environment or the scenario asks for."""
    return i18n.set_language(i18n.choose(getattr(args, "lang", None), scenario_locale))
