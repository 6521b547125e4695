"""Room names: everyone in a forum, its public audience (not staff), its staff, its moderators."""


def everyone(event_id: int) -> str:
    return f"event:{event_id}"


def audience(event_id: int) -> str:
    return f"event:{event_id}:audience"


def staff(event_id: int) -> str:
    return f"event:{event_id}:staff"


def moderators(event_id: int) -> str:
    return f"event:{event_id}:moderators"
