from starlette.requests import HTTPConnection


def client_ip(connection: HTTPConnection, trust_forwarded: bool) -> str:
    """The caller's address; X-Forwarded-For only counts behind a trusted reverse proxy."""
    if trust_forwarded:
        forwarded = connection.headers.get("x-forwarded-for", "")
        first = forwarded.split(",", 1)[0].strip()
        if first:
            return first[:64]
    return connection.client.host if connection.client else "unknown"


def user_agent(connection: HTTPConnection) -> str:
    return connection.headers.get("user-agent", "")[:400]
