"""The `wirewatch` command end to end: ingest → articles → show, analyze --json, rejects."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirewatch.cli import app

runner = CliRunner()


@pytest.fixture()
def articles_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    records = [
        {"url": f"https://news.example/world/{i}?utm_source=rss", "outlet": "News Example",
         "title": f"Summit number {i} opens in Nairobi",
         "published": "2025-03-04T09:30:00+03:00",
         "text": f"Leaders met in Nairobi on Tuesday for summit {i}.\n\nTalks went on late."}
        for i in range(3)
    ]
    lines = [json.dumps(r) for r in records] + ["{not json"]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_ingest_list_show_and_reingest(tmp_path: Path, articles_dir: Path) -> None:
    data = tmp_path / "store"
    result = runner.invoke(app, ["ingest", str(articles_dir), "--data", str(data),
                                 "--workers", "0"])
    assert result.exit_code == 0, result.output
    assert "accepted" in result.output and "3" in result.output
    assert "bad_json" in result.output and "empty" in result.output

    listed = runner.invoke(app, ["articles", "--data", str(data), "--json"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines() if line.startswith("{")]
    assert sorted(r["title"] for r in rows) == [f"Summit number {i} opens in Nairobi"
                                                for i in range(3)]
    assert all(r["published_at"].startswith("2025-03-04T06:30") for r in rows)  # as HTTP

    filtered = runner.invoke(app, ["articles", "--data", str(data), "--json", "-q", "number 1"])
    assert [json.loads(x)["title"] for x in filtered.output.splitlines()] == [
        "Summit number 1 opens in Nairobi"]

    shown = runner.invoke(app, ["show", rows[0]["id"][:10], "--data", str(data), "--json"])
    assert shown.exit_code == 0, shown.output
    doc = json.loads(shown.output)
    assert doc["article"]["id"] == rows[0]["id"]
    assert doc["article"]["url"].startswith("https://news.example/world/")

    again = runner.invoke(app, ["ingest", str(articles_dir), "--data", str(data),
                                "--workers", "0"])
    assert again.exit_code == 0, again.output
    listed = runner.invoke(app, ["articles", "--data", str(data), "--json"])
    assert len(listed.output.splitlines()) == 3

    rejects = runner.invoke(app, ["rejects", "--data", str(data)])
    assert "bad_json" in rejects.output and "empty" in rejects.output


def test_show_unknown_id_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["show", "nope", "--data", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "no article" in result.output


def test_ingest_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing"), "--data",
                                 str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_analyze_json_is_the_analysis_document(shared_dir: Path) -> None:
    example = shared_dir / "examples" / "blinken-china-visit.txt"
    result = runner.invoke(app, ["analyze", str(example), "--json"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("{")]
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert set(doc) >= {"article", "entities", "events", "quotes", "attributions", "timex",
                        "tone", "keypoints", "tags"}
    art = doc["article"]
    assert art["title"] == "Antony Blinken To Visit China, Talk With Beijing Officials"
    assert art["source_path"].endswith("blinken-china-visit.txt")
    assert art["published_at"] is None  # a .txt carries no date: unknown, never "now"
    assert art["fetched_at"]
    for mention in (m for e in doc["entities"] for m in e["mentions"] if m["zone"] == "body"):
        assert art["body"][mention["start"]:mention["end"]] == mention["text"]


class _FeedHandler(BaseHTTPRequestHandler):
    body = (Path(__file__).parent / "fixtures" / "feeds" / "full.rss").read_bytes()
    conditional_hits = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.headers.get("If-None-Match") == '"v1"':
            type(self).conditional_hits += 1
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def feed_url():  # noqa: ANN201
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
    finally:
        server.shutdown()
        server.server_close()


def test_ingest_feed_guards_private_addresses_and_uses_conditional_get(
        tmp_path: Path, feed_url: str) -> None:
    data = tmp_path / "store"
    refused = runner.invoke(app, ["ingest", "--feed", feed_url, "--data", str(data),
                                  "--workers", "0"])
    assert refused.exit_code == 3, refused.output  # nothing accepted
    assert "private_address" in refused.output
    rejects = runner.invoke(app, ["rejects", "--data", str(data)])
    assert "private_address" in rejects.output

    allowed = runner.invoke(app, ["ingest", "--feed", feed_url, "--data", str(data),
                                  "--allow-private", "--workers", "0"])
    assert allowed.exit_code == 0, allowed.output
    listed = runner.invoke(app, ["articles", "--data", str(data), "--json"])
    titles = sorted(json.loads(x)["title"] for x in listed.output.splitlines())
    assert titles == ["Ministers meet for trade talks", "Second full story"]

    before = _FeedHandler.conditional_hits
    again = runner.invoke(app, ["ingest", "--feed", feed_url, "--data", str(data),
                                "--allow-private", "--workers", "0"])
    assert again.exit_code == 0, again.output
    assert _FeedHandler.conditional_hits == before + 1  # ETag sent back → 304, nothing new


@pytest.mark.parametrize(("command", "value"), [
    ("articles", "not-a-date"), ("articles", "2024-13-45"), ("events", "bad"),
    ("stories", "1700000000"),
])
def test_bad_dates_are_one_line_and_exit_2(tmp_path: Path, command: str, value: str) -> None:
    result = runner.invoke(app, [command, "--data", str(tmp_path / "d"), "--since", value])
    assert result.exit_code == 2, result.output
    assert "since" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


@pytest.mark.parametrize("content", [b"\x00\x01\x02binary\x00", b"", b"{broken json",
                                     b"a;b\n1;2\n"])
def test_ingest_of_only_bad_input_exits_3(tmp_path: Path, content: bytes) -> None:
    """A binary, empty, broken-JSON or odd-CSV file is rejected with a summary — and, as
    nothing was accepted, the exit status says so (3), for scripts."""
    bad = tmp_path / "bad.csv" if content.startswith(b"a;") else tmp_path / "bad.json"
    bad.write_bytes(content)
    result = runner.invoke(app, ["ingest", str(bad), "--data", str(tmp_path / "s"),
                                 "--workers", "0"])
    assert result.exit_code == 3, result.output
    assert "rejected 1" in result.output and "nothing accepted" in result.output


def test_ingest_summary_is_one_line_off_a_terminal(tmp_path: Path, articles_dir: Path) -> None:
    result = runner.invoke(app, ["ingest", str(articles_dir), "--data", str(tmp_path / "s"),
                                 "--workers", "0"])
    assert result.exit_code == 0, result.output
    [line] = [x for x in result.output.splitlines() if x.startswith("ingest:")]
    assert line.startswith("ingest: accepted 3, duplicates 0, rejected 2 (")
    assert "bad_json 1" in line and "empty 1" in line


def test_analyze_exit_status_tells_partial_from_nothing(tmp_path: Path,
                                                        articles_dir: Path) -> None:
    partial = runner.invoke(app, ["analyze", str(articles_dir), "--json"])
    assert partial.exit_code == 4, partial.output  # 3 analysed, 2 rejected: the rest printed
    assert sum(x.startswith("{") for x in partial.output.splitlines()) == 3
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    nothing = runner.invoke(app, ["analyze", str(empty), "--json"])
    assert nothing.exit_code == 3, nothing.output


def test_help_documents_the_exit_status() -> None:
    for command in ("ingest", "analyze"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Exit status" in result.output and "3" in result.output


def test_read_commands_while_the_service_runs(tmp_path: Path, articles_dir: Path) -> None:
    """With `wirewatch serve` holding the store, the read commands answer through it (its
    <data>/service.json) with the very output they give when they open the store."""
    import os
    import signal

    from _http import free_port, serve_process, wait_healthy

    data = tmp_path / "store"
    assert runner.invoke(app, ["ingest", str(articles_dir), "--data", str(data),
                               "--workers", "0"]).exit_code == 0
    first = json.loads(runner.invoke(app, ["articles", "--data", str(data), "--json"])
                       .output.splitlines()[0])["id"]
    commands = [["articles"], ["articles", "--json"], ["articles", "-q", "number 2"],
                ["show", first[:10]], ["show", first, "--json"], ["rejects"],
                ["events", "--json"], ["events", "--since", "soon"], ["stories", "--json"],
                ["event-clusters"], ["show", "nosuchid"]]
    alone = [runner.invoke(app, [*cmd, "--data", str(data)]) for cmd in commands]
    assert [r.exit_code for r in alone] == [0] * 7 + [2, 0, 0, 1]  # a bad date; no such id
    exports = {fmt: tmp_path / "alone" / fmt for fmt in ("gdelt", "plover", "parquet")}
    for fmt, out in exports.items():
        assert runner.invoke(app, ["export", "--format", fmt, "--out", str(out),
                                   "--data", str(data)]).exit_code == 0

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "WIREWATCH_TOKEN"}
    service = serve_process(data, port, "--no-feeds", "--no-samples", "--workers", "0", env=env)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", service,
                     ready=(data / "service.json").exists)
        served = [runner.invoke(app, [*cmd, "--data", str(data)]) for cmd in commands]
        for cmd, mine, theirs in zip(commands, alone, served, strict=True):
            assert (theirs.exit_code, theirs.output) == (mine.exit_code, mine.output), cmd
        # exports come through the service too, the same files
        for fmt, mine in exports.items():
            theirs = tmp_path / "served" / fmt
            result = runner.invoke(app, ["export", "--format", fmt, "--out", str(theirs),
                                         "--data", str(data)])
            assert result.exit_code == 0, result.output
            if fmt == "parquet":
                _assert_same_parquet(mine, theirs)
            else:
                assert theirs.read_bytes() == mine.read_bytes() and mine.stat().st_size > 0
        # what needs the store itself (a feed's remembered state) still says so
        refused = runner.invoke(app, ["ingest", "--feed", "http://127.0.0.1:9/feed.xml",
                                      "--data", str(data)])
        assert refused.exit_code == 1 and "in use" in refused.output
        # files are handed to the service, which stores them; their rejects are recorded
        more = tmp_path / "more"
        more.mkdir()
        (more / "new.json").write_text(json.dumps({
            "url": "https://news.example/world/late", "title": "Late summit in Accra",
            "text": "Leaders met in Accra on Friday.\n\nTalks ended early."}), "utf-8")
        (more / "bad.json").write_bytes(b"\x00\x01binary")
        handed = runner.invoke(app, ["ingest", str(more), "--data", str(data)])
        assert handed.exit_code == 0, handed.output
        assert "accepted 1" in handed.output and "rejected 1" in handed.output
        again = runner.invoke(app, ["ingest", str(more / "new.json"), "--data", str(data)])
        assert "accepted 0, duplicates 1" in again.output
        listed = runner.invoke(app, ["articles", "--json", "--data", str(data)]).output
        assert "Late summit in Accra" in listed
        assert "binary" in runner.invoke(app, ["rejects", "--data", str(data)]).output
    finally:
        service.send_signal(signal.SIGINT)
        service.wait(60)
    assert not (data / "service.json").exists()
    titles = [json.loads(line)["title"] for line in runner.invoke(
        app, ["articles", "--json", "--data", str(data)]).output.splitlines()]
    assert titles.count("Late summit in Accra") == 1 and len(titles) == 4  # stored once


def _assert_same_parquet(mine: Path, theirs: Path) -> None:
    import pyarrow.parquet as pq

    names = sorted(p.name for p in mine.glob("*.parquet"))
    assert names and names == sorted(p.name for p in theirs.glob("*.parquet"))
    for name in names:
        assert pq.read_table(theirs / name).equals(pq.read_table(mine / name)), name


def test_worker_without_a_reachable_broker_is_one_error_line() -> None:
    """A worker pointed at a closed port says so in one line and exits 1 (no traceback);
    librdkafka's `socket.timeout.ms` bounds the wait for an answer (30 s by default)."""
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = runner.invoke(app, ["worker", "--broker", f"127.0.0.1:{port}", "--max-idle", "1",
                                 "--kafka-config", "log_level=0",
                                 "--kafka-config", "socket.timeout.ms=2000"])
    assert result.exit_code == 1, result.output
    assert f"error: broker 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [["events", "--bogus"], ["articles", "--limit", "abc"]])
def test_usage_errors_are_plain_text_and_exit_2(
        tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown option or a bad value, through the installed entry point `main`: Click's
    plain usage lines and the error, no framed box, status 2."""
    from wirewatch.cli import main

    with pytest.raises(SystemExit) as stop:
        main([*args, "--data", str(tmp_path / "d")])
    assert stop.value.code == 2
    printed = capsys.readouterr().err
    assert "Error:" in printed and "╭" not in printed and "Traceback" not in printed
    assert len(printed.strip().splitlines()) <= 4, printed


def test_the_entry_point_returns_the_command_status(tmp_path: Path) -> None:
    from wirewatch.cli import main

    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(SystemExit) as stop:
        main(["ingest", str(empty), "--data", str(tmp_path / "s"), "--workers", "0"])
    assert stop.value.code == 3


def test_python_dash_m_runs_the_same_cli(tmp_path: Path) -> None:
    """`python -m wirewatch` is the same CLI as the `wirewatch` command (status included)."""
    import subprocess
    import sys

    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "wirewatch", "ingest", str(empty), "--data",
                           str(tmp_path / "s"), "--workers", "0"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
