"""SLACK_API_BASE_URL points every Slack call of the product — the API's connection check and
the worker's approval messages — at one Slack, so a local Slack stand-in can be used in
development. Wired from settings only, as `auditoryx dev` wires it."""

from __future__ import annotations

import contextlib
import uuid

import pytest

from core.config import ConfigurationError, load_settings
from core.crypto import SecretBox
from tests.support.approvals import member_key, pending_booking
from tests.support.slack import MARA, connect_slack, slack_stub
from worker import build_channels, build_worker


async def test_the_api_and_the_worker_talk_to_the_configured_slack(
    time_skipping_env, engine, settings, app_factory, org_a
):
    with slack_stub() as slack:
        local = settings.model_copy(
            update={
                "slack_api_base_url": slack.api_url,
                "temporal_task_queue": f"slack-url-{uuid.uuid4().hex[:8]}",
            }
        )
        api = await app_factory(
            temporal_client=time_skipping_env.client,
            slack_api_base_url=local.slack_api_base_url,
            temporal_task_queue=local.temporal_task_queue,
        )
        worker = build_worker(
            time_skipping_env.client,
            engine,
            task_queue=local.temporal_task_queue,
            identity="slack-url",
            channels=build_channels(engine, local, SecretBox.from_settings(local)),
            settings=local,
        )
        async with worker:
            await connect_slack(api, org_a)
            assert slack.calls("auth.test"), "the connection check did not reach the stub"
            await member_key(api, org_a, MARA, "manager")
            _booking, request_id = await pending_booking(api, org_a)
            [message] = await slack.wait_for_calls("chat.postMessage")
            assert message.body["channel"] == "U0MARA"
            with contextlib.suppress(Exception):
                await time_skipping_env.client.get_workflow_handle(
                    f"{org_a.id}:approval:{request_id}"
                ).terminate("test over")


@pytest.mark.parametrize("url", ["ftp://slack.example/api/", "slack.example/api", ""])
def test_a_slack_base_url_that_is_not_http_is_refused_naming_the_variable(url):
    with pytest.raises(ConfigurationError, match="SLACK_API_BASE_URL"):
        load_settings(environment="test", slack_api_base_url=url)


def test_the_slack_base_url_gets_the_slash_slack_sdk_needs():
    settings = load_settings(environment="test", slack_api_base_url="http://127.0.0.1:9000/api")
    assert settings.slack_api_base_url == "http://127.0.0.1:9000/api/"
