"""Parsing the national procedure catalogue (dichvucong.gov.vn export, one JSON object a line).

Pure functions, no database: `services.import_procedures` stores what these return. The
portal flattens its HTML tables into run-on strings, so the parsers below look for the
tokens that always end a cell (a channel name, a time unit, a fee, a document count) and
keep the verbatim text beside every parsed value.
"""

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from motcua.core.files import open_text
from motcua.core.text import nfc

from .models import Channel, TimeUnit

CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
NO_INFORMATION = "Không có thông tin"
LEGAL_BASIS_HEADING = "Căn cứ pháp lýTên văn bản pháp lý"

CHANNEL_NAMES = {
    "Trực tiếp": Channel.DIRECT,
    "Trực tuyến": Channel.ONLINE,
    "Dịch vụ bưu chính": Channel.POST,
}
# A channel name starts a row only when a time cell follows at once ("Trực tuyến20 Ngày…",
# "Trực tiếpKhông có thông tin…"); "Trực tuyến: nộp hồ sơ…" inside a description does not.
_ROW_START = re.compile(r"(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(?=\d|Không)")

TIME_UNITS = {
    "ngày làm việc": TimeUnit.WORKING_DAY,
    "ngày": TimeUnit.DAY,
    "giờ làm việc": TimeUnit.HOUR,
    "giờ": TimeUnit.HOUR,
    "tháng": TimeUnit.MONTH,
}
_TIME = re.compile(
    r"(?P<value>\d+(?:[.,]\d+)?) ?(?P<unit>Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng)?",
    re.IGNORECASE,
)
# Time cells that state no duration.
_NO_TIME = re.compile(
    r"Không có thông tin|Không quy định|Không phải trả kết quả cho người nộp thuế"
    r"|Không ?(?=Miễn phí|Không có thông tin)"
)
_CURRENCY = r"Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD"
# '1100 VNĐ(…)': a time without unit glued to the amount. The portal writes such times as one
# digit (seen: 1, 2, 3, 5), so the first digit is the time and the rest the amount.
_GLUED_TIME = re.compile(rf"(?P<value>\d)(?P<unit>)(?=\d[\d.,]* ?(?:{_CURRENCY}))")
_FEE_AMOUNT = re.compile(rf"(?P<amount>\d[\d.,]*)? ?(?P<currency>{_CURRENCY})")
_FREE = "Miễn phí"
# "Lệ phí : 50.000 Đồng", "Phí: 15.000 đồng/hồ sơ" written in a description.
_FEE_LINE = re.compile(
    rf"(?P<kind>Lệ phí|Phí)\s*:\s*(?P<amount>\d[\d.,]*)\s*(?:{_CURRENCY})", re.IGNORECASE
)

_QUANTITY = re.compile(
    r"Bản chính:\s*(?P<o1>\d+)\s*Bản sao:\s*(?P<c1>\d+)"
    r"|(?P<o2>\d+) bản chính(?:,\s*(?P<c2>\d+) bản sao)?"
    r"|(?P<c3>\d+) bản sao"
)
_TEMPLATE_FILE = re.compile(r"\.(?:docx?|xlsx?|pdf|odt|rtf|zip|rar)$", re.IGNORECASE)
_OPTIONAL = re.compile(r"\(\s*nếu có\s*\)", re.IGNORECASE)
# A document needed only in a stated case. The national records word it three ways: the name
# opens with the case ("Trường hợp ủy quyền …, kèm theo …", "(ii) Nếu …", "- Đối với trường
# hợp …"), it closes with it ("… đối với trường hợp hộ kinh doanh do …", "… (nếu là đảng
# viên)"), or the whole table section is under a case title ("Trường hợp ủy quyền thực hiện
# thủ tục thì hồ sơ phải kèm theo một trong những giấy tờ sau:", "a) Đối với cấp mới"). A
# "trường hợp" after ";" or "." is a further rule about a document that is always needed
# ("Hộ chiếu …; trường hợp bị mất hộ chiếu, phải có đơn …"): not a condition.
_LIST_MARK = r"[\s\-–+*•.]*(?:\(?(?:[a-zđ]|\d{1,2}|[ivx]{1,5})[.)]\s*)?[\s\-–+*•]*"
_CASE_START = re.compile(
    rf"^{_LIST_MARK}\(?(?P<case>(?:trong |đối với )?trường hợp\b|nếu\b|đối với\b)",
    re.IGNORECASE,
)
_CASE_INSIDE = re.compile(
    r"(?:\(\s*|[^;.]\s)(?P<case>(?:đối với|trong) (?:các )?trường hợp\b|trường hợp\b"
    r"(?=[^()]*\))|nếu (?:là|thuộc|còn|đã|được|có)\b)",
    re.IGNORECASE,
)
# A case title that lists alternatives: "… một trong những giấy tờ sau:".
_ALTERNATIVES = re.compile(r"một trong (?:các|những|số)\b", re.IGNORECASE)
# The case ends at its consequence: "Trường hợp X thì …", "Đối với X, Y: …", else at the first
# comma ("Nếu X, phải …"); a case in brackets at its closing bracket.
_SENTENCE_END = re.compile(r"[;]|\.(?:\s|$)")
_CASE_CONSEQUENCE = re.compile(r"\s+thì\s|:|,\s*(?:phải|kèm theo|hồ sơ)\s")
_CASE_COMMA = re.compile(r"[,)]")
MAX_CONDITION_LENGTH = 500
IF_ANY = "Nếu có"

FIELD_MAP = {
    "code": "ma_thu_tuc",
    "name": "ten_thu_tuc",
    "decision_number": "so_quyet_dinh",
    "implementing_levels": "cap_thuc_hien",
    "procedure_type": "loai_thu_tuc",
    "applicant_types": "doi_tuong_thuc_hien",
    "competent_authority": "co_quan_co_tham_quyen",
    "implementing_agency": "co_quan_thuc_hien",
    "receiving_address": "dia_chi_tiep_nhan",
    "steps": "trinh_tu_thuc_hien",
    "conditions": "yeu_cau_dieu_kien",
    "result": "ket_qua_xu_ly",
    "legal_basis": "can_cu_phap_ly",
    "source_url": "detail_url",
    "raw_text": "raw_text",
}
MAX_TIME_VALUE = Decimal("999999.99")  # ProcedureChannel.time_value: 8 digits, 2 decimals
MAX_AMOUNT = 10**15  # no real fee comes near; larger numbers are misread text
REQUIRED_KEYS = ("ma_thu_tuc", "ten_thu_tuc")
# Without these a procedure has no field, channels or documents: worth reporting. The other
# keys are descriptive text and may be left out (e.g. by a hand-written demo record).
STRUCTURE_KEYS = ("linh_vuc", "cach_thuc_thuc_hien", "thanh_phan_ho_so")


class CorruptFileError(Exception):
    """The file cannot be read further (e.g. a gzip file cut off)."""


class RecordError(ValueError):
    """A line that cannot become a procedure at all (bad JSON, no code or name)."""


@dataclass
class ParsedChannel:
    channel: str
    time_value: Decimal | None = None
    time_unit: str = ""
    time_text: str = ""
    fee_vnd: int | None = None
    fee_text: str = ""
    note: str = ""


@dataclass
class ParsedDocument:
    name: str
    template_name: str = ""
    originals: int = 0
    copies: int = 0
    quantity_text: str = ""
    required: bool = True
    # The stated case in which the document is needed ("" = always). A conditional document
    # is not required: the applicant reads the case beside the slot.
    condition: str = ""


@dataclass
class ParsedRecord:
    fields: dict[str, str]
    field_name: str
    channels: list[ParsedChannel]
    documents: list[ParsedDocument]
    problems: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.fields["code"]


# --- reading -------------------------------------------------------------------------------


def read_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """Numbered non-blank lines of a .jsonl or .jsonl.gz file (gzip is detected by content).

    The file is opened at once, so a missing file raises OSError here; a file found corrupt
    part-way (cut-off gzip) raises CorruptFileError while iterating."""
    return _numbered_lines(open_text(path, errors="replace"))


def _numbered_lines(stream) -> Iterator[tuple[int, str]]:
    number = 0
    with stream:
        try:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    yield number, line
        except (EOFError, OSError, zlib.error) as error:
            raise CorruptFileError(
                _("Dòng %(line)s: tệp bị hỏng, không đọc tiếp được (%(error)s)")
                % {"line": number + 1, "error": error}
            ) from error


def parse_line(line: str) -> ParsedRecord:
    """One national-format line → ParsedRecord; raises RecordError when nothing can be kept."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        message = _("JSON không hợp lệ (%(error)s, cột %(column)s)")
        raise RecordError(message % {"error": error.msg, "column": error.colno}) from error
    if not isinstance(record, dict):
        raise RecordError(_("dòng không phải là một đối tượng JSON"))
    return parse_record(record)


def parse_record(record: dict) -> ParsedRecord:
    """A dict in the national format → ParsedRecord (text in NFC, tables parsed)."""
    text = {key: _text(record.get(key)) for key in (*FIELD_MAP.values(), *STRUCTURE_KEYS)}
    missing_required = [key for key in REQUIRED_KEYS if not text[key]]
    if missing_required:
        message = _("thiếu trường bắt buộc: %(keys)s")
        raise RecordError(message % {"keys": ", ".join(missing_required)})
    missing = [key for key in STRUCTURE_KEYS if key not in record]
    problems = [_("thiếu trường: %(keys)s") % {"keys": ", ".join(missing)}] if missing else []
    channels, channel_problems = parse_channels(text["cach_thuc_thuc_hien"])
    fields = {name: text[key] for name, key in FIELD_MAP.items()}
    documents, document_problems = _documents_of(text["thanh_phan_ho_so"], fields["raw_text"])
    if not fields["raw_text"]:
        fields["raw_text"] = nfc(json.dumps(record, ensure_ascii=False))
    return ParsedRecord(
        fields=fields,
        field_name=text["linh_vuc"],
        channels=channels,
        documents=documents,
        problems=problems + channel_problems + document_problems,
    )


def _documents_of(table: str, raw_text: str) -> tuple[list[ParsedDocument], list[str]]:
    """The documents table; when the crawler cut it wrongly (its field holds text from the
    steps), the table is taken from the raw page text, up to 'Căn cứ pháp lý', and the record
    is still reported so that someone checks it."""
    documents, problems = parse_documents(table)
    start = raw_text.find(DOCUMENT_HEADER)
    if not problems or start < 0:
        return documents, problems
    end = raw_text.find(LEGAL_BASIS_HEADING, start)
    documents, _problems = parse_documents(raw_text[start : end if end > 0 else None])
    if not documents:
        return [], problems
    return documents, [_("bảng thành phần hồ sơ bị cắt sai, đã lấy từ văn bản gốc")]


def _text(value) -> str:
    if value is None:
        return ""
    return nfc(str(value)).strip()


# --- cách thức thực hiện ------------------------------------------------------------------


def parse_channels(text: str) -> tuple[list[ParsedChannel], list[str]]:
    """Rows of the flattened 'Hình thức nộp | Thời gian | Phí, lệ phí | Mô tả' table.

    A channel listed twice keeps its first row (the unique key is procedure + channel)."""
    body = nfc(text).replace(CHANNEL_HEADER, "", 1).strip()
    if not body or body == NO_INFORMATION:
        return [], []
    parts = _ROW_START.split(body)
    if len(parts) < 3:
        return [], [_("không đọc được bảng cách thức thực hiện")]
    channels: dict[str, ParsedChannel] = {}
    problems = []
    for name, cells in zip(parts[1::2], parts[2::2], strict=True):
        row = parse_channel_row(CHANNEL_NAMES[name], cells)
        if row is None:
            problems.append(_("không đọc được thời hạn/phí của kênh %(name)s") % {"name": name})
            row = ParsedChannel(channel=CHANNEL_NAMES[name], note=cells.strip())
        channels.setdefault(row.channel, row)
    return list(channels.values()), problems


def parse_channel_row(channel: str, cells: str) -> ParsedChannel | None:
    """'20 Ngày làm việcMiễn phí(…)Mô tả…' → time, fee and note; None when unreadable."""
    time_match = _NO_TIME.match(cells) or _GLUED_TIME.match(cells) or _TIME.match(cells)
    fee = time_match and _match_fee(cells[time_match.end() :])
    if fee is None:
        return None
    fee_text, fee_vnd, note = fee
    if fee_vnd is None:
        fee_vnd = fee_from_fee_lines(note)
    value, unit = _time_value(time_match)
    return ParsedChannel(
        channel=channel,
        time_value=value,
        time_unit=unit,
        time_text=time_match.group(0).strip(),
        fee_vnd=fee_vnd,
        fee_text=fee_text,
        note=note.strip(),
    )


def _time_value(match: re.Match) -> tuple[Decimal | None, str]:
    if match.re is _NO_TIME:
        return None, ""
    value = Decimal(match["value"].replace(",", ".")).quantize(Decimal("0.01"))
    if value > MAX_TIME_VALUE:
        return None, ""  # not a duration the column can hold; time_text keeps it
    return value, TIME_UNITS.get((match["unit"] or "").lower(), "")


def _match_fee(text: str) -> tuple[str, int | None, str] | None:
    """The fee cell at the start of `text` → (verbatim fee, amount or None, rest)."""
    if text.startswith(_FREE):
        end, amount = len(_FREE), 0
    elif text.startswith(NO_INFORMATION):
        end, amount = len(NO_INFORMATION), None
    elif fee_line := _FEE_LINE.match(text):
        end, amount = fee_line.end(), fee_from_fee_lines(text)
    elif column := _FEE_AMOUNT.match(text):
        end, amount = column.end(), _column_amount(column)
    else:
        return None
    end = _end_of_parenthesis(text, end)
    return text[:end].strip(), amount, text[end:]


def _column_amount(match: re.Match) -> int | None:
    """'10,000 Việt Nam Đồng' → 10000. USD is not converted (no rate; the text says what to
    pay). Some ministries enter thousands ('20 VNĐ(20.000 vnđ /tờ khai)', '250 VNĐ(250.000
    đồng/ 1 môn thi)'); no fee in the catalogue is below 1.000 đồng, so those are ×1000."""
    amount = _money(match["amount"] or "")
    if amount is None or match["currency"] == "USD":
        return None
    return amount * 1000 if 0 < amount < 1000 else amount


def _end_of_parenthesis(text: str, start: int) -> int:
    """The fee's own '(…)' explanation belongs to the fee cell; unbalanced → not included."""
    if not text[start:].startswith("("):
        return start
    depth = 0
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    return start


def fee_from_fee_lines(text: str) -> int | None:
    """Amount from 'Phí : X Đồng' / 'Lệ phí : Y Đồng' lines (the fee cell's, or the
    description's when the fee cell says nothing). Lines of the same kind are alternatives
    for different cases: the smallest is taken (what an applicant pays at least); a phí and
    a lệ phí are both charged: they are added."""
    lowest: dict[str, int] = {}
    for match in _FEE_LINE.finditer(text):
        kind, amount = match["kind"].lower(), _money(match["amount"])
        if amount is not None:
            lowest[kind] = min(amount, lowest.get(kind, amount))
    return sum(lowest.values()) if lowest else None


def _money(text: str) -> int | None:
    """'50.000', '10,000,000', '0' → int; '1,5' (a decimal) → rounded int."""
    text = text.strip(".,")
    if not text:
        return None
    if re.fullmatch(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*", text) or text.isdecimal():
        amount = int(re.sub(r"\D", "", text))
    else:
        try:
            amount = round(Decimal(text.replace(",", ".")))
        except ArithmeticError:
            return None
    return amount if amount <= MAX_AMOUNT else None


# --- thành phần hồ sơ ---------------------------------------------------------------------


def parse_documents(text: str) -> tuple[list[ParsedDocument], list[str]]:
    """Rows of the flattened 'Tên giấy tờ | Mẫu đơn, tờ khai | Số lượng' table(s).

    A row ends with its count ('1 bản chính', '0 bản chính,1 bản sao', '01 bản sao',
    'Bản chính: 1 Bản sao: 0') glued to the next row; counts inside a name ('(01 bản chính
    hoặc 01 bản sao)') are followed by more words and are not row ends. Text before a repeated
    header (a case title such as 'Trường hợp (1)…:') is not a document."""
    body = nfc(text).strip().strip("-").strip()
    if not body:
        return [], []
    if DOCUMENT_HEADER not in body:
        return [], [_("không đọc được bảng thành phần hồ sơ")]
    documents = []
    sections = body.split(DOCUMENT_HEADER)
    title = sections[0]
    for section in sections[1:]:
        section_documents, title = _section_documents(section, section_case(title))
        documents.extend(section_documents)
    if not documents:
        return [], [_("bảng thành phần hồ sơ không có giấy tờ nào")]
    return documents, []


def _section_documents(section: str, case: str) -> tuple[list[ParsedDocument], str]:
    """The section's documents (under the section's `case`, if any) and the text after the
    last one: the title of the next section."""
    documents, start = [], 0
    for match in _QUANTITY.finditer(section):
        if not _ends_row(section, match.end()):
            continue
        cell = section[start : match.start()].strip()
        start = match.end()
        if cell:
            documents.append(_document(cell, match, case))
    return documents, section[start:]


def section_case(title: str) -> str:
    """The case a section title puts its documents under ("" when it states none, e.g. '--',
    '* Giấy tờ phải nộp:')."""
    title = title.strip()
    if not title:
        return ""
    if start := _CASE_START.match(title):
        return _clause(title, start.start("case"))
    return _short(title) if _ALTERNATIVES.search(title) else ""


def document_condition(name: str) -> str:
    """The case stated in a document's name ("" when it is always needed)."""
    if _OPTIONAL.search(name):
        return IF_ANY  # stored data: Vietnamese whatever the language of the page
    if start := _CASE_START.match(name):
        return _clause(name, start.start("case"))
    if inside := _CASE_INSIDE.search(name):
        return _clause(name, inside.start("case"))
    return ""


def _clause(text: str, start: int) -> str:
    """From `start` to the end of the case's clause, capitalised."""
    bracketed = text[:start].rstrip().endswith("(")
    rest = text[start:]
    if sentence_end := _SENTENCE_END.search(rest):
        rest = rest[: sentence_end.start()]
    if bracketed:
        end = rest.find(")")
        clause = rest[: end if end >= 0 else None]
    else:
        end = _CASE_CONSEQUENCE.search(rest) or _CASE_COMMA.search(rest)
        clause = rest[: end.start() if end else None]
    clause = clause.strip(" -–+*•(")
    return _short(clause[:1].upper() + clause[1:])


def _short(text: str) -> str:
    text = " ".join(text.split()).rstrip(":;,. ")
    if len(text) <= MAX_CONDITION_LENGTH:
        return text
    return text[: MAX_CONDITION_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _ends_row(text: str, end: int) -> bool:
    """A count ends a row when the text ends or the next name starts right after it."""
    if end >= len(text):
        return True
    following, after = text[end], text[end + 1 : end + 2]
    if following.islower():
        return after == ")"  # the next row is numbered 'b) …'
    return not (following.isspace() or following in "),;.:")


def _document(cell: str, quantity: re.Match, case: str = "") -> ParsedDocument:
    name, template = _split_template(cell)
    condition = document_condition(name) or case
    originals = quantity["o1"] or quantity["o2"] or "0"
    copies = quantity["c1"] or quantity["c2"] or quantity["c3"] or "0"
    return ParsedDocument(
        name=name,
        template_name=template,
        # Counts are one digit on the portal; more digits are the end of a name or file
        # name glued to the count ('Mẫu 01.docx1 bản chính').
        originals=int(originals[-1]),
        copies=int(copies[-1]),
        quantity_text=quantity.group(0),
        required=not condition,
        condition=condition,
    )


def _split_template(cell: str) -> tuple[str, str]:
    """'Đơn đề nghịMẫu 01.docx' → ('Đơn đề nghị', 'Mẫu 01.docx'): the form's file name(s) start
    at the first capital glued to the end of the name ('nghịMẫu', '(nếu có)Mẫu'), else where a
    capitalised word is glued to an abbreviation ('NĐ-CPMẫu'), else at the last word."""
    if not _TEMPLATE_FILE.search(cell):
        return cell, ""
    start = _first(cell, _glued_to_word) or _first(cell, _glued_to_abbreviation)
    if start is None:
        head, _space, tail = cell.rpartition(" ")
        return (head.strip(), tail) if head else (cell, cell)
    return cell[:start].strip(), cell[start:].strip()


def _first(cell: str, is_start) -> int | None:
    return next((i for i in range(1, len(cell) - 1) if is_start(cell, i)), None)


def _glued_to_word(cell: str, i: int) -> bool:
    return cell[i].isupper() and (cell[i - 1].islower() or cell[i - 1] in ").;]")


def _glued_to_abbreviation(cell: str, i: int) -> bool:
    return cell[i].isupper() and cell[i + 1].islower() and cell[i - 1].isupper()
