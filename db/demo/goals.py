"""The demo's shared goals (issue 14): two goals both heads approved, one on track and one
behind, with progress credited to both departments — played through ``db.goals`` like any
other story step (the heads approve under their stand-in logins, as in ``agreements``).
"""

from __future__ import annotations

from datetime import timedelta

from db.demo.agreements import Agreements
from db.goals import propose_goal, record_progress

# text, target, unit, proposer, owner, started (days ago), due (days ahead),
# records: (days ago, amount, department, recorded by, note)
GOALS = (
    (
        "New annual recurring revenue from mid-market accounts this half-year",
        600_000,
        "EUR",
        "Priya Nair",
        "Omar Haddad",
        42,
        48,
        (
            (38, 48_000, "Sales", "Omar Haddad", "Globex renewal upsell"),
            (33, 36_000, "Marketing", "Lena Park", "Webinar-sourced deal: Alder Health"),
            (27, 72_000, "Sales", "Omar Haddad", "Pinnacle Bank, two-year contract"),
            (20, 41_000, "Marketing", "Lena Park", "Trade show lead: Cobalt Insurance"),
            (15, -6_000, "Sales", "Maya Chen", "Correction: Globex discount applied"),
            (12, 55_000, "Sales", "Omar Haddad", "Kestrel Aerospace"),
            (6, 38_000, "Marketing", "Lena Park", "Case-study campaign: Meridian Hotels"),
            (2, 24_000, "Sales", "Omar Haddad", "Lumen Telecom pilot"),
        ),
    ),
    (
        "Sales-ready leads converted to opportunities this quarter",
        150,
        "opportunities",
        "Hana Sato",
        "Kofi Mensah",
        40,
        20,
        (
            (36, 9, "Marketing", "Kofi Mensah", "September webinar follow-ups"),
            (29, 7, "Sales", "Maya Chen", "Outbound sequence on MQLs"),
            (22, 11, "Marketing", "Kofi Mensah", None),
            (14, 6, "Sales", "Maya Chen", "Two reps on leave"),
            (5, 8, "Marketing", "Kofi Mensah", "Trade show week"),
            (1, 4, "Sales", "Maya Chen", None),
        ),
    ),
)


class SharedGoals(Agreements):
    def build(self) -> None:
        self.bind(True)
        try:
            for text, target, unit, proposer, owner, started, ahead, records in GOALS:
                proposed = self.now - timedelta(days=started)
                made = propose_goal(
                    self.db,
                    self.cast[proposer],
                    text,
                    target=target,
                    unit=unit,
                    due=(proposed + timedelta(days=started + ahead)).astimezone().date(),
                    owner=owner,
                    now=proposed,
                )
                self.both_approve(made.decision_id, proposed + timedelta(hours=2))
                for days, amount, dept, who, note in records:
                    record_progress(
                        self.db,
                        self.cast[who],
                        made.id,
                        amount,
                        department=dept,
                        note=note,
                        now=self.now - timedelta(days=days, hours=-1),
                    )
        finally:
            self.bind(False)
