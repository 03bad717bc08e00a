from app.records import parse


def handler(event, context):
    return [parse(r) for r in event["Records"]]
