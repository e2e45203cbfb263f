import json

from django.core.management.base import BaseCommand

from motcua.demo.accounts import demo_logins, roles_by_username

HEADERS = ("username", "password", "kind", "roles")


class Command(BaseCommand):
    help = "Liệt kê các tài khoản mẫu (tên đăng nhập, mật khẩu, loại, vai trò)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="In dạng JSON.")

    def handle(self, *args, **options):
        logins = demo_logins()
        roles = roles_by_username([login.username for login in logins])
        rows = [
            {
                "username": login.username,
                "password": login.password,
                "kind": login.kind,
                "roles": roles[login.username],
            }
            for login in logins
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_table(rows))


def _roles_text(roles: list[dict]) -> str:
    return ", ".join(f"{role['role']}@{role['unit_id']}" for role in roles) or "-"


def _table(rows: list[dict]) -> str:
    cells = [HEADERS] + [
        (row["username"], row["password"], row["kind"], _roles_text(row["roles"])) for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADERS))]
    lines = [
        "  ".join(value.ljust(width) for value, width in zip(line, widths, strict=True))
        for line in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
