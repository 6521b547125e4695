"""Room names: everyone in a forum, its public audience (not staff), its staff, its moderators, and its desk
staff (staff below moderator: the check-in desks, who see of the agenda what the audience sees), and the
delegates of one agency (its participants: they see their agency's plan rows), and one participant's own connections
(every change of their own inputs)."""


def everyone(event_id: int) -> str:
    return f"event:{event_id}"


def audience(event_id: int) -> str:
    return f"event:{event_id}:audience"


def staff(event_id: int) -> str:
    return f"event:{event_id}:staff"


def moderators(event_id: int) -> str:
    return f"event:{event_id}:moderators"


def desk(event_id: int) -> str:
    return f"event:{event_id}:desk"


def agency(event_id: int, agency_id: int) -> str:
    return f"event:{event_id}:agency:{agency_id}"


def participant(event_id: int, participant_id: int) -> str:
    return f"event:{event_id}:participant:{participant_id}"
