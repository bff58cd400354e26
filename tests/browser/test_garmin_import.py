"""On a phone: the runner reads how to get their Garmin export, uploads it as it came (FIT files
in a zip inside the zip), sees each file's outcome, the ride skipped, and finds the runs."""

import datetime as dt
import io
import zipfile

import pytest
from playwright.sync_api import FilePayload, Page, ViewportSize, expect

from tests.athletes.factories import AthleteFactory
from tests.browser.steps import log_in
from tests.checkins.activity_files import fit_bytes

pytestmark = pytest.mark.browser
PHONE: ViewportSize = {"width": 390, "height": 844}


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_runner_imports_a_garmin_export_as_it_came(page: Page, live_server, transactional_db, now):
    runner = AthleteFactory.create(user__email="rita@example.org", units="km")
    yesterday = now - dt.timedelta(days=1)
    earlier = yesterday - dt.timedelta(days=2)
    uploads = zip_of(
        {
            "1001.fit": fit_bytes([(earlier, 1800, 5000, "running")]),
            "1002.fit": fit_bytes([(earlier + dt.timedelta(hours=8), 3600, 30000, "cycling")]),
            "1003.fit": fit_bytes([(yesterday, 2400, 8000, "running")]),
        }
    )
    export = zip_of(
        {
            "DI_CONNECT/DI-Connect-User/user_profile.json": b"{}",
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": uploads,
        }
    )
    base = live_server.url
    page.set_viewport_size(PHONE)

    log_in(page, base, runner.user.email)
    page.get_by_role("link", name="Runs", exact=True).click()
    page.get_by_role("link", name="Import files", exact=True).click()
    page.get_by_text("Bringing in your Garmin history").click()
    expect(page.locator("#garmin-export")).to_contain_text("Data Management → Export Your Data")
    page.get_by_label("Activity files").set_input_files(
        [FilePayload(name="garmin.zip", mimeType="application/zip", buffer=export)]
    )
    page.get_by_role("button", name="Import").click()

    results = page.locator("#import-results")
    expect(results.locator("tr", has_text="garmin.zip").first).to_contain_text("Unpacked")
    expect(results).to_contain_text("1 other file skipped (1 .json)")
    expect(results.locator("tr", has_text="1001.fit")).to_contain_text("1 imported")
    expect(results.locator("tr", has_text="1002.fit")).to_contain_text("Skipped")
    expect(results.locator("tr", has_text="1003.fit")).to_contain_text("1 imported")

    results.get_by_role("link", name="See your runs").click()
    expect(page.locator("li.run")).to_have_count(2)
    expect(page.locator("li.run").first).to_contain_text("8.0 km in 40:00")
