"""Room names: everyone in a forum, its staff, and its moderators."""


def everyone(event_id: int) -> str:
    return f"event:{event_id}"


def staff(event_id: int) -> str:
    return f"event:{event_id}:staff"


def moderators(event_id: int) -> str:
    return f"event:{event_id}:moderators"
