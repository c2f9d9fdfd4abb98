"""Settings: the base IRI, the project's folders and the namespaces.

The base IRI of the published data is one setting: ``--base`` on the command
line or the ``KG_BASE_IRI`` environment variable, by default
:data:`DEFAULT_BASE`. The ontology keeps its own namespace whatever the base.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Namespace

#: Where the published data lives unless the user says otherwise.
DEFAULT_BASE = "https://w3id.org/bilateral-kg/"

#: The ontology's namespace and IRI; independent of the data's base IRI.
#: BKG is closed (kg/core/_bkg.py, generated from the ontology): a misspelt term raises.
from kg.core._bkg import BKG  # noqa: E402

BKG_NS = str(BKG._NS)
ONTOLOGY_IRI = "https://w3id.org/bilateral-kg/ontology"
SHAPES = Namespace("https://w3id.org/bilateral-kg/shapes#")
CAMEO = Namespace("https://w3id.org/bilateral-kg/cameo/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")

#: Path segments of the IRIs the build mints ({base}{segment}/{id}); each is also a prefix
#: (``person:heydar-aliyev``) in the outputs, in query parameters and on the web pages.
SEGMENTS = ("person", "state", "place", "office", "role", "organisation", "delegation", "term", "title",
            "topic", "agreement", "embassy", "event", "claim", "fact", "source", "graph")

#: The project's root folder (holds ontology/, data/, queries/).
ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "bkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ROOT / "queries"
DEFAULT_DATA = Path("data")
DEFAULT_OUT = Path("build")


def base_iri(explicit: str | None = None) -> str:
    """Return the base IRI: ``explicit``, else ``$KG_BASE_IRI``, else the default.

    >>> base_iri("https://example.org/kg/")
    'https://example.org/kg/'
    """
    base = explicit or os.environ.get("KG_BASE_IRI") or DEFAULT_BASE
    if not base.endswith(("/", "#")):
        base += "/"
    return base
