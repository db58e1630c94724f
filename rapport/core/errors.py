"""Errors a person can act on. The CLI prints the message; views show it on the form."""


class RapportError(Exception):
    """Something the user asked for cannot be done; the message says why and what to do."""


class NotFound(RapportError):
    """The named object does not exist, or does not belong to the user asking."""


class InvalidInput(RapportError):
    """Input failed validation; ``problems`` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(
                f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
                for field, msgs in problems.items()
            )
        )
