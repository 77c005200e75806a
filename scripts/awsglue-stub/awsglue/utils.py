"""getResolvedOptions as Glue's: `--name value` pairs of argv, for the names asked."""


def getResolvedOptions(argv, names):  # noqa: N802 (Glue's name)
    found = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--") and i + 1 < len(argv):
            found[arg[2:]] = argv[i + 1]
            i += 2
        else:
            i += 1
    missing = [n for n in names if n not in found]
    if missing:
        raise SystemExit("awsglue stub: missing job arguments " + ", ".join(missing))
    return {n: found[n] for n in names}
