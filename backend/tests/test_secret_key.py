"""The signing key: generated once per installation outside production, never a known constant."""

import stat
from pathlib import Path

import jwt
import pytest

from carsales.auth.tokens import ALGORITHM, AUDIENCE, decode_access_token
from carsales.config import DEFAULT_SECRET_KEY, SECRET_KEY_FILE, ConfigurationError, Settings
from carsales.errors import Unauthorized
from carsales.kit.time import utcnow


@pytest.fixture(autouse=True)
def _no_configured_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CARSALES_SECRET_KEY", raising=False)


def _settings(data_dir: Path, **values: str) -> Settings:
    return Settings(data_dir=data_dir, _env_file=None, **values)  # type: ignore[arg-type]


def test_a_key_is_generated_once_kept_private_and_reused(tmp_path: Path) -> None:
    first = _settings(tmp_path, env="development")
    second = _settings(tmp_path, env="development")

    key = first.secret_key.get_secret_value()
    assert key == second.secret_key.get_secret_value()
    assert len(key) >= 32
    assert key != DEFAULT_SECRET_KEY
    assert stat.S_IMODE((tmp_path / SECRET_KEY_FILE).stat().st_mode) == 0o600
    # Another installation gets another key.
    other = _settings(tmp_path / "other", env="development")
    assert other.secret_key.get_secret_value() != key


def test_a_token_signed_with_the_old_published_constant_is_refused(tmp_path: Path) -> None:
    settings = _settings(tmp_path, env="development")
    now = utcnow()
    forged = jwt.encode(
        {
            "sub": "someone",
            "dlr": "any",
            "role": "admin",
            "sid": "x",
            "aud": AUDIENCE,
            "iat": now,
            "exp": now.timestamp() + 600,
        },
        DEFAULT_SECRET_KEY,
        algorithm=ALGORITHM,
    )
    with pytest.raises(Unauthorized):
        decode_access_token(settings, forged)


@pytest.mark.parametrize("key", [None, DEFAULT_SECRET_KEY, "short"])
def test_production_still_requires_an_explicit_strong_key(tmp_path: Path, key: str | None) -> None:
    values = {"secret_key": key} if key is not None else {}
    settings = _settings(tmp_path, env="production", **values)
    with pytest.raises(ConfigurationError):
        settings.check_production_safety()
    assert not (tmp_path / SECRET_KEY_FILE).exists()
