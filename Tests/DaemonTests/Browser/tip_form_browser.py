#!/usr/bin/env python3
"""Drives the tip form in headless Chromium (Debian's chromium and chromium-driver,
through Selenium): opens the form served by a running `attest serve`, fills it in,
submits it, reads the receipt code, opens the status page, enters the code and reads
the status. Prints `receipt code: …`, `status: …` and `spanish title: …`; exits 0 only
when every step worked.

Usage: tip_form_browser.py BASE_URL SLUG TEXT
"""
import shutil
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--lang=en-US", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


def main(base, slug, text):
    driver = browser()
    try:
        run(driver, base, slug, text)
    except Exception:
        # What the browser shows says why a step failed (the tip's text is not on it).
        print(f"failed at {driver.current_url}:\n{driver.find_element(By.TAG_NAME, 'body').text}", flush=True)
        raise
    finally:
        driver.quit()


def run(driver, base, slug, text):
    wait = WebDriverWait(driver, 20)
    driver.get(f"{base}/t/{slug}/tips")
    wait.until(ready.presence_of_element_located((By.ID, "text")))
    label = driver.find_element(By.CSS_SELECTOR, "label[for=text]").text
    assert label, "the text area has no label"
    driver.find_element(By.ID, "text").send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    code = wait.until(ready.presence_of_element_located((By.ID, "receipt-code"))).text.strip()
    print(f"receipt code: {code}", flush=True)
    assert len(code) == 23, f"unexpected receipt code {code!r}"

    driver.find_element(By.PARTIAL_LINK_TEXT, "Check its status").click()
    field = wait.until(ready.presence_of_element_located((By.ID, "code")))
    field.send_keys(code.lower().replace("-", " "))
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    status = wait.until(ready.presence_of_element_located((By.ID, "tip-status")))
    print(f"status: {status.get_attribute('data-status')} ({status.text})", flush=True)

    driver.get(f"{base}/t/{slug}/tips?lang=es")
    title = wait.until(ready.presence_of_element_located((By.TAG_NAME, "h1"))).text
    print(f"spanish title: {title}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
