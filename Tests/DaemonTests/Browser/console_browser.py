#!/usr/bin/env python3
"""Drives the operators' console served by a running `attest console` in headless
Chromium (Debian's chromium and chromium-driver, through Selenium), keyboard only where
it signs in:

  a. signs the admin in (e-mail, TAB, one-time password, ENTER; TOTP enrolment with a
     code computed here; a new password) and finds SLUG and OTHER_SLUG on the overview;
  b. runs axe-core (axe-selenium-python) on every page it visits and fails on any
     serious or critical violation (after the other steps, naming every such page);
  c. saves console-overview.png, console-tenant.png and console-hire.png into
     SCREENSHOT_DIR ("-" for none);
  d. opens the tenant, its record lists (nav#records), its annual report and the hire;
     sorts the overview by overdue;
  d2. adds hire E-77 (started two days ago) through its form, finds its Section 2
     obligation on its page, records Section 2 with an unknown preparer (the problem
     is shown next to the field, axe-core runs on the page with the error), then,
     dated yesterday, by PREPARER (a trained person): the page says the obligation
     completed; saves console-hire-actions.png;
  d3. uploads a hires CSV with a bad date and an untrained preparer: the problem table
     lists both lines (axe-core runs on it); uploads the corrected file: the preview
     (axe-core), then imports it: the summary says the rows were saved; saves
     console-import-problems.png;
  d4. axe-core on the deliveries that need attention, the accounts and tokens page, tip
     T-1's page, and, posted empty (their errors shown), the person form, the form of a
     tip received by phone and the tenant's contact form;
  d5. unless TIP is "-": on tip TIP's page the admin may not read it; allowed on the
     accounts page, it opens the tip's text (axe-core), recorded; saves console-tip.png;
  e. signs out, and finds the overview sends it back to the sign-in page;
  f. in a fresh browser, signs the manager in (assigned SLUG only): the overview lists
     SLUG and not OTHER_SLUG, and OTHER_SLUG's tenant and hire pages are the same 404 as
     a tenant that does not exist.

Prints one `ok: …` line a step and `all steps passed` at the end; on a failure prints
the page's text and exits 1.

Usage: console_browser.py BASE_URL ADMIN_EMAIL ADMIN_ONE_TIME_PASSWORD MANAGER_EMAIL
       MANAGER_ONE_TIME_PASSWORD SLUG OTHER_SLUG HIRE_ID SCREENSHOT_DIR PREPARER TIP
"""
import datetime
import os
import sys
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from console_support import (  # noqa: E402
    WAIT_SECONDS, AxeChecker, browser, fetch_status, mark_page, new_page, ok, path_of, row_slugs,
    run_reporting, screenshot, sign_in, title,
)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def open_page(driver, url, what):
    driver.get(url)
    WebDriverWait(driver, WAIT_SECONDS).until(ready.presence_of_element_located((By.TAG_NAME, "body")))
    assert "not found" not in title(driver).lower(), f"{what} ({url}) is the 404 page"
    assert "/sign-in" not in path_of(driver), f"{what} ({url}) sent the browser to the sign-in page"


def heading(driver):
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert headings, f"{driver.current_url} has no <h1>"
    return headings[0].text.strip()


def admin(driver, base, email, password, slug, other, hire, shots, preparer, tip):
    axe = AxeChecker(driver)

    # a. keyboard-only sign-in, enrolment and new password; the overview
    sign_in(driver, base, email, password, axe=axe)
    missing = {slug, other} - set(row_slugs(driver, slug, other))
    assert not missing, f"the admin's overview has no row for {', '.join(sorted(missing))}"
    ok(f"the admin's overview lists {slug} and {other}")
    axe("overview")
    screenshot(driver, shots, "console-overview.png")

    # d. the tenant, its record lists, its annual report, a hire
    open_page(driver, f"{base}/tenants/{slug}", "the tenant page")
    name = heading(driver)
    assert name, "the tenant page's <h1> is empty"
    ok(f"tenant page of {slug}: {name}")
    axe("tenant")
    screenshot(driver, shots, "console-tenant.png")
    links = [(a.text.strip(), a.get_attribute("href"))
             for a in driver.find_elements(By.CSS_SELECTOR, "nav#records a")]
    assert links, "the tenant page has no links under nav#records"
    for label, href in links:
        open_page(driver, href, f"the list {label!r}")
        ok(f"list {label!r} at {urllib.parse.urlsplit(href).path}: {heading(driver)}")
        axe(f"list {label!r}")
    open_page(driver, f"{base}/tenants/{slug}/report", "the annual report")
    ok(f"annual report of {slug}: {heading(driver)}")
    axe("annual report")

    open_page(driver, f"{base}/tenants/{slug}/hires/{hire}", "the hire page")
    assert hire in heading(driver), f"the hire page's <h1> {heading(driver)!r} does not name {hire}"
    ok(f"hire page of {hire}: {heading(driver)}")
    axe("hire")
    screenshot(driver, shots, "console-hire.png")

    record_a_hire(driver, base, slug, preparer, axe, shots)
    upload_hires(driver, base, slug, axe, shots)
    other_pages(driver, base, slug, axe)
    if tip != "-":
        open_a_tip(driver, base, slug, tip, email, axe, shots)

    open_page(driver, f"{base}/", "the overview")
    driver.find_element(By.CSS_SELECTOR, "a#sort-overdue").click()
    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: "sort=overdue" in d.current_url,
                                              "a#sort-overdue does not lead to a URL with sort=overdue")
    WebDriverWait(driver, WAIT_SECONDS).until(ready.presence_of_element_located((By.ID, "overview")),
                                              "the sorted overview has no table#overview")
    ok(f"the overdue column's sort link leads to {urllib.parse.urlsplit(driver.current_url).query}")
    axe("overview sorted by overdue")

    # e. sign-out
    mark_page(driver)
    driver.find_element(By.CSS_SELECTOR, "form#sign-out button").click()
    new_page(driver)
    assert path_of(driver) == "/sign-in", f"after signing out the browser is at {driver.current_url}"
    ok("signed out onto /sign-in")
    driver.get(f"{base}/")
    assert path_of(driver) == "/sign-in", f"after signing out the overview is served at {driver.current_url}"
    ok("after sign-out the overview redirects to /sign-in")
    return axe


def fill(driver, selector, text):
    field = driver.find_element(By.CSS_SELECTOR, selector)
    if field.get_attribute("type") == "date":
        # Typing into a date input depends on the browser's locale; set the ISO value.
        driver.execute_script("arguments[0].value = arguments[1];", field, text)
    else:
        field.clear()
        field.send_keys(text)


def post_form(driver, form_selector):
    mark_page(driver)
    driver.find_element(By.CSS_SELECTOR, f"{form_selector} button[type=submit]").click()
    new_page(driver)


def record_a_hire(driver, base, slug, preparer, axe, shots):
    # d2. add a hire, then record its Section 2: refused, then saved
    today = datetime.date.today()
    start, section2 = (today - datetime.timedelta(days=2)).isoformat(), (today - datetime.timedelta(days=1)).isoformat()
    open_page(driver, f"{base}/tenants/{slug}/hires", "the hires list")
    driver.find_element(By.LINK_TEXT, "Add a hire").click()
    WebDriverWait(driver, WAIT_SECONDS).until(ready.presence_of_element_located((By.ID, "hire-form")))
    axe("new hire form")
    fill(driver, "#hire-form-employee_id", "E-77")
    fill(driver, "#hire-form-start_date", start)
    post_form(driver, "#hire-form")
    notice = driver.find_element(By.CSS_SELECTOR, "#notice p[role=status]").text
    assert "Hire saved." in notice and "added" in notice, f"after adding the hire the page says {notice!r}"
    obligations = driver.find_element(By.ID, "obligations").find_element(By.XPATH, "following-sibling::table").text
    assert "Section 2" in obligations, f"the new hire's obligations do not include Section 2: {obligations!r}"
    ok(f"added hire E-77: {notice}")

    driver.find_element(By.XPATH, "//summary[text()='Record Section 2']").click()
    fill(driver, "#section2-on", section2)
    fill(driver, "#section2-preparer", "NOBODY")
    post_form(driver, "#section2")
    error = driver.find_element(By.ID, "section2-preparer-error").text
    assert "NOBODY" in error and "training" in error, f"the refused Section 2 shows {error!r}"
    field = driver.find_element(By.ID, "section2-preparer")
    assert field.get_attribute("aria-invalid") == "true" and field.get_attribute("value") == "NOBODY"
    ok(f"Section 2 by an unknown preparer is refused next to its field: {error}")
    axe("hire form with an error")

    fill(driver, "#section2-preparer", preparer)
    post_form(driver, "#section2")
    notices = driver.find_elements(By.CSS_SELECTOR, "#notice p[role=status]")
    problems = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".field-error, p.error")]
    assert notices, f"Section 2 by {preparer} was refused: {problems}"
    notice = notices[0].text
    assert notice.startswith("Section 2 recorded. 1 obligation completed"), f"after Section 2 the page says {notice!r}"
    ok(f"Section 2 by trained {preparer}: {notice}")
    axe("hire after recording Section 2")
    screenshot(driver, shots, "console-hire-actions.png")


def upload_hires(driver, base, slug, axe, shots):
    # d3. a CSV with problems, then the corrected file: preview, import
    import tempfile
    today = datetime.date.today()
    start, section2 = (today - datetime.timedelta(days=2)).isoformat(), (today - datetime.timedelta(days=1)).isoformat()
    folder = tempfile.mkdtemp(prefix="attest-upload-")
    bad, good = os.path.join(folder, "hires-bad.csv"), os.path.join(folder, "hires.csv")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("employee_id,start_date,section2_completed_on,section2_preparer\n"
                f"E-90,{start[:4]}-02-30,,\nE-91,{start},{section2},NOBODY\n")
    with open(good, "w", encoding="utf-8") as f:
        f.write(f"employee_id,start_date\nE-90,{start}\nE-91,{start}\n")

    def upload(path):
        open_page(driver, f"{base}/tenants/{slug}/import", "the upload form")
        Select(driver.find_element(By.ID, "upload-kind")).select_by_value("hires")
        driver.find_element(By.ID, "upload-file").send_keys(path)
        post_form(driver, "#upload-form")

    upload(bad)
    cells = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
             for tr in driver.find_elements(By.CSS_SELECTOR, "table#problems tbody tr")]
    lines = {(row[0], row[1]) for row in cells if len(row) >= 2}
    assert ("2", "start_date") in lines and ("3", "section2_preparer") in lines, f"the problem table lists {cells}"
    assert driver.find_elements(By.PARTIAL_LINK_TEXT, "Download the problems as CSV"), "no download link for the problems"
    ok(f"a hires file with 2 problems is refused, each listed by line and column: {sorted(lines)}")
    axe("upload problems")
    screenshot(driver, shots, "console-import-problems.png")

    upload(good)
    button = driver.find_element(By.CSS_SELECTOR, "#import-form button[type=submit]")
    assert button.text == "Import 2 rows", f"the preview offers {button.text!r}"
    ok("the corrected file's preview offers to import 2 rows")
    axe("upload preview")
    post_form(driver, "#import-form")
    notice = driver.find_element(By.CSS_SELECTOR, "p[role=status]").text
    assert notice == "The 2 rows were saved.", f"after the import the page says {notice!r}"
    ok(f"imported: {notice}")


def other_pages(driver, base, slug, axe):
    # d4. the remaining pages, and a list's form with its errors
    for path, what in (("/deliveries", "deliveries that need attention"), ("/admin", "accounts and tokens"),
                       (f"/tenants/{slug}/tips/T-1", "tip T-1")):
        open_page(driver, f"{base}{path}", what)
        ok(f"{what}: {heading(driver)}")
        axe(what)
    for path, summary, form, labels in (
            (f"/tenants/{slug}/people", "Add or update a person", "person", ("Person id", "Full name")),
            (f"/tenants/{slug}/tips", "Record a tip received by phone, mail or in person", "record", ("An id for the tip", "Received on")),
            (f"/tenants/{slug}", "Add a contact", "contact-add", ("Name", "E-mail address"))):
        open_page(driver, f"{base}{path}", f"the page of the form {summary!r}")
        driver.find_element(By.XPATH, f"//summary[text()={summary!r}]").click()
        post_form(driver, f"#{form}")
        errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, f"#{form} .field-error")]
        assert all(any(e.startswith(f"{label}:") for e in errors) for label in labels), f"the empty form {summary!r} shows {errors}"
        ok(f"the empty form {summary!r} shows its problems: {errors}")
        axe(f"form {summary!r} with errors")


def open_a_tip(driver, base, slug, tip, email, axe, shots):
    # d5. a sealed tip: refused, allowed, opened
    open_page(driver, f"{base}/tenants/{slug}/tips/{tip}", f"tip {tip}")
    assert "may not read tips" in driver.find_element(By.ID, "main").text, "an account without the permission is offered the tip's text"
    ok(f"tip {tip}: the admin may not read it yet")
    open_page(driver, f"{base}/admin", "accounts and tokens")
    post_form(driver, f"form:has(button[aria-label='Allow {email} to open tips'])")
    ok(f"the admin allowed itself to open tips: {driver.find_element(By.CSS_SELECTOR, 'p[role=status]').text}")
    open_page(driver, f"{base}/tenants/{slug}/tips/{tip}", f"tip {tip}")
    post_form(driver, f"form[action$='/tips/{tip}/open']")
    text = driver.find_element(By.ID, "tip-text").text
    assert text.strip(), "the opened tip shows no text"
    ok(f"opened tip {tip}: {len(text)} characters of text shown")
    axe("opened tip")
    screenshot(driver, shots, "console-tip.png")


def manager(driver, base, email, password, slug, other, hire):
    # f. a manager assigned to SLUG only
    sign_in(driver, base, email, password)
    listed = row_slugs(driver, slug, other)
    assert slug in listed, f"the manager's overview has no row for {slug}"
    assert other not in listed, f"the manager's overview lists {other}, a tenant not assigned to them"
    ok(f"the manager's overview lists {slug} and not {other}")

    def not_found(url):
        driver.get(url)
        WebDriverWait(driver, WAIT_SECONDS).until(ready.presence_of_element_located((By.TAG_NAME, "body")))
        shown = title(driver)
        assert "Not found" in shown, f"{url} shows {shown!r}, not the 404 page"
        headings = [h.text.strip() for h in driver.find_elements(By.TAG_NAME, "h1")]
        return shown, headings, fetch_status(driver, url)

    reference = not_found(f"{base}/tenants/no-such-tenant")
    assert reference[2] == 404, f"/tenants/no-such-tenant answers HTTP {reference[2]}"
    ok(f"/tenants/no-such-tenant is the 404 page ({reference[0]!r})")
    for path in (f"/tenants/{other}", f"/tenants/{other}/hires/{hire}"):
        shown = not_found(f"{base}{path}")
        assert shown == reference, \
            f"{path} answers {shown} but /tenants/no-such-tenant answers {reference}"
        ok(f"the manager gets the same 404 for {path}")


def main(base, admin_email, admin_password, manager_email, manager_password, slug, other, hire, shots, preparer, tip):
    base = base.rstrip("/")
    if shots != "-":
        os.makedirs(shots, exist_ok=True)
    checks = {}

    def first(driver):
        checks["axe"] = admin(driver, base, admin_email, admin_password, slug, other, hire, shots, preparer, tip)

    def second(driver):
        manager(driver, base, manager_email, manager_password, slug, other, hire)

    for step in (first, second):
        driver = browser()  # the second one is a fresh browser: no cookies
        try:
            run_reporting(driver, step)
        finally:
            driver.quit()
    if checks["axe"].failures:
        sys.exit("failed: axe-core found serious or critical violations on: "
                 + "; ".join(checks["axe"].failures))
    print("all steps passed", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 12:
        sys.exit(__doc__)
    main(*sys.argv[1:])
