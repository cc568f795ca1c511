"""What a newcomer reads from the CLI: "20 of 301 articles", no `nan`, the same merged-event
count in `stories` and `story`, one line for a bad parameter, and a real progress bar (total and
ETA) on a terminal but a one-line summary in a pipe. Real store (the packaged samples, analysed
in-process), Typer's CliRunner, and real processes (one on a pseudo-terminal)."""

from __future__ import annotations

import gzip
import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirewatch.api import Wirewatch
from wirewatch.cli import app
from wirewatch.parse import parse_document
from wirewatch.sources.counting import count_file, count_records
from wirewatch.sources.files import read_file

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "wirewatch" / "data" / "samples"
WIDE = {"COLUMNS": "220"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("cli-store")
    with Wirewatch(data, workers=0) as ww:
        assert ww.ingest([SAMPLES]).accepted > 20
    return data


def _run(*args: str) -> object:
    return runner.invoke(app, list(args), env=WIDE)


def test_articles_title_says_how_many_of_how_many(store: Path) -> None:
    with Wirewatch(store, workers=0) as ww:
        total = int(ww.sql("SELECT count(*) AS n FROM articles")["n"][0])
        china = int(ww.sql("SELECT count(*) AS n FROM articles WHERE title ILIKE '%china%' "
                           "OR body ILIKE '%china%'")["n"][0])
    assert china > 2
    result = _run("articles", "--data", str(store), "--limit", "2")
    assert result.exit_code == 0, result.output
    assert f"2 of {total} articles" in result.output
    result = _run("articles", "--data", str(store), "--limit", "2", "-q", "china")
    assert f"2 of {china} matching articles" in result.output
    result = _run("articles", "--data", str(store), "--limit", "1000")
    assert f"{total} of {total} articles" in result.output


def test_event_clusters_never_print_nan(store: Path) -> None:
    result = _run("event-clusters", "--data", str(store), "--limit", "500")
    assert result.exit_code == 0, result.output
    assert not re.search(r"\bnan\b", result.output, re.IGNORECASE)
    with Wirewatch(store, workers=0) as ww:
        placeless = int(ww.sql("SELECT count(*) AS n FROM event_clusters "
                               "WHERE location_name IS NULL")["n"][0])
    assert placeless > 0 and "—" in result.output  # an empty place reads as a dash


def test_story_counts_merged_events_as_stories_does(store: Path) -> None:
    listing = _run("stories", "--data", str(store), "--min-articles", "1", "--limit", "100",
                   "--json")
    assert listing.exit_code == 0, listing.output
    stories = [json.loads(line) for line in listing.output.splitlines() if line.startswith("{")]
    with_events = sorted((s for s in stories if s["num_events"] > 0),
                         key=lambda s: -s["num_events"])
    assert with_events
    for story in with_events[:4]:  # the most merged events: where the two counts could part
        doc = _run("story", story["id"][:10], "--data", str(store), "--json")
        assert len(json.loads(doc.output)["events"]) == story["num_events"], story["id"]
        text = _run("story", story["id"], "--data", str(store))
        assert f"{story['num_events']} merged events" in text.output


@pytest.mark.parametrize("args", [
    ("articles", "--since", "notadate"),
    ("articles", "--until", "2023-13-45"),
    ("events", "--since", "2023-02-30"),
    ("stories", "--since", "last tuesday"),
    ("event-clusters", "--limit", "-3"),
    ("articles", "--limit", "-5"),
    ("rejects", "--limit", "-1"),
    ("events", "--pair", "USA,CHN,RUS"),
])
def test_bad_parameters_print_one_line(store: Path, args: tuple[str, ...]) -> None:
    result = _run(*args, "--data", str(store))
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output
    assert "Traceback" not in result.output


def _inputs(folder: Path, n: int) -> Path:
    """A JSON-lines file of `n` short articles."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "wire.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({
                "title": f"Ministers meet in Geneva, round {i}",
                "text": f"GENEVA (Wire) - Foreign ministers met in Geneva on Monday for round "
                        f"{i} of talks on the border dispute, officials said. The talks will "
                        "resume next week.",
                "url": f"https://example.org/talks/{i}"}) + "\n")
    return path


def test_ingest_on_a_terminal_shows_a_progress_bar_with_total_and_eta(tmp_path: Path) -> None:
    path = _inputs(tmp_path / "in", 12)
    assert count_records([path]) == 12
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "wirewatch.cli", "ingest", str(path), "--data",
         str(tmp_path / "data"), "--workers", "1"],
        stdin=follower, stdout=follower, stderr=follower, close_fds=True,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "200", "LINES": "50"})
    os.close(follower)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 120)
            if not ready:
                break
            try:
                data = os.read(leader, 65536)
            except OSError:  # the process closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        proc.wait(120)
        os.close(leader)
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))
    assert proc.returncode == 0, screen
    assert "12/12 records" in screen, screen
    assert "eta" in screen and "━" in screen
    assert "Ingest summary" in screen  # the table, on a terminal


def test_ingest_in_a_pipe_prints_one_line(tmp_path: Path) -> None:
    path = _inputs(tmp_path / "in", 3)
    proc = subprocess.run(
        [sys.executable, "-m", "wirewatch.cli", "ingest", str(path), "--data",
         str(tmp_path / "data"), "--workers", "1"],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("ingest: accepted 3,"), proc.stdout
    assert "━" not in proc.stderr and "records" not in proc.stderr


def test_record_count_matches_what_the_parser_yields(tmp_path: Path) -> None:
    articles = [{"title": f"T{i}", "text": f"Body {i}. " * 30} for i in range(7)]
    files = {
        "a.jsonl": "\n".join(json.dumps(a) for a in articles) + "\n\n",
        "b.json": json.dumps({"articles": articles[:4]}),
        "c.csv": "title,text\n" + "".join(f'"{a["title"]}","line one\nline two {a["text"]}"\n'
                                          for a in articles[:5]),
        "d.rss": ('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                  + "".join(f"<item><title>{a['title']}</title><link>https://e.org/{i}</link>"
                            f"<description>{a['text']}</description></item>"
                            for i, a in enumerate(articles[:3]))
                  + "</channel></rss>"),
        "e.txt": "Title\n\n" + articles[0]["text"],
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    (tmp_path / "f.jsonl.gz").write_bytes(gzip.compress(files["a.jsonl"].encode()))
    for path in sorted(tmp_path.iterdir()):
        parsed = list(parse_document(read_file(path)))
        assert count_file(path) == len(parsed), (path.name, parsed)
    assert count_records([tmp_path]) == sum(
        len(list(parse_document(read_file(p)))) for p in tmp_path.iterdir())
