"""Error types: hierarchy, status mapping, operator messages, text cleaning."""

from __future__ import annotations

import pickle
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handinger_tui.api import errors


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.ValidationError),
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (503, errors.ServerError),
        (599, errors.ServerError),
        (302, errors.UnexpectedStatusError),
        (408, errors.UnexpectedStatusError),
        (418, errors.UnexpectedStatusError),
    ],
)
def test_status_mapping(status: int, cls: type[errors.APIStatusError]) -> None:
    assert errors.error_class_for_status(status) is cls


def test_hierarchy() -> None:
    assert issubclass(errors.BadRequestError, errors.InvalidRequestError)
    assert issubclass(errors.ValidationError, errors.InvalidRequestError)
    assert issubclass(errors.InvalidRequestError, errors.APIStatusError)
    for cls in (errors.RateLimitError, errors.ServerError, errors.NotFoundError):
        assert issubclass(cls, errors.APIStatusError)
    assert issubclass(errors.ConnectionFailedError, errors.NetworkError)
    assert issubclass(errors.RequestTimeoutError, errors.NetworkError)
    assert not issubclass(errors.RequestTimeoutError, errors.ConnectionFailedError)
    assert issubclass(errors.ResponseFormatError, errors.APIError)
    assert issubclass(errors.APIError, errors.HandingerError)
    assert issubclass(errors.ConfigurationError, errors.HandingerError)
    assert not issubclass(errors.ConfigurationError, errors.APIError)


def _err(cls: type[errors.APIError] = errors.AuthenticationError, **kw: object) -> errors.APIError:
    args: dict[str, object] = {
        "operation": "list schedules of worker t_org_1_w_X",
        "request_label": "GET /api/workers/t_org_1_w_X/schedules",
        "reason": "the server said 'Invalid API key' (401)",
        "status_code": 401,
        "server_message": "Invalid API key",
    }
    args.update(kw)
    return cls(**args)  # type: ignore[arg-type]


def test_message_reads_like_an_operator_sentence() -> None:
    err = _err()
    assert str(err) == (
        "Could not list schedules of worker t_org_1_w_X: the server said "
        "'Invalid API key' (401). Check HANDINGER_API_KEY."
    )
    assert err.message == str(err)
    assert err.request_label == "GET /api/workers/t_org_1_w_X/schedules"
    assert err.status_code == 401 and err.server_message == "Invalid API key"


def test_message_mentions_attempts_and_unknown_outcome() -> None:
    err = _err(errors.ServerError, attempts=3, outcome_unknown=True, status_code=503)
    text = str(err)
    assert "(Tried 3 times.)" in text
    assert "The outcome is unknown: check before sending again." in text
    assert text.endswith("try again later.")


def test_explicit_hint_replaces_the_default() -> None:
    assert str(_err(hint="Do X.")).endswith("Do X.")
    assert str(_err(hint="")).endswith("(401).")


def test_repr_is_short_and_structured() -> None:
    text = repr(_err())
    assert text.startswith("AuthenticationError(request_label='GET /api/workers/")
    assert "status_code=401" in text


def test_errors_pickle() -> None:
    err = _err(errors.RateLimitError, retry_after=2.5, status_code=429)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is errors.RateLimitError
    assert str(back) == str(err) and back.retry_after == 2.5


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Invalid API key", "Invalid API key"),
        ("bad\x1b[31mred\x1b[0m", "bad[31mred[0m"),
        ("line one\nline two\r\n\tend", "line one line two end"),
        ("nul\x00 and c1\x9b and del\x7f", "nul and c1 and del"),
        ("abc\u202edcba\u2066x\u200b", "abcdcbax"),
        ("  many   spaces  ", "many spaces"),
        ("", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert errors.clean_text(raw) == clean


def test_clean_text_cuts_long_messages() -> None:
    out = errors.clean_text("x" * 5000)
    assert len(out) == errors.MAX_SERVER_MESSAGE and out.endswith("…")
    assert errors.clean_text("abcdef", 4) == "abc…"


@given(st.text(), st.integers(min_value=1, max_value=400))
def test_clean_text_properties(text: str, limit: int) -> None:
    out = errors.clean_text(text, limit)
    assert len(out) <= limit
    assert not any(unicodedata.category(ch) == "Cc" for ch in out)
    assert out == out.strip()


def test_format_error_carries_what_and_where_cleaned_and_cut() -> None:
    err = errors.ResponseFormatError(
        operation="load worker w1",
        request_label="GET /api/workers/w1",
        reason="the server's answer did not have the expected shape",
        status_code=200,
        problem="usage.credits\x1b]0;owned\x07: Input should be a valid integer " + "y" * 900,
        field="metadata.\x1b[2J\u202ekey" + ".deep" * 100,
    )
    assert err.problem.startswith("usage.credits]0;owned: Input should be a valid integer")
    assert len(err.problem) == errors.MAX_PROBLEM and err.problem.endswith("…")
    assert err.field is not None and err.field.startswith("metadata.[2Jkey.deep")
    assert len(err.field) == errors.MAX_FIELD
    assert not any(unicodedata.category(ch) == "Cc" for ch in err.problem + err.field)
    back = pickle.loads(pickle.dumps(err))
    assert (back.problem, back.field, back.status_code) == (err.problem, err.field, 200)
    whole = errors.ResponseFormatError(operation="o", request_label="GET /x", reason="r")
    assert whole.field is None and whole.problem == ""


@pytest.mark.parametrize("status", [413, 414, 415, 431])
def test_size_and_format_statuses_do_not_blame_the_base_url(status: int) -> None:
    hint = errors.hint_for_status(status)
    assert hint is not None and "HANDINGER_BASE_URL" not in hint
