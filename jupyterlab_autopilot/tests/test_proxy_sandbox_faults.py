"""The real proxy in front of the sandbox: when the way to AWS fails (the sandbox's ``drop`` fault
closes the connection without answering), the proxy answers its own 502, which says that the
Jupyter server could not get an answer from AWS and what to check; the next call goes through."""
import json

import pytest

from .conftest import proxy_error
from .sandbox_fixtures import sandbox  # noqa: F401 (fixture)


async def _list_jobs(browser):
    return await browser.fetch(
        "POST", "/sagemaker/", body=b"{}", service="sagemaker",
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "SageMaker.ListAutoMLJobs"},
    )


@pytest.fixture
def sandbox_upstream(aws_env, monkeypatch, sandbox):
    """Requested before ``browser`` (so before the Jupyter server starts): SageMaker is the sandbox's."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", sandbox.endpoints["sagemaker"])
    return sandbox


async def test_a_dropped_connection_is_the_proxys_own_502_then_recovers(sandbox_upstream, browser):
    sandbox = sandbox_upstream
    sandbox.faults.clear()  # the session's sandbox: earlier tests' spent rules
    assert (await _list_jobs(browser)).code == 200  # a pooled connection is open to the sandbox now
    sandbox.faults.inject("ListAutoMLJobs", drop=True, count=1)
    try:
        response = await _list_jobs(browser)
        assert response.code == 502
        error = proxy_error(response)
        assert error["code"] == "UpstreamUnreachable"
        assert "closed before AWS answered" in error["message"]
        assert "127.0.0.1" in error["message"] and error["message"].rstrip().endswith("on the way to AWS.")
        # The proxy does not retry on its own (the browser's SDK does): the fault fired once.
        assert [r["fired"] for r in sandbox.faults.spent()] == [1]
        response = await _list_jobs(browser)
        assert response.code == 200
        assert "AutoMLJobSummaries" in json.loads(response.body)
    finally:
        sandbox.faults.clear()
