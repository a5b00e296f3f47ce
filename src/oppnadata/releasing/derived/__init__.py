"""The derived tables of a release, one module each (:mod:`.totals`, :mod:`.results`,
:mod:`.transparency`), on shared column helpers (:mod:`.columns`), the exact kommun split (:mod:`.splitting`)
and the schema specs (:mod:`.specs`). :mod:`oppnadata.releasing.aggregates` lists them in the release's order.
"""
