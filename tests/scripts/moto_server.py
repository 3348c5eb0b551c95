"""moto's server, with each request handled atomically.

moto serves requests on threads without a lock around its backends, so two concurrent
TransactWriteItems calls can both pass their conditions before either writes: DynamoDB never
allows that, and the product's ownership rules depend on it. This launcher serializes request
handling (connections still run on threads), which restores DynamoDB's all-or-nothing,
one-at-a-time transactions and conditional writes. Otherwise it is `moto_server -H HOST -p PORT`.

Two more fixes keep long, transaction-heavy runs (the feedback replay test: thousands of
transactions on a table of thousands of items) fast and bounded in memory:
- moto deep-copies every table a TransactWriteItems names, to roll back by swapping the copy
  in: O(table size) per call. The transaction here snapshots only the items it touches.
- moto appends every model instance ever created (each copy included) to class-level lists for
  its dashboard, and never lets go: they are cleared after each request.
"""

import argparse
import copy
import threading

import moto.dynamodb.models as dynamodb_models
from moto.core.model_instances import reset_model_data
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
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
            try:
                # Materialise the body inside the lock: moto builds it lazily for some services.
                return list(self.app(environ, start_response))
            finally:
                reset_model_data()


class NoTableCopies:
    """The `copy` module as moto's DynamoDB models see it, except that tables are not copied."""

    def __getattr__(self, name):
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


moto_transact_write_items = DynamoDBBackend.transact_write_items


def transact_write_items(self, transact_items):
    """moto's transaction, rolled back from a snapshot of the items it touches."""
    snapshot = []
    for entry in transact_items:
        _, op = next(iter(entry.items()))
        table = self.tables.get(op.get("TableName"))
        if table is None:
            continue
        if "Key" in op:
            key = op["Key"]
        else:
            item = op.get("Item", {})
            names = (table.hash_key_attr, table.range_key_attr)
            key = {name: item[name] for name in names if name and name in item}
        current = self.get_item(table.name, key)
        attributes = copy.deepcopy(current.to_json()["Attributes"]) if current else None
        snapshot.append((table.name, key, attributes))
    try:
        return moto_transact_write_items(self, transact_items)
    except Exception:
        for table_name, key, attributes in snapshot:
            if attributes is not None:
                self.put_item(table_name, attributes)
            elif self.get_item(table_name, key) is not None:
                self.delete_item(table_name, key)
        raise


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args()
    dynamodb_models.copy = NoTableCopies()
    DynamoDBBackend.transact_write_items = transact_write_items
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, Serialized(app), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
