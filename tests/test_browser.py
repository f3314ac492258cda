"""The review page in a real browser: headless Chromium (Debian's chromium and
chromium-driver packages) driven by selenium, set up in tests/browser.py.  Never
downloads a browser; when none can be started every test here is skipped with the reason.

Screenshots go to reports/screenshots/ (ignored by git); with
TQC_UPDATE_SCREENSHOTS=1 they go to docs/screenshots/, the README's pictures."""
from __future__ import annotations

import base64
import os
import time
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqc.cli import main
from tqc.reporters.html import render_html

from browser import load
from html_fixtures import SAMPLE_RULES, SCRIPT_IN_TRANSLATION, large_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = resources.files("tqc") / "examples"


@pytest.fixture(scope="module")
def example_url(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "example.html"
    # Relative paths, as in the README's command, so the screenshots show them.
    zh, en, glossary = (os.path.relpath(EXAMPLES / name) for name in ("abstract.zh.txt", "abstract.en.txt",
                                                                        "glossary.tsv"))
    result = CliRunner().invoke(main, ["check", zh, en, "--glossary", glossary, "--format", "html",
                                       "--output", str(out), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return out.as_uri()


def screenshot_dir() -> Path:
    folder = ROOT / ("docs" if os.environ.get("TQC_UPDATE_SCREENSHOTS") == "1" else "reports") / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def visible_notes(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('li.finding'))"
        ".filter(li => li.offsetParent !== null).map(li => li.id)")


def click(driver, css: str) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", driver.find_element("css selector", css))
    driver.find_element("css selector", css).click()


def fragment(driver) -> str:
    return driver.execute_script("return location.hash")


def ids_where(data: dict, test) -> list[str]:
    return sorted(f"finding-{i}" for i, f in enumerate(data["findings"]) if test(f))


def test_filters_hide_and_show_findings(browser, example_url):
    data = load(browser, example_url)
    everything = ids_where(data, lambda f: True)
    assert sorted(visible_notes(browser)) == everything and len(everything) >= 4
    severity = data["findings"][0]["s"]

    click(browser, f'input[name="sev"][value="{severity}"]')
    assert sorted(visible_notes(browser)) == ids_where(data, lambda f: f["s"] != severity)
    assert "sev=" in fragment(browser) and severity not in fragment(browser).split("sev=")[1].split("&")[0]
    hidden_marks = browser.execute_script("return document.querySelectorAll('mark.off, a.ref.off').length")
    assert hidden_marks > 0
    click(browser, f'input[name="sev"][value="{severity}"]')
    assert sorted(visible_notes(browser)) == everything
    assert fragment(browser) == ""

    click(browser, 'input[name="cat"][value="terminology"]')
    assert sorted(visible_notes(browser)) == ids_where(data, lambda f: f["k"] != "terminology")
    click(browser, 'input[name="cat"][value="terminology"]')

    click(browser, "#filters details summary")
    click(browser, 'input[name="code"][value="OM01"]')
    assert sorted(visible_notes(browser)) == ids_where(data, lambda f: f["c"] != "OM01")
    click(browser, "#reset")
    assert sorted(visible_notes(browser)) == everything

    search = browser.find_element("id", "q")
    search.send_keys("glossary term")
    time.sleep(0.4)  # the search field applies after a short pause in typing
    assert sorted(visible_notes(browser)) == ids_where(data, lambda f: "glossary term" in f["t"].lower())
    assert "q=glossary%20term" in fragment(browser)

    click(browser, "#only")
    shown_rows = browser.execute_script(
        "return Array.from(document.querySelectorAll('tr.bead')).filter(r => r.offsetParent !== null).length")
    beads_with_notes = {data["findings"][int(i.split('-')[1])]["b"] for i in visible_notes(browser)}
    assert 0 < shown_rows <= len(beads_with_notes) + 2
    assert "only=1" in fragment(browser)
    click(browser, "#reset")
    assert browser.execute_script("return document.querySelectorAll('tr.filtered').length") == 0


def test_fragment_restores_the_view(browser, example_url):
    data = load(browser, example_url + "#sev=error&cat=omission,terminology&only=1")
    expected = ids_where(data, lambda f: f["s"] == "error" and f["k"] in ("omission", "terminology"))
    assert expected and sorted(visible_notes(browser)) == expected
    checked = browser.execute_script(
        "return Array.from(document.querySelectorAll('#filters input:checked')).map(i => i.name + ':' + i.value)")
    assert "sev:error" in checked and "sev:warning" not in checked and "only:on" in checked
    status = browser.find_element("id", "status").text
    assert status.startswith(f"{len(expected)} of {len(data['findings'])}")


def test_dashboard_links_set_filters(browser, example_url):
    data = load(browser, example_url)
    click(browser, 'a[href="#sev=error&only=1"]')
    assert sorted(visible_notes(browser)) == ids_where(data, lambda f: f["s"] == "error")
    assert browser.find_element("id", "only").is_selected()


def test_keyboard_moves_between_findings(browser, example_url):
    from selenium.webdriver.common.action_chains import ActionChains

    data = load(browser, example_url)
    order = [f"finding-{i}" for i in data["order"]]

    def press(key: str) -> str:
        ActionChains(browser).send_keys(key).perform()
        return browser.execute_script("return document.activeElement.id")

    assert press("n") == order[0]
    assert press("n") == order[1]
    assert press("j") == order[2]
    assert press("p") == order[1]
    assert press("k") == order[0]
    assert "at=" in fragment(browser)
    current = browser.execute_script("return Array.from(document.querySelectorAll('.current')).map(e => e.tagName)")
    assert "LI" in current and len(current) >= 2  # the note and its marks
    # with a filter on, navigation skips what is hidden
    click(browser, '#reset')
    first_code = data["findings"][data["order"][0]]["c"]
    click(browser, "#filters details summary")
    click(browser, f'input[name="code"][value="{first_code}"]')
    browser.find_element("tag name", "body").click()
    browser.execute_script("document.activeElement.blur()")
    landed = press("n")
    assert data["findings"][int(landed.split("-")[1])]["c"] != first_code


def test_script_in_a_translation_stays_text(browser, tmp_path):
    page = tmp_path / "large.html"
    page.write_text(render_html(large_report(60), rules=SAMPLE_RULES, row_budget=40), encoding="utf-8")
    load(browser, page.as_uri())
    browser.execute_script("window.tqcReport.renderAll()")
    assert browser.execute_script("return window.pwned === undefined")
    last = browser.execute_script("return Array.from(document.querySelectorAll('tr.bead')).pop()"
                                  ".querySelector('td.en').textContent")
    assert SCRIPT_IN_TRANSLATION in last


def test_deferred_rows_match_the_template(browser, tmp_path):
    report = large_report(130, findings_every=3)
    deferred, complete = tmp_path / "deferred.html", tmp_path / "complete.html"
    deferred.write_text(render_html(report, rules=SAMPLE_RULES, row_budget=60), encoding="utf-8")
    complete.write_text(render_html(report, rules=SAMPLE_RULES, row_budget=10 ** 6), encoding="utf-8")
    tables = "return Array.from(document.querySelectorAll('#bitext tbody')).map(b => b.outerHTML)"
    load(browser, complete.as_uri())
    expected = browser.execute_script(tables)
    data = load(browser, deferred.as_uri())
    assert data["rows"] and browser.execute_script("return window.tqcReport.rendered()") == data["initial"]
    browser.execute_script("window.tqcReport.renderAll()")
    assert browser.execute_script(tables) == expected


def test_large_page_starts_small_and_loads_on_scroll(browser, tmp_path):
    page = tmp_path / "large.html"
    page.write_text(render_html(large_report(2600), rules=SAMPLE_RULES), encoding="utf-8")
    data = load(browser, page.as_uri())
    assert browser.execute_script("return document.querySelectorAll('tr').length") <= 2000
    before = browser.execute_script("return window.tqcReport.rendered()")
    assert before == data["initial"] < data["total"]
    browser.execute_script("document.getElementById('more').scrollIntoView()")
    browser.execute_script("return new Promise(done => setTimeout(done, 300))")
    assert browser.execute_script("return window.tqcReport.rendered()") > before
    # a link to a finding far down renders the rows up to it
    last = len(data["findings"]) - 1
    browser.execute_script(f"location.hash = 'at={last}'")
    browser.execute_script("return new Promise(done => setTimeout(done, 100))")
    assert browser.execute_script("return document.activeElement.id") == f"finding-{last}"
    # so does a plain link to a bead far down
    load(browser, page.as_uri() + "#bead-2500")
    assert browser.execute_script("return document.getElementById('bead-2500') !== null")


def test_print_stylesheet_hides_the_controls(browser, example_url):
    load(browser, example_url + "#sev=error")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script("return getComputedStyle(document.getElementById('filters')).display") == "none"
        note = browser.find_element("id", "view-note")
        assert note.is_displayed() and note.text == "Filtered view (severity: error)"
        assert browser.execute_script(
            "return getComputedStyle(document.querySelector('table.bitext thead')).display") == "table-header-group"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2


def test_screenshots(browser, example_url):
    folder = screenshot_dir()
    load(browser, example_url)
    browser.set_window_size(1280, 1300)
    first = folder / "report.png"
    assert browser.save_screenshot(str(first))
    load(browser, example_url + "#sev=error&only=1")
    browser.execute_script("document.getElementById('filters').scrollIntoView()")
    filtered = folder / "report-errors.png"
    assert browser.save_screenshot(str(filtered))
    for path in (first, filtered):
        assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 20_000
