"""The dataset step's routes ask Jupyter's authorizer about the ``autopilot`` resource:
an authenticated user it refuses gets 403 everywhere, and nothing is started."""
import json

import pytest
from jupyter_server.auth.authorizer import Authorizer
from tornado.httpclient import HTTPClientError


class DenyAutopilot(Authorizer):
    """Allows everything but the ``autopilot`` resource, and remembers what it was asked."""

    asked: list = []

    def is_authorized(self, handler, user, action, resource):
        DenyAutopilot.asked.append((action, resource))
        return resource != "autopilot"


@pytest.fixture
def jp_server_config():
    return {
        "ServerApp": {
            "jpserver_extensions": {"jupyterlab_autopilot": True},
            "authorizer_class": DenyAutopilot,
        }
    }


@pytest.mark.parametrize(
    "method, path, body, action",
    [
        ("GET", ("tasks",), None, "read"),
        ("POST", ("tasks",), {"kind": "profile", "params": {"path": "x.csv"}}, "execute"),
        ("GET", ("tasks", "0123456789abcdef"), None, "read"),
        ("DELETE", ("tasks", "0123456789abcdef"), None, "execute"),
        ("GET", ("buckets", "some-bucket"), None, "read"),
        ("POST", ("buckets",), {"bucket": "some-bucket"}, "execute"),
    ],
)
async def test_refused_by_the_authorizer(jp_fetch, method, path, body, action):
    DenyAutopilot.asked.clear()
    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch("autopilot", *path, method=method, body=None if body is None else json.dumps(body),
                       allow_nonstandard_methods=True)
    assert refused.value.code == 403
    assert (action, "autopilot") in DenyAutopilot.asked
    # The contents API is another resource: the same user may still use it.
    assert (await jp_fetch("api", "contents")).code == 200
