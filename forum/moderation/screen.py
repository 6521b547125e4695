"""The projector's input region on its own, for static/js/screen-inputs.js to swap in after an
`input` event (the page itself is forum/live/pages.py:screen). Public, like the screen."""
from flask import render_template

from forum.live.pages import current_and_next
from forum.moderation import bp
from forum.moderation.common import screen_input_box
from forum.services import agenda, events


@bp.get("/events/<slug>/screen/inputs")
def screen_inputs(slug):
    event = events.get_event(slug)
    current, _following = current_and_next(agenda.agenda_payload(event, staff=False))
    return render_template("moderation/_screen_inputs.html", event=event, box=screen_input_box(event, current))
