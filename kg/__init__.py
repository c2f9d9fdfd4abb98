"""bilateral-kg: a knowledge graph of bilateral relations between states.

A map of the package (the README's "The package" says more); imports run down
this list, never up:

* :mod:`kg.cli`: the ``kg`` command; parses arguments and calls :mod:`kg.api` only;
* :mod:`kg.api`: one function per thing a user does (the CLI, the notebooks and
  the end-to-end tests call it);
* :mod:`kg.extract`, :mod:`kg.analysis`, :mod:`kg.publish`, :mod:`kg.devtools`:
  drafting facts, networkx projections and figures, exports, upload and the web
  server, synthetic corpora;
* :mod:`kg.pipeline`: ``kg build``, one module per stage: load → build →
  validate → checks → write (:mod:`kg.pipeline.run` chains them), with
  incremental rebuilds in :mod:`kg.pipeline.incremental` and every state and
  the offices of any state in :mod:`kg.pipeline.reference`;
* :mod:`kg.rdf` and :mod:`kg.text`: the RDF engines (SHACL compiled to SPARQL,
  query files, stores, results, serialisation) and the Arabic text utilities;
* :mod:`kg.core`: configuration, errors, namespaces, dates, progress.
"""

__version__ = "0.1.0"
