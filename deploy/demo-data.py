#!/usr/bin/env python3
"""Writes the demo tenant's CSV files with dates around today, so that `make run`
shows deadlines due, due soon and overdue. Usage: demo-data.py OUTPUT_DIR
The files have the same columns as samples/*.csv (see the README, Importing)."""
import csv
import datetime
import os
import shlex
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
today = datetime.date.today()


def day(offset):
    return (today + datetime.timedelta(days=offset)).isoformat()


def write(name, header, rows):
    with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


write("people.csv", ["person_id", "name", "email", "roles"], [
    ["P-100", "Pat Preparer", "pat.preparer@demo.example", "i9_preparer"],
    ["R-200", "Rita Reviewer", "rita.reviewer@demo.example", "i9_reviewer;hr"],
    ["A-300", "Audrey Auditor", "audrey@demo.example", "auditor"],
])
write("trainings.csv", ["person_id", "completed_on", "curriculum"], [
    ["P-100", day(-560), ""],
    ["P-100", day(-200), ""],
    ["R-200", day(-358), ""],   # renewal due in a week
    ["A-300", day(-45), ""],   # trained before the audit is scheduled (an internal auditor must be)
])
write("hires.csv", ["employee_id", "start_date", "citizenship", "work_authorization_expires", "document_list",
                    "document_expires", "section1_completed_on", "section2_completed_on", "section2_preparer",
                    "reviewer", "reviewed_on", "everify_case_number", "everify_created_on", "everify_closed_on"], [
    # done but for the E-Verify case closure
    ["E-1001", day(-6), "citizen", "", "", "", day(-6), day(-5), "P-100", "R-200", day(-4), "2026000001", day(-5), ""],
    # Section 2 done, secondary review and E-Verify case due
    ["E-1002", day(-4), "citizen", "", "", "", day(-4), day(-3), "P-100", "", "", "", "", ""],
    # started yesterday: Section 2 and E-Verify due soon
    ["E-1003", day(-1), "permanent_resident", "", "", "", day(-1), "", "", "", "", "", "", ""],
    # nothing done: overdue, escalated
    ["E-1004", day(-10), "citizen", "", "", "", "", "", "", "", "", "", "", ""],
    # all done; reverification ahead
    ["E-1005", day(-300), "alien_authorized", day(60), "a", day(60), day(-300), day(-299), "P-100", "R-200", day(-298),
     "2026000005", day(-299), day(-290)],
])
write("nomatch.csv", ["letter_id", "received_on", "employee_id", "source", "steps"], [
    ["NM-1", day(-25), "E-1001", "ssnvs", "Employee asked to check the name on file with SSA"],
])

# The rest of the year's IMAGE records (tips, self-reports, policies, the audit, the
# hiring network …), as `attest` arguments, one command a line (run by deploy/run.sh
# with --tenant demo), so that every section of the annual report shows something.
year = str(today.year)
commands = [
    ["everify", "tnc", "E-1001", "--on", day(-4)],
    ["curriculum", "publish", f"{year}.1", "--on", day(-200)],
    ["policy", "review", "POL-AD", "--kind", "anti_discrimination", "--title", "Anti-discrimination in verification", "--on", day(-380)],
    ["policy", "review", "POL-H", "--kind", "hiring", "--title", "Hiring and employment-eligibility policy", "--on", day(-90)],
    ["policy", "review", "POL-SR", "--kind", "self_reporting", "--title", "Self-reporting procedure", "--on", day(-60)],
    ["tip", "record", "T-1", "--on", day(-40), "--channel", "phone"],
    ["tip", "respond", "T-1", "--on", day(-35), "--steps", "Checked the Forms I-9 of the crew named; nothing found"],
    ["tip", "record", "T-2", "--on", day(-20), "--channel", "web"],
    ["audit", "schedule", "--year", year, "--from", day(-330), "--to", day(-35), "--auditor", "A-300", "--on", day(-40)],
    ["audit", "complete", "--year", year, "--on", day(-25), "--findings", "One Form I-9 without a secondary review (E-1002)"],
    ["selfreport", "record", "SR-1", "--on", day(-24), "--source", "audit", "--source-ref", year,
     "--description", "Form I-9 of E-1002 without a secondary review"],
    ["selfreport", "correct", "SR-1", "--on", day(-20), "--action", "Secondary review made by R-200; reviewers reminded"],
    ["selfreport", "report", "SR-1", "--on", day(-18)],
    ["selfreport", "record", "SR-2", "--on", day(-15), "--source", "nomatch", "--source-ref", "NM-1",
     "--description", "No-match letter NM-1 not yet resolved"],
    ["network", "add", "NET-1", "--name", "Harbor Logistics Inc.", "--contact-name", "Lee Harbor",
     "--contact-email", "lee@harbor.example", "--joined", day(-400)],
    ["network", "communicated", "NET-1", "--on", day(-45)],
    ["network", "add", "NET-2", "--name", "Summit Builders LLC", "--contact-email", "hr@summit.example", "--joined", day(-50)],
]
with open(os.path.join(out, "commands.txt"), "w", encoding="utf-8") as f:
    for command in commands:
        f.write(shlex.join(command) + "\n")
