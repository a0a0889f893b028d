"""The demo company's story as data: people, areas, the weekly meetings, the task force.

``db.demo.story`` plays it through the public domain functions.
"""

from __future__ import annotations

from db.lazyclass import dataclass

COMPANY = "Northwind Analytics"
ADMIN = "Alex Morgan"
FACILITATOR = "Priya Nair"
SERIES = "Sales & Marketing weekly"
TASK_FORCE = "Globex rescue"

# name, department, title; the first of each department becomes its head.
PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("Maya Chen", "Sales", "Head of Sales"),
    ("Omar Haddad", "Sales", "Account Executive"),
    ("Sara Ito", "Sales", "Sales Development Rep"),
    ("Diego Alvarez", "Sales", "Key Account Manager"),
    ("Priya Nair", "Sales", "Revenue Operations Lead"),
    ("Jonas Weber", "Sales", "Account Executive"),
    ("Lena Park", "Marketing", "Head of Marketing"),
    ("Tom Berg", "Marketing", "Content Lead"),
    ("Nina Roy", "Marketing", "Campaign Manager"),
    ("Kofi Mensah", "Marketing", "Marketing Operations Manager"),
    ("Elena Rossi", "Marketing", "Product Marketing Manager"),
    ("Hana Sato", "Marketing", "Field & Events Marketer"),
)

# area, owner (assigned by the head of the owner's department)
AREAS: tuple[tuple[str, str], ...] = (
    ("Key accounts", "Diego Alvarez"),
    ("Inbound lead follow-up", "Sara Ito"),
    ("Forecast and pipeline reporting", "Priya Nair"),
    ("Enterprise new business", "Omar Haddad"),
    ("Mid-market renewals", "Jonas Weber"),
    ("Lead scoring and marketing automation", "Kofi Mensah"),
    ("Website, blog and case studies", "Tom Berg"),
    ("Campaign calendar", "Nina Roy"),
    ("Sales collateral and messaging", "Elena Rossi"),
    ("Webinars and trade shows", "Hana Sato"),
)


@dataclass(frozen=True)
class Action:
    """An action item: title, owner, due (days after the meeting), done (days after, or None)."""

    title: str
    owner: str
    due_in: int
    done_in: int | None = None
    from_decision: bool = False


@dataclass(frozen=True)
class Item:
    """A scripted agenda item; ``key`` names a decision that a later one may supersede."""

    title: str
    presenter: str | None = None
    minutes: int = 10
    spent: int | None = None
    notes: str = ""
    decision: str = ""
    rationale: str = ""
    key: str = ""
    supersedes: str = ""
    actions: tuple[Action, ...] = ()
    outcome: bool = True
    # An idea from the field: its presenter's, accepted by their head and planned onto the
    # meeting (``db.ideas``), the agenda item keeping this title.
    idea: str = ""
    # Parked when the meeting reaches it (``db.backlog``): it waits in the backlog.
    parked: bool = False


@dataclass(frozen=True)
class Script:
    title: str
    weeks_ago: int
    items: tuple[Item, ...]
    absent: tuple[str, ...] = ()
    amendment: str = ""
    review_notes: str = ""


WEEKLY: tuple[Script, ...] = (
    Script(
        SERIES,
        5,
        (
            Item(
                "Sales-ready lead definition: first draft",
                "Kofi Mensah",
                20,
                24,
                "Sales gets too many contacts who only downloaded an e-book. Marketing proposed "
                "fit + intent; Sales asked for a named buyer role.",
                "A sales-ready lead is a company of 50+ employees in a target industry, with a named "
                "buyer role and a demo request or pricing-page visit in the last 14 days.",
                "One definition both teams score against; SDRs stop chasing e-book downloads.",
                key="sql-v1",
                actions=(
                    Action(
                        "Rebuild lead scoring on the new sales-ready definition",
                        "Kofi Mensah",
                        7,
                        6,
                        True,
                    ),
                    Action(
                        "Brief the SDR team on the sales-ready lead criteria",
                        "Sara Ito",
                        3,
                        2,
                        True,
                    ),
                ),
            ),
            Item(
                "Pipeline review: quarter forecast",
                "Maya Chen",
                15,
                17,
                "Commit 1.9M, best case 2.4M. Three late-stage deals stalled at legal review.",
                actions=(
                    Action(
                        "Chase legal on the three stalled late-stage contracts", "Omar Haddad", 5, 4
                    ),
                ),
            ),
            Item(
                "Ideas from the field: ROI calculator",
                "Omar Haddad",
                10,
                8,
                "Prospects in manufacturing keep asking what the payback period is. Idea credited to Omar.",
                idea="An ROI calculator for manufacturing prospects: they keep asking what the "
                "payback period is.",
                actions=(
                    Action(
                        "Draft an ROI calculator one-pager for manufacturing", "Elena Rossi", 14, 12
                    ),
                ),
            ),
            Item(
                "Campaign calendar: autumn webinar series",
                "Nina Roy",
                10,
                12,
                outcome=False,
                notes="Ran out of time; topics not agreed yet.",
            ),
        ),
        absent=("Hana Sato",),
    ),
    Script(
        SERIES,
        4,
        (
            Item(
                "Service-level agreement between the teams",
                "Lena Park",
                20,
                26,
                "Marketing commits to a volume of sales-ready leads; Sales commits to a follow-up time. "
                "Both heads signed off in the room.",
                "SLA: Marketing delivers 120 sales-ready leads a month; Sales follows up every one "
                "within one business day.",
                "Each team knows what it owes the other, and misses show up in the weekly numbers.",
                key="sla",
                actions=(
                    Action(
                        "Build the SLA dashboard: lead volume and follow-up time",
                        "Priya Nair",
                        10,
                        9,
                        True,
                    ),
                    Action(
                        "Set up an alert for sales-ready leads untouched after 24 hours",
                        "Kofi Mensah",
                        7,
                        8,
                    ),
                ),
            ),
            Item(
                "Campaign calendar: autumn webinar series",
                "Nina Roy",
                10,
                11,
                "Three webinars: data quality, forecasting, customer story with a reference client.",
                "Autumn webinar series: three sessions, one every three weeks, the first on forecasting.",
                "Forecasting is the topic prospects ask Sales about most.",
                actions=(
                    Action("Book speakers and dates for the autumn webinars", "Hana Sato", 10, 7),
                ),
            ),
            Item(
                "Pipeline review: deals at risk",
                "Maya Chen",
                15,
                14,
                "Globex renewal flagged red: reporting delays and a missed quarterly review.",
                actions=(
                    Action("Write a recovery plan for the Globex renewal", "Diego Alvarez", 4, 3),
                ),
            ),
        ),
        review_notes="Lead scoring rebuild and SDR briefing done; the ROI one-pager is in progress.",
    ),
    Script(
        SERIES,
        3,
        (
            Item(
                "Sales-ready lead definition: two weeks in",
                "Sara Ito",
                15,
                18,
                "14 days of intent was too long: a third of leads had gone cold by first call.",
                "A sales-ready lead is a company of 50+ employees in a target industry, with a named "
                "buyer role and a demo request or pricing-page visit in the last 7 days.",
                "Shorter window after two weeks of data: contact rates up, cold leads down.",
                key="sql-v2",
                supersedes="sql-v1",
                actions=(
                    Action(
                        "Shorten the intent window in lead scoring to seven days",
                        "Kofi Mensah",
                        3,
                        2,
                        True,
                    ),
                ),
            ),
            Item(
                "Ideas from the field: partner referrals",
                "Jonas Weber",
                10,
                9,
                "Two resellers send us warm intros informally. Idea credited to Jonas.",
                idea="A partner referral programme: two resellers already send us warm intros.",
                actions=(
                    Action("Sketch a partner referral programme with reward tiers", "Nina Roy", 21),
                ),
            ),
            Item(
                "Content requests from Sales",
                "Tom Berg",
                10,
                10,
                "Top asks: a retail case study and a security FAQ.",
                actions=(Action("Publish the retail customer case study", "Tom Berg", 14, 13),),
            ),
        ),
        absent=("Omar Haddad",),
        review_notes="SLA dashboard live. Globex recovery plan handed to the task force.",
    ),
    Script(
        SERIES,
        2,
        (
            Item(
                "SLA review: first month",
                "Priya Nair",
                15,
                16,
                "Marketing delivered 104 of 120 leads; Sales followed up 91% within one business day.",
                "Keep the SLA targets for another month; review again with two months of data.",
                "One month is too short to change targets.",
                actions=(
                    Action("Add lead source breakdown to the SLA dashboard", "Priya Nair", 7),
                ),
            ),
            Item(
                "Pipeline review: mid-quarter",
                "Maya Chen",
                15,
                20,
                "Commit up to 2.1M; two of the stalled contracts signed.",
                actions=(Action("Update the mid-market renewal forecast", "Jonas Weber", 5),),
            ),
            Item(
                "Campaign calendar: year-end push",
                "Nina Roy",
                10,
                9,
                "Year-end offer for mid-market renewals; needs pricing approval.",
                actions=(
                    Action(
                        "Get pricing approval for the year-end renewal offer", "Maya Chen", 7, 6
                    ),
                ),
            ),
            # Out of time: parked in the backlog rather than carried over.
            Item("Trade show budget for next year", "Hana Sato", 10, parked=True),
        ),
        amendment="Correction: the first autumn webinar is on forecasting, not data quality "
        "(item 3 notes of the previous meeting were mistyped).",
        review_notes="Lead untouched alert is late; Kofi expects it next week.",
    ),
    Script(
        SERIES,
        1,
        (
            Item(
                "Pipeline review: deals closing this month",
                "Omar Haddad",
                15,
                15,
                "Six deals expected; two need a security questionnaire answered.",
                actions=(
                    Action(
                        "Answer the security questionnaires for two closing deals", "Omar Haddad", 6
                    ),
                ),
            ),
            Item(
                "Ideas from the field: competitor price cuts",
                "Sara Ito",
                10,
                12,
                "Prospects quote a competitor's new entry price. Idea credited to Sara.",
                "Sales gets a battlecard on the competitor's entry tier before we consider any price change.",
                "Most deals lost on price were lost on perceived value, per the last win/loss interviews.",
                actions=(
                    Action(
                        "Write a battlecard on the competitor's entry tier",
                        "Elena Rossi",
                        8,
                        None,
                        True,
                    ),
                ),
                idea="A battlecard on the competitor's new entry tier, before we consider any "
                "price change.",
            ),
            Item(
                "Webinar results: forecasting session",
                "Hana Sato",
                10,
                6,
                outcome=False,
                notes="Numbers not in yet; carried over.",
            ),
        ),
        absent=("Tom Berg", "Diego Alvarez"),
        review_notes="Partner referral sketch on track; mid-market forecast updated.",
    ),
)

TF_MEMBERS = ("Diego Alvarez", "Omar Haddad", "Elena Rossi", "Tom Berg", "Priya Nair")
GLOBEX_PROBLEM = (
    "Globex, our largest client, is unhappy: monthly reports arrived late twice, their quarterly "
    "review was missed, and the renewal is due in ten weeks."
)


KICKOFF = Script(
    "Globex rescue: kick-off",
    0,
    (
        Item(
            "What went wrong for Globex",
            "Diego Alvarez",
            15,
            18,
            "Two late monthly reports (data pipeline failures), the QBR slipped when their "
            "sponsor changed. Focus on fixing, not on blame.",
        ),
        Item(
            "Recovery plan",
            "Diego Alvarez",
            20,
            22,
            "Globex wants a named contact and proof the reports are reliable.",
            "Globex gets a named success manager and a weekly check-in until the renewal is signed.",
            "They asked for one accountable person; a weekly rhythm rebuilds trust fastest.",
            key="globex",
            actions=(
                Action(
                    "Introduce the named success manager to Globex",
                    "Diego Alvarez",
                    3,
                    2,
                    True,
                ),
                Action(
                    "Prepare a reliability report on Globex monthly data deliveries",
                    "Priya Nair",
                    7,
                    6,
                ),
            ),
        ),
        Item(
            "A gesture for their analysts",
            "Elena Rossi",
            10,
            9,
            "Offer a free analytics workshop; marketing can reuse it as a case study.",
            "Offer Globex a free half-day analytics workshop for their analyst team.",
            "Gives their new sponsor a quick win with their own team.",
            actions=(
                Action(
                    "Plan the Globex analytics workshop agenda",
                    "Elena Rossi",
                    12,
                    None,
                    True,
                ),
            ),
        ),
    ),
)

# Tasks outside meetings, given by the owner's head:
# (title, owner, due in days from today, created days ago, done days ago or None)
STANDALONE: tuple[tuple[str, str, int, int, int | None], ...] = (
    ("Clean up duplicate accounts in the CRM", "Priya Nair", -9, 20, None),
    (
        "Call back the three lost mid-market deals for win/loss notes",
        "Jonas Weber",
        -4,
        14,
        None,
    ),
    ("Renew the trade association membership", "Maya Chen", -12, 30, 13),
    ("Update the enterprise territory plan", "Omar Haddad", 2, 6, None),
    ("Qualify the inbound leads from the pricing page", "Sara Ito", 1, 2, None),
    (
        "Send the signed order form to Finance for Umbra Retail",
        "Jonas Weber",
        4,
        3,
        None,
    ),
    ("Refresh the homepage customer logos", "Tom Berg", -6, 16, None),
    ("Order booth graphics for the Data Summit", "Hana Sato", 3, 10, None),
    ("Write the January newsletter", "Tom Berg", 5, 4, None),
    ("Review agency invoices for October", "Lena Park", -15, 25, 17),
    ("Segment the nurture list by industry", "Kofi Mensah", 6, 5, None),
    ("Translate the pricing page into German", "Elena Rossi", -2, 12, None),
)


def email_of(name: str) -> str:
    return ".".join(name.casefold().split()) + "@northwind.example"


# Ideas outside the weekly meetings (``db.ideas``): (author, entered by, text, what became of
# it, days ago). Outcomes: "new", "accepted" (waits in the backlog), "declined: REASON",
# "done" or "done: TASK TITLE" (implemented, the task that did it). With the three ideas
# planned onto the weekly meetings (``Item.idea``): twelve, in every status.
IDEAS: tuple[tuple[str, str, str, str, int], ...] = (
    (
        "Hana Sato",
        "Hana Sato",
        "Close every webinar with a poll that offers a demo slot.",
        "done",
        16,
    ),
    (
        "Diego Alvarez",
        "Diego Alvarez",
        "Publish a retail case study: retail prospects ask for one in every first call.",
        "done: Publish the retail customer case study",
        22,
    ),
    (
        "Elena Rossi",
        "Elena Rossi",
        "Record short video testimonials from customers at the Data Summit booth.",
        "accepted",
        9,
    ),
    (
        "Priya Nair",
        "Maya Chen",
        "Show the SLA dashboard on the sales floor's screen, so misses are seen the same day.",
        "accepted",
        6,
    ),
    (
        "Nina Roy",
        "Nina Roy",
        "A joint sales and marketing quiz night on our product updates.",
        "declined: Good for morale, but not before year-end; raise it again in January.",
        12,
    ),
    (
        "Jonas Weber",
        "Jonas Weber",
        "Offer 30% off every mid-market renewal this quarter.",
        "declined: Margins can't take it; the year-end offer already covers renewals.",
        10,
    ),
    ("Kofi Mensah", "Kofi Mensah", "Score leads on product usage in the free trial.", "new", 3),
    (
        "Sara Ito",
        "Sara Ito",
        "A shared chat channel for each key account, with its marketer in it.",
        "new",
        2,
    ),
    (
        "Tom Berg",
        "Hana Sato",
        "Let Sales request blog topics through a form instead of in chat.",
        "new",
        1,
    ),
)

# Field days (``db.fielddays``): half of Marketing went out with Sales.
# (marketer, salesperson, days ago, note)
FIELD_DAYS: tuple[tuple[str, str, int, str], ...] = (
    ("Hana Sato", "Omar Haddad", 18, "Data Summit booth, two demos together"),
    ("Hana Sato", "Sara Ito", 4, "Listened in on a morning of discovery calls"),
    ("Elena Rossi", "Diego Alvarez", 11, "Globex on-site: the analytics workshop pitch"),
    ("Tom Berg", "Jonas Weber", 25, "Ride-along to two mid-market renewals"),
)
