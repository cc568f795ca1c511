"""Corrections from the dashboard in Debian's Chromium (Playwright), by keyboard: the edit
control of an event card, an entity chip and a quote opens a form that takes focus, Enter
saves, Escape closes (an entity's form also splits an entity); the view shows the stored correction at once and focus comes back to
the edit button; undo restores the machine's value. A real server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page

from _corrections_helpers import EDITOR, PERSON, SENTENCE, article, serving
from wirewatch.analyze.entities import entity_id


def _active(page: Page) -> dict[str, str]:
    return page.evaluate("() => ({name: document.activeElement.name || '', "
                         "cls: document.activeElement.className || ''})")


def test_correct_by_keyboard(browser: Browser, tmp_path: Path) -> None:
    with serving(tmp_path / "data") as (base, _engine):
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            aid = article(2).id
            doc = httpx.get(f"{base}/articles/{aid}", timeout=30).json()
            idx = next(i for i, e in enumerate(doc["events"])
                       if e["evidence"]["sentence"] == SENTENCE)
            page.goto(f"{base}/#article/{aid}")
            card = f'.event-card[data-idx="{idx}"]'
            page.wait_for_selector(f"{card} .corr-edit", timeout=20_000)
            assert page.locator(f"{card} .event-type").inner_text() == "ASSAULT"

            # event: open with Enter, the form takes focus, save with Enter
            page.locator(f"{card} .corr-edit").focus()
            page.keyboard.press("Enter")
            page.wait_for_selector(f"{card} form.corr-form")
            assert _active(page)["name"] == "type"
            page.select_option(f"{card} select[name=type]", "ACCUSE")
            page.keyboard.press("Tab")  # on to the next field: the form is a plain tab order
            assert _active(page)["name"] == "modality"
            page.locator(f"{card} input[name=token]").fill(EDITOR)
            page.locator(f"{card} input[name=reason]").focus()
            page.keyboard.type("spoken threat, not shelling")
            page.keyboard.press("Enter")
            page.wait_for_function(
                f"document.querySelector('{card} .event-type')?.textContent === 'ACCUSE'",
                timeout=10_000)
            assert "corrected" in page.locator(card).get_attribute("class")
            assert "corr-edit" in _active(page)["cls"]  # focus is back where it was
            stored = httpx.get(f"{base}/articles/{aid}", timeout=30).json()
            assert stored["events"][idx]["type"] == "ACCUSE"
            assert stored["corrections"][0]["who"] == "ann"
            assert stored["corrections"][0]["reason"] == "spoken threat, not shelling"

            # quote: Escape closes the form without saving, focus back on its button
            quote = '.quote-list li[data-quote="0"]'
            page.locator(f"{quote} .corr-edit").focus()
            page.keyboard.press("Enter")
            page.wait_for_selector(f"{quote} form.corr-form")
            assert _active(page)["name"] == "speaker"
            page.keyboard.type("Wanjiku Otieno")
            page.keyboard.press("Escape")
            assert page.locator(f"{quote} form.corr-form").count() == 0
            assert "corr-edit" in _active(page)["cls"]
            # ... and Enter saves it (the token is remembered: no token field now)
            page.keyboard.press("Enter")
            page.wait_for_selector(f"{quote} form.corr-form")
            assert page.locator(f"{quote} input[name=token]").count() == 0
            page.keyboard.press("Control+A")
            page.keyboard.type("Wanjiku Otieno")
            page.keyboard.press("Enter")
            page.wait_for_function(
                f"document.querySelector('{quote} .speaker')?.textContent === 'Wanjiku Otieno'",
                timeout=10_000)

            # entity chip: her country
            chip = f'.chip[data-entity="{PERSON}"]'
            page.locator(f"{chip} .corr-edit").focus()
            page.keyboard.press("Enter")
            page.wait_for_selector(f"{chip} form.corr-form")
            assert _active(page)["name"] == "country"
            page.keyboard.press("Control+A")
            page.keyboard.type("KEN")
            page.keyboard.press("Enter")
            page.wait_for_selector(f"{chip}.corrected", timeout=10_000)
            ents = httpx.get(f"{base}/articles/{aid}", timeout=30).json()["entities"]
            assert next(e for e in ents if e["id"] == PERSON)["country"] == "KEN"

            # entity chip: split the mention reading "Kenyan" off Kenya, as a group of its own
            kenya = entity_id("Kenya", "GPE")
            chip = f'.chip[data-entity="{kenya}"]'
            page.locator(f"{chip} .corr-edit").focus()
            page.keyboard.press("Enter")
            page.wait_for_selector(f"{chip} form.corr-form")
            page.select_option(f"{chip} select[name=split_alias]", "Kenyan")
            page.locator(f"{chip} input[name=split_name]").fill("Kenyans")
            page.select_option(f"{chip} select[name=split_type]", "NORP")
            page.locator(f"{chip} input[name=reason]").focus()
            page.keyboard.press("Enter")
            page.wait_for_selector(f'.chip[data-entity="{entity_id("Kenyans", "NORP")}"]',
                                   timeout=10_000)
            ents = httpx.get(f"{base}/articles/{aid}", timeout=30).json()["entities"]
            split = [e for e in ents if e.get("split_from") == kenya]
            assert [(e["name"], e["type"]) for e in split] == [("Kenyans", "NORP")]

            # undo the event's type from its card, by keyboard
            undo = page.locator(f"{card} .corr-undo").first
            undo.focus()
            page.keyboard.press("Enter")
            page.wait_for_function(
                f"document.querySelector('{card} .event-type')?.textContent === 'ASSAULT'",
                timeout=10_000)
            stored = httpx.get(f"{base}/articles/{aid}", timeout=30).json()
            assert stored["events"][idx]["type"] == "ASSAULT"
            page.screenshot(path=str(tmp_path / "corrections.png"))
            assert errors == []
        finally:
            page.close()
