"""The `wirewatch` command: a thin Typer layer over the Python API (`wirewatch.api`)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from wirewatch import config
from wirewatch import queries as Q  # noqa: N812 - the read side, one module per resource
from wirewatch.api import DEFAULT_DATA_DIR, Wirewatch, analyze_paths
from wirewatch.model import Reject
from wirewatch.params import BadParameter
from wirewatch.serve.encode import jsonable

app = typer.Typer(help="Wirewatch: a live, queryable picture of the world from news articles.",
                  no_args_is_help=True, add_completion=False)
console = Console()
err = Console(stderr=True)

_SETTING = {row["name"]: row for row in config.table()}

# Exit statuses of `ingest` and `analyze` (README, "Exit status"): scripts can tell "stored
# something" from "every input was refused" from "some pages were refused" without parsing text.
EXIT_OK = 0          # every input used (ingest: at least one article stored or already stored)
EXIT_ERROR = 1       # the store cannot be opened (in use by another process, ...)
EXIT_USAGE = 2       # a bad option or parameter, a missing path
EXIT_NOTHING = 3     # nothing accepted: every input was rejected, or no input was found
EXIT_PARTIAL = 4     # analyze only: some inputs rejected, the others analysed and printed


def _help(name: str) -> str:
    """A setting's help, default and environment variable, as config.py says them once."""
    row = _SETTING[name]
    env = f", ${row['env']}" if row["env"] else ""
    default = "" if row["default"] is None else f"default {row['default']}"
    sep = ", " if default and env else ""
    return f"{row['help']} ({default}{sep}{env.lstrip(', ')})" if default or env else row["help"]


DataOpt = Annotated[Path, typer.Option("--data", "-d", help="Data directory (the store).",
                                       envvar=_SETTING["data_dir"]["env"])]
FieldOpt = Annotated[list[str] | None, typer.Option(
    "--field", help="JSON/CSV field mapping OURS=THEIRS, e.g. --field text=content_original.")]
KafkaConfigOpt = Annotated[list[str] | None, typer.Option(
    "--kafka-config", help="librdkafka setting KEY=VALUE (repeatable), e.g. "
    "security.protocol=SASL_SSL.")]
ArticlesTopicOpt = Annotated[str | None, typer.Option(help="Topic of raw articles.")]
AnalysesTopicOpt = Annotated[str | None, typer.Option(help="Topic of analyses.")]


def _field_map(fields: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in fields or []:
        ours, sep, theirs = item.partition("=")
        if not sep or not ours or not theirs:
            raise typer.BadParameter(f"expected OURS=THEIRS, got {item!r}", param_hint="--field")
        mapping[ours.strip()] = theirs.strip()
    return mapping


@contextmanager
def _open(data: Path, **kwargs: Any) -> Iterator[Wirewatch]:
    """The store in `data`; when `wirewatch serve` holds it, a read command (no `kwargs`)
    reads through the service instead (wirewatch/remote.py), with the same output."""
    from wirewatch.store.writer import StoreLocked

    try:
        ww: Any = Wirewatch(data, **kwargs)
    except StoreLocked as exc:
        ww = None if kwargs else _service(data)
        if ww is None:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
    try:
        yield ww
    except StoreLocked as exc:  # a command that needs the store itself, through the service
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    except BadParameter as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc
    except (ValueError, duckdb.InvalidInputException, duckdb.BinderException,
            duckdb.ConversionException, duckdb.OutOfRangeException) as exc:
        # a value the query could not take (a negative --limit, an odd date): one line, not
        # a traceback
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "LIMIT/OFFSET cannot be negative" in message:
            message = "--limit: must be 0 or more"
        err.print(f"[red]error:[/red] {escape(message)}")
        raise typer.Exit(EXIT_USAGE) from exc
    finally:
        ww.close()


def _service(data: Path) -> Any:
    """The running service of `data` as a reader (`remote.Remote`), or None."""
    from wirewatch import remote

    return remote.find(data)


class _IngestProgress:
    """Rich progress bar fed by the engine's progress callback: records done of `total` (the
    records counted before the ingest, `sources.counting`), rate, elapsed time and ETA; a
    spinner without a total. Shown only on a terminal: a log or a pipe gets the one-line
    summary instead."""

    def __init__(self, total: int | None = None) -> None:
        done = "{task.completed:,.0f}" + ("/{task.total:,.0f} records" if total else " articles")
        self.progress = Progress(
            SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
            TextColumn(done), TextColumn("{task.fields[rate]}"),
            TextColumn("{task.fields[detail]}"), TimeElapsedColumn(),
            *([TextColumn("eta"), TimeRemainingColumn()] if total else []), console=err,
            transient=False, disable=not err.is_terminal)
        self.total = total
        self.task = self.progress.add_task("ingest", total=total, rate="", detail="")
        self.started = time.perf_counter()

    def __call__(self, processed: int, detail: str = "", summary: Any = None,
                 **_: Any) -> None:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        done = processed + (summary.rejected if summary is not None else 0)  # rejects count too
        if self.total is not None and done > self.total:  # the count was an estimate
            self.total = done
            self.progress.update(self.task, total=done)
        self.progress.update(self.task, completed=done, rate=f"{processed / elapsed:,.0f}/s",
                             detail=detail)

    def __enter__(self) -> _IngestProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def _print_summary(summary: Any) -> None:
    if not console.is_terminal:  # a log or a pipe: one line, greppable
        reasons = ", ".join(f"{reason} {count:,}" for reason, count in
                            sorted(summary.reasons.items(), key=lambda kv: -kv[1]))
        print(f"ingest: accepted {summary.accepted:,}, duplicates {summary.duplicates:,}, "
              f"rejected {summary.rejected:,}" + (f" ({reasons})" if reasons else "")
              + f"; {summary.elapsed:.1f} s, {summary.articles_per_s:,.1f} articles/s")
        return
    table = Table(title="Ingest summary", show_header=False)
    table.add_row("accepted", f"{summary.accepted:,}")
    table.add_row("duplicates", f"{summary.duplicates:,}")
    table.add_row("rejected", f"{summary.rejected:,}")
    for reason, count in sorted(summary.reasons.items(), key=lambda kv: -kv[1]):
        table.add_row(f"  rejected: {reason}", f"{count:,}")
    table.add_row("elapsed", f"{summary.elapsed:.1f} s")
    table.add_row("rate", f"{summary.articles_per_s:,.1f} articles/s")
    console.print(table)


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files and folders to ingest.")] = None,
    feed: Annotated[list[str] | None, typer.Option("--feed", help="RSS/Atom feed URL.")] = None,
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    field: FieldOpt = None,
    max_bytes: Annotated[int | None, typer.Option(help="Reject files larger than this.")] = None,
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", help="Allow feed URLs on loopback/private addresses.")] = False,
    workers: Annotated[int, typer.Option(help="Analysis worker processes.")] = 2,
    to_broker: Annotated[str | None, typer.Option(
        "--to-broker", help="Publish to this Kafka broker (HOST:PORT) for `wirewatch worker`s "
        "instead of storing here.")] = None,
    kafka_config: KafkaConfigOpt = None,
    articles_topic: ArticlesTopicOpt = None,
    analyses_topic: AnalysesTopicOpt = None,
) -> None:
    """Ingest files, folders (.txt .html .json .jsonl .csv .xml/.rss/.atom, .gz) and feeds.

    Exit status:
    0 = at least one article stored (or already stored);
    3 = nothing accepted: every input rejected or none found (`wirewatch rejects`);
    2 = a bad option or a missing path; 1 = the store cannot be opened.
    """
    if not paths and not feed:
        raise typer.BadParameter("give at least one PATH or --feed URL")
    missing = [str(p) for p in paths or [] if not p.exists()]
    if missing:
        err.print(f"[red]error:[/red] no such file or folder: {', '.join(missing)}")
        raise typer.Exit(2)
    if to_broker:
        _publish(to_broker, paths or [], feed or [], field=field, max_bytes=max_bytes,
                 allow_private=allow_private, kafka_config=kafka_config,
                 articles_topic=articles_topic, analyses_topic=analyses_topic)
        return
    total = None
    if paths and err.is_terminal:  # the bar's total: records counted first (a quick pass)
        from wirewatch.sources.counting import count_records

        total = count_records(paths) if not feed else None
    # A running service owns the store (it announced itself in <data>/service.json): it
    # stores the files' articles (remote.Remote.ingest). Feeds it polls itself.
    service = None if feed else _service(data)
    if service is not None:
        from wirewatch.parse import ParseOptions

        with service, _IngestProgress(total) as bar:
            summaries = [service.ingest(data, list(paths or []), ParseOptions(
                field_map=_field_map(field)), max_bytes=max_bytes, progress=bar)]
    else:
        with _open(data, field_map=_field_map(field), max_bytes=max_bytes,
                   allow_private=allow_private, workers=workers) as ww, \
                _IngestProgress(total) as bar:
            summaries = []
            if paths:
                summaries.append(ww.ingest(paths, progress=bar))
            for url in feed or []:
                summaries.append(ww.ingest_feed(url, progress=bar))
    for summary in summaries:
        _print_summary(summary)
    if _nothing_accepted(summaries, bool(paths)):
        err.print("[red]nothing accepted[/red]: every input was rejected or none was found "
                  "(`wirewatch rejects` lists why)")
        raise typer.Exit(EXIT_NOTHING)


def _nothing_accepted(summaries: list[Any], had_paths: bool) -> bool:
    """No article stored or already stored, and something was refused (or files were given
    and held nothing). A feed that answered "not modified" (nothing new, nothing refused) is
    not a failure; re-ingesting stored files (all duplicates) is not either."""
    used = sum(s.accepted + s.duplicates for s in summaries)
    refused = sum(s.rejected for s in summaries)
    return used == 0 and (refused > 0 or had_paths)


@app.command()
def articles(
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    q: Annotated[str | None, typer.Option("--q", "-q", help="Keyword in title or body.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name.")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 language code.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on/after (ISO date).")] = None,
    until: Annotated[str | None, typer.Option(help="Published before (ISO date).")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """List and filter stored articles."""
    with _open(data) as ww:
        filters = {"q": q, "outlet": outlet, "language": language, "since": since,
                   "until": until}
        rows = ww.read(Q.articles.articles, search=ww.store.reader.search, limit=limit,
                       **filters)
        if as_json:
            _print_json_lines(rows)
            return
        title = _articles_title(ww, len(rows), limit, filters)
    table = Table(title=title)
    for col in ("id", "published_at", "outlet", "language", "title"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(str(row["id"]), str(row["published_at"] or "?"), str(row["outlet"] or ""),
                      str(row["language"] or ""), str(row["title"] or ""))
    console.print(table)


_COUNT_CAP = 100_000  # matching articles counted for a title; past it, "more than"


def _articles_title(ww: Wirewatch, shown: int, limit: int, filters: dict[str, Any]) -> str:
    """ "20 of 301 articles" (or "… matching articles" with filters): how many are shown of
    how many there are, so that a full page does not read as the whole store."""
    filtered = any(v not in (None, "") for v in filters.values())
    noun = "matching articles" if filtered else "articles"
    if shown < limit:  # the page holds every match
        total = shown
    elif not filtered:
        total = int(ww.read(Q.counts.counts)["articles"])
    else:
        total = len(ww.read(Q.articles.articles, search=ww.store.reader.search,
                            limit=_COUNT_CAP + 1, **filters))
        if total > _COUNT_CAP:
            return f"{shown:,} of more than {_COUNT_CAP:,} {noun}"
    return f"{shown:,} of {total:,} {noun}"


def _document(data: Path, query: Any, table: str, key: str, what: str) -> dict[str, Any]:
    """One object by id (a unique prefix will do) through `query`, or exit 1 naming `what`."""
    with _open(data) as ww:
        doc = ww.read(query, ww.resolve(table, key))
    if doc is None:
        err.print(f"[red]error:[/red] no {what} {key!r}")
        raise typer.Exit(1)
    return doc


def _print_json_lines(rows: list[dict[str, Any]]) -> None:
    """`--json` of a list command: one row per line, encoded as the HTTP API encodes it."""
    for row in rows:
        print(json.dumps(jsonable(row), ensure_ascii=False))


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (a unique prefix will do).")],
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    as_json: Annotated[bool, typer.Option("--json", help="The analysis document.")] = False,
) -> None:
    """Print one article: its zones and (when analysed) its annotations."""
    with _open(data) as ww:
        doc = ww.article(article_id)
    if doc is None:
        err.print(f"[red]error:[/red] no article {article_id!r}")
        raise typer.Exit(1)
    if as_json:
        print(json.dumps(jsonable(doc), ensure_ascii=False))
    else:
        _print_document(doc)


def _print_document(doc: dict[str, Any]) -> None:
    """Human-readable view of an analysis document: zones first, then annotations."""
    art = doc["article"]
    console.rule(f"[bold]{escape(art.get('title') or '(untitled)')}")
    meta = [f"id {art['id']}", art.get("outlet") or "", art.get("url") or "",
            f"published {art.get('published_at') or 'unknown'}"
            + (f" ({art['published_precision']})" if art.get("published_precision") else ""),
            f"language {art.get('language') or '?'}"]
    console.print(escape(" · ".join(m for m in meta if m)), style="dim")
    if art.get("dek"):
        console.print(f"[italic]{escape(art['dek'])}[/italic]")
    for cap in art.get("captions") or []:
        credit = f" [dim]({escape(cap['credit'])})[/dim]" if cap.get("credit") else ""
        console.print(f"[cyan]caption:[/cyan] {escape(cap['text'])}{credit}")
    for hl in art.get("highlights") or []:
        console.print(f"  • {escape(hl)}")
    for section in art.get("sections") or []:
        if section.get("heading"):
            console.print(f"\n[bold underline]{escape(section['heading'])}[/bold underline]")
        for para in section.get("paragraphs") or []:
            console.print(escape(para) + "\n", highlight=False)
    if art.get("tags"):
        console.print(f"[cyan]tags:[/cyan] {', '.join(art['tags'])}")
    if art.get("authors"):
        console.print(f"[cyan]authors:[/cyan] {', '.join(art['authors'])}")
    _print_annotations(doc)


def _print_annotations(doc: dict[str, Any]) -> None:
    if doc.get("entities"):
        table = Table(title="Entities")
        for col in ("name", "type", "code", "roles", "mentions"):
            table.add_column(col, overflow="fold")
        for ent in doc["entities"]:
            roles = ", ".join(r.get("role", "") for r in ent.get("roles") or [])
            table.add_row(ent["name"], ent["type"], ent.get("code") or "", roles,
                          str(len(ent.get("mentions") or [])))
        console.print(table)
    for ev in doc.get("events") or []:
        src = ", ".join(a["name"] for a in ev.get("source") or [])
        tgt = ", ".join(a["name"] for a in ev.get("target") or [])
        console.print(f"[magenta]{ev['type']}[/magenta]/{ev.get('mode') or '-'} "
                      f"{escape(src)} → {escape(tgt)} "
                      f"{escape('[' + str(ev.get('modality')) + ']')} {ev.get('date') or ''}"
                      + (f" @ {escape(ev['location']['name'])}" if ev.get("location") else ""))
        console.print(f"    [dim]“{escape(ev['evidence']['sentence'])}”[/dim]", highlight=False)
    for q in doc.get("quotes") or []:
        console.print(f"[green]{q['kind']} quote[/green] {escape(q.get('speaker') or '?')}: "
                      f"“{escape(q['text'])}”", highlight=False)
    for a in doc.get("attributions") or []:
        console.print(f"[yellow]attributed to {escape(a['outlet'])}[/yellow]: {escape(a['claim'])}",
                      highlight=False)
    if doc.get("timex"):
        console.print("[cyan]time:[/cyan] " + "; ".join(
            f"{t['text']} = {t['value']}" for t in doc["timex"]))
    tone = doc.get("tone")
    if tone:
        console.print(f"[cyan]tone:[/cyan] {tone['score']:+.1f} "
                      f"(conflict share {tone['conflict_share']:.1%})")
    for kp in doc.get("keypoints") or []:
        console.print(f"[cyan]key point:[/cyan] {escape(kp)}", highlight=False)
    if doc.get("tags"):
        console.print(f"[cyan]tags:[/cyan] {', '.join(doc['tags'])}")


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to analyse.")],
    as_json: Annotated[bool, typer.Option("--json", help="One analysis document per line.")
                       ] = False,
    field: FieldOpt = None,
    max_bytes: Annotated[int | None, typer.Option(help="Reject files larger than this.")] = None,
) -> None:
    """Parse and analyse articles without storing them (the machine interface with --json).

    Rejected inputs are reported on stderr; the others are still printed.

    Exit status:
    0 = every input analysed; 4 = some rejected, the others printed;
    3 = nothing analysed (all rejected); 2 = a bad option or a missing path.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        err.print(f"[red]error:[/red] no such file or folder: {', '.join(missing)}")
        raise typer.Exit(2)
    rejected = analysed = 0
    for item in analyze_paths(paths, field_map=_field_map(field), max_bytes=max_bytes):
        if isinstance(item, Reject):
            rejected += 1
            err.print(f"[yellow]rejected[/yellow] {item.origin}: {item.reason} {item.detail}")
            continue
        analysed += 1
        if as_json:
            sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        else:
            _print_document(item.to_dict())
    if rejected:
        raise typer.Exit(EXIT_PARTIAL if analysed else EXIT_NOTHING)
    if not analysed:
        err.print("[red]nothing analysed[/red]: no article found in the input")
        raise typer.Exit(EXIT_NOTHING)


@app.command()
def rejects(
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
) -> None:
    """List rejected inputs with their reasons."""
    with _open(data) as ww:
        rows = ww.read(Q.rejects.rejects, limit=limit)
    table = Table(title=f"{len(rows)} rejects")
    for col in ("at", "reason", "origin", "detail"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(str(row["at"]), str(row["reason"]), str(row["origin"]),
                      str(row["detail"] or ""))
    console.print(table)


@app.command()
def serve(
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    host: Annotated[str | None, typer.Option(help=_help("host"), show_default=False)] = None,
    port: Annotated[int | None, typer.Option(help=_help("port"), show_default=False)] = None,
    feeds: Annotated[Path | None, typer.Option(help=_help("feeds"))] = None,
    no_feeds: Annotated[bool, typer.Option("--no-feeds", help="Do not poll feeds.")] = False,
    no_samples: Annotated[bool, typer.Option(
        "--no-samples", help="Do not load the sample articles into an empty store.")] = False,
    poll_interval: Annotated[float | None, typer.Option(
        help=_help("poll_interval"), show_default=False)] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private",
                                                help=_help("allow_private"))] = False,
    workers: Annotated[int | None, typer.Option(help=_help("workers"), show_default=False)
                       ] = None,
    broker: Annotated[str | None, typer.Option(
        "--broker", help="Also store the analyses `wirewatch worker`s publish to this Kafka "
        "broker (HOST:PORT).")] = None,
    kafka_config: KafkaConfigOpt = None,
    articles_topic: ArticlesTopicOpt = None,
    analyses_topic: AnalysesTopicOpt = None,
    alerts: Annotated[Path | None, typer.Option(help=_help("alerts"))] = None,
    alert_webhook: Annotated[str | None, typer.Option(help=_help("alert_webhook"))] = None,
) -> None:
    """Run the service: sources, workers, the writer and the HTTP API (docs/settings.md)."""
    from wirewatch import api

    brokered = _broker(broker, kafka_config, articles_topic, analyses_topic) if broker else None
    api.serve(broker=brokered, data_dir=data, host=host, port=port, feeds=feeds,
              poll_feeds=False if no_feeds else None, load_samples=False if no_samples else None,
              poll_interval=poll_interval, allow_private=allow_private or None,
              workers=workers, alerts=alerts, alert_webhook=alert_webhook)


@app.command()
def stories(
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    q: Annotated[str | None, typer.Option("--q", "-q", help="Word in the title or top terms.")
                 ] = None,
    outlet: Annotated[str | None, typer.Option(help="Stories with this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Active on/after (ISO date).")] = None,
    min_articles: Annotated[int, typer.Option(help="Smallest story shown.")] = 2,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """List stories: articles from many outlets about one happening."""
    with _open(data) as ww:
        rows = ww.read(Q.stories.stories, q=q, outlet=outlet, since=since,
                       min_articles=min_articles, limit=limit)
    if as_json:
        _print_json_lines(rows)
        return
    table = Table(title=f"{len(rows)} stories")
    for col in ("id", "last_seen", "articles", "outlets", "events", "title"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(str(row["id"]), str(row["last_seen"]), str(row["num_articles"]),
                      str(row["num_outlets"]), str(row["num_events"]),
                      escape(str(row["title"] or "")))
    console.print(table)


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="Story id (a unique prefix will do).")],
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """One story: title, key points, articles and outlets, merged events."""
    doc = _document(data, Q.stories.story, "stories", story_id, "story")
    if as_json:
        print(json.dumps(jsonable(doc), ensure_ascii=False))
        return
    console.print(f"[bold]{escape(str(doc['title'] or '(untitled)'))}[/bold]")
    console.print(f"{doc['num_articles']} articles from {doc['num_outlets']} outlets, "
                  f"{doc['first_seen']} … {doc['last_seen']}")
    for kp in doc["keypoints"] or []:
        console.print(f"  • {escape(kp)}")
    table = Table(title="articles")
    for col in ("id", "seen_at", "outlet", "copy of", "title"):
        table.add_column(col, overflow="fold")
    for row in doc["articles"]:
        table.add_row(str(row["id"]), str(row["seen_at"]), escape(str(row["outlet"] or "")),
                      _txt(row["duplicate_of"]), escape(str(row["title"] or "")))
    console.print(table)
    _print_clusters(doc["events"], title="merged events")


@app.command()
def storylines(
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    q: Annotated[str | None, typer.Option("--q", "-q", help="Word in the title, an actor or a "
                                          "top term.")] = None,
    since: Annotated[str | None, typer.Option(help="Active on/after (ISO date).")] = None,
    min_stories: Annotated[int, typer.Option(help="Smallest storyline shown.")] = 2,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 20,
    rebuild: Annotated[bool, typer.Option(
        "--rebuild", help="Recompute every storyline from the stored stories first.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """List storylines: stories that continue one another (shared actors and terms, weeks)."""
    with _open(data) as ww:
        if rebuild:
            err.print(f"rebuilt {ww.rebuild_storylines()} storylines")
        rows = ww.read(Q.storylines.storylines, q=q, since=since, min_stories=min_stories,
                       limit=limit)
    if as_json:
        _print_json_lines(rows)
        return
    table = Table(title=f"{len(rows)} storylines")
    for col in ("id", "first_seen", "last_seen", "stories", "articles", "sources", "title"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(str(row["id"]), str(row["first_seen"])[:10], str(row["last_seen"])[:10],
                      str(row["num_stories"]), str(row["num_articles"]),
                      str(row["num_sources"]), escape(str(row["title"] or "")))
    console.print(table)


@app.command()
def storyline(
    storyline_id: Annotated[str, typer.Argument(help="Storyline id (a unique prefix will do).")],
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """One storyline: its stories on a timeline."""
    doc = _document(data, Q.storylines.storyline, "storylines", storyline_id, "storyline")
    if as_json:
        print(json.dumps(jsonable(doc), ensure_ascii=False))
        return
    console.print(f"[bold]{escape(str(doc['title'] or '(untitled)'))}[/bold]")
    console.print(f"{doc['num_stories']} stories, {doc['num_articles']} articles from "
                  f"{doc['num_sources']} sources, {str(doc['first_seen'])[:10]} … "
                  f"{str(doc['last_seen'])[:10]}")
    if doc["actors"]:
        console.print("actors: " + escape(", ".join(doc["actors"])))
    table = Table(title="stories")
    for col in ("first seen", "last seen", "articles", "sources", "story", "title"):
        table.add_column(col, overflow="fold")
    for row in doc["stories"]:
        table.add_row(str(row["first_seen"])[:16], str(row["last_seen"])[:16],
                      str(row["num_articles"]), str(row["num_sources"]), str(row["id"]),
                      escape(str(row["title"] or "")))
    console.print(table)


def _print_clusters(rows: list[dict[str, Any]], title: str) -> None:
    table = Table(title=f"{len(rows)} {title}")
    for col in ("id", "type", "source → target", "where", "date", "modality", "articles",
                "sources", "evidence"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(str(row["id"]), str(row["type"]),
                      f"{','.join(row['source'])} → {','.join(row['target'])}",
                      escape(_txt(row["location_name"]) or "—"), _txt(row["date"]) or "—",
                      str(row["modality"]), str(row["num_articles"]), str(row["num_sources"]),
                      escape(str(row["evidence"] or ""))[:160])
    console.print(table)


@app.command("event-clusters")
def event_clusters(
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 country (actor or place).")
                       ] = None,
    modality: Annotated[str | None, typer.Option(help="Current modality.")] = None,
    min_sources: Annotated[int, typer.Option(help="Independent sources at least.")] = 1,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """List merged events: one row per real-world event, with its report counts."""
    with _open(data) as ww:
        rows = ww.read(Q.clusters.event_clusters, type=type_, country=country,
                       modality=modality, min_sources=min_sources, limit=limit)
    if as_json:
        _print_json_lines(rows)
        return
    _print_clusters(rows, title="merged events")


@app.command("event-cluster")
def event_cluster(
    cluster_id: Annotated[str, typer.Argument(help="Merged event id.")],
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """One merged event: its state history and every report of it."""
    doc = _document(data, Q.clusters.event_cluster, "event_clusters", cluster_id,
                    "merged event")
    if as_json:
        print(json.dumps(jsonable(doc), ensure_ascii=False))
        return
    reports = doc["reports"]
    console.print(f"[bold]{doc['type']}[/bold] {','.join(doc['source'])} → "
                  f"{','.join(doc['target'])} {escape(str(doc['location_name'] or ''))} "
                  f"{doc['date'] or ''}: {doc['num_articles']} articles, "
                  f"{doc['num_sources']} independent sources")
    console.print("modality: " + " → ".join(
        f"{h['modality']} ({h['at'][:10]})" for h in doc["modality_history"]))
    table = Table(title=f"{len(reports)} reports")
    for col in ("reported_at", "outlet", "modality", "copy of", "sentence"):
        table.add_column(col, overflow="fold")
    for row in reports:
        table.add_row(str(row["reported_at"]), escape(str(row["outlet"] or "")),
                      str(row["modality"]), _txt(row["duplicate_of"]),
                      escape(str(row["evidence_sentence"] or "")))
    console.print(table)


@app.command()
def events(
    data: DataOpt = Path(DEFAULT_DATA_DIR),
    actor: Annotated[str | None, typer.Option(
        help="An actor on either side: name contains this, or country/actor code (USA, "
             "USAGOV).")] = None,
    source: Annotated[str | None, typer.Option(help="Like --actor, source side only.")
                      ] = None,
    target: Annotated[str | None, typer.Option(help="Like --actor, target side only.")
                      ] = None,
    pair: Annotated[str | None, typer.Option(
        help="Country pair USA,CHN (either direction); one code: either side.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    mode: Annotated[str | None, typer.Option(help="PLOVER mode (e.g. visit, phone).")] = None,
    modality: Annotated[str | None, typer.Option(
        help="occurred, planned, possible, cancelled, postponed, denied, negated, "
             "hypothetical.")] = None,
    since: Annotated[str | None, typer.Option(help="Event date on/after (ISO date).")] = None,
    until: Annotated[str | None, typer.Option(help="Event date on/before (ISO date).")] = None,
    min_confidence: Annotated[float | None, typer.Option(
        help="Only events the coder is at least this sure of (0 to 1, e.g. 0.8).")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """List events as coded in each article: who did what to whom, where, when, how sure."""
    with _open(data) as ww:
        try:
            rows = ww.read(Q.events.events, actor=actor, source=source, target=target,
                           pair=pair, type=type_, mode=mode, modality=modality, since=since,
                           until=until, min_confidence=min_confidence, limit=limit)
        except BadParameter:
            raise
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
    if as_json:
        _print_json_lines(rows)
        return
    table = Table(title=f"{len(rows)} events", expand=True)
    table.add_column("date", no_wrap=True)
    table.add_column("type/mode", no_wrap=True)
    table.add_column("source → target", ratio=2, overflow="fold")
    table.add_column("modality", no_wrap=True)
    table.add_column("where", ratio=1, overflow="fold")
    table.add_column("article", no_wrap=True)
    table.add_column("evidence", ratio=4, overflow="fold")
    for row in rows:
        table.add_row(_txt(row["day"]), f"{row['type']}/{_txt(row['mode']) or '-'}",
                      escape(f"{_actors(row['source'])} → {_actors(row['target'])}"),
                      str(row["modality"]), escape(_txt(row["location_name"])),
                      str(row["article_id"])[:8],
                      escape(str(row["evidence_sentence"] or ""))[:240])
    console.print(table)


def _actors(side: Any) -> str:
    """Actor list of an events row → "Antony Blinken (USAGOV), ..."."""
    out = []
    for a in list(side) if side is not None else []:
        code = f"{a.get('country') or ''}{a.get('sector') or ''}"
        out.append(f"{a['name']} ({code})" if code else str(a["name"]))
    return ", ".join(out) or "?"


@app.command()
def export(
    format_: Annotated[str, typer.Option("--format", help="gdelt | plover | parquet.")],
    out: Annotated[Path, typer.Option(help="Output file (gdelt, plover) or folder (parquet).")],
    data: DataOpt = Path(DEFAULT_DATA_DIR),
) -> None:
    """Export events as GDELT 2.0 rows or PLOVER JSON lines, or every table as Parquet."""
    from wirewatch.exports import FORMATS

    if format_.lower() not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    with _open(data) as ww:
        summary = ww.export(format_, out)
    for name, n in summary.rows.items():
        console.print(f"{name}: {n:,} rows")
    console.print(f"wrote {summary.format} to {summary.path}")


def _txt(value: Any) -> str:
    """A table cell: None → empty."""
    return "" if value is None else str(value)


@app.command()
def worker(
    broker: Annotated[str, typer.Option("--broker", help="Kafka broker, HOST:PORT[,HOST:PORT].")],
    batch_size: Annotated[int, typer.Option(help="Articles analysed per batch/commit.")] = 32,
    group: Annotated[str, typer.Option(help="Consumer group of the workers.")
                     ] = "wirewatch-workers",
    field: FieldOpt = None,
    max_idle: Annotated[float | None, typer.Option(
        help="Exit after this many seconds without a message (default: run until stopped).")
    ] = None,
    kafka_config: KafkaConfigOpt = None,
    articles_topic: ArticlesTopicOpt = None,
    analyses_topic: AnalysesTopicOpt = None,
    kb_topic: Annotated[str | None, typer.Option(
        help="Topic of the service's KB snapshots (default: $WIREWATCH_KB_TOPIC, else kb).")
    ] = None,
) -> None:
    """Analyse articles from the broker's `articles` topic and publish the analyses (scale-out).

    Run any number, on any machines; SIGTERM or Ctrl-C finishes the current batch and leaves.
    Each batch is analysed with the newest KB the service has published to the `kb` topic.
    """
    import logging

    from wirewatch.api import run_worker

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = _broker(broker, kafka_config, articles_topic, analyses_topic)
    if kb_topic:
        settings.kb_topic = kb_topic
    typer.echo(f"worker: {settings.bootstrap} {settings.articles_topic} → "
               f"{settings.analyses_topic} (group {group}, KB from {settings.kb_topic})",
               err=True)
    from confluent_kafka import KafkaException

    from wirewatch.sources.broker import DeliveryFailed

    try:
        stats = run_worker(settings, batch_size=batch_size, field_map=_field_map(field),
                           max_idle=max_idle, group=group)
    except DeliveryFailed as exc:  # nothing was committed: another worker redoes the batch
        err.print(f"[red]error:[/red] the broker did not acknowledge: {escape(str(exc))}")
        raise typer.Exit(1) from exc
    except KafkaException as exc:  # e.g. the broker cannot be reached: one line, no traceback
        err.print(f"[red]error:[/red] broker {escape(settings.bootstrap)}: {escape(str(exc))}")
        raise typer.Exit(1) from exc
    typer.echo(f"worker done: {json.dumps(stats.to_dict())}", err=True)


def _broker(bootstrap: str, kafka_config: list[str] | None, articles_topic: str | None,
            analyses_topic: str | None) -> Any:
    from wirewatch.api import broker_settings
    from wirewatch.sources.broker import parse_config

    try:
        config = parse_config(kafka_config or [])
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--kafka-config") from exc
    return broker_settings(bootstrap, config=config, articles_topic=articles_topic,
                           analyses_topic=analyses_topic)


def _publish(bootstrap: str, paths: list[Path], feeds: list[str], *, field: list[str] | None,
             max_bytes: int | None, allow_private: bool, kafka_config: list[str] | None,
             articles_topic: str | None, analyses_topic: str | None) -> None:
    from confluent_kafka import KafkaException

    from wirewatch.api import publish
    from wirewatch.sources.broker import DeliveryFailed

    settings = _broker(bootstrap, kafka_config, articles_topic, analyses_topic)
    started = time.perf_counter()
    with _IngestProgress() as bar:
        try:
            articles, rejected = publish(
                settings, paths, feeds, field_map=_field_map(field), max_bytes=max_bytes,
                allow_private=allow_private,
                on_progress=lambda n, r: bar(n, detail=f"{r:,} rejected"))
        except (DeliveryFailed, KafkaException) as exc:
            err.print(f"[red]error:[/red] publishing to {escape(bootstrap)} failed: "
                      f"{escape(str(exc))}")
            raise typer.Exit(1) from exc
    table = Table(title=f"Published to {escape(bootstrap)}", show_header=False)
    table.add_row(f"articles → {escape(settings.articles_topic)}", f"{articles:,}")
    table.add_row(f"rejects → {escape(settings.analyses_topic)}", f"{rejected:,}")
    table.add_row("elapsed", f"{time.perf_counter() - started:.1f} s")
    console.print(table)


train_app = typer.Typer(help="Train the learned parts of the analysis from annotated news.",
                        no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("events")
def train_events(
    out: Annotated[Path | None, typer.Option(
        help="Where to write the model (default: the package's data/event_model.json, which "
        "analysis loads).")] = None,
    seed: Annotated[int, typer.Option(help="Seed (the same seed gives the same model).")] = 0,
    annotations: Annotated[Path | None, typer.Option(
        help="Annotation folder (default: annotations/news-2020 in the repository).")] = None,
    corpus: Annotated[Path | None, typer.Option(
        help="The AllSides corpus file (default: ../shared/corpus/news/allsides-2020.jsonl.gz)."
    )] = None,
    limit: Annotated[int | None, typer.Option(help="Use only the first N train articles.")
                     ] = None,
    corrections: Annotated[Path | None, typer.Option(
        help="Analysts' corrections exported by `wirewatch corrections export` (a folder or "
        "one file): their corrected sentences are learned from too.")] = None,
) -> None:
    """Train the event classifier on the annotated train split (never dev)."""
    from wirewatch import annotations as annotated
    from wirewatch.train import train_annotations, train_events_from_corpus

    try:
        if corpus is not None:
            annotated.use_corpus(corpus)
        total = len(train_annotations(annotations))
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    total = min(total, limit) if limit is not None else total
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} articles"), TimeElapsedColumn(),
                  console=err) as bar:
        task = bar.add_task("reading train articles", total=total)
        summary = train_events_from_corpus(out, seed, annotations, None, limit,
                                           lambda n: bar.advance(task, n),
                                           corrections=corrections)
    cv = summary.model.meta["cross_validated"]
    console.print(f"trained {summary.model.version} on {summary.articles} articles "
                  f"({summary.model.meta['candidates']:,} candidates, "
                  f"{summary.model.meta['positives']:,} events)")
    console.print(f"cross-validated ({cv['folds']} folds): threshold {cv['threshold']}, retype margin {cv['retype_margin']:g}, "
                  f"P {cv['precision']:.3f} R {cv['recall']:.3f} F1 {cv['f1']:.3f}")
    console.print(f"wrote {summary.path}")


# -- analyst corrections (corrections.py) ---------------------------------------------------

corrections_app = typer.Typer(help="Analyst corrections: list, undo, export as annotations.",
                              no_args_is_help=True)
app.add_typer(corrections_app, name="corrections")


def _change(pairs: list[str]) -> dict[str, Any]:
    """`field=value` pairs; a value is read as JSON when it is JSON (true, null, a list of
    actors), else as text (`type=ACCUSE`)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise typer.BadParameter(f"expected FIELD=VALUE, got {pair!r}", param_hint="--set")
        try:
            out[name.strip()] = json.loads(value)
        except ValueError:
            out[name.strip()] = value
    return out


def _through_service(data: Path, method: str, path: str, body: Any = None) -> Any:
    """A correction while `wirewatch serve` owns the store: sent to its HTTP API with the
    store's admin token (the service does what the store would). None without a service."""
    from wirewatch import remote

    service = remote.find(data)
    if service is None:
        return None
    with service:
        r = service.http.request(method, path, json=body)
    if r.status_code >= 400:
        err.print(f"[red]error:[/red] {escape(str(r.json().get('detail', r.text)))}")
        raise typer.Exit(EXIT_USAGE if r.status_code == 400 else 1)
    return r.json()


@app.command()
def correct(
    kind: Annotated[str, typer.Argument(help="event | entity | quote")],
    target: Annotated[str, typer.Argument(help="Event or quote: <article_id>:<idx>; entity: "
                                               "its id (see `wirewatch show`).")],
    set_: Annotated[list[str] | None, typer.Option(
        "--set", help="FIELD=VALUE (repeatable), e.g. type=ACCUSE, not_event=true, "
                      "country=KEN.")] = None,
    split_alias: Annotated[str | None, typer.Option(
        help="Entity split: move every mention reading this name to a new entity "
             "(--new-name, --new-type).")] = None,
    split_mention: Annotated[list[str] | None, typer.Option(
        help="Entity split: move this mention (<article_id>:<start>, repeatable).")] = None,
    new_name: Annotated[str | None, typer.Option(help="Split: the new entity's name.")] = None,
    new_type: Annotated[str | None, typer.Option(help="Split: its type (PERSON, GPE…).")
                        ] = None,
    new_country: Annotated[str | None, typer.Option(help="Split: its country.")] = None,
    new_sector: Annotated[str | None, typer.Option(help="Split: its sector.")] = None,
    reason: Annotated[str | None, typer.Option(help="Why (kept in the audit record).")] = None,
    who: Annotated[str, typer.Option(help="Who corrects (the audit record).")] = "cli",
    data: DataOpt = Path(DEFAULT_DATA_DIR),
) -> None:
    """Correct an event, entity or quote; every surface shows it at once (docs/api.md).
    An entity split: `wirewatch correct entity ID --split-alias Jordan --new-name Jordan
    --new-type GPE --new-country JOR`."""
    from wirewatch.corrections import CorrectionError
    from wirewatch.store.writer import StoreLocked

    changes = _change(set_ or [])
    if split_alias is not None or split_mention:
        spec = {"name": new_name, "type": new_type, "country": new_country,
                "sector": new_sector}
        spec = {k: v for k, v in spec.items() if v is not None}
        if split_alias is not None:
            spec["alias"] = split_alias
        if split_mention:
            spec["mentions"] = list(split_mention)
        changes["split"] = spec
    if not changes:
        raise typer.BadParameter("nothing to change: give --set FIELD=VALUE or a split",
                                 param_hint="--set")
    if kind not in ("event", "entity", "quote"):
        raise typer.BadParameter("event, entity or quote", param_hint="KIND")
    try:
        ww = Wirewatch(data, workers=0)
    except StoreLocked as exc:  # the service owns the store: it corrects (as the admin)
        path = f"/{'entities' if kind == 'entity' else kind + 's'}/{target}"
        answer = _through_service(data, "PATCH", path,
                                  {**changes, **({"reason": reason} if reason else {})})
        if answer is None:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        recs = answer["corrections"]
    else:
        try:
            recs = ww.correct(kind, target, changes, who=who, reason=reason)
        except CorrectionError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(EXIT_USAGE if exc.status == 400 else 1) from exc
        finally:
            ww.close()
    for rec in recs:
        console.print(f"{rec['id']}  {rec['kind']} {rec['target']} {rec['field']}: "
                      f"{json.dumps(rec['before'], default=str)} → "
                      f"{json.dumps(rec['after'], default=str)}")


@corrections_app.command("list")
def corrections_list(
    kind: Annotated[str | None, typer.Option(help="event | entity | quote")] = None,
    article: Annotated[str | None, typer.Option(help="One article's corrections.")] = None,
    undone: Annotated[bool, typer.Option(help="Include undone corrections.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False,
    data: DataOpt = Path(DEFAULT_DATA_DIR),
) -> None:
    """The corrections, newest first (through `wirewatch serve` when it holds the store)."""
    from datetime import datetime
    from urllib.parse import urlencode

    from wirewatch.store.writer import StoreLocked

    filters: dict[str, Any] = {"kind": kind, "article_id": article,
                               "active": None if undone else True, "limit": limit}
    try:
        ww = Wirewatch(data, workers=0)
    except StoreLocked as exc:  # the service owns the store: it lists (GET /corrections)
        query = {k: str(v).lower() if isinstance(v, bool) else v for k, v in filters.items()
                 if v is not None}
        answer = _through_service(data, "GET", f"/corrections?{urlencode(query)}")
        if answer is None:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        rows = [{**r, **{k: datetime.fromisoformat(r[k]) if r.get(k) else None
                         for k in ("at", "undone_at")}} for r in answer["corrections"]]
    else:
        try:
            rows = ww.corrections(**filters).to_dict(orient="records")
        except (ValueError, duckdb.Error) as exc:
            err.print(f"[red]error:[/red] {escape(str(exc).splitlines()[0])}")
            raise typer.Exit(EXIT_USAGE) from exc
        finally:
            ww.close()
    if as_json:
        _print_json_lines(rows)
        return
    table = Table("id", "at", "who", "kind", "target", "field", "before", "after", "undone")
    for r in rows:
        table.add_row(r["id"], str(r["at"])[:19], r["who"], r["kind"], r["target"],
                      r["field"], json.dumps(r["before"], default=str)[:40],
                      json.dumps(r["after"], default=str)[:40],
                      "" if r["undone_at"] is None or str(r["undone_at"]) == "NaT"
                      else str(r["undone_at"])[:19])
    console.print(table)


@corrections_app.command("undo")
def corrections_undo(
    correction_id: Annotated[str, typer.Argument(help="The correction's id.")],
    who: Annotated[str, typer.Option(help="Who undoes it (the audit record).")] = "cli",
    data: DataOpt = Path(DEFAULT_DATA_DIR),
) -> None:
    """Undo a correction: the machine's value comes back everywhere."""
    from wirewatch.corrections import CorrectionError
    from wirewatch.store.writer import StoreLocked

    try:
        ww = Wirewatch(data, workers=0)
    except StoreLocked as exc:  # the service owns the store: it undoes (as the admin)
        answer = _through_service(data, "DELETE", f"/corrections/{correction_id}")
        if answer is None:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        rec = answer["correction"]
    else:
        try:
            rec = ww.undo_correction(correction_id, who=who)
        except CorrectionError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(1) from exc
        finally:
            ww.close()
    console.print(f"undid {rec['id']} ({rec['kind']} {rec['target']} {rec['field']})")


@corrections_app.command("export")
def corrections_export(
    out: Annotated[Path, typer.Option(help="Folder for the annotations (one file an "
                                           "article).")],
    data: DataOpt = Path(DEFAULT_DATA_DIR),
) -> None:
    """Write the event and quote corrections as annotations, for `wirewatch train events
    --corrections`."""
    from wirewatch.corrections import write_annotations
    from wirewatch.store.writer import StoreLocked

    try:
        ww = Wirewatch(data, workers=0)
    except StoreLocked as exc:  # the service owns the store: it answers, we write the files
        answer = _through_service(data, "GET", "/corrections/annotations")
        if answer is None:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc
        counts = write_annotations(answer["documents"], out)
    else:
        with ww:
            counts = ww.export_corrections(out)
    console.print(f"wrote {counts['articles']} articles ({counts['events']} events, "
                  f"{counts['quotes']} quotes) to {out}")


@app.command()
def reanalyze(
    since: Annotated[str | None, typer.Option(help="Only articles published (else fetched) "
                                                   "on or after this date.")] = None,
    data: DataOpt = Path(DEFAULT_DATA_DIR),
) -> None:
    """Recode stored articles with the current event model and KB (in this process);
    corrections are kept."""
    with _open(data, workers=0) as ww:
        n = ww.reanalyze(since=since)
    console.print(f"recoded {n:,} articles")


def main(argv: list[str] | None = None) -> None:
    """The `wirewatch` command. A usage error (unknown option, bad value) is Click's plain
    three lines on stderr and exit status 2, not a framed box: it reads the same in a log."""
    try:
        status = app(args=argv, standalone_mode=False)
    except typer.TyperException as exc:
        exc.show()  # type: ignore[attr-defined]
        sys.exit(exc.exit_code)  # type: ignore[attr-defined]
    except typer.Abort:
        err.print("aborted")
        sys.exit(1)
    sys.exit(status if isinstance(status, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
