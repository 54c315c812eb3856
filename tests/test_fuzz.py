"""No request answers a server error: a seeded fuzz of every URL, form and query string, as every role.

The suite runs 2.000 requests; `pytest tests/test_fuzz.py --fuzz-requests=10000 [--fuzz-seed=N]`
runs more (see README, Development).
"""

import pytest

from tests.fuzz import Fuzzer, build_world


@pytest.mark.django_db
def test_no_request_answers_a_server_error(request):
    count = request.config.getoption("--fuzz-requests")
    fuzzer = Fuzzer(world=build_world(), seed=request.config.getoption("--fuzz-seed"))
    failures = fuzzer.run(count)
    assert fuzzer.requests >= count
    summary = f"{len(failures)} of {fuzzer.requests} requests answered 5xx; the first ones:\n\n"
    assert not failures, summary + "\n\n".join(str(failure) for failure in failures[:5])
