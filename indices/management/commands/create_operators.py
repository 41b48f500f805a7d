import csv
import io
import os
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from indices.models import Assignment, Instance

ROLES = {"operator": Assignment.Role.OPERATOR, "koordinator": Assignment.Role.COORDINATOR}


class Command(BaseCommand):
    help = (
        "Create staff accounts in bulk from a CSV with the columns kode (the instance) and email, and an "
        "optional peran (operator, the default, or koordinator for a province). All or nothing. Each new "
        "account gets a generated password, written only to the --passwords file (readable by you alone)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file: kode,email[,peran]")
        parser.add_argument("--passwords", required=True, help="Where to write the new accounts' passwords")

    def handle(self, *args, file, passwords, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        rows, errors = self.read(path.read_text(encoding="utf-8-sig"))
        for error in errors:
            self.stderr.write(error)
        if errors:
            raise CommandError(_("%(count)s error(s); nothing was imported.") % {"count": len(errors)})
        User = get_user_model()
        created = []
        with transaction.atomic():
            for email, role, instance in rows:
                user = User.objects.filter(username=email).first()
                if user is None:
                    password = secrets.token_urlsafe(12)
                    user = User.objects.create_user(
                        username=email, email=email, password=password, is_staff=True
                    )
                    created.append((email, password))
                Assignment.objects.get_or_create(user=user, role=role, instance=instance)
        out = Path(passwords)
        out.touch(mode=0o600, exist_ok=True)
        os.chmod(out, 0o600)
        with out.open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(created)
        self.stdout.write(
            _("%(assigned)s assignment(s) in place, %(created)s new account(s); passwords in %(file)s.")
            % {"assigned": len(rows), "created": len(created), "file": out}
        )

    def read(self, text: str):
        """The rows as (email, role, instance), and a message per bad line."""
        instances = {instance.code: instance for instance in Instance.objects.all()}
        rows, errors = [], []
        reader = csv.DictReader(
            io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ","
        )
        headers = {name.strip().lower() for name in reader.fieldnames or []}
        if not {"kode", "email"} <= headers:
            return [], [_("The file needs the columns kode and email.")]
        for line, row in enumerate(reader, start=2):
            row = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items()}
            code, email, role = (
                row.get("kode", ""),
                row.get("email", "").lower(),
                row.get("peran", "") or "operator",
            )
            problems = []
            instance = instances.get(code)
            if instance is None:
                problems.append(_("no instance has the code “%(code)s”") % {"code": code})
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(email)s” is not an e-mail address") % {"email": email})
            if role not in ROLES:
                problems.append(_("unknown role “%(role)s”; use operator or koordinator") % {"role": role})
            elif (
                ROLES[role] == Assignment.Role.COORDINATOR
                and instance
                and instance.kind != Instance.Kind.PROVINSI
            ):
                problems.append(_("a coordinator is assigned to a province"))
            if problems:
                errors.append(
                    _("Line %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
                )
            else:
                rows.append((email, ROLES[role], instance))
        return rows, errors
