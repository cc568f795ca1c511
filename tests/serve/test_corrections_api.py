"""Analyst corrections end to end over a real server on 127.0.0.1: roles (a reader's PATCH is
403), each correction kind stored with its audit record, shown at once by every surface (the
article document, /events, /quotes, /entities, merged events, the aggregates — which must
equal a rebuild from the stored rows), announced on /stream, kept through a re-analysis that
renumbers the article's events, and undone by DELETE /corrections/{id}.

The "machine" here is a small deterministic analyzer (the real pipeline is exercised by
tests/test_corrections_kb.py): what it codes is known, so what a correction changes is too,
and switching its version recodes the article differently, as a retrained model would.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from _analytics_helpers import assert_aggregates_match_rebuild
from _corrections_helpers import (
    EDITOR,
    MACHINE,
    PERSON,
    READER,
    SENTENCE,
    SHORT,
    article,
    serving,
)
from wirewatch.engine.local import LocalEngine


class Client:
    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, path: str, **params: Any) -> Any:
        r = httpx.get(self.base + path, params=params, timeout=30)
        assert r.status_code == 200, r.text
        return r.json()

    def patch(self, path: str, body: Any, token: str | None = EDITOR) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.patch(self.base + path, content=json.dumps(body), headers=headers,
                           timeout=30)

    def delete(self, path: str, token: str = EDITOR) -> httpx.Response:
        return httpx.delete(self.base + path, headers={"Authorization": f"Bearer {token}"},
                            timeout=30)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, LocalEngine]]:
    with serving(tmp_path_factory.mktemp("corrections") / "data") as (base, engine):
        yield Client(base), engine


class Stream:
    """A /stream subscriber collecting `correction` messages in a thread."""

    def __init__(self, base: str) -> None:
        self.messages: list[dict[str, Any]] = []
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(base,), daemon=True)
        self.thread.start()
        assert self.ready.wait(10)

    def _run(self, base: str) -> None:
        with httpx.stream("GET", base + "/stream", params={"heartbeat": 0.2},
                          timeout=30) as r:
            event = None
            for line in r.iter_lines():
                self.ready.set()
                if line.startswith("event:"):
                    event = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and event == "correction":
                    self.messages.append(json.loads(line.split(":", 1)[1]))

    def wait(self, n: int, timeout: float = 10) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < n and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def _event(doc: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    found = [(i, e) for i, e in enumerate(doc["events"])
             if e["evidence"]["sentence"] == SENTENCE]
    assert len(found) == 1
    return found[0]


def test_roles(service) -> None:  # noqa: ANN001
    client, _ = service
    aid = article(1).id
    assert client.patch(f"/events/{aid}:0", {"type": "ACCUSE"}, token=None).status_code == 401
    assert client.patch(f"/events/{aid}:0", {"type": "ACCUSE"}, token="nope").status_code \
        == 401
    r = client.patch(f"/events/{aid}:0", {"type": "ACCUSE"}, token=READER)
    assert r.status_code == 403, r.text
    assert client.delete("/corrections/c000000000000", token=READER).status_code == 403
    # a reader reads and runs /sql; an editor corrects but does not push
    sql = httpx.get(client.base + "/sql", params={"q": "SELECT 1 AS one"},
                    headers={"Authorization": f"Bearer {READER}"}, timeout=30)
    assert sql.status_code == 200, sql.text
    push = httpx.post(client.base + "/articles", json={"text": "x " * 50},
                      headers={"Authorization": f"Bearer {EDITOR}"}, timeout=30)
    assert push.status_code == 403
    assert client.get("/corrections")["corrections"] == []


def test_bad_corrections_are_refused(service) -> None:  # noqa: ANN001
    client, _ = service
    aid = article(1).id
    for body, status in (({"colour": "red"}, 400), ({"type": "EXPLODE"}, 400),
                         ({"modality": "maybe"}, 400), ({"date": "last week"}, 400),
                         ({"not_event": "yes"}, 400), ({}, 400), ([1, 2], 400),
                         ({"source": [{"name": "X", "country": "XXX"}]}, 400)):
        r = client.patch(f"/events/{aid}:0", body)
        assert r.status_code == status, (body, r.text)
    assert client.patch("/events/nope:0", {"type": "ACCUSE"}).status_code == 404
    assert client.patch(f"/events/{aid}", {"type": "ACCUSE"}).status_code == 400
    assert client.patch("/entities/nobody", {"country": "KEN"}).status_code == 404
    assert client.patch(f"/entities/{PERSON}", {"merge_into": PERSON}).status_code == 400
    r = httpx.patch(client.base + f"/events/{aid}:0", content=b"{not json",
                    headers={"Authorization": f"Bearer {EDITOR}"}, timeout=30)
    assert r.status_code == 400
    assert client.delete("/corrections/c000000000000").status_code == 404
    assert client.get("/corrections")["corrections"] == []


def test_event_type_everywhere_survives_reanalysis_and_undo(service) -> None:  # noqa: ANN001
    client, engine = service
    a1, a2 = article(1).id, article(2).id
    doc = client.get(f"/articles/{a2}")
    idx, ev = _event(doc)
    cluster = doc["event_clusters"][idx]
    assert ev["type"] == "ASSAULT" and cluster  # merged with article 1's report
    merged = client.get(f"/event-clusters/{cluster}")
    assert merged["num_reports"] == 2 and merged["type"] == "ASSAULT"
    assert client.get("/events", type="ASSAULT")["count"] == 2

    stream = Stream(client.base)
    r = client.patch(f"/events/{a2}:{idx}", {"type": "ACCUSE", "mode": None,
                                            "reason": "verbal, not shelling"})
    assert r.status_code == 200, r.text
    recs = r.json()["corrections"]
    assert [(c["field"], c["before"], c["after"], c["who"]) for c in recs] == [
        ("type", "ASSAULT", "ACCUSE", "ann"), ("mode", None, None, "ann")]
    assert stream.wait(2) and {m["field"] for m in stream.messages} == {"type", "mode"}
    assert stream.messages[0]["action"] == "applied"

    doc = client.get(f"/articles/{a2}")
    _, ev = _event(doc)
    assert ev["type"] == "ACCUSE" and ev["quad"] == "verbal_conflict"
    assert [c["id"] for c in doc["corrections"]] == [c["id"] for c in recs]
    assert [e["article_id"] for e in client.get("/events", type="ACCUSE")["events"]] == [a2]
    assert [e["article_id"] for e in client.get("/events", type="ASSAULT")["events"]] == [a1]
    # the corrected report left the shelling's merged event for one of its own
    assert client.get(f"/event-clusters/{cluster}")["num_reports"] == 1
    own = client.get(f"/articles/{a2}")["event_clusters"][idx]
    assert own != cluster and client.get(f"/event-clusters/{own}")["type"] == "ACCUSE"
    assert_aggregates_match_rebuild(engine)

    # a new model recodes the article and renumbers its events: the correction follows
    MACHINE["version"] = 2
    try:
        assert engine.reanalyze(ids=[a2]) == 1
    finally:
        MACHINE["version"] = 1
    doc = client.get(f"/articles/{a2}")
    new_idx, ev = _event(doc)
    assert new_idx == idx + 1 and ev["type"] == "ACCUSE"
    assert doc["events"][0]["type"] == "CONSULT"
    listed = client.get("/corrections", target=f"{a2}:{new_idx}")["corrections"]
    assert {c["id"] for c in listed} == {c["id"] for c in recs}
    assert_aggregates_match_rebuild(engine)

    # undo: the machine's value is back on every surface
    for c in recs:
        r = client.delete(f"/corrections/{c['id']}")
        assert r.status_code == 200, r.text
        assert r.json()["correction"]["undone_at"] and r.json()["correction"]["undone_by"] \
            == "ann"
    assert client.delete(f"/corrections/{recs[0]['id']}").status_code == 409
    assert stream.wait(4)[-1]["action"] == "undone"
    _, ev = _event(client.get(f"/articles/{a2}"))
    assert ev["type"] == "ASSAULT" and ev["quad"] == "material_conflict"
    assert client.get("/events", type="ACCUSE")["count"] == 0
    assert client.get(f"/event-clusters/{cluster}")["num_reports"] == 2
    assert client.get("/corrections", active="false")["count"] == 2
    assert_aggregates_match_rebuild(engine)


def test_event_fields_and_not_event(service) -> None:  # noqa: ANN001
    client, engine = service
    a1 = article(1).id
    idx, _ = _event(client.get(f"/articles/{a1}"))
    assert client.get("/events", article_id=a1, min_confidence=0.9)["count"] == 0  # 0.5
    r = client.patch(f"/events/{a1}:{idx}", {
        "source": [{"name": "Somalia", "country": "SOM", "sector": "MIL"}],
        "target": ["Kenya"], "modality": "denied", "place": {"name": "Dhobley",
                                                             "country": "SOM"},
        "date": "2024-05", "background": True})
    assert r.status_code == 200, r.text
    _, ev = _event(client.get(f"/articles/{a1}"))
    assert ev["source"][0]["code"] == "SOMMIL" and ev["target"][0]["name"] == "Kenya"
    assert ev["modality"] == "denied" and ev["location"]["name"] == "Dhobley"
    assert ev["date"] == "2024-05" and ev["date_precision"] == "month" and ev["background"]
    listed = client.get("/events", article_id=a1)["events"]
    assert listed[0]["modality"] == "denied" and listed[0]["source_countries"] == ["SOM"]
    # an event an analyst corrected is sure: a confidence floor no longer hides it
    assert listed[0]["confidence"] == 1.0
    assert client.get("/events", article_id=a1, min_confidence=0.9)["count"] == 1
    assert_aggregates_match_rebuild(engine)

    r = client.patch(f"/events/{a1}:{idx}", {"not_event": True})
    assert r.status_code == 200
    assert client.get("/events", article_id=a1)["count"] == 0
    assert _event(client.get(f"/articles/{a1}"))[1]["not_event"] is True
    assert_aggregates_match_rebuild(engine)
    for c in client.get("/corrections", article_id=a1, active="true")["corrections"]:
        assert client.delete(f"/corrections/{c['id']}").status_code == 200
    _, ev = _event(client.get(f"/articles/{a1}"))
    assert ev["source"][0]["code"] == "KENMIL" and "not_event" not in ev
    assert not ev["background"]
    assert ev["date"] == "2024-05-06" and ev["location"]["name"] == "Mandera"
    assert client.get("/events", article_id=a1)["events"][0]["confidence"] == 0.5  # undone
    assert_aggregates_match_rebuild(engine)


def test_quote_speaker_and_not_quote(service) -> None:  # noqa: ANN001
    client, engine = service
    a1 = article(1).id
    r = client.patch(f"/quotes/{a1}:0", {"speaker": "Wanjiku Otieno",
                                         "speaker_country": "KEN"})
    assert r.status_code == 200, r.text
    doc = client.get(f"/articles/{a1}")
    assert doc["quotes"][0]["speaker"] == "Wanjiku Otieno"
    assert [q["article_id"] for q in client.get("/quotes", speaker="Otieno")["quotes"]] == [a1]
    MACHINE["version"] = 2
    try:
        engine.reanalyze(ids=[a1])
    finally:
        MACHINE["version"] = 1
    assert client.get(f"/articles/{a1}")["quotes"][0]["speaker"] == "Wanjiku Otieno"
    r = client.patch(f"/quotes/{a1}:0", {"not_quote": True})
    assert r.status_code == 200
    assert client.get("/quotes", article_id=a1)["count"] == 0
    for c in client.get("/corrections", kind="quote", active="true")["corrections"]:
        assert client.delete(f"/corrections/{c['id']}").status_code == 200
    assert client.get(f"/articles/{a1}")["quotes"][0]["speaker"] == "Kenya"
    assert client.get("/quotes", article_id=a1)["count"] == 1


def test_entity_country_merge_and_not_actor(service) -> None:  # noqa: ANN001
    client, engine = service
    a1, a2 = article(1).id, article(2).id
    r = client.patch(f"/entities/{PERSON}", {"country": "KEN", "reason": "Kenyan minister"})
    assert r.status_code == 200, r.text
    for aid in (a1, a2):  # every article naming her, and the event actors that are her
        doc = client.get(f"/articles/{aid}")
        ent = next(e for e in doc["entities"] if e["id"] == PERSON)
        assert ent["country"] == "KEN" and ent["code"] == "KENGOV"
        _, ev = _event(doc)
        assert ev["target"][1] == {"name": "Wanjiku Otieno", "country": "KEN",
                                   "sector": "GOV", "code": "KENGOV"}
    people = client.get("/entities", q="Wanjiku")["entities"]
    assert people[0]["country"] == "KEN"
    assert engine.knowledge is None or engine.knowledge.lookup("Wanjiku Otieno") is None \
        or engine.knowledge.lookup("Wanjiku Otieno")["country"] == "KEN"
    assert_aggregates_match_rebuild(engine)

    # the next article naming her gets the corrected country too
    engine.ingest([article(3)])
    ent = next(e for e in client.get(f"/articles/{article(3).id}")["entities"]
               if e["id"] == PERSON)
    assert ent["country"] == "KEN"

    # "Otieno" is her: merge; then mark the merged entity not an actor
    r = client.patch(f"/entities/{SHORT}", {"merge_into": PERSON})
    assert r.status_code == 200, r.text
    doc = client.get(f"/articles/{a1}")
    short = next(e for e in doc["entities"] if e["id"] == SHORT)
    assert short["name"] == "Wanjiku Otieno" and short["merged_into"] == PERSON
    assert "Otieno" in short["aliases"] and short["country"] == "KEN"
    assert [e["name"] for e in client.get("/entities", q="Otieno")["entities"]] == [
        "Wanjiku Otieno"]
    assert_aggregates_match_rebuild(engine)
    r = client.patch(f"/entities/{PERSON}", {"not_actor": True})
    assert r.status_code == 200
    assert client.get("/entities", q="Wanjiku")["entities"] == []
    assert_aggregates_match_rebuild(engine)

    for c in client.get("/corrections", kind="entity", active="true")["corrections"]:
        assert client.delete(f"/corrections/{c['id']}").status_code == 200
    doc = client.get(f"/articles/{a1}")
    assert next(e for e in doc["entities"] if e["id"] == PERSON)["country"] == "UGA"
    assert next(e for e in doc["entities"] if e["id"] == SHORT)["name"] == "Otieno"
    assert _event(doc)[1]["target"][1]["country"] == "UGA"
    assert_aggregates_match_rebuild(engine)


def test_merged_events_and_copies_follow_across_articles(service) -> None:  # noqa: ANN001
    """A report that left its merged event stays out when the *other* article is recoded; a
    near-duplicate copy (not analysed: it takes over its original's rows) gets an entity
    correction, and the undo brings the machine's value back on it too."""
    from dataclasses import replace

    client, engine = service
    MACHINE["version"] = 1
    engine.ingest([article(4), article(5)])  # two reports of the shelling, merged
    a1, a2 = article(4).id, article(5).id
    idx, _ = _event(client.get(f"/articles/{a2}"))
    cluster = client.get(f"/articles/{a1}")["event_clusters"][_event(
        client.get(f"/articles/{a1}"))[0]]
    n = client.get(f"/event-clusters/{cluster}")["num_reports"]
    assert client.get(f"/articles/{a2}")["event_clusters"][idx] == cluster and n >= 2
    r = client.patch(f"/events/{a2}:{idx}", {"not_event": True})
    assert r.status_code == 200, r.text
    assert client.get(f"/event-clusters/{cluster}")["num_reports"] == n - 1
    engine.reanalyze(ids=[a1])  # another report of the cluster recoded: a2 stays out
    assert client.get(f"/event-clusters/{cluster}")["num_reports"] == n - 1
    assert_aggregates_match_rebuild(engine)

    r = client.patch(f"/entities/{PERSON}", {"country": "KEN"})
    assert r.status_code == 200, r.text
    copy = replace(article(4), id="corrcopy000000000004", url="https://example.com/copy/4")
    engine.ingest([copy])
    doc = client.get(f"/articles/{copy.id}")
    assert doc["links"]["duplicate_of"] == a1
    assert next(e for e in doc["entities"] if e["id"] == PERSON)["country"] == "KEN"
    assert_aggregates_match_rebuild(engine)
    for c in client.get("/corrections", active="true")["corrections"]:
        assert client.delete(f"/corrections/{c['id']}").status_code == 200
    doc = client.get(f"/articles/{copy.id}")
    assert next(e for e in doc["entities"] if e["id"] == PERSON)["country"] == "UGA"
    assert client.get(f"/event-clusters/{cluster}")["num_reports"] == n + 1  # + the copy
    assert_aggregates_match_rebuild(engine)


def test_entity_split_by_alias_and_by_mention(service) -> None:  # noqa: ANN001
    """Split, the inverse of merge: "Otieno" merged into Wanjiku Otieno is split off again as
    another person (by alias, in every article); one article's "Wanjiku Otieno" mention is
    split off as an organisation (by mention) — its row, its event actor and the aggregates
    follow, and a near-duplicate copy of the article mirrors it; both survive a re-analysis
    and are undone by DELETE."""
    from dataclasses import replace

    from wirewatch.corrections import entity_key

    client, engine = service
    a1, a2 = article(1).id, article(2).id
    copy = replace(article(1), id="corrcopy000000000001", url="https://example.com/copy/1")

    def same_as_original() -> None:
        mine, theirs = (client.get(f"/articles/{aid}") for aid in (copy.id, a1))
        assert [(e["id"], e["name"], e.get("split_from")) for e in mine["entities"]] == [
            (e["id"], e["name"], e.get("split_from")) for e in theirs["entities"]]
        assert _event(mine)[1]["target"] == _event(theirs)[1]["target"]
    r = client.patch(f"/entities/{SHORT}", {"merge_into": PERSON})
    assert r.status_code == 200, r.text
    # a copy stored while a correction concerns it (else its aggregates are not those of a
    # rebuild: the copy's rows are not counted when stored, a rebuild counts them)
    engine.ingest([copy])
    assert client.get(f"/articles/{copy.id}")["links"]["duplicate_of"] == a1
    same_as_original()
    assert_aggregates_match_rebuild(engine)
    # bad splits: no such alias, the same entity, a malformed mention, no name
    for body in ({"split": {"alias": "Nobody", "name": "X", "type": "PERSON"}},
                 {"split": {"alias": "Otieno", "name": "Wanjiku Otieno", "type": "PERSON"}},
                 {"split": {"mentions": ["nope"], "name": "X", "type": "ORG"}},
                 {"split": {"alias": "Otieno", "type": "PERSON"}},
                 {"split": {"alias": "Otieno", "mentions": [f"{a1}:0"], "name": "X",
                            "type": "ORG"}},
                 {"split": "Otieno"}, {"split": {"alias": "Otieno", "name": ["X"],
                                                 "type": "ORG"}},
                 {"split": {"alias": "Otieno", "name": "X", "type": "ORG", "colour": 1}},
                 {"split": {"mentions": [], "name": "X", "type": "ORG"}},
                 {"split": {"mentions": [{"article_id": a1, "start": "x"}], "name": "X",
                            "type": "ORG"}},
                 {"split": {"mentions": [f"{a1}:0"], "name": "X", "type": "ORG"}},
                 {"split": {"alias": "Otieno", "name": "X", "type": "ORG", "country": "XX"}}):
        assert client.patch(f"/entities/{PERSON}", body).status_code == 400, body

    peter = entity_key("Peter Otieno", "PERSON")
    r = client.patch(f"/entities/{PERSON}", {"split": {
        "alias": "Otieno", "name": "Peter Otieno", "type": "PERSON", "country": "KEN",
        "sector": "GOV"}, "reason": "another Otieno"})
    assert r.status_code == 200, r.text
    same_as_original()
    (rec,) = r.json()["corrections"]
    assert rec["field"] == "split" and rec["before"]["id"] == PERSON
    assert rec["after"]["id"] == peter and rec["after"]["code"] == "KENGOV"
    for aid in (a1, a2):
        doc = client.get(f"/articles/{aid}")
        ids = {e["id"]: e for e in doc["entities"]}
        assert SHORT not in ids  # its only mention moved: the merged row is gone
        assert ids[peter]["name"] == "Peter Otieno" and ids[peter]["country"] == "KEN"
        assert [m["text"] for m in ids[peter]["mentions"]] == ["Otieno"]
        assert [m["text"] for m in ids[PERSON]["mentions"]] == ["Wanjiku Otieno"]
        assert rec["id"] in {c["id"] for c in client.get(
            "/corrections", article_id=aid)["corrections"]}
    people = {e["name"]: e for e in client.get("/entities", q="Otieno")["entities"]}
    assert people["Peter Otieno"]["country"] == "KEN"
    assert people["Wanjiku Otieno"]["mentions"] == people["Peter Otieno"]["mentions"]
    assert_aggregates_match_rebuild(engine)

    # one article's "Wanjiku Otieno" is an organisation: split that mention off
    doc = client.get(f"/articles/{a1}")
    mention = next(e for e in doc["entities"] if e["id"] == PERSON)["mentions"][0]
    holdings = entity_key("Otieno Holdings", "ORG")
    r = client.patch(f"/entities/{PERSON}", {"split": {
        "mentions": [f"{a1}:{mention['start']}"], "name": "Otieno Holdings", "type": "ORG",
        "country": "KEN", "sector": "BUS"}})
    assert r.status_code == 200, r.text
    doc = client.get(f"/articles/{a1}")
    ids = {e["id"]: e for e in doc["entities"]}
    assert PERSON not in ids and ids[holdings]["aliases"] == ["Wanjiku Otieno"]
    assert ids[holdings]["split_from"] == PERSON == ids[peter]["split_from"]
    assert r.json()["corrections"][0]["id"] in {c["id"] for c in doc["corrections"]}
    assert _event(doc)[1]["target"][1] == {"name": "Otieno Holdings", "country": "KEN",
                                           "sector": "BUS", "code": "KENBUS"}
    doc2 = client.get(f"/articles/{a2}")  # the other article keeps the person
    assert PERSON in {e["id"] for e in doc2["entities"]}
    assert _event(doc2)[1]["target"][1]["name"] == "Wanjiku Otieno"
    assert [e["name"] for e in client.get("/entities", q="Holdings")["entities"]] == [
        "Otieno Holdings"]
    same_as_original()
    assert_aggregates_match_rebuild(engine)

    # a re-analysis (the machine joins them again) re-applies both splits
    MACHINE["version"] = 2
    try:
        assert engine.reanalyze(ids=[a1, a2]) == 2
    finally:
        MACHINE["version"] = 1
    doc = client.get(f"/articles/{a1}")
    ids = {e["id"] for e in doc["entities"]}
    assert {peter, holdings} <= ids and not {PERSON, SHORT} & ids
    assert _event(doc)[1]["target"][1]["name"] == "Otieno Holdings"
    assert peter in {e["id"] for e in client.get(f"/articles/{a2}")["entities"]}
    assert_aggregates_match_rebuild(engine)

    # undo (newest first): the machine's entities, mentions and actors are back
    for c in client.get("/corrections", kind="entity", active="true")["corrections"]:
        assert client.delete(f"/corrections/{c['id']}").status_code == 200
    for aid in (a1, a2):
        doc = client.get(f"/articles/{aid}")
        ids = {e["id"]: e for e in doc["entities"]}
        assert peter not in ids and holdings not in ids
        assert ids[SHORT]["name"] == "Otieno" and "merged_into" not in ids[SHORT]
        assert [m["text"] for m in ids[SHORT]["mentions"]] == ["Otieno"]
        assert [m["text"] for m in ids[PERSON]["mentions"]] == ["Wanjiku Otieno"]
        assert _event(doc)[1]["target"][1]["name"] == "Wanjiku Otieno"
    assert client.get("/entities", q="Holdings")["entities"] == []
    same_as_original()
    assert_aggregates_match_rebuild(engine)
