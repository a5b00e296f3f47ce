"""Removing personal data from free text (POLICY.md P1, P2, P4), and the redaction log's vocabulary.

Identity numbers (valid personnummer and samordningsnummer), e-mail addresses, phone numbers and persons'
names (not in organisation-name fields, ``privacy.scans_names``) are replaced by :data:`REDACTED`; the log
counts them per rule and never holds the values.
"""

from __future__ import annotations

from .. import identifiers
from ..validating import personnames, privacy

REDACTED = "[personuppgift borttagen]"
KIND_SV = {"personnummer": "ett personnummer", "samordningsnummer": "ett samordningsnummer",
           "email": "en e-postadress", "phone": "ett telefonnummer", "person-name": "ett personnamn"}  # fmt: skip
KIND_EN = {"personnummer": "a personal identity number", "samordningsnummer": "a coordination number",
           "email": "an e-mail address", "phone": "a phone number", "person-name": "a person's name"}  # fmt: skip
# The redaction log's keys (POLICY.md rule : what), and how they read.
REDACTION_LABELS = {
    "P1:personnummer-in-text": ("personnummer borttagna ur fritext", "personal identity numbers removed from free text"),
    "P1:samordningsnummer-in-text": ("samordningsnummer borttagna ur fritext", "coordination numbers removed from free text"),
    "P2:email-in-text": ("e-postadresser borttagna ur fritext", "e-mail addresses removed from free text"),
    "P2:phone-in-text": ("telefonnummer borttagna ur fritext", "phone numbers removed from free text"),
    "P4:person-name-in-text": ("personnamn borttagna ur fritext", "persons' names removed from free text"),
    "P3:sole-trader": ("enskilda näringsidkare utan namn och nummer", "sole traders written without name and number"),
    "P4:personal-column": ("personkolumner som aldrig lästes", "personal columns never read"),
}  # fmt: skip


def scrub_text(text: str, field: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    """``text`` (of the canonical ``field``) without personal data, and what was removed as ``(rule, kind)``
    pairs. Names are looked for unless ``field`` names organisations (``privacy.scans_names``)."""
    found: list[tuple[str, str]] = []
    cleaned = text
    for kind, hit in identifiers.find_personal_ids(text):
        found.append(("P1", kind))
        cleaned = cleaned.replace(hit, REDACTED)
    for hit in identifiers.find_emails(cleaned):
        found.append(("P2", "email"))
        cleaned = cleaned.replace(hit, REDACTED)
    for hit in identifiers.find_phones(cleaned):
        found.append(("P2", "phone"))
        cleaned = cleaned.replace(hit, REDACTED)
    if field is None or privacy.scans_names(field):
        for hit in personnames.find_person_names(cleaned):
            found.append(("P4", "person-name"))
            cleaned = cleaned.replace(hit, REDACTED)
    return cleaned, found
