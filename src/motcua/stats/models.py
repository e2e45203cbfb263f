"""Summary tables of the official reports (06a by unit, 07a by field) and Decision 766.

`DayCount` holds one row per (unit, field, local day) of counters kept by
`services.keep_counts` in the same transaction as every status change, so a report sums a
few rows instead of scanning dossiers, and past figures stay when old dossiers are deleted
or anonymised (unit and field are plain ids, no foreign key). `Track` and `Span` are the
per-dossier facts behind the counters (what the drill-down lists); they go with the dossier.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Every counter of DayCount, in the order of the summary SQL.
COUNTERS = (
    "received_online",
    "received_other",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "closed",
    "late_in",
    "late_out",
    "paused_in",
    "paused_out",
    "supplements",
    "refused",
    "withdrawn",
    "paid",
    "paid_online",
    "returned",
    "e_results",
    "upheld",
)


class Counts(models.Model):
    """Events of one (unit, field, day). Levels at the end of a day (in progress, late,
    waiting) are running sums of their in/out counters up to that day.

    - received_*: entered 2 (tiếp nhận) that day, online / direct + post;
    - resolved_*: entered 9 that day, by processing's timeliness (early, on time, late);
    - closed: a received dossier withdrawn (7) or stopped (8) that day;
    - late_in / late_out: a dossier in progress became / stopped being late (past its
      appointment, or counting as late after a second supplement request or an apology);
      a future appointment day already holds its late_in, removed again if the dossier
      leaves or pauses before;
    - paused_in / paused_out: waiting for the applicant (5, 6) started / ended;
    - supplements, refused, withdrawn: requests (→5), refusals (1→3), withdrawals (→7);
    - paid / paid_online: a dossier's first fee payment was confirmed that day / and it was
      paid online (3.6);
    - returned / e_results: a dossier of a procedure offered online (level 3, 4) was
      returned (→10) that day / with a signed electronic result (4.1);
    - upheld: feedback about a dossier answered that day as justified (có cơ sở).
    """

    unit_id = models.PositiveIntegerField(_("đơn vị"))
    field_id = models.PositiveIntegerField(_("lĩnh vực"), help_text=_("0: chưa phân lĩnh vực"))
    day = models.DateField(_("ngày"))  # MonthCount: the month's first day
    received_online = models.IntegerField(default=0)
    received_other = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    # Working hours from receipt to result, waiting excluded, summed over resolved dossiers.
    resolved_hours = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    closed = models.IntegerField(default=0)
    late_in = models.IntegerField(default=0)
    late_out = models.IntegerField(default=0)
    paused_in = models.IntegerField(default=0)
    paused_out = models.IntegerField(default=0)
    supplements = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    paid = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    e_results = models.IntegerField(default=0)
    upheld = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DayCount(Counts):
    """One (unit, field, local day)."""

    class Meta:
        verbose_name = _("số liệu theo ngày")
        verbose_name_plural = _("số liệu theo ngày")
        constraints = [
            models.UniqueConstraint(fields=["unit_id", "field_id", "day"], name="uniq_daycount")
        ]
        indexes = [models.Index(fields=["day", "unit_id"], name="daycount_day_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.field_id} {self.day}"


class MonthCount(Counts):
    """The same counters per (unit, field, month), kept with DayCount by the same upsert:
    a report over whole months (month, quarter, 6, 9 months, year) reads these rows only,
    a from–to period adds the days of its partial months (see selectors.sums_by)."""

    class Meta:
        verbose_name = _("số liệu theo tháng")
        verbose_name_plural = _("số liệu theo tháng")
        constraints = [
            models.UniqueConstraint(fields=["unit_id", "field_id", "day"], name="uniq_monthcount")
        ]
        indexes = [models.Index(fields=["day", "unit_id"], name="monthcount_day_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.field_id} {self.day:%m/%Y}"


class Outcome(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    REFUSED = "refused", _("Từ chối tiếp nhận")


RESOLVED = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
CLOSED = (Outcome.WITHDRAWN, Outcome.STOPPED)


class Track(models.Model):
    """A dossier as the reports count it: where, when received (empty for one refused or
    withdrawn before receipt) and when and how it left; `hours` = working hours from receipt
    to result, waiting excluded (2.2)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    unit_id = models.PositiveIntegerField()
    field_id = models.PositiveIntegerField()
    online = models.BooleanField()
    received_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    hours = models.DecimalField(max_digits=9, decimal_places=2, default=0)

    class Meta:
        indexes = [models.Index(fields=["unit_id", "received_on"], name="track_unit_idx")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.received_on}–{self.left_on or ''}"


class SpanKind(models.TextChoices):
    LATE = "late", _("Quá hạn")
    SUPPLEMENT = "supplement", _("Chờ bổ sung")
    FINANCIAL = "financial", _("Chờ thực hiện nghĩa vụ tài chính")


class Span(models.Model):
    """A stretch of days a dossier was late or waiting: counted from the end of `start`
    until the end of the day before `end` (open while `end` is empty)."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="+")
    unit_id = models.PositiveIntegerField()
    field_id = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=SpanKind.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["dossier", "kind"], name="span_dossier_idx"),
            models.Index(fields=["kind", "start"], name="span_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.start}–{self.end or ''}"


class Indicator(models.Model):
    """A Decision 766 indicator's threshold and maximum points (a province admin edits)."""

    code = models.CharField(_("mã chỉ số"), max_length=8, unique=True)
    name = models.CharField(_("tên chỉ số"), max_length=255)
    threshold = models.DecimalField(
        _("ngưỡng (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Đạt hoặc vượt ngưỡng: điểm tối đa; dưới ngưỡng: tỷ lệ × tối đa / ngưỡng."),
    )
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ số Quyết định 766")
        verbose_name_plural = _("chỉ số Quyết định 766")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
