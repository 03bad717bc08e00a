from orders import totals


def main(event, context):
    return totals(event["items"])
