"""Cog input and output schemas of the stand-in's catalogue models (fact sheet §5).

Shaped like Replicate's `openapi_schema.components.schemas`, so a client that builds its
settings form from the schema can be tested offline.
"""

from __future__ import annotations

from typing import Any

JsonObject = dict[str, Any]

LLAMA3_TEMPLATE = (
    "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n{system_prompt}<|eot_id|>"
    "<|start_header_id|>user<|end_header_id|>\n\n{prompt}<|eot_id|>"
    "<|start_header_id|>assistant<|end_header_id|>\n\n"
)
MIXTRAL_TEMPLATE = "<s>[INST] {prompt} [/INST] "

TEXT_OUTPUT: JsonObject = {
    "type": "array",
    "items": {"type": "string"},
    "title": "Output",
    "x-cog-array-type": "iterator",
    "x-cog-array-display": "concatenate",
}
IMAGE_OUTPUT: JsonObject = {
    "type": "array",
    "items": {"type": "string", "format": "uri"},
    "title": "Output",
}

Prop = tuple[str, JsonObject]


def _p(name: str, kind: str, description: str, **extra: Any) -> Prop:
    """One cog input property, titled the way cog titles them ("max_tokens" → "Max Tokens")."""
    title = name.replace("_", " ").title()
    return name, {"type": kind, "title": title, "description": description, **extra}


def _input(*props: Prop, required: tuple[str, ...] = ()) -> JsonObject:
    """The `Input` object schema; `x-order` follows the order of `props`, as cog numbers them."""
    properties = {name: {**schema, "x-order": i} for i, (name, schema) in enumerate(props)}
    schema: JsonObject = {"type": "object", "title": "Input", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


_PROMPT = _p("prompt", "string", "Prompt to send to the model.")
_STOPS = "A comma-separated list of sequences to stop generation at."


def llama3_input() -> JsonObject:
    """The 2024 cog-triton schema of the official Llama-3 instruct models."""
    return _input(
        _PROMPT,
        _p(
            "system_prompt",
            "string",
            "System prompt to send to the model. This is prepended to the prompt and helps "
            "guide system behavior. Ignored for non-chat models.",
            default="You are a helpful assistant",
        ),
        _p(
            "max_tokens", "integer", "Maximum number of tokens to generate.", default=512, minimum=1
        ),
        _p(
            "min_tokens",
            "integer",
            "Minimum tokens to generate; -1 disables.",
            default=0,
            minimum=-1,
        ),
        _p("temperature", "number", "Randomness of outputs.", default=0.7, minimum=0, maximum=5),
        _p("top_p", "number", "Nucleus sampling.", default=0.95, minimum=0, maximum=1),
        _p("top_k", "integer", "Sample from the top k tokens.", default=0, minimum=-1),
        _p("stop_sequences", "string", _STOPS, default="<|end_of_text|>,<|eot_id|>"),
        _p("length_penalty", "number", "Output length.", default=1.0, minimum=0, maximum=5),
        _p("presence_penalty", "number", "Penalises repeated tokens.", default=0.0),
        _p("seed", "integer", "Random seed. Leave blank to randomize the seed."),
        _p(
            "prompt_template",
            "string",
            "Template for formatting the prompt. Can be an arbitrary string, but must contain "
            "the substring `{prompt}`.",
            default=LLAMA3_TEMPLATE,
        ),
        _p("log_performance_metrics", "boolean", "Log performance metrics.", default=False),
        _p(
            "max_new_tokens", "integer", "Renamed to max_tokens; kept for compatibility.", minimum=1
        ),
        _p(
            "min_new_tokens",
            "integer",
            "Renamed to min_tokens; kept for compatibility.",
            minimum=-1,
        ),
        required=("prompt",),
    )


def mixtral_input() -> JsonObject:
    """Mixtral on cog-triton: the Llama-2-era names (`max_new_tokens`), no `max_tokens`."""
    return _input(
        _PROMPT,
        _p("system_prompt", "string", "System prompt to send to the model.", default=""),
        _p("max_new_tokens", "integer", "Maximum tokens to generate.", default=512, minimum=1),
        _p("min_new_tokens", "integer", "Minimum tokens to generate.", default=-1, minimum=-1),
        _p("temperature", "number", "Randomness of outputs.", default=0.6, minimum=0, maximum=5),
        _p("top_p", "number", "Nucleus sampling.", default=0.9, minimum=0, maximum=1),
        _p("top_k", "integer", "Sample from the top k tokens.", default=50, minimum=-1),
        _p("stop_sequences", "string", _STOPS),
        _p("prompt_template", "string", "Template for the prompt.", default=MIXTRAL_TEMPLATE),
        _p("presence_penalty", "number", "Presence penalty.", default=0.0),
        _p("length_penalty", "number", "Output length.", default=1.0, minimum=0, maximum=5),
        required=("prompt",),
    )


def gpt4o_mini_input() -> JsonObject:
    """OpenAI's gpt-4o-mini: the only family here that takes a `messages` array."""
    return _input(
        _p("prompt", "string", "The prompt to send to the model. Do not use if using messages."),
        _p("system_prompt", "string", "System prompt to set the assistant's behavior."),
        _p(
            "messages",
            "array",
            'A JSON list of messages, e.g. [{"role": "user", "content": "Hello"}]. If provided, '
            "prompt and system_prompt are ignored.",
            default=[],
            items={"type": "object"},
        ),
        _p(
            "image_input",
            "array",
            "List of images to send to the model.",
            default=[],
            items={"type": "string", "format": "uri"},
        ),
        _p("max_completion_tokens", "integer", "Maximum completion tokens.", default=4096),
        _p("temperature", "number", "Sampling temperature.", default=1, minimum=0, maximum=2),
        _p("top_p", "number", "Nucleus sampling.", default=1, minimum=0, maximum=1),
        _p("presence_penalty", "number", "Presence penalty.", default=0, minimum=-2, maximum=2),
        _p("frequency_penalty", "number", "Frequency penalty.", default=0, minimum=-2, maximum=2),
    )


def claude_input() -> JsonObject:
    """Anthropic's Claude 3.7 Sonnet: a single prompt plus an optional image."""
    return _input(
        _p("prompt", "string", "Input prompt."),
        _p("system_prompt", "string", "System prompt.", default=""),
        _p(
            "max_tokens",
            "integer",
            "Maximum number of output tokens.",
            default=8192,
            minimum=1024,
            maximum=64000,
        ),
        _p("image", "string", "Optional input image.", format="uri"),
        _p(
            "max_image_resolution",
            "number",
            "Maximum image resolution in megapixels.",
            default=0.5,
            minimum=0.001,
            maximum=2,
        ),
        _p(
            "extended_thinking",
            "boolean",
            "Let Claude think step by step before answering.",
            default=False,
        ),
        _p(
            "thinking_budget_tokens",
            "integer",
            "Maximum tokens for extended thinking.",
            default=1024,
            minimum=1024,
            maximum=64000,
        ),
        required=("prompt",),
    )


def gpt5_input() -> JsonObject:
    """OpenAI's GPT-5: messages, a hidden reasoning budget and how much of it to spend."""
    return _input(
        _p("prompt", "string", "The prompt to send to the model. Do not use if using messages."),
        _p("system_prompt", "string", "System prompt to set the assistant's behavior."),
        _p(
            "messages",
            "array",
            "A JSON list of messages. If provided, prompt and system_prompt are ignored.",
            default=[],
            items={"type": "object"},
        ),
        _p(
            "image_input",
            "array",
            "List of images to send to the model.",
            default=[],
            items={"type": "string", "format": "uri"},
        ),
        _p(
            "reasoning_effort",
            "string",
            "How hard the model thinks before it answers.",
            default="minimal",
            enum=["minimal", "low", "medium", "high"],
        ),
        _p(
            "verbosity",
            "string",
            "How long and detailed the answer is.",
            default="medium",
            enum=["low", "medium", "high"],
        ),
        _p(
            "max_completion_tokens",
            "integer",
            "Maximum completion tokens, reasoning included.",
            minimum=1,
        ),
    )


def gemini_flash_input() -> JsonObject:
    """Google's Gemini 2.5 Flash, a newer version: a prompt, a system instruction, and images
    (and videos) as arrays of URIs whose limits only the description states (§10.1)."""
    return _input(
        _p("prompt", "string", "The text prompt to send to the model."),
        _p(
            "system_instruction",
            "string",
            "System instruction to guide the model's behavior.",
        ),
        _p(
            "images",
            "array",
            "Input images to send with the prompt (max 10 images, each up to 7MB)",
            default=[],
            items={"type": "string", "format": "uri"},
        ),
        _p(
            "videos",
            "array",
            "Input videos to send with the prompt (max 10 videos, each up to 45 minutes)",
            default=[],
            items={"type": "string", "format": "uri"},
        ),
        _p(
            "max_output_tokens",
            "integer",
            "Maximum number of tokens to generate.",
            default=65535,
            minimum=1,
            maximum=65535,
        ),
        _p("temperature", "number", "Sampling temperature.", default=1, minimum=0, maximum=2),
        _p("top_p", "number", "Nucleus sampling.", default=0.95, minimum=0, maximum=1),
        required=("prompt",),
    )


def llava_input() -> JsonObject:
    """yorickvp/llava-13b: a community vision model that cannot run without an image."""
    return _input(
        _p("image", "string", "Input image", format="uri"),
        _p("prompt", "string", "Prompt to use for text generation"),
        _p(
            "top_p",
            "number",
            "When decoding text, samples from the top p percentage of most likely tokens; "
            "lower to ignore less likely tokens",
            default=1,
            minimum=0,
            maximum=1,
        ),
        _p(
            "temperature",
            "number",
            "Adjusts randomness of outputs, greater than 1 is random and 0 is deterministic",
            default=0.2,
            minimum=0,
        ),
        _p(
            "max_tokens",
            "integer",
            "Maximum number of tokens to generate. A word is generally 2-3 tokens",
            default=1024,
            minimum=0,
        ),
        required=("image", "prompt"),
    )


def deepseek_input() -> JsonObject:
    """DeepSeek-R1: a prompt and the usual sampling knobs, with a very large token budget."""
    return _input(
        _p("prompt", "string", "Prompt", default=""),
        _p("max_tokens", "integer", "Maximum tokens to generate.", default=20480),
        _p("temperature", "number", "Randomness of outputs.", default=0.1),
        _p("top_p", "number", "Nucleus sampling.", default=1.0),
        _p("presence_penalty", "number", "Presence penalty", default=0.0),
        _p("frequency_penalty", "number", "Frequency penalty", default=0.0),
    )


def tiny_chat_input() -> JsonObject:
    """A small community chat model's inputs."""
    return _input(
        _PROMPT,
        _p("max_new_tokens", "integer", "Maximum tokens.", default=128, minimum=1, maximum=4096),
        _p("temperature", "number", "Temperature.", default=0.75, minimum=0.01, maximum=5),
        _p("top_p", "number", "Nucleus sampling.", default=0.9, minimum=0, maximum=1),
        _p("stop_sequences", "string", _STOPS),
        required=("prompt",),
    )


def flux_input() -> JsonObject:
    """An image model's inputs (with enums), so a chat-model filter has something to drop."""
    ratios = ["1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "9:16"]
    return _input(
        _p("prompt", "string", "Prompt for generated image."),
        _p("aspect_ratio", "string", "Aspect ratio.", default="1:1", enum=ratios),
        _p("num_outputs", "integer", "Number of outputs.", default=1, minimum=1, maximum=4),
        _p("output_format", "string", "Image format.", default="webp", enum=["webp", "jpg", "png"]),
        _p("seed", "integer", "Random seed. Set for reproducible generation."),
        required=("prompt",),
    )


def sdxl_input() -> JsonObject:
    """A community image model's inputs."""
    return _input(
        _p("prompt", "string", "Input prompt", default="An astronaut riding a rainbow unicorn"),
        _p("negative_prompt", "string", "Input Negative Prompt", default=""),
        _p("width", "integer", "Width of output image", default=1024),
        _p("height", "integer", "Height of output image", default=1024),
        _p("num_outputs", "integer", "Number of images.", default=1, minimum=1, maximum=4),
    )
