"""`forum backup` and `forum restore`: every participant, check-in, input and material comes back."""
import io

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Checkin, Input, Material, Participant

pytestmark = pytest.mark.both_dbs

PDF = b"%PDF-1.4\n%backup test\n%%EOF\n"


def counts(app):
    with app.app_context():
        return {model.__name__: db.session.scalar(select(func.count(model.id)))
                for model in (Participant, Checkin, Input, Material)}


def test_backup_and_restore_round_trip(app, client, runner, make, tmp_path, backend):
    slug = make.event()
    org, mod = make.headers("organiser"), make.headers("moderator")
    people = [make.participant(slug) for _ in range(3)]
    client.post(f"/api/v1/events/{slug}/checkins", json={"code": people[0]["checkin_code"]},
                headers=make.headers("checkin"))
    session = client.post(f"/api/v1/events/{slug}/sessions", headers=org,
                          json={"title": "Diskusi", "starts_at": "2021-02-25T13:00",
                                "ends_at": "2021-02-25T15:00"}).json
    client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/state", json={"input_open": True}, headers=mod)
    client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/inputs", json={"kind": "comment", "title": "Usul"},
                headers={"Authorization": f"Bearer {people[1]['access_token']}"})
    material = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/materials", headers=mod,
                           data={"file": (io.BytesIO(PDF), "paparan.pdf"), "published": "true"},
                           content_type="multipart/form-data").json
    before = counts(app)
    assert before == {"Participant": 3, "Checkin": 1, "Input": 1, "Material": 1}

    archive = tmp_path / "backup.tar.gz"
    result = runner.invoke(args=["forum", "backup", "--out", str(archive)])
    assert result.exit_code == 0, result.output

    # disaster: rows and files are gone
    with app.app_context():
        for model in (Input, Checkin, Material):
            db.session.execute(model.__table__.delete())
        db.session.execute(Participant.__table__.delete())
        db.session.commit()
    for path in (tmp_path / "uploads").iterdir():
        path.unlink()
    assert counts(app)["Participant"] == 0

    result = runner.invoke(args=["forum", "restore", "--from", str(archive), "--yes"])
    assert result.exit_code == 0, result.output
    assert counts(app) == before
    file = app.test_client().get(material["url"])
    assert file.status_code == 200 and file.data == PDF


def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path):
    import tarfile

    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        info = tarfile.TarInfo("manifest.json")
        data = b'{"format": "something else"}'
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    result = runner.invoke(args=["forum", "restore", "--from", str(bogus), "--yes"])
    assert result.exit_code != 0 and "not a Forum backup" in result.output
