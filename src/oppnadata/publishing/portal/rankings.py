"""Recipients per support form: ``mottagare/stodform/<stodform>/`` ranks the organisations by what they were
granted in that form (largest first), ``…/namn/`` lists them by name; both paged like the other indexes.

Only organisations are listed: a sole trader's decisions carry no organisation number in the catalogue
(:func:`oppnadata.publishing.portal.catalog.is_sole_trader`), so they never get a row or a page (POLICY.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from . import texts
from .addresses import group_slug
from .catalog import Catalog, Group
from .frame import INDEX_PAGE, Page, PageRenderer

ORDERS = ("belopp", "namn")  # by amount granted in the form (the index), by name


def form_slug(form: str, order: str = "belopp", number: int = 1) -> str:
    base = f"mottagare/stodform/{form}/" + ("" if order == "belopp" else f"{order}/")
    return base + ("index.html" if number == 1 else f"sida/{number}/index.html")


def ranked(recipients: list[Group], form: str, order: str) -> list[Group]:
    found = [g for g in recipients if g.by_form.get(form, [0, 0, 0])[1] > 0]
    if order == "namn":
        return sorted(found, key=lambda g: (g.name.casefold(), g.key))
    return sorted(found, key=lambda g: (-g.by_form[form][1], g.key))


def forms(recipients: list[Group]) -> list[str]:
    present = {f for g in recipients for f, v in g.by_form.items() if v[1] > 0}
    return [f for f in texts.STODFORM if f in present] + sorted(present - set(texts.STODFORM))


def pages(renderer: PageRenderer, catalog: Catalog, lang: str) -> Iterator[Page]:
    t = texts.texts(lang)
    recipients = catalog.recipients()
    available = forms(recipients)
    for form in available:
        name = texts.label(texts.STODFORM, form, lang)
        for order in ORDERS:
            listed = ranked(recipients, form, order)
            chunks = [listed[i : i + INDEX_PAGE] for i in range(0, len(listed), INDEX_PAGE)] or [[]]
            for number, chunk in enumerate(chunks, start=1):
                yield renderer._page(
                    lang,
                    form_slug(form, order, number),
                    "recipients_form.html",
                    {
                        "title": t["recipients_form_title"].format(form=name),
                        "form": form,
                        "forms": [(f, texts.label(texts.STODFORM, f, lang)) for f in available],
                        "order": order,
                        "orders": [(o, form_slug(form, o)) for o in ORDERS],
                        "groups": chunk,
                        "first_rank": (number - 1) * INDEX_PAGE + 1,
                        "form_total": sum(g.by_form[form][1] for g in listed),
                        "count": len(listed),
                        "group_url": group_slug,
                        "form_url": form_slug,
                        "pager": [
                            (n, form_slug(form, order, n), n == number) for n in range(1, len(chunks) + 1)
                        ],
                    },
                )
