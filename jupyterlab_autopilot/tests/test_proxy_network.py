"""The way to AWS: an HTTPS proxy and a CA bundle from the environment, as botocore uses
them, and upstream answers that are compressed or malformed. The upstream here is a
real TLS server on loopback with a certificate of its own."""
import datetime
import gzip
import ipaddress
import json
import select
import socket
import socketserver
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .conftest import proxy_error

JOBS = {"AutoMLJobSummaries": [{"AutoMLJobName": "from-the-tls-upstream"}]}


class _FakeSageMaker(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        action = self.headers.get("X-Amz-Target", "").partition(".")[2]
        if action == "DescribeAutoMLJobV2":
            # A real AWS error, compressed, echoing the signed token as some errors do.
            error = {"__type": "ValidationException", "message": f"token {self.headers['X-Amz-Security-Token']}"}
            body = gzip.compress(json.dumps(error).encode())
            self._answer(400, body, [("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))])
        elif action == "DescribeModel":
            self._answer(400, b'{"__type": "Val', [("Content-Length", "999")])  # then hangs up
            self.close_connection = True
        else:
            body = json.dumps(JOBS).encode()
            self._answer(200, body, [("Content-Length", str(len(body)))])

    def _answer(self, status, body, headers):
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "upstream-ca.pem", tmp_path / "upstream-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def _serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def tls_upstream(tmp_path):
    cert_path, key_path = _self_signed(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeSageMaker)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    _serve(server)
    yield f"https://127.0.0.1:{server.server_address[1]}", cert_path
    server.shutdown()
    server.server_close()


@pytest.fixture
def plain_upstream():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeSageMaker)
    _serve(server)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _Tunnel(socketserver.BaseRequestHandler):
    """An HTTPS proxy: CONNECT host:port, then bytes both ways. Counts what it tunnelled."""

    def handle(self):
        head = b""
        while b"\r\n\r\n" not in head:
            data = self.request.recv(4096)
            if not data:
                return
            head += data
        method, target = head.split(b" ")[:2]
        if method != b"CONNECT":
            self.request.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        self.server.connects.append(target.decode())
        host, port = target.decode().rsplit(":", 1)
        with socket.create_connection((host, int(port))) as upstream:
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            sockets = [self.request, upstream]
            while True:
                readable, _, _ = select.select(sockets, [], [], 5)
                if not readable:
                    return
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is self.request else self.request).sendall(data)


@pytest.fixture
def https_proxy():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Tunnel)
    server.daemon_threads = True
    server.connects = []
    _serve(server)
    yield server
    server.shutdown()
    server.server_close()


async def _sagemaker(browser, target):
    return await browser.fetch(
        "POST", "/sagemaker/", body=b"{}", service="sagemaker",
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"SageMaker.{target}"},
    )


@pytest.fixture
def via_proxy(aws_env, monkeypatch, tls_upstream, https_proxy):
    endpoint, ca = tls_upstream
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", endpoint)
    monkeypatch.setenv("AWS_CA_BUNDLE", str(ca))
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{https_proxy.server_address[1]}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    return endpoint


async def test_calls_go_through_https_proxy_and_trust_aws_ca_bundle(via_proxy, https_proxy, browser):
    response = await _sagemaker(browser, "ListAutoMLJobs")
    assert response.code == 200, response.body
    assert json.loads(response.body) == JOBS
    assert https_proxy.connects == [via_proxy.removeprefix("https://")]


@pytest.fixture
def bypassing_proxy(via_proxy, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


async def test_no_proxy_is_honoured(bypassing_proxy, https_proxy, browser):
    assert (await _sagemaker(browser, "ListAutoMLJobs")).code == 200
    assert https_proxy.connects == []


@pytest.fixture
def profile_ca_bundle(aws_env, monkeypatch, tls_upstream, tmp_path):
    endpoint, ca = tls_upstream
    config = tmp_path / "aws-config"
    config.write_text(f"[default]\nca_bundle = {ca}\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", endpoint)


async def test_the_profiles_ca_bundle_is_trusted(profile_ca_bundle, browser):
    response = await _sagemaker(browser, "ListAutoMLJobs")
    assert response.code == 200, response.body


@pytest.fixture
def untrusted_upstream(aws_env, monkeypatch, tls_upstream):
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", tls_upstream[0])


async def test_without_the_ca_bundle_the_certificate_is_refused(untrusted_upstream, browser):
    response = await _sagemaker(browser, "ListAutoMLJobs")
    assert response.code == 502
    assert proxy_error(response)["code"] == "UpstreamUnreachable"


@pytest.fixture
def compressing_upstream(aws_env, monkeypatch, plain_upstream):
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", plain_upstream)


async def test_a_gzip_error_reaches_the_sdk_intact_and_scrubbed(compressing_upstream, aws_env, browser):
    response = await _sagemaker(browser, "DescribeAutoMLJobV2")
    assert response.code == 400
    assert "Content-Encoding" not in response.headers  # the body is relayed decoded
    error = json.loads(response.body)
    assert error["__type"] == "ValidationException"
    assert aws_env["SessionToken"] not in error["message"] and "[redacted" in error["message"]
    assert int(response.headers["Content-Length"]) == len(response.body)


async def test_an_upstream_that_breaks_its_content_length_is_a_502(compressing_upstream, browser):
    response = await _sagemaker(browser, "DescribeModel")
    assert response.code == 502
    assert proxy_error(response)["code"] == "UpstreamBroken"
