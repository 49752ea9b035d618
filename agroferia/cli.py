"""Command line: no sub-command opens the GUI; sub-commands work headless.

    agroferia [--db PATH|URL] [--lang es|en] [--user NAME] [FILE.agroferia]
    agroferia [--db …] [--user NAME] demo [--seed N] [--until YYYY-MM-DD] [--network]
                                          [--replace [--discard-real-data]]
    agroferia [--db …] stats --from YYYY-MM-DD --to YYYY-MM-DD [--fair NAME] [--json]
    agroferia [--db …] template vendors|sales --out FILE.xlsx
    agroferia [--db …] import vendors FILE [--fair NAME] [--sex-m mujer|hombre] [--dry-run]
    agroferia [--db …] import sales FILE [--fair NAME] [--replace] [--dry-run]
    agroferia [--db …] export excel|pdf --from D --to D [--fair NAME] --out FILE [--lang es|en]
    agroferia [--db …] export day --date YYYY-MM-DD [--fair NAME] --out FILE.pdf [--lang es|en]
    agroferia [--db …] export roster --out FILE.xlsx [--fair NAME] [--from D --to D] [--lang es|en]
    agroferia [--db …] export statement --document DNI --from D --to D --out FILE.pdf [--lang …]
    agroferia [--db …] export statement --verify CODE
    agroferia [--db …] person export --document DNI --out FILE.pdf|FILE.json [--lang es|en]
    agroferia [--db …] person anonymize --document DNI [--yes]
    agroferia [--db …] products list [--rubro R] [--native] [--unreviewed] [--json]
    agroferia [--db …] products add --name N --rubro R [--kind K] [--native] [--scientific S] …
    agroferia [--db …] products merge --from NAME --into NAME [--yes]
    agroferia [--db …] [--user NAME] users list|add|deactivate|reset-password|password …
    agroferia [--db …] [--user NAME] backup [--out FILE.agroferia|FOLDER]
    agroferia backup --list
    agroferia [--db …] [--user NAME] restore FILE [--yes]

A backup given alone (``agroferia FILE.agroferia``, as the desktop does when one is opened
with the app) opens the window, which then offers to restore it (``cli_open``).

``--user NAME`` (before the sub-command, like ``--db``) names the account that runs the
command; its password comes from ``AGROFERIA_PASSWORD`` or is asked on the terminal
(``cli_auth``).  Without a sub-command the window signs in as NAME when that variable holds
its password, and otherwise asks for it with the name filled in.  On a database with accounts every command but ``stats``, ``template`` and
``export excel|pdf|day`` needs it (those too when the settings ask for it).

Errors are printed in the chosen language, without a traceback, and the exit status is
2 for a bad command line and 1 when the work itself failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from agroferia import __version__, i18n, logs
from agroferia.config import is_url, resolve_db
from agroferia.core.network.urls import masked
from agroferia.i18n import N_, _, _n, lazy

log = logging.getLogger(__name__)

EXIT_USAGE, EXIT_FAILED = 2, 1
# --sex-m: what the letter M means in a vendor file (the sex code it is read as)
SEX_M = {"mujer": "F", "hombre": "M", "female": "F", "male": "M"}


class UsageError(Exception):
    """A bad command line, explained in the user's language."""


# argparse's own messages, in the languages the app speaks (its source language is English).
ARGPARSE_MESSAGES = {
    "usage: ": N_("uso: "),
    "options": N_("opciones"),
    "positional arguments": N_("argumentos"),
    "show this help message and exit": N_("muestra esta ayuda y termina"),
    "show program's version number and exit": N_("muestra la versión y termina"),
    "argument %(argument_name)s: %(message)s": N_("argumento %(argument_name)s: %(message)s"),
    "the following arguments are required: %s": N_("faltan argumentos obligatorios: %s"),
    "unrecognized arguments: %s": N_("argumentos no reconocidos: %s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_(
        "opción no válida: %(value)r (elija entre %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": N_("valor no válido para %(type)s: %(value)r"),
    "expected one argument": N_("falta el valor"),
    "not allowed with argument %s": N_("no va junto con %s"),
    "one of the arguments %s is required": N_("hace falta uno de estos argumentos: %s"),
}


def _argparse_text(message: str) -> str:
    spanish = ARGPARSE_MESSAGES.get(message)
    return i18n.translate(spanish) if spanish else message


argparse._ = _argparse_text  # type: ignore[attr-defined]  # argparse looks up its module-level _


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        raise UsageError(message)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("«{value}» no es una fecha válida (use AAAA-MM-DD)", value=value)
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="agroferia",
        description=_("Agroferia: expositores, ventas y reportes de ferias campesinas."),
        epilog=_("Sin comando se abre la ventana; con una copia de seguridad "
                 "(agroferia ARCHIVO.agroferia), la ventana ofrece restaurarla."),
    )  # fmt: skip
    parser.add_argument("--version", action="version", version=f"agroferia {__version__}")
    parser.add_argument(
        "--db",
        metavar=_("RUTA"),
        help=_("base de datos (archivo SQLite o URL); también AGROFERIA_DB"),
    )
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))
    parser.add_argument(
        "--user",
        metavar=_("NOMBRE"),
        help=_("la cuenta que ejecuta el comando; su contraseña se toma de AGROFERIA_PASSWORD "
               "o se pide en la terminal"),
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar=_("comando"))

    demo = sub.add_parser("demo", help=_("llena una base de datos con la feria de demostración"))
    demo.add_argument(
        "--seed", type=int, default=2026, help=_("semilla (la misma da los mismos datos)")
    )
    demo.add_argument(
        "--until",
        type=_date,
        metavar=_("AAAA-MM-DD"),
        help=_("último domingo a generar (hoy por defecto)"),
    )
    demo.add_argument(
        "--network",
        action="store_true",
        help=_("con dos ferias más de la misma organización (La Punta y Jesús María), "
               "algunos productores en dos ferias: para probar la red de ferias"),
    )  # fmt: skip
    demo.add_argument(
        "--if-new",
        action="store_true",
        help=_(
            "solo si la base de datos aún no existe o, en un servidor, está vacía (primer "
            "uso); si no, no hace nada"
        ),
    )
    demo.add_argument(
        "--replace",
        action="store_true",
        help=_("reemplaza los datos de una demostración anterior (guarda una copia antes; "
               "el registro de cambios y las cuentas se conservan)"),
    )  # fmt: skip
    demo.add_argument(
        "--discard-real-data",
        action="store_true",
        help=_("con --replace: reemplaza también datos reales, que no son de la demostración"),
    )

    stats = sub.add_parser("stats", help=_("estadísticas de un periodo"))
    day = _("AAAA-MM-DD")
    stats.add_argument(
        "--from",
        dest="start",
        type=_date,
        required=True,
        metavar=day,
        help=_("primer día del periodo"),
    )
    stats.add_argument(
        "--to", dest="end", type=_date, required=True, metavar=day, help=_("último día del periodo")
    )
    stats.add_argument("--fair", metavar=_("FERIA"), help=_("solo esta feria (por su nombre)"))
    stats.add_argument("--json", action="store_true", help=_("salida JSON"))

    template = sub.add_parser("template", help=_("escribe una plantilla de Excel para importar"))
    template.add_argument("kind", choices=("vendors", "sales"), help=_("vendors o sales"))
    template.add_argument("--out", required=True, type=Path, metavar=_("ARCHIVO.xlsx"))
    template.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))

    imp = sub.add_parser("import", help=_("importa expositores o ventas de un .xlsx o .csv"))
    imp_sub = imp.add_subparsers(dest="kind", metavar=_("tipo"), required=True)
    for kind, text in (("vendors", _("expositores")), ("sales", _("ventas"))):
        one = imp_sub.add_parser(kind, help=text)
        one.add_argument("file", type=Path, metavar=_("ARCHIVO"))
        one.add_argument(
            "--fair",
            metavar=_("FERIA"),
            help=_("feria de las filas que no dicen cuál (se crea si no existe)"),
        )
        one.add_argument(
            "--dry-run", action="store_true", help=_("solo revisa el archivo; no escribe nada")
        )
        one.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))
        if kind == "vendors":
            one.add_argument(
                "--sex-m",
                type=str.lower,
                choices=tuple(SEX_M),
                metavar="mujer|hombre",
                help=_("qué significa M en la columna Sexo, cuando el archivo no lo dice "
                       "(mujer u hombre; en inglés, female o male)"),
            )  # fmt: skip
        if kind == "sales":
            one.add_argument(
                "--replace",
                action="store_true",
                help=_("reemplaza las ventas ya registradas en las jornadas del archivo"),
            )

    export = sub.add_parser(
        "export",
        help=_("exporta el resumen en Excel, el reporte en PDF o el resumen de una jornada"),
    )
    exp_sub = export.add_subparsers(dest="format", metavar=_("formato"), required=True)
    for fmt, text in (("excel", _("libro de Excel")), ("pdf", _("reporte municipal en PDF"))):
        one = exp_sub.add_parser(fmt, help=text)
        one.add_argument("--from", dest="start", type=_date, required=True, metavar=day)
        one.add_argument("--to", dest="end", type=_date, required=True, metavar=day)
        one.add_argument("--fair", metavar=_("FERIA"), help=_("solo esta feria (por su nombre)"))
        one.add_argument("--out", required=True, type=Path, metavar=_("ARCHIVO"))
        one.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))
    one = exp_sub.add_parser("day", help=_("resumen de una jornada en PDF (una página)"))
    one.add_argument(
        "--date", required=True, type=_date, metavar=day, help=_("fecha de la jornada")
    )
    one.add_argument(
        "--fair", metavar=_("FERIA"), help=_("feria de la jornada (por defecto, la predeterminada)")
    )
    one.add_argument("--out", required=True, type=Path, metavar=_("ARCHIVO.pdf"))
    one.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))
    from agroferia import cli_planilla

    cli_planilla.add_parser(exp_sub, _date, day)
    one = exp_sub.add_parser(
        "roster", help=_("padrón de expositores, con datos personales (confidencial)")
    )
    one.add_argument("--out", required=True, type=Path, metavar=_("ARCHIVO.xlsx"))
    one.add_argument("--fair", metavar=_("FERIA"), help=_("solo esta feria (por su nombre)"))
    one.add_argument(
        "--from",
        dest="start",
        type=_date,
        metavar=day,
        help=_("con --to: añade las ventas y cuotas de cada expositor en el periodo"),
    )
    one.add_argument("--to", dest="end", type=_date, metavar=day)
    one.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))
    from agroferia import (
        cli_backup,
        cli_person,
        cli_products,
        cli_receipt,
        cli_statement,
        cli_summary,
        cli_users,
    )

    cli_statement.add_parser(exp_sub, day, _date)
    cli_receipt.add_export_parser(exp_sub)
    cli_receipt.add_parser(sub)
    cli_person.add_parser(sub)
    cli_products.add_parser(sub)
    cli_users.add_parser(sub)
    cli_backup.add_parser(sub)
    cli_summary.add_parser(sub)
    return parser


def _open(args: argparse.Namespace, *, create: bool = True, read_only: bool | None = False):
    """The database, with ``args.actor`` set to who runs the command (``cli_auth``);
    ``read_only=None`` for a command that writes nothing into it, whatever it reads (a
    backup): a database in a read-only place is then opened read-only, not refused."""
    from agroferia import cli_auth
    from agroferia.core.db import open_database

    target = resolve_db(args.db)
    # a command that only reads opens the database read-only (unless it must be upgraded
    # first) and skips the full quick_check: what it reads is checked as it is read
    reading = cli_auth.reads_only(args)
    db = open_database(target, create=create, reading=reading, quick_check=not reading,
                       read_only=read_only)  # fmt: skip
    _collect_again()  # the command's modules are loaded: what it does next makes garbage
    if db.backup_path is not None:
        print(
            _("Se guardó una copia antes de actualizar: {path}", path=db.backup_path),
            file=sys.stderr,
        )
    elif db.uncopied_upgrade:
        print(_("Aviso: la base de datos del servidor se actualizó sin copia previa (no se "
                "encontró el programa pg_dump de PostgreSQL)."), file=sys.stderr)  # fmt: skip
    try:
        args.actor = cli_auth.sign_in(args, db)
    except BaseException:
        db.close()
        raise
    return db


def cmd_demo(args: argparse.Namespace) -> int:
    target = resolve_db(args.db)
    if args.if_new and is_url(target):  # a server's database: new when still empty
        from agroferia.core.db import make_engine
        from agroferia.core.network import server

        engine = make_engine(target)
        try:
            with server.first_use(engine) as new:  # another laptop asking meanwhile waits
                return _new_demo(args) if new else 0
        finally:
            engine.dispose()
    if args.if_new and Path(target).exists():
        return 0
    return _new_demo(args)


def _new_demo(args: argparse.Namespace) -> int:
    from agroferia.cli_progress import Progress

    if args.discard_real_data and not args.replace:
        raise UsageError(_("--discard-real-data solo tiene sentido con --replace"))
    # on stderr, from the start of the building (after any question or refusal) to 100 % once
    # the whole demo is written
    progress = Progress(lambda percent: _("Creando la feria de demostración… {percent} %",
                                          percent=percent))  # fmt: skip
    try:
        summary, protected, location = _demo(args, lambda done: progress(0.95 * done))
        progress(1.0)
    finally:
        progress.finish()
    main, others = (summary.main, summary.others) if args.network else (summary, ())
    print(
        _(
            "Feria de demostración creada en {db}: {vendors} expositores, {days} jornadas "
            "({first} a {last}), {sales} ventas.",
            db=masked(location),
            vendors=main.vendors,
            days=main.fair_days,
            first=main.first_day.strftime("%d/%m/%Y"),
            last=main.last_day.strftime("%d/%m/%Y"),
            sales=main.sales_rows,
        )
    )
    for fair in others:  # the network's other fairs
        print(
            _("Y en la misma red, {fair}: {vendors} expositores ({shared} de ellos también en "
              "Magdalena), {days} jornadas, {sales} ventas.", fair=fair.name,
              vendors=fair.vendors, shared=fair.shared, days=fair.fair_days,
              sales=fair.sales_rows)
        )  # fmt: skip
    if not protected:  # the demo's accounts were made now
        _demo_accounts()
    return 0


def _demo(args: argparse.Namespace, progress: Callable[[float], None]) -> tuple:
    """Builds the demo (with ``--network``, a ``demo_network.NetworkSummary``): its summary,
    whether the database had accounts, and where it is."""
    from agroferia.core import accounts, demo, demo_network
    from agroferia.core.audit import SYSTEM
    from agroferia.core.errors import OperationError
    from agroferia.core.network import server

    db = _open(args)
    backup = None
    try:
        with db.Session() as s:  # everything refused is refused before the copy is made
            protected = accounts.has_accounts(s)
            replacing = args.replace and demo.has_data(s)
            if protected and args.replace:
                accounts.require(s, args.actor, accounts.Right.ADMIN)
            if replacing and not args.discard_real_data and demo.has_real_data(s):
                raise OperationError(demo.REAL_DATA_REFUSAL)
        if replacing and is_url(db.location) and server.can_dump(db.engine):
            backup = server.dump(db.location, "antes-de-demo")
            print(_("Copia de los datos anteriores: {path}", path=backup))
        elif replacing and is_url(db.location):
            if not args.discard_real_data and server.on_server(db.engine):
                raise OperationError(
                    lazy("Agroferia no puede copiar esta base de datos del servidor antes de "
                         "reemplazarla: no encontró el programa pg_dump de PostgreSQL. Haga "
                         "usted una copia y use --replace --discard-real-data para "
                         "reemplazarla sin copia.")
                )  # fmt: skip
            if not args.discard_real_data:
                raise OperationError(
                    lazy("Agroferia no puede copiar una base de datos dada por una URL (un "
                         "servidor) antes de reemplazarla. Haga usted una copia y use "
                         "--replace --discard-real-data para reemplazarla sin copia.")
                )  # fmt: skip
            print(_("Aviso: los datos se reemplazan sin copia (base de datos dada por una URL)."),
                  file=sys.stderr)  # fmt: skip
        elif replacing:
            backup = demo.backup_before_replace(db.location)
            print(_("Copia de los datos anteriores: {path}", path=backup))
        with db.Session.begin() as s:
            build = demo_network.build if args.network else demo.build
            summary = build(
                s, seed=args.seed, until=args.until, replace=args.replace,
                discard_real_data=args.discard_real_data,
                backup=str(backup) if backup else None,
                actor=args.actor if protected else SYSTEM, progress=progress,
            )  # fmt: skip
    finally:
        db.close()
    return summary, protected, db.location


def _demo_accounts() -> None:
    """The demo's accounts and their passwords: a demo is for trying, not for real data."""
    from agroferia.core import accounts, demo

    print(_("Cuentas de la demostración (usuario: contraseña):"))
    for username, _name, role in demo.DEMO_ACCOUNTS:
        print(f"  {username}: {demo.demo_password(username)}  ({accounts.ROLE_LABELS[role]})")
    print(_("Por ejemplo: AGROFERIA_PASSWORD=demo-admin agroferia --user admin …"))


def _check_period(args: argparse.Namespace) -> None:
    if args.start > args.end:
        raise UsageError(
            _(
                "la fecha inicial ({start}) es posterior a la final ({end})",
                start=args.start.isoformat(),
                end=args.end.isoformat(),
            )
        )


def cmd_stats(args: argparse.Namespace) -> int:
    from agroferia.core import fairs, stats

    _check_period(args)
    db = _open(args, create=False)
    try:
        with db.Session() as s:
            fair_id = fairs.fair_by_name(s, args.fair).id if args.fair else None
            result = stats.compute(s, args.start, args.end, fair_id)
    finally:
        db.close()
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        from agroferia.core.summary import summary_text

        print(summary_text(result))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from agroferia.core.templates import write_template

    _check_out(args.out, ".xlsx")
    db = _open(args)
    try:
        with db.Session() as s:
            path = write_template(s, args.kind, args.out, lang=args.lang)
    finally:
        db.close()
    print(_("Plantilla guardada en {path}", path=path))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from agroferia.core import importing, network

    db = _open(args, create=False)

    def attempt() -> importing.ImportReport:  # checked and written in one transaction
        with db.Session() as s, s.begin():
            sex_m = getattr(args, "sex_m", None)
            report = importing.import_file(
                s, args.actor, args.kind, args.file, fair=args.fair,
                replace=getattr(args, "replace", False), dry_run=args.dry_run,
                sex_m=SEX_M[sex_m] if sex_m else None,
            )  # fmt: skip
            if not report.ok:
                s.rollback()
        return report

    try:
        report = network.retrying(attempt)  # once more after a conflict with another writer
    finally:
        db.close()
    print("\n".join(report.lines()), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else EXIT_FAILED


def _check_out(path: Path, suffix: str) -> None:
    if path.suffix.lower() != suffix:
        raise UsageError(_("el archivo de salida debe terminar en {suffix}", suffix=suffix))
    if not path.parent.is_dir():
        raise UsageError(_("no existe la carpeta {path}", path=path.parent))


def cmd_export(args: argparse.Namespace) -> int:
    from agroferia.core import fairs

    if args.format == "day":
        return _export_day(args)
    if args.format == "roster":
        return _export_roster(args)
    if args.format == "statement":
        from agroferia import cli_statement

        return cli_statement.run(args)
    if args.format == "planilla":
        from agroferia import cli_planilla

        return cli_planilla.run(args)
    if args.format == "receipt":
        from agroferia import cli_receipt

        return cli_receipt.export(args)
    _check_period(args)
    _check_out(args.out, ".xlsx" if args.format == "excel" else ".pdf")
    db = _open(args, create=False)
    try:
        with db.Session() as s:
            fair_id = fairs.fair_by_name(s, args.fair).id if args.fair else None
            if args.format == "excel":
                from agroferia.reports.excel import write_workbook

                write_workbook(s, args.start, args.end, args.out, fair_id=fair_id, lang=args.lang)
            else:
                from agroferia.reports.pdf import write_pdf

                write_pdf(s, args.start, args.end, args.out, fair_id=fair_id, lang=args.lang)
    finally:
        db.close()
    print(_("Guardado en {path}", path=args.out))
    return 0


def _export_day(args: argparse.Namespace) -> int:
    """The one-page summary of the fair day of ``--fair`` (or the default fair) on ``--date``."""
    from agroferia.reports.day_pdf import write_day_summary

    _check_out(args.out, ".pdf")
    db = _open(args, create=False)
    try:
        with db.Session() as s:
            day = fair_day_of(s, args, N_("La feria «{fair}» no tiene jornada el {date}."))
            write_day_summary(s, day.id, args.out, lang=args.lang, actor=args.actor)
    finally:
        db.close()
    print(_("Guardado en {path}", path=args.out))
    return 0


def fair_day_of(session, args: argparse.Namespace, missing: str):
    """The fair day of ``--fair`` (or the default fair) on ``--date``; ``missing``, a
    message marked with ``N_`` (with ``{fair}`` and ``{date}``), says there is none."""
    from agroferia.core import fairs
    from agroferia.core.errors import NotFoundError, OperationError

    fair = fairs.fair_by_name(session, args.fair) if args.fair else fairs.default_fair(session)
    if fair is None:
        raise OperationError(
            lazy("No hay una feria predeterminada; indique cuál con --fair NOMBRE.")
        )
    day = fairs.find_fair_day(session, fair.id, args.date)
    if day is None:
        raise NotFoundError(lazy(missing, fair=fair.name, date=args.date.strftime("%d/%m/%Y")))
    return day


def _export_roster(args: argparse.Namespace) -> int:
    """The confidential padrón; the export is written to the audit log."""
    from agroferia.core import fairs
    from agroferia.reports.workbook.padron import write_roster

    if (args.start is None) != (args.end is None):
        raise UsageError(_("--from y --to van juntos: indique los dos o ninguno"))
    if args.start is not None:
        _check_period(args)
    _check_out(args.out, ".xlsx")
    db = _open(args, create=False)
    try:
        with db.Session() as s:
            fair_id = fairs.fair_by_name(s, args.fair).id if args.fair else None
            result = write_roster(s, args.actor, args.out, fair_id=fair_id, start=args.start,
                                  end=args.end, lang=args.lang)  # fmt: skip
    finally:
        db.close()
    print(_n(result.people, "Padrón de 1 expositor guardado en {path}.",
             "Padrón de {n} expositores guardado en {path}.", path=args.out))  # fmt: skip
    print(_("Contiene datos personales (Ley 29733): no lo comparta."), file=sys.stderr)
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "stats": cmd_stats,
    "template": cmd_template,
    "import": cmd_import,
    "export": cmd_export,
}


def cmd_person(args: argparse.Namespace) -> int:
    from agroferia import cli_person

    return cli_person.run(args)


def cmd_users(args: argparse.Namespace) -> int:
    from agroferia import cli_users

    return cli_users.run(args)


def cmd_backup(args: argparse.Namespace) -> int:
    from agroferia import cli_backup

    return cli_backup.cmd_backup(args)


def cmd_restore(args: argparse.Namespace) -> int:
    from agroferia import cli_backup

    return cli_backup.cmd_restore(args)


def cmd_summary(args: argparse.Namespace) -> int:
    from agroferia import cli_summary

    return cli_summary.run(args)


def cmd_receipt(args: argparse.Namespace) -> int:
    from agroferia import cli_receipt

    return cli_receipt.run(args)


def cmd_products(args: argparse.Namespace) -> int:
    from agroferia import cli_products

    return cli_products.run(args)


COMMANDS["person"] = cmd_person
COMMANDS["products"] = cmd_products
COMMANDS["receipt"] = cmd_receipt
COMMANDS["summary"] = cmd_summary
COMMANDS["users"] = cmd_users
COMMANDS["backup"] = cmd_backup
COMMANDS["restore"] = cmd_restore


def _gui(args: argparse.Namespace, backup: Path | None = None) -> int:
    _collect_again(freeze=False)
    from agroferia import cli_auth
    from agroferia.ui import app

    # taken out of the environment, so that nothing the window starts (the program that
    # opens an exported file) inherits the password
    password = os.environ.pop(cli_auth.PASSWORD_VAR, None)
    code = app.run(resolve_db(args.db), args.lang, backup=backup, username=args.user,
                   password=password if args.user else None)  # fmt: skip
    if app.work_left_running():  # a query stuck on a server that is gone: do not wait for it
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        os._exit(code)
    return code


# for each ``main`` running: whether Python's cycle collector ran when it began (it is put
# back so at the end), and whether what was loaded was set apart from it
_collecting: list[dict[str, bool]] = []


def _collect_again(*, freeze: bool = True) -> None:
    """Python's cycle collector back as it was when ``main`` began (and left so at its
    end); with ``freeze``, what is loaded so far (the modules, their classes), which stays
    for good, is set apart from what the collector looks through (``gc.freeze``)."""
    if not _collecting:
        return
    state = _collecting[-1]
    if state["enabled"] and not gc.isenabled():
        if freeze:
            gc.freeze()
            state["frozen"] = True
        gc.enable()
    state["enabled"] = False  # nothing more to put back


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line.  Loading the libraries makes many objects and no garbage, so
    Python's cycle collector waits until the command has opened its database (``_open``),
    sparing part of the time it takes to load them.  The window starts with it as it was
    (``ui.tasks`` then runs it on the window's thread)."""
    _collecting.append({"enabled": gc.isenabled(), "frozen": False})
    gc.disable()
    try:
        return _main(argv)
    finally:
        state = _collecting.pop()
        if state["frozen"]:
            gc.unfreeze()
        if state["enabled"]:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    from agroferia import cli_open
    from agroferia.core.errors import AgroferiaError, explain
    from agroferia.core.files import private_umask

    private_umask()  # the data folder, database, copies, log and exports: owner only
    argv = list(sys.argv[1:] if argv is None else argv)
    logs.setup()
    lang = _early_lang(argv)
    if lang:
        i18n.set_language(lang)
    try:
        parser = build_parser()
        try:
            argv, backup = cli_open.opened_backup(argv, _commands(parser))
        except UsageError as exc:  # a file double-clicked: nobody sees the terminal
            _say_usage_error(exc)
            cli_open.show_refusal(str(exc))
            return EXIT_USAGE
        args = parser.parse_args(argv)
        if args.command is None:
            return _gui(args, backup)
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # the reader stopped early (``… | head``): nothing to report
        sys.stdout = None  # type: ignore[assignment] (no flush of a closed pipe at exit)
        return EXIT_FAILED
    except UsageError as exc:
        _say_usage_error(exc)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = explain(exc)  # a full disk, a locked or damaged database, bad data…
        if message is not None:
            if not isinstance(exc, AgroferiaError):
                log.exception("command failed")
            print(f"agroferia: {_('error')}: {message}", file=sys.stderr)
            return EXIT_FAILED
        # a defect: the log has its details (no values), the terminal a line
        log.exception("command failed unexpectedly")
        print(f"agroferia: {_('error')}: " + _("error inesperado; los detalles están en {path}",
              path=logs.log_file()), file=sys.stderr)  # fmt: skip
        return EXIT_FAILED


def _say_usage_error(exc: UsageError) -> None:
    print(f"agroferia: {_('error')}: {exc}", file=sys.stderr)
    print(_("Use «agroferia --help» para ver las opciones."), file=sys.stderr)


def _commands(parser: argparse.ArgumentParser) -> tuple[str, ...]:
    return tuple(
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    )


def _early_lang(argv: list[str]) -> str | None:
    """The --lang value, read before the parser is built so that its help is translated."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        else:
            continue
        return value if value in i18n.LANGUAGES else None
    return None
