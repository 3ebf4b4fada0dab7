"""The ways authentication refuses, each with the `code` the web app reacts to."""

from carsales.errors import AppError, BadRequest, Conflict, TooManyRequests, Unauthorized


class RecordedRefusal(Exception):
    """A refusal whose traces (a counted failure, an audit event, a revoked session) must be kept.

    Raising the error itself would roll those traces back with the request's transaction, so the
    router answers with the error as a normal response and the transaction commits.
    """

    def __init__(self, error: AppError) -> None:
        super().__init__(error.detail)
        self.error = error


class InvalidCredentials(Unauthorized):
    title = "Sign-in failed"
    code = "invalid_credentials"

    def __init__(self) -> None:
        # One message for an unknown e-mail, a wrong password and a deactivated account, so the
        # answer does not tell which accounts exist.
        super().__init__("The e-mail or password is incorrect.")


class TooManyAttempts(TooManyRequests):
    code = "too_many_attempts"


class InvalidLoginCode(Unauthorized):
    title = "Sign-in failed"
    code = "invalid_code"


class RefreshTokenReused(Unauthorized):
    title = "Session ended"
    code = "refresh_token_reused"


class SessionExpired(Unauthorized):
    title = "Session ended"
    code = "session_expired"


class InvalidToken(BadRequest):
    title = "Link invalid"
    code = "invalid_token"

    def __init__(self) -> None:
        super().__init__("This link is invalid, already used or expired.")


class WrongPassword(BadRequest):
    title = "Wrong password"
    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__("The password is incorrect.")


class InvalidCode(BadRequest):
    title = "Invalid code"
    code = "invalid_code"


class TwoFactorAlreadyEnabled(Conflict):
    title = "Two-factor authentication is already on"
    code = "two_factor_enabled"


class TwoFactorNotStarted(BadRequest):
    title = "Two-factor set-up not started"
    code = "two_factor_not_started"


class EmailTaken(Conflict):
    title = "E-mail already in use"
    code = "email_taken"


class InvalidManager(BadRequest):
    title = "Invalid manager"
    code = "invalid_manager"
