"""YAML parsing that a hostile file cannot turn into a hang or a traceback.

``yaml.safe_load`` already builds no objects but plain data, yet two things
still get through it:

- An alias bomb (``a: &a [x, x]``, ``b: &b [*a, *a]``, nine levels of nine):
  PyYAML shares the repeated node, so parsing is quick, but everything that
  walks the data afterwards (``extends``, ``remove``, the models) sees
  billions of values.  The loader measures the document as if every alias
  were written out and refuses it beyond a small budget, wherever the
  aliases sit (``extends``, ``remove``, anywhere).
- An impossible date written without quotes (``2027-02-31``): YAML calls it
  a timestamp and PyYAML's ``datetime.date`` raises ``ValueError``.  It is
  kept as the text written, so the model's own validation refuses it naming
  the field, exactly as it does the quoted form.
- A whole number of more than 4300 digits: Python's ``int()`` refuses it
  (``sys.int_info.str_digits_check_threshold``, a guard against quadratic
  conversion) with a ``ValueError`` that escaped as an internal error (a
  hexadecimal one parses, then fails wherever a message shows it).  It
  is kept as the text written too, and the model refuses it by name.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["MAX_EXPANDED_NODES", "AliasBudgetError", "safe_load"]

# A rulebook or scenario is a few hundred values; a hundred thousand, every
# alias written out, is far beyond any honest file and still quick to walk.
MAX_EXPANDED_NODES = 100_000
# libyaml parses about five times faster than pure Python; a 1 MB file of
# rules must not take ten seconds to refuse.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AliasBudgetError(yaml.YAMLError):
    """The document expands to more values than allowed, or contains itself."""

    def __init__(self, problem: str, mark: Any = None):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):  # 2027-02-31: left as written, for the model to refuse by name
            return self.construct_scalar(node)


    def construct_yaml_int(self, node: Any) -> Any:
        try:
            value = super().construct_yaml_int(node)
            # 0x... and 0o... parse past the limit, but then cannot be written in decimal: every
            # message that shows the value (repr) raised ValueError in turn.
            str(value)
            return value
        except ValueError:  # more than 4300 digits: left as written, for the model to refuse by name
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def _check_expanded_size(root: yaml.Node) -> None:
    """Refuse a document whose nodes, each alias written out, exceed the budget.

    Sizes are memoised per node, so a shared node is measured once however
    often it is referred to: the check costs the document's real size."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # entered, children not yet measured: met again, it contains itself
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done or not children:
            total = 1 + sum(sizes[id(child)] for child in children)
            if total > MAX_EXPANDED_NODES:
                raise AliasBudgetError(
                    f"aliases expand to more than {MAX_EXPANDED_NODES} values", node.start_mark)
            sizes[id(node)] = total
            open_nodes.discard(id(node))
            continue
        if id(node) in open_nodes:
            raise AliasBudgetError("an alias refers to the node that contains it", node.start_mark)
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)`` within the expansion budget, impossible dates kept as text.

    The document is composed into nodes (aliases are shared nodes there, so
    this is cheap), measured, and only then built into Python data."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expanded_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()
