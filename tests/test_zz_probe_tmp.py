import pytest
pytestmark = pytest.mark.both_dbs

def test_probe(client, make, backend):
    slug = make.event()
    h = make.headers()
    base = {"name": "A", "agency": "Bappeda", "position": "x", "attendance": "in_person", "consent": True}
    r = client.post(f"/api/v1/events/{slug}/registrations", json={**base, "attendance": ["in_person"]})
    print("attendance list", r.status_code, r.json)
    p = make.participant(slug)
    r = client.patch(f"/api/v1/events/{slug}/participants/{p['id']}", json={"role": ["x"]}, headers=h)
    print("role list", r.status_code, r.json)
    r = client.get(f"/api/v1/events/{slug}/participants/99999999999999999999", headers=h)
    print("big id", r.status_code, r.json)
    r = client.get("/api/v1/events/a%00b")
    print("nul slug", r.status_code, r.json)
    r = client.get(f"/api/v1/events/{slug}/participants?q=a%00b", headers=h)
    print("nul q", r.status_code, r.json)
    r = client.patch(f"/api/v1/events/{slug}", json={"stream_url": "http://a\u0000b"}, headers=h)
    print("nul url", r.status_code, r.json)
    r = client.post(f"/api/v1/events/{slug}/registrations", data="[" * 100000, content_type="application/json")
    print("deep", r.status_code, r.json)
    r = client.delete(f"/api/v1/events/{slug}")
    print("405", r.status_code, r.json, r.headers.get("Allow"))
    r = client.post(f"/api/v1/events/{slug}/registrations", json={**base, "name": "<script>alert(1)</script>", "email": "a\u0000@x.id"})
    print("nul email", r.status_code, r.json)
