"""The rows of the paged list of decisions (``beslut/index.html``, ``beslut/sida/<n>/``): 100 a page, 1 000 pages
per language at national scale, so they are formatted here, not looped over in ``templates/decisions.html``
(which calls :func:`decision_rows`); the markup is the template's."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from . import texts
from .catalog import Decision
from .escaping import as_markup as _e


def decision_rows(rows: Sequence[Decision], page: str, lang: str, kommun_names: dict[str, str]) -> Markup:
    """``page`` is the way from the list page to its language's root (``../../``, ``../../en/``)."""
    sv = ' lang="sv"' if lang == "en" else ""
    out = []
    for d in rows:
        case = _e(d.arende_id)
        date = _e(d.date)
        recipient = _e(d.recipient)
        if d.orgnr:
            recipient = f'<a href="{_e(page + "mottagare/" + d.orgnr + "/index.html")}">{recipient}</a>'
        kommuner = ", ".join(_e(kommun_names.get(k, k)) for k in d.kommuner)
        out.append(
            f'<tr class="{_e(d.status)}">\n'
            f'<td><a href="{_e(page + "beslut/" + d.arende_id + "/index.html")}">{case}</a></td>\n'
            f'<td><time datetime="{date}">{date}</time></td>\n'
            f"<td>{_e(texts.label(texts.STODFORM, d.stodform, lang))}</td>\n"
            f'<td class="recipient">{recipient}</td>\n'
            f'<td class="project"{sv}>{_e(d.project)}</td>\n'
            f"<td>{kommuner}</td>\n"
            f'<td class="num" data-value="{d.granted}">{_e(texts.kronor(d.granted, lang))}</td>\n'
            f'<td class="num" data-value="{d.paid}">{_e(texts.kronor(d.paid, lang))}</td>\n'
            f"<td>{_e(texts.label(texts.STATUS, d.status, lang))}</td>\n"
            "</tr>\n"
        )
    return Markup("".join(out))
