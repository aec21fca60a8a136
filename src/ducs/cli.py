"""The ``ducs`` command line: reports on the bundled data and a validator for your fixtures.

Exit codes: 0 ok, 1 validation problems (or a lookup that found nothing), 2 usage error (bad
arguments, a missing extra, an unwritable folder). Errors are one line on stderr, never a
traceback; text from the data is printed without control characters, in any output encoding
(ASCII-only terminals get the names without their marks); a reader that closes the pipe early
(``ducs report --json | head -1``) ends the command quietly.

>>> main(["session", "2", "--json"])  # doctest: +ELLIPSIS
{
  "key": "ncdt-2",
  "committee": "ncdt",
  "number": 2,
  "date": "2022-04-27",
...
0
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
import unicodedata
from collections.abc import Sequence
from typing import Any, TextIO

import ducs
from ducs import report
from ducs.errors import DucsError, FixtureError, MissingExtraError, NotFoundError
from ducs.model import KINDS
from ducs.plots import save_recipe_figures
from ducs.progress import plan_progress_text
from ducs.render import TableRenderer, cell_text, text_table
from ducs.site import build as build_site
from ducs.text import strip_marks
from ducs.vocab import Pillar, Status

__all__ = ["build_parser", "main"]


_STATUS_STYLES = {
    Status.TARGET_MET: "bold green", Status.PARTLY_MET: "green", Status.ON_TRACK: "green",
    Status.MODERATE: "yellow", Status.INSUFFICIENT: "dark_orange", Status.DETERIORATION: "red",
    Status.NOT_MET: "bold red", Status.INSUFFICIENT_EVIDENCE: "dim", Status.NOT_ASSESSABLE: "dim",
}


def _clean(text: str) -> str:
    """Text from the data made safe for a terminal: control characters and escapes removed."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def _table_renderer() -> TableRenderer | None:
    """A rich table renderer when writing to a terminal and rich is installed, else None (plain).

    Status cells are coloured; the table takes the terminal's whole width, so nothing is cut
    when it fits.
    """
    if not sys.stdout.isatty():
        return None
    try:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text
    except ImportError:
        return None

    def cell(value: Any) -> Any:
        text = _clean(cell_text(value))
        style = _STATUS_STYLES.get(Status(text)) if text in _STATUS_VALUES else None
        return Text(text, style=style or "")

    def render(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
        table = Table(*headers, show_lines=False, header_style="bold")
        for row in rows:
            table.add_row(*(cell(value) for value in row))
        console = Console(force_terminal=True)
        with console.capture() as captured:
            console.print(table)
        return captured.get().rstrip("\n")

    return render


_STATUS_VALUES = {status.value for status in Status}


def _write(text: str, stream: TextIO | None = None) -> None:
    """Print ``text`` in any output encoding: marks dropped, then '?' for what still cannot go."""
    out = stream or sys.stdout
    try:
        out.write(text + "\n")
    except UnicodeEncodeError:
        encoding = out.encoding or "ascii"
        safe = strip_marks(text).encode(encoding, errors="replace").decode(encoding)
        out.write(safe + "\n")


def _print(text: str, *, from_renderer: bool = False) -> None:
    # a rich renderer's escapes are its own; anything else is cleaned of control characters
    _write(text if from_renderer else _clean(text))


def _print_json(data: Any) -> None:
    _write(json.dumps(data, ensure_ascii=not _can_encode(sys.stdout), indent=2, default=str, allow_nan=False))


def _can_encode(stream: TextIO) -> bool:
    try:
        "Quốc ễ".encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _error(message: str) -> None:
    _write(_clean(message), sys.stderr)


def _cmd_report(args: argparse.Namespace) -> int:
    ds = ducs.load(args.data)
    if args.json:
        plan = ds.plans.get(2022).progress() if 2022 in [p.year for p in ds.plans] else None
        _print_json({
            "dataset": {"title": ds.title, "data_version": ds.data_version, "cutoff": ds.cutoff.isoformat()},
            "committee": report.committee_section(ds),
            "sessions": [dict(zip(report.SESSION_HEADERS, row, strict=True)) for row in report.session_rows(list(ds.sessions))],
            "tasks_2022": [dict(zip(report.TASK_HEADERS, row, strict=True)) for row in report.task_rows(ds)],
            "plan_2022_headline": plan.headline() if plan else None,
            "figures_per_pillar": [dict(zip(report.PILLAR_HEADERS, row, strict=True)) for row in report.pillar_counts(ds)],
            "coverage": report.coverage(ds),
            "primary_sources": [dict(zip(report.SOURCE_HEADERS, row, strict=True))
                                for row in report.source_rows(ds, primary_only=True)],
            "most_cited": [dict(zip(["source", "url", "records"], row, strict=True)) for row in report.most_cited(ds)],
        })
    else:
        renderer = _table_renderer()
        _print(report.overview(ds, table=renderer), from_renderer=renderer is not None)
    return 0


def _session_key(text: str) -> int | str:
    """A session number written in ASCII digits (at most 6), else the text as a key."""
    cleaned = text.strip()
    if cleaned.isascii() and cleaned.isdecimal() and len(cleaned) <= 6:
        return int(cleaned)
    return cleaned


def _cmd_session(args: argparse.Namespace) -> int:
    ds = ducs.load(args.data)
    key = _session_key(args.number)
    if isinstance(key, str) and len(key) > 80:
        raise NotFoundError("session", key[:40] + "…")
    session = ds.sessions.get(key) if isinstance(key, int) else ds.all_sessions.get(key)
    if args.json:
        data = ducs.unstructure(session)
        data["figures"] = [str(obs) for obs in session.figures()]
        _print_json(data)
        return 0
    number = session.number if session.number is not None else "unknown"
    lines = [
        f"{session.committee.name_en} — session {number}, {session.date.isoformat()}",
        f"  time: {session.time or session.part_of_day or 'unknown'}; format: {session.format or 'unknown'}",
        f"  chair: {session.chair}",
        f"  reviews: {session.reviews or ''} {session.reviews_text}".rstrip(),
    ]
    for point in session.connection_points:
        people = "; ".join([str(person) for person in point.attendees] + list(point.groups))
        lines.append(f"  connection point {point.place}: {people}")
    if session.conclusions:
        lines.append("  conclusions:")
        lines += [f"    - {text}" for text in session.conclusions]
    for text in session.disagreements:
        lines.append(f"  sources disagree: {text}")
    figures = session.figures()
    if figures:
        lines.append(f"  figures ({len(figures)}):")
        lines += [f"    - {obs}" for obs in figures]
    lines.append(f"  sources: {', '.join(str(ref) for ref in session.sources)}")
    _print("\n".join(lines))
    return 0


def _cmd_province(args: argparse.Namespace) -> int:
    ds = ducs.load(args.data)
    province = ds.provinces.get(args.name, as_of=args.as_of, era=args.era)
    observations = province.observations()
    if args.json:
        data = ducs.unstructure(province)
        data["observations"] = [str(obs) for obs in observations]
        _print_json(data)
        return 0
    lines = [
        f"{province.name_vi} ({province.name_en}) — {province.kind.value}, code {province.code}, key {province.key}",
        f"  region: {province.region or 'unknown'}; in force {province.valid_from or '…'} to {province.valid_to or 'now'}",
    ]
    if province.successor is not None:
        lines.append(f"  became part of: {province.successor.name_vi} ({province.successor.key})")
    if province.predecessors:
        names = ", ".join(p.name_vi for p in province.predecessors)
        lines.append(f"  formed from: {names}")
    if province.steering_committee:
        head = province.steering_committee.head
        lines.append(f"  DT steering committee headed by: {head.value if head else 'unknown'}"
                     f" {province.steering_committee.head_name or ''}".rstrip())
    if province.dt_day:
        lines.append(f"  provincial DT day: {province.dt_day}")
    for official in province.officials:
        lines.append(f"  {official.post}: {official.name} (seen {official.seen or 'undated'})")
    for event in province.events:
        lines.append(f"  {event.date.isoformat()}: {event.description}")
    for resolution in province.resolutions:
        lines.append(f"  resolution {resolution.number or 'unknown'} ({resolution.issuer}): {resolution.title_en}")
    if province.note:
        lines += textwrap.wrap(province.note, width=100, initial_indent="  note: ", subsequent_indent="        ")
    if observations:
        lines.append(f"  figures ({len(observations)}):")
        lines += [f"    - {obs}" for obs in sorted(observations, key=lambda o: (o.period, o.indicator.key))]
    _print("\n".join(lines))
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    ds = ducs.load(args.data)
    rows = report.source_rows(ds, primary_only=not args.all)
    if args.json:
        _print_json([dict(zip(report.SOURCE_HEADERS, row, strict=True)) for row in rows])
    else:
        renderer = _table_renderer()
        _print((renderer or text_table)(report.SOURCE_HEADERS, rows), from_renderer=renderer is not None)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    if not args.path.strip():
        raise UsageError("validate needs a folder (got an empty path)")
    try:
        ds = ducs.load(args.path)
    except FixtureError as exc:
        if args.json:
            _print_json({"ok": False, "count": len(exc.problems),
                         "problems": [problem.to_dict() for problem in exc.problems]})
        else:
            _print(str(exc))
        return 1
    if args.json:
        _print_json({"ok": True, "count": 0, "problems": [], "summary": repr(ds)})
    else:
        _print(f"ok: {ds!r}")
    return 0


class UsageError(DucsError):
    """Bad arguments on the command line (exit code 2)."""


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # on the top parser and on every subcommand, so `ducs report --data X` works like `ducs --data X report`
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data", default=default, metavar="FOLDER",
                        help="a fixture folder to use instead of the bundled data")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="ducs", description="Vietnam's national digital transformation (chuyển đổi số), from cited data.")
    parser.add_argument("--version", action="version",
                        version=f"ducs {ducs.__version__} (data {ducs.__data_version__})")
    _global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=summary, description=description)
        command.add_argument("--json", action="store_true", help="print JSON for machines instead of text")
        _global_options(command, top=False)
        return command

    add("report", "overview of the data: committee, sessions, plan 2022, pillars, coverage",
        "The main report: the National Committee, its sessions, the 2022 plan's tasks, cited figures per "
        "pillar, what the evidence covers and what is missing, and the sources.").set_defaults(run=_cmd_report)
    session = add("session", "one session of the National Committee",
                  "One session: date and time in Vietnam, format, chair, connection points, conclusions, "
                  "figures reported and sources.")
    session.add_argument("number", help="the session's number (2) or key (ncdt-2022-12-25)")
    session.set_defaults(run=_cmd_session)
    province = add("province", "a province's profile",
                   "A province or centrally-run city: identity, lineage, DT facts and figures.")
    province.add_argument("name", help="a name in any spelling, an alias (HCMC), a GSO code or a key (02@2008)")
    province.add_argument("--as-of", default=None, metavar="DATE",
                          help="the day that picks the unit of a name used in both eras (default: the cut-off)")
    province.add_argument("--era", type=int, default=None, choices=[2008, 2025],
                          help="pick the unit of this era (63 units of 2008, 34 of 2025)")
    province.set_defaults(run=_cmd_province)
    sources = add("sources", "the sources and how many records cite each",
                  "The primary source documents (or, with --all, every source) and the records citing each.")
    sources.add_argument("--all", action="store_true", help="include every web page, not only the primary documents")
    sources.set_defaults(run=_cmd_sources)
    validate = add("validate", "check a fixture folder and list every problem",
                   "Load a fixture folder and list every problem in every file (file, record, field, line, "
                   "rule); exit 1 when there are problems.")
    validate.add_argument("path", help="the fixture folder to check")
    validate.set_defaults(run=_cmd_validate)
    progress = add("progress", "progress of a plan as of a date",
                   "A plan's headline (counts and coverage first), its tasks, its targets outside any task "
                   "and its pillars, as of a date.")
    progress.add_argument("year", type=int, help="the plan's year, e.g. 2022")
    progress.add_argument("--as-of", default=None, metavar="DATE",
                          help="YYYY-MM-DD or a period such as 2022 (its last day); default: the data's cut-off")
    progress.add_argument("--pillar", default=None, metavar="PILLAR",
                          help=f"only items of this pillar ({', '.join(p.value for p in Pillar)})")
    progress.add_argument("--profile", default="unsd", choices=["unsd", "opensdg"],
                          help="the threshold profile of the method (default unsd)")
    progress.set_defaults(run=_cmd_progress)
    export = add("export", "write the data as a Data Package of Parquet or CSV tables",
                 "Write every record, one table per kind, with a datapackage.json (Frictionless Data Package: "
                 "Table Schemas, keys, licence, sources) into FOLDER, which must be new or empty. "
                 "`ducs --data FOLDER ...` and ducs.load(FOLDER) read it back.")
    export.add_argument("folder", help="where to write the tables (new or empty)")
    export.add_argument("--format", default="parquet", choices=["parquet", "csv"],
                        help="parquet (needs the 'arrow' extra; the default) or csv")
    export.add_argument("--license", default=None, metavar="LICENSE",
                        help="the data's licence for datapackage.json (default: what meta.toml states)")
    export.set_defaults(run=_cmd_export)
    plots = sub.add_parser("plots", help="draw the recipe figures as PNG files (needs the 'plot' extra)",
                           description="Draw the figures of the docs' recipes as PNG files in FOLDER.")
    plots.add_argument("folder", help="where to write the PNG files (created if missing)")
    _global_options(plots, top=False)
    plots.set_defaults(run=_cmd_plots)
    site = sub.add_parser("site", help="build the static bilingual data site into a folder (needs the 'site' extra)",
                          description="Build the data site in Vietnamese and English into FOLDER: a page for "
                          "every indicator, target, task, province, session and source, with downloads and a "
                          "search; open FOLDER/index.html from disk.")
    site.add_argument("folder", help="a new or empty folder, or a site built before (it is rebuilt)")
    site.add_argument("--no-charts", action="store_true", help="skip drawing the SVG charts (faster)")
    _global_options(site, top=False)
    site.set_defaults(run=_cmd_site)
    return parser


def _cmd_export(args: argparse.Namespace) -> int:
    if not args.folder.strip():
        raise UsageError("export needs a folder (got an empty path)")
    ds = ducs.load(args.data)
    try:
        written = ds.export(args.folder, format=args.format, license=args.license)
    except OSError as exc:
        raise UsageError(f"cannot write to {args.folder}: {exc.strerror or exc}") from None
    if args.json:
        _print_json({"datapackage": str(written), "format": args.format,
                     "tables": {kind.name: len(ds.records(kind.name)) for kind in KINDS}})
    else:
        _print(f"{written} ({args.format}: {len(ds.observations)} observations, {len(ds.targets)} targets, "
               f"{len(ds.provinces)} provinces, …)")
    return 0


def _cmd_plots(args: argparse.Namespace) -> int:
    if not args.folder.strip():
        raise UsageError("plots needs a folder (got an empty path)")
    try:
        import matplotlib
    except ImportError:
        raise MissingExtraError("matplotlib", "plot") from None
    matplotlib.use("Agg")  # files only: never open a window
    ds = ducs.load(args.data)
    try:
        paths = save_recipe_figures(ds, args.folder)
    except OSError as exc:
        raise UsageError(f"cannot write figures to {args.folder}: {exc.strerror or exc}") from None
    for path in paths:
        _print(str(path))
    return 0


def _cmd_site(args: argparse.Namespace) -> int:
    summary = build_site(ducs.load(args.data), args.folder, charts=not args.no_charts)
    pages = sum(summary.pages.values())
    print(f"{summary.folder}: {pages} pages in each of 2 languages, {summary.charts} charts, "
          f"{summary.files} files; open {summary.folder / 'index.html'}")
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:
    ds = ducs.load(args.data)
    result = ds.plans.get(args.year).progress(as_of=args.as_of, profile=args.profile)
    selected = result.select(pillar=args.pillar)
    if args.json:
        data = ducs.unstructure(selected)
        data["headline"] = selected.headline()  # the same words as the text view
        for group, rolled in zip([data["overall"], *data["by_pillar"]], [selected.overall, *selected.by_pillar],
                                 strict=True):
            group["coverage"] = rolled.coverage
        _print_json(data)
    else:
        renderer = _table_renderer()
        _print(plan_progress_text(selected, table=renderer), from_renderer=renderer is not None)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 problems or not found, 2 usage)."""
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help and --version
            return int(exc.code or 0)
        return _run(args)
    except BrokenPipeError:
        # the reader closed the pipe (`ducs report | head -1`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _run(args: argparse.Namespace) -> int:
    try:
        code: int = args.run(args)
    except NotFoundError as exc:
        _error(f"ducs: {exc}")
        return 1
    except FixtureError as exc:
        _error(str(exc))
        return 1
    except (DucsError, ValueError) as exc:
        _error(f"ducs: {exc}")
        return 2
    except OSError as exc:  # e.g. a fixture folder that cannot be listed
        _error(f"ducs: {exc.strerror or exc}")
        return 2
    return code
