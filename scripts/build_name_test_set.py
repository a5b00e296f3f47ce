#!/usr/bin/env python3
"""Write ``tests/fixtures/names/meningar.tsv``: sentences with persons' names, for the name detector's recall.

Run by hand (like ``build_person_names.py``, in an environment with names-dataset; seeded, so the file
is the same each time the sources are):

    /tmp/names-venv/bin/python scripts/build_name_test_set.py

Each line: the sentence, the names it holds (``|`` between them), and the group the names come from:

- ``vanliga``: a first name and a surname drawn from the names ranked in Sweden by names-dataset (first
  names within rank 2000, surnames within 5000);
- ``ovanliga``: drawn from all of ``data/personnamn.tsv``, rare names included;
- ``okanda``: a Swedish first name and a surname that names-dataset ranks only outside Sweden and the
  shipped list does not hold (what the detector can find only from a role word).

The sentences follow how project descriptions name people: a role word before or after the name, a
name alone, two names, hyphenated and double names, genitive, capitals, surname or first name alone
after a role word.
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = ROOT / "src" / "oppnadata" / "data" / "personnamn.tsv"
OUT = ROOT / "tests" / "fixtures" / "names" / "meningar.tsv"
PER_GROUP = {"vanliga": 300, "ovanliga": 150, "okanda": 100}
# {F} {L}: the person; {F2} {L2}: a second one. {N} marks what the sentence names (filled in below).
TEMPLATES = [
    ("Projektledare {F} {L} samordnar arbetet med kommunerna.", "{F} {L}"),
    ("Kontaktperson: {F} {L}, telefon via växeln.", "{F} {L}"),
    ("Projektet leds av {F} {L} på Mittuniversitetet.", "{F} {L}"),
    ("{F} {L} är projektledare och ansvarar för budgeten.", "{F} {L}"),
    ("Handläggare {F} {L}", "{F} {L}"),
    ("VD {F} {L} vill anställa fler under 2025.", "{F} {L}"),
    ("Verksamhetschefen {F} {L} har godkänt planen.", "{F} {L}"),
    ("Samordnare är {F} {L}.", "{F} {L}"),
    ("Ordförande i föreningen är {F} {L} sedan 2019.", "{F} {L}"),
    ("Företaget ägs av {F} {L} och drivs på orten.", "{F} {L}"),
    ("Projektledare {L} rapporterar till styrgruppen.", "{L}"),
    ("Kontakta {F} för mer information om insatsen.", "{F}"),
    ("{F}-{F2} {L} driver projektet tillsammans med kommunen.", "{F}-{F2} {L}"),
    ("Projektägare {F} {L}-{L2} har lång erfarenhet av besöksnäring.", "{F} {L}-{L2}"),
    ("Satsningen bygger vidare på {F} {L}s arbete med lokal mat.", "{F} {L}s"),
    ("PROJEKTLEDARE {FU} {LU}", "{FU} {LU}"),
    ("Arbetet leds av projektledaren {F} {L} och kommunikatören {F2} {L2}.", "{F} {L}|{F2} {L2}"),
    ("Ansvarig för projektet är {F} {L}.", "{F} {L}"),
    ("Medverkande: {F} {L} (Region Jämtland Härjedalen)", "{F} {L}"),
    ("{F} {F2} {L} har varit projektledare sedan starten.", "{F} {F2} {L}"),
    ("Styrgruppen består av {F} {L}, {F2} {L2} och representanter för kommunerna.", "{F} {L}|{F2} {L2}"),
    ("Enligt samordnaren {F} {L} har intresset varit stort.", "{F} {L}"),
]


def _shipped() -> dict[str, list[tuple[str, int | None]]]:
    names: dict[str, list[tuple[str, int | None]]] = {"fornamn": [], "efternamn": []}
    for line in NAMES.read_text(encoding="utf-8").splitlines()[1:]:
        name, kind, rank, _ = line.split("\t")
        names[kind].append((name, int(rank) if rank else None))
    return names


def _unknown_surnames(shipped: set[str]) -> list[str]:
    from names_dataset import NameDataset  # type: ignore[import-not-found]

    dataset = NameDataset(load_first_names=False)
    out = []
    for name, info in dataset.last_names.items():
        ranks = {c: r for c, r in (info.get("rank") or {}).items() if r is not None}
        abroad = "SE" not in ranks and any(ranks.get(c, 10**9) <= 3000 for c in ("NO", "DK", "FI", "DE"))
        if abroad and name.isalpha() and name[0].isupper() and name[1:].islower() and name not in shipped:
            out.append(name)
    return sorted(out)


def build(out: Path) -> int:
    rng = random.Random(20240099)
    shipped = _shipped()
    first_common = [n for n, r in shipped["fornamn"] if r is not None and r <= 2000]
    last_common = [n for n, r in shipped["efternamn"] if r is not None and r <= 5000]
    pools = {
        "vanliga": (first_common, last_common),
        "ovanliga": ([n for n, _ in shipped["fornamn"]], [n for n, _ in shipped["efternamn"]]),
        "okanda": (first_common, _unknown_surnames({n for n, _ in shipped["efternamn"]})),
    }
    lines = ["mening\tnamn\tgrupp"]
    for group, count in PER_GROUP.items():
        firsts, lasts = pools[group]
        for i in range(count):
            template, expected = TEMPLATES[i % len(TEMPLATES)]
            f, f2 = rng.sample(firsts, 2)
            s, s2 = rng.sample(lasts, 2)
            values = {"F": f, "F2": f2, "L": s, "L2": s2, "FU": f.upper(), "LU": s.upper()}
            lines.append(f"{template.format(**values)}\t{expected.format(**values)}\t{group}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


if __name__ == "__main__":
    print(f"{OUT}: {build(OUT)} meningar")
