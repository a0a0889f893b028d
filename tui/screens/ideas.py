"""Ideas: taken in formally, decided by the heads in one key, credited when used.

The list shows one status at a time (new first: what waits for a decision), each idea
credited to its author ("Omar Haddad, Sales"). Anyone adds an idea, for themselves or
someone else; a head or the admin accepts (a), declines with a reason (x), plans it onto
a meeting's agenda (p) and marks it implemented (d). A refusal says why and who may.
Only ``LIMIT`` ideas are read at once, so the screen opens as fast with 10,000 ideas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from db.dates import local_today
from db.ideas import Idea, accept_idea, plan_idea
from tui.screens.base import TandemScreen
from tui.text import mixed, one_line, safe, safe_text
from tui.widgets.footer import TandemFooter
from tui.widgets.tables import Refill

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database
    from textual.app import ComposeResult

    from db.models import Meeting, Person

LIMIT = 200  # ideas read at once (per status view): a page, so 10,000 open fast
# The views, by key: a status, or every idea (None).
VIEWS: tuple[tuple[str, str | None, str], ...] = (
    ("1", "new", "New"),
    ("2", "accepted", "Accepted"),
    ("3", "planned", "Planned"),
    ("4", "done", "Implemented"),
    ("5", "declined", "Declined"),
    ("0", None, "All"),
)
STATUS_STYLE = {
    "new": "bold yellow",
    "accepted": "cyan",
    "planned": "blue",
    "done": "bold green",
    "declined": "dim",
}


def where(idea: Idea) -> str:
    """What became of an idea, in a few words."""
    if idea.status == "declined":
        return f"declined: {one_line(idea.reason, 60)}"
    if idea.status == "planned" and idea.meeting_id is not None:
        return f"meeting {idea.meeting_id}, item {idea.agenda_item}"
    if idea.status == "done":
        return f"task {idea.task_id}" if idea.task_id else "implemented"
    if idea.status == "accepted":
        return "in the backlog"
    return "waiting for a head"


def read_ideas(db: Database, status: str | None) -> tuple[dict[str, int], list[Idea]]:
    """The count per status and up to ``LIMIT`` + 1 ideas of the view (one more: there are
    more), in one trip to the reader thread."""
    from db.ideas import count_ideas, list_ideas

    # New and accepted ideas wait: oldest first. The rest: the newest first.
    newest = status not in ("new", "accepted")
    return count_ideas(db), list_ideas(db, status=status, limit=LIMIT + 1, newest_first=newest)


class IdeasScreen(TandemScreen):
    """Ideas by status with their authors' credit, and one-key triage for heads."""

    CSS_PATH = "ideas.tcss"
    # The keys the footer keeps at any width (tui/widgets/footer.py).
    PRIMARY_KEYS = ("n", "a", "x", "p", "d")
    BINDINGS = [
        Binding("n", "add", "New idea"),
        Binding("a", "accept", "Accept", tooltip="Accept the idea (a head or the admin)"),
        Binding("x", "decline", "Decline", tooltip="Decline with a reason the author sees"),
        Binding("p", "plan", "Plan", tooltip="Put the idea on a planned meeting's agenda"),
        Binding("d", "done", "Done", tooltip="Mark implemented (optionally the task)"),
        *(
            Binding(key, f"view({status!r})", label, show=False, tooltip=f"Show {label.lower()}")
            for key, status, label in VIEWS
        ),
        Binding("f5", "reload", "Reload", show=False),
        Binding("escape", "back", "Back", show=False, tooltip="Back to Home"),
    ]

    def __init__(self, status: str | None = "new") -> None:
        super().__init__()
        self.status = status
        self._shown: dict[str, Idea] = {}
        self._to_top = False  # the next fill puts the cursor on the first row (another view)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content(""), id="idea-views")
        yield DataTable(id="ideas", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="idea-detail"):
            yield Static(Content(""), id="idea-text")
        yield TandemFooter()

    def on_mount(self) -> None:
        self.query_one("#ideas", DataTable).add_columns(
            "#", "Status", "Idea", "From", "Where", "Entered"
        )
        self.reload()
        self.query_one("#ideas", DataTable).focus()

    # -- reading ------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the counts and the view, keeping the cursor on the same row.

        Read on the reader thread (``Refusals.read``); the list fills when it comes back.
        """
        status = self.status
        self.read(lambda db: read_ideas(db, status), self._filled, key="ideas")

    def _filled(self, found: tuple[dict[str, int], list[Idea]]) -> None:
        counts, ideas = found
        self._fill(ideas[:LIMIT])
        if self._to_top:
            self._to_top = False
            self.query_one("#ideas", DataTable).move_cursor(row=0, animate=False)
        self._show_views(counts, len(ideas) > LIMIT)

    def _show_views(self, counts: dict[str, int], more: bool) -> None:
        parts: list[Content] = []
        for key, status, label in VIEWS:
            n = sum(counts.values()) if status is None else counts.get(status, 0)
            style = "reverse bold" if status == self.status else ""
            parts.append(Content.styled(f" {key} {label} {n:,} ", style))
        if more:
            parts.append(safe(f"  ({LIMIT:,} shown)", "dim"))
        self.query_one("#idea-views", Static).update(Content("").join(parts))

    def _fill(self, ideas: list[Idea]) -> None:
        self._shown = {}
        with Refill(self.query_one("#ideas", DataTable)) as table:
            for idea in ideas:
                self._shown[str(idea.id)] = idea
                table.add_row(
                    Text(str(idea.id)),
                    Text(idea.status, style=STATUS_STYLE.get(idea.status, "")),
                    safe_text(idea.text, 36),
                    safe_text(idea.credit, 26),
                    safe_text(where(idea), 30),
                    Text(idea.created_at[:10]),
                    key=str(idea.id),
                )
        self._show(self.current())

    def current(self) -> Idea | None:
        """The idea under the cursor."""
        table = self.query_one("#ideas", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._shown.get(str(key))

    @on(DataTable.RowHighlighted, "#ideas")
    def _highlighted(self) -> None:
        self._show(self.current())

    def _show(self, idea: Idea | None) -> None:
        text = self.query_one("#idea-text", Static)
        if idea is None:
            empty = "No ideas here yet — n adds one"
            text.update(
                safe(empty if self.status is None else f"No {self.status} ideas — n adds one")
            )
            return
        lines = [
            mixed(
                "[b]Idea $id[/] from [b]$credit[/] · $status",
                id=idea.id,
                credit=idea.credit,
                status=idea.status,
            ),  # fmt: skip
            safe(idea.text),
        ]
        if idea.entered_by != idea.author:
            lines.append(mixed("[dim]entered by[/] $who", who=idea.entered_by))
        if idea.decided_by:
            lines.append(
                mixed(
                    "[dim]$verb by[/] $who on $at",
                    verb="declined" if idea.status == "declined" else "accepted",
                    who=idea.decided_by,
                    at=(idea.decided_at or "")[:10],
                )  # fmt: skip
            )
        if idea.status == "declined":
            lines.append(mixed("[dim]why:[/] $why", why=idea.reason))
        elif idea.status == "done":
            task = f" by task {idea.task_id}" if idea.task_id else ""
            lines.append(
                mixed("[dim]implemented on[/] $at$task", at=(idea.done_at or "")[:10], task=task)
            )
        elif idea.status != "new":
            lines.append(mixed("[dim]now:[/] $where", where=where(idea)))
        text.update(Content("\n").join(lines))

    # -- actions ------------------------------------------------------------

    def action_view(self, status: str | None) -> None:
        self.status = status
        self._to_top = True
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def _changed(self, idea: Idea | None, said: Content) -> None:
        if idea is None:
            return
        self.notify(said)  # type: ignore[arg-type]
        self.reload()

    def action_add(self) -> None:
        from db.people import list_people
        from tui.dialogs.ideas import IdeaForm

        def ask(people: list[Person]) -> None:
            self.app.push_screen(
                IdeaForm(people),
                lambda idea: self._changed(
                    idea,
                    mixed("Idea $id added, credited to $credit", id=idea.id, credit=idea.credit)
                    if idea
                    else Content(""),
                ),
            )

        with self.refusals():
            self.tandem.writer  # noqa: B018 (a login bound to nobody adds nothing: say so now)
            self.read(list_people, ask, key="form")

    def action_accept(self) -> None:
        idea = self.current()
        if idea is None:
            return
        app = self.tandem
        with self.refusals():
            writer = app.writer
            self.write(
                lambda db: accept_idea(db, writer, idea.id, now=app.now()),
                lambda done: self._changed(
                    done,
                    mixed("Idea $id accepted: it waits in the backlog (p plans it)", id=idea.id),
                ),
            )

    def action_decline(self) -> None:
        from tui.dialogs.ideas import DeclineForm

        idea = self.current()
        if idea is None:
            return
        # Say who may before asking for a reason.
        self._may_decide(
            f"decline idea {idea.id}",
            lambda: self.app.push_screen(
                DeclineForm(idea),
                lambda done: self._changed(done, mixed("Idea $id declined", id=idea.id)),
            ),
        )

    def _may_decide(self, what: str, then: Callable[[], object]) -> None:
        """``then()`` once the acting person may decide ideas (read on the reader thread);
        else the refusal says who may."""
        from db.permissions import require_decide_idea

        def allowed(_: None) -> None:
            then()

        with self.refusals():
            writer = self.tandem.writer
            self.read(lambda db: require_decide_idea(db, writer, what), allowed, key="form")

    def action_done(self) -> None:
        from tui.dialogs.ideas import DoneForm

        idea = self.current()
        if idea is None:
            return
        self._may_decide(
            f"mark idea {idea.id} implemented",
            lambda: self.app.push_screen(
                DoneForm(idea),
                lambda done: self._changed(
                    done,
                    mixed(
                        "Idea $id implemented: $credit credited", id=idea.id, credit=idea.credit
                    ),  # fmt: skip
                ),
            ),
        )

    def action_plan(self) -> None:
        from db.meetings import list_meetings
        from tui.dialogs.ideas import PickDialog

        idea = self.current()
        if idea is None:
            return
        app = self.tandem

        def ask(meetings: list[Meeting]) -> None:
            choices = [
                (
                    m.id,
                    mixed(
                        "$id  $at  $title",
                        id=m.id,
                        at=m.at[:16].replace("T", " "),
                        title=one_line(m.title, 50),
                    ),
                )  # fmt: skip
                for m in meetings
            ]

            def chosen(meeting_id: int | None) -> None:
                if meeting_id is None:
                    return
                with self.refusals():
                    writer = app.writer
                    self.write(
                        lambda db: plan_idea(db, writer, idea.id, meeting_id, now=app.now()),
                        lambda planned: self._changed(
                            planned,
                            mixed(
                                "Idea $id is item $pos of meeting $m, presented by $who",
                                id=idea.id,
                                pos=planned.agenda_item,
                                m=meeting_id,
                                who=idea.author,
                            ),
                        ),
                    )

            self.app.push_screen(
                PickDialog(
                    mixed("Plan idea $id onto which meeting?", id=idea.id),
                    choices,
                    empty=Content("No planned meeting: create one in the Agenda (n on Home)."),
                ),
                chosen,
            )

        with self.refusals():
            app.writer  # noqa: B018 (a login bound to nobody plans nothing: say so now)
            today = local_today(app.now()).isoformat()
            self.read(lambda db: list_meetings(db, upcoming_from=today, limit=40), ask, key="form")
