from flask import render_template

from forum.registration import bp
from forum.services import events


@bp.get("/")
def home():
    return render_template("registration/home.html", events=events.list_events())
