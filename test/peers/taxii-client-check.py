"""Drives a TAXII 2.1 server with the OASIS taxii2-client: every endpoint and auth scheme.

stdin: {"discovery": URL, "reader": {"name", "token"}, "writer": {"name", "token"}, "objects": [...],
        "bad": {...}, "large": [...]}
stdout: a JSON list of {"operation", "ok", "detail"} rows.
"""
import json
import sys
import traceback

import requests
from taxii2client.common import TokenAuth
from taxii2client.v21 import ApiRoot, Server, as_pages


class BearerAuth(requests.auth.AuthBase):
    def __init__(self, token):
        self.token = token

    def __call__(self, request):
        request.headers['Authorization'] = 'Bearer ' + self.token
        return request


rows = []


def check(operation, function):
    try:
        detail = function()
        rows.append({'operation': operation, 'ok': True, 'detail': detail if isinstance(detail, str) else json.dumps(detail)[:300]})
    except Exception as problem:  # every failure is a row, never a crash
        rows.append({'operation': operation, 'ok': False, 'detail': '%s: %s' % (type(problem).__name__, str(problem)[:300])})


def expect_status(code, function):
    def run():
        try:
            function()
        except requests.exceptions.HTTPError as problem:
            if problem.response is not None and problem.response.status_code == code:
                return 'answered %d as expected' % code
            raise
        raise AssertionError('expected HTTP %d, the call succeeded' % code)
    return run


def main():
    given = json.load(sys.stdin)
    url = given['discovery']
    reader, writer = given['reader'], given['writer']
    schemes = {
        'Bearer': {'auth': BearerAuth(reader['token'])},
        'Token': {'auth': TokenAuth(reader['token'])},
        'Basic': {'user': reader['name'], 'password': reader['token']},
    }
    for scheme, credentials in schemes.items():
        check('discovery, %s' % scheme, lambda credentials=credentials: (lambda server: {'title': server.title, 'api_roots': [root.url for root in server.api_roots]})(Server(url, **credentials)))
    check('discovery, no credentials (401)', expect_status(401, lambda: Server(url).title))
    check('discovery, wrong token (401)', expect_status(401, lambda: Server(url, auth=TokenAuth('vgl_000000000000_' + '0' * 64)).title))
    check('discovery, Basic with another user name (401)', expect_status(401, lambda: Server(url, user='somebody-else', password=reader['token']).title))

    server = Server(url, auth=TokenAuth(reader['token']))
    root_url = server.default.url
    write_root = ApiRoot(root_url, user=writer['name'], password=writer['token'])
    read_root = ApiRoot(root_url, auth=BearerAuth(reader['token']))

    def api_root():
        read_root.refresh_information()
        assert 'application/taxii+json;version=2.1' in read_root.versions, read_root.versions
        return {'title': read_root.title, 'versions': read_root.versions, 'max_content_length': read_root.max_content_length}
    check('API root information', api_root)
    check('collections', lambda: [(collection.id, collection.can_read, collection.can_write) for collection in read_root.collections])

    def collection_of(root, collection_id):
        return next(collection for collection in root.collections if collection.id == collection_id)
    target = given['collection']
    check('collection', lambda: (lambda collection: (collection.refresh(), {'id': collection.id, 'media_types': collection.media_types})[1])(collection_of(read_root, target)))

    objects = given['objects']
    status_box = {}

    def add_objects():
        collection = collection_of(write_root, target)
        status = collection.add_objects({'objects': objects + [given['bad']]}, wait_for_completion=False)
        status_box['status'] = status
        assert status.total_count == len(objects) + 1, status.total_count
        assert status.success_count == len(objects), status.success_count
        assert status.failure_count == 1, status.failure_count
        return {'status': status.status, 'total': status.total_count, 'success': status.success_count, 'failure': status.failure_count, 'failure_message': status.failures[0].get('message')}
    check('add_objects (Basic, writer) with one invalid object', add_objects)

    def get_status():
        status = write_root.get_status(status_box['status'].id)
        assert status.success_count == len(objects)
        return {'status': status.status, 'success': status.success_count, 'failure': status.failure_count}
    check('get_status', get_status)

    def large():
        collection = collection_of(write_root, target)
        body = json.dumps({'objects': given['large']})
        status = collection.add_objects(body, wait_for_completion=False)
        assert status.success_count == len(given['large']), (status.success_count, status.failures[:1])
        return {'bytes': len(body.encode()), 'success': status.success_count}
    check('add_objects of a body over 256 KiB and under max_content_length', large)
    check('add_objects with reader credentials (403)', expect_status(403, lambda: collection_of(ApiRoot(root_url, auth=TokenAuth(reader['token'])), target)._conn.post(collection_of(read_root, target).objects_url, headers={'Accept': 'application/taxii+json;version=2.1', 'Content-Type': 'application/taxii+json;version=2.1'}, data=b'{"objects": []}')))

    reading = collection_of(read_root, target)
    posted_ids = [item['id'] for item in objects]

    def get_objects():
        envelope = reading.get_objects()
        got = {item['id']: item for item in envelope.get('objects', [])}
        missing = [item for item in posted_ids if item not in got]
        assert not missing, missing
        latest = {item['id']: item for item in objects}  # a later version of an id replaces the earlier one
        altered = [key for key, item in latest.items() if got[key] != item]
        assert not altered, 'served altered: %s' % altered
        return {'objects': len(got), 'more': envelope.get('more'), 'as_received': True}
    check('get_objects (objects served exactly as posted)', get_objects)

    def pages():
        seen = []
        count = 0
        for envelope in as_pages(reading.get_objects, per_request=3):
            count += 1
            seen.extend(item['id'] for item in envelope.get('objects', []))
        assert len(seen) == len(set(seen)), 'a page repeated objects'
        assert all(item in seen for item in posted_ids)
        return {'pages': count, 'objects': len(seen)}
    check('get_objects paged with limit/next (as_pages, 3 per request)', pages)

    def added_after():
        first = reading.get_objects(limit=1)
        # the server's X-TAXII-Date-Added-Last cannot be read through get_objects; use the manifest
        dates = sorted(entry['date_added'] for page in as_pages(reading.get_manifest, per_request=100) for entry in page.get('objects', []))
        later = reading.get_objects(added_after=dates[-2])
        assert len(later.get('objects', [])) == 1, json.dumps(later.get('objects'))[:300]
        return {'after': dates[-2], 'objects': len(later['objects']), 'first_page': len(first.get('objects', []))}
    check('get_objects added_after', added_after)

    def match_type():
        envelope = reading.get_objects(type='indicator')
        assert envelope.get('objects') and all(item['type'] == 'indicator' for item in envelope['objects'])
        none = reading.get_objects(type='malware-analysis')
        assert not none.get('objects')
        return {'indicators': len(envelope['objects'])}
    check('get_objects match[type]', match_type)
    check('get_objects match[id] and match[spec_version]', lambda: (lambda envelope: len(envelope['objects']))(reading.get_objects(id=posted_ids[0], spec_version='2.1')))

    def get_object():
        envelope = reading.get_object(posted_ids[0])
        assert envelope['objects'][0] == objects[0]
        return {'id': posted_ids[0]}
    check('get_object', get_object)

    def versions():
        envelope = reading.object_versions(given['versioned'])
        assert len(envelope['versions']) == 2, envelope['versions']
        return envelope['versions']
    check('object_versions', versions)
    check('get_object match[version]=first', lambda: (lambda envelope: envelope['objects'][0]['modified'])(reading.get_object(given['versioned'], version='first')))

    def manifest():
        envelope = reading.get_manifest(limit=2)
        assert len(envelope['objects']) == 2 and envelope['more'] is True, envelope
        assert all(entry['media_type'] == 'application/stix+json;version=2.1' for entry in envelope['objects'])
        return envelope['objects'][0]
    check('get_manifest (limit 2)', manifest)

    def delete():
        collection = collection_of(write_root, target)
        collection.delete_object(posted_ids[-1])
        try:
            reading.get_object(posted_ids[-1])
        except requests.exceptions.HTTPError as problem:
            if problem.response.status_code == 404:
                return 'deleted, then 404'
        raise AssertionError('still served after delete')
    check('delete_object (writer), then get_object (404)', delete)
    check('get_object unknown (404)', expect_status(404, lambda: reading.get_object('indicator--00000000-0000-4000-8000-000000000000')))
    check('get_status unknown (404)', expect_status(404, lambda: read_root.get_status('no-such-status')))
    json.dump(rows, sys.stdout)


if __name__ == '__main__':
    try:
        main()
    except Exception:
        rows.append({'operation': 'script', 'ok': False, 'detail': traceback.format_exc()[-600:]})
        json.dump(rows, sys.stdout)
