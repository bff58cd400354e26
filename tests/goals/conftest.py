import pytest
import time_machine

from tests.goals.factories import NOW


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield
