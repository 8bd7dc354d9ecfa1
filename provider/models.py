"""Model references (`owner/name[:version]`) and the chat models worth offering."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ConfigurationError

__all__ = ["CHAT_MODELS", "DEFAULT_MODEL", "CatalogModel", "ModelRef", "parse_model_ref"]

_NAME = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
_REF = re.compile(rf"^(?P<owner>{_NAME})/(?P<name>{_NAME})(?::(?P<version>[A-Za-z0-9_.\-]+))?$")


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A parsed model reference; `version` set means "this exact version"."""

    owner: str
    name: str
    version: str | None = None

    @property
    def slug(self) -> str:
        return f"{self.owner}/{self.name}"

    def __str__(self) -> str:
        return f"{self.slug}:{self.version}" if self.version else self.slug


def parse_model_ref(model: str) -> ModelRef:
    """Parse `owner/name` or `owner/name:version`, or say plainly what is wrong with it."""
    match = _REF.match(model.strip()) if isinstance(model, str) else None
    if match is None:
        shown = model if isinstance(model, str) and len(model) <= 80 else "that name"
        raise ConfigurationError(
            f"{shown!r} is not a Replicate model name: use owner/name "
            "(for example meta/meta-llama-3-70b-instruct) or owner/name:version."
        )
    return ModelRef(match["owner"], match["name"], match["version"])


@dataclass(frozen=True, slots=True)
class CatalogModel:
    """A chat model the app offers before anything is fetched from Replicate."""

    ref: str
    label: str
    official: bool = True


DEFAULT_MODEL = "meta/meta-llama-3-70b-instruct"

# Official models (run without a version, billed per token) first, then community ones. The app
# offers these before it can ask Replicate; with a token, chat_models()/search_models() are live.
CHAT_MODELS: tuple[CatalogModel, ...] = (
    CatalogModel("meta/meta-llama-3-70b-instruct", "Llama 3 70B Instruct"),
    CatalogModel("meta/meta-llama-3-8b-instruct", "Llama 3 8B Instruct"),
    CatalogModel("meta/meta-llama-3.1-405b-instruct", "Llama 3.1 405B Instruct"),
    CatalogModel("meta/llama-4-maverick-instruct", "Llama 4 Maverick Instruct"),
    CatalogModel("meta/llama-4-scout-instruct", "Llama 4 Scout Instruct"),
    CatalogModel("mistralai/mixtral-8x7b-instruct-v0.1", "Mixtral 8x7B Instruct"),
    CatalogModel("mistralai/mistral-7b-instruct-v0.2", "Mistral 7B Instruct"),
    CatalogModel("deepseek-ai/deepseek-r1", "DeepSeek R1"),
    CatalogModel("deepseek-ai/deepseek-v3", "DeepSeek V3"),
    CatalogModel("anthropic/claude-4.5-sonnet", "Claude 4.5 Sonnet"),
    CatalogModel("anthropic/claude-3.7-sonnet", "Claude 3.7 Sonnet"),
    CatalogModel("anthropic/claude-3.5-haiku", "Claude 3.5 Haiku"),
    CatalogModel("openai/gpt-4o", "GPT-4o"),
    CatalogModel("openai/gpt-4o-mini", "GPT-4o mini"),
    CatalogModel("openai/gpt-4.1", "GPT-4.1"),
    CatalogModel("openai/gpt-4.1-mini", "GPT-4.1 mini"),
    CatalogModel("openai/gpt-5", "GPT-5"),
    CatalogModel("openai/o4-mini", "o4-mini"),
    CatalogModel("google/gemini-2.5-flash", "Gemini 2.5 Flash"),
    CatalogModel("ibm-granite/granite-3.3-8b-instruct", "Granite 3.3 8B Instruct"),
)
