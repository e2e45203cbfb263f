"""Citizens' ID numbers (CCCD 12 digits, old CMND 9), tax codes (10/13) and phone numbers
(10/11) never reach the logs: every record through settings.LOGGING's handlers has each
9–13-digit number (digits possibly grouped by spaces or dots, as people write phones) masked
to its last three digits, in the message, its arguments and the traceback."""

import ipaddress
import logging
import re

_NUMBER = re.compile(r"(?<![\d.])\+?(?:\d[ .]?){8,12}\d(?![\d])")
_FORMATTER = logging.Formatter()


def mask(text: str) -> str:
    return _NUMBER.sub(_masked, text)


def _masked(match: re.Match) -> str:
    text = match.group(0)
    try:
        ipaddress.IPv4Address(text)  # an address (203.113.10.125) is not a person's number
        return text
    except ValueError:
        pass
    digits = re.sub(r"\D", "", text)
    if not 9 <= len(digits) <= 13:
        return text
    return "*" * (len(digits) - 3) + digits[-3:]


class MaskNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True
