"""botocore's service models, the one source of SageMaker's operations and shapes for the sandbox."""
import functools

import botocore.session


@functools.lru_cache(maxsize=None)
def service_model(service):
    return botocore.session.get_session().get_service_model(service)


def is_operation(service, action):
    return action in service_model(service).operation_names
