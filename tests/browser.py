"""Headless Chromium for the tests that open a report in a real browser.

Debian's chromium and chromium-driver packages, driven by selenium.  Never
downloads a browser: when none can be started, every test that asks for the
``browser`` fixture (defined in conftest.py) is skipped with the reason.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile

import pytest

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,900", "--lang=en-US")


def start_browser():
    """(driver, None) or (None, why it cannot be started)."""
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None, "selenium is not installed: pip install -e '.[test]'"
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not chromedriver:
        missing = " and ".join(name for name, path in (("chromium", chromium), ("chromedriver", chromedriver))
                               if not path)
        return None, (f"{missing} not on PATH: install Debian's chromium and chromium-driver packages "
                      "(.ci/run does so when apt-get works)")
    os.environ["SE_OFFLINE"] = "true"  # selenium-manager must not fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='tqc-chromium-')}")
    try:
        return webdriver.Chrome(service=Service(executable_path=chromedriver), options=options), None
    except WebDriverException as error:
        first_line = (error.msg or str(error)).strip().splitlines()[0]
        return None, f"Chromium could not be started: {first_line}"


def browser_session():
    """The driver for conftest.py's session-wide ``browser`` fixture (one Chromium for the
    whole run: starting one takes a few seconds), or a skip that says why not."""
    driver, reason = start_browser()
    if driver is None:
        pytest.skip(reason)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def load(driver, url: str) -> dict:
    """Open a tqc report page and return its embedded data (the tqc-data JSON)."""
    driver.get("about:blank")  # a new document even when only the fragment differs
    driver.get(url)
    return json.loads(driver.execute_script("return document.getElementById('tqc-data').textContent"))
