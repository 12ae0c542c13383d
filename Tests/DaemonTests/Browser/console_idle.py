#!/usr/bin/env python3
"""Checks the console's idle timeout in headless Chromium: signs a fresh account in by
keyboard (one-time password, TOTP enrolment, new password), loads the overview, waits
IDLE_SECONDS + 2 seconds without a request, reloads the overview and expects to be sent
to the sign-in page. Prints `ok: …` lines, the last `ok: session expired after idle
time`; on a failure prints the page's text and exits 1. Run it against an `attest
console` started with a short idle timeout (IDLE_SECONDS).

Usage: console_idle.py BASE_URL EMAIL ONE_TIME_PASSWORD IDLE_SECONDS
"""
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from console_support import WAIT_SECONDS, browser, ok, path_of, run_reporting, sign_in  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def main(base, email, password, idle):
    base, idle = base.rstrip("/"), float(idle)

    def step(driver):
        sign_in(driver, base, email, password)
        driver.get(f"{base}/")
        WebDriverWait(driver, WAIT_SECONDS).until(ready.presence_of_element_located((By.ID, "overview")),
                                                  "the overview has no table#overview")
        assert path_of(driver) == "/", f"the overview is at {driver.current_url}"
        ok("the overview loads while the session is fresh")
        time.sleep(idle + 2)
        driver.get(f"{base}/")
        assert path_of(driver) == "/sign-in", \
            f"after {idle + 2:g} s idle the overview is still served ({driver.current_url})"
        ok("session expired after idle time")

    driver = browser()
    try:
        run_reporting(driver, step)
    finally:
        driver.quit()


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
