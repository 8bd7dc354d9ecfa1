"""The stand-in's model catalogue: a few real-looking Replicate models with cog input schemas.

The input schemas follow what Replicate publishes for these models (fact sheet §5), so a client
that builds its settings form from `openapi_schema` can be tested without the network.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field

from provider.standin import schemas
from provider.standin.schemas import IMAGE_OUTPUT, TEXT_OUTPUT, JsonObject


@dataclass(frozen=True)
class CatalogModel:
    """One model the stand-in serves: identity, page metadata and its cog schemas."""

    owner: str
    name: str
    description: str
    official: bool
    input_schema: JsonObject
    output_schema: JsonObject
    version_created_at: str
    run_count: int = 0
    tags: tuple[str, ...] = ()
    github_url: str | None = None
    paper_url: str | None = None
    license_url: str | None = None
    cog_version: str = "0.9.4"
    version_id: str = field(default="")
    context_window: int | None = None
    """Tokens of input the model reads; a longer prompt fails as cog-triton's do (E1002)."""

    def __post_init__(self) -> None:
        if not self.version_id:
            # A stable, real-looking 64-hex version id derived from the model's name.
            digest = hashlib.sha256(f"standin:{self.ref}".encode()).hexdigest()
            object.__setattr__(self, "version_id", digest)

    @property
    def ref(self) -> str:
        """The model's `owner/name`."""
        return f"{self.owner}/{self.name}"

    @property
    def is_chat(self) -> bool:
        """True for text models whose output is a concatenated stream of string tokens."""
        return self.output_schema.get("x-cog-array-display") == "concatenate"


CATALOG: tuple[CatalogModel, ...] = (
    CatalogModel(
        owner="meta",
        name="meta-llama-3-70b-instruct",
        description="A 70 billion parameter language model from Meta, fine tuned for chat "
        "completions",
        official=True,
        input_schema=schemas.llama3_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2024-04-17T21:44:13.482460Z",
        run_count=160_523_811,
        tags=("llm", "chat", "llama", "meta", "text-generation"),
        github_url="https://github.com/meta-llama/llama3",
        paper_url="https://arxiv.org/abs/2407.21783",
        license_url="https://github.com/meta-llama/llama3/blob/main/LICENSE",
    ),
    CatalogModel(
        owner="meta",
        name="meta-llama-3-8b-instruct",
        description="An 8 billion parameter language model from Meta, fine tuned for chat "
        "completions",
        official=True,
        input_schema=schemas.llama3_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2024-04-17T21:44:58.480057Z",
        run_count=390_245_602,
        tags=("llm", "chat", "llama", "meta", "text-generation"),
        github_url="https://github.com/meta-llama/llama3",
        license_url="https://github.com/meta-llama/llama3/blob/main/LICENSE",
    ),
    CatalogModel(
        owner="mistralai",
        name="mixtral-8x7b-instruct-v0.1",
        description="The Mixtral-8x7B-instruct-v0.1 Large Language Model (LLM) is a pretrained "
        "generative Sparse Mixture of Experts tuned to be a helpful assistant.",
        official=True,
        input_schema=schemas.mixtral_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2023-12-11T20:46:39.375406Z",
        run_count=18_349_021,
        tags=("llm", "chat", "mistral", "mixture-of-experts", "text-generation"),
        license_url="https://www.apache.org/licenses/LICENSE-2.0",
    ),
    CatalogModel(
        owner="openai",
        name="gpt-4o-mini",
        description="Low latency, low cost version of OpenAI's GPT-4o model",
        official=True,
        input_schema=schemas.gpt4o_mini_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2025-05-01T17:02:31.022313Z",
        run_count=4_212_880,
        tags=("llm", "chat", "openai", "gpt", "vision", "text-generation"),
    ),
    CatalogModel(
        owner="openai",
        name="gpt-5",
        description="OpenAI's most capable model, which reasons before it answers (its "
        "reasoning is hidden; only its tokens are counted)",
        official=True,
        input_schema=schemas.gpt5_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2025-08-07T17:00:00.000000Z",
        run_count=1_203_331,
        tags=("llm", "chat", "openai", "gpt", "reasoning", "vision", "text-generation"),
    ),
    CatalogModel(
        owner="anthropic",
        name="claude-3.7-sonnet",
        description="The most intelligent Claude model and the first hybrid reasoning model on "
        "the market (claude-3-7-sonnet-20250219)",
        official=True,
        input_schema=schemas.claude_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2025-02-25T10:14:52.841128Z",
        run_count=2_954_310,
        tags=("llm", "chat", "anthropic", "claude", "reasoning", "vision", "text-generation"),
    ),
    CatalogModel(
        owner="google",
        name="gemini-2.5-flash",
        description="Google's fast hybrid reasoning model, which reads pictures and video as well "
        "as text",
        official=True,
        input_schema=schemas.gemini_flash_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2025-07-22T16:41:05.302142Z",
        run_count=3_115_760,
        tags=("llm", "chat", "google", "gemini", "vision", "text-generation"),
    ),
    CatalogModel(
        owner="yorickvp",
        name="llava-13b",
        description="Visual instruction tuning towards large language and vision models with "
        "GPT-4 level capabilities",
        official=False,
        input_schema=schemas.llava_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2024-02-05T19:03:43.870434Z",
        run_count=28_911_402,
        tags=("llm", "vision", "llava", "community", "text-generation"),
        github_url="https://github.com/haotian-liu/LLaVA",
        paper_url="https://arxiv.org/abs/2310.03744",
        license_url="https://www.apache.org/licenses/LICENSE-2.0",
    ),
    CatalogModel(
        owner="deepseek-ai",
        name="deepseek-r1",
        description="A reasoning model trained with reinforcement learning, on par with OpenAI o1",
        official=True,
        input_schema=schemas.deepseek_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2025-01-29T20:50:37.198134Z",
        run_count=1_733_902,
        tags=("llm", "chat", "deepseek", "reasoning", "text-generation"),
        github_url="https://github.com/deepseek-ai/DeepSeek-R1",
        paper_url="https://arxiv.org/abs/2501.12948",
    ),
    CatalogModel(
        owner="standin",
        name="tiny-chat",
        description="A tiny community chat model that only exists inside the Replicate Chat "
        "stand-in server",
        official=False,
        input_schema=schemas.tiny_chat_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2024-09-02T08:30:00.000000Z",
        run_count=4_021,
        tags=("llm", "chat", "community", "text-generation"),
    ),
    # Two models with small windows, for the context gauge, trimming and E1002 recovery: one
    # takes a Llama 3 prompt (cog-triton), the other a `messages` array.
    CatalogModel(
        owner="standin",
        name="small-context-chat",
        description="A chat model that reads 1,024 tokens of context and fails longer prompts "
        "(stand-in only)",
        official=True,
        input_schema=schemas.llama3_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2025-03-03T09:00:00.000000Z",
        run_count=1_024,
        tags=("llm", "chat", "text-generation"),
        context_window=1_024,
    ),
    CatalogModel(
        owner="standin",
        name="small-context-messages",
        description="A chat model that takes messages, with a 4,096-token context window "
        "(stand-in only)",
        official=True,
        input_schema=schemas.gpt4o_mini_input(),
        output_schema=TEXT_OUTPUT,
        version_created_at="2025-03-03T09:30:00.000000Z",
        run_count=4_096,
        tags=("llm", "chat", "text-generation"),
        context_window=4_096,
    ),
    CatalogModel(
        owner="black-forest-labs",
        name="flux-schnell",
        description="The fastest image generation model tailored for local development and "
        "personal use",
        official=True,
        input_schema=schemas.flux_input(),
        output_schema=IMAGE_OUTPUT,
        version_created_at="2024-07-30T00:09:09.264541Z",
        run_count=512_774_210,
        tags=("image", "text-to-image", "flux"),
    ),
    CatalogModel(
        owner="stability-ai",
        name="sdxl",
        description="A text-to-image generative AI model that creates beautiful images",
        official=False,
        input_schema=schemas.sdxl_input(),
        output_schema=IMAGE_OUTPUT,
        version_created_at="2023-10-31T12:00:00.000000Z",
        run_count=79_322_113,
        tags=("image", "text-to-image", "stable-diffusion"),
    ),
)


def find_model(catalog: tuple[CatalogModel, ...], owner: str, name: str) -> CatalogModel | None:
    """The catalogue model called `owner/name`, or None."""
    for model in catalog:
        if model.owner == owner and model.name == name:
            return model
    return None


def find_version(catalog: tuple[CatalogModel, ...], version_id: str) -> CatalogModel | None:
    """The catalogue model whose (only) version has this id, or None."""
    for model in catalog:
        if model.version_id == version_id:
            return model
    return None


def openapi_schema(model: CatalogModel) -> JsonObject:
    """A cog-style OpenAPI document carrying the model's Input and Output schemas."""
    return {
        "openapi": "3.0.2",
        "info": {"title": "Cog", "version": "0.1.0"},
        "paths": {},
        "components": {
            "schemas": {
                "Input": copy.deepcopy(model.input_schema),
                "Output": copy.deepcopy(model.output_schema),
            }
        },
    }


def version_json(model: CatalogModel) -> JsonObject:
    """The version object (`GET /v1/models/{owner}/{name}/versions/{id}`)."""
    return {
        "id": model.version_id,
        "created_at": model.version_created_at,
        "cog_version": model.cog_version,
        "openapi_schema": openapi_schema(model),
    }


def model_json(model: CatalogModel) -> JsonObject:
    """The model object (`GET /v1/models/{owner}/{name}`), shaped as in the OpenAPI document."""
    return {
        "url": f"https://replicate.com/{model.ref}",
        "owner": model.owner,
        "name": model.name,
        "description": model.description,
        "visibility": "public",
        "github_url": model.github_url,
        "paper_url": model.paper_url,
        "license_url": model.license_url,
        "run_count": model.run_count,
        "cover_image_url": None,
        "default_example": None,
        "latest_version": version_json(model),
        "is_official": model.official,
    }
