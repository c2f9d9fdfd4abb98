"""Linked-data publication over HTTP: resource pages, content negotiation, a SPARQL endpoint.

:mod:`kg.publish.web.app` holds the ASGI application (``create_app``, Starlette) and
``serve`` (uvicorn on 127.0.0.1); see it for what each URL answers. The parts it
stands on: :mod:`~kg.publish.web.model` (the indexed dataset, with
:mod:`~kg.publish.web.hierarchy`, :mod:`~kg.publish.web.provenance` and
:mod:`~kg.publish.web.dates`), :mod:`~kg.publish.web.render` (the HTML pages, also
used by ``kg export`` for the ontology's documentation), :mod:`~kg.publish.web.void`
(the dataset's VoID and DCAT description, also exported),
:mod:`~kg.publish.web.negotiation`, :mod:`~kg.publish.web.site` (what the server
answers from) and :mod:`~kg.publish.web.sparql` (the sandboxed endpoint).
This package imports none of them, so that reading the model does not load the server.
"""
