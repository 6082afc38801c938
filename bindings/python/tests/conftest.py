import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from js_client import JsClient  # noqa: E402


@pytest.fixture(scope="session")
def js():
    client = JsClient()
    yield client
    client.close()
