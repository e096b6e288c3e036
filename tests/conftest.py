"""Fixtures shared by every test layer (core/, app/, browser/)."""

import pytest

from tests.helpers import open_app, tiny_scenario


@pytest.fixture
def tiny():
    """The tiny-scenario builder: `tiny(horizon=2027, tenants=[...])` -> a validated Scenario."""
    return tiny_scenario


@pytest.fixture
def app():
    """The AppTest helper: `app("optimise", lang="zh", scenario=s)`."""
    return open_app
