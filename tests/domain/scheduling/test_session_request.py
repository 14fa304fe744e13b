"""A session request names who (a creator or skills) and when (a start or a window), even
when the caller leaves the field out entirely."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain.scheduling.requests import SessionRequest

START = "2031-03-03T10:00:00Z"
WINDOW = {"window_start": "2031-03-03T09:00:00Z", "window_end": "2031-03-07T18:00:00Z"}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"duration_minutes": 60, "start": START}, "skills", "needs skills"),
        ({"duration_minutes": 60, "skills": [{"skill": "mixing"}]}, "window_end", "needs window"),
        (
            {
                "duration_minutes": 60,
                "start": START,
                "creator_id": "cre_" + "0" * 26,
                "skills": [{"skill": "x"}],
            },
            "skills",
            "not both",
        ),
    ],
)
def test_who_and_when_are_required(body: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SessionRequest.model_validate(body)
    [error] = caught.value.errors()
    assert error["loc"] == (field,)
    assert message in error["msg"]


def test_an_open_request_with_a_window_is_accepted() -> None:
    request = SessionRequest.model_validate(
        {"duration_minutes": 90, "skills": [{"skill": "mixing", "min_level": 3}], **WINDOW}
    )
    assert request.creator_id is None and request.start is None
