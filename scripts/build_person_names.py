#!/usr/bin/env python3
"""Build ``src/oppnadata/data/personnamn.tsv``, the name list the free-text privacy rule (POLICY.md P4) uses.

Run it by hand when the sources change; the package never imports them. In a throwaway environment:

    python3 -m venv /tmp/names-venv && /tmp/names-venv/bin/pip install names-dataset faker hunspell-sv
    /tmp/names-venv/bin/python scripts/build_person_names.py

Sources (both maintained PyPI packages; see ``src/oppnadata/data/README.md`` for licences):

- ``names-dataset`` (Philippe Remy): first names and surnames with a rank per country. Every name ranked
  in Sweden (SE) is taken, and first names ranked in the top ``FOREIGN_TOP`` of the countries in
  ``COUNTRIES`` — the dataset ranks a name only in the ten countries where its share is largest, so
  Maria, David or Ingrid have no Swedish rank at all.
- Faker's ``sv_SE`` person provider: the 500 most common first names of each sex (Isof) and surnames
  (Skatteverket).

names-dataset comes from social-network profiles and holds words as names ("Restaurang", "Måleri",
"Göteborg"). A name that is also a common Swedish word (lower case in the hunspell-sv dictionary) is
kept only when it is common as a name: a Swedish rank within ``COMMON_WORD_RANK``.

Loading names-dataset takes about 2 GB of memory and most of a minute; the file written holds only
names, a kind (``fornamn`` / ``efternamn``), the Swedish rank when there is one and the sources
(``S`` ranked in Sweden by names-dataset, ``T`` in the top of another country there, ``F`` Faker sv_SE).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "oppnadata" / "data" / "personnamn.tsv"
COUNTRIES = ("SE", "NO", "DK", "FI", "DE", "GB", "US", "NL", "PL", "FR", "IT", "ES")
FOREIGN_TOP = 1000
COMMON_WORD_RANK = {"fornamn": 500, "efternamn": 1000}
HUNSPELL = ("sv_SE.dic", "sv_SE_expanded.dic")
# One word of letters, or parts joined by a hyphen: initials ("P-O", "Lars G"), other scripts and
# several words are left out (the detector matches words of Latin letters).
NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ]+(?:-[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ]+)*")
# Entries of the dataset that are words or places, not names (checked by hand against the measured
# false positives, see tests/test_person_names.py): kept out of the list.
NOT_NAMES = {
    "fornamn": {"Åre"},
    "efternamn": set(),
}


def _names_dataset() -> dict[str, dict[str, tuple[int | None, set[str]]]]:
    from names_dataset import NameDataset  # type: ignore[import-not-found]

    dataset = NameDataset()
    found: dict[str, dict[str, tuple[int | None, set[str]]]] = {"fornamn": {}, "efternamn": {}}
    for kind, table in (("fornamn", dataset.first_names), ("efternamn", dataset.last_names)):
        for name, info in table.items():
            ranks = {c: r for c, r in (info.get("rank") or {}).items() if r is not None}
            sources = set()
            if "SE" in ranks:
                sources.add("S")
            if kind == "fornamn" and any(ranks.get(c, FOREIGN_TOP + 1) <= FOREIGN_TOP for c in COUNTRIES):
                sources.add("T")
            if sources:
                found[kind][name] = (ranks.get("SE"), sources)
    return found


def _faker() -> dict[str, set[str]]:
    from faker.providers.person.sv_SE import Provider  # type: ignore[import-not-found]

    return {
        "fornamn": set(Provider.first_names_female) | set(Provider.first_names_male),
        "efternamn": set(Provider.last_names),
    }


def _common_words() -> set[str]:
    """Lower-case words of the hunspell-sv dictionary (the package installs it under share/hunspell)."""
    import sys

    folder = Path(sys.prefix) / "share" / "hunspell"
    words = set()
    for name in HUNSPELL:
        for line in (folder / name).read_text(encoding="utf-8", errors="replace").splitlines():
            word = line.split("/", 1)[0].strip()
            if word[:1].islower():
                words.add(word)
    return words


def build(out: Path) -> dict[str, int]:
    found = _names_dataset()
    words = _common_words()
    for kind, names in _faker().items():
        for name in names:
            rank, sources = found[kind].get(name, (None, set()))
            found[kind][name] = (rank, sources | {"F"})
    counts = {}
    lines = ["namn\ttyp\trang_se\tkalla"]
    for kind in ("fornamn", "efternamn"):
        kept = {
            n: (rank, sources)
            for n, (rank, sources) in found[kind].items()
            if NAME.fullmatch(n)
            and n not in NOT_NAMES[kind]
            and not (
                n.lower() in words and (rank is None or rank > COMMON_WORD_RANK[kind]) and "F" not in sources
            )
        }
        counts[kind] = len(kept)
        for name in sorted(kept):
            rank, sources = kept[name]
            lines.append(f"{name}\t{kind}\t{'' if rank is None else rank}\t{','.join(sorted(sources))}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    counts = build(args.out)
    print(f"{args.out}: {counts['fornamn']} förnamn, {counts['efternamn']} efternamn")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
