"""bilateral-kg: a knowledge graph of bilateral relations between states.

The pipeline runs in stages, one module each: :mod:`kg.pipeline.load` reads the curated
data (sources, entity registry, facts), :mod:`kg.pipeline.build` turns it into an RDF
dataset with one named graph per fact, :mod:`kg.pipeline.validate` checks it against the
SHACL shapes, :mod:`kg.rdf.query` answers SPARQL, and :mod:`kg.cli` is the ``kg``
command over all of them.
"""

__version__ = "0.1.0"
