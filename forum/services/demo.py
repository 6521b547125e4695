"""The demo forum of DOMAIN.md: invented people, real places. Loading it twice changes nothing."""
from __future__ import annotations

import os
import random
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from forum.extensions import db
from forum.models import AgencyKind, Event, Participant, ParticipantRole, Session, User
from forum.services import accounts, events, registration

DEMO_SLUG = "forum-opd-bppd-2022"
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TZ = "Asia/Pontianak"

AGENCIES = [
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", AgencyKind.provincial_opd),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", AgencyKind.provincial_opd),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", AgencyKind.provincial_opd),
    ("Dinas Perhubungan", "Dishub", AgencyKind.provincial_opd),
    ("Dinas Kesehatan", "Dinkes", AgencyKind.provincial_opd),
    ("Dinas Pendidikan dan Kebudayaan", "Disdikbud", AgencyKind.provincial_opd),
    ("Dinas Perindustrian dan Perdagangan", "Disperindag", AgencyKind.provincial_opd),
    ("Dinas Kelautan dan Perikanan", "DKP", AgencyKind.provincial_opd),
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol", AgencyKind.provincial_opd),
    ("Satuan Polisi Pamong Praja", "Satpol PP", AgencyKind.provincial_opd),
    ("Badan Penanggulangan Bencana Daerah", "BPBD", AgencyKind.provincial_opd),
    ("Badan Pengelola Perbatasan Daerah", "BPPD", AgencyKind.provincial_opd),
    ("DPRD Provinsi Kalimantan Barat Komisi I", "DPRD Komisi I", AgencyKind.dprd),
    ("Badan Narkotika Nasional Provinsi Kalimantan Barat", "BNNP", AgencyKind.vertical),
    ("Kecamatan Paloh", "Camat Paloh", AgencyKind.kecamatan),
    ("Kecamatan Sajingan Besar", "Camat Sajingan Besar", AgencyKind.kecamatan),
    ("Kecamatan Jagoi Babang", "Camat Jagoi Babang", AgencyKind.kecamatan),
    ("Kecamatan Entikong", "Camat Entikong", AgencyKind.kecamatan),
    ("Kecamatan Sekayam", "Camat Sekayam", AgencyKind.kecamatan),
    ("Kecamatan Ketungau Hulu", "Camat Ketungau Hulu", AgencyKind.kecamatan),
    ("Kecamatan Badau", "Camat Badau", AgencyKind.kecamatan),
    ("Kecamatan Puring Kencana", "Camat Puring Kencana", AgencyKind.kecamatan),
]

FIRST = ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gunawan", "Hendra", "Indah", "Joko", "Kartini", "Lestari",
         "Maria", "Nur", "Oktaviani", "Putri", "Rahmat", "Sari", "Taufik", "Utami", "Wahyu", "Yohanes", "Zainal",
         "Antonius", "Bambang", "Dayang", "Yosef", "Rina", "Syarif", "Veronika"]
LAST = ["Santoso", "Wijaya", "Hidayat", "Pratama", "Lestari", "Siregar", "Nugroho", "Saputra", "Kurniawan", "Rahayu",
        "Simanjuntak", "Gunawan", "Setiawan", "Anggraini", "Firmansyah", "Ismail", "Abdullah", "Darmawan", "Utomo",
        "Sembiring", "Panjaitan", "Alamsyah", "Yulianti", "Hasibuan", "Lim", "Tjhai", "Ngadi", "Bujang"]
# The positions people hold in each kind of agency, the head first: a camat belongs to a kecamatan, a DPRD
# member to the DPRD, a Kepala Dinas to a dinas (the head's title follows the agency's name: Dinas, Badan, Satuan).
OPD_STAFF = ["Sekretaris", "Kepala Bidang Perencanaan", "Kepala Subbagian Program", "Perencana Ahli Muda",
             "Analis Kebijakan", "Staf Perencanaan"]
POSITIONS = {
    AgencyKind.kecamatan.value: ["Camat", "Sekretaris Camat", "Kepala Seksi Pemerintahan",
                                 "Kepala Seksi Pemberdayaan Masyarakat Desa"],
    AgencyKind.dprd.value: ["Ketua Komisi I", "Anggota Komisi I", "Anggota Komisi I", "Anggota Komisi I"],
    AgencyKind.vertical.value: ["Kepala Bidang Pemberantasan", "Kepala Seksi Intelijen", "Penyuluh Narkoba Ahli Muda"],
}
HEADS = (("Dinas", "Kepala Dinas"), ("Badan", "Kepala Badan"), ("Satuan", "Kepala Satuan"))


def position_for(agency_name: str, kind: str, nth: int) -> str:
    """The position of the `nth` person (0: the head) the demo registers for an agency."""
    if kind in POSITIONS:
        return POSITIONS[kind][nth % len(POSITIONS[kind])]
    if nth == 0:
        return next((head for word, head in HEADS if agency_name.startswith(word)), "Kepala")
    return OPD_STAFF[(nth - 1) % len(OPD_STAFF)]

SESSIONS = [
    ("Registrasi peserta", "07:30", "08:00", ""),
    ("Pembukaan oleh Sekretaris Daerah Provinsi Kalimantan Barat", "08:00", "08:45", "Ballroom"),
    ("Paparan Kepala BPPD: permasalahan kawasan perbatasan", "08:45", "09:45", "Ballroom"),
    ("Narasumber Bappeda: arah kebijakan Renja 2022", "09:45", "10:45", "Ballroom"),
    ("Narasumber DPMD: percepatan desa mandiri di perbatasan", "10:45", "11:45", "Ballroom"),
    ("Diskusi dan masukan perangkat daerah", "13:00", "15:00", "Ballroom"),
    ("Perumusan dan penandatanganan berita acara", "15:00", "16:00", "Ballroom"),
]

STAFF = [
    ("admin@demo.example.id", "Admin Forum", "admin"),
    ("panitia@demo.example.id", "Panitia BPPD", "organiser"),
    ("moderator@demo.example.id", "Pimpinan Sidang", "moderator"),
    ("registrasi@demo.example.id", "Petugas Registrasi", "checkin"),
]


def _local(day: str, hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=ZoneInfo(TZ))


def _credentials_file() -> Path:
    return Path(current_app.instance_path) / "demo-credentials.txt"


def _ensure_staff() -> list[tuple[str, str, str]]:
    """Demo staff accounts with random passwords, kept (0600) in instance/ so every start can print them."""
    path = _credentials_file()
    known = {}
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                known[parts[0]] = parts[2]
    result, changed = [], False
    for email, name, role in STAFF:
        user = db.session.scalar(select(User).where(User.email == email))
        password = known.get(email)
        if user is None:
            password = "".join(secrets.choice(_ALPHABET) for _ in range(14))
            accounts.create_user(email, name, role, password)
            changed = True
        elif password is None:
            password = "(set earlier; reset it with the admin page)"  # noqa: S105
        result.append((email, role, password))
    if changed or not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.writelines(f"{e}\t{r}\t{p}\n" for e, r, p in result)
    return result


def _ensure_event() -> tuple[Event, bool]:
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    if event is not None:
        return event, False
    event = events.create_event(events.ForumSettings(
        slug=DEMO_SLUG,
        title="Forum Perangkat Daerah BPPD Provinsi Kalimantan Barat — Rencana Kerja 2022",
        theme=("Inovasi di tengah pandemi untuk sinergi percepatan pertumbuhan ekonomi desa-desa tertinggal di "
              "kawasan perbatasan menuju desa mandiri"),
        venue="Hotel Aston Pontianak, Jl. Gajah Mada No. 301, Pontianak",
        starts_at="2021-02-25T08:00:00+07:00", ends_at="2021-02-25T16:00:00+07:00",
        timezone=TZ, stream_url="https://zoom.us/j/81234567890", registration_open=True,
    ))
    return event, True


def _populate(event: Event) -> None:
    rng = random.Random(2021)  # the same invented people every time
    agencies = []
    for name, short, kind in AGENCIES:
        agencies.append(events.save_agency(event, {"name": name, "short_name": short, "kind": kind.value}))
    people: list[Participant] = []
    used_names = set()
    for i in range(60):
        agency = agencies[i % len(agencies)]
        nth = i // len(agencies)  # the agency's first, second, third person
        while True:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if name not in used_names:
                used_names.add(name)
                break
        position = position_for(agency.name, agency.kind, nth)
        birth = f"{rng.randint(1965, 1992)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        nip = f"{birth}{int(birth[:4]) + rng.randint(22, 28)}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{i + 1:03d}"
        attendance = "online" if i % 3 == 2 else "in_person"
        p = registration.register(event, {
            "name": name, "agency": agency.name, "position": position,
            "nip": nip if agency.kind != AgencyKind.dprd.value else None,
            "email": f"{name.lower().replace(' ', '.')}{i}@contoh.kalbarprov.go.id",
            "phone": f"08{rng.choice(['11', '12', '13', '52', '53', '21'])}{rng.randint(10_000_000, 99_999_999)}",
            "attendance": attendance, "consent": True,
        }, source="import", require_consent=False, check_open=False, invited=True)
        people.append(p)
    db.session.flush()
    speakers = {"Bappeda": None, "DPMD": None, "BPPD": None}
    for p in people:
        short = p.agency.short_name if p.agency else ""
        if short in speakers and speakers[short] is None:
            speakers[short] = p
            p.role = ParticipantRole.speaker.value
            p.attendance = "in_person"
    day = "2021-02-25"
    for position, (title, start, end, room) in enumerate(SESSIONS):
        session = Session(event_id=event.id, title=title, starts_at=_local(day, start), ends_at=_local(day, end),
                          room=room, position=position)
        if "Kepala BPPD" in title and speakers["BPPD"]:
            session.speakers.append(speakers["BPPD"])
        elif "Bappeda" in title and speakers["Bappeda"]:
            session.speakers.append(speakers["Bappeda"])
        elif "DPMD" in title and speakers["DPMD"]:
            session.speakers.append(speakers["DPMD"])
        db.session.add(session)


LOGO = Path(__file__).resolve().parent.parent / "documents" / "assets" / "demo-logo.svg"  # an invented emblem
KOP = ["PEMERINTAH PROVINSI KALIMANTAN BARAT", "BADAN PENGELOLA PERBATASAN DAERAH",
       "Jalan Sutan Syahrir No. 1, Pontianak 78116 · Telepon (0561) 000000",
       "Pos-el bppd@contoh.kalbarprov.go.id · Laman bppd.contoh.kalbarprov.go.id"]


def _official_documents(event: Event) -> None:
    """The kop (an invented logo and BPPD's lines), the chair, and three chosen signatories: someone from
    Bappeda, a DPRD member and a camat. Only once: an organiser's later changes are kept."""
    from werkzeug.datastructures import FileStorage

    from forum.services import letterhead, minutes, signatories

    if letterhead.peek(event) is not None:
        return
    letterhead.update(event, {"lines": KOP, "place": "Pontianak"})
    with open(LOGO, "rb") as fh:
        letterhead.set_logo(event, FileStorage(fh, filename=LOGO.name))
    record = minutes.peek_minutes(event)
    if record is not None and record.finalised_at is not None:
        return  # final minutes keep their chair and signatories
    people = list(db.session.scalars(select(Participant).where(Participant.active_in(event)).order_by(Participant.id)))

    def first(test):
        return next((p for p in people if p.agency is not None and test(p)), None)

    chair = first(lambda p: p.agency.short_name == "BPPD")
    if chair is not None and not minutes.get_minutes(event).chair:
        minutes.update(event, {"chair": chair.name, "chair_nip": chair.nip or "",
                               "chair_position": "Kepala Badan Pengelola Perbatasan Daerah Provinsi Kalimantan Barat"})
    chosen = [first(lambda p: p.agency.short_name == "Bappeda"),
              first(lambda p: p.agency.kind == AgencyKind.dprd.value),
              first(lambda p: p.agency.kind == AgencyKind.kecamatan.value and p.position == "Camat")
              or first(lambda p: p.agency.kind == AgencyKind.kecamatan.value)]
    signatories.set_signatories(event, [p.id for p in chosen if p is not None and p is not chair])


def _notes(event: Event) -> None:
    """The notulen of two sessions: the gist of what the speakers said, two questions from the floor with their
    askers and answers, the conclusions, and a note-taker from BPPD (not the chair). Only once."""
    from forum.services import notes

    if notes.peek_notes(event) is not None:
        return
    people = list(db.session.scalars(select(Participant).where(Participant.active_in(event)).order_by(Participant.id)))
    bppd = [p for p in people if p.agency is not None and p.agency.short_name == "BPPD"]
    notes.set_notulis(event, bppd[1].id if len(bppd) > 1 else None, user=None)
    sessions = {s.title.split(":")[0]: s
                for s in db.session.scalars(select(Session).where(Session.event_id == event.id))}
    gists = [("Paparan Kepala BPPD", "Kawasan perbatasan masih tertinggal dalam akses jalan, listrik dan sinyal; "
              "dari 98 desa perbatasan, 43 berstatus tertinggal."),
             ("Narasumber Bappeda", "Renja 2022 diarahkan pada pemulihan ekonomi desa; usulan harus memuat lokasi, "
              "volume dan pagu indikatif agar dapat diverifikasi.")]
    for title, text in gists:
        session = sessions.get(title)
        if session is not None:
            speaker = session.speakers[0].id if session.speakers else None
            notes.save_entry(event, session, {"speaker_id": speaker, "text": text}, user=None)
    camat = next((p for p in people if p.position == "Camat" and p.agency is not None), None)
    dprd = next((p for p in people if p.agency is not None and p.agency.kind == AgencyKind.dprd.value), None)
    questions = [("Paparan Kepala BPPD", camat, "Kapan jalan poros Aruk–Sajingan Besar ditingkatkan?",
                  "Masuk usulan 2022 melalui Dinas PUPR, sesuai hasil Musrenbang.", "Kepala BPPD"),
                 ("Narasumber Bappeda", dprd, "Bagaimana pokok pikiran DPRD masuk ke Renja?",
                  "Pokir diinput ke SIPD dan dibahas bersama usulan perangkat daerah.", "Narasumber Bappeda")]
    for title, asker, question, answer, by in questions:
        session = sessions.get(title)
        if session is not None and asker is not None:
            notes.save_floor_question(event, session, {
                "asker_name": asker.name, "asker_agency": asker.agency.name, "question": question,
                "answer": answer, "answered_by": by}, user=None)
    notes.save_conclusions(event, {"conclusions": "Akses jalan dan listrik desa perbatasan menjadi prioritas Renja "
                                   "2022.\nUsulan perangkat daerah dilengkapi lokasi, volume dan pagu indikatif."},
                           user=None)


def _plans(event: Event) -> int:
    """The draft Renja, Musrenbang and pokir rows of the demo (services/demo_plans.py), once."""
    from forum.services import demo_plans

    return demo_plans.load(event)


# Another name people write for an agency, and a name nobody listed (kept unverified until an organiser maps it).
ALIASES = [("Dinas Kesehatan", "Dinas Kesehatan Prov. Kalbar"), ("Dinas Perhubungan", "Dishub Provinsi"),
           ("Badan Perencanaan Pembangunan Daerah", "Bappeda Prov. Kalbar")]
UNVERIFIED = ("Ignasius Apui", "Dishub Kalbar", "Kepala Seksi Angkutan Perbatasan")


def _people_on_the_list(event: Event) -> None:
    """Curated aliases; a registration naming an agency nobody listed (unverified, waiting to be mapped); and
    one person registered twice, once from the invitation list and again at the door with a degree, merged by
    the organisers (the audit log shows it). Only when the forum is created."""
    from forum.services import agencies, merging

    for name, alias in ALIASES:
        agency = agencies.find_agency(event, name)
        if agency is not None:
            agencies.add_alias(agency, alias)
    name, agency_name, position = UNVERIFIED
    registration.register(event, {"name": name, "agency": agency_name, "position": position,
                                  "attendance": "online", "consent": True}, check_open=False)
    kesbangpol = agencies.find_agency(event, "Kesbangpol")
    invited = db.session.scalar(select(Participant).where(Participant.agency_id == kesbangpol.id)
                                .order_by(Participant.id).limit(1))
    again = registration.register(event, {"name": f"{invited.name}, S.Sos.", "agency": kesbangpol.name,
                                          "position": invited.position, "attendance": "in_person",
                                          "consent": True}, source="walk_in", check_open=False)
    db.session.flush()
    organiser = db.session.scalar(select(User).where(User.email == STAFF[1][0]))
    merging.merge_participants(event, again.id, invited.id, actor=organiser)


# The proposals of the discussion session: (agency, title, programme, activity, (regency, district, village), target,
# budget, decision, merged into the proposal at this index, reason). Dinas PUPR's road is the one the camat asked
# about in the notulen; DPMD proposed the same road and was merged into it (DPMD becomes its co-proposer).
PROPOSALS = [
    ("Dinas PUPR", "Peningkatan jalan poros Aruk - Sajingan Besar", "Program Penyelenggaraan Jalan",
     "Penyelenggaraan jalan provinsi", ("Sambas", "Sajingan Besar", "Sebunga"), "12 km", 18_500_000_000,
     "accepted", None, ""),
    ("DPMD", "Peningkatan jalan poros desa Sebunga - Aruk", "Program Penyelenggaraan Jalan",
     "Peningkatan jalan desa", ("Sambas", "Sajingan Besar", "Sebunga"), "3 km", 2_000_000_000, "merged", 0, ""),
    ("Dinkes", "Alat kesehatan Puskesmas Badau", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya "
     "Kesehatan Masyarakat", "Penyediaan alat kesehatan puskesmas", ("Kapuas Hulu", "Badau", ""), "1 paket",
     1_250_000_000, "accepted", None, ""),
    ("Dishub", "Angkutan perintis Entikong - Sekayam", "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan",
     "Penyediaan angkutan umum perdesaan", ("Sanggau", "Entikong", ""), "2 trayek", 900_000_000, "accepted",
     None, ""),
    ("Disperindag", "Gudang logistik pangan perbatasan Entikong", "Program Stabilisasi Harga Barang Kebutuhan Pokok",
     "Pembangunan gudang logistik", ("Sanggau", "Entikong", ""), "1 unit", 3_000_000_000, "deferred", None,
     "Menunggu kajian kebutuhan dan lahan; diusulkan kembali tahun 2023."),
]


def _forum_day(event: Event) -> None:
    """The forum's day, partly happened, so that the daftar hadir and the berita acara show what they look like:
    the chair, the speakers, the notulis, the signatories and the askers, and two in five of the others who
    registered in person, checked in at the two desks before the opening (the others have not come yet: the
    door can still be tried); most online participants followed for a while; five proposals of the discussion,
    three accepted, one merged into another, one deferred. Only once, on a forum nobody has checked in at."""
    from forum.models import Checkin, Input, OnlinePresence
    from forum.models.notes import NoteQuestion
    from forum.services import checkin, minutes, notes, presence, signatories

    record = minutes.peek_minutes(event)
    started = [db.session.scalar(select(model.id).where(model.event_id == event.id).limit(1))
               for model in (Checkin, OnlinePresence, Input)]
    if any(x is not None for x in started) or (record is not None and record.finalised_at is not None):
        return
    people = list(db.session.scalars(select(Participant).where(Participant.active_in(event)).order_by(Participant.id)))
    kept = notes.peek_notes(event)
    askers = set(db.session.scalars(select(NoteQuestion.asker_name).where(NoteQuestion.event_id == event.id)))
    expected = {p.id for p in people if p.role == ParticipantRole.speaker.value or p.name in askers}
    expected |= {s.participant_id for s in signatories.list_signatories(event)}
    expected |= {kept.notulis_id} if kept is not None and kept.notulis_id else set()
    expected |= {p.id for p in people if record is not None and p.name == record.chair}
    day = event.starts_at
    desk = db.session.scalar(select(User).where(User.email == STAFF[3][0]))
    in_person = [p for p in people if p.attendance == "in_person"]
    others = [p for p in in_person if p.id not in expected]
    came = [p for p in in_person if p.id in expected or others.index(p) % 5 in (0, 2)]  # about half in all
    for n, person in enumerate(came):  # from 07.10 WIB, a person every two minutes or so
        checkin.check_in(event, checkin.Scan(participant_id=person.id, desk=f"Meja {1 + n % 2}",
                                             scanned_at=day - timedelta(minutes=50 - 2 * n - n % 3)), user=desk)
    online = [p for p in people if p.attendance == "online"]
    for n, person in enumerate(online):
        if n % 5 == 3:
            continue  # registered online, never opened the live page
        joined = day + timedelta(minutes=3 * n - 5)
        connection = f"demo-{person.id}"
        presence.record([presence.Joined(connection, event.id, person.id, None, joined),
                         presence.Left(connection, event.id, joined + timedelta(minutes=40 + 37 * n % 200))])
    present = {p.id for p in came} | {p.id for n, p in enumerate(online) if n % 5 != 3}
    _proposals(event, sorted(people, key=lambda p: p.id not in present))


def _proposals(event: Event, people: list[Participant]) -> None:
    """The discussion's proposals, each from the first of `people` of its agency (those present come first), and
    the moderator's decisions."""
    from forum.services import inputs

    session = db.session.scalar(select(Session).where(Session.event_id == event.id,
                                                      Session.title.startswith("Diskusi")))
    moderator = db.session.scalar(select(User).where(User.email == STAFF[2][0]))
    by_agency = {}
    for person in people:
        if person.agency is not None:
            by_agency.setdefault(person.agency.short_name, person)
    was_open, session.input_open = session.input_open, True  # open for the discussion, as it was then
    made = []
    for n, (short, title, program, activity, (regency, district, village), target, budget, *_rest) in \
            enumerate(PROPOSALS):
        submitted = inputs.submit(event, session, inputs.Submission(
            kind="proposal", title=title, body=title, program=program, activity=activity, target=target,
            budget=budget, priority="high", location={"regency": regency, "district": district, "village": village}),
            participant=by_agency[short])
        submitted.input.created_at = session.starts_at + timedelta(minutes=10 + 7 * n)
        made.append(submitted.input)
    for item, (*_rest, decision, into, reason) in zip(made, PROPOSALS, strict=True):
        command = inputs.Moderation(status=decision, **({"merged_into": made[into].id} if into is not None else {}),
                                    **({"note": reason} if reason else {}))
        inputs.moderate(event, item, command, user=moderator)
    session.input_open = was_open


def load_demo() -> str:
    staff = _ensure_staff()
    event, created = _ensure_event()
    if created:
        _populate(event)
        db.session.flush()
        _people_on_the_list(event)
    _official_documents(event)
    _notes(event)
    db.session.flush()
    _forum_day(event)
    _plans(event)
    count = db.session.query(Participant).filter_by(event_id=event.id).count()
    lines = [
        f"Demo forum '{event.slug}' {'created' if created else 'already loaded'}: {count} participants.",
        "Staff logins (also kept in instance/demo-credentials.txt):",
        *[f"  {role:<10} {email}  password: {password}" for email, role, password in staff],
    ]
    return "\n".join(lines)


