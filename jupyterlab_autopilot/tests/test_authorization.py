"""Jupyter's authorizer decides apart for the ``autopilot`` resource: every route of ours
is refused to a user denied it, whatever the rest of the server allows."""
import json
import re

import pytest
from jupyter_server.auth.authorizer import Authorizer
from tornado import web

from jupyterlab_autopilot.handlers.base import AutopilotAPIHandler

VERBS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")


class DenyAutopilot(Authorizer):
    def is_authorized(self, handler, user, action, resource):
        return resource != "autopilot"


class AutopilotReadOnly(Authorizer):
    """What a read-only collaborator gets: read on everything, nothing else."""

    def is_authorized(self, handler, user, action, resource):
        return action == "read"


class AllowAll(Authorizer):
    def is_authorized(self, handler, user, action, resource):
        return True


@pytest.fixture
def authorizer_class():
    return AllowAll


@pytest.fixture
def jp_server_config(authorizer_class):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_autopilot": True}, "authorizer_class": authorizer_class}
    }


def _leaf_rules(router):
    for rule in getattr(router, "rules", []):
        if isinstance(rule.target, type):
            yield rule
        else:
            yield from _leaf_rules(rule.target)


def _concrete_path(regex: re.Pattern) -> str:
    """A path the route's pattern matches: every group filled with a sample value."""
    pattern = regex.pattern.rstrip("$")
    for filler in ("x", "/s3/x"):
        candidate = re.sub(r"\((?:[^()]|\([^()]*\))*\)\??", filler, pattern).replace("\\", "")
        if regex.match(candidate):
            return candidate
    raise AssertionError(f"no sample path for {regex.pattern}")


def autopilot_routes(serverapp):
    """(path, verbs) of every handler of this extension, found in the running app: a
    handler another change adds is covered without editing this test."""
    routes = []
    for rule in _leaf_rules(serverapp.web_app.default_router):
        handler = rule.target
        if isinstance(handler, type) and issubclass(handler, AutopilotAPIHandler):
            verbs = [v for v in VERBS if getattr(handler, v.lower()) is not getattr(web.RequestHandler, v.lower())]
            routes.append((_concrete_path(rule.matcher.regex), verbs))
    return routes


async def _request(browser, port, path, verb):
    from tornado.httpclient import AsyncHTTPClient

    body = b"" if verb in ("POST", "PUT", "PATCH") else None
    return await AsyncHTTPClient().fetch(
        f"http://127.0.0.1:{port}{path}", method=verb, body=body, raise_error=False,
        headers={"Authorization": f"token {browser.token}"}, allow_nonstandard_methods=True,
    )


@pytest.mark.parametrize("authorizer_class", [DenyAutopilot])
async def test_a_user_denied_autopilot_gets_403_on_every_route(aws_env, jp_serverapp, browser, jp_http_port, moto_server):
    routes = autopilot_routes(jp_serverapp)
    assert {p.split("/autopilot/")[1].split("/")[0] for p, _ in routes} >= {"version", "context", "aws"}
    for path, verbs in routes:
        for verb in verbs:
            response = await _request(browser, jp_http_port, path, verb)
            assert response.code == 403, (verb, path, response.code)
            if verb != "HEAD":
                error = json.loads(response.body)["error"]
                assert error["code"] == "NotAuthorized", (verb, path, error)
                # The proxy, and anything that acts with the server's AWS role, is `execute`.
                acts = "/autopilot/aws" in path or verb in ("POST", "PUT", "PATCH", "DELETE")
                action = "execute" if acts else "read"
                assert f"custom:jupyter_server:{action}:autopilot" in error["message"], error
    # A denied upload reaches no AWS.
    response = await browser.fetch("PUT", "/s3/denied-bucket", service="s3")
    assert response.code == 403
    assert "denied-bucket" not in [b["Name"] for b in moto_server.client("s3").list_buckets()["Buckets"]]


@pytest.mark.parametrize("authorizer_class", [AutopilotReadOnly])
async def test_read_on_autopilot_shows_the_context_but_the_proxy_needs_execute(aws_env, jp_fetch, browser):
    assert (await jp_fetch("autopilot", "version")).code == 200
    assert (await jp_fetch("autopilot", "context")).code == 200
    response = await browser.fetch("GET", "/s3/some-bucket/key", service="s3")
    assert response.code == 403
    assert json.loads(response.body)["error"]["code"] == "NotAuthorized"


async def test_a_user_allowed_autopilot_reaches_every_route(aws_env, jp_serverapp, browser, jp_http_port):
    for path, verbs in autopilot_routes(jp_serverapp):
        for verb in verbs:
            response = await _request(browser, jp_http_port, path, verb)
            if response.code == 403:
                assert json.loads(response.body or b"{}").get("error", {}).get("code") != "NotAuthorized", (verb, path)
    assert (await browser.fetch("PUT", "/s3/allowed-bucket", service="s3")).code == 200
