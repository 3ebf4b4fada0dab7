"""TOTP and recovery-code primitives: no database, no HTTP.

The TOTP secret is encrypted (AES-GCM, key derived from the app secret with HKDF) and bound to
its user, so neither a database dump nor a copied column yields a working authenticator.
Recovery codes are stored as HMACs under another derived key: they are short enough to
brute-force offline if stored as plain hashes.
"""

import base64
import hashlib
import hmac
import os
import secrets
from datetime import datetime

import pyotp
import qrcode
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from qrcode.image.svg import SvgPathImage

from carsales.config import Settings

ISSUER = "Car Sales AI Assistant"
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read off paper and typed by hand.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_NONCE_BYTES = 12


def _derive_key(settings: Settings, purpose: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"carsales/" + purpose)
    return hkdf.derive(settings.secret_key.get_secret_value().encode())


def new_secret() -> str:
    return pyotp.random_base32()


def encrypt_secret(settings: Settings, user_id: str, secret: str) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_derive_key(settings, b"totp-secret")).encrypt(
        nonce, secret.encode(), user_id.encode()
    )
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt_secret(settings: Settings, user_id: str, stored: str) -> str:
    raw = base64.urlsafe_b64decode(stored)
    try:
        secret = AESGCM(_derive_key(settings, b"totp-secret")).decrypt(
            raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], user_id.encode()
        )
    except InvalidTag as exc:
        raise RuntimeError(
            "A stored TOTP secret cannot be decrypted: was CARSALES_SECRET_KEY changed?"
        ) from exc
    return secret.decode()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=SvgPathImage)
    svg: str = image.to_string(encoding="unicode")
    return svg


def normalize_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def is_totp_code(code: str) -> bool:
    normalized = normalize_code(code)
    return len(normalized) == 6 and normalized.isdigit()


def matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step `code` belongs to, allowing one step of clock drift either way."""
    totp = pyotp.TOTP(secret)
    normalized = normalize_code(code)
    current = totp.timecode(at)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), normalized):
            return step
    return None


def new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(8))
        codes.append(f"{raw[:4]}-{raw[4:]}")
    return codes


def recovery_code_digest(settings: Settings, code: str) -> str:
    key = _derive_key(settings, b"recovery-code")
    return hmac.new(key, normalize_code(code).encode(), hashlib.sha256).hexdigest()
