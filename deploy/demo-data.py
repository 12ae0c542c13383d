#!/usr/bin/env python3
"""Writes the demo tenant's CSV files with dates around today, so that `make run`
shows deadlines due, due soon and overdue. Usage: demo-data.py OUTPUT_DIR
The files have the same columns as samples/*.csv (see the README, Importing)."""
import csv
import datetime
import os
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
    ["A-300", day(-30), ""],
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
