"""The nine satisfaction indicators of Decree 61/2018 (each 2 / 1 / 0, at most 18) computed
for one dossier from what the system knows, and the grade of a score.

The rules, as data the system holds:
1. total time against the legal time: finished early 2, on time 1, late (or counted as late:
   a second supplement request, an apology) 0;
2. time of each unit against its share (route steps): every step early 2, none late 1,
   one late 0;
3. times the applicant had to come back to complete the dossier (supplement requests): 0 → 2,
   1 → 1, more → 0;
4. units the applicant had to contact: none (sent online) 2, only the one-stop desk 1;
5. reception, processing and return through the one-stop desk: received and returned 2,
   received only (result not yet handed over) 1, otherwise 0;
6. publication of the procedure: in the electronic catalogue with its publishing decision 2,
   in the catalogue only 1;
7. officers' attitude: a complaint about the dossier upheld 0, otherwise early 2 / else 1;
8. handling of feedback about the dossier: none, or all answered in time 2; answered late or
   still being considered in time 1; left unanswered past its deadline 0;
9. online provision: submitted online 2, offered online but submitted otherwise 1, not
   offered online 0.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ONLINE_SUBMISSION_LEVEL
from motcua.dossiers.models import DossierChannel
from motcua.processing.models import Timeliness

MAX_SCORE = 18

# (lowest total, label), best first: Xuất sắc > 15; Tốt 12 – 15; Khá 9 – < 12; Trung bình
# 6 – < 9; Yếu < 6. A total of exactly 15 is "Tốt" (the source's "12 – < 15" leaves it out).
GRADES = (
    (15.0001, _("Xuất sắc")),
    (12, _("Tốt")),
    (9, _("Khá")),
    (6, _("Trung bình")),
    (0, _("Yếu")),
)

INDICATORS = (
    _("Thời gian giải quyết so với quy định"),
    _("Thời gian xử lý của từng cơ quan, đơn vị"),
    _("Số lần liên hệ để hoàn thiện hồ sơ"),
    _("Số cơ quan, đơn vị phải liên hệ"),
    _("Tiếp nhận, giải quyết, trả kết quả tại Bộ phận một cửa"),
    _("Công khai thủ tục hành chính"),
    _("Thái độ của cán bộ"),
    _("Tiếp nhận, xử lý phản ánh, kiến nghị"),
    _("Cung cấp dịch vụ công trực tuyến"),
)


@dataclass(frozen=True)
class FeedbackFact:
    answered_at: datetime | None
    due_at: datetime
    upheld: bool


@dataclass(frozen=True)
class DossierFacts:
    timeliness: str  # processing.models.Timeliness, "" when not finished
    counts_as_late: bool = False
    step_timeliness: tuple[str, ...] = ()
    supplement_count: int = 0
    channel: int = DossierChannel.ONLINE
    received: bool = True
    returned: bool = True
    decision_published: bool = True
    online_level: int = ONLINE_SUBMISSION_LEVEL
    feedback: tuple[FeedbackFact, ...] = field(default=())


@dataclass(frozen=True)
class Score:
    indicators: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.indicators)

    @property
    def grade(self) -> str:
        return grade(self.total)


def grade(total: float) -> str:
    for lowest, label in GRADES:
        if total >= lowest:
            return str(label)
    return str(GRADES[-1][1])


def score(facts: DossierFacts, now: datetime) -> Score:
    late = facts.timeliness == Timeliness.LATE or facts.counts_as_late
    early = facts.timeliness == Timeliness.EARLY and not late
    upheld = any(item.upheld for item in facts.feedback)
    return Score(
        (
            0 if late else 2 if early else 1,
            _steps(facts.step_timeliness),
            max(0, 2 - facts.supplement_count),
            2 if facts.channel == DossierChannel.ONLINE else 1,
            2 if facts.received and facts.returned else 1 if facts.received else 0,
            2 if facts.decision_published else 1,
            0 if upheld else 2 if early else 1,
            _feedback(facts.feedback, now),
            2
            if facts.channel == DossierChannel.ONLINE
            else 1
            if facts.online_level >= ONLINE_SUBMISSION_LEVEL
            else 0,
        )
    )


def _steps(states: tuple[str, ...]) -> int:
    if any(state == Timeliness.LATE for state in states):
        return 0
    return 2 if states and all(state == Timeliness.EARLY for state in states) else 1


def _feedback(items: tuple[FeedbackFact, ...], now: datetime) -> int:
    if any(item.answered_at is None and item.due_at < now for item in items):
        return 0
    if any(item.answered_at is None or item.answered_at > item.due_at for item in items):
        return 1
    return 2
