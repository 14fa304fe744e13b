"""Fixtures for API tests that approve through Slack: the Slack stub (``slack``) and the app
with a worker whose approvals go to it, on the dev server (``slack_api``) or on the shared
time-skipping server (``slack_api_in_virtual_time``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.stubs.slack_stub import SlackStub
from tests.support.slack import slack_stack, slack_stub


@pytest.fixture
def slack() -> Iterator[SlackStub]:
    with slack_stub() as stub:
        yield stub


@pytest.fixture
async def slack_api(dev_server_env, engine, settings, owner_conninfo, org_a, slack):
    async with slack_stack(dev_server_env, engine, settings, owner_conninfo, slack) as client:
        yield client


@pytest.fixture
async def slack_api_in_virtual_time(
    time_skipping_env, engine, settings, owner_conninfo, org_a, slack
):
    async with slack_stack(time_skipping_env, engine, settings, owner_conninfo, slack) as client:
        yield client
