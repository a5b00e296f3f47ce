"""The words of the 2024:99 results pages, the recipients per support form, the tile map and the accessibility
statement's title (merged into :data:`oppnadata.publishing.portal.texts.T`)."""

from __future__ import annotations

RESULTS_TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "outcomes_per_form": "{indicator} per stödform",
        "outcomes_per_year": "{indicator} per år",
        "outcomes_per_kommun": "{indicator} per kommun",
        "over_time_title": "Över tid per stödform: beviljat per beslutsår",
        "over_time_note": "Beloppen i de beslut som togs varje år, per stödform; återkallade beslut räknas inte.",
        "over_time_note_kommun": "Kommunens del av de beslut som togs varje år, per stödform (delade beslut "
        "enligt kommunfordelning); återkallade beslut räknas inte.",
        "a11y_title_of": "Tillgänglighetsredogörelse för {service}",
        "tilemap_unplaced": "Inte på kartan (ingen ruta i kodlistan)",
        "tilemap_title": "Länets kommuner: beviljat belopp (schematisk karta)",
        "tilemap_note": "En schematisk karta: en ruta per kommun, ungefär där kommunen ligger (norr uppåt); inte "
        "kommunernas verkliga form eller storlek. Samma siffror finns i tabellen.",
        "recipients_form_title": "Mottagare av {form}",
        "recipients_form_lead": "{count} organisationer fick {total} i den här stödformen (återkallade beslut "
        "räknas inte).",
        "recipients_form_note": "Enskilda näringsidkare listas inte: deras organisationsnummer är ett "
        "personnummer. Utbetalt är det som hittills betalats ut på mottagarens beslut i stödformen.",
        "recipients_by_form": "Mottagare per stödform, störst först",
        "sorted_by": "Sorterat efter",
        "order_belopp": "beviljat belopp (störst först)",
        "order_namn": "namn",
        "rank": "Plats",
        "dim_by_kommun_title": "{dimension} per kommun",
        "dim_by_kommun_link": "{dimension} per kommun",
        "dim_by_kommun_lead": "Beviljat belopp per kommun och värde. Beslut som gäller flera kommuner är fördelade "
        "enligt tabellen kommunfordelning, på samma sätt som i tabellen totaler_ar_stodform_kommun; återkallade "
        "beslut räknas inte.",
        "dim_by_kommun_note": "Antal beslut räknar varje beslut som gäller kommunen, också de som delas med andra "
        "kommuner; därför blir summan av kommunernas antal större än länets. Beloppen summerar exakt till länets.",
        "per_kommun_lower": "per kommun",
        "county_total": "Hela länet",
        "data_results": "Den härledda tabellen resultatredovisning",
        "outcomes_title": "Utfall per indikator",
        "outcomes_of": "Utfall: {indicator}",
        "outcomes_lead_short": "Uppföljningens mål och utfall per indikator, per stödform, år och kommun och "
        "uppdelat på kön där indikatorn har en könsuppdelning:",
        "outcomes_lead": "Målvärden och utfall från uppföljningen av besluten (tabellen uppfoljning), summerade per "
        "indikator: per stödform, per år och per kommun, och för kvinnor och män där indikatorn är könsuppdelad "
        "(tabellen indikatorer).",
        "outcomes_overview": "Alla indikatorer: mål och utfall",
        "outcomes_note": "Året är året då uppföljningsperioden slutar. Utfall går inte att dela mellan kommuner som "
        "pengar: utfallet räknas på kommunen när beslutet bara gäller den kommunen, och utfall av beslut som gäller "
        "flera kommuner redovisas på en egen rad. Alla uppföljningsrader räknas, också för beslut som senare "
        "återkallats.",
        "outcome_by_year": "{indicator} per år",
        "unit": "Enhet",
        "period_year": "År",
        "no_sex_split": "ej könsuppdelad",
        "sex_split_note": "Könsuppdelat utfall finns på {rows} av {all} uppföljningsrader; kvinnor och män "
        "summeras över de raderna.",
        "shared_kommuner": "Beslut som gäller flera kommuner",
        "kommun_results_title": "Resultat enligt förordning (2024:99) i kommunen",
        "kommun_results_lead": "Kommunens del av beviljat belopp per dimension i resultatredovisningen (delade "
        "beslut enligt kommunfordelning). Hela länet:",
        "compare_kommuner": "Jämför med länets andra kommuner",
        "only_this_kommun": "Beslut som bara gäller kommunen",
        "shared_whole": "Beslut som delas med andra kommuner (hela beslutet)",
        "kommun_outcomes_note": "Utfall av beslut som delas med andra kommuner visas för hela beslutet och ingår "
        "också i de andra kommunernas siffror.",
    },
    "en": {
        "outcomes_per_form": "{indicator} by support form",
        "outcomes_per_year": "{indicator} by year",
        "outcomes_per_kommun": "{indicator} by municipality",
        "over_time_title": "Over time by support form: amount granted by decision year",
        "over_time_note": "The amounts of the decisions taken each year, by support form; withdrawn decisions do "
        "not count.",
        "over_time_note_kommun": "The municipality's part of the decisions taken each year, by support form "
        "(shared decisions as kommunfordelning says); withdrawn decisions do not count.",
        "a11y_title_of": "Accessibility statement for {service}",
        "tilemap_unplaced": "Not on the map (no square in the code list)",
        "tilemap_title": "The county's municipalities: amount granted (schematic map)",
        "tilemap_note": "A schematic map: one square per municipality, placed roughly as the municipalities lie "
        "(north up); not their real shapes or sizes. The same figures are in the table.",
        "recipients_form_title": "Recipients of {form}",
        "recipients_form_lead": "{count} organisations received {total} in this support form (withdrawn "
        "decisions not counted).",
        "recipients_form_note": "Sole traders are not listed: their organisation number is a personal identity "
        "number. Paid is what has been paid so far on the recipient's decisions in this form.",
        "recipients_by_form": "Recipients by support form, largest first",
        "sorted_by": "Sorted by",
        "order_belopp": "amount granted (largest first)",
        "order_namn": "name",
        "rank": "Rank",
        "dim_by_kommun_title": "{dimension} by municipality",
        "dim_by_kommun_link": "{dimension} by municipality",
        "dim_by_kommun_lead": "Amount granted by municipality and value. Decisions concerning several "
        "municipalities are split as the table kommunfordelning says, as in the table "
        "totaler_ar_stodform_kommun; withdrawn decisions do not count.",
        "dim_by_kommun_note": "The number of decisions counts every decision concerning the municipality, "
        "including those shared with others, so the municipalities' counts add up to more than the county's. The "
        "amounts add up exactly to the county's.",
        "per_kommun_lower": "by municipality",
        "county_total": "The whole county",
        "data_results": "The derived table resultatredovisning",
        "outcomes_title": "Outcomes by indicator",
        "outcomes_of": "Outcomes: {indicator}",
        "outcomes_lead_short": "The follow-up's targets and outcomes by indicator, by support form, year and "
        "municipality, and by sex where the indicator has a sex split:",
        "outcomes_lead": "Targets and outcomes from the follow-up of the decisions (table uppfoljning), summed by "
        "indicator: by support form, by year and by municipality, and for women and men where the indicator has "
        "a sex split (table indikatorer).",
        "outcomes_overview": "All indicators: targets and outcomes",
        "outcomes_note": "The year is the year the follow-up period ends. Outcomes cannot be divided between "
        "municipalities like money: an outcome counts for a municipality when its decision concerns that "
        "municipality alone, and outcomes of decisions concerning several municipalities are a row of their own. "
        "Every follow-up row counts, also for decisions withdrawn later.",
        "outcome_by_year": "{indicator} by year",
        "unit": "Unit",
        "period_year": "Year",
        "no_sex_split": "no sex split",
        "sex_split_note": "An outcome split by sex is given on {rows} of {all} follow-up rows; women and men are "
        "summed over those rows.",
        "shared_kommuner": "Decisions concerning several municipalities",
        "kommun_results_title": "Results under ordinance (2024:99) in the municipality",
        "kommun_results_lead": "The municipality's part of the amount granted by dimension of the results report "
        "(shared decisions as kommunfordelning says). The whole county:",
        "compare_kommuner": "Compare with the county's other municipalities",
        "only_this_kommun": "Decisions concerning this municipality only",
        "shared_whole": "Decisions shared with other municipalities (whole decision)",
        "kommun_outcomes_note": "Outcomes of decisions shared with other municipalities are shown for the whole "
        "decision and are also in the other municipalities' figures.",
    },
}
