"""moto's server, with each request handled atomically.

moto serves requests on threads without a lock around its backends, so two concurrent
TransactWriteItems calls can both pass their conditions before either writes: DynamoDB never
allows that, and the product's ownership rules depend on it. This launcher serializes request
handling (connections still run on threads), which restores DynamoDB's all-or-nothing,
one-at-a-time transactions and conditional writes. Otherwise it is `moto_server -H HOST -p PORT`.
"""

import argparse
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.server import MotoRequestHandler
from werkzeug.serving import run_simple


class Serialized:
    """WSGI middleware: one request inside moto at a time."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            # Materialise the body inside the lock: moto builds it lazily for some services.
            return list(self.app(environ, start_response))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args()
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, Serialized(app), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
