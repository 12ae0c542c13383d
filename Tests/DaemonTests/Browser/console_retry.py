#!/usr/bin/env python3
"""Retries a failed delivery from the console in headless Chromium: signs a fresh account
in by keyboard, opens "Deliveries that need attention" from the page header, finds
delivery DELIVERY_ID with its relay's reply (axe-core on the page), presses its "Retry
now" button and expects the page to say the delivery is due again, then, reloading,
DELIVERY_ID to leave the list within a minute (sent). The caller checks that the daemon then sends it, once. Prints `ok: …`
lines and `all steps passed`; on a failure prints the page's text and exits 1.

Usage: console_retry.py BASE_URL EMAIL ONE_TIME_PASSWORD DELIVERY_ID RELAY_REPLY
"""
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from console_support import (  # noqa: E402
    WAIT_SECONDS, AxeChecker, browser, mark_page, new_page, ok, path_of, run_reporting, sign_in,
)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def retry_form(driver, delivery):
    forms = [f for f in driver.find_elements(By.CSS_SELECTOR, "form")
             if (f.get_attribute("action") or "").endswith(f"/deliveries/{delivery}/retry")]
    return forms[0] if forms else None


def main(base, email, password, delivery, reply):
    base = base.rstrip("/")
    checks = {}

    def steps(driver):
        axe = AxeChecker(driver)
        sign_in(driver, base, email, password)
        links = [a for a in driver.find_elements(By.CSS_SELECTOR, "header a") if (a.get_attribute("href") or "").endswith("/deliveries")]
        assert links, "the page header has no link to /deliveries"
        mark_page(driver)
        links[0].click()
        new_page(driver)
        assert path_of(driver) == "/deliveries", f"the header's link led to {driver.current_url}"
        form = retry_form(driver, delivery)
        assert form is not None, f"/deliveries offers no retry of delivery {delivery}"
        assert reply in driver.find_element(By.TAG_NAME, "main").text, f"the relay's reply {reply!r} is not shown"
        ok(f"delivery {delivery} is listed with the relay's reply and a retry button")
        axe("deliveries that need attention")

        mark_page(driver)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        new_page(driver)
        WebDriverWait(driver, WAIT_SECONDS).until(ready.presence_of_element_located((By.CSS_SELECTOR, "p.notice")),
                                                  "no notice after the retry")
        notice = driver.find_element(By.CSS_SELECTOR, "p.notice").text
        assert "due again" in notice, f"the notice says {notice!r}"
        ok(f"retried delivery {delivery}: {notice}")
        # Once the daemon has sent it, the delivery no longer needs attention.
        deadline = time.monotonic() + 60
        while retry_form(driver, delivery) is not None:
            assert time.monotonic() < deadline, f"a minute later, delivery {delivery} is still listed"
            time.sleep(1)
            driver.get(f"{base}/deliveries")
        ok(f"delivery {delivery} left the list once sent")
        checks["axe"] = axe

    driver = browser()
    try:
        run_reporting(driver, steps)
    finally:
        driver.quit()
    if checks["axe"].failures:
        sys.exit("failed: axe-core found serious or critical violations on: " + "; ".join(checks["axe"].failures))
    print("all steps passed", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
