"""The results pages' data: the filter form, the charts (labels and values, drawn by
Chart.js from a json_script block) with the table behind each, and the XLSX export."""

from dataclasses import dataclass
from io import BytesIO

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.catalog.models import Field
from motcua.org.models import Unit

from .score import INDICATORS
from .selectors import Filters, ScoreRow, Share, SurveySummary

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ResultsFilterForm(forms.Form):
    tu_ngay = forms.DateField(
        label=gettext_lazy("Từ ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    den_ngay = forms.DateField(
        label=gettext_lazy("Đến ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    don_vi = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    linh_vuc = forms.ModelChoiceField(
        label=gettext_lazy("Lĩnh vực"),
        queryset=Field.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Tất cả"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = units
        for name in ("tu_ngay", "den_ngay"):
            self.fields[name].error_messages["invalid"] = _("Nhập ngày theo dạng ngày/tháng/năm.")

    def clean(self):
        data = super().clean()
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and start > end:
            self.add_error("den_ngay", _("“Đến ngày” phải sau “Từ ngày”."))
        return data

    def filters(self) -> Filters:
        """The valid filters (an invalid one is shown beside its field and left out)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()  # cleaned_data then holds only the fields without errors
        data = self.cleaned_data
        unit, field = data.get("don_vi"), data.get("linh_vuc")
        return Filters(
            date_from=data.get("tu_ngay"),
            date_to=data.get("den_ngay"),
            unit_id=unit.pk if unit else None,
            field_id=field.pk if field else None,
        )


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    kind: str  # Chart.js type: bar, doughnut
    unit: str  # what the values are: "%" or a score
    rows: list[tuple[str, float, str]]  # (label, value, value as shown in the table)

    def data(self) -> dict:
        return {
            "id": self.id,
            "type": self.kind,
            "title": self.title,
            "unit": self.unit,
            "labels": [label for label, _value, _shown in self.rows],
            "values": [value for _label, value, _shown in self.rows],
        }


def _shares(rows: list[Share]) -> list[tuple[str, float, str]]:
    return [(row.label, row.percent, f"{row.percent:.1f}".replace(".", ",") + " %") for row in rows]


def charts(summary: SurveySummary, scores: list[ScoreRow]) -> list[Chart]:
    return [
        Chart(
            "chart-questions",
            _("Tỷ lệ đồng ý với từng nhận định"),
            "bar",
            "%",
            _shares(summary.questions),
        ),
        Chart("chart-benefit", _("Lợi ích chính"), "bar", "%", _shares(summary.benefits)),
        Chart("chart-ease", _("Mức độ dễ sử dụng"), "doughnut", "%", _shares(summary.ease)),
        Chart(
            "chart-overall", _("Mức độ hài lòng chung"), "doughnut", "%", _shares(summary.overall)
        ),
        Chart(
            "chart-scores",
            _("Điểm hài lòng bình quân theo 9 chỉ số (tối đa 18)"),
            "bar",
            _("điểm"),
            [
                (row.label, row.average, f"{row.average:.2f}".replace(".", ",") + f" – {row.grade}")
                for row in scores
            ],
        ),
    ]


def workbook(
    summary: SurveySummary, scores: list[ScoreRow], score_label: str, scored: list
) -> bytes:
    """The tables of the page as an XLSX file: the survey figures, the scores per group and
    each dossier's nine indicators (`scored`: (dossier, Score) pairs)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Khảo sát")
    bold = Font(bold=True)
    sheet.append([_("Số phiếu trả lời"), summary.responses])
    for title, rows in (
        (_("Nhận định (tỷ lệ đồng ý)"), summary.questions),
        (_("Lợi ích chính"), summary.benefits),
        (_("Mức độ dễ sử dụng"), summary.ease),
        (_("Mức độ hài lòng chung"), summary.overall),
    ):
        sheet.append([])
        sheet.append([title, _("Số phiếu"), _("Tỷ lệ (%)")])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in rows:
            sheet.append([row.label, row.count, row.percent])
    sheet.column_dimensions["A"].width = 70
    scores_sheet = book.create_sheet(_("Chỉ số hài lòng"))
    scores_sheet.append([score_label, _("Số hồ sơ"), _("Điểm bình quân"), _("Xếp loại")])
    for cell in scores_sheet[1]:
        cell.font = bold
    for row in scores:
        scores_sheet.append([row.label, row.dossiers, row.average, row.grade])
    scores_sheet.column_dimensions["A"].width = 50
    dossiers_sheet = book.create_sheet(_("Hồ sơ"))
    dossiers_sheet.append(
        [
            _("Mã hồ sơ"),
            _("Đơn vị"),
            *[str(name) for name in INDICATORS],
            _("Tổng điểm"),
            _("Xếp loại"),
        ]
    )
    for cell in dossiers_sheet[1]:
        cell.font = bold
    for dossier, result in scored:
        dossiers_sheet.append(
            [dossier.code, dossier.unit.name, *result.indicators, result.total, result.grade]
        )
    output = BytesIO()
    book.save(output)
    return output.getvalue()
