"""``statligt_stod_transparens``: the state-aid transparency list (GBER Article 9 and Annex III)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_CEILING, Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ...codes import BUSINESS, WITHDRAWN
from ...config import PublicationConfig
from ...identifiers import looks_like_personal_id
from ...validating.privacy import SOLE_TRADER_FORM, SOLE_TRADER_NAME
from .columns import col, decimal_text, integers_of, lookup
from .specs import Spec, spec_field

NACE_VERSION = {"SNI2007": "NACE Rev. 2", "SNI2025": "NACE Rev. 2.1"}
ENTERPRISE_TYPE = {"mikro": "smf", "litet": "smf", "medelstort": "smf", "stort": "stort_foretag"}


def sek_threshold(config: PublicationConfig) -> Decimal:
    """The SEK amount at and above which a business grant is published (threshold × rate, exact)."""
    return Decimal(repr(config.sek_per_eur)) * config.state_aid_threshold_eur


def transparency(tables: Mapping[str, Any], config: PublicationConfig) -> pd.DataFrame:
    """GBER art. 9 / Annex III list: non-withdrawn FTG decisions of at least the EUR threshold."""
    rate = Decimal(repr(config.sek_per_eur))
    threshold = sek_threshold(config)
    nuts3 = lookup(tables, "kommuner", "kommunkod", "nuts3")
    purpose = lookup(tables, "stodtyper", "kod", "benamning")
    purpose_en = lookup(tables, "stodtyper", "kod", "benamning_en")
    laws = lookup(tables, "rattsliga_grunder", "sfs_nummer", "titel")
    beslut = tables["beslut"]
    chosen = pc.and_(
        pc.equal(col(beslut, "stodform"), BUSINESS), pc.not_equal(col(beslut, "status"), WITHDRAWN)
    )
    beslut = beslut.filter(chosen)
    amounts = integers_of(col(beslut, "beviljat_belopp"), col(beslut, "arende_id"), "beslut")
    # An integer is at least the (exact, decimal) threshold when it is at least the threshold's ceiling.
    ceiling = int(threshold.to_integral_value(rounding=ROUND_CEILING))
    above = np.array([v >= ceiling for v in amounts], dtype=bool)
    columns = ("arende_id", "beviljat_belopp", "stodmottagare", "organisationsnummer", "juridisk_form",
               "sni_kod", "sni_version", "foretagsstorlek", "kommunkod", "stodinstrument", "beslutsdatum",
               "stodtyp", "rattslig_grund")  # fmt: skip
    records = pa.table({c: col(beslut, c) for c in columns}).filter(pa.array(above)).to_pylist()
    rows = []
    for record in records:
        sek = int(record["beviljat_belopp"].strip())
        name, orgnr = record["stodmottagare"], record["organisationsnummer"]
        if (
            record["juridisk_form"] == SOLE_TRADER_FORM
            or name == SOLE_TRADER_NAME
            or looks_like_personal_id(orgnr)
        ):
            # Personal data never reaches a published file: a sole trader's number is a personnummer.
            name, orgnr = SOLE_TRADER_NAME, ""
        sni, version = record["sni_kod"], record["sni_version"]
        nace = f"{sni[:2]}.{sni[2]}" if len(sni) >= 3 else ""
        rows.append(
            [
                record["arende_id"],
                name,
                orgnr,
                ENTERPRISE_TYPE.get(record["foretagsstorlek"], ""),
                record["foretagsstorlek"],
                nuts3.get(record["kommunkod"], "")[:4],
                nace,
                NACE_VERSION.get(version, "") if nace else "",
                str(sek),
                decimal_text(Decimal(sek) / rate, "0.01"),
                record["stodinstrument"],
                record["beslutsdatum"],
                purpose.get(record["stodtyp"], ""),
                purpose_en.get(record["stodtyp"], ""),
                config.publisher.name,
                record["rattslig_grund"],
                laws.get(record["rattslig_grund"], ""),
            ]
        )
    frame = pd.DataFrame(rows, columns=[f["name"] for f in _TRANSPARENCY_FIELDS], dtype=object)
    return frame.sort_values(["beviljandedatum", "arende_id"], kind="stable")


_TRANSPARENCY_FIELDS: tuple[dict[str, Any], ...] = (
    spec_field("arende_id", "string", "Ärende-id", "Case id",
        "Beslutets ärende-id i Nyps (nyckel i beslut).", "The decision's Nyps case id (key in beslut).",
        required=True, unique=True, pattern="^([0-9]{6}|[0-9]{8})$"),
    spec_field("stodmottagare", "string", "Stödmottagarens namn", "Name of the beneficiary",
        "Stödmottagarens namn. Enskild näringsidkare för enskilda näringsidkare, som aldrig namnges.",
        "Name of the beneficiary. Enskild näringsidkare (sole trader) for sole traders, who are never named.",
        required=True),
    spec_field("organisationsnummer", "string", "Nationell identifierare (organisationsnummer)",
        "National identifier (organisation number)",
        "Stödmottagarens organisationsnummer. Tomt för enskilda näringsidkare (numret är ägarens personnummer).",
        "The beneficiary's Swedish organisation number. Empty for sole traders (the number is the owner's "
        "personal identity number).",
        pattern="^[0-9]{6}-[0-9]{4}$"),
    spec_field("foretagstyp", "string", "Typ av stödmottagare", "Type of beneficiary",
        "smf (litet eller medelstort företag, inklusive mikroföretag) eller stort_foretag (stort företag), enligt "
        "EU:s definition; härlett ur foretagsstorlek.",
        "smf (SME, including micro enterprises) or stort_foretag (large enterprise) under the EU definition; "
        "derived from foretagsstorlek.",
        enum=["smf", "stort_foretag"]),
    spec_field("foretagsstorlek", "string", "Företagsstorlek", "Company size",
        "Företagets storlek enligt beslut: mikro, litet, medelstort eller stort.",
        "The company's size as in beslut: mikro (micro), litet (small), medelstort (medium-sized) or stort (large).",
        enum=["mikro", "litet", "medelstort", "stort"]),
    spec_field("nuts2", "string", "Region (NUTS 2)", "Region (NUTS 2)",
        "Stödmottagarens region på NUTS 2-nivå, härledd ur kommunens NUTS 3-kod i kommuner (SE322 ger SE32).",
        "The beneficiary's region at NUTS 2 level, derived from the municipality's NUTS 3 code in kommuner (SE322 "
        "gives SE32).",
        pattern="^SE[0-9]{2}$"),
    spec_field("nace_grupp", "string", "Sektor (NACE-grupp)", "Sector (NACE group)",
        "Sektor på NACE-gruppnivå (tre siffror, NN.N), härledd ur de tre första siffrorna i beslutets SNI-kod.",
        "Sector of activity at NACE group level (three digits, NN.N), derived from the first three digits of the "
        "decision's SNI code.",
        pattern="^[0-9]{2}\\.[0-9]$"),
    spec_field("nace_version", "string", "NACE-version", "NACE version",
        "NACE Rev. 2 för SNI 2007, NACE Rev. 2.1 för SNI 2025.", "NACE Rev. 2 for SNI 2007, NACE Rev. 2.1 for SNI 2025.",
        enum=sorted(set(NACE_VERSION.values()))),
    spec_field("stodelement_sek", "integer", "Stödelement (kr)", "Aid element (SEK)",
        "Stödets fulla belopp i kronor (beviljat belopp). För andra stödinstrument än bidrag är det beviljade "
        "beloppet angivet, inte bidragsekvivalenten.",
        "The full aid amount in Swedish kronor (the granted amount). For instruments other than grants this is "
        "the granted amount, not the gross grant equivalent.",
        required=True, minimum=0),
    spec_field("stodelement_eur", "number", "Stödelement (euro)", "Aid element (EUR)",
        "Stödelementet omräknat till euro med kursen i tabellbeskrivningen, avrundat till hela cent (halva uppåt).",
        "The aid element converted to euro at the rate in the table description, rounded to whole cents (half up).",
        required=True, minimum=0),
    spec_field("stodinstrument", "string", "Stödinstrument", "Aid instrument",
        "bidrag, lan (lån), garanti, skatteforman (skatteförmån), riskkapital eller annat.",
        "bidrag (grant), lan (loan), garanti (guarantee), skatteforman (tax advantage), riskkapital (equity) or "
        "annat (other).",
        enum=["bidrag", "lan", "garanti", "skatteforman", "riskkapital", "annat"]),
    spec_field("beviljandedatum", "date", "Beviljandedatum", "Date of granting",
        "Dag då stödet beviljades (beslutsdatum).", "Date the aid was granted (the decision date).", required=True),
    spec_field("syfte", "string", "Stödets syfte", "Objective of the aid",
        "Stödets syfte enligt stödtypen (benämning i stodtyper).", "Objective of the aid by support type (name in "
        "stodtyper, in Swedish)."),
    spec_field("syfte_en", "string", "Stödets syfte på engelska", "Objective of the aid in English",
        "Stödets syfte på engelska (benamning_en i stodtyper).", "Objective of the aid in English (benamning_en in "
        "stodtyper)."),
    spec_field("beviljande_myndighet", "string", "Beviljande myndighet", "Granting authority",
        "Den myndighet som beviljade stödet.", "The authority that granted the aid.", required=True),
    spec_field("atgard_sfs", "string", "Stödåtgärd (SFS-nummer)", "Aid measure (SFS number)",
        "Referens till stödåtgärden: SFS-nummer för den förordning som beslutet fattades med stöd av.",
        "Reference of the aid measure: SFS number of the ordinance the decision was taken under.",
        required=True, pattern="^[0-9]{4}:[0-9]+$"),
    spec_field("atgard_titel", "string", "Stödåtgärdens titel", "Title of the aid measure",
        "Förordningens titel enligt rattsliga_grunder.", "Title of the ordinance as in rattsliga_grunder (in "
        "Swedish)."),
)  # fmt: skip


def transparency_spec(config: PublicationConfig) -> Spec:
    threshold = config.state_aid_threshold_eur
    rate = repr(config.sek_per_eur)
    sek = decimal_text(sek_threshold(config), "1")
    return Spec(
        name="statligt_stod_transparens",
        title="Statligt stöd över tröskeln för offentliggörande (GBER artikel 9)",
        title_en="State aid above the transparency threshold (GBER Article 9)",
        description=(
            "Härledd tabell: enskilda stöd som ska offentliggöras enligt artikel 9 och bilaga III i kommissionens "
            f"förordning (EU) nr 651/2014 (GBER), det vill säga företagsstöd (FTG) på minst {threshold} euro. "
            f"Tröskeln räknas i kronor: minst {sek} kr vid kursen {rate} kr per euro ({config.sek_per_eur_source}). "
            "Samma kurs används för beloppen i euro. Återkallade beslut ingår inte. Enskilda näringsidkare "
            "redovisas utan namn och organisationsnummer."
        ),
        description_en=(
            "Derived table: individual aid to be published under Article 9 and Annex III of Commission Regulation "
            f"(EU) No 651/2014 (GBER), i.e. business grants (FTG) of at least EUR {threshold}. The threshold is "
            f"applied in kronor: at least SEK {sek} at the rate of SEK {rate} per euro "
            f"({config.sek_per_eur_source}). The same rate converts the euro amounts. Withdrawn decisions are "
            "excluded. Sole traders are shown without name and organisation number."
        ),
        fields=_TRANSPARENCY_FIELDS,
        primary_key=("arende_id",),
    )
