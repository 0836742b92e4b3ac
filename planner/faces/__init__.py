"""The faces: the Python API (api), the command line (cli) and the HTTP
service (service).  Thin: each reads its input, asks the layers below and
renders the answer.

Layer 10 of the planner. May import: every layer below it.
"""

__all__: list[str] = []
