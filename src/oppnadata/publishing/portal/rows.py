"""The rows of the long paged lists, formatted here instead of looped over in their templates (which call these):
the list of decisions (``beslut/``, 100 a page, 1 000 pages per language at national scale; ``decisions.html``),
the group indexes (``mottagare/`` and the others, 200 a page; ``groups.html``) and the recipients per support form
(``mottagare/stodform/``; ``recipients_form.html``). The markup is the templates'."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from . import texts
from .addresses import group_slug
from .catalog import Decision, Group
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


def group_rows(groups: Sequence[Group], kind: str, page: str, lang: str) -> Markup:
    out = []
    for g in groups:
        key = _e(g.key)
        name = _e(g.name_en if lang == "en" else g.name)
        small = f" <small>{key}</small>" if kind == "mottagare" else ""
        granted, paid = g.granted, g.paid
        out.append(
            f'<tr><th scope="row"><a href="{_e(page + group_slug(kind, g.key))}">{name}</a>{small}</th>'
            f'<td class="num">{_e(texts.number(g.count, lang))}</td><td class="num" data-value="{granted}">'
            f'{_e(texts.kronor(granted, lang))}</td><td class="num" data-value="{paid}">{_e(texts.kronor(paid, lang))}'
            "</td></tr>\n"
        )
    return Markup("".join(out))


def ranking_rows(groups: Sequence[Group], form: str, first_rank: int, page: str, lang: str) -> Markup:
    out = []
    for rank, g in enumerate(groups, start=first_rank):
        key = _e(g.key)
        count, granted, paid = g.by_form[form]
        out.append(
            f'<tr data-orgnr="{key}"><td class="num">{rank}</td><th scope="row"><a href="'
            f'{_e(page + group_slug("mottagare", g.key))}">{_e(g.name)}</a> <small>{key}</small></th>'
            f'<td class="num" data-value="{count}">{_e(texts.number(count, lang))}</td><td class="num" '
            f'data-value="{granted}">{_e(texts.kronor(granted, lang))}</td><td class="num" data-value="{paid}">'
            f"{_e(texts.kronor(paid, lang))}</td></tr>\n"
        )
    return Markup("".join(out))
