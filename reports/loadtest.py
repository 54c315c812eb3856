"""A closed-loop load on running servers, from this machine only.

Each simulated person works without pause, one request after the other, as a session of their own:
reporters open their entry form for the current quarter and save it as a draft; board viewers read
the dashboards. The run stops at a time limit or a number of requests, whichever comes first, and
tells requests per second and the p50/p95/p99 of the response times. Each person's requests go to
the servers given in turn: signed in on one, a person saves through another, which shows that the
servers keep nothing of their own (sessions, login throttling and uploads live in the database).

The requests say `X-Forwarded-Proto: https`, as the reverse proxy in front of gunicorn does, so a
server with the production settings (secure cookies, HTTPS redirect) answers them as it would
answer a visitor.
"""

import http.client
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from organisations.models import Membership, Organisation
from programs.models import Program
from reports.bench import synthetic_province
from reports.models import Report

PASSWORD = "tai-thu-46nqtw"  # noqa: S105 - synthetic accounts of a load-test database, printed on purpose
PROVINCE_CODE = "tai-thu"
REPORTER_PREFIX = "tai-baocao-"
VIEWER_PREFIX = "tai-ban-"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def loopback_base(url: str) -> tuple[str, int]:
    """Host and port of a server on this machine; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        raise ValueError(f"Chỉ chạy thử tải vào máy chủ trên chính máy này (http://127.0.0.1:…), không phải {url}.")
    return parts.hostname, parts.port or 80


@dataclass(frozen=True)
class Person:
    username: str
    role: str
    unit_id: int | None = None


def load_setup(*, communes: int, reporters: int, viewers: int) -> tuple[str, list[Person]]:
    """The synthetic province and its people, made once: a second call finds them.

    The province has two years of approved figures up to last quarter; today's quarter is open.
    """
    program = _load_province(communes=communes)
    units = list(Organisation.objects.filter(province=program.province, kind="commune_association").order_by("name"))
    board = Organisation.objects.get_or_create(
        province=program.province, kind="party_board", name="Ban thử tải", defaults={"is_demo": True}
    )[0]
    people = [
        Person(f"{REPORTER_PREFIX}{n}", Membership.Role.REPORTER, units[n % len(units)].pk) for n in range(reporters)
    ]
    people += [Person(f"{VIEWER_PREFIX}{n}", Membership.Role.BOARD_VIEWER) for n in range(viewers)]
    model = get_user_model()
    for person in people:
        user, created = model.objects.get_or_create(username=person.username)
        if created:
            user.set_password(PASSWORD)
            user.save()
            Membership.objects.create(user=user, organisation_id=person.unit_id or board.pk, role=person.role)
    return program.slug, people


def _load_province(*, communes: int) -> Program:
    program = Program.objects.filter(province__code=PROVINCE_CODE).first()
    if program:
        return program
    today = timezone.localdate()
    program, _root, units = synthetic_province(
        communes=communes, years=2, first_year=today.year - 1, code=PROVINCE_CODE
    )
    current = (today.year, (today.month - 1) // 3 + 1)
    Report.objects.filter(unit__in=units).filter(
        period__year=current[0], period__quarter__gte=current[1]
    ).delete()  # today's quarter is open: nothing filed yet
    return program


class Session:
    """One person's browser: its cookies, and a connection to each server; each request goes to one
    of them at random, as a load balancer would send it, so a session begun on one goes on on others."""

    def __init__(self, servers: list[tuple[str, int]], *, seed: int):
        self.servers = servers
        self.connections = [http.client.HTTPConnection(host, port, timeout=120) for host, port in servers]
        self.rng = random.Random(seed)  # noqa: S311 - spreading requests, not a secret
        self.cookies: dict[str, str] = {}

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        turn = self.rng.randrange(len(self.servers))
        host, port = self.servers[turn]
        connection = self.connections[turn]
        # As the proxy says: HTTPS. A server that does not trust the header checks no referrer over HTTP.
        headers = {"X-Forwarded-Proto": "https", "Referer": f"https://{host}:{port}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request("POST" if data is not None else "GET", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, text

    def log_in(self, username: str) -> None:
        login = reverse("login")
        self.request(login)
        status, _text = self.request(
            login,
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")},
        )
        if status != 302:
            raise RuntimeError(f"{username} không đăng nhập được (HTTP {status}).")


INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


def entry_form_data(page: str, *, value: int) -> dict[str, str]:
    """What a reporter posts back: the entry form's hidden fields, every number set to `value`
    (equal numbers keep every numerator within its denominator) with a comment, and "save as draft"."""
    form = next(chunk for chunk in page.split("<form") if 'name="version"' in chunk)
    data = {"action": "save", "confirm_unusual": "on"}
    for tag in INPUT.findall(form):
        attributes = dict(ATTRIBUTE.findall(tag))
        name = attributes.get("name")
        if not name or attributes.get("type") in ("checkbox", "submit"):
            continue
        if "num-input" in attributes.get("class", ""):
            data[name] = str(value)
        elif attributes.get("type", "text") == "text":  # a comment: why a number moved (asked when it moves a lot)
            data[name] = "Số liệu thử tải"
        else:
            data[name] = attributes.get("value", "")
    return data


@dataclass
class Results:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)
    count: int = 0

    def take_turn(self, limit: int) -> bool:
        """Whether one more request may go: the run stops after `limit` of them."""
        with self.lock:
            self.count += 1
            return self.count <= limit

    def record(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.samples[kind].append(seconds * 1000)
            if not ok:
                self.failures[kind] += 1


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(results: Results, elapsed: float) -> list[str]:
    everything = [ms for values in results.samples.values() for ms in values]
    lines = [f"{'Loại yêu cầu':<28}{'số':>7}{'lỗi':>6}{'p50 ms':>9}{'p95 ms':>9}"]
    for kind, values in sorted(results.samples.items()):
        lines.append(
            f"{kind:<28}{len(values):>7}{results.failures[kind]:>6}"
            f"{statistics.median(values):>9.0f}{_percentile(values, 0.95):>9.0f}"
        )
    if everything:
        lines.append(
            f"Tổng: {len(everything)} yêu cầu trong {elapsed:.1f} s = {len(everything) / elapsed:.1f} yêu cầu/s; "
            f"p50 {statistics.median(everything):.0f} ms, p95 {_percentile(everything, 0.95):.0f} ms, "
            f"p99 {_percentile(everything, 0.99):.0f} ms; lỗi {sum(results.failures.values())}."
        )
    return lines


VIEWER_PAGES = ["dashboards:dashboard", "dashboards:units", "dashboards:trend", "dashboards:completeness"]


def _work(person: Person, session: Session, *, slug: str, results: Results, until: float, limit: int, seed: int):
    rng = random.Random(seed)  # noqa: S311 - varied figures, not a secret
    today = timezone.localdate()
    entry = reverse("reports:detail", args=[person.unit_id or 0, today.year, (today.month - 1) // 3 + 1])
    while time.perf_counter() < until and results.take_turn(limit):
        start = time.perf_counter()
        if person.role == Membership.Role.REPORTER:
            status, page = session.request(entry)
            results.record("Mở trang nhập số liệu", time.perf_counter() - start, status == 200)
            if status != 200 or not results.take_turn(limit):
                continue
            data = entry_form_data(page, value=rng.randint(10, 90))
            start = time.perf_counter()
            status, _page = session.request(entry, data)
            results.record("Lưu nháp", time.perf_counter() - start, status == 302)
        else:
            name = rng.choice(VIEWER_PAGES)
            status, _page = session.request(reverse(name, args=[slug]))
            results.record(name.split(":")[1], time.perf_counter() - start, status == 200)


def run_load(*, servers: list[str], slug: str, people: list[Person], seconds: float, limit: int) -> list[str]:
    """Every person logs in, then works until the time or the requests run out, on every server in turn."""
    bases = [loopback_base(url) for url in servers]
    sessions = []
    for index, person in enumerate(people):
        session = Session(bases, seed=index)
        session.log_in(person.username)
        sessions.append(session)
    results = Results()
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(
            target=_work,
            args=(person, session),
            kwargs={"slug": slug, "results": results, "until": until, "limit": limit, "seed": index},
        )
        for index, (person, session) in enumerate(zip(people, sessions, strict=True))
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summary(results, time.perf_counter() - started)
