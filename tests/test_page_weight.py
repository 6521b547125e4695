"""The live page is for phones on weak connections: its first load, everything the browser fetches
until the live connection has delivered the agenda (stream and materials not counted: the stream
loads only on a tap), stays under 200 KB."""
import uuid

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SLUG = "forum-opd-bppd-2022"
BUDGET = 200 * 1024


def test_live_page_first_load_is_under_200_kb(live_server, browser):
    response = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/registrations", timeout=10, json={
        "name": "Dayang Lestari", "agency": "Kecamatan Entikong", "position": "Sekretaris Camat",
        "attendance": "online", "email": f"{uuid.uuid4().hex[:8]}@example.id", "consent": True})
    assert response.status_code == 201, response.text
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(response.json()["personal_url"])  # sets the browser session; not part of the live page's load

        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        urls, transferred, frames = {}, {}, []
        cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished",
               lambda e: transferred.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(len(e["response"]["payloadData"])))
        cdp.on("Network.webSocketFrameSent", lambda e: frames.append(len(e["response"]["payloadData"])))

        page.goto(f"{live_server.url}/events/{SLUG}/live")
        page.locator("body[data-current]").wait_for(state="attached")  # the live agenda has arrived
        expect(page.locator("[data-agenda] li").first).to_be_visible()
        page.wait_for_timeout(1500)  # let the transport settle (polling → WebSocket upgrade)

        total = sum(transferred.values()) + sum(frames)
        lines = sorted(((size, urls.get(rid, rid)) for rid, size in transferred.items()), reverse=True)
        print(f"\nlive page, first load: {total} bytes ({total / 1024:.1f} KB) in {len(transferred)} responses "
              f"and {len(frames)} WebSocket frames")
        for size, url in lines:
            print(f"  {size:>8}  {url}")
        assert any("/static/vendor/socket.io/" in url for url in urls.values())
        assert any(url.endswith(f"/events/{SLUG}/live") for url in urls.values())
        assert total < BUDGET
    finally:
        context.close()
