"""Authentication endpoints: /api/v1/auth (public unless marked) and one's own password under
/api/v1/users. Invitations are users/invitation_router.py's."""

from typing import Annotated, TypeVar

from fastapi import APIRouter, Cookie, Depends, Request, Response, status
from fastapi.responses import JSONResponse

from carsales.auth import password_service, ratelimit, service, two_factor_service
from carsales.auth.context import AuthContext, Context
from carsales.auth.dependencies import CurrentClaims, CurrentUser
from carsales.auth.errors import RecordedRefusal
from carsales.auth.schemas import (
    AuthenticatedOut,
    ChangePasswordIn,
    ForgotPasswordIn,
    LoginIn,
    LoginOut,
    RecoveryCodesOut,
    ResetPasswordIn,
    SessionOut,
    TwoFactorConfirmIn,
    TwoFactorDisableIn,
    TwoFactorLoginIn,
    TwoFactorRequiredOut,
    TwoFactorSetupOut,
    UserOut,
)
from carsales.errors import problem
from carsales.kit.time import utcnow

AUTH_PREFIX = "/api/v1/auth"
REFRESH_COOKIE = "carsales_refresh"

auth = APIRouter(prefix=AUTH_PREFIX, tags=["auth"])
account = APIRouter(prefix="/api/v1/users", tags=["users"])

SessionT = TypeVar("SessionT", bound=SessionOut)
RefreshCookie = Annotated[str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False)]


def _refusal(request: Request, refusal: RecordedRefusal) -> JSONResponse:
    error = refusal.error
    return problem(
        request,
        error.status_code,
        error.title,
        error.detail,
        error.code,
        error.headers(),
        **error.extra,
    )


def signed_in(
    ctx: AuthContext, response: Response, issued: service.IssuedSession, body: type[SessionT]
) -> SessionT:
    """The body carrying a new access token; the refresh token goes into the cookie."""
    # The cookie lives as long as the session can, while the idle limit is enforced server-side.
    max_age = max(0, round((issued.ends_at - utcnow()).total_seconds()))
    response.set_cookie(
        REFRESH_COOKIE,
        issued.refresh_token,
        max_age=max_age,
        path=AUTH_PREFIX,
        secure=ctx.settings.behind_tls,
        httponly=True,
        samesite="strict",
    )
    return body(
        access_token=issued.access_token,
        expires_in=issued.expires_in,
        user=UserOut.from_user(issued.user),
    )


@auth.post("/login", response_model=LoginOut)
async def login(
    body: LoginIn, ctx: Context, request: Request, response: Response
) -> AuthenticatedOut | TwoFactorRequiredOut | JSONResponse:
    """Sign in with e-mail and password. With two-factor on, the answer is a challenge to send
    with a code to /login/two-factor. Repeated failures answer 429 for a while."""
    try:
        outcome = await service.login(ctx, body.email, body.password)
    except RecordedRefusal as refusal:
        return _refusal(request, refusal)
    if isinstance(outcome, service.TwoFactorRequired):
        return TwoFactorRequiredOut(challenge_token=outcome.challenge_token)
    return signed_in(ctx, response, outcome, AuthenticatedOut)


@auth.post("/login/two-factor", response_model=AuthenticatedOut)
async def login_two_factor(
    body: TwoFactorLoginIn, ctx: Context, request: Request, response: Response
) -> AuthenticatedOut | JSONResponse:
    try:
        issued = await service.login_two_factor(ctx, body.challenge_token, body.code)
    except RecordedRefusal as refusal:
        return _refusal(request, refusal)
    return signed_in(ctx, response, issued, AuthenticatedOut)


@auth.post(
    "/refresh", response_model=SessionOut, dependencies=[Depends(ratelimit.per_ip("refresh"))]
)
async def refresh(
    ctx: Context, request: Request, response: Response, refresh_token: RefreshCookie = None
) -> SessionOut | JSONResponse:
    """A new access token for the session in the refresh cookie, which is replaced too."""
    try:
        issued = await service.refresh(ctx, refresh_token)
    except RecordedRefusal as refusal:
        return _refusal(request, refusal)
    return signed_in(ctx, response, issued, SessionOut)


@auth.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(ctx: Context, response: Response, refresh_token: RefreshCookie = None) -> None:
    """End the session in the refresh cookie; public, so it works once the access token expired."""
    await service.logout(ctx, refresh_token)
    response.delete_cookie(
        REFRESH_COOKIE,
        path=AUTH_PREFIX,
        secure=ctx.settings.behind_tls,
        httponly=True,
        samesite="strict",
    )


@auth.post(
    "/password/forgot",
    status_code=status.HTTP_202_ACCEPTED,
    response_class=Response,  # an empty body, documented as such
    dependencies=[Depends(ratelimit.per_ip("forgot"))],
)
async def forgot_password(body: ForgotPasswordIn, ctx: Context, request: Request) -> Response:
    """E-mail a reset link; always 202, whether or not the address has an account."""
    # Per address too (known or not, alike): caps the mail anyone can make one inbox receive.
    await ratelimit.check(request, "forgot", "email", service.normalize_email(body.email))
    await password_service.request_reset(ctx, body.email)
    return Response(status_code=status.HTTP_202_ACCEPTED)


@auth.post(
    "/password/reset",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(ratelimit.per_ip("reset"))],
)
async def reset_password(body: ResetPasswordIn, ctx: Context) -> None:
    await password_service.reset_password(ctx, body.token, body.password)


@auth.post("/two-factor/setup", response_model=TwoFactorSetupOut)
async def two_factor_setup(user: CurrentUser, ctx: Context) -> TwoFactorSetupOut:
    """Start setting up TOTP; it is on once /two-factor/confirm accepts a code."""
    return TwoFactorSetupOut.model_validate(await two_factor_service.setup(ctx, user))


@auth.post("/two-factor/confirm", response_model=RecoveryCodesOut)
async def two_factor_confirm(
    body: TwoFactorConfirmIn, user: CurrentUser, ctx: Context
) -> RecoveryCodesOut:
    return RecoveryCodesOut(recovery_codes=await two_factor_service.confirm(ctx, user, body.code))


@auth.post("/two-factor/disable", status_code=status.HTTP_204_NO_CONTENT)
async def two_factor_disable(body: TwoFactorDisableIn, user: CurrentUser, ctx: Context) -> None:
    await two_factor_service.disable(ctx, user, body.password)


@account.post("/me/password", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(
    body: ChangePasswordIn, user: CurrentUser, claims: CurrentClaims, ctx: Context
) -> None:
    await password_service.change_password(
        ctx, user, claims.session_id, body.current_password, body.new_password
    )


# Included after the routes exist: a router copies its sub-routers' routes when including them.
router = APIRouter()
router.include_router(auth)
router.include_router(account)
