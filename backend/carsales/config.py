"""One typed settings object. Code reads configuration only through `get_settings()`."""

import os
import secrets
from functools import lru_cache
from ipaddress import ip_address
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, PrivateAttr, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The constant the key used to default to: published in the code, so refused in production.
DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - refused in production
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret
REPO_ROOT = Path(__file__).resolve().parents[2]


class ConfigurationError(RuntimeError):
    """The settings cannot run in the chosen environment."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CARSALES_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="Signs tokens and derives encryption keys. Required in production; "
        "elsewhere generated on first start and kept in data_dir/secret_key (mode 0600).",
    )

    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = Field(
        default="",
        description="Base URL users reach the app at, used in e-mailed links. "
        "Defaults to the address `carsales serve` serves (http://HOST:PORT; localhost for a "
        "wildcard host).",
    )
    # Whether public_url was derived rather than set: `carsales serve` then derives it again
    # from the port it really serves (PORT=18800 make run).
    _public_url_derived: bool = PrivateAttr(default=False)

    data_dir: Path = REPO_ROOT / "data"
    database_url: str = Field(default="", description="Defaults to SQLite under data_dir.")
    redis_url: str | None = None
    storage_dir: Path | None = None
    model_dir: Path | None = Field(
        default=None, description="AI model cache (`make models`). Defaults to data_dir/models."
    )
    model_idle_unload_s: float = Field(
        default=0,
        ge=0,
        description="Free a loaded model unused for this many seconds (0: keep it loaded).",
    )
    frontend_dir: Path = REPO_ROOT / "frontend" / "out"
    s3_bucket: str | None = Field(
        default=None, description="Store files in this S3 bucket instead of storage_dir."
    )
    s3_endpoint_url: str | None = Field(
        default=None, description="For S3-compatible servers (MinIO, SeaweedFS, Ceph...)."
    )
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None

    job_lease_seconds: int = Field(
        default=60, description="How long a worker holds a job without renewing its lease."
    )
    job_max_attempts: int = 5
    job_time_limit_seconds: int = 3600
    job_retention_days: int = Field(
        default=30,
        ge=0,
        description="Finished image jobs and their files are deleted this many days after they "
        "end; 0 keeps them forever.",
    )
    embedded_worker_threads: int = Field(
        default=1, description="Job threads inside the app process when no Redis is set."
    )
    upload_max_file_bytes: int = 40 * 1024 * 1024
    upload_max_files: int = 100
    upload_max_total_bytes: int = 1024 * 1024 * 1024
    upload_max_pixels: int = Field(
        default=50_000_000,
        gt=0,
        description="Largest photo, in pixels, accepted for processing (a 48 MP phone photo "
        "passes); judged from the header at upload, before anything is decoded.",
    )
    training_upload_max_bytes: int = Field(
        default=100 * 1024 * 1024, description="Largest practice recording accepted for upload."
    )
    # Work a dealership may have queued or running at once (docs/operations.md "Quotas"): past
    # it, new work is refused with 429 and Retry-After, so one dealership cannot fill the
    # workers for everyone. 0 turns a quota off.
    quota_photos_in_flight: int = Field(
        default=300, ge=0, description="Photos per dealership waiting or being processed."
    )
    quota_audio_minutes_in_flight: float = Field(
        default=180,
        ge=0,
        description="Minutes of practice recordings per dealership waiting for or in analysis.",
    )
    quota_retry_after_seconds: int = Field(
        default=60, ge=1, description="Retry-After sent with a refusal over a quota."
    )
    # Coaching targets (docs/training-measures.md): the pace band scores 100, the flag limits
    # are where live and final feedback call the pace out.
    training_pace_low_wpm: float = Field(default=140, gt=0)
    training_pace_high_wpm: float = Field(default=160, gt=0)
    training_pace_flag_low_wpm: float = Field(default=110, gt=0)
    training_pace_flag_high_wpm: float = Field(default=175, gt=0)
    training_monologue_limit_s: float = Field(
        default=90, gt=0, description="Talking this long without a question is flagged."
    )
    training_live_filler_limit: int = Field(
        default=3, ge=1, description="Fillers in the last minute that prompt a live nudge."
    )
    training_idle_minutes: float = Field(
        default=10,
        gt=0,
        description="A live session without audio for this long is ended as if stopped, its "
        "recording kept and analysed.",
    )
    training_live_workers: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Live transcriptions run at once, each on one core: about the cores to spare.",
    )

    # Content copy comes from the offline composer unless an OpenAI-compatible server is set
    # (docs/content-llm.md); its output is fact-checked and it falls back to the composer. The
    # same server judges training answers too, each verdict held to a quote of the transcript
    # (docs/training-judge.md), falling back to the embedding judge.
    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible API base, e.g. http://localhost:8080/v1 (llama.cpp), "
        "http://localhost:11434/v1 (Ollama), https://api.openai.com/v1.",
    )
    llm_model: str | None = Field(
        default=None, description="Model name sent to the server (llama.cpp ignores it)."
    )
    llm_api_key: SecretStr | None = Field(
        default=None, description="Sent as a Bearer token when set."
    )
    llm_timeout_s: float = Field(
        default=30,
        gt=0,
        description="Longest one call may take, whole stream included (a variant of copy, the "
        "judge's verdict on one rubric item), before the offline engine takes over.",
    )

    access_token_minutes: int = 15
    session_idle_minutes: int = 60
    session_absolute_hours: int = 12
    behind_tls: bool = Field(
        default=False, description="Served over HTTPS: Secure cookies and HSTS."
    )

    login_max_failures_per_account: int = 5
    login_max_failures_per_ip: int = 20
    login_failure_window_seconds: int = 900

    # Requests per client address (and per account or user where named) in one window, on the
    # public and costly routes (docs/operations.md "Rate limits"); 0 turns a limit off. Counted
    # in Redis when it is set, so that every process shares them; in this process otherwise.
    rate_limit_window_seconds: int = Field(default=60, ge=1)
    rate_limit_forgot_per_ip: int = Field(default=10, ge=0)
    rate_limit_forgot_per_email: int = Field(default=3, ge=0)
    rate_limit_reset_per_ip: int = Field(default=10, ge=0)
    rate_limit_refresh_per_ip: int = Field(default=60, ge=0)
    rate_limit_invitation_preview_per_ip: int = Field(default=30, ge=0)
    rate_limit_session_create_per_user: int = Field(default=30, ge=0)
    rate_limit_session_create_per_ip: int = Field(default=120, ge=0)
    # A manager trying answers on a scenario (POST /scenarios/{id}/try): each runs the judge.
    rate_limit_scenario_try_per_user: int = Field(default=30, ge=0)

    password_reset_minutes: int = 60
    invitation_hours: int = 72

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_tls: bool = False
    mail_from: str = "Car Sales AI Assistant <no-reply@localhost>"

    digest_weekday: int = Field(
        default=0, ge=0, le=6, description="Day (0 Monday .. 6 Sunday) of the managers' digest."
    )
    digest_hour_utc: int = Field(
        default=7, ge=0, le=23, description="Hour (UTC) from which that day's digest goes out."
    )
    scheduler_interval_s: float = Field(
        default=60, gt=0, description="How often each process looks for scheduled work that is due."
    )

    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token /metrics requires; unset, only scrapes from this host "
        "(loopback, not through a proxy) are answered.",
    )

    cors_origins: list[str] = []
    max_request_bytes: int = 1_048_576
    trust_forwarded_headers: bool = False

    log_level: str = "INFO"
    log_json: bool = True

    # OpenTelemetry tracing (carsales/tracing.py, docs/operations.md "Tracing"): off unless set.
    tracing_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP traces URL of a collector, e.g. "
        "http://otel-collector:4318/v1/traces; unset, nothing is traced.",
    )
    tracing_sample_ratio: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="Share of traces kept; a trace a caller started (traceparent) keeps its "
        "caller's decision.",
    )

    @model_validator(mode="after")
    def _check_pace_band(self) -> "Settings":
        pace = (
            self.training_pace_flag_low_wpm,
            self.training_pace_low_wpm,
            self.training_pace_high_wpm,
            self.training_pace_flag_high_wpm,
        )
        if list(pace) != sorted(pace) or pace[1] == pace[2]:
            raise ValueError(
                "training pace settings must satisfy flag_low <= low < high <= flag_high"
            )
        return self

    @model_validator(mode="after")
    def _fill_derived(self) -> "Settings":
        if not self.secret_key.get_secret_value() and not self.is_production:
            self.secret_key = SecretStr(load_or_create_secret_key(self.data_dir))
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'carsales.db'}"
        if self.storage_dir is None:
            self.storage_dir = self.data_dir / "storage"
        if self.model_dir is None:
            self.model_dir = self.data_dir / "models"
        if not self.public_url:
            self._public_url_derived = True
            self.public_url = local_url(self.host, self.port)
        self.public_url = self.public_url.rstrip("/")
        return self

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def public_url_derived(self) -> bool:
        return self._public_url_derived

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def check_production_safety(self) -> None:
        """Refuse to run a production deployment with values only fit for a demo."""
        if not self.is_production:
            return
        secret = self.secret_key.get_secret_value()
        if secret == DEFAULT_SECRET_KEY or len(secret) < 32:
            raise ConfigurationError(
                "CARSALES_SECRET_KEY must be set to a random value of at least 32 characters in "
                "production, for example the output of: "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )


WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})  # noqa: S104 - names, not a bind


def local_url(host: str, port: int) -> str:
    """The URL of this machine's server on `host`:`port`; a wildcard bind is reached at
    localhost (nobody can open http://0.0.0.0 from another machine)."""
    shown = "localhost" if host in WILDCARD_HOSTS else host
    if ":" in shown:
        shown = f"[{shown}]"  # an IPv6 address
    return f"http://{shown}:{port}"


def public_url_warnings(settings: Settings, served_port: int) -> list[str]:
    """Why the links the app e-mails (invitations, password resets) may not open for the people
    who receive them; one sentence each, empty when nothing looks wrong."""
    if settings.public_url_derived:
        if settings.is_production:
            return [
                f"CARSALES_PUBLIC_URL is not set: e-mailed links point at {settings.public_url}. "
                "Set it to the address people open the app at."
            ]
        return []
    parts = urlsplit(settings.public_url)
    warnings: list[str] = []
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            f"CARSALES_PUBLIC_URL={settings.public_url!r} is not an http(s) URL: e-mailed "
            "links will not open."
        ]
    if parts.hostname in WILDCARD_HOSTS:
        warnings.append(
            f"CARSALES_PUBLIC_URL={settings.public_url!r} names a wildcard address that no "
            "browser can open."
        )
    if _is_loopback(parts.hostname):
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if port != served_port:
            warnings.append(
                f"CARSALES_PUBLIC_URL={settings.public_url!r} points at port {port} of this "
                f"machine, but the app serves port {served_port}."
            )
        if settings.is_production:
            warnings.append(
                f"CARSALES_PUBLIC_URL={settings.public_url!r} is a local address: people "
                "receiving e-mailed links cannot open it."
            )
    if settings.is_production and parts.scheme == "http":
        warnings.append(
            f"CARSALES_PUBLIC_URL={settings.public_url!r} uses http: links will open unencrypted."
        )
    return warnings


def _is_loopback(hostname: str) -> bool:
    if hostname == "localhost":
        return True
    try:
        return ip_address(hostname).is_loopback
    except ValueError:
        return False


def load_or_create_secret_key(data_dir: Path) -> str:
    """The key kept in `data_dir`, made on first use, so that no installation signs with a
    key printed in the code (as Django's, Rails' and GitLab's installers do).

    Written to a temporary file and linked into place: two processes starting at once both
    end up with the first key, and nobody reads a half-written file.
    """
    path = data_dir / SECRET_KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        draft = data_dir / f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process won the race; its key is the one
        finally:
            draft.unlink()
    return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
