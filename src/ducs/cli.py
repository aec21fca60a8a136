"""The ``ducs`` command line: reports on the bundled data and a validator for your fixtures.

Exit codes: 0 ok, 1 validation problems (or a lookup that found nothing), 2 usage error.

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
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

import ducs
from ducs import report
from ducs.errors import DucsError, FixtureError, MissingExtraError, NotFoundError
from ducs.plots import save_recipe_figures
from ducs.progress import plan_progress_text
from ducs.render import TableRenderer, cell_text, text_table

__all__ = ["build_parser", "main"]


def _table_renderer() -> TableRenderer | None:
    """A rich table renderer when writing to a terminal and rich is installed, else None (plain)."""
    if not sys.stdout.isatty():
        return None
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        return None

    def render(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
        table = Table(*headers, show_lines=False, header_style="bold")
        for row in rows:
            table.add_row(*(cell_text(value) for value in row))
        console = Console(force_terminal=True)
        with console.capture() as captured:
            console.print(table)
        return captured.get().rstrip("\n")

    return render


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _cmd_report(args: argparse.Namespace) -> int:
    ds = ducs.load(args.data)
    if args.json:
        _print_json({
            "committee": report.committee_section(ds),
            "sessions": [dict(zip(report.SESSION_HEADERS, row, strict=True)) for row in report.session_rows(list(ds.sessions))],
            "tasks_2022": [dict(zip(report.TASK_HEADERS, row, strict=True)) for row in report.task_rows(ds)],
            "figures_per_pillar": [dict(zip(report.PILLAR_HEADERS, row, strict=True)) for row in report.pillar_counts(ds)],
            "coverage": report.coverage(ds),
        })
    else:
        print(report.overview(ds, table=_table_renderer()))
    return 0


def _cmd_session(args: argparse.Namespace) -> int:
    ds = ducs.load(args.data)
    key: int | str = int(args.number) if args.number.isdigit() else args.number
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
        people = "; ".join(str(person) for person in point.attendees)
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
    print("\n".join(lines))
    return 0


def _cmd_province(args: argparse.Namespace) -> int:
    ds = ducs.load(args.data)
    province = ds.provinces.get(args.name, as_of=args.as_of)
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
    for resolution in province.resolutions:
        lines.append(f"  resolution {resolution.number or 'unknown'} ({resolution.issuer}): {resolution.title_en}")
    if province.note:
        lines += textwrap.wrap(province.note, width=100, initial_indent="  note: ", subsequent_indent="        ")
    if observations:
        lines.append(f"  figures ({len(observations)}):")
        lines += [f"    - {obs}" for obs in sorted(observations, key=lambda o: (o.period, o.indicator.key))]
    print("\n".join(lines))
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    ds = ducs.load(args.data)
    rows = report.source_rows(ds, primary_only=not args.all)
    if args.json:
        _print_json([dict(zip(report.SOURCE_HEADERS, row, strict=True)) for row in rows])
    else:
        print((_table_renderer() or text_table)(report.SOURCE_HEADERS, rows))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    try:
        ds = ducs.load(args.path)
    except FixtureError as exc:
        if args.json:
            _print_json([{"file": p.file, "path": p.path, "message": p.message} for p in exc.problems])
        else:
            print(exc)
        return 1
    if args.json:
        _print_json({"ok": True, "summary": repr(ds)})
    else:
        print(f"ok: {ds!r}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(prog="ducs", description="Vietnam's national digital transformation, from cited data.")
    parser.add_argument("--data", default=None, help="a fixture folder to use instead of the bundled data")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--json", action="store_true", help="print JSON for machines")
        return command

    add("report", "overview: committee, sessions, plan 2022, figures per pillar, coverage").set_defaults(run=_cmd_report)
    session = add("session", "one session of the National Committee (a number, or a key)")
    session.add_argument("number")
    session.set_defaults(run=_cmd_session)
    province = add("province", "a province's profile (name in any spelling, code or key)")
    province.add_argument("name")
    province.add_argument("--as-of", default=None, help="resolve a name used in both eras (YYYY-MM-DD)")
    province.set_defaults(run=_cmd_province)
    sources = add("sources", "the sources and how many records cite each")
    sources.add_argument("--all", action="store_true", help="include every web page, not only the primary documents")
    sources.set_defaults(run=_cmd_sources)
    validate = add("validate", "check a fixture folder and list every problem")
    validate.add_argument("path")
    validate.set_defaults(run=_cmd_validate)
    _add_progress(add("progress", "progress of a plan (e.g. 2022) as of a date"))
    plots = sub.add_parser("plots", help="draw the recipe figures as PNG files (needs the 'plot' extra)")
    plots.add_argument("folder")
    plots.set_defaults(run=_cmd_plots)
    return parser


def _add_progress(command: argparse.ArgumentParser) -> None:
    command.add_argument("year", type=int)
    command.add_argument("--as-of", default=None, help="YYYY-MM-DD; default: the data's cut-off date")
    command.add_argument("--pillar", default=None, help="only tasks of this pillar (e.g. digital_government)")
    command.add_argument("--profile", default="unsd", choices=["unsd", "opensdg"])
    command.set_defaults(run=_cmd_progress)


def _cmd_plots(args: argparse.Namespace) -> int:
    try:
        import matplotlib
    except ImportError:
        raise MissingExtraError("matplotlib", "plot") from None
    matplotlib.use("Agg")  # files only: never open a window
    for path in save_recipe_figures(ducs.load(args.data), args.folder):
        print(path)
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
        print(plan_progress_text(selected, table=_table_renderer()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        code: int = args.run(args)
    except NotFoundError as exc:
        print(f"ducs: {exc}", file=sys.stderr)
        return 1
    except FixtureError as exc:
        print(exc, file=sys.stderr)
        return 1
    except (DucsError, ValueError) as exc:
        print(f"ducs: {exc}", file=sys.stderr)
        return 2
    return code

