"""The Bot Framework's signing keys as Microsoft rolls them: a token signed with a key we have
not seen makes the verifier fetch the keys again, at most once per refetch interval, so a
rolled key is accepted after at most that long and a flood of unknown ``kid``s cannot turn
into a flood of metadata fetches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from integrations.teams_bot import REFETCH_AFTER_SECONDS, BotFrameworkKeys, BotTokenRejected
from tests.stubs.bot_framework_stub import BotFrameworkStub

APP_ID = "6f1c2b7e-5a3d-4c8e-9b10-2d3e4f5a6b7c"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def bot() -> Iterator[BotFrameworkStub]:
    with BotFrameworkStub({APP_ID: "secret"}, {}) as stub:
        yield stub


def key_fetches(bot: BotFrameworkStub) -> int:
    return len(bot.recorded(lambda r: r.path == "/v1/.well-known/keys"))


async def verify(keys: BotFrameworkKeys, bot: BotFrameworkStub) -> None:
    await keys.verify(bot.token(APP_ID), app_id=APP_ID, service_url=bot.service_url)


async def test_a_rolled_key_is_fetched_once_the_refetch_interval_has_passed(bot):
    clock = Clock()
    keys = BotFrameworkKeys(bot.metadata_url, clock=clock)
    await verify(keys, bot)
    await verify(keys, bot)
    assert key_fetches(bot) == 1, "known keys are cached"

    bot.rotate()
    clock.now += 10
    # Within the interval an unknown kid is refused without asking again, however often.
    for _ in range(5):
        with pytest.raises(BotTokenRejected, match="unknown key"):
            await verify(keys, bot)
    assert key_fetches(bot) == 1

    clock.now += REFETCH_AFTER_SECONDS
    await verify(keys, bot)  # the new key, fetched once
    await verify(keys, bot)
    assert key_fetches(bot) == 2


async def test_a_token_of_the_old_key_is_refused_after_the_roll(bot):
    clock = Clock()
    keys = BotFrameworkKeys(bot.metadata_url, clock=clock)
    old_token = bot.token(APP_ID)
    await keys.verify(old_token, app_id=APP_ID, service_url=bot.service_url)

    bot.rotate()
    clock.now += REFETCH_AFTER_SECONDS + 1
    await verify(keys, bot)  # fetches the rolled keys, which no longer hold the old one
    with pytest.raises(BotTokenRejected, match="unknown key"):
        await keys.verify(old_token, app_id=APP_ID, service_url=bot.service_url)
    assert key_fetches(bot) == 2
