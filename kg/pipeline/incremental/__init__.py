"""Incremental rebuilds: after an edit, rebuild and revalidate only what the edit can reach.

A build with the Oxigraph validator leaves in ``OUT/.cache/``:

* ``state.pickle``: the hash of every input file, the ids and date bounds of
  every record, the chunks (one per curated file, a large one in parts, see
  :attr:`kg.pipeline.build.Built.chunks`), the validation findings with the query that
  found them, the rows of the check queries, coverage and counts;
* ``chunks/``: each chunk's N-Quads and its pieces of kg.trig, kg.ttl and
  kg.jsonld, named by the hash of its N-Quads;
* ``store/``: the dataset in an on-disk Oxigraph store.

The next ``kg build`` of the same folder, when only facts files changed and
their ids and types did not, rebuilds only those files (and files whose
dates are relative to a date that moved), applies the difference to the
store, and reruns each SHACL and check query only for the focus nodes the
difference can reach (:meth:`kg.rdf.shacl.compile.CompiledShapes.dependencies`): the
nodes within a query's radius of a changed triple, walking only the
predicates that query joins on. The outputs are then the cached pieces of
every chunk in order, so they are byte for byte those of a clean build.

Anything else (the registry, a source, the ontology, the shapes, the
queries, kg's version, a file added or removed, an id added, removed or
retyped) makes a clean build, which writes the cache anew. A cache left
half-written by a crash or a kill is marked dirty and ignored; two builds never
change it at once (they hold the output folder's lock, :mod:`kg.pipeline.folder`).

Modules: :mod:`.cache` (what the cache holds, read and written),
:mod:`.reach` (which focus nodes a change can reach),
:mod:`.rebuild` (the rebuild itself).
"""

