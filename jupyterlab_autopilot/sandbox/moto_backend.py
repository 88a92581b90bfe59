"""moto's server on loopback, the resources the sandbox seeds in it, and signed calls to it.

Every call the simulator makes to moto is signed with SigV4 by botocore, as a real client would,
so moto's request parsing (which reads the service from the signature's scope) is the real one.
"""
import http.client
import json
import logging
import urllib.parse

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from moto.moto_server.threaded_moto_server import ThreadedMotoServer

from .errors import AwsError

ACCESS_KEY_ID = "sandbox-access-key-id"
SECRET_ACCESS_KEY = "sandbox-secret-access-key"
EXECUTION_ROLE_NAME = "AmazonSageMaker-ExecutionRole-Sandbox"
_TRUST_POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}],
})


class MotoBackend:
    def __init__(self, host, port, region):
        self.region = region
        # moto's server logs every request through werkzeug; the sandbox's own log is enough.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.server = ThreadedMotoServer(ip_address=host, port=port, verbose=False)
        self.server.start()
        bound_host, bound_port = self.server.get_host_and_port()
        self.host, self.port = host, bound_port
        self.endpoint = "http://%s:%d" % (host, bound_port)
        self._credentials = Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
        # Explicit credentials and endpoint: nothing here may read the user's ~/.aws.
        self._session = boto3.session.Session(
            aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key=SECRET_ACCESS_KEY, region_name=region)

    def client(self, service):
        return self._session.client(
            service, endpoint_url=self.endpoint,
            config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}))

    def seed(self):
        """The account's default bucket and an execution role, as a fresh SageMaker account has."""
        account = self.client("sts").get_caller_identity()["Account"]
        bucket = "sagemaker-%s-%s" % (self.region, account)
        s3 = self.client("s3")
        try:
            if self.region == "us-east-1":
                s3.create_bucket(Bucket=bucket)
            else:
                s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": self.region})
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass  # moto's state is per process: a second sandbox in the same process shares it
        iam = self.client("iam")
        try:
            role = iam.create_role(RoleName=EXECUTION_ROLE_NAME, Path="/service-role/",
                                   AssumeRolePolicyDocument=_TRUST_POLICY,
                                   Description="Execution role of the jupyterlab-autopilot sandbox")["Role"]
        except iam.exceptions.EntityAlreadyExistsException:
            role = iam.get_role(RoleName=EXECUTION_ROLE_NAME)["Role"]
        return account, bucket, role["Arn"]

    def send(self, service, method, path, headers, body):
        """Sign a request for ``service`` and send it to moto: (status, headers, body)."""
        url = self.endpoint + path
        request = AWSRequest(method=method, url=url, data=body, headers=dict(headers))
        SigV4Auth(self._credentials, service, self.region).add_auth(request)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, urllib.parse.urlsplit(url).path or "/", body=body, headers=dict(request.headers.items()))
            resp = conn.getresponse()
            return resp.status, resp.getheaders(), resp.read()
        finally:
            conn.close()

    def sagemaker_call(self, action, params):
        """A SageMaker JSON call to moto, parsed; moto's errors come back as AwsError."""
        headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "SageMaker." + action}
        status, _, body = self.send("sagemaker", "POST", "/", headers, json.dumps(params).encode())
        doc = json.loads(body or b"{}")
        if status >= 400:
            code = doc.get("__type") or doc.get("Error", {}).get("Code") or "InternalFailure"
            raise AwsError(code.split("#")[-1], doc.get("message") or doc.get("Message") or "", status)
        return doc

    def stop(self):
        self.server.stop()
