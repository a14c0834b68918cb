"""Validates STIX 2.1 bundles with the OASIS validator (stix2validator) in strict and interop modes.

stdin: a JSON list of bundle file paths; stdout: {path: {mode: {"valid", "errors": [...], "warnings": n}}}.
"""
import json
import sys

from stix2validator import ValidationOptions, validate_file

MODES = {
    'default': {},
    'strict': {'strict': True},
    'interop': {'interop': True},
}


def main():
    results = {}
    for path in json.load(sys.stdin):
        results[path] = {}
        for mode, flags in MODES.items():
            outcome = validate_file(path, ValidationOptions(version='2.1', **flags))
            errors = []
            warnings = 0
            for result in outcome.object_results:
                errors.extend('%s: %s' % (result.object_id, error.message) for error in result.errors)
                warnings += len(result.warnings)
            errors.extend(str(error) for error in getattr(outcome, 'fatal', None) and [outcome.fatal] or [])
            results[path][mode] = {'valid': bool(outcome.is_valid), 'errors': errors, 'warnings': warnings}
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
