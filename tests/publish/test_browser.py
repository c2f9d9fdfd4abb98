"""Pages as a person sees them: headless Chromium (Debian's chromium and chromium-driver) via selenium.

These tests never skip. When Chromium or its driver is missing they FAIL and say how to
install them: ``scripts/install-browser.sh`` (apt-get; idempotent). Screenshots are saved
under ``build/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1600"]
EVENT = "event/2004-azerbaijan-embassy-in-kuwait-opened"
PERSON = "person/heydar-aliyev"
QUOTE = "افتتحت اذربيجان سفارة لها في دولة الكويت في اواخر عام ٢٠٠٤."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(build_dir):
    import uvicorn

    from kg.publish.web.app import create_app

    app = create_app(build_dir, None, query_timeout=10.0, row_cap=1000)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        pytest.fail(f"headless Chromium is not installed ({', '.join(missing)} missing): "
                    "run scripts/install-browser.sh (as root; it uses apt-get)", pytrace=False)
    os.environ["SE_OFFLINE"] = "true"  # selenium must not try to download a browser or a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _shot(driver, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(int(height), 800), 4000))
    assert driver.save_screenshot(str(path)), f"no screenshot written to {path}"
    assert path.stat().st_size > 10_000
    return path


def test_event_page_renders_the_arabic_quote_right_to_left(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/{EVENT}")  # the 303 is followed to the HTML document
    assert browser.current_url.endswith(f"/{EVENT}.html")
    assert browser.title.startswith("Azerbaijan opens its embassy in Kuwait")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "late 2004 (year precision)" in body
    assert "أواخر عام ٢٠٠٤" in body
    mark = browser.find_element(By.CSS_SELECTOR, ".passage mark")
    assert mark.text == QUOTE
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", mark) == "rtl"
    quote_block = browser.find_element(By.CSS_SELECTOR, ".passage blockquote")
    assert quote_block.get_attribute("lang") == "ar"
    background = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", mark)
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the quote is not highlighted"
    # English and Arabic side by side: the Arabic column is to the right of the English one.
    en = browser.find_element(By.CSS_SELECTOR, ".bi > .en").rect
    ar = browser.find_element(By.CSS_SELECTOR, ".bi > .ar").rect
    assert ar["x"] > en["x"] + en["width"] / 2
    _shot(browser, "event")


def test_visit_page_lists_participants_and_offices(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/event/2007-01-20-azerbaijani-foreign-minister-visit-to-kuwait.html")
    table = browser.find_element(By.CSS_SELECTOR, "table.participants").text
    assert "visitor" in table and "Minister of Foreign Affairs of Azerbaijan" in table
    link = browser.find_element(By.LINK_TEXT, "Minister of Foreign Affairs of Azerbaijan (unnamed; January 2007)")
    link.click()
    assert "/person/azerbaijani-foreign-minister-2007-01" in browser.current_url
    _shot(browser, "visit")


def test_person_page_lists_offices_and_events_in_order(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/{PERSON}.html")
    heading = browser.find_element(By.CSS_SELECTOR, ".ar h1")
    assert heading.text == "حيدر علييف"
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", heading) == "rtl"
    offices = browser.find_element(By.CSS_SELECTOR, "table.offices").text
    assert "President of Azerbaijan" in offices
    items = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "ol.timeline > li")]
    assert len(items) >= 8
    assert items[0].startswith("13 December 1994")
    order = [next(i for i, t in enumerate(items) if t.startswith(d)) for d in
             ("13 December 1994", "7 July 2000", "27 September 2001")]
    assert order == sorted(order)
    _shot(browser, "person")


def test_ontology_documentation_page(site, browser):
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/ontology#Visit")
    section = browser.find_element(By.ID, "Visit")
    assert "Visit" in section.text and "زيارة" in section.text
    _shot(browser, "ontology")
