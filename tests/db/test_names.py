"""Names that can't impersonate (rule 8): cleaning, look-alike keys, refusals, `check`, m004."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import unicodedata
from importlib.resources import files
from pathlib import Path

import pytest
from sqlite_utils import Database

from db import areas, check, decisions, meetings, people, taskforces, tasks
from db.confusables import prototypes, skeleton
from db.connection import APPLICATION_ID, open_db
from db.errors import Duplicate, Invalid, NameTaken
from db.migrations import STEPS, migrations
from db.names import name_collisions
from db.text import clean, clean_name, name_key, name_skeleton, required
from tests.conftest import Team

NFC_JOSE = "Jos\u00e9 N\u00fa\u00f1ez"
NFD_JOSE = "Jose\u0301 Nu\u0301n\u0303ez"

# Each names "Maya Chen" or "Ada Admin" to the eye.
LOOK_ALIKES = {
    "zero width space": "Maya Chen\u200b",
    "zero width joiner": "Ma\u200dya Chen",
    "zero width non-joiner": "Maya\u200c Chen",
    "word joiner": "Ada Admin\u2060",
    "byte order mark": "\ufeffAda Admin",
    "soft hyphen": "Ma\u00adya Chen",
    "left-to-right mark": "Maya Chen\u200e",
    "right-to-left mark": "\u200fMaya Chen",
    "arabic letter mark": "Maya\u061c Chen",
    "right-to-left override": "\u202eMaya Chen\u202c",
    "left-to-right isolate": "\u2066Maya Chen\u2069",
    "hangul filler": "Maya Chen\u3164",
    "variation selector": "Maya\ufe0f Chen",
    "tag character": "Maya Chen\U000e0041",
    "cyrillic a": "M\u0430ya Chen",
    "cyrillic capital a": "MAYA CHEN".replace("A", "\u0410", 1),
    "greek capital alpha": "\u0391da Admin",
    "cyrillic e": "Maya Ch\u0435n",
    "fullwidth": "\uff2d\uff41\uff59\uff41 \uff23\uff48\uff45\uff4e",
    "mathematical bold": "\U0001d40c\U0001d41a\U0001d432\U0001d41a Chen",
    "non-breaking space": "Maya\u00a0Chen",
    "ideographic space": "Maya\u3000Chen",
    "braille blank": "Maya\u2800Chen",
    "other case": "MAYA CHEN",
    "tab": "Maya\tChen",
}


# --- Cleaning --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (NFD_JOSE, NFC_JOSE),  # NFD and NFC are one name
        ("\uff2d\uff41\uff59\uff41", "Maya"),  # fullwidth
        ("\ufb01ona", "fiona"),  # the "fi" ligature
        ("\u2168 Lee", "IX Lee"),  # roman numeral nine
        ("Zo\u00eb  \u200b Smith", "Zo\u00eb Smith"),  # a zero-width space alone is no word
        ("\u202eMaya\u202c", "Maya"),
        ("Maya\u2066 Chen\u2069", "Maya Chen"),
        ("Maya\x1b[31m Chen", "Maya[31m Chen"),  # control characters, as before
        ("Maya\nChen\t", "Maya Chen"),
        ("\u0645\u0631\u06cc\u200c\u0645", "\u0645\u0631\u06cc\u0645"),  # names lose ZWNJ too
        ("\U0001f469\u200d\U0001f4bb Maya", "\U0001f469\U0001f4bb Maya"),  # and ZWJ
    ],
)
def test_names_are_nfkc_without_invisible_characters(typed: str, stored: str) -> None:
    assert clean_name(typed) == stored
    assert required(typed, "a name", name=True) == stored


@pytest.mark.parametrize("invisible", ["\u200b\u2060", "\u202e\u202c", "\u3164", "\u2800 \ufeff"])
def test_a_name_of_invisible_characters_is_empty(invisible: str) -> None:
    with pytest.raises(Invalid, match="can't be empty"):
        required(invisible, "a person's name", name=True)


@pytest.mark.parametrize(
    "override", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068"]
)
def test_other_text_loses_bidi_overrides_and_isolates(override: str) -> None:
    assert clean(f"pay {override}evil\u2069 now") == "pay evil now"


@pytest.mark.parametrize(
    "text",
    [
        "\U0001f469\u200d\U0001f469\u200d\U0001f467 family",  # ZWJ emoji sequence
        "\U0001f3f3\ufe0f\u200d\U0001f308 flag",  # variation selector + ZWJ
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian "I want" with its ZWNJ
        "\u05e9\u05dc\u05d5\u05dd \u200fok\u200e",  # Hebrew with RLM/LRM marks
        "line one\nline\ttwo",
        NFD_JOSE,  # other text is stored as typed: no normalisation
    ],
)
def test_other_text_keeps_what_real_text_needs(text: str) -> None:
    assert clean(text) == text


def test_titles_notes_and_decisions_lose_overrides_but_keep_joiners(team: Team) -> None:
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    meeting = meetings.create_meeting(team.db, team.maya, f"Sync \u202eevil\u202c {family}")
    assert meeting.title == f"Sync evil {family}"
    meetings.add_item(team.db, team.maya, meeting.id, "Plan")
    decision = decisions.record_decision(
        team.db, team.maya, f"{persian} \u2067x\u2069", meeting_id=meeting.id, item_position=1
    )
    assert decision.text == f"{persian} x"
    task = tasks.add_task(team.db, team.maya, f"Call \u202dthe client {family}", "Omar Haddad")
    assert task.title == f"Call the client {family}"


# --- The look-alike key -------------------------------------------------------------------


def test_skeleton_follows_tr39() -> None:
    assert skeleton("M\u0430ya") == skeleton("Maya")  # Cyrillic a -> Latin a
    assert skeleton("m") == "rn"
    assert skeleton(NFD_JOSE) == skeleton(NFC_JOSE) == unicodedata.normalize("NFD", NFC_JOSE)
    assert skeleton("paypa\u200bl") == skeleton("paypal")  # default-ignorable dropped
    assert skeleton("Maya") != skeleton("Mara")


@pytest.mark.parametrize("look_alike", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_look_alikes_share_the_key(look_alike: str) -> None:
    real = "Ada Admin" if "Ad" in look_alike or "\u0391" in look_alike else "Maya Chen"
    assert name_skeleton(look_alike) == name_skeleton(real)


def test_different_names_keep_different_keys() -> None:
    names = ["Maya Chen", "Maya Chan", "Mia Chen", "Ada Admin", "Adam Admin", NFC_JOSE, "Jose"]
    assert len({name_skeleton(n) for n in names}) == len(names)


def test_the_confusables_table_ships_as_package_data() -> None:
    path = files("db").joinpath("data/confusables.txt")
    text = path.read_text(encoding="utf-8")
    assert "© 2020 Unicode®, Inc." in text and "terms_of_use" in text and "Version 13.0.0" in text
    assert len(text.encode()) < 300_000
    assert len(prototypes()) > 6000
    assert prototypes()["\u0430"] == "a"
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert "data/*.txt" in pyproject["tool"]["setuptools"]["package-data"]["db"]


def test_the_table_loads_only_when_a_name_is_checked(tmp_path: Path) -> None:
    """Opening a database and finding people by their names never reads the table."""
    made = open_db(tmp_path / "t.db", create=True)
    people.init(made, "Ada Admin")
    made.close()
    script = f"""
from db.connection import open_db
from db.people import get_person, list_people
from db.confusables import prototypes
db = open_db({str(tmp_path / "t.db")!r})
get_person(db, "ada admin"); get_person(db, 1); list_people(db)
assert prototypes.cache_info().currsize == 0, "loaded too early"
get_person(db, "Ad\u0430 Admin")  # a look-alike finds the real person through the table
assert prototypes.cache_info().currsize == 1
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# --- Refusals: people, departments, task forces, areas ------------------------------------


def _count(db: Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.mark.parametrize("look_alike", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_person_who_looks_like_another_is_refused(team: Team, look_alike: str) -> None:
    real = team.admin if ("Ad" in look_alike or "\u0391" in look_alike) else team.maya
    before = _count(team.db, "people")
    with pytest.raises(NameTaken) as caught:
        people.add_person(team.db, team.admin, look_alike, department="Sales")
    err = caught.value
    assert err.exit_code == 1 and isinstance(err, Invalid)
    assert (err.kind, err.existing_id, err.existing_name) == ("person", real.id, real.name)
    assert "already exists" in str(err) and repr(real.name) in str(err)
    assert _count(team.db, "people") == before


@pytest.mark.parametrize(
    ("typed", "odd"),
    [
        ("M\u0430ya Chen", "U+0430 CYRILLIC SMALL LETTER A"),
        ("Maya Ch\u0435n", "U+0435 CYRILLIC SMALL LETTER IE"),
        ("\U0001d40c\u0430ya Chen", "U+0430 CYRILLIC SMALL LETTER A"),
    ],
)
def test_a_look_alike_refusal_spells_out_what_differs(team: Team, typed: str, odd: str) -> None:
    with pytest.raises(NameTaken, match="looks the same") as caught:
        people.add_person(team.db, team.admin, typed)
    assert caught.value.look_alike
    assert odd in str(caught.value)


def test_nfd_and_nfc_are_one_person(team: Team) -> None:
    jose = people.add_person(team.db, team.admin, NFD_JOSE, department="Sales")
    assert jose.name == NFC_JOSE
    with pytest.raises(NameTaken):
        people.add_person(team.db, team.admin, NFC_JOSE)
    assert people.get_person(team.db, NFD_JOSE).id == jose.id
    assert people.get_person(team.db, NFC_JOSE.upper()).id == jose.id


def test_names_are_found_exactly_in_any_case_and_by_look(team: Team) -> None:
    for ref in ("Maya Chen", "maya chen", "  MAYA   chen ", "Maya Chen\u200b", "M\u0430ya Chen"):
        assert people.get_person(team.db, ref).id == team.maya.id
    with pytest.raises(Exception, match="no person named"):
        people.get_person(team.db, "Maya Chan")


def test_a_department_that_looks_like_another_is_refused(team: Team) -> None:
    for typed in ("\u0405ales", "Sales\u200b", "SALES", "M\u0430rketing", "\uff33ales"):
        with pytest.raises(NameTaken) as caught:
            people.add_department(team.db, team.admin, typed)
        assert caught.value.kind == "department"
        assert caught.value.existing_name in ("Sales", "Marketing")
    assert people.get_department(team.db, "\u0405ales").name == "Sales"
    assert _count(team.db, "departments") == 2


def test_a_task_force_that_looks_like_another_is_refused(team: Team) -> None:
    first = taskforces.create_task_force(
        team.db,
        team.admin,
        "Key account rescue",
        problem="x",
        lead="Maya Chen",
        members=["Tom Berg"],
    )
    for typed in (
        "Key \u0430ccount rescue",
        "Key account rescue\u2060",
        "\u202eKey account rescue",
    ):
        with pytest.raises(NameTaken) as caught:
            taskforces.create_task_force(
                team.db, team.admin, typed, problem="y", lead="Lena Park", members=["Omar Haddad"]
            )
        assert (caught.value.kind, caught.value.existing_id) == ("task force", first.id)
    assert taskforces.get_task_force(team.db, "Key \u0430ccount rescue").id == first.id
    assert _count(team.db, "task_forces") == 1


def test_an_area_that_looks_like_another_is_refused_even_when_duplicates_are_allowed(
    team: Team,
) -> None:
    first = areas.assign_area(team.db, team.lena, "Webinars", "Tom Berg")
    for typed in ("Web\u0456nars", "W\u0435binars"):
        with pytest.raises(NameTaken) as caught:
            areas.assign_area(team.db, team.lena, typed, "Nina Roy", allow_duplicate=True)
        assert (caught.value.kind, caught.value.existing_id) == ("area", first.id)
    # The same name with invisible characters is the same area.
    again = areas.assign_area(team.db, team.lena, "Webinars\u200b", "Nina Roy")
    assert (again.id, again.area, again.owner) == (first.id, "Webinars", "Nina Roy")
    # Near-duplicates (rule 2) are still near-duplicates.
    with pytest.raises(Duplicate):
        areas.assign_area(team.db, team.lena, "Webinar", "Tom Berg")
    assert areas.assign_area(team.db, team.lena, "Webinar", "Tom Berg", allow_duplicate=True)
    assert _count(team.db, "areas") == 2


def test_an_admin_name_is_cleaned_at_init(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.db", create=True)
    admin, _ = people.init(db, "\u202eAda\u200b Admin")
    assert admin.name == "Ada Admin"
    db.close()


# --- check ---------------------------------------------------------------------------------


def test_check_lists_names_that_collide(team: Team) -> None:
    assert name_collisions(team.db) == []
    # Written behind Tandem's back (or before rule 8): two people who look the same.
    team.db.execute(
        "UPDATE people SET name = ?, name_skeleton = NULL WHERE id = ?",
        ["M\u0430ya Chen", team.omar.id],
    )
    team.db.execute(
        "UPDATE departments SET name = ?, name_skeleton = NULL WHERE name = 'Marketing'",
        ["Sales\u200b"],
    )
    found = name_collisions(team.db)
    assert len(found) == 2
    person_line = next(line for line in found if line.startswith("people"))
    assert f"{team.maya.id} 'Maya Chen'" in person_line
    assert f"{team.omar.id} 'M\u0430ya Chen' (U+0430 CYRILLIC SMALL LETTER A)" in person_line
    dept_line = next(line for line in found if line.startswith("departments"))
    assert "'Sales\\u200b'" in dept_line and "U+200B ZERO WIDTH SPACE" in dept_line
    assert set(found) <= set(check.damage(team.db))


# --- m004: an existing database gets its keys -----------------------------------------------

OLD = {"m001_core_schema", "m002_full_text_search"}


def _old_key(name: str) -> str:
    """name_key as Tandem computed it before m004."""
    return " ".join(name.casefold().split())


def _old_database(path: Path) -> None:
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations().apply(db, stop_before=[fn.__name__ for fn in STEPS if fn.__name__ not in OLD])
    assert "name_skeleton" not in db["people"].columns_dict
    at = "2026-01-01T09:00:00+00:00"
    for name in ("Sales", "Marketing", "\u0405ales"):
        db.execute(
            "INSERT INTO departments (name, name_key, created_at) VALUES (?, ?, ?)",
            [name, _old_key(name), at],
        )
    for name in ("Ada Admin", "Maya Chen", "M\u0430ya Chen", "Maya Chen\u200b", NFD_JOSE, "Tom"):
        db.execute(
            "INSERT INTO people (name, name_key, department_id, is_admin, created_at) VALUES (?, ?, 1, ?, ?)",
            [name, _old_key(name), int(name == "Ada Admin"), at],
        )
    db.execute("INSERT INTO settings (key, value) VALUES ('default_user_id', '1')")
    db.execute(
        "INSERT INTO task_forces (name, name_key, problem, lead_id, created_by, created_at) VALUES (?, ?, 'x', 2, 1, ?)",
        ["Rescue", "rescue", at],
    )
    db.execute(
        "INSERT INTO areas (name, name_key, department_id, owner_id, assigned_by, assigned_at) VALUES (?, ?, 1, 2, 1, ?)",
        ["Webinars", "webinars", at],
    )
    db.close()


def test_m004_gives_an_existing_database_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path)
    db = open_db(path)  # migrates
    assert ("tandem", "m004_name_skeletons") in db.execute(
        "SELECT migration_set, name FROM _sqlite_migrations"
    ).fetchall()
    keys = {
        name: (key, skel)
        for name, key, skel in db.execute("SELECT name, name_key, name_skeleton FROM people")
    }
    # The oldest of each look-alike group keeps the key; the others get none.
    assert keys["Maya Chen"] == ("maya chen", name_skeleton("Maya Chen"))
    assert keys["M\u0430ya Chen"][1] is None
    assert keys["Maya Chen\u200b"] == (_old_key("Maya Chen\u200b"), None)  # its new key is taken
    # A key that was computed without normalisation is recomputed.
    assert keys[NFD_JOSE] == (name_key(NFC_JOSE), name_skeleton(NFC_JOSE))
    assert people.get_person(db, NFC_JOSE).name == NFD_JOSE
    for table, name in (("departments", "Sales"), ("task_forces", "Rescue"), ("areas", "Webinars")):
        skel = db.execute(f"SELECT name_skeleton FROM {table} WHERE name = ?", [name]).fetchone()
        assert skel == (name_skeleton(name),)
    # check names every collision the old rules let in; new look-alikes are refused.
    found = check.damage(db)
    assert any("M\u0430ya Chen" in line and "Maya Chen\\u200b" in line for line in found), found
    assert any(line.startswith("departments") and "\u0405ales" in line for line in found), found
    admin = people.get_person(db, "Ada Admin")
    with pytest.raises(NameTaken):
        people.add_person(db, admin, "Maya Che\u0578")  # Armenian vo
    with pytest.raises(NameTaken):
        people.add_person(db, admin, "\u0422om")  # Cyrillic Te
    with pytest.raises(NameTaken):
        areas.assign_area(db, admin, "W\u0435binars", "Tom", allow_duplicate=True)
    db.close()


def test_a_new_database_keeps_every_name_apart(team: Team) -> None:
    """The schema refuses a second record with the same look-alike key, whatever writes it."""
    with pytest.raises(Exception, match="UNIQUE constraint failed: people.name_skeleton"):
        team.db.execute(
            "INSERT INTO people (name, name_key, name_skeleton, created_at) VALUES (?, ?, ?, 'x')",
            ["M\u0430ya Chen", "m\u0430ya chen", name_skeleton("Maya Chen")],
        )


def test_a_rename_may_keep_its_own_name_but_not_take_a_look_alike(team: Team) -> None:
    from db.names import refuse_taken

    assert refuse_taken(team.db, "people", "MAYA chen", exclude_id=team.maya.id) == (
        "maya chen",
        name_skeleton("Maya Chen"),
    )
    with pytest.raises(NameTaken) as caught:
        refuse_taken(team.db, "people", "M\u0430ya Chen", exclude_id=team.omar.id)
    assert caught.value.existing_id == team.maya.id
