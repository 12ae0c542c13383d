"""Shared helpers of the console's browser scripts (console_browser.py, console_idle.py):
a headless Debian Chromium through Selenium, RFC 6238 codes, keyboard-only sign-in with
TOTP enrolment and the one-time password's replacement, and axe-core checks through
axe-selenium-python (installed by deploy/testing/browser/install-browser-deps.sh).
"""
import base64
import hashlib
import hmac
import shutil
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

NEW_PASSWORD = "correct horse battery staple 42"
# A wait, not a time limit under test: the console's tests run beside others on two
# cores, where a bcrypt sign-in can take many seconds (a CI run timed out at 20).
WAIT_SECONDS = 60
WIDTH, HEIGHT = 1280, 900


def ok(message):
    print(f"ok: {message}", flush=True)


def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--lang=en-US", "--no-first-run", "--disable-extensions",
                     f"--window-size={WIDTH},{HEIGHT}"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    chrome = None
    for attempt in range(3):  # a cold start on a loaded machine can miss chromedriver's own limit
        try:
            chrome = webdriver.Chrome(service=Service(executable_path=driver), options=options)
            break
        except WebDriverException as error:
            if attempt == 2:
                raise
            print(f"chromium did not start ({str(error).splitlines()[0]}); trying again", flush=True)
            time.sleep(2)
    chrome.set_window_size(WIDTH, HEIGHT)
    chrome.set_script_timeout(120)  # axe on a long list page
    chrome.set_page_load_timeout(120)
    return chrome


def run_reporting(driver, step):
    """Runs step(driver); on any failure prints where the browser is and what it shows,
    then exits non-zero."""
    try:
        step(driver)
    except Exception as error:
        try:
            body = driver.find_element(By.TAG_NAME, "body").text
        except Exception:
            body = "(no page)"
        print(f"failed: {type(error).__name__}: {error}\nat {driver.current_url}:\n{body}", flush=True)
        sys.exit(1)


# RFC 6238 (TOTP over RFC 4226's HOTP)

def hotp(key, counter, digits=6, digest=hashlib.sha1):
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def totp(key, at=None, step=30, digits=6, digest=hashlib.sha1):
    """The code for a raw key (bytes) at Unix time `at` (now when None)."""
    return hotp(key, int((time.time() if at is None else at) // step), digits, digest)


def base32_key(secret):
    """Decodes a displayed base32 secret: any case, spaces or dashes, padding optional."""
    text = "".join(secret.split()).replace("-", "").upper().rstrip("=")
    return base64.b32decode(text + "=" * (-len(text) % 8))


# Pages and the keyboard

def mark_page(driver):
    """Marks the current document, so that new_page can tell when another replaced it."""
    driver.execute_script("window.__attestOldPage = true;")


def new_page(driver):
    """Waits until the marked document has been replaced and the new one has loaded."""
    def replaced(d):
        return d.execute_script("return !window.__attestOldPage && document.readyState === 'complete';")
    WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,)).until(
        replaced, "the form's submission did not lead to a new page")


def path_of(driver):
    return urllib.parse.urlsplit(driver.current_url).path


def keys(driver, *sequence):
    ActionChains(driver).send_keys(*sequence).perform()


def focused(driver, script):
    """Evaluates `script` (a JS expression over `e`, the focused element)."""
    return driver.execute_script(f"const e = document.activeElement; return !!(e && ({script}));")


def tab_to(driver, script, what, limit=40):
    """Presses TAB until the focused element satisfies `script`."""
    for _ in range(limit):
        if focused(driver, script):
            return
        keys(driver, Keys.TAB)
    raise AssertionError(f"{limit} presses of TAB never reached {what}")


def submit_and_wait(driver, sequence, selectors, what):
    """Types `sequence` (ending in ENTER), waits for the next page and returns the first
    of `selectors` it has; a `p.error` on it fails with its text."""
    mark_page(driver)
    keys(driver, *sequence)
    new_page(driver)
    wanted = ["p.error"] + list(selectors)

    def found(d):
        for selector in wanted:
            if d.find_elements(By.CSS_SELECTOR, selector):
                return selector
        return False

    try:
        selector = WebDriverWait(driver, WAIT_SECONDS).until(found)
    except Exception:
        raise AssertionError(f"{what}: the next page has none of {', '.join(selectors)}")
    if selector == "p.error":
        raise AssertionError(f"{what}: the page says: {driver.find_element(By.CSS_SELECTOR, 'p.error').text}")
    return selector


EMAIL_FIELD = "e.tagName === 'INPUT' && (e.type === 'email' || e.name === 'email' || e.id === 'email')"
PASSWORD_FIELD = "e.tagName === 'INPUT' && e.type === 'password'"


def sign_in(driver, base, email, one_time_password, axe=None, new_password=NEW_PASSWORD):
    """Signs in by keyboard alone on a first sign-in: e-mail and one-time password, TOTP
    enrolment, new password; ends on the overview. `axe(name)` runs on each page."""
    driver.get(f"{base}/sign-in")
    WebDriverWait(driver, WAIT_SECONDS).until(ready.presence_of_element_located((By.CSS_SELECTOR, "form")),
                                              "the sign-in page has no form")
    assert "/sign-in" in path_of(driver), f"sign-in page at {driver.current_url}"
    if axe:
        axe("sign-in")
    # From the body: blur whatever has focus (autofocus included) and TAB to the field.
    driver.execute_script("const e = document.activeElement; if (e && e.blur) e.blur();")
    tab_to(driver, EMAIL_FIELD, "the e-mail field")
    keys(driver, email, Keys.TAB)
    assert focused(driver, PASSWORD_FIELD), "TAB from the e-mail field does not reach the password field"
    submit_and_wait(driver, [one_time_password, Keys.ENTER], ["#totp-secret", "input#code"],
                    f"sign-in of {email}")
    ok(f"signed in {email} by keyboard (e-mail, TAB, password, ENTER)")

    if not driver.find_elements(By.ID, "totp-secret"):
        raise AssertionError("the second-factor page is not an enrolment page (no #totp-secret): "
                             "the account has signed in before; these scripts need a fresh account")
    if axe:
        axe("enrolment")
    secret = driver.find_element(By.ID, "totp-secret").text.strip()
    uri = driver.find_element(By.ID, "totp-uri").text.strip()
    assert uri.startswith("otpauth://totp/"), f"#totp-uri is {uri!r}"
    parameters = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(uri).query))
    assert base32_key(parameters.get("secret", "")) == base32_key(secret), \
        "the URI's secret is not the one shown in #totp-secret"
    digits = int(parameters.get("digits", 6))
    step = int(parameters.get("period", 30))
    digest = getattr(hashlib, parameters.get("algorithm", "SHA1").lower())
    key = base32_key(secret)
    if step - time.time() % step < 3:  # too near the end of a step: use the next one
        time.sleep(step - time.time() % step + 0.2)
    code = totp(key, step=step, digits=digits, digest=digest)
    tab_to(driver, "e.id === 'code'", "input#code")
    submit_and_wait(driver, [code, Keys.ENTER], ["input#new-password", "table#overview"],
                    "the TOTP enrolment code")
    ok(f"enrolled TOTP for {email} ({digits} digits, {step} s) with a code computed here")

    if not driver.find_elements(By.ID, "new-password"):
        raise AssertionError("no new-password page after signing in with a one-time password")
    if axe:
        axe("new password")
    tab_to(driver, "e.id === 'new-password'", "input#new-password")
    keys(driver, new_password, Keys.TAB)
    assert focused(driver, "e.id === 'confirm-password'"), \
        "TAB from #new-password does not reach #confirm-password"
    submit_and_wait(driver, [new_password, Keys.ENTER], ["table#overview"], "the new password")
    assert path_of(driver) in ("/", ""), f"after the new password the browser is at {driver.current_url}"
    ok(f"set a new password for {email} and landed on the overview")


def row_slugs(driver, *slugs):
    """Which of `slugs` have a row link in the overview table."""
    return [slug for slug in slugs
            if driver.find_elements(By.CSS_SELECTOR, f'table#overview a[href="/tenants/{slug}"]')]


def title(driver):
    return driver.execute_script("return document.title;") or ""


def fetch_status(driver, url):
    """GETs `url` outside the browser with the browser's cookies; returns (status, path)
    of the answer, without following redirects."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    agent = driver.execute_script("return navigator.userAgent;")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie, "User-Agent": agent})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=WAIT_SECONDS) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def screenshot(driver, directory, name):
    """Saves a full-height (at most 3000 px) shot of the page at 1280 px wide."""
    if directory in (None, "-"):
        return
    height, chrome_width, chrome_height = driver.execute_script(
        "return [Math.max(document.body.scrollHeight, document.documentElement.scrollHeight),"
        " window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];")
    # The window's size counts the browser's own frame: add it, so that the page gets the
    # whole 1280 px by its full height (at least 900, at most 3000).
    driver.set_window_size(WIDTH + max(0, int(chrome_width or 0)),
                           max(HEIGHT, min(int(height or HEIGHT), 3000)) + max(0, int(chrome_height or 0)))
    try:
        path = f"{directory.rstrip('/')}/{name}"
        assert driver.save_screenshot(path), f"could not write {path}"
        ok(f"screenshot {path}")
    finally:
        driver.set_window_size(WIDTH, HEIGHT)


class AxeChecker:
    """Runs axe-core on the current page; counts violations by impact, prints them and
    keeps the report of every page with a serious or critical one."""

    BLOCKING = ("critical", "serious")

    def __init__(self, driver):
        from axe_selenium_python import Axe  # noqa: imported here so that TOTP tests need no axe
        self.driver = driver
        self.axe = Axe(driver)
        self.failures = []

    def __call__(self, name):
        self.axe.inject()
        results = self.axe.run()
        violations = results["violations"]
        counts = {impact: 0 for impact in ("critical", "serious", "moderate", "minor")}
        for violation in violations:
            counts[violation.get("impact") or "minor"] = counts.get(violation.get("impact") or "minor", 0) + 1
        summary = ", ".join(f"{impact} {count}" for impact, count in counts.items())
        blocking = [v for v in violations if v.get("impact") in self.BLOCKING]
        if blocking:
            print(f"axe: {name} ({self.driver.current_url}): {len(violations)} violations ({summary})",
                  flush=True)
            print(self.axe.report(blocking), flush=True)
            self.failures.append(name)
        else:
            rules = ", ".join(sorted(v["id"] for v in violations))
            ok(f"axe on {name}: {len(violations)} violations ({summary})" + (f": {rules}" if rules else ""))
        return violations
