"""The official table as XLSX (numbers as numbers, Vietnamese headings) and as PDF."""

import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.documents.forms import OFFICIAL_LANGUAGE, XLSX_TYPE
from motcua.documents.pdf import render_pdf

from .selectors import COLUMN_KEYS, COLUMNS


def table_xlsx(title: str, subtitle: str, first_heading: str, rows, total: dict) -> bytes:
    with translation.override(OFFICIAL_LANGUAGE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Bao cao"
        sheet.append([title])
        sheet.append([subtitle])
        sheet.append(["STT", str(first_heading), *(str(label) for _key, label in COLUMNS)])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for number, row in enumerate(rows, start=1):
            name = ("  " * row.depth) + row.label
            sheet.append([number, name, *(row.values[key] for key in COLUMN_KEYS)])
        sheet.append(["", "Tổng cộng", *(total[key] for key in COLUMN_KEYS)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.column_dimensions["B"].width = 40
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def indicators_xlsx(title: str, subtitle: str, scores) -> bytes:
    with translation.override(OFFICIAL_LANGUAGE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Chi so 766"
        sheet.append([title])
        sheet.append([subtitle])
        sheet.append(
            [
                "Mã chỉ số",
                "Tên chỉ số",
                "Kết quả",
                "Đơn vị",
                "Ngưỡng (%)",
                "Điểm tối đa",
                "Điểm đạt",
            ]
        )
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for s in scores:
            rate = float(s.rate) if s.rate is not None else "chưa có dữ liệu"
            got = float(s.points) if s.points is not None else None
            sheet.append(
                [s.code, s.name, rate, s.unit_label, float(s.threshold), float(s.max_points), got]
            )
        sheet.column_dimensions["B"].width = 45
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def table_pdf(context: dict) -> bytes:
    with translation.override(OFFICIAL_LANGUAGE):
        return render_pdf("stats/official_table.html", {**context, "columns": COLUMNS})


__all__ = ["XLSX_TYPE", "indicators_xlsx", "table_pdf", "table_xlsx"]
