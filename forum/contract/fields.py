"""Building blocks of the declared shapes: annotated types that carry their description and limits, so a
model's field reads like the contract ("a text of at most 200 characters, the person's full name")."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, WithJsonSchema

EXTENSION = "Extension (beyond the original contract)."


def describe(description: str, ext: bool = False) -> str | None:
    """`ext`: a field beyond the original contract, which its description says."""
    return f"{EXTENSION} {description}".strip() if ext else description or None


def text(description: str = "", max_length: int | None = None, *, ext: bool = False, **extra) -> Any:
    """A string; `extra` holds further JSON Schema keywords (format, pattern, examples, minLength…)."""
    return Annotated[str, Field(description=describe(description, ext), max_length=max_length,
                                json_schema_extra=extra or None)]


def filled(description: str, max_length: int | None = None, *, ext: bool = False, **extra) -> Any:
    """A text that must hold more than spaces: the server trims texts and refuses an empty required one."""
    return text(description, max_length, ext=ext, minLength=1, pattern=r"\S", **extra)


def integer(description: str = "", *, ext: bool = False, **extra) -> Any:
    return Annotated[int, Field(description=describe(description, ext), json_schema_extra=extra or None)]


def flag(description: str, *, ext: bool = False, **extra) -> Any:
    return Annotated[bool, Field(description=describe(description, ext), json_schema_extra=extra or None)]


def one_of(values, description: str = "", *, ext: bool = False) -> Any:
    """One of the values (listed sorted); an empty description says nothing."""
    return Annotated[Literal[tuple(sorted(values))], Field(description=describe(description, ext))]


def nullable(kind) -> Any:
    """The kind, or JSON null (written `type: [kind, "null"]` in the document where the kind is simple)."""
    return kind | None


def raw(schema: dict) -> Any:
    """A field whose JSON Schema is written out (a union or a constraint pydantic has no word for)."""
    return Annotated[Any, WithJsonSchema(schema)]


TIME_OUT_TEXT = "ISO 8601 with the offset of the forum's time zone."
TIME_IN_TEXT = "ISO 8601. Without an offset the time is read in the forum's time zone."


def time_out(description: str = TIME_OUT_TEXT, *, ext: bool = False) -> Any:
    return text(description, ext=ext, format="date-time")


def time_in(description: str = TIME_IN_TEXT, example: str = "2021-02-25T08:00:00+07:00") -> Any:
    return text(description, examples=[example])
