"""A streaming client for OpenAI-compatible chat-completions servers (vLLM, llama.cpp's server,
Ollama, hosted APIs), shared by content's copywriter and training's judge (CARSALES_LLM_*).
httpx only, no web framework; `configured_client` is the one place that reads the settings.

Every failure (HTTP status, refused connection, malformed stream, time limit) is one
`ProviderError`, because each caller's answer to each is the same: fall back to its offline
engine (content's composer, the embedding judge).
"""

import asyncio
import json
from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import aclosing
from typing import TYPE_CHECKING, Any, Literal, TypedDict

import httpx
from pydantic import SecretStr

if TYPE_CHECKING:
    from carsales.config import Settings

_ERROR_BODY_CHARS = 300


class ProviderError(RuntimeError):
    """The provider did not produce a complete answer. `detail` says why without the server's
    address (fit for the user); the message adds the address (for the logs)."""

    def __init__(self, url: str, detail: str, *, status: int | None = None) -> None:
        super().__init__(f"{url}: {detail}")
        self.detail = detail
        self.status = status


class ChatMessage(TypedDict):
    role: Literal["system", "user", "assistant"]
    content: str


class OpenAICompatClient:
    """One server and model. `timeout_s` bounds a whole call, stream included: a server that
    trickles tokens cannot hold a request open past it."""

    def __init__(
        self,
        base_url: str,
        model: str | None = None,
        api_key: SecretStr | str | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._api_key = SecretStr(api_key) if isinstance(api_key, str) else api_key
        self.timeout_s = timeout_s

    def __repr__(self) -> str:  # never the key
        return f"OpenAICompatClient({self.base_url!r}, model={self.model!r})"

    @property
    def url(self) -> str:
        return f"{self.base_url}/chat/completions"

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "text/event-stream"}
        if self._api_key is not None and self._api_key.get_secret_value():
            headers["Authorization"] = f"Bearer {self._api_key.get_secret_value()}"
        return headers

    def _payload(
        self,
        messages: Sequence[ChatMessage],
        max_tokens: int,
        temperature: float,
        response_format: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "messages": list(messages),
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        if response_format is not None:
            payload["response_format"] = dict(response_format)
        # llama.cpp serves whatever it loaded; Ollama and hosted APIs need the name.
        if self.model:
            payload["model"] = self.model
        return payload

    async def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 400,
        temperature: float = 0.7,
        response_format: Mapping[str, Any] | None = None,
    ) -> AsyncGenerator[str, None]:
        """The answer's text, piece by piece as the server writes it. A caller that may stop
        early wraps it in `contextlib.aclosing`, so the connection closes at once.
        `response_format` is sent as given (`{"type": "json_object"}` asks for JSON)."""
        deadline = asyncio.get_running_loop().time() + self.timeout_s
        try:
            # The deadline bounds every await below (connect, headers, each line), so a slow
            # start and a trickle end the same way; httpx's own limit is only a backstop.
            backstop = httpx.Timeout(self.timeout_s + 5)
            async with httpx.AsyncClient(timeout=backstop) as http:
                request = http.build_request(
                    "POST",
                    self.url,
                    json=self._payload(messages, max_tokens, temperature, response_format),
                    headers=self._headers(),
                )
                async with asyncio.timeout_at(deadline):
                    response = await http.send(request, stream=True)
                try:
                    if response.status_code >= 400:
                        async with asyncio.timeout_at(deadline):
                            body = (await response.aread()).decode("utf-8", "replace")
                        raise ProviderError(
                            self.url,
                            f"answered {response.status_code}: {body.strip()[:_ERROR_BODY_CHARS]}",
                            status=response.status_code,
                        )
                    lines = response.aiter_lines()
                    finished = seen = False
                    while True:
                        # Only the awaits sit under the deadline, never a `yield`: the caller's
                        # own code between pieces must not be cancelled by our clock.
                        async with asyncio.timeout_at(deadline):
                            line = await anext(lines, None)
                        if line is None:
                            # A cut connection is not an answer; a stream that said why it
                            # stopped but left out [DONE] (some servers do) is.
                            if finished:
                                return
                            if not seen:
                                kind = response.headers.get("content-type", "no content type")
                                raise ProviderError(self.url, f"not an event stream ({kind})")
                            raise ProviderError(self.url, "the stream ended without [DONE]")
                        event = _parse_event(self.url, line)
                        if event is None:
                            continue
                        seen = True
                        if isinstance(event, _Done):
                            return
                        text, finished = event
                        if text:
                            yield text
                finally:
                    await response.aclose()
        except TimeoutError as exc:
            raise ProviderError(self.url, f"no complete answer in {self.timeout_s:g} s") from exc
        except httpx.TimeoutException as exc:
            raise ProviderError(self.url, f"timed out ({type(exc).__name__})") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise ProviderError(self.url, f"{type(exc).__name__}: {exc}") from exc

    async def chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 400,
        temperature: float = 0.7,
        response_format: Mapping[str, Any] | None = None,
    ) -> str:
        """The whole answer at once (the same streamed call, joined)."""
        stream = self.stream_chat(
            messages,
            max_tokens=max_tokens,
            temperature=temperature,
            response_format=response_format,
        )
        async with aclosing(stream):
            return "".join([piece async for piece in stream])


def configured_client(settings: "Settings") -> OpenAICompatClient | None:
    """The provider of CARSALES_LLM_*, or None when none is set (the offline engines work)."""
    if not settings.llm_base_url:
        return None
    return OpenAICompatClient(
        settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s
    )


class _Done:
    """The `data: [DONE]` event."""


def _parse_event(url: str, line: str) -> tuple[str, bool] | _Done | None:
    """A server-sent event line: (the delta's text, whether the choice finished), `_Done`, or
    None for a line to skip (blank separators, comments, keep-alives)."""
    if not line.startswith("data:"):
        return None
    data = line[len("data:") :].strip()
    if data == "[DONE]":
        return _Done()
    shown = data[:_ERROR_BODY_CHARS]
    try:
        event = json.loads(data)
    except json.JSONDecodeError as exc:
        raise ProviderError(url, f"malformed stream event: {shown}") from exc
    if not isinstance(event, dict):
        raise ProviderError(url, f"malformed stream event: {shown}")
    if "error" in event:
        # Some servers report a failure in the middle of a stream as an event.
        raise ProviderError(url, f"the provider reported: {shown}")
    choices = event.get("choices")
    if not isinstance(choices, list):
        raise ProviderError(url, f"stream event without choices: {shown}")
    if not choices:
        return None  # e.g. OpenAI's final usage event
    choice = choices[0]
    delta = choice.get("delta") if isinstance(choice, dict) else None
    if not isinstance(delta, dict):
        raise ProviderError(url, f"stream event without a delta: {shown}")
    content = delta.get("content") or ""
    if not isinstance(content, str):
        raise ProviderError(url, f"stream delta content is not text: {shown}")
    return content, choice.get("finish_reason") is not None
