"""iCalendar (RFC 5545) export of a case's dated tasks.

A calendar file leaves the encrypted store and ends up on phones and in shared calendars, so it
carries no name and no task wording: only the case reference, a generic summary and the date.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override


def _escape(text):
    return (
        str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets are folded (RFC 5545 section 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def calendar_for(tasks, request, lang):
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    host = request.get_host().split(":")[0] or "recours"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Recours//Case calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    with override(lang):
        for task in tasks.select_related("case"):
            summary = _("Recours %(reference)s: task due") % {"reference": task.case.reference}
            if task.remedy:
                summary = _("Recours %(reference)s: filing deadline") % {
                    "reference": task.case.reference
                }
            end = task.due_on.toordinal() + 1
            lines += [
                "BEGIN:VEVENT",
                f"UID:task-{task.pk}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{task.due_on.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{task.due_on.fromordinal(end).strftime('%Y%m%d')}",
                f"SUMMARY:{_escape(summary)}",
                "CLASS:PRIVATE",
                f"STATUS:{'COMPLETED' if task.done else 'CONFIRMED'}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
