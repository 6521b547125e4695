"""The domain rules. Services take plain arguments, never commit, and raise DomainError."""
