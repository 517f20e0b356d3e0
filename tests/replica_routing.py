"""Run by tests/test_replica.py in its own pytest process, with DATABASE_REPLICA_URL set.

The settings then define a second alias, "replica", whose test database mirrors the default one,
so reads really run on the "replica" connection and see what writes put in through "default".
"""

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from debate.arguments.models import Argument
from debate.core.routers import PrimaryForWritesMiddleware

from .factories import make_argument

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def test_it_has_a_replica_alias_mirroring_the_test_database():
    assert connections["replica"].settings_dict["TEST"]["MIRROR"] == "default"


def test_it_reads_from_the_replica_and_writes_to_the_primary():
    with CaptureQueriesContext(connections["default"]) as primary:
        argument = make_argument(text="Written to the primary.")
    assert router.db_for_write(Argument) == "default"
    assert any("INSERT" in query["sql"] for query in primary.captured_queries)
    assert router.db_for_read(Argument) == "replica"
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert Argument.objects.get(pk=argument.pk).text == "Written to the primary."
    assert len(replica.captured_queries) == 1


def test_it_reads_from_the_primary_inside_a_transaction_and_for_sessions():
    with transaction.atomic():
        assert router.db_for_read(Argument) == "default"
    assert router.db_for_read(Session) == "default"


def test_it_reads_from_the_primary_while_handling_a_write(rf):
    seen = {}

    def view(request):
        seen[request.method] = router.db_for_read(Argument)

    middleware = PrimaryForWritesMiddleware(view)
    middleware(rf.post("/"))
    middleware(rf.get("/"))
    assert seen == {"POST": "default", "GET": "replica"}


def test_it_serves_pages_from_the_replica(client):
    argument = make_argument(text="Shown from the replica.")
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get(argument.get_absolute_url())
    assert "Shown from the replica." in response.content.decode()
    assert replica.captured_queries
