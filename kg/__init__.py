"""bilateral-kg: a knowledge graph of bilateral relations between states.

The pipeline runs in stages, one module each: :mod:`kg.load` reads the curated
data (sources, entity registry, facts), :mod:`kg.build` turns it into an RDF
dataset with one named graph per fact, :mod:`kg.validate` checks it against the
SHACL shapes, :mod:`kg.query` answers SPARQL, and :mod:`kg.cli` is the ``kg``
command over all of them.
"""

__version__ = "0.1.0"
