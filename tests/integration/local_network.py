"""The environment variables that would send the tests' requests through a proxy.

tests/conftest.py clears them for every test; programs the tests start get an environment
without them (tests/integration/cli_process.py).
"""

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
