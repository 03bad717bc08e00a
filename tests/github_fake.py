"""A local GitHub REST server for the bot's tests, checked against GitHub's OpenAPI description.

It serves the endpoints the bot uses from in-memory state backed by a real bare git
repository, validates every request body and query against the operation in
`@octokit/openapi` (api.github.com.json), builds every response from the operation's
response schema and validates it too. Violations are recorded, never silently passed.
Faults (5xx, 429, 4xx) can be injected per endpoint.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import threading
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = (
    REPO_ROOT
    / "tests"
    / ".octokit"
    / "node_modules"
    / "@octokit"
    / "openapi"
    / "generated"
    / "api.github.com.json"
)


def spec_path() -> Path:
    return Path(os.environ.get("FIXER_GITHUB_OPENAPI", DEFAULT_SPEC))


@cache
def load_spec() -> dict[str, Any]:
    return json.loads(spec_path().read_text())


class Contract:
    """Validation of requests and responses against the OpenAPI operations."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        self.spec = spec
        resource = Resource.from_contents(spec, default_specification=DRAFT4)
        self.registry = Registry().with_resource("urn:github", resource)
        self.read = OAS30ReadValidator
        self.write = OAS30WriteValidator

    def operation(self, template: str, method: str) -> dict[str, Any]:
        return self.spec["paths"][template][method.lower()]

    def _errors(self, validator: Any, schema: dict[str, Any], instance: Any) -> list[str]:
        rooted = {"$ref": "urn:github#" + _pointer_of(self.spec, schema)} if schema else {}
        checker = validator(rooted, registry=self.registry)
        return [f"{e.json_path}: {e.message}"[:300] for e in checker.iter_errors(instance)]

    def check_request(
        self, template: str, method: str, query: dict[str, str], body: Any
    ) -> list[str]:
        operation = self.operation(template, method)
        problems = []
        for parameter in operation.get("parameters", []):
            parameter = self.resolve(parameter)
            if parameter["in"] != "query" or parameter["name"] not in query:
                continue
            value: Any = query[parameter["name"]]
            schema = self.resolve(parameter.get("schema", {}))
            if schema.get("type") == "integer" and value.isdigit():
                value = int(value)
            problems += [f"query {parameter['name']}: {p}" for p in self._plain(schema, value)]
        unknown = set(query) - {self.resolve(p)["name"] for p in operation.get("parameters", [])}
        problems += [f"unknown query parameter {name!r}" for name in sorted(unknown)]
        request_body = operation.get("requestBody")
        if request_body is not None:
            schema = request_body["content"]["application/json"]["schema"]
            problems += [f"body {p}" for p in self._errors(self.write, schema, body)]
        elif body not in (None, {}):
            problems.append("a body was sent to an operation that takes none")
        return problems

    def _plain(self, schema: dict[str, Any], value: Any) -> list[str]:
        from openapi_schema_validator import OAS30Validator

        return [e.message for e in OAS30Validator(schema).iter_errors(value)]

    def response_schema(self, template: str, method: str, status: int) -> dict[str, Any] | None:
        responses = self.operation(template, method)["responses"]
        response = self.resolve(responses.get(str(status), {}))
        content = response.get("content", {}).get("application/json")
        return None if content is None else content["schema"]

    def check_response(self, template: str, method: str, status: int, payload: Any) -> list[str]:
        responses = self.operation(template, method)["responses"]
        if str(status) not in responses:
            return [f"status {status} is not a documented response"]
        schema = self.response_schema(template, method, status)
        if schema is None:
            return [] if payload is None else ["a body for a response documented without one"]
        return [f"response {p}" for p in self._errors(self.read, schema, payload)]

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while isinstance(node, dict) and "$ref" in node:
            node = _follow(self.spec, node["$ref"])
        return node

    def example(self, schema: dict[str, Any], depth: int = 0) -> Any:
        """A minimal instance of a schema: required properties only, first choices."""
        schema = self.resolve(schema)
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self.example(part, depth)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self.example(schema[key][0], depth)
        if "enum" in schema:
            return schema["enum"][0]
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            if depth > 12:
                return {}
            properties = schema.get("properties", {})
            return {
                name: self.example(properties[name], depth + 1)
                for name in schema.get("required", [])
                if name in properties
            }
        if kind == "array":
            return []
        if kind == "integer":
            return max(1, int(schema.get("minimum", 1)))
        if kind == "number":
            return 1
        if kind == "boolean":
            return False
        return _string_example(schema.get("format", ""))


def _string_example(fmt: str) -> str:
    return {
        "date-time": "2026-11-28T00:00:00Z",
        "uri": "https://github.test/x",
        "uri-template": "https://github.test/x{/y}",
        "email": "someone@example.test",
        "date": "2026-11-28",
    }.get(fmt, "x")


def _follow(spec: dict[str, Any], ref: str) -> Any:
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


@cache
def _pointer_index() -> dict[int, str]:
    index: dict[int, str] = {}

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            index[id(node)] = pointer
            for key, value in node.items():
                walk(value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{pointer}/{i}")

    walk(load_spec(), "")
    return index


def _pointer_of(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in schema and len(schema) == 1:
        return schema["$ref"].removeprefix("#")
    return _pointer_index()[id(schema)]


# ---------------------------------------------------------------- the server

ROUTES: list[tuple[str, str, re.Pattern[str]]] = [
    (method, template, re.compile("^" + re.sub(r"\{[a-z_]+\}", r"([^/]+)", template) + "$"))
    for method, template in [
        ("GET", "/repos/{owner}/{repo}/pulls"),
        ("POST", "/repos/{owner}/{repo}/pulls"),
        ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}"),
        ("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}"),
        ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files"),
        ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"),
        ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"),
        ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
        ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
        ("GET", "/repos/{owner}/{repo}/commits/{ref}"),
    ]
]


@dataclass
class Fault:
    """Answer `count` matching requests with `status` (and headers) instead of serving them."""

    method: str
    template: str
    status: int
    count: int = 1
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "injected fault"


@dataclass
class Pull:
    number: int
    title: str
    body: str
    head: str
    base: str
    state: str = "open"
    issue_comments: list[str] = field(default_factory=list)
    review_comments: list[dict[str, Any]] = field(default_factory=list)
    merged: bool = False

    def merge(self) -> None:
        """What merging on GitHub does to the pull request (the git side is the test's)."""
        self.state, self.merged = "closed", True


class FakeGitHub:
    """State and behaviour of the fake API for one repository."""

    def __init__(self, owner: str, repo: str, bare: Path, token: str) -> None:
        self.owner, self.repo, self.bare, self.token = owner, repo, bare, token
        self.contract = Contract(load_spec())
        self.pulls: dict[int, Pull] = {}
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str, int]] = []  # (method, path, status)
        self.violations: list[str] = []
        self.pages: list[tuple[str, int]] = []  # (path, page) of every list served
        self.lock = threading.Lock()
        self.base_url = ""  # set by serve(): PyGithub follows the URLs in payloads

    # -------------------------------------------------------- plumbing

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", str(self.bare), *args], capture_output=True, text=True, check=True
        ).stdout

    def sha(self, branch: str) -> str:
        return self.git("rev-parse", f"refs/heads/{branch}").strip()

    def handle(
        self, method: str, raw_path: str, headers: dict[str, str], body: Any
    ) -> tuple[int, dict[str, str], Any]:
        parts = urlsplit(raw_path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        for route_method, template, pattern in ROUTES:  # noqa: B007 (template is used after)
            match = pattern.match(parts.path)
            if match and route_method == method:
                break
        else:
            self.violations.append(f"unexpected request {method} {parts.path}")
            return 404, {}, {"message": "Not Found", "documentation_url": "x"}
        if (
            headers.get("authorization") != f"token {self.token}"
            and headers.get("authorization") != f"Bearer {self.token}"
        ):
            return 401, {}, {"message": "Bad credentials", "documentation_url": "x"}
        self.violations += [
            f"{method} {template}: {problem}"
            for problem in self.contract.check_request(template, method, query, body)
        ]
        for fault in self.faults:
            if fault.count > 0 and fault.method == method and fault.template == template:
                fault.count -= 1
                payload = {"message": fault.message, "documentation_url": "https://x"}
                return fault.status, fault.headers, payload
        status, payload = self.serve(method, template, match.groups(), query, body or {})
        extra: dict[str, str] = {}
        if method == "GET" and status == 200 and isinstance(payload, list):
            payload, extra = self.paginate(parts.path, query, payload)
        self.violations += [
            f"{method} {template} -> {status}: {problem}"
            for problem in self.contract.check_response(template, method, status, payload)
        ]
        return status, extra, payload

    def paginate(
        self, path: str, query: dict[str, str], items: list[Any]
    ) -> tuple[list[Any], dict[str, str]]:
        """One page of a list, as GitHub serves it: `per_page` (default 30, at most 100)
        and `page`, with a Link header naming the next and last pages."""
        per_page = min(max(int(query.get("per_page", "30") or 30), 1), 100)
        page = max(int(query.get("page", "1") or 1), 1)
        last = max((len(items) + per_page - 1) // per_page, 1)
        chunk = items[(page - 1) * per_page : page * per_page]
        links = []

        def url(number: int) -> str:
            rest = {k: v for k, v in query.items() if k not in ("page", "per_page")}
            rest.update(per_page=str(per_page), page=str(number))
            return f"{self.base_url}{path}?" + "&".join(f"{k}={v}" for k, v in rest.items())

        if page < last:
            links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        if page > 1:
            links += [f'<{url(1)}>; rel="first"', f'<{url(page - 1)}>; rel="prev"']
        self.pages.append((path, page))
        return chunk, ({"link": ", ".join(links)} if links else {})

    # -------------------------------------------------------- endpoints

    def serve(
        self, method: str, template: str, groups: tuple[str, ...], query: dict, body: dict
    ) -> tuple[int, Any]:
        key = (method, template)
        if key == ("GET", "/repos/{owner}/{repo}/pulls"):
            head = query.get("head", "")
            pulls = [
                p
                for p in self.pulls.values()
                if query.get("state", "open") in (p.state, "all")
                and (not head or head == f"{self.owner}:{p.head}")
            ]
            return 200, [self.pull_json(template, method, 200, p) for p in pulls]
        if key == ("POST", "/repos/{owner}/{repo}/pulls"):
            if any(p.head == body["head"] and p.state == "open" for p in self.pulls.values()):
                return 422, {"message": "A pull request already exists", "documentation_url": "x"}
            number = len(self.pulls) + 1
            pull = Pull(number, body["title"], body.get("body", ""), body["head"], body["base"])
            self.pulls[number] = pull
            return 201, self.pull_json(template, method, 201, pull)
        number = int(groups[2]) if len(groups) > 2 and groups[2].isdigit() else 0
        pull = self.pulls.get(number)
        if key == ("GET", "/repos/{owner}/{repo}/commits/{ref}"):
            payload = self.example(template, method, 200)
            payload["sha"] = groups[2]
            return 200, payload
        if pull is None:
            return 404, {"message": "Not Found", "documentation_url": "x"}
        if key == ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}"):
            return 200, self.pull_json(template, method, 200, pull)
        if key == ("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}"):
            if pull.merged and body.get("state", pull.state) != pull.state:
                return 422, {"message": "Validation Failed", "documentation_url": "x"}
            pull.title = body.get("title", pull.title)
            pull.body = body.get("body", pull.body)
            pull.state = body.get("state", pull.state)
            return 200, self.pull_json(template, method, 200, pull)
        if key == ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files"):
            return 200, [self.file_json(template, method, item) for item in self.diff(pull)]
        if key == ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"):
            return 200, [
                self.review_comment_json(template, method, c) for c in pull.review_comments
            ]
        if key == ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"):
            pull.review_comments += body.get("comments", [])
            payload = self.example(template, method, 200)
            payload.update({"body": body.get("body", ""), "state": "COMMENTED"})
            return 200, payload
        if key == ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments"):
            return 200, [self.issue_comment_json(template, method, c) for c in pull.issue_comments]
        if key == ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"):
            pull.issue_comments.append(body["body"])
            return 201, self.issue_comment_json(template, method, body["body"], 201)
        raise AssertionError(key)

    # -------------------------------------------------------- payloads

    def example(self, template: str, method: str, status: int) -> Any:
        schema = self.contract.response_schema(template, method, status)
        assert schema is not None
        resolved = self.contract.resolve(schema)
        if resolved.get("type") == "array":
            resolved = self.contract.resolve(resolved["items"])
        return copy.deepcopy(self.contract.example(resolved))

    def pull_json(self, template: str, method: str, status: int, pull: Pull) -> dict[str, Any]:
        data = self.example(template, method, status)
        html = f"https://github.test/{self.owner}/{self.repo}/pull/{pull.number}"
        api = f"{self.base_url}/repos/{self.owner}/{self.repo}"
        data.update(
            number=pull.number,
            title=pull.title,
            body=pull.body,
            state=pull.state,
            html_url=html,
            url=f"{api}/pulls/{pull.number}",
            issue_url=f"{api}/issues/{pull.number}",
            comments_url=f"{api}/issues/{pull.number}/comments",
            review_comments_url=f"{api}/pulls/{pull.number}/comments",
            commits_url=f"{api}/pulls/{pull.number}/commits",
            statuses_url=f"{api}/statuses/{self.sha_or_zero(pull.head)}",
        )
        if "merged" in data or pull.merged:
            data["merged"] = pull.merged
        data["merged_at"] = "2026-11-28T00:00:00Z" if pull.merged else None
        for side, branch in (("head", pull.head), ("base", pull.base)):
            data[side].update(
                ref=branch, sha=self.sha_or_zero(branch), label=f"{self.owner}:{branch}"
            )
        return data

    def sha_or_zero(self, branch: str) -> str:
        try:
            return self.sha(branch)
        except subprocess.CalledProcessError:
            return "0" * 40

    def diff(self, pull: Pull) -> list[dict[str, str]]:
        base, head = self.sha(pull.base), self.sha(pull.head)
        merge_base = self.git("merge-base", base, head).strip()
        names = self.git("diff", "--name-status", merge_base, head).splitlines()
        files = []
        for line in names:
            status, name = line.split("\t", 1)
            patch = self.git("diff", "--no-color", "--unified=3", merge_base, head, "--", name)
            hunks = patch[patch.index("@@") :] if "@@" in patch else ""
            kind = {"A": "added", "D": "removed", "M": "modified"}.get(status[0], "modified")
            files.append({"filename": name, "status": kind, "patch": hunks.rstrip("\n")})
        return files

    def file_json(self, template: str, method: str, item: dict[str, str]) -> dict[str, Any]:
        data = self.example(template, method, 200)
        data.update(item)
        return data

    def review_comment_json(self, template: str, method: str, comment: dict) -> dict[str, Any]:
        data = self.example(template, method, 200)
        data.update(path=comment["path"], body=comment["body"], line=comment.get("line"))
        return data

    def issue_comment_json(
        self, template: str, method: str, body: str, status: int = 200
    ) -> dict[str, Any]:
        data = self.example(template, method, status)
        data["body"] = body
        return data


def serve(fake: FakeGitHub) -> tuple[ThreadingHTTPServer, str]:
    """Start the fake on a free loopback port; returns the server and its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            headers = {k.lower(): v for k, v in self.headers.items()}
            with fake.lock:
                status, extra, payload = fake.handle(self.command, self.path, headers, body)
                fake.requests.append((self.command, self.path, status))
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json; charset=utf-8")
            self.send_header("content-length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    fake.base_url = f"http://{host}:{port}"
    return server, fake.base_url
