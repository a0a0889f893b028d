"""The checks the app's leave dialog shares with ``leave_person``: who may mark someone as
having left (asked before any dialog opens) and where a headship goes."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from db.errors import Invalid, PermissionDenied, PersonLeft
from db.people import get_department, get_person
from db.people_changes import headship_goes_to, leave_person, require_may_leave
from tests.conftest import Team


def test_require_may_leave_refuses_what_leave_person_refuses(db: Database, team: Team) -> None:
    require_may_leave(db, team.admin, team.omar)
    require_may_leave(db, team.maya, team.omar)  # the head of Sales
    with pytest.raises(PermissionDenied):
        require_may_leave(db, team.lena, team.omar)  # the head of Marketing
    with pytest.raises(PermissionDenied):
        require_may_leave(db, team.sara, team.omar)
    with pytest.raises(Invalid, match="the admin can't leave"):
        require_may_leave(db, team.admin, team.admin)
    leave_person(db, team.admin, team.nina.id)
    with pytest.raises(PersonLeft):
        require_may_leave(db, team.admin, get_person(db, team.nina.id))


def test_headship_goes_to_agrees_with_leave_person(db: Database, team: Team) -> None:
    sales = get_department(db, "Sales").id
    assert headship_goes_to(team.admin, team.sara, sales)
    assert not headship_goes_to(team.admin, team.tom, sales)  # Marketing
    assert not headship_goes_to(team.lena, team.sara, sales)  # only the admin appoints
    left = leave_person(db, team.admin, team.maya.id, to=team.sara.id)
    assert left.headless == ()
    assert get_department(db, "Sales").head == "Sara Ito"
    left = leave_person(db, team.admin, team.lena.id, to=team.omar.id)
    assert left.headless == ("Marketing",)


def test_successor_check_refuses_what_leave_person_refuses(db: Database, team: Team) -> None:
    from db.areas import assign_area
    from db.holdings import holdings
    from db.people_changes import successor_check
    from db.tasks import add_task

    assign_area(db, team.maya, "Enterprise renewals", team.omar.id)
    add_task(db, team.maya, "Call Globex", team.omar.id)
    check = successor_check(db, team.maya, team.omar, holdings(db, team.omar))
    check(team.sara)  # Sales: the head of Sales hands over within Sales
    with pytest.raises(PermissionDenied) as refused:
        check(team.tom)  # Marketing: the admin's to do
    with pytest.raises(PermissionDenied) as left:
        leave_person(db, team.maya, team.omar.id, to=team.tom.id)
    assert (left.value.rule, left.value.action) == (refused.value.rule, refused.value.action)
    with pytest.raises(Invalid, match="their own work"):
        check(team.omar)
    successor_check(db, team.admin, team.omar, holdings(db, team.omar))(team.tom)
    assert not get_person(db, team.omar.id).has_left  # nothing moved while refused
