"""Parses an iCalendar feed as a calendar client would (the `icalendar` package, PyPI)
and prints its events as JSON: what CalendarFeedTests checks.

    parse_calendar.py FILE

Prints {"name": …, "timezone": …, "events": [{"uid", "start", "end", "all_day",
"status", "summary", "description", "trigger"}]}; exits 1 when the file is not a valid
calendar (icalendar raises) or an event lacks a required property.
"""
import json
import sys

from icalendar import Calendar


def main(path):
    with open(path, "rb") as handle:
        calendar = Calendar.from_ical(handle.read())
    events = []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        alarms = event.walk("VALARM")
        events.append({
            "uid": str(event["UID"]),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "all_day": not hasattr(start, "hour"),
            "status": str(event.get("STATUS", "")),
            "summary": str(event["SUMMARY"]),
            "description": str(event.get("DESCRIPTION", "")),
            "stamp": event.decoded("DTSTAMP").isoformat(),
            "trigger": str(alarms[0].get("TRIGGER").to_ical().decode()) if alarms else None,
        })
    print(json.dumps({"name": str(calendar.get("X-WR-CALNAME", "")), "timezone": str(calendar.get("X-WR-TIMEZONE", "")),
                      "events": events}))


if __name__ == "__main__":
    main(sys.argv[1])
