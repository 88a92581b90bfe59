import json

from jupyterlab_autopilot import __version__


async def test_version_reports_the_installed_package(jp_fetch):
    response = await jp_fetch("autopilot", "version")
    assert response.code == 200
    assert json.loads(response.body) == {"version": __version__}


async def test_version_needs_a_token(jp_fetch, jp_serverapp):
    from tornado.httpclient import HTTPClientError

    try:
        await jp_fetch("autopilot", "version", headers={"Authorization": ""})
    except HTTPClientError as error:
        assert error.code == 403
    else:
        raise AssertionError("an unauthenticated request was answered")
