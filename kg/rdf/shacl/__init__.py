"""SHACL compiled to SPARQL and run on Oxigraph: the validator for large graphs.

pySHACL (:mod:`kg.pipeline.validate`) is the reference; this engine must report the
same results, and the tests hold it to that result by result (the shape
fixtures, the first source, a synthetic sample). It is what ``kg build``
uses by default because it is fast: every constraint of a shape becomes one
SPARQL query that returns only the violating (focus node, value) pairs of
*all* focus nodes at once, evaluated by Oxigraph in Rust, where pySHACL
walks the focus nodes one by one in Python.

The modules, in the order a validation uses them:

* :mod:`kg.rdf.shacl.model`: the compiled queries, their checks, :class:`~kg.rdf.shacl.model.Finding`
  and :class:`~kg.rdf.shacl.model.Unsupported`;
* :mod:`kg.rdf.shacl.expressions`: value constraints and value shapes as SPARQL expressions;
* :mod:`kg.rdf.shacl.compile`: :class:`~kg.rdf.shacl.compile.CompiledShapes`, a shapes graph
  compiled to SPARQL. A shapes graph that uses anything else raises ``Unsupported``
  when it is compiled, never later (:func:`kg.pipeline.validate.read_shapes` notes it, and
  validation runs pySHACL);
* :mod:`kg.rdf.shacl.integers`: :class:`~kg.rdf.shacl.integers.DerivedIntegers`, the integer
  datatypes Oxigraph forgets (it keeps ``xsd:int``... as ``xsd:integer``);
* :mod:`kg.rdf.shacl.run`: the queries run on a pyoxigraph store, findings collected;
* :mod:`kg.rdf.shacl.dependencies`: how far each query reads (incremental rebuilds).

Terms cross between rdflib and Oxigraph through :mod:`kg.rdf.terms`.
"""
