"""Keeps the translation catalogues in step with the source.

    python -m agroferia.i18n_catalogue          # add new strings to resources/locale/*.po

Every string literal passed as the first argument of ``_()``, ``lazy()`` or ``N_()`` under
``agroferia/``, and the second and third of ``_n()`` and ``lazy_n()``, is a message.  New messages are added with an empty translation; messages no
longer in the source are dropped.  A test fails while any translation is missing.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

MARKERS = {"_", "lazy", "N_", "tr"}
PLURAL_MARKERS = {"_n", "lazy_n"}  # (n, singular, plural, …)
PACKAGE = Path(__file__).resolve().parent


def extract(root: Path = PACKAGE) -> dict[str, list[tuple[str, int]]]:
    """msgid -> [(file, line), …] for every marked string under ``root``."""
    found: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            rel = path.relative_to(root.parent).as_posix()
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in PLURAL_MARKERS
            ):
                for arg in node.args[1:3]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.setdefault(arg.value, []).append((rel, node.lineno))
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, []).append((rel, node.lineno))
    return found


def catalogue_path(lang: str) -> Path:
    from agroferia.config import resources_dir

    return resources_dir() / "locale" / f"{lang}.po"


def update(lang: str) -> tuple[int, int]:
    """Merges the source's messages into ``lang``'s catalogue; returns (added, removed)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = catalogue_path(lang)
    old: dict[str, str] = {}
    if path.exists():
        with path.open("rb") as fh:
            old = {m.id: m.string for m in read_po(fh, locale=lang) if m.id}
    messages = extract()
    from agroferia import __version__

    stamp = dt.datetime(
        2026, 1, 1, tzinfo=dt.UTC
    )  # fixed, so that the file only changes with its text
    cat = Catalog(
        locale=lang,
        project="agroferia",
        version=__version__,
        copyright_holder="Agroferia",
        header_comment=(
            f"# Agroferia: translations from Spanish ({lang}).\n"
            "# Update with: python -m agroferia.i18n_catalogue"
        ),
        creation_date=stamp,
        revision_date=stamp,
        last_translator="Agroferia",
        language_team=lang,
        fuzzy=False,
        charset="utf-8",
    )
    for msgid in sorted(messages):
        cat.add(msgid, old.get(msgid, ""), locations=messages[msgid])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, cat, width=100, sort_output=True, include_lineno=False)
    return len(set(messages) - set(old)), len(set(old) - set(messages))


if __name__ == "__main__":
    from agroferia.i18n import DEFAULT_LANGUAGE, LANGUAGES

    for language in LANGUAGES:
        if language != DEFAULT_LANGUAGE:
            added, removed = update(language)
            print(f"{language}: {added} added, {removed} removed -> {catalogue_path(language)}")
