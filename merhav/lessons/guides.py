"""How a review is run right, from seed 000: the safe-space rules, the guiding prompts of the five questions,
extra prompts per event kind, and the seed's two worked examples.

Everything here is text for people, in English inside gettext_lazy (translated with the rest of the UI).
The worked examples are also the demo data's source (merhav/lessons/demo.py may build from them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from .models import EventKind, Question

# The meeting is proposed 2 days after the event (or a significant stage) ends; up to 3 is within the rule.
PROPOSED_MEETING_DELAY_DAYS = 2
MAX_MEETING_DELAY_DAYS = 3
# 4–8 role-holders who were there, who decided, who were in the field.
MIN_PARTICIPANTS = 4
MAX_PARTICIPANTS = 8

# The safe space, shown to every participant on the review page.
SAFE_SPACE = [
    _("No blame: we look for causes, not for culprits."),
    _("Hierarchy does not matter here: everyone's account counts the same."),
    _("Describe, don't accuse: say what happened, not who is at fault."),
    _("One concrete event or process: stay with what happened here."),
    _("Aimed at correction: every lesson should lead to an action with an owner and a deadline."),
]

# "How it is run right" (seed 000).
HOW_TO_RUN = [
    _("A short meeting 2–3 days after the event or a significant stage, whose declared purpose is learning."),
    _("4–8 role-holders: who was there, who decided, who was in the field."),
    _("A shared document that everyone can open: this review."),
    _("Identify the conclusions that repeat."),
    _("Phrase 3 key lessons that matter for the whole system, and turn them into action items with an owner and a due date."),
    _("Set a follow-up point about a month later, for control."),
]

# When a review is worth holding (seed 000).
WHEN_TO_REVIEW = [
    _("After a complex event."),
    _("When a failure repeats and does not improve."),
    _("When there is load, friction or a loss of control."),
    _("When “it went fine” but clearly could have been done differently."),
]

# The guiding prompts of the five questions (the seed's own wording first).
QUESTION_PROMPTS: dict[int, list] = {
    Question.GOAL: [
        _("What did we want to achieve?"),
        _("What was the target? If it can be measured, say how."),
        _("Whose goal was it: the authority's, a department's, the residents'?"),
    ],
    Question.WHAT_HAPPENED: [
        _("What actually happened?"),
        _("Facts, not interpretation: times, numbers, who did what."),
        _("Describe, don't accuse."),
    ],
    Question.WHAT_SHOULD_HAVE: [
        _("What was the desired state?"),
        _("Where are the gaps between the expectation and the reality?"),
        _("Why did each gap open?"),
    ],
    Question.LESSONS: [
        _("What are the causes of the gaps, and what are the conclusions?"),
        _("What general insight arises from the gap?"),
        _("Which conclusions repeat, here or in earlier events?"),
    ],
    Question.NEXT_STEP: [
        _("Which concrete actions will correct it?"),
        _("What has to be done differently?"),
        _("Who is responsible, and by when?"),
    ],
}

# A short label for each question, for headings and tables.
QUESTION_SHORT: dict[int, object] = {
    Question.GOAL: _("The goal"),
    Question.WHAT_HAPPENED: _("What happened"),
    Question.WHAT_SHOULD_HAVE: _("The gap"),
    Question.LESSONS: _("The lesson"),
    Question.NEXT_STEP: _("The next step"),
}

# Extra guiding questions per event kind, per question.
KIND_PROMPTS: dict[str, dict[int, list]] = {
    EventKind.EMERGENCY: {
        Question.GOAL: [
            _("What were the authority's priorities in the first hours: saving lives, essential services, information to residents?"),
            _("Which parts of the emergency plan (or the drill's scenario) were being tested?"),
        ],
        Question.WHAT_HAPPENED: [
            _("Draw the timeline: when was the alert received, when was the emergency centre staffed, when did the first public message go out?"),
            _("Which departments were activated (welfare, education, engineering, public information), and when?"),
            _("What reached the municipal hotline, and how many calls went unanswered?"),
        ],
        Question.WHAT_SHOULD_HAVE: [
            _("What does the emergency procedure say should have happened at each point of the timeline?"),
            _("Were prepared materials (sealed messages, contact lists, checklists) ready, and were they used?"),
        ],
        Question.LESSONS: [
            _("Is the gap about preparation in routine times, about decisions during the event, or about communication between the bodies?"),
            _("Did the same gap appear in earlier emergencies or drills?"),
        ],
        Question.NEXT_STEP: [
            _("What must be prepared in routine times before the next emergency, and who approves it?"),
            _("When will the correction be tested in a drill?"),
        ],
    },
    EventKind.CULTURAL_EVENT: {
        Question.GOAL: [
            _("What experience did we want residents to have, and how many people did we expect?"),
            _("What were the targets for safety, cleanliness and traffic?"),
        ],
        Question.WHAT_HAPPENED: [
            _("How many people came, and when were the peaks?"),
            _("What happened at the entrances, on the roads and public transport, and in the clean-up afterwards?"),
            _("Which complaints or incidents were reported, and through which channel?"),
        ],
        Question.WHAT_SHOULD_HAVE: [
            _("Was the plan (security, first aid, toilets, parking, clean-up) sized for the crowd that came?"),
            _("Did the contractors, the police and the emergency services get what they needed in time?"),
        ],
        Question.LESSONS: [
            _("What in the planning timeline or in the division of responsibilities caused the gap?"),
        ],
        Question.NEXT_STEP: [
            _("What goes into the plan for next year's event, and who keeps it?"),
            _("Which contract terms or checklists must change before the next tender?"),
        ],
    },
    EventKind.SCHOOL_YEAR: {
        Question.GOAL: [
            _("What had to be ready on the first day: buildings, staff, transport, special education, security?"),
        ],
        Question.WHAT_HAPPENED: [
            _("Which schools and kindergartens opened without something they needed, and what was it?"),
            _("How did transport and special-education placements work in the first week?"),
            _("What did parents ask the hotline and the education department?"),
        ],
        Question.WHAT_SHOULD_HAVE: [
            _("What was the timetable for renovations, placements and contracts, and where did it slip?"),
            _("Were the placements of children with special needs, new residents and evacuees finished in time?"),
        ],
        Question.LESSONS: [
            _("Is the cause in the timing of budgets and tenders, in information passed between departments, or in coordination with the Ministry of Education?"),
        ],
        Question.NEXT_STEP: [
            _("Which milestones move earlier in next year's preparation calendar, and who owns each one?"),
        ],
    },
    EventKind.INFRASTRUCTURE: {
        Question.GOAL: [
            _("What was the work meant to deliver, and what disruption to residents did we accept in advance?"),
        ],
        Question.WHAT_HAPPENED: [
            _("Which closures, outages or detours actually happened, and for how long?"),
            _("How and when were residents and businesses told?"),
            _("Which complaints or damage were reported?"),
        ],
        Question.WHAT_SHOULD_HAVE: [
            _("What did the work plan and the contractor's obligations promise, and where did reality differ?"),
            _("Did the coordination between engineering, the contractor, the utilities and the police work?"),
        ],
        Question.LESSONS: [
            _("Is the gap in the planning, in the supervision of the contractor, or in informing residents?"),
        ],
        Question.NEXT_STEP: [
            _("Which terms, supervision steps or updates to residents become standard in the next works, and who owns them?"),
        ],
    },
    EventKind.INFRASTRUCTURE_DAMAGE: {
        Question.GOAL: [
            _("What did residents need to know and get while the electricity, water or roads were out?"),
        ],
        Question.WHAT_HAPPENED: [
            _("What was damaged, where, from when until when, and how many residents were affected?"),
            _("How many calls reached the hotline (106), and what did they ask?"),
            _("When and through which channels were residents told what was happening and what to do?"),
        ],
        Question.WHAT_SHOULD_HAVE: [
            _("Were ready-made (sealed) messages for infrastructure damage prepared in advance, and were they used?"),
            _("Did the coordination with the electricity company, the water corporation and engineering work?"),
        ],
        Question.LESSONS: [
            _("Is the gap in preparing messages in advance, in the channels to residents, or in the hotline's capacity?"),
        ],
        Question.NEXT_STEP: [
            _("Which messages, procedures or hotline arrangements are prepared before the next outage, by whom and by when?"),
        ],
    },
    EventKind.POLICY: {
        Question.GOAL: [
            _("What was the decision meant to achieve, and for whom?"),
        ],
        Question.WHAT_HAPPENED: [
            _("How is the decision applied in practice, by whom, and what do residents or employees experience?"),
            _("Which workarounds have people invented?"),
        ],
        Question.WHAT_SHOULD_HAVE: [
            _("What did the decision assume about resources, procedures or people that turned out not to hold?"),
            _("Were the people who carry it out consulted before it was made?"),
        ],
        Question.LESSONS: [
            _("Is the problem in the decision itself, in how it was explained, or in how it is carried out?"),
        ],
        Question.NEXT_STEP: [
            _("Should the decision be changed, explained again or given resources? Who decides, and by when?"),
        ],
    },
    EventKind.WORK_PROCESS: {
        Question.GOAL: [
            _("What should the process deliver, to whom, and within what time?"),
        ],
        Question.WHAT_HAPPENED: [
            _("Follow one real case from start to end: which steps, hand-offs and waiting times did it go through?"),
            _("How many cases get stuck, and where?"),
        ],
        Question.WHAT_SHOULD_HAVE: [
            _("What does the procedure say, and where does practice differ from it?"),
            _("At which hand-off between departments or systems is information lost?"),
        ],
        Question.LESSONS: [
            _("Is the cause in the procedure, in the information system, in the interface between departments, or in unclear ownership?"),
        ],
        Question.NEXT_STEP: [
            _("Which step will be removed, simplified or given an owner, and how will we measure that the process improved?"),
        ],
    },
    EventKind.FRICTION: {
        Question.GOAL: [
            _("What do both bodies want to achieve together? Start from the shared goal."),
        ],
        Question.WHAT_HAPPENED: [
            _("Describe one recent concrete case of the friction: what each side did and said, as facts."),
            _("How often does it happen, and what does it cost residents?"),
        ],
        Question.WHAT_SHOULD_HAVE: [
            _("How should the work between the bodies be divided, and is that written anywhere?"),
            _("What does each side expect of the other without saying it?"),
        ],
        Question.LESSONS: [
            _("Is the friction about unclear responsibility, different priorities, or missing information?"),
        ],
        Question.NEXT_STEP: [
            _("Which agreement on responsibilities, meetings or shared information will both sides commit to, and who follows it up?"),
        ],
    },
    EventKind.BURNOUT: {
        Question.GOAL: [
            _("What does the process achieve today, and at what cost was it meant to achieve it?"),
        ],
        Question.WHAT_HAPPENED: [
            _("Who carries the load: hours, evenings, weekends, sick leave, people leaving?"),
            _("Which tasks are done by hand, twice, or by one person nobody can replace?"),
        ],
        Question.WHAT_SHOULD_HAVE: [
            _("Which staffing, tools or priorities would give the same result without wearing people out?"),
        ],
        Question.LESSONS: [
            _("Is the load caused by the design of the process, by missing tools, or by demands that grew without resources?"),
        ],
        Question.NEXT_STEP: [
            _("What will be stopped, automated, shared or staffed, and how will we know the load went down?"),
        ],
    },
    EventKind.COULD_BE_BETTER: {
        Question.GOAL: [
            _("What did we want, and what would an excellent result have looked like?"),
        ],
        Question.WHAT_HAPPENED: [
            _("What worked well and should be kept? What worked only thanks to improvisation or luck?"),
        ],
        Question.WHAT_SHOULD_HAVE: [
            _("Where exactly was the difference between “fine” and “excellent”?"),
        ],
        Question.LESSONS: [
            _("What would we repeat on purpose next time, and what would we drop?"),
        ],
        Question.NEXT_STEP: [
            _("Which small change gives the biggest improvement next time, and who owns it?"),
        ],
    },
}


@dataclass(frozen=True)
class QuestionGuide:
    question: int
    label: object
    short: object
    prompts: list
    kind_prompts: list


def guide_for(kind: str | None) -> list[QuestionGuide]:
    """The five questions in order, each with its prompts and the extra prompts of the event kind."""
    extra = KIND_PROMPTS.get(kind or "", {})
    return [
        QuestionGuide(
            question=q.value,
            label=q.label,
            short=QUESTION_SHORT[q.value],
            prompts=QUESTION_PROMPTS[q.value],
            kind_prompts=extra.get(q.value, []),
        )
        for q in Question
    ]


# --- The seed's two worked examples ---------------------------------------------------------------------


@dataclass(frozen=True)
class ExampleLesson:
    text: object
    department_kind: str = ""  # a StandardDepartment value
    level: str = "system"
    is_key: bool = True


@dataclass(frozen=True)
class ExampleAction:
    title: object
    owner: object  # who is responsible, as the seed names the role
    due: object  # when, as the seed says it
    owner_department_kind: str = ""
    due_date: date | None = None
    due_in_days: int | None = None  # relative to the review meeting, when the seed gives a period


@dataclass(frozen=True)
class WorkedExample:
    key: str
    title: object
    event_title: object
    event_kind: str
    answers: dict[int, object]
    lessons: list[ExampleLesson] = field(default_factory=list)
    actions: list[ExampleAction] = field(default_factory=list)


WORKED_EXAMPLES: list[WorkedExample] = [
    WorkedExample(
        key="ein-or",
        title=_("Residents' communication when infrastructure is hit"),
        event_title=_("A missile hit cuts power to the “Ein Or” neighbourhood"),
        event_kind=EventKind.EMERGENCY,
        answers={
            Question.GOAL: _(
                "A mechanism for communicating with residents and giving them clarity when a hit damages infrastructure."
            ),
            Question.WHAT_HAPPENED: _(
                "A missile hit cut the power supply to the “Ein Or” neighbourhood. The municipal hotline was "
                "flooded with phone calls and could not answer them effectively."
            ),
            Question.WHAT_SHOULD_HAVE: _(
                "By the municipality's procedure, information relevant to a wide range of residents goes out as a public "
                "message, not as individual answers by people. The gap came from a lack of “sealed messages” "
                "about infrastructure damage, which had not been prepared in advance."
            ),
            Question.LESSONS: _(
                "The conclusion: a set of “sealed messages” must be prepared for cases of infrastructure damage."
            ),
            Question.NEXT_STEP: _(
                "The head of the public-information cluster prepares a set of “sealed messages” for cases of "
                "infrastructure damage, has the CEO approve them and makes sure they are loaded into the emergency "
                "systems by 1.1.2026."
            ),
        },
        lessons=[
            ExampleLesson(
                _("Information that concerns many residents goes out as a prepared public message, so the hotline is "
                  "not flooded: sealed messages for infrastructure damage must exist before the event."),
                department_kind="public_information",
            ),
        ],
        actions=[
            ExampleAction(
                title=_("Prepare a set of sealed messages for infrastructure damage, have the CEO approve them and load "
                        "them into the emergency systems"),
                owner=_("Head of the public-information cluster"),
                due=_("by 1.1.2026"),
                owner_department_kind="public_information",
                due_date=date(2026, 1, 1),
            ),
        ],
    ),
    WorkedExample(
        key="evacuee-intake",
        title=_("Evacuee intake"),
        event_title=_("The authority's evacuee intake process"),
        event_kind=EventKind.EMERGENCY,
        answers={
            Question.GOAL: _("Prepare for a fast, good intake of evacuees and provide services as soon as possible."),
            Question.WHAT_HAPPENED: _(
                "Each department approached the evacuees separately, so evacuees were asked the same questions several "
                "times. There was no preparation for long-term services: placing children in schools, transport, "
                "special education and more."
            ),
            Question.WHAT_SHOULD_HAVE: _(
                "Instead of an “easy” experience, the evacuees felt harassed; the departments were not prepared "
                "to provide long-term services to evacuees, including special services."
            ),
            Question.LESSONS: _(
                "There was no coordinating owner to bring the data together across the authority's departments, and one "
                "must be appointed. There was no information system that collects the data relevant to all departments "
                "and gives each department access to its part. Expectations about long-term services for evacuees were "
                "not set with the department heads."
            ),
            Question.NEXT_STEP: _(
                "Prepare an intake questionnaire for evacuees that covers what every department needs: the CEO, by a set "
                "date. The CIO sets up, within a month, an integrated database with suitable permissions for each "
                "department. The CEO appoints, within three months at most, a coordinator for intake in the immediate "
                "and the long term. The heads of welfare and education present a plan for integrating the evacuees into "
                "their services by the end of the week."
            ),
        },
        lessons=[
            ExampleLesson(
                _("Intake needs one coordinating owner who brings the data together across all departments."),
                department_kind="ceo_office",
            ),
            ExampleLesson(
                _("One information system should collect what every department needs, with each department seeing its "
                  "own part."),
                department_kind="it",
            ),
            ExampleLesson(
                _("Set expectations with the department heads about long-term services for evacuees from the start, "
                  "not only for the first day."),
                department_kind="welfare",
            ),
        ],
        actions=[
            ExampleAction(
                title=_("Prepare one intake questionnaire for evacuees covering what every department needs"),
                owner=_("CEO"),
                due=_("by a set date"),
                owner_department_kind="ceo_office",
                due_in_days=14,
            ),
            ExampleAction(
                title=_("Set up an integrated database of evacuees with permissions for each department"),
                owner=_("CIO"),
                due=_("within a month"),
                owner_department_kind="it",
                due_in_days=30,
            ),
            ExampleAction(
                title=_("Appoint a coordinator for evacuee intake, immediate and long-term"),
                owner=_("CEO"),
                due=_("within three months"),
                owner_department_kind="ceo_office",
                due_in_days=90,
            ),
            ExampleAction(
                title=_("Present a plan for integrating the evacuees into welfare and education services"),
                owner=_("Heads of welfare and education"),
                due=_("by the end of the week"),
                owner_department_kind="welfare",
                due_in_days=5,
            ),
        ],
    ),
]


def example(key: str) -> WorkedExample | None:
    return next((e for e in WORKED_EXAMPLES if e.key == key), None)
