"""Judges STIX 2.1 patterns with the OASIS pattern validator (stix2patterns).

stdin: a JSON array of pattern strings; stdout: a JSON array of {"valid": bool, "errors": [str]}.
Also, with the argument `corpus`, prints the patterns of the validator's own test files (a JSON array).
"""
import ast
import json
import os
import sys


def corpus(root):
    tests = os.path.join(root, 'stix2patterns', 'test', 'v21')
    patterns = []
    with open(os.path.join(tests, 'spec_examples.txt')) as handle:
        patterns.extend(line.strip() for line in handle if line.strip())
    for name in ('test_validator.py', 'test_inspector.py'):
        with open(os.path.join(tests, name)) as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith('CASES') for t in node.targets):
                for item in ast.walk(node.value):
                    if isinstance(item, ast.Constant) and isinstance(item.value, str) and not item.value.startswith('FAIL'):
                        patterns.append(item.value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()[:1] in '[(':
                patterns.append(node.value)
    return sorted(set(patterns))


def main():
    sys.setrecursionlimit(20000)
    if len(sys.argv) > 1 and sys.argv[1] == 'corpus':
        json.dump(corpus(sys.argv[2]), sys.stdout)
        return
    from stix2patterns.validator import validate
    results = []
    for pattern in json.load(sys.stdin):
        try:
            valid, errors = validate(pattern, stix_version='2.1', ret_errs=True, print_errs=False)
            results.append({'valid': bool(valid), 'errors': [str(error) for error in errors]})
        except Exception as problem:  # the validator crashing on an input counts as rejecting it
            results.append({'valid': False, 'errors': ['%s: %s' % (type(problem).__name__, problem)]})
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
