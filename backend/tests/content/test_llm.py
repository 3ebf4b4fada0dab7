"""The OpenAI-compatible provider against a real llama.cpp server (Gemma 3 270M, see conftest).

The model is a small base model that mostly repeats its prompt, so these tests check the
protocol, streaming, time limits, fallbacks and the fact check, never the quality of the prose.
Temperature 0 keeps its answers repeatable.
"""

import socket
import time
from pathlib import Path

import httpx
import pytest

from carsales.ai.openai_compat import (
    ChatMessage,
    OpenAICompatClient,
    ProviderError,
    _Done,
    _parse_event,
)
from carsales.content.channels import Channel
from carsales.content.facts import DealerProfile
from carsales.content.generation.factcheck import unsupported_numbers
from carsales.content.generation.layouts import MISSING_ADDRESS, UNSUBSCRIBE
from carsales.content.generation.llamacpp_server import llamacpp_server
from carsales.content.generation.llm import (
    LlmResult,
    _variant,
    build_messages,
    generate_with_llm,
)
from carsales.content.generation.schemas import GenerationSettings
from carsales.vehicles.facts import VehicleFacts

FACTS = VehicleFacts(
    year=2019,
    make="Honda",
    model="Civic",
    trim="EX",
    mileage=42000,
    price=18500,
    exterior_color="Aegean Blue",
    features=["Apple CarPlay", "Heated front seats"],
)
DEALER = DealerProfile(name="Maple Motors", website="maplemotors.example")
MESSAGES: list[ChatMessage] = [{"role": "user", "content": "Name three colours of cars:"}]


def _dead_port() -> int:
    """A loopback port that nothing listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Recorder:
    """What the page would receive: the pieces per variant, reset when a variant restarts."""

    def __init__(self) -> None:
        self.pieces: dict[int, list[str]] = {}
        self.order: list[int] = []
        self.restarts: list[int] = []

    async def delta(self, index: int, piece: str) -> None:  # async, as a Socket.IO emit is
        self.pieces.setdefault(index, []).append(piece)
        self.order.append(index)

    def restart(self, index: int) -> None:  # plain functions are accepted too
        self.restarts.append(index)
        self.pieces[index] = []


async def generate(
    client: OpenAICompatClient,
    channel: Channel,
    variants: int,
    seen: Recorder | None = None,
    max_tokens: int = 24,
) -> LlmResult:
    """As the content service asks, at temperature 0 and with few tokens to stay quick."""
    return await generate_with_llm(
        client,
        FACTS,
        GenerationSettings(platform=channel),
        dealer=DEALER,
        offer=None,
        variants=variants,
        on_delta=seen.delta if seen else None,
        on_restart=seen.restart if seen else None,
        max_tokens=max_tokens,
        temperature=0,
    )


def unsupported_numbers_of(text: str) -> list[str]:
    return [span.text for span in unsupported_numbers(text, FACTS, dealer=DEALER, offer=None)]


async def test_streamed_pieces_arrive_in_order_and_join_to_each_variant(llm_base_url: str) -> None:
    client = OpenAICompatClient(llm_base_url, timeout_s=30)
    seen = Recorder()
    result = await generate(client, Channel.facebook, 2, seen)
    assert result.engine == "llm"
    assert result.fallback_reason is None
    assert len(result.variants) == 2
    assert seen.order == sorted(seen.order)  # variant 0 streams in full before variant 1
    for index, variant in enumerate(result.variants):
        assert len(seen.pieces[index]) > 3  # token by token, not one block at the end
        assert "".join(seen.pieces[index]).strip() == variant.text
        assert variant.flagged_numbers == unsupported_numbers_of(variant.text)


async def test_the_stream_rebuilds_exactly_the_servers_non_streamed_answer(
    llm_base_url: str,
) -> None:
    payload = {"messages": MESSAGES, "max_tokens": 24, "temperature": 0, "stream": False}
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{llm_base_url}/chat/completions", json=payload, timeout=30)
    response.raise_for_status()
    whole = response.json()["choices"][0]["message"]["content"]

    client = OpenAICompatClient(llm_base_url, model="anything", timeout_s=30)
    pieces = [p async for p in client.stream_chat(MESSAGES, max_tokens=24, temperature=0)]
    assert len(pieces) > 3
    assert "".join(pieces) == whole
    assert await client.chat(MESSAGES, max_tokens=24, temperature=0) == whole


async def test_a_number_the_facts_lack_is_regenerated_once_then_flagged(
    llm_base_url: str,
) -> None:
    # The base model copies its prompt, and the prompt for X states the platform's limit (280
    # characters), a number no fact holds: the first answer is flagged, the model is asked
    # again, and what it writes then is kept with its unsupported numbers listed.
    client = OpenAICompatClient(llm_base_url, timeout_s=30)
    seen = Recorder()
    result = await generate(client, Channel.x, 1, seen, max_tokens=40)
    assert result.engine == "llm"
    assert result.regenerated == 1
    assert seen.restarts == [0]
    (variant,) = result.variants
    assert "".join(seen.pieces[0]).strip() == variant.text  # the second attempt's stream
    assert variant.flagged_numbers == unsupported_numbers_of(variant.text)
    assert variant.flagged_numbers  # it copied the limit (or the correction's number) again
    assert unsupported_numbers_of("A 2019 Honda Civic with 42,000 miles for $18,500") == []


async def test_a_provider_slower_than_the_time_limit_falls_back_to_the_composer(
    llm_base_url: str,
) -> None:
    # Tokens arrive every few tens of milliseconds, yet a 400-token answer takes seconds: only
    # a limit on the whole answer stops it, not a per-read timeout. The prompt is cached first
    # (llama.cpp reuses it), so streaming has surely begun when the limit strikes.
    settings = GenerationSettings(platform=Channel.instagram)
    prompt = build_messages(FACTS, settings, dealer=DEALER, offer=None, index=0)
    await OpenAICompatClient(llm_base_url, timeout_s=60).chat(prompt, max_tokens=1)
    seen = Recorder()
    started = time.monotonic()
    result = await generate(
        OpenAICompatClient(llm_base_url, timeout_s=2), Channel.instagram, 3, seen, 400
    )
    assert time.monotonic() - started < 5
    assert seen.pieces[0]  # it was streaming...
    assert result.engine == "composer"  # ...and was cut off
    assert result.fallback_reason is not None
    assert "no complete answer in 2 s" in result.fallback_reason
    assert len(result.variants) == 3
    assert all(v.text and not v.flagged_numbers for v in result.variants)


async def test_a_refused_connection_falls_back_to_the_composer() -> None:
    client = OpenAICompatClient(f"http://127.0.0.1:{_dead_port()}/v1", timeout_s=5)
    result = await generate(client, Channel.sms, 2)
    assert result.engine == "composer"
    assert result.fallback_reason is not None
    assert "ConnectError" in result.fallback_reason
    assert "127.0.0.1" not in result.fallback_reason  # the notice is for users: no addresses
    assert len(result.variants) == 2
    assert all(not unsupported_numbers_of(v.text) for v in result.variants)


async def test_an_error_status_is_a_provider_error_with_the_servers_reason(
    llm_base_url: str,
) -> None:
    client = OpenAICompatClient(llm_base_url.removesuffix("/v1") + "/no-such-api", timeout_s=10)
    with pytest.raises(ProviderError, match="answered 404") as raised:
        await client.chat(MESSAGES, max_tokens=4)
    assert raised.value.status == 404
    assert "Not Found" in str(raised.value)


async def test_the_key_is_sent_as_a_bearer_token_and_never_shown(gemma_model: Path) -> None:
    # A second server, one that requires a key (starting one takes about a second).
    with llamacpp_server(gemma_model, threads=1, context=256, api_key="s3cret-test-key") as url:

        async def ask(key: str | None) -> str:
            client = OpenAICompatClient(url, api_key=key, timeout_s=20)
            return await client.chat(MESSAGES, max_tokens=4, temperature=0)

        assert await ask("s3cret-test-key")
        with pytest.raises(ProviderError) as raised:
            await ask("wrong-key")
        assert raised.value.status == 401
        assert "s3cret" not in repr(OpenAICompatClient(url, api_key="s3cret-test-key"))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", None),  # the blank line between events
        (": keep-alive", None),
        ('data: {"choices":[{"delta":{"role":"assistant","content":null}}]}', ("", False)),
        ('data:{"choices":[{"delta":{"content":"Hi"},"finish_reason":null}]}', ("Hi", False)),
        ('data: {"choices":[{"delta":{},"finish_reason":"stop"}]}', ("", True)),
        ('data: {"choices":[],"usage":{"total_tokens":9}}', None),
    ],
)
def test_stream_lines_that_servers_send_are_read(
    line: str, expected: tuple[str, bool] | None
) -> None:
    assert _parse_event("u", line) == expected
    assert isinstance(_parse_event("u", "data: [DONE]"), _Done)


@pytest.mark.parametrize(
    "line",
    [
        "data: {not json",
        'data: ["a list"]',
        'data: {"error":{"message":"model overloaded"}}',
        'data: {"id":"x"}',
        'data: {"choices":[{"text":"a completions event"}]}',
        'data: {"choices":[{"delta":{"content":42}}]}',
    ],
)
def test_a_malformed_stream_line_is_a_provider_error(line: str) -> None:
    with pytest.raises(ProviderError, match=r"^u: "):
        _parse_event("u", line)


def test_an_answer_takes_its_channels_shape() -> None:
    email = _variant(
        "Subject: Your next Civic <3\n\nHi there,\nMeet the Civic EX. Come see it!",
        GenerationSettings(platform=Channel.email),
        FACTS,
        DEALER,
    )
    assert email.subject == email.title == "Your next Civic <3"
    assert email.preheader == "Meet the Civic EX."
    assert email.text.startswith("Hi there,\nMeet the Civic EX.")
    # CAN-SPAM footer whatever the model wrote; no address is made up.
    assert email.text.endswith(f"--\nMaple Motors\n{MISSING_ADDRESS}\n{UNSUBSCRIBE}")
    assert email.html is not None and "Meet the Civic EX." in email.html
    assert UNSUBSCRIBE.replace("'", "&#x27;") in email.html

    sms = _variant("2019 Civic EX, $18,500!", GenerationSettings(platform=Channel.sms), FACTS, None)
    assert sms.text == "2019 Civic EX, $18,500! Reply STOP to opt out."

    script = "Wide shot | Meet the Civic. | CIVIC EX\nnot a scene\nInterior | Heated seats. | WARM"
    video = _variant(script, GenerationSettings(platform=Channel.video), FACTS, DEALER)
    assert [(s.number, s.shot, s.on_screen_text) for s in video.scenes] == [
        (1, "Wide shot", "CIVIC EX"),
        (2, "Interior", "WARM"),
    ]
    assert video.scenes[0].end_seconds == video.scenes[1].start_seconds > 0

    post = _variant(
        "Blue beauty #Honda #Civic #Honda",
        GenerationSettings(platform=Channel.instagram),
        FACTS,
        DEALER,
    )
    assert post.hashtags == ["#Honda", "#Civic"]
