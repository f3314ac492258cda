"""HTML safety: hostile text in the source, the translation, glossary renderings and
notes, and file names ends up as text in the review page, never as markup or script.

The DOM-level tests parse the page with the standard library and run everywhere; the
browser tests open the same pages in headless Chromium (tests/browser.py) and skip,
saying why, where no browser can be started."""
from __future__ import annotations

import base64
import hashlib
import http.server
import json
import os
import re
import threading
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqc.cli import main
from tqc.glossary import load_glossary
from tqc.pipeline import run
from tqc.reading import read_inputs
from tqc.reporters.html import render_html

from browser import load
from minidom import parse

# Each payload sets window.tqcPwned when it runs; none may.
SCRIPT_TAG = "<script>window.tqcPwned=1</script>"
IMG_ONERROR = '"><img src=x onerror="window.tqcPwned=2">'
JAVASCRIPT_URL = "javascript:window.tqcPwned=3"
JAVASCRIPT_LINK = '<a href="javascript:window.tqcPwned=4">details</a>'
END_OF_DATA = "</script><script>window.tqcPwned=5</script>"
SVG_ONLOAD = "<svg onload=window.tqcPwned=6>"
TEMPLATE_TEXT = "{{ 7*7 }}{% raw %}"
PAYLOADS = (SCRIPT_TAG, IMG_ONERROR, JAVASCRIPT_URL, JAVASCRIPT_LINK, END_OF_DATA, SVG_ONLOAD, TEMPLATE_TEXT)

# File names cannot hold "/", so no closing tags there.
ZH_NAME = "<svg onload=window.tqcPwned=7>.zh.txt"
EN_NAME = '"><img src=x onerror=window.tqcPwned=8>.en.txt'
GLOSSARY_NAME = "javascript:window.tqcPwned=9.tsv"

ZH_TEXT = (
    f"图书馆{SCRIPT_TAG}从下个月起延长开放时间。周末开放到晚上六点{IMG_ONERROR}。\n"
    f"馆长说，读者可以访问{JAVASCRIPT_LINK}了解详情。\n"
    f"图书馆还将举办二十场讲座{END_OF_DATA}。\n"   # left out of the English: OM01 quotes it
    f"新的阅览室有{SVG_ONLOAD}三百个座位{TEMPLATE_TEXT}。\n"
)
EN_TEXT = (
    f"From next month the library{SCRIPT_TAG} will stay open longer. It opens until 9 p.m. at weekends"
    f"{IMG_ONERROR}.\n"
    f"The director said readers can visit {JAVASCRIPT_URL} for details\n"   # no full stop: TR rules
    f"The new reading room has 200 seats {SVG_ONLOAD}{TEMPLATE_TEXT}.\n"      # 三百 is 300: NU01
)
GLOSSARY_TSV = (
    "zh\ten\tforbidden\tnote\n"
    f"图书馆\tpublic library|{IMG_ONERROR} library\t{SCRIPT_TAG} libraries\t{JAVASCRIPT_LINK} {END_OF_DATA}\n"
    f"阅览室\treading hall\t{SVG_ONLOAD} room\t{JAVASCRIPT_URL}\n"
)

REPORT_JS = resources.files("tqc").joinpath("templates", "report.js").read_text(encoding="utf-8")
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data",
                  "background", "ping", "manifest", "codebase", "cite"}


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / ZH_NAME).write_text(ZH_TEXT, encoding="utf-8")
    (folder / EN_NAME).write_text(EN_TEXT, encoding="utf-8")
    (folder / GLOSSARY_NAME).write_text(GLOSSARY_TSV, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_page(hostile_files) -> Path:
    """The review page of the hostile files, written by the command line."""
    previous = os.getcwd()
    os.chdir(hostile_files)  # relative names, so the page shows them as given
    try:
        result = CliRunner().invoke(main, ["check", ZH_NAME, EN_NAME, "--glossary", GLOSSARY_NAME,
                                           "--format", "html", "--output", "report.html",
                                           "--fail-on", "never"])
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    return hostile_files / "report.html"


@pytest.fixture(scope="module")
def deferred_page(hostile_files) -> Path:
    """The same report with every row after the first deferred: report.js builds those
    rows from the embedded JSON, so the script's escaping is tested too."""
    bitext = read_inputs(str(hostile_files / ZH_NAME), str(hostile_files / EN_NAME))
    report = run(bitext, load_glossary(str(hostile_files / GLOSSARY_NAME)))
    page = hostile_files / "deferred.html"
    page.write_text(render_html(report, row_budget=3), encoding="utf-8")
    return page


def findings_of(page: Path) -> list[dict]:
    return json.loads(parse(page.read_text(encoding="utf-8")).find(id="tqc-data").text())["findings"]


# --- DOM level: no browser needed -----------------------------------------------------------

def csp_directives(html: str) -> dict[str, list[str]]:
    head = parse(html).find("head")
    metas = [meta for meta in head.find_all("meta")
             if meta.attrs.get("http-equiv", "").lower() == "content-security-policy"]
    assert len(metas) == 1
    directives = {}
    for part in metas[0].attrs["content"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_inert(html: str, inline_script: str | None) -> None:
    """No markup from the input: only tqc's own scripts, no event handler attributes,
    no link or resource outside the page."""
    root = parse(html)
    scripts = root.find_all("script")
    if inline_script is None:
        assert scripts == []
    else:
        assert [(s.attrs.get("type"), s.attrs.get("id")) for s in scripts] == \
            [("application/json", "tqc-data"), (None, None)]
        assert scripts[1].text() == inline_script
        json.loads(scripts[0].text())  # one JSON value: nothing broke out of the data block
    assert html.lower().count("</script") == len(scripts)
    for node in root.iter():
        assert node.tag not in {"img", "iframe", "object", "embed", "base", "frame", "math"}, node.tag
        for name, value in node.attrs.items():
            assert not name.lower().startswith("on"), (node.tag, name, value)
            if name.lower() in URL_ATTRIBUTES:
                assert value.startswith(("#", "data:")), (node.tag, name, value)
            if name.lower() == "style":
                assert "url(" not in value.lower() and "expression" not in value.lower()
    assert len(root.find_all("style")) == 1
    assert len(root.find_all("svg")) <= 1  # the findings chart


def reading_text(node) -> str:
    """The text an editor reads, without the finding links tqc puts inside sentences."""
    if isinstance(node, str):
        return node
    if node.tag == "a" and "ref" in node.classes:
        return ""
    return "".join(reading_text(child) for child in node.children)


def test_hostile_text_stays_text(hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    assert_inert(html, REPORT_JS)
    text = reading_text(parse(html).find("body"))
    for payload in (SCRIPT_TAG, IMG_ONERROR, JAVASCRIPT_LINK, SVG_ONLOAD, TEMPLATE_TEXT):
        assert payload in text, payload  # shown to the editor, as typed
    for name in (ZH_NAME, EN_NAME, GLOSSARY_NAME):
        assert name in text, name
    assert "49" not in text  # {{ 7*7 }} was not evaluated


def test_findings_quote_the_hostile_text(hostile_page):
    """The test is only as good as the places it reaches: findings quote the payloads."""
    findings = findings_of(hostile_page)
    codes = {finding["c"] for finding in findings}
    assert "OM01" in codes and "NU01" in codes
    quoted = "\n".join(finding["m"] + finding["g"] + finding["t"] for finding in findings)
    assert END_OF_DATA in quoted


def test_deferred_rows_carry_the_hostile_text_as_data(deferred_page):
    html = deferred_page.read_text(encoding="utf-8")
    assert_inert(html, REPORT_JS)
    data = json.loads(parse(html).find(id="tqc-data").text())
    assert data["rows"], "rows are deferred"
    deferred = json.dumps(data["rows"], ensure_ascii=False)
    assert END_OF_DATA in deferred and SVG_ONLOAD in deferred


def test_content_security_policy_forbids_loading_anything(hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    directives = csp_directives(html)
    assert directives["default-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"] and directives["form-action"] == ["'none'"]
    assert directives["img-src"] == ["data:"] and directives["style-src"] == ["'unsafe-inline'"]
    inline = parse(html).find_all("script")[1].text()
    digest = base64.b64encode(hashlib.sha256(inline.encode("utf-8")).digest()).decode()
    assert directives["script-src"] == [f"'sha256-{digest}'"]  # this script and no other
    for values in directives.values():
        for value in values:
            assert not re.search(r"https?:|\*|unsafe-eval|'self'|^[a-z0-9.-]+\.[a-z]{2,}$", value), value
    # The policy comes before anything that could load or run.
    head = parse(html).find("head")
    first = [child.tag for child in head.children if not isinstance(child, str)][:2]
    assert first == ["meta", "meta"]


def test_compare_page_is_inert_too(hostile_files, tmp_path):
    edited = tmp_path / "edited.en.txt"
    edited.write_text(EN_TEXT.replace("200", "300") + f"{SCRIPT_TAG} added.\n", encoding="utf-8")
    page = tmp_path / "compare.html"
    result = CliRunner().invoke(main, ["compare", str(hostile_files / EN_NAME), str(edited),
                                       "--source", str(hostile_files / ZH_NAME), "--format", "html",
                                       "--output", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert_inert(html, None)
    directives = csp_directives(html)
    assert directives["default-src"] == ["'none'"] and "script-src" not in directives
    assert SCRIPT_TAG in parse(html).find("body").text()


# --- in a real browser -------------------------------------------------------------------------

WATCH_VIOLATIONS = """
window.tqcViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.tqcViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""

LIVE_DOM_PROBLEMS = """
const problems = [];
for (const node of document.querySelectorAll('*')) {
  for (const attribute of node.attributes) {
    const name = attribute.name.toLowerCase();
    if (name.startsWith('on')) problems.push(node.tagName + ' ' + name);
    if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name)
        && !/^(#|data:)/.test(attribute.value)) problems.push(node.tagName + ' ' + name + '=' + attribute.value);
  }
  if (['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'BASE'].includes(node.tagName)) problems.push(node.tagName);
}
if (document.scripts.length !== 2) problems.push(document.scripts.length + ' scripts');
return problems;
"""


@pytest.fixture
def watched(browser):
    """Record Content-Security-Policy violations from the first moment of each page."""
    handle = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_VIOLATIONS})
    yield browser
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": handle["identifier"]})


def exercise(driver) -> None:
    """Render every row and visit every finding, as an editor would."""
    driver.execute_script("window.tqcReport.renderAll()")
    count = driver.execute_script("return document.querySelectorAll('li.finding').length")
    for _ in range(count):
        driver.find_element("tag name", "body").send_keys("n")
    driver.execute_script("""
        for (const link of document.querySelectorAll("a[href]"))
          link.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));
    """)


@pytest.mark.parametrize("page", ["hostile_page", "deferred_page"])
def test_no_script_runs_in_the_browser(watched, page, request):
    url = request.getfixturevalue(page).as_uri()
    load(watched, url)
    exercise(watched)
    assert watched.execute_script("return window.tqcReport !== undefined")  # tqc's script did run
    assert watched.execute_script("return window.tqcPwned === undefined")
    assert watched.execute_script(LIVE_DOM_PROBLEMS) == []
    # Nothing got as far as the policy: escaping alone kept the payloads out.
    assert watched.execute_script("return window.tqcViolations") == []


def test_escaping_holds_without_the_policy(browser, hostile_page, tmp_path):
    """With the Content-Security-Policy taken out, still no payload runs."""
    html = hostile_page.read_text(encoding="utf-8")
    bare = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert bare != html
    page = tmp_path / "no-policy.html"
    page.write_text(bare, encoding="utf-8")
    load(browser, page.as_uri())
    exercise(browser)
    assert browser.execute_script("return window.tqcPwned === undefined")


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"window.tqcPwned = 10;")

    def log_message(self, *args):
        pass


@pytest.fixture
def counting_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    _CountingHandler.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.requests
    server.shutdown()
    server.server_close()


def test_policy_blocks_every_external_load(watched, hostile_page, counting_server):
    """Even script injected after the page loaded cannot fetch, load or run anything
    from outside: the policy itself is tested, not only the escaping."""
    base, requests = counting_server
    load(watched, hostile_page.as_uri())
    watched.execute_script(f"""
        const base = {json.dumps(base)};
        const image = document.createElement('img'); image.src = base + '/image.png';
        document.body.appendChild(image);
        const script = document.createElement('script'); script.src = base + '/script.js';
        document.body.appendChild(script);
        const sheet = document.createElement('link'); sheet.rel = 'stylesheet'; sheet.href = base + '/style.css';
        document.head.appendChild(sheet);
        const frame = document.createElement('iframe'); frame.src = base + '/frame.html';
        document.body.appendChild(frame);
        const inline = document.createElement('script'); inline.textContent = 'window.tqcPwned = 11';
        document.body.appendChild(inline);
        fetch(base + '/fetch').catch(() => {{}});
    """)
    watched.execute_script("return new Promise(done => setTimeout(done, 500))")
    assert requests == []
    assert watched.execute_script("return window.tqcPwned === undefined")
    blocked = " ".join(watched.execute_script("return window.tqcViolations"))
    for directive in ("img-src", "script-src", "style-src", "frame-src", "connect-src"):
        assert directive in blocked, (directive, blocked)
