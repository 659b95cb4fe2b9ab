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


def use_language(args: argparse.Namespace, scenario_locale: str | None = None) -> str:
    """Switch to the language the command line, the environment or the scenario asks for."""
    return i18n.set_language(i18n.choose(getattr(args, "lang", None), scenario_locale))
