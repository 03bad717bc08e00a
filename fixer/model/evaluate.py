"""The evaluator: what an expression is worth in a module, for an environment, or UNKNOWN.

Values are Python values: str, int/float, bool, None, lists (tuples and sets, sets
sorted), dicts (maps and objects). Containers may hold UNKNOWN parts. The evaluator
never guesses: references to resources, data sources, `count`/`each`, `path`, heredocs,
template directives, functions it does not implement, and Terraform errors are UNKNOWN.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fixer.model.conversion import (
    EvalError,
    convert,
    normalize_number,
    same,
    to_bool,
    to_number,
    to_string,
)
from fixer.model.functions import FUNCTIONS, PARTIAL
from fixer.model.module import Module, ModuleCall
from fixer.model.unknown import UNKNOWN, is_known
from fixer.syntax.cst import (
    BinaryOp,
    Conditional,
    Expression,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
    LegacyIndex,
    LiteralValue,
    Object,
    Parens,
    Splat,
    Step,
    Template,
    TemplateInterpolation,
    TemplateLiteral,
    Traversal,
    Tuple,
    UnaryOp,
    Variable,
)
from fixer.syntax.values import literal_value, unescape_quoted

if TYPE_CHECKING:
    from fixer.model.environments import Environment
    from fixer.model.project import Project

MAX_CALL_DEPTH = 32
Scope = dict[str, object]
_MISSING = object()


@dataclass(frozen=True)
class Frame:
    """Where an expression is evaluated: a module, an environment, and the module call
    that instantiates the module (None: every call of it in that environment at once),
    with the caller's frame as `parent`."""

    module: Module
    env: Environment | None
    call: ModuleCall | None = None
    parent: Frame | None = None
    depth: int = 0


class Evaluator:
    """Evaluates expressions of one project; memoizes variables, locals and outputs."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._memo: dict[tuple[Frame, str, str], object] = {}
        self._active: set[tuple[Frame, str, str]] = set()

    # ------------------------------------------------------------ entry points

    def evaluate(self, module: Module, expr: Expression, env: Environment | None) -> object:
        """The value of `expr` in `module` for `env`, or UNKNOWN."""
        if env is not None and env not in self.project.environments_for(module):
            env = None
        return self.safe(Frame(module, env), expr)

    def safe(self, frame: Frame | None, expr: Expression, scope: Scope | None = None) -> object:
        try:
            return self.eval(frame, expr, scope or {})
        except (EvalError, RecursionError, ArithmeticError):
            return UNKNOWN

    # ------------------------------------------------------------ named values

    def _named(self, frame: Frame, kind: str, name: str, compute: Callable[[], object]) -> object:
        key = (frame, kind, name)
        if key in self._memo:
            return self._memo[key]
        if key in self._active or frame.depth > MAX_CALL_DEPTH:
            return UNKNOWN
        self._active.add(key)
        try:
            value = compute()
        except (EvalError, RecursionError, ArithmeticError):
            value = UNKNOWN
        finally:
            self._active.discard(key)
        self._memo[key] = value
        return value

    def variable(self, frame: Frame, name: str) -> object:
        """`var.name` in a frame."""
        return self._named(frame, "var", name, lambda: self._variable(frame, name))

    def _variable(self, frame: Frame, name: str) -> object:
        declared = frame.module.variables.get(name)
        if declared is None:
            return UNKNOWN
        given: object = _MISSING
        if frame.call is not None:
            attr = frame.call.arguments.get(name)
            if attr is not None:
                given = self.eval(frame.parent, attr.expr, {})
        elif frame.env is not None and frame.env.module is frame.module:
            assignment = frame.env.assignments.get(name)
            if assignment is not None:
                given = self.eval(None, assignment[1].expr, {})
        else:
            sites = self.project.call_sites(frame.module, frame.env)
            if sites:
                values = [self.variable(self._call_frame(site, frame.env), name) for site in sites]
                first = values[0]
                if all(is_known(v) and same(v, first) for v in values):
                    return first
                return UNKNOWN
        if given is _MISSING or (given is None and not declared.nullable):
            if declared.default is None:
                return UNKNOWN  # required: set by -var, TF_VAR_ or a prompt we cannot see
            given = self.eval(None, declared.default, {})
        return convert(given, declared.type)

    def _call_frame(self, call: ModuleCall, env: Environment | None) -> Frame:
        assert call.child is not None
        parent = Frame(call.caller, env)
        return Frame(call.child, env, call, parent, 1)

    def local(self, frame: Frame, name: str) -> object:
        """`local.name` in a frame."""
        found = frame.module.locals.get(name)
        if found is None:
            return UNKNOWN
        return self._named(frame, "local", name, lambda: self.eval(frame, found.expr, {}))

    def output(self, frame: Frame, call_name: str, name: str) -> object:
        """`module.call_name.name`: the child's output, evaluated for this call."""
        call = frame.module.module_calls.get(call_name)
        if (
            call is None
            or call.child is None
            or call.count is not None
            or call.for_each is not None
        ):
            return UNKNOWN
        output = call.child.outputs.get(name)
        if output is None or output.value is None:
            return UNKNOWN
        child = Frame(call.child, frame.env, call, frame, frame.depth + 1)
        expr = output.value
        return self._named(child, "output", name, lambda: self.eval(child, expr, {}))

    # ------------------------------------------------------------ expressions

    def eval(self, frame: Frame | None, expr: Expression, scope: Scope) -> object:
        """The value of an expression; raises EvalError where Terraform would fail."""
        method = _DISPATCH.get(type(expr))
        if method is None:
            return UNKNOWN
        return method(self, frame, expr, scope)

    def _literal(self, frame: Frame | None, expr: LiteralValue, scope: Scope) -> object:
        return literal_value(expr)

    def _parens(self, frame: Frame | None, expr: Parens, scope: Scope) -> object:
        return self.eval(frame, expr.expr, scope)

    def _template(self, frame: Frame | None, expr: Template, scope: Scope) -> object:
        if expr.heredoc:
            return UNKNOWN  # `<<-` indentation is not visible in the tree
        parts = expr.parts
        if len(parts) == 1 and isinstance(parts[0], TemplateInterpolation):
            return self.eval(frame, parts[0].expr, scope)
        out: list[str] = []
        unknown = False
        for part in parts:
            if isinstance(part, TemplateLiteral):
                out.append(unescape_quoted("".join(tok.text for tok in part.tokens)))
            elif isinstance(part, TemplateInterpolation):
                value = self.eval(frame, part.expr, scope)
                if value is UNKNOWN:
                    unknown = True
                elif value is None or isinstance(value, list | dict):
                    raise EvalError("template interpolation of a null or collection")
                else:
                    out.append(to_string(value))
            else:
                return UNKNOWN  # %{ if } / %{ for } directives
        return UNKNOWN if unknown else "".join(out)

    def _tuple(self, frame: Frame | None, expr: Tuple, scope: Scope) -> object:
        return [self.eval(frame, item, scope) for item in expr.items]

    def _object(self, frame: Frame | None, expr: Object, scope: Scope) -> object:
        result: dict[str, object] = {}
        unknown_key = False
        for item in expr.items:
            key: object = item.key_name
            if key is None:
                key = self.eval(frame, item.key, scope)
            value = self.eval(frame, item.value, scope)
            if key is UNKNOWN:
                unknown_key = True
                continue
            result[to_string(key)] = value
        return UNKNOWN if unknown_key else result

    def _conditional(self, frame: Frame | None, expr: Conditional, scope: Scope) -> object:
        condition = self.eval(frame, expr.condition, scope)
        if condition is not UNKNOWN:
            if condition is None:
                raise EvalError("null condition")
            chosen, other = (
                (expr.true_expr, expr.false_expr)
                if to_bool(condition)
                else (expr.false_expr, expr.true_expr)
            )
            value = self.eval(frame, chosen, scope)
            return _unify(value, self.safe(frame, other, scope))
        yes = self.eval(frame, expr.true_expr, scope)
        no = self.eval(frame, expr.false_expr, scope)
        return yes if is_known(yes) and is_known(no) and same(yes, no) else UNKNOWN

    def _unary(self, frame: Frame | None, expr: UnaryOp, scope: Scope) -> object:
        value = self.eval(frame, expr.operand, scope)
        if value is UNKNOWN:
            return UNKNOWN
        if expr.operator.text == "!":
            return not to_bool(value)
        return normalize_number(-to_number(value))

    def _binary(self, frame: Frame | None, expr: BinaryOp, scope: Scope) -> object:
        op = expr.operator.text
        left = self.eval(frame, expr.left, scope)
        if op in ("&&", "||"):
            try:
                right = self.eval(frame, expr.right, scope)
            except EvalError:
                # Whether Terraform short-circuits past an error depends on its version.
                if left is not UNKNOWN and to_bool(left) is (op == "||"):
                    return UNKNOWN
                raise
            return _logical(op, left, right)
        right = self.eval(frame, expr.right, scope)
        if not (is_known(left) and is_known(right)):
            return UNKNOWN
        if op == "==":
            return same(left, right)
        if op == "!=":
            return not same(left, right)
        a, b = to_number(left), to_number(right)
        return _arithmetic(op, a, b)

    def _function(self, frame: Frame | None, expr: FunctionCall, scope: Scope) -> object:
        name = expr.name
        if name == "try":
            return self._try(frame, expr, scope)
        if name == "can":
            return self._can(frame, expr, scope)
        function = FUNCTIONS.get(name)
        if function is None:
            return UNKNOWN
        args = [self.eval(frame, arg, scope) for arg in expr.args]
        if expr.expand and args:
            if not is_known(args[-1]) or not isinstance(args[-1], list):
                return UNKNOWN
            args = args[:-1] + list(args[-1])
        if name not in PARTIAL and not all(is_known(arg) for arg in args):
            return UNKNOWN
        return function(args)

    def _try(self, frame: Frame | None, expr: FunctionCall, scope: Scope) -> object:
        for arg in expr.args:
            try:
                value = self.eval(frame, arg, scope)
            except EvalError:
                continue
            return value if is_known(value) else UNKNOWN
        return UNKNOWN

    def _can(self, frame: Frame | None, expr: FunctionCall, scope: Scope) -> object:
        if len(expr.args) != 1:
            return UNKNOWN
        try:
            value = self.eval(frame, expr.args[0], scope)
        except EvalError:
            return False
        return True if is_known(value) else UNKNOWN

    def _for(self, frame: Frame | None, expr: ForExpr, scope: Scope) -> object:
        collection = self.eval(frame, expr.collection, scope)
        if collection is UNKNOWN:
            return UNKNOWN
        if isinstance(collection, dict):
            pairs: list[tuple[object, object]] = sorted(collection.items())
        elif isinstance(collection, list):
            pairs = list(enumerate(collection))
        else:
            raise EvalError("for expression over a value that is not a collection")
        items: list[object] = []
        entries: dict[str, object] = {}
        for key, value in pairs:
            inner = dict(scope)
            inner[expr.value_var.text] = value
            if expr.key_var is not None:
                inner[expr.key_var.text] = key
            if expr.condition is not None:
                keep = self.eval(frame, expr.condition, inner)
                if keep is UNKNOWN:
                    return UNKNOWN
                if not to_bool(keep):
                    continue
            result = self.eval(frame, expr.value_expr, inner)
            if not expr.is_object:
                items.append(result)
                continue
            assert expr.key_expr is not None
            new_key = self.eval(frame, expr.key_expr, inner)
            if new_key is UNKNOWN:
                return UNKNOWN
            text = to_string(new_key)
            if expr.grouping:
                group = entries.setdefault(text, [])
                assert isinstance(group, list)
                group.append(result)
            elif text in entries:
                raise EvalError(f"duplicate key {text!r} in for expression")
            else:
                entries[text] = result
        return entries if expr.is_object else items

    def _variable_expr(self, frame: Frame | None, expr: Variable, scope: Scope) -> object:
        return scope.get(expr.name.text, UNKNOWN)

    def _traversal(self, frame: Frame | None, expr: Traversal, scope: Scope) -> object:
        steps = list(expr.steps)
        source = expr.source
        if isinstance(source, Variable) and source.name.text not in scope:
            value, steps = self._root(frame, source.name.text, steps)
        else:
            value = self.eval(frame, source, scope)
        return self._steps(frame, value, steps, scope)

    def _root(self, frame: Frame | None, root: str, steps: list[Step]) -> tuple[object, list[Step]]:
        """The value named by `root` and its leading steps, and the steps left to apply."""
        names = []
        for step in steps[:2]:
            if not isinstance(step, GetAttr):
                break
            names.append(step.name.text)
        if frame is None or not names:
            return UNKNOWN, []
        if root == "var":
            return self.variable(frame, names[0]), steps[1:]
        if root == "local":
            return self.local(frame, names[0]), steps[1:]
        if root == "terraform" and names[0] == "workspace":
            return self.project.workspace(frame.env), steps[1:]
        if root == "module" and len(names) == 2:
            return self.output(frame, names[0], names[1]), steps[2:]
        return UNKNOWN, []

    def _steps(self, frame: Frame | None, value: object, steps: list[Step], scope: Scope) -> object:
        for i, step in enumerate(steps):
            if value is UNKNOWN:
                return UNKNOWN
            if isinstance(step, Splat):
                return self._splat(frame, value, step, steps[i + 1 :], scope)
            if isinstance(step, GetAttr):
                value = _get(value, step.name.text)
            elif isinstance(step, LegacyIndex):
                value = _get(value, int(step.number.text))
            elif isinstance(step, Index):
                key = self.eval(frame, step.key, scope)
                if not is_known(key):
                    return UNKNOWN
                value = _get(value, key)
        return value

    def _splat(
        self, frame: Frame | None, value: object, splat: Splat, rest: list[Step], scope: Scope
    ) -> object:
        if value is None:
            items: list[object] = []
        elif isinstance(value, list):
            items = value
        else:
            items = [value]
        if splat.full:
            return [self._steps(frame, item, rest, scope) for item in items]
        attrs = 0
        while attrs < len(rest) and isinstance(rest[attrs], GetAttr):
            attrs += 1
        mapped = [self._steps(frame, item, rest[:attrs], scope) for item in items]
        return self._steps(frame, mapped, rest[attrs:], scope)


def _unify(value: object, other: object) -> object:
    """A conditional's result: a primitive becomes a string when the other branch is one."""
    if isinstance(other, str) and not isinstance(value, str | list | dict) and value is not None:
        return to_string(value)
    return value


def _get(value: object, key: object) -> object:
    """`value[key]` or `value.key`; EvalError when Terraform would fail."""
    if isinstance(value, dict):
        text = to_string(key)
        if text not in value:
            raise EvalError(f"no attribute or key {text!r}")
        return value[text]
    if isinstance(value, list):
        index = to_number(key)
        if not float(index).is_integer() or not 0 <= index < len(value):
            raise EvalError(f"index {key!r} out of range")
        return value[int(index)]
    raise EvalError(f"cannot index a {type(value).__name__}")


def _logical(op: str, left: object, right: object) -> object:
    known = [to_bool(v) for v in (left, right) if v is not UNKNOWN]
    if op == "&&":
        if False in known:
            return False
        return True if len(known) == 2 else UNKNOWN
    if True in known:
        return True
    return False if len(known) == 2 else UNKNOWN


def _arithmetic(op: str, a: int | float, b: int | float) -> object:
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    if op == ">=":
        return a >= b
    if op == "+":
        return normalize_number(a + b)
    if op == "-":
        return normalize_number(a - b)
    if op == "*":
        return normalize_number(a * b)
    if b == 0:
        raise EvalError("division by zero")
    if op == "/":
        return normalize_number(a / b)
    if op == "%":
        return normalize_number(math.fmod(a, b))
    raise EvalError(f"unknown operator {op}")


_DISPATCH: dict[type, Callable[..., object]] = {
    LiteralValue: Evaluator._literal,
    Parens: Evaluator._parens,
    Template: Evaluator._template,
    Tuple: Evaluator._tuple,
    Object: Evaluator._object,
    Conditional: Evaluator._conditional,
    UnaryOp: Evaluator._unary,
    BinaryOp: Evaluator._binary,
    FunctionCall: Evaluator._function,
    ForExpr: Evaluator._for,
    Variable: Evaluator._variable_expr,
    Traversal: Evaluator._traversal,
}
