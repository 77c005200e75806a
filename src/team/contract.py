"""Checks a team's Glue job script against the contract with sparkgen's generated runtime.

    python contract.py SCRIPT RUNTIME_MODULE JOB ARGUMENT...

Reads SCRIPT with Python's own parser and prints a JSON list of problems, each
{"line", "column", "end_line", "end_column", "message", "hint"} (1-based line, 0-based UTF-8
byte columns, as the ast gives them). JOB names the Glue job that runs the script, and
ARGUMENT... are the job arguments it is given, without their leading "--". Runs on Python 3.7 and later.
"""
import ast
import json
import sys


def problem(node, message, hint=None, line=None, width=None):
    """A problem at `node` (its whole extent), or `width` bytes from its start, or at the start
    of `line`."""
    if line is not None:
        column, end_line, end_column = 0, line, 1
    else:
        line = getattr(node, "lineno", 1)
        column = getattr(node, "col_offset", 0)
        if width is not None:
            end_line, end_column = line, column + width
        else:
            end_line = getattr(node, "end_lineno", None) or line
            end_column = getattr(node, "end_col_offset", None) or column + 1
    return {
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "message": message,
        "hint": hint,
    }


def def_width(node):
    """The width of `def name` (or `async def name`), where a function's problem is shown."""
    keyword = "async def " if isinstance(node, ast.AsyncFunctionDef) else "def "
    return len(keyword) + len(node.name)


def literal_strings(node):
    """The strings of a list or tuple literal, with their nodes; None when it is not one."""
    if not isinstance(node, (ast.List, ast.Tuple)):
        return None
    out = []
    for element in node.elts:
        value = getattr(element, "value", getattr(element, "s", None))
        if not isinstance(value, str):
            return None
        out.append((value, element))
    return out


def check(text, path, runtime, job, arguments):
    try:
        tree = ast.parse(text, path)
    except SyntaxError as e:
        line = e.lineno or 1
        column = max((e.offset or 1) - 1, 0)
        return [{
            "line": line, "column": column, "end_line": line, "end_column": column + 1,
            "message": "Python cannot parse the script: " + (e.msg or "syntax error"),
            "hint": None,
        }]
    problems = []
    transform = None
    main_names = set()
    runtime_names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "transform":
            transform = node
        elif isinstance(node, ast.AsyncFunctionDef) and node.name == "transform":
            transform = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "transform" for t in targets):
                transform = node
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if (alias.asname or alias.name) == "transform":
                    transform = node
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == runtime:
                    runtime_names.add(alias.asname or alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module == runtime and node.level == 0:
            for alias in node.names:
                if alias.name == "main":
                    main_names.add(alias.asname or "main")

    if transform is None:
        problems.append(problem(
            None,
            "the script defines no top-level `transform`, which the runtime calls",
            "define `def transform(df):` returning the DataFrame to write",
            line=1,
        ))
    elif isinstance(transform, ast.AsyncFunctionDef):
        problems.append(problem(
            transform, "`transform` is `async def`; the runtime calls it as a plain function",
            width=def_width(transform)))
    elif isinstance(transform, ast.FunctionDef):
        args = transform.args
        positional = list(getattr(args, "posonlyargs", [])) + list(args.args)
        required = len(positional) - len(args.defaults)
        required_keywords = [
            a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None
        ]
        if (required > 1 or (not positional and args.vararg is None) or required_keywords):
            problems.append(problem(
                transform,
                "`transform` must take one DataFrame, as `transform(df)`; it takes ({})".format(
                    ", ".join(a.arg for a in positional + list(args.kwonlyargs))),
                "the runtime calls `transform(df)` with the source as its only argument",
                width=def_width(transform),
            ))

    hands_over = False
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        is_main = (
            isinstance(func, ast.Attribute)
            and func.attr == "main"
            and isinstance(func.value, ast.Name)
            and func.value.id in runtime_names
        ) or (isinstance(func, ast.Name) and func.id in main_names)
        if is_main:
            hands_over = True
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name == "getResolvedOptions" and len(node.args) >= 2:
            for value, element in literal_strings(node.args[1]) or []:
                if value not in arguments:
                    problems.append(problem(
                        element,
                        "the script reads the job argument `--{}`, which job `{}` is not given"
                        .format(value, job),
                        "add `--{}` to the job's `defaultArguments` in the spec".format(value),
                    ))
    if not hands_over:
        last = tree.body[-1] if tree.body else tree
        problems.append(problem(
            None,
            "the script never calls `{}.main(transform)`, so the job would read and write "
            "nothing".format(runtime),
            "end the script with `if __name__ == \"__main__\":`, `import {0}` and "
            "`{0}.main(transform)`".format(runtime),
            line=getattr(last, "lineno", 1),
        ))
    return problems


def main(argv):
    path, runtime, job, arguments = argv[1], argv[2], argv[3], set(argv[4:])
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        print(json.dumps([{
            "line": 1, "column": 0, "end_line": 1, "end_column": 1,
            "message": "the script is not UTF-8 text: " + str(e), "hint": None,
        }]))
        return
    print(json.dumps(check(text, path, runtime, job, arguments)))


if __name__ == "__main__":
    main(sys.argv)
