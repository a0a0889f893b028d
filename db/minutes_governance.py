"""What the minutes say about rule 9: who co-led, approvals given, proposals still pending,
a lead definition adopted, and the SLA review (``db.minutes`` adds it as ``governance``).

Each part is plain data; the exporters in ``tui/export`` word it for their format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db.agenda_governance import PENDING_TITLE, SLA_TITLE
from db.lazyclass import dataclass
from db.models import Decision, LeadDefinition, Meeting, Sla, SlaResult, Word

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class GivenWord:
    """An approval or objection given in this meeting or on one of its decisions."""

    decision_id: int
    decision_text: str
    word: Word


@dataclass(frozen=True)
class MinutesGovernance:
    co_led: str | None  # "Co-led by the heads of Sales and Marketing (Maya Chen and Lena Park)"
    words: tuple[GivenWord, ...]
    pending: tuple[Decision, ...]
    lead_adopted: tuple[LeadDefinition, ...]
    sla_review: tuple[tuple[Sla, SlaResult], ...]

    @property
    def empty(self) -> bool:
        return not (
            self.co_led or self.words or self.pending or self.lead_adopted or self.sla_review
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "co_led": self.co_led,
            "approvals": [
                {"decision_id": g.decision_id, "word": g.word.word, **g.word.to_json()}
                for g in self.words
            ],
            "pending": [
                {"id": d.id, "text": d.text, "status": d.status, "waiting_for": list(d.waiting_for)}
                for d in self.pending
            ],
            "lead_definition_adopted": [v.to_json() for v in self.lead_adopted],
            "sla_review": [
                {"sla_id": s.id, "text": s.text, "from": s.from_, "to": s.to, **r.to_json()}
                for s, r in self.sla_review
            ],
        }


def co_led_line(meeting: Meeting) -> str | None:
    if not meeting.co_facilitator:
        return None
    names = f"{meeting.facilitator} and {meeting.co_facilitator}"
    if meeting.co_led_by:
        return f"Co-led by {meeting.co_led_by} ({names})"
    return f"Co-led by {names}"


def minutes_governance(
    db: Database, meeting: Meeting, decisions: tuple[Decision, ...]
) -> MinutesGovernance:
    """Read inside the minutes' snapshot; a fixed number of queries."""
    from db.decisions import list_decisions
    from db.lead import lead_history
    from db.sla import list_slas

    own = {d.id for d in decisions if d.two_key}
    consented = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT decision_id FROM decision_words WHERE meeting_id = ?", [meeting.id]
        )
    }
    titles = {
        r[0]
        for r in db.execute(
            "SELECT title FROM agenda_items WHERE meeting_id = ? AND is_review = 1", [meeting.id]
        )
    }
    related_ids = sorted(own | consented)
    related = list_decisions(db, ids=related_ids) if related_ids else []
    start, end = meeting.started_at or "9999", meeting.closed_at or "9999"

    def given_here(d: Decision, w: Word) -> bool:
        """In this meeting: consent recorded in it, a signed word on one of its decisions,
        or a signed word given while it ran."""
        if w.meeting_id == meeting.id:
            return True
        return w.how == "signed" and (d.id in own or start <= w.at <= end)

    words = tuple(
        GivenWord(d.id, d.text, w) for d in related for w in d.history if given_here(d, w)
    )
    pending = [d for d in related if d.is_open]
    if PENDING_TITLE in titles:
        cutoff = meeting.closed_at or "9999"
        more = [
            d
            for d in list_decisions(db, statuses=("proposed", "blocked"))
            if d.recorded_at <= cutoff and d.id not in {p.id for p in pending}
        ]
        pending = sorted(pending + more, key=lambda d: d.id)
    adopted = tuple(
        v
        for v in lead_history(db)
        if (v.decision_id in own or v.decision_id in consented)
        and v.status in ("in-force", "superseded")
    )
    review: list[tuple[Sla, SlaResult]] = []
    if SLA_TITLE in titles:
        cutoff = meeting.closed_at or "9999"
        for sla in list_slas(db, every=True):
            if sla.status not in ("in-force", "retired"):
                continue
            known = [r for r in sla.results if r.at <= cutoff]
            if known:
                review.append((sla, known[-1]))
        review.sort(key=lambda p: (p[1].met, p[0].id))
    return MinutesGovernance(
        co_led=co_led_line(meeting),
        words=words,
        pending=tuple(pending),
        lead_adopted=adopted,
        sla_review=tuple(review),
    )
