"""Counting the queries a page costs, as for the first visitor after content changed."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.cache import bump_generation


def cold_queries(client: Client, url: str, **params) -> int:
    """Queries to build `url` with every cache out of date: the cost that budgets bound."""
    bump_generation()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured)
