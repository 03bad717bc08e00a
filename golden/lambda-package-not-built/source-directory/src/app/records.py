def parse(record):
    return record["body"]
