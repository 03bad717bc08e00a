from handler import main


def test_main():
    assert main({"items": [{"price": 2}]}, None) == 2
