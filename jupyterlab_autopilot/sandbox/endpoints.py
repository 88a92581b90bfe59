"""Endpoints: moto stores them, the simulator makes them take time.

moto puts an endpoint ``InService`` the moment it is created (or updated). The simulator forwards
every endpoint action to moto and overlays ``Creating``/``Updating`` for a while afterwards, so the
frontend's wait-for-InService path is exercised. Models and endpoint configs go to moto untouched.
"""
CREATING_SECONDS = 10.0
UPDATING_SECONDS = 10.0


class EndpointActions:
    def __init__(self, sim):
        self.sim = sim
        self._transitions = {}  # endpoint name -> (status while transitioning, origin epoch, seconds)

    def _overlay(self, endpoint):
        if not endpoint.get("DataCaptureConfig"):
            endpoint.pop("DataCaptureConfig", None)  # moto's {} lacks the members botocore requires
        t = self._transitions.get(endpoint.get("EndpointName"))
        if t and endpoint.get("EndpointStatus") == "InService":
            status, origin, seconds = t
            if self.sim.elapsed(origin) < seconds:
                endpoint["EndpointStatus"] = status
            else:
                endpoint["LastModifiedTime"] = self.sim.clock_epoch(origin, seconds)
        return endpoint

    def CreateEndpoint(self, params):
        result = self.sim.moto_call("CreateEndpoint", params)
        self._transitions[params["EndpointName"]] = ("Creating", self.sim.clock.now(), CREATING_SECONDS)
        return result

    def UpdateEndpoint(self, params):
        result = self.sim.moto_call("UpdateEndpoint", params)
        self._transitions[params["EndpointName"]] = ("Updating", self.sim.clock.now(), UPDATING_SECONDS)
        return result

    def DescribeEndpoint(self, params):
        return self._overlay(self.sim.moto_call("DescribeEndpoint", params))

    def DeleteEndpoint(self, params):
        result = self.sim.moto_call("DeleteEndpoint", params)
        self._transitions.pop(params.get("EndpointName"), None)
        return result

    def ListEndpoints(self, params):
        from .paging import page, with_token

        query = {k: val for k, val in params.items() if k not in ("StatusEquals", "MaxResults", "NextToken")}
        endpoints = [self._overlay(e) for e in self.sim.moto_call_all("ListEndpoints", query, "Endpoints")]
        if params.get("StatusEquals"):
            endpoints = [e for e in endpoints if e["EndpointStatus"] == params["StatusEquals"]]
        chunk, token = page(endpoints, params, default_max=10)
        return with_token({"Endpoints": chunk}, token)
