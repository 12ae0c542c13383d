#!/usr/bin/env python3
"""Writes the benchmarks' records into OUT: people.csv (a preparer and a reviewer),
trainings.csv (theirs, kept current) and hires.csv (N hires over the last two years,
complete except those of the last ten days). Deterministic for a given day.
Usage: deploy/bench-records.py OUT N"""
import csv, datetime, random, sys
out, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
today = datetime.date.today()
with open(f"{out}/people.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["person_id", "name", "roles"])
    w.writerow(["P-1", "Pat", "i9_preparer"]); w.writerow(["R-1", "Rita", "i9_reviewer"])
with open(f"{out}/trainings.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["person_id", "completed_on"])
    for d in range(0, 1100, 300):
        day = today - datetime.timedelta(days=d)
        w.writerow(["P-1", day.isoformat()]); w.writerow(["R-1", day.isoformat()])
with open(f"{out}/hires.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["employee_id", "start_date", "citizenship", "section1_completed_on", "section2_completed_on",
                "section2_preparer", "reviewer", "reviewed_on", "everify_case_number", "everify_created_on", "everify_closed_on"])
    for i in range(n):
        start = today - datetime.timedelta(days=random.randint(0, 700))
        recent = (today - start).days < 10
        s2 = "" if recent else (start + datetime.timedelta(days=1)).isoformat()
        rv = "" if recent else (start + datetime.timedelta(days=2)).isoformat()
        w.writerow([f"E-{i:07d}", start.isoformat(), "citizen", "" if recent else start.isoformat(), s2,
                    "P-1" if s2 else "", "R-1" if rv else "", rv,
                    "" if recent else f"2026{i:07d}", s2, rv])
