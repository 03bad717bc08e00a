"""The API behind the function URL."""

import json
import os


def handler(event, context):
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"environment": os.environ.get("ENVIRONMENT", "unknown")}),
    }
