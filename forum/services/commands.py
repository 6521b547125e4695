"""What the services' partial commands share: `UNSET`, the mark of a field the request did not send, apart
from null (which some fields refuse and others read as empty), and `sent()`, the names of those it did."""
from __future__ import annotations

import dataclasses
import enum
import inspect


class _Unset(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset.UNSET


class PartialCommand:
    """A frozen dataclass whose fields default to `UNSET`: a change names only what it changes. A field
    declared without a default (`title: object`) gets `UNSET` here; one with a default of its own (`ignored`)
    is no request field."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in inspect.get_annotations(cls):
            if name not in cls.__dict__:
                setattr(cls, name, UNSET)

    def sent(self) -> list[str]:
        """The names of the fields sent, in the command's order (a field that does not default to `UNSET` is
        no request field: it is never counted)."""
        return [field.name for field in dataclasses.fields(self)
                if field.default is UNSET and getattr(self, field.name) is not UNSET]

    def names_sent(self) -> list[str]:
        """Every name the request sent, sorted, as the audit entries list them: its fields and the others it
        carried (a command's `ignored`, when it keeps them)."""
        return sorted([*self.sent(), *getattr(self, "ignored", ())])

    def values(self) -> dict:
        """The fields sent and their values."""
        return {name: getattr(self, name) for name in self.sent()}

    def is_sent(self, name: str) -> bool:
        return getattr(self, name) is not UNSET
