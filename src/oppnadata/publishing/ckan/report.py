"""The plan and the outcome as text, in Swedish or English."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .desired import KEY

if TYPE_CHECKING:
    from .plan import Outcome, Plan

TEXT: dict[str, dict[str, str]] = {
    "head": {
        "en": "Plan: {name} {version} → {url} (the catalogue shows {live})",
        "sv": "Plan: {name} {version} → {url} (katalogen visar {live})",
    },
    "none": {"en": "no version", "sv": "ingen version"},
    "delete": {"en": "  delete   {what}  (--prune: not in the release)", "sv": "  ta bort  {what}  (--prune: finns inte i utgåvan)"},
    "org": {"en": "  create   organisation {name}", "sv": "  skapa    organisationen {name}"},
    "dataset": {"en": "  create   dataset {name} (private until the switch)", "sv": "  skapa    datamängden {name} (privat till bytet)"},
    "fields": {"en": "  update   dataset fields: {fields}", "sv": "  ändra    datamängdens fält: {fields}"},
    "upload": {"en": "  upload   {label:<44} {size:>11} bytes  {why}", "sv": "  ladda upp {label:<43} {size:>11} byte  {why}"},
    "new": {"en": "new", "sv": "ny"},
    "replaces": {"en": "replaces the file of {version}", "sv": "ersätter filen från {version}"},
    "reuse": {"en": "  reuse    {label}  (uploaded by an interrupted publish)", "sv": "  återanvänd {label}  (uppladdad av en avbruten publicering)"},
    "update": {"en": "  update   {what}: {fields}", "sv": "  ändra    {what}: {fields}"},
    "link": {"en": "  create   link {what} → {url}", "sv": "  skapa    länken {what} → {url}"},
    "staged": {"en": "  remove   {n} staged upload(s) of an interrupted publish that this release does not use",
               "sv": "  ta bort  {n} väntande uppladdning(ar) från en avbruten publicering som utgåvan inte använder"},
    "keep": {"en": "  keep     {n} resources unchanged", "sv": "  behåll   {n} resurser oförändrade"},
    "orphans": {"en": "  leave    {n} resource(s) the release does not have: {names}",
                "sv": "  lämna    {n} resurs(er) som utgåvan inte har: {names}"},
    "switch": {"en": "  switch   version {old} → {new} and the \"current\" markers, in one package_revise",
               "sv": "  byt      version {old} → {new} och markeringarna \"aktuell\", i ett package_revise"},
    "claim": {"en": "  note     another publish holds the dataset ({claim})",
              "sv": "  obs      en annan publicering håller datamängden ({claim})"},
    "stale": {"en": "  note     an interrupted publish left a claim ({claim}); this run takes it over",
              "sv": "  obs      en avbruten publicering lämnade ett anspråk ({claim}); denna körning tar över det"},
    "total": {"en": "Total: {uploads} uploads ({bytes} bytes), {reused} reused, {updates} resource updates, {deletes} deletions, {kept} kept",
              "sv": "Summa: {uploads} uppladdningar ({bytes} byte), {reused} återanvända, {updates} ändrade resurser, {deletes} borttagna, {kept} oförändrade"},
    "uptodate": {"en": "Up to date: nothing to change.", "sv": "Redan aktuell: inget att ändra."},
    "dry": {"en": "Dry run: nothing was changed.", "sv": "Provkörning: inget ändrades."},
    "done": {"en": "Published {name} {version} to {url}: {stats}.", "sv": "Publicerade {name} {version} till {url}: {stats}."},
    "calls": {"en": "{stats}.", "sv": "{stats}."},
}  # fmt: skip


def t(key: str, lang: str, **values: Any) -> str:
    return TEXT[key].get(lang, TEXT[key]["en"]).format(**values)


def _name(resource: dict[str, Any]) -> str:
    return f"{resource.get('name') or resource.get('id')} [{resource.get(KEY) or 'unmanaged'}]"


def plan_lines(plan: Plan, lang: str) -> list[str]:
    live = plan.live_version or t("none", lang)
    lines = [t("head", lang, name=plan.wanted.name, version=plan.wanted.version, url=plan.url, live=live)]
    if plan.claim is not None:
        lines.append(t("claim" if plan.blocked else "stale", lang, claim=plan.claim.describe()))
    lines += [t("delete", lang, what=_name(r)) for r in plan.delete]
    if plan.org is None:
        lines.append(t("org", lang, name=plan.org_name))
    if plan.dataset is None:
        lines.append(t("dataset", lang, name=plan.wanted.name))
    elif plan.field_changes:
        shown = [f"{n} ({o or '–'} → {v})" if n == "version" else n for n, o, v in plan.field_changes]
        lines.append(t("fields", lang, fields=", ".join(shown)))
    for w, replaces in plan.uploads:
        why = (
            t("replaces", lang, version=replaces.get("oppnadata_version", "?"))
            if replaces
            else t("new", lang)
        )
        lines.append(t("upload", lang, label=w.label, size=f"{w.size:,}".replace(",", " "), why=why))
    lines += [t("reuse", lang, label=w.label) for w, _ in plan.reuse]
    lines += [t("update", lang, what=w.fields["name"], fields=", ".join(f)) for w, _, f in plan.updates]
    lines += [t("link", lang, what=w.fields["name"], url=w.fields["url"]) for w in plan.links_new]
    if plan.staged_unused:
        lines.append(t("staged", lang, n=len(plan.staged_unused)))
    if plan.keep:
        lines.append(t("keep", lang, n=len(plan.keep)))
    if plan.orphans:
        names = ", ".join(_name(r) for r in plan.orphans)
        lines.append(t("orphans", lang, n=len(plan.orphans), names=names))
    if plan.datastore is not None:
        lines += plan.datastore.lines(lang)
    if plan.empty:
        lines.append(t("uptodate", lang))
        return lines
    if plan.needs_switch:
        lines.append(t("switch", lang, old=plan.live_version or "–", new=plan.wanted.version))
    lines.append(
        t("total", lang, uploads=len(plan.uploads), bytes=f"{plan.upload_bytes:,}".replace(",", " "),
          reused=len(plan.reuse), updates=len(plan.updates), deletes=len(plan.delete), kept=len(plan.keep))
    )  # fmt: skip
    return lines


def outcome_lines(outcome: Outcome, lang: str) -> list[str]:
    plan = outcome.plan
    if outcome.dry_run:
        return [t("dry", lang), t("calls", lang, stats=outcome.stats.summary())]
    if not outcome.applied:
        return [t("calls", lang, stats=outcome.stats.summary())]
    return [t("done", lang, name=plan.wanted.name, version=plan.wanted.version, url=plan.url,
              stats=outcome.stats.summary())]  # fmt: skip
