"""Linked-data publication over HTTP: resource pages, content negotiation, a SPARQL endpoint.

``create_app(build_dir, base, query_timeout=..., row_cap=...)`` returns the ASGI
application (Starlette); ``serve(build_dir, base, port=...)`` runs it with
uvicorn on 127.0.0.1. Both are imported lazily so that :mod:`kg.publish.export` can use
the templates (:mod:`kg.publish.web.render`) without loading the server's packages.
See :mod:`kg.publish.web.app` for what each URL answers.
"""

from __future__ import annotations


def create_app(*args, **kwargs):
    from kg.publish.web.app import create_app as _create_app

    return _create_app(*args, **kwargs)


def serve(*args, **kwargs):
    from kg.publish.web.app import serve as _serve

    return _serve(*args, **kwargs)


__all__ = ["create_app", "serve"]
