"""Replay a mixed workload (reporters saving, board viewers reading) against gunicorn on this machine."""

import contextlib
import shlex
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.loadtest import PASSWORD, load_setup, loopback_base, run_load


class Command(BaseCommand):
    help = (
        "Chạy thử tải khép kín vào máy chủ trên chính máy này: cán bộ mở trang nhập và lưu nháp, Ban đọc "
        "bảng theo dõi; in số yêu cầu mỗi giây và p50/p95/p99. Tạo một tỉnh giả lập (ghi vào CSDL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--server", action="append", default=[], help="Địa chỉ máy chủ đang chạy (lặp lại được).")
        parser.add_argument(
            "--gunicorn",
            action="append",
            default=[],
            help='Tự chạy gunicorn với các tham số này, ví dụ "--workers 3" (lặp lại để so sánh các cấu hình).',
        )
        parser.add_argument("--processes", type=int, default=1, help="Số tiến trình gunicorn cho mỗi cấu hình.")
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--requests", type=int, default=5000, help="Dừng sau chừng này yêu cầu.")
        parser.add_argument("--reporters", type=int, default=50)
        parser.add_argument("--viewers", type=int, default=20)
        parser.add_argument("--communes", type=int, default=200)
        parser.add_argument("--force", action="store_true", help="Chạy cả khi DEBUG đang tắt.")

    def handle(self, *args, server, gunicorn, processes, seconds, requests, reporters, viewers, communes, force, **_):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG đang tắt: lệnh này ghi một tỉnh giả lập vào CSDL; dùng --force nếu chắc chắn.")
        if bool(server) == bool(gunicorn):
            raise CommandError("Cho --server (máy chủ đang chạy) hoặc --gunicorn (để lệnh tự chạy), không cả hai.")
        try:
            for url in server:
                loopback_base(url)
        except ValueError as refused:
            raise CommandError(str(refused)) from refused
        slug, people = load_setup(communes=communes, reporters=reporters, viewers=viewers)
        self.stdout.write(
            f"{len(people)} người ({reporters} cán bộ nhập, {viewers} người xem), mật khẩu {PASSWORD}; "
            f"tối đa {seconds:.0f} s hoặc {requests} yêu cầu."
        )
        runs = [(", ".join(server), server)] if server else []
        for options in gunicorn:
            with _gunicorn(shlex.split(options), processes=processes) as urls:
                self._report(
                    f"gunicorn {options} × {processes}",
                    run_load(servers=urls, slug=slug, people=people, seconds=seconds, limit=requests),
                )
        for label, urls in runs:
            self._report(label, run_load(servers=urls, slug=slug, people=people, seconds=seconds, limit=requests))

    def _report(self, label: str, lines: list[str]) -> None:
        self.stdout.write(f"== {label}")
        for line in lines:
            self.stdout.write(line)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _gunicorn(options: list[str], *, processes: int):
    """`processes` gunicorn servers with these options on free loopback ports, stopped afterwards."""
    ports = [_free_port() for _ in range(processes)]
    servers = [
        subprocess.Popen(  # noqa: S603 - our own interpreter running gunicorn, arguments from the command line
            [
                sys.executable,
                "-m",
                "gunicorn",
                *options,
                "--bind",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "/dev/null",
                "nongdan.wsgi",
            ],
            cwd=settings.BASE_DIR,
        )
        for port in ports
    ]
    try:
        for port in ports:
            _wait_for(port)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            process.wait(timeout=30)


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise CommandError(f"gunicorn không lên ở cổng {port} sau {seconds:.0f} s.")
